"""The case list's order held against a plain Python sort of the same rows.

Text a caseworker reads sorts in dictionary order on both databases alike (tester B6:
on SQLite lower() folded ASCII alone, so 'ёлкин' and 'абаев' came after 'Яковлев' and
Ukrainian І Ї Є Ґ fell outside the alphabet): casemanager.domain.sort_order.sort_key,
kept in a column beside each name by triggers and read from an index. Empty values (no
name, no date, no follow-up, no place) come last in both directions (tester B7: no
follow-up came first); ties by id ascending. And the plans: the sorts that took 6-17 s
at a million cases (tester t18) read an index in order, or each case's follow-ups once
from an index."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

import casemanager
from casemanager.domain.dto import CaseRow
from casemanager.domain.sort_order import SORT_MAP, sort_key
from casemanager.domain.vocab import PRIORITIES, RECRUITMENT, STATUSES
from casemanager.services import cases, demo, queries, records
from casemanager.services.queries import CaseFilter, case_ids, rows_for_ids, sorted_parts
from casemanager.store.database import alembic_config, make_engine, open_database
from casemanager.store.models import Case

# Family names in the order a caseworker expects: Latin (diacritics as their base
# letter, capitals with small letters) before Cyrillic; Ё as Е; Ukrainian Ґ after Г, Є
# after Е, І and Ї after И and before Й; empty last. Ties (Ёлкин, елкин, ЁЛКИН) by id.
# Central Asian letters after their base letter (Ә after А, Ғ after Г, Қ after К, Ү after
# У and Ў, Ҷ after Ч); apostrophes left out (Дем'яненко as Демяненко, Oʻrinov as Orinov).
DICTIONARY = [
    "abbott", "Émile", "Oleg", "Oʻrinov", "Öztürk", "Zhang",
    "абаев", "Әлиев", "Гуменюк", "Ғафуров", "Ґудзь", "Дем'яненко", "Дмитренко", "Ежов",
    "Ёлкин", "елкин", "ЁЛКИН", "Єрмак", "Жуков", "Ивасюк", "Іваненко", "Їжак", "Йосипенко",
    "Кодиров", "қосимов", "Уланов", "Ўлас", "Үсенов", "Фомин", "Чаев", "Ҷалилов",
    "Яковлев", "Ященко",
]


def _make_cases(db, names: list[str]) -> dict[str, int]:
    """A case per name (in a shuffled order, so ids do not follow the expected order,
    Ёлкин's ties in the given order); {name: id}."""
    order = names[1::2] + names[0::2]
    ties = [n for n in order if sort_key(n) == sort_key("елкин")]
    order = [n for n in order if n not in ties] + ties
    ids = {}
    for name in order:
        ref = cases.create_case(db, fields={"family_name": name, "given_name": name.upper(),
                                            "name_native": name, "assigned_to": name}).reference
        ids[name] = cases.get_case(db, ref).id
    return ids


def test_sort_key_is_dictionary_order():
    shuffled = DICTIONARY[::3] + DICTIONARY[1::3] + DICTIONARY[2::3]
    ordered = sorted(shuffled, key=sort_key)
    ties = {sort_key("елкин")}
    assert [n for n in ordered if sort_key(n) not in ties] == [
        n for n in DICTIONARY if sort_key(n) not in ties]
    assert sort_key("ЁЛКИН") == sort_key("Ёлкин") == sort_key("елкин")
    assert sort_key("") == ""
    # No character maps to one that is mapped again: the databases may apply the
    # mapping as independent replacements in any order.
    assert not set("".join(SORT_MAP.values())) & set(SORT_MAP)


@pytest.mark.parametrize("sort", ["family_name", "name_native", "assigned_to", "given_name"])
def test_names_sort_in_dictionary_order_on_both_databases(db, sort):
    ids = _make_cases(db, DICTIONARY)
    other = "family_name" if sort == "given_name" else "given_name"
    blank = cases.create_case(db, fields={sort: "", other: "Zz"}).reference
    blank_id = cases.get_case(db, blank).id
    tie_ids = sorted(ids[n] for n in ("Ёлкин", "елкин", "ЁЛКИН"))

    def expected(descending: bool) -> list[int]:
        names = DICTIONARY[::-1] if descending else DICTIONARY
        out: list[int] = []
        for name in names:
            if name in ("Ёлкин", "елкин", "ЁЛКИН"):
                if not out or out[-1] not in tie_ids:
                    out.extend(tie_ids)  # ties by id ascending, either direction
            else:
                out.append(ids[name])
        return [*out, blank_id]  # empty last, either direction

    assert case_ids(db, sort=sort) == expected(False)
    assert case_ids(db, sort=sort, descending=True) == expected(True)
    assert case_ids(db, sort=sort, limit=3) == expected(False)[:3]
    assert case_ids(db, sort=sort, descending=True, limit=len(ids) + 1) == expected(True)


def test_an_edit_moves_the_case_to_its_new_place(db):
    ids = _make_cases(db, ["Яковлев", "Жуков"])
    assert case_ids(db, sort="family_name") == [ids["Жуков"], ids["Яковлев"]]
    ref = f"CM-{ids['Яковлев']:04d}"
    case = cases.get_case(db, ref)
    assert case.family_name == "Яковлев"
    cases.update_case(db, ref, fields={"family_name": "Ёлкин"}, expected_version=case.version)
    assert case_ids(db, sort="family_name") == [ids["Яковлев"], ids["Жуков"]]
    with db.session() as s:
        keys = dict(s.execute(select(Case.family_name, Case.family_name_sort)).all())
    assert keys == {"Ёлкин": sort_key("Ёлкин"), "Жуков": sort_key("Жуков")}


def python_order(rows: list[CaseRow], key: Callable[[CaseRow], object],
                 descending: bool) -> list[int]:
    """The list's order by plain Python: known keys sorted (stable, so ties stay by id
    ascending in both directions), then LATE ones (a place not disclosed) by id, then
    unknown (None or "") by id, in both directions."""
    by_id = sorted(rows, key=lambda r: r.id)
    known = sorted((r for r in by_id if key(r) not in (None, "", LATE)), key=key,
                   reverse=descending)
    late = [r for r in by_id if key(r) is LATE]
    unknown = [r for r in by_id if key(r) in (None, "")]
    return [r.id for r in known + late + unknown]


LATE = object()  # a key that sorts after every known one, whichever the direction


def _place_key(row: CaseRow) -> object:
    if row.detention_place == "location not disclosed":
        return LATE
    return sort_key(row.detention_place) or None


def _cases_with_ties(db) -> None:
    """Demo cases, and names that tie or differ only past ASCII; cases with follow-ups
    on the same day, in the past, a closed appeal's date ignored; places of detention
    in both alphabets, an empty one and an undisclosed one."""
    demo.generate(db, cases=120, seed=11, actor="tester")
    names = [("ivanov", "Anna", "Иванов"), ("Ivanov", "anna", "иванов"),
             ("IVANOV", "Émile", "Ёлкин"), ("Öztürk", "émile", "елкин"), ("", "", "Ы"), ("Ы", "", ""),
             ("Zhang", "zoë", "张"), ("zhang", "Zoë", "Zhang"), ("Ґудзь", "Їжак", "Єрмак")]
    places = ["СИЗО-2, Таганрог", "сизо-1, Симферополь", "", "Camp, Olenivka", "ИК-10"]
    today = dt.date.today()
    for n, (family, given, native) in enumerate(names):
        ref = cases.create_case(db, fields={"family_name": family, "given_name": given,
                                            "name_native": native,
                                            "assigned_to": given.upper()}).reference
        if n % 2:
            records.add_task(db, ref, title="Call", due_date=today)
        if n % 3 == 0:
            records.add_appeal(db, ref, subject="Proof of life", status="sent",
                               follow_up_date=today - dt.timedelta(days=n))
        if n == 4:
            records.add_appeal(db, ref, subject="Closed", status="answered",
                               follow_up_date=today - dt.timedelta(days=400))
        if n < len(places):
            records.add_custody(db, ref, facility=places[n], disclosed=n != 3)


SORTS: dict[str, Callable[[CaseRow], object]] = {
    "family_name": lambda r: sort_key(r.family_name),
    "given_name": lambda r: sort_key(r.given_name),
    "name_native": lambda r: sort_key(r.name_native),
    "assigned_to": lambda r: sort_key(r.assigned_to),
    # Codes in their vocabulary's order (priority normal < high < urgent), not by code.
    "recruitment": lambda r: RECRUITMENT.index(r.recruitment) if r.recruitment else None,
    "capture_date": lambda r: r.capture_date.iso() if r.capture_date else None,
    "citizenships": lambda r: r.citizenships.split(";")[0] or None,
    "detention_place": _place_key,
    "next_follow_up": lambda r: r.next_follow_up,
    "status": lambda r: STATUSES.index(r.status),
    "priority": lambda r: PRIORITIES.index(r.priority),
    "updated_at": lambda r: r.updated_at,
}


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_is_a_python_sort_with_empties_last_on_both_databases(db, sort):
    _cases_with_ties(db)
    rows = rows_for_ids(db, case_ids(db))
    key = SORTS[sort]
    if sort not in ("status", "priority", "updated_at"):
        assert any(key(r) in (None, "") for r in rows), sort  # something to put last
    if sort == "detention_place":
        assert any(key(r) is LATE for r in rows)
    for descending in (False, True):
        expected = python_order(rows, key, descending)
        assert case_ids(db, sort=sort, descending=descending) == expected
        assert case_ids(db, sort=sort, descending=descending, limit=7) == expected[:7]
        # filtered as well
        detained = CaseFilter(statuses=("detained",))
        kept = {r.id for r in rows if r.status == "detained"}
        assert case_ids(db, detained, sort=sort, descending=descending) == [
            i for i in expected if i in kept]


# A case as another program (psql, the sqlite3 shell) writes it: every NOT NULL column.
_PLAIN_INSERT = (
    "INSERT INTO cases (reference, status, priority, assigned_to, created_at, "
    "updated_at, version, notes, confidential_notes, family_name, given_name, "
    "patronymic, name_native, name_latin, sex, place_of_birth, ethnicity, "
    "home_region, languages, father_name, mother_maiden_name, person_to_inform, "
    "last_proof_of_life_source, affiliation, unit, rank, service_number, "
    "recruitment, capture_place, detaining_party, health, medical_urgency, "
    "icrc_registration) VALUES (?, 'detained', 'high', '', '2024-01-01', "
    "'2024-01-01', 1, '', '', ?, '', '', ?, '', '', '', '', '', '', '', '', '', "
    "'', '', '', '', '', '', '', '', '', '', '')")


def test_both_databases_keep_the_keys_of_writes_beside_the_application(db):
    """A row written by another program: on PostgreSQL (psql) the server's trigger
    gives it its keys; on SQLite the sqlite3 shell may still write the file (nothing in
    it needs this application), and the application's next save gives the keys."""
    ids = _make_cases(db, ["Яковлев", "абаев"])
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE cases SET family_name = 'Ёжиков' "
                              f"WHERE id = {ids['Яковлев']}"))
            conn.execute(text(_PLAIN_INSERT.replace("?", ":p1", 1).replace("?", ":p2", 1)
                              .replace("?", ":p3", 1)),
                         {"p1": "CM-9999", "p2": "Ґалицький", "p3": ""})
        with db.session() as s:
            keys = dict(s.execute(select(Case.family_name, Case.family_name_sort)).all())
        assert keys == {"Ёжиков": sort_key("Ёжиков"), "абаев": sort_key("абаев"),
                        "Ґалицький": sort_key("Ґалицький")}
        return
    path = db.engine.url.database
    with sqlite3.connect(path) as plain:  # no function, no trigger of ours
        plain.execute(f"UPDATE cases SET family_name = 'Ёжиков' WHERE id = {ids['Яковлев']}")
    detail = cases.get_case(db, f"CM-{ids['Яковлев']:04d}")
    cases.update_case(db, detail.reference, fields={"rank": "private"},
                      expected_version=detail.version)
    with db.session() as s:
        key = s.scalar(select(Case.family_name_sort).where(Case.id == ids["Яковлев"]))
    assert key == sort_key("Ёжиков")


