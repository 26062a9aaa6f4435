"""The faster demo generator (issue 18, item 6) writes what the generator before it wrote
for the same seed: every row of every table, search keys and vocabulary included, but
the database's own random id and the moments of writing (DATETIME columns; a case's last change is compared as its
distance from its creation, which the seed draws). The old code is kept in
legacy_demo.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from casemanager.services import demo
from casemanager.store.database import open_database
from tests.core import legacy_demo as legacy


def _content(db) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    with db.engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name != 'alembic_version' ORDER BY name")).scalars().all()
        for table in tables:
            columns = conn.execute(text(f"SELECT name, type FROM pragma_table_info('{table}')")
                                   ).fetchall()
            kept = [name for name, type_ in columns if type_ != "DATETIME"]
            names = ", ".join(f'"{c}"' for c in kept)
            order = ", ".join(str(i + 1) for i in range(len(kept)))
            sql = f'SELECT {names} FROM "{table}" ORDER BY {order}'
            out[table] = [tuple(row) for row in conn.execute(text(sql))
                          if table != "settings" or row[0] != "database_id"]  # each its own
        out["schema"] = sorted(conn.execute(text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master")).fetchall())
        out["cases: updated before created"] = [
            (row.id, dt.datetime.fromisoformat(row.created_at)
             - dt.datetime.fromisoformat(row.updated_at))
            for row in conn.execute(text("SELECT id, created_at, updated_at FROM cases"))]
    return out


@pytest.mark.parametrize("runs", [((400, 9), (50, 10)), ((150, 3),)])
def test_the_same_seed_gives_the_same_database(tmp_path, monkeypatch, runs):
    # Small batches, and indexes set aside from the first demo's second batch on (the
    # second demo, adding fewer cases than there are, keeps them): both ways are held.
    monkeypatch.setattr(demo, "BATCH", 100)
    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 0)
    contents = []
    for name, module in (("old", legacy), ("new", demo)):
        db = open_database(str(tmp_path / f"{name}.db"), create=True)
        try:
            for cases, seed in runs:
                assert module.generate(db, cases=cases, seed=seed) == cases
            contents.append(_content(db))
            with db.engine.connect() as conn:  # the pooled connection's settings given back
                assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # memory
                assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        finally:
            db.dispose()
    old, new = contents
    assert old.keys() == new.keys()
    for table in old:
        assert new[table] == old[table], table
    assert len(new["cases"]) == sum(cases for cases, _ in runs)

    assert len(new["name_keys"]) > len(new["cases"]) * 5
    assert len(new["appeals"]) > 0 and len(new["tasks"]) > 0


@pytest.mark.parametrize("reference", ["CM-0001", "Karimov", "Ergashev-1"])
def test_the_demo_keys_are_those_case_keys_gives(reference):
    # A reference whose key is also a name's (no demo case has one) takes the slow way.
    from casemanager.store.search_index import case_keys, name_initials, row_initials

    names = ("Karimov", "Rustam", "Ergashevich", "Каримов Рустам Эргашевич",
             "Karimov Rustam Ergashevich")
    aliases = ["Karimow Rustam", "Rustam Karimov"]
    places = ("Storm-Z", "Ош", "Bakhmut")
    facilities = ("Colony No. 8, Zhytomyr region",)
    keys = demo._Keys()
    keys.add(7, reference, names, aliases, ("KG1234567", "ergashev1"), places, facilities)
    row = {"id": 7, "reference": reference, "family_name": names[0], "given_name": names[1],
           "patronymic": names[2], "name_native": names[3], "name_latin": names[4],
           "unit": places[0], "place_of_birth": places[1], "capture_place": places[2]}
    expected = case_keys(row, aliases, ("KG1234567", "ergashev1"), facilities)
    initials = name_initials(expected)
    assert initials > 0
    assert keys.rows == [(7, key, kind, row_initials(kind, initials), token)
                         for key, (kind, token) in expected.items()]
    assert {k for _, k, kind, _, _ in keys.rows if kind == "ref"} == {
        k for k, (kind, _) in expected.items() if kind == "ref"}
