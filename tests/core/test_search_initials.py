"""`name_keys.initials` (0021): every row of a case carries the first characters of the
case's name keys as bits (-1 on rows of a reference, a document or a partner's
reference), whoever wrote the keys (the demo's bulk path, an import, the ORM, a merge);
search checks an initial beside a word on that word's own rows ("Karimov T", issue 18),
with the same first page as every match ranked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, select, text

from casemanager.lists.importer import import_file
from casemanager.services import cases, demo, records
from casemanager.services.merge import merge_cases
from casemanager.services.search import search_ids
from casemanager.store.models import Case, NameKey
from casemanager.store.search_index import (
    CODE_KINDS,
    INITIAL_CHARS,
    name_initials,
    reindex_all,
)


def _keys(db) -> list[tuple]:
    with db.session() as s:
        return sorted(s.execute(select(NameKey.case_id, NameKey.key, NameKey.kind,
                                       NameKey.initials, NameKey.token)).all())


def _check(rows: list[tuple]) -> int:
    """Every row's initials: the bits of its case's name keys' first characters, or -1;
    returns how many cases were checked."""
    by_case: dict[int, list[tuple]] = {}
    for row in rows:
        by_case.setdefault(row[0], []).append(row)
    for case_id, mine in by_case.items():
        bits = 0
        for _, key, kind, _, _ in mine:
            if kind in ("family", "given", "patronymic", "native", "alias"):
                bits |= 1 << INITIAL_CHARS.index(key[0])
        assert bits == name_initials({key: (kind, "") for _, key, kind, _, _ in mine})
        for _, key, kind, initials, _ in mine:
            assert initials == (-1 if kind in CODE_KINDS else bits), (case_id, key, kind)
    return len(by_case)


def test_every_writer_gives_each_row_its_cases_initials(db, tmp_path: Path):
    listed = tmp_path / "list.csv"  # index_new_cases: an import into an empty database
    families = ("Tursunov", "Abdullaev", "Karimov", "Nazarov", "Osmonov", "Sydykov")
    givens = ("Alisher", "Bakhtiyor", "Erlan", "Kanat", "Rustam", "Zafar")
    listed.write_text("family_name,given_name,patronymic,name_native,place_of_birth,reference\n"
                      + "".join(f"{f},{g},{g}ovich,Тест {f[:3]} {g[:2]},Osh {n},ACC-{n}x\n"
                                for n, (f, g) in enumerate(
                                    (f, g) for f in families for g in givens)),
                      encoding="utf-8")
    report = import_file(db, listed)
    assert report.created == 36, report.lines()
    demo.generate(db, cases=120, seed=4)  # SQLite: the demo's own rows; else index_new_cases
    new = cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Zafar",
                                        "name_native": "Турсунов Зафар",
                                        "aliases": "Dzhumaev Q."})
    records.add_document(db, new.reference, doc_type="passport", number="AB 123",
                         issuing_country="UZ")
    detail = cases.get_case(db, new.reference)
    cases.update_case(db, new.reference, fields={"given_name": "Yusuf"},
                      expected_version=detail.version)  # the ORM's flush: reindex
    merge_cases(db, "CM-0001", "CM-0002")  # rows moved by Core, then reindexed
    before = _keys(db)
    assert _check(before) > 150
    mine = [r for r in before if r[0] == detail.id]
    assert {r[1] for r in mine} >= {"tursunov", "iusuf", "ab123"}
    assert {r[3] for r in mine if r[2] not in CODE_KINDS} == {
        name_initials({r[1]: (r[2], "") for r in mine})}
    # What every writer wrote is what a rebuild writes.
    with db.engine.begin() as conn:
        reindex_all(conn)
    assert _keys(db) == before


def test_an_initial_beside_a_word_is_checked_on_the_words_rows(sqlite_db, monkeypatch):
    """"Karimov T" by pages: no look-up into each Karimov case for a name in T (each of
    44,000 cases sought at a million, issue 18); the page is every match ranked's."""
    from casemanager.services import search

    monkeypatch.setattr(search, "TOP_FROM_CASES", 0)
    monkeypatch.setattr(search, "_RANK_ALL_UP_TO", 0)
    demo.generate(sqlite_db, cases=1500, seed=5)
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, many):
        statements.append(statement)

    with sqlite_db.session() as s:
        family = s.scalar(text("SELECT family_name FROM cases GROUP BY family_name "
                               "ORDER BY count(*) DESC LIMIT 1"))
        for query in (f"{family} T", f"T {family}", f"{family} A. B.", f"{family} K"):
            whole = search_ids(s, query)
            statements.clear()
            event.listen(sqlite_db.engine, "before_cursor_execute", before)
            try:
                page = search_ids(s, query, limit=10)
            finally:
                event.remove(sqlite_db.engine, "before_cursor_execute", before)
            assert page == whole[:10], query
            windows = [q for q in statements if q.startswith("SELECT DISTINCT found.case_id")]
            assert windows, query
            # (At its exact level, an initial that is a key too, "Z" of the unit Storm-Z,
            # is read in windows; so is one of few keys.)
            assert any("found.initials" in q for q in windows), query
            # A look-up into a case only where a row has no initials (a reference's, -1),
            # or for a given name's initial, where the case's initials have its bit.
            assert all("found.initials < 0 AND EXISTS" in q for q in windows
                       if "EXISTS" in q), query
            assert all(q.count("EXISTS") == q.count("found.initials < 0 AND EXISTS")
                       + q.count("<> 0 AND EXISTS") for q in windows), query