def _plan(db, sort: str, descending: bool = False) -> list[str]:
    with db.session() as session:
        plans = []
        for part in sorted_parts(session, select(Case.id), sort, descending):
            sql = str(part.limit(100).compile(db.engine,
                                               compile_kwargs={"literal_binds": True}))
            plans.append(" | ".join(row[3] for row in session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql)))
        return plans


NAME_KEYS = ("family_name", "given_name", "name_native", "assigned_to")


@pytest.mark.parametrize("sort", NAME_KEYS)
def test_a_name_sort_reads_its_index_in_order(sqlite_db, sort):
    """No sort of the whole table (6-7.7 s for given and native name at a million
    cases): the index on the key is the order, and a first page stops at 100; the empty
    names after them are read from the same index."""
    for plan in _plan(sqlite_db, sort):
        assert f"ix_cases_{sort}_sort" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("sort", NAME_KEYS)
def test_a_name_sort_reads_its_index_on_the_server(pg_db, sort):
    with pg_db.session() as session:
        session.execute(text("SET enable_seqscan = off"))
        for part in sorted_parts(session, select(Case.id), sort, False):
            sql = str(part.limit(100).compile(pg_db.engine,
                                               compile_kwargs={"literal_binds": True}))
            plan = "\n".join(r[0] for r in session.execute(text("EXPLAIN " + sql)))
            assert f"ix_cases_{sort}_sort" in plan and "Sort Key" not in plan, plan


@pytest.mark.parametrize("sort", ("status", "priority", "recruitment"))
def test_a_code_sort_reads_its_index_one_code_at_a_time(sqlite_db, sort):
    """Status, priority and recruitment sort in their vocabulary's order, each code a
    part read from the column's index in id order: no sort of the whole table (the
    part of codes outside the vocabulary, none in a database the application wrote,
    sorts what it finds by the index)."""
    for descending in (False, True):
        plans = _plan(sqlite_db, sort, descending)
        for plan in plans:
            assert f"INDEX ix_cases_{sort} " in plan and "SCAN" not in plan, plan
        for plan in plans[:len(queries.VOCABULARY_ORDER[sort])]:
            assert "TEMP B-TREE" not in plan, plan


def test_priority_descending_puts_urgent_first_and_normal_last(sqlite_db):
    """Tester: by the code, descending gave urgent, normal, high."""
    refs = {p: cases.create_case(sqlite_db, fields={"family_name": f"Karimov {p}",
                                                   "priority": p}).reference
            for p in ("high", "normal", "urgent")}
    order = [rows.priority for rows in rows_for_ids(
        sqlite_db, case_ids(sqlite_db, sort="priority", descending=True))]
    assert order == ["urgent", "high", "normal"], (order, refs)


def test_next_follow_up_reads_each_case_once_from_covering_indexes(sqlite_db):
    """Was a CASE over two correlated subqueries, up to six of them a case (14.7-17.7 s
    at a million cases): now one a case, over both tables' covering indexes."""
    plan, = _plan(sqlite_db, "next_follow_up")
    assert plan.count("CORRELATED SCALAR SUBQUERY") == 1, plan
    assert "SEARCH appeals USING COVERING INDEX ix_appeals_case_follow_up" in plan, plan
    assert "SEARCH tasks USING COVERING INDEX ix_tasks_case_due" in plan, plan