def test_a_patronymics_initial_is_not_a_given_names_on_the_first_page(sqlite_db,
                                                                     monkeypatch):
    """"Karimov A": Karimovs whose GIVEN name begins with A rank first. The case's
    initials say only that some word begins so; by pages, Karimov Bakhtiyor Azizovich
    (A in the patronymic, a lower id) came before the Alishers (tester, at a million
    cases). The first page is the whole ranking's."""
    from casemanager.services import search

    monkeypatch.setattr(search, "TOP_FROM_CASES", 0)
    monkeypatch.setattr(search, "_RANK_ALL_UP_TO", 0)
    for i in range(30):
        cases.create_case(sqlite_db, fields={"family_name": "Karimov", "given_name":
                                             "Bakhtiyor", "patronymic": f"Azizovich{i}"})
    for _ in range(5):
        cases.create_case(sqlite_db, fields={"family_name": "Karimov", "given_name":
                                             "Alisher", "patronymic": "Rustamovich"})
    with sqlite_db.session() as s:
        whole = search_ids(s, "Karimov A")
        given = {c.id for c in s.scalars(select(Case).where(Case.given_name == "Alisher"))}
        assert set(whole[:5]) == given
        for limit in (1, 5, 10, 20):
            assert search_ids(s, "Karimov A", limit=limit) == whole[:limit], limit


def test_the_migration_writes_what_the_writers_write(db):
    """0021 down and up again: the rows, their initials and the vocabulary (which gains
    the keys of names with digits) are those the writers gave, on both databases."""
    from alembic import command

    from casemanager.store.database import alembic_config

    demo.generate(db, cases=80, seed=6)
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                  "aliases": "CM12 Tursunov", "unit": "Storm-Z 7"})
    vocab = "SELECT key FROM search_vocab ORDER BY key"
    with db.engine.connect() as conn:
        words = [r[0] for r in conn.execute(text(vocab))]
    assert "cm12" in words and "storm" in words and "7" not in words
    before = _keys(db)
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0020_name_sort_keys")
    with db.engine.begin() as conn:
        assert "cm12" not in [r[0] for r in conn.execute(text(vocab))]
        assert conn.execute(text("SELECT count(*) FROM name_keys")).scalar() == len(before)
        command.upgrade(alembic_config(conn), "head")
    assert _keys(db) == before
    with db.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text(vocab))] == words
    with db.session() as s:
        assert search_ids(s, "CM12")[:5] == search_ids(s, "CM12", limit=5)


def test_a_prefix_no_name_has_is_not_walked_for_a_name(sqlite_db, monkeypatch):
    """"CM-": every reference begins so and no name does; the vocabulary says so in one
    seek (a walk of a million references at a million cases). A name that begins so,
    digits and all, still ranks first."""
    from casemanager.services import search

    # Level by level, "CM-" driving windows of cases, as at a million.
    monkeypatch.setattr(search, "TOP_FROM_CASES", 0)
    monkeypatch.setattr(search, "_RANK_ALL_UP_TO", 0)
    monkeypatch.setattr(search, "_COMMON_ROWS", 50)
    demo.generate(sqlite_db, cases=300, seed=8)
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, many):
        statements.append(statement)

    for alias in ("", "CM12 Tursunov"):
        if alias:
            cases.create_case(sqlite_db, fields={"family_name": "Tursunov", "aliases": alias})
        with sqlite_db.session() as s:
            whole = search_ids(s, "CM-")
            statements.clear()
            event.listen(sqlite_db.engine, "before_cursor_execute", before)
            try:
                page = search_ids(s, "CM-", limit=10)
            finally:
                event.remove(sqlite_db.engine, "before_cursor_execute", before)
        assert page == whole[:10] and len(whole) >= 300
        walks = [q for q in statements if q.startswith("SELECT 1 FROM name_keys WHERE")]
        assert bool(walks) == bool(alias), walks
    assert page[0] == 301