def test_the_reference_order_reads_the_ids_alone(sqlite_db):
    """The list as it opens and every filter cleared: the ids in order were read by
    scanning the table, whole rows (3.3 GB at a million cases, 12-45 s from disk)."""
    for descending in (False, True):
        plan, = _plan(sqlite_db, "reference", descending)
        assert "COVERING INDEX ix_cases_id" in plan and "TEMP B-TREE" not in plan, plan


def _migration_0020():
    path = (Path(casemanager.__file__).parent / "store" / "migrations" / "versions"
            / "0020_name_sort_keys.py")
    spec = importlib.util.spec_from_file_location("m0020", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_holds_the_applications_order():
    assert _migration_0020().mapping() == SORT_MAP


def test_an_older_database_gets_its_keys_on_upgrade(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0018_list_sort_indexes")
        for n, name in enumerate(["Яковлев", "ёлкин", "Abbott", "", "Ґудзь"], 1):
            conn.exec_driver_sql(_PLAIN_INSERT, (f"CM-{n:04d}", name, name))
    engine.dispose()
    db = open_database(str(path))
    try:
        assert case_ids(db, sort="family_name") == [3, 5, 2, 1, 4]
        assert case_ids(db, sort="name_native", descending=True) == [1, 2, 5, 3, 4]
        # this connection keeps the keys from now on
        cases.create_case(db, fields={"family_name": "Ёжиков"})
        assert case_ids(db, sort="family_name") == [3, 5, 6, 2, 1, 4]
    finally:
        db.dispose()


def test_contacts_list_in_dictionary_order_on_both_databases(db):
    from casemanager.services import contacts

    names = ["Яковлева Ольга", "ёлкина Анна", "абаева Мадина", "Ґудзь Оксана", "Adams Ann",
             "Öz Ayşe", "Іванів Ірина"]
    for name in names:
        contacts.create_contact(db, fields={"kind": "relative", "name": name})
    assert [c.name for c in contacts.list_contacts(db)] == sorted(names, key=sort_key)
    assert [c.name for c in contacts.list_contacts(db)][:2] == ["Adams Ann", "Öz Ayşe"]


def test_imported_and_received_cases_carry_their_keys(sqlite_db, sqlite_template, tmp_path,
                                                      cli):
    """The bulk import (Core INSERTs of plain rows) writes the keys as the ORM's saves do."""
    import shutil

    _make_cases(sqlite_db, ["Яковлев", "ёлкин", "Ґудзь", "Öztürk"])
    out = tmp_path / "cases.csv"
    assert cli("export", "-o", str(out), db=str(sqlite_db.engine.url.database)).returncode == 0
    other = tmp_path / "other.db"
    shutil.copy(sqlite_template, other)
    done = cli("import", str(out), db=str(other))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(other) as plain:
        rows = plain.execute("SELECT family_name, family_name_sort, name_native, "
                             "name_native_sort FROM cases").fetchall()
    assert len(rows) == 4
    assert all(key == sort_key(name) and native_key == sort_key(native)
               for name, key, native, native_key in rows), rows


@pytest.mark.postgres
def test_the_server_fills_the_keys_on_upgrade_without_an_edit_of_every_case(pg_db):
    """On PostgreSQL 0020 fills the keys with one UPDATE, the audit trigger (0015) kept
    out of it: no `direct_change` entry and no new version for every case."""
    with pg_db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0018_list_sort_indexes")
    with pg_db.engine.begin() as conn:
        for n, name in enumerate(["Яковлев", "ёлкин", "Abbott", "", "Ґудзь"], 1):
            conn.execute(text(_PLAIN_INSERT.replace("?", ":p1", 1).replace("?", ":p2", 1)
                              .replace("?", ":p3", 1)),
                         {"p1": f"CM-{n:04d}", "p2": name, "p3": name})
    with pg_db.engine.begin() as conn:
        entries = conn.execute(text("SELECT count(*) FROM audit_entries")).scalar()
        versions = list(conn.execute(text("SELECT version FROM cases ORDER BY id")).scalars())
        command.upgrade(alembic_config(conn), "head")
    with pg_db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entries")).scalar() == entries
        assert list(conn.execute(text("SELECT version FROM cases ORDER BY id")).scalars()) \
            == versions
    assert case_ids(pg_db, sort="family_name") == [3, 5, 2, 1, 4]
