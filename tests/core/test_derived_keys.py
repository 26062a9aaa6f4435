"""`check --keys` finds cases whose search or sort keys no longer describe their stored
names (a name fixed with the sqlite3 shell or psql), and `check --repair` rewrites them.

The edits are made as an office makes them: Python's sqlite3 module on the real file, a
plain connection to the real server, outside the application."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import text

from casemanager.services import derived_keys, queries
from casemanager.services.cases import create_case
from casemanager.services.search import search_ids
from casemanager.store.database import open_database


@pytest.fixture
def demo_file(sqlite_path, cli):
    result = cli("demo", "--cases", "30", "--seed", "4", db=str(sqlite_path))
    assert result.returncode == 0, result.stderr
    return str(sqlite_path)


def _found(cli, path: str, query: str) -> list[str]:
    result = cli("search", query, "--format", "json", db=path)
    assert result.returncode == 0, result.stderr
    return [row["reference"] for row in json.loads(result.stdout)]


def _by_family_name(path: str) -> list[str]:
    db = open_database(path)
    try:
        ids = queries.case_ids(db, sort="family_name")
        with db.session() as session:
            refs = dict(session.execute(text("SELECT id, reference FROM cases")).all())
        return [refs[i] for i in ids]
    finally:
        db.dispose()


def test_a_name_fixed_with_sqlite3_is_reported_and_repaired(demo_file, cli):
    with sqlite3.connect(demo_file) as conn:
        ref, = conn.execute("SELECT reference FROM cases "
                                "ORDER BY id LIMIT 1 OFFSET 6").fetchone()
        # A coordinator fixing a typo: a name that sorts first and no case had.
        conn.execute("UPDATE cases SET family_name = 'Aabdullayev' WHERE reference = ?", (ref,))
    conn.close()
    assert ref not in _found(cli, demo_file, "Aabdullayev")  # the fault itself
    assert _by_family_name(demo_file)[0] != ref

    plain = cli("check", db=demo_file)
    assert plain.returncode == 0, plain.stderr  # the whole read is opt-in: it says how
    assert "casemanager check --keys" in plain.stdout

    check = cli("check", "--keys", db=demo_file)
    assert check.returncode == 1
    assert f"1 case has stale search or sort keys ({ref})" in check.stdout
    assert check.stderr.strip() == (
        f"casemanager: error: check failed: 1 case has stale search or sort keys ({ref}); "
        "casemanager check --repair rewrites them")
    report = json.loads(cli("check", "--keys", "--format", "json", db=demo_file).stdout)
    assert report["ok"] is False
    assert report["keys"] == {"checked": True, "stale": 1, "repaired": 0, "examples": [ref]}

    repair = cli("check", "--repair", db=demo_file)
    assert repair.returncode == 0, repair.stderr
    assert f"Rewrote the search and sort keys of 1 case ({ref})" in repair.stdout
    again = cli("check", "--keys", db=demo_file)
    assert again.returncode == 0, again.stderr
    assert "ok (30 cases compared with their names)" in again.stdout
    assert ref in _found(cli, demo_file, "Aabdullayev")
    assert _by_family_name(demo_file)[0] == ref

    with sqlite3.connect(demo_file) as conn:
        entries = conn.execute(
            "SELECT entity, case_reference, changes FROM audit_entries "
            "WHERE action = 'repair_keys' ORDER BY id").fetchall()
        version = conn.execute("SELECT version FROM cases WHERE reference = ?",
                               (ref,)).fetchone()[0]
    conn.close()
    assert [(e, r) for e, r, _c in entries] == [("case", ref), ("database", "")]
    assert json.loads(entries[1][2])["cases"] == ["", "1"]
    assert version == 1  # derived data: the case's content and version did not change
    nothing = cli("check", "--repair", db=demo_file)
    assert "nothing to repair" in nothing.stdout


def test_stale_initials_and_missing_search_words_are_found(demo_file, cli):
    with sqlite3.connect(demo_file) as conn:
        first, second = [r[0] for r in conn.execute(
            "SELECT reference FROM cases ORDER BY id LIMIT 2 OFFSET 3")]
        conn.execute("UPDATE name_keys SET initials = 0 WHERE kind = 'family' AND case_id = "
                     "(SELECT id FROM cases WHERE reference = ?)", (first,))
        conn.execute("DELETE FROM search_vocab WHERE key IN (SELECT key FROM name_keys "
                     "WHERE kind = 'given' AND case_id = (SELECT id FROM cases "
                     "WHERE reference = ?))", (second,))
    conn.close()
    db = open_database(demo_file)
    try:
        with db.engine.connect() as conn:
            found = derived_keys.find_stale(conn)
        assert [found.references[i] for i in found.search] == [first]
        assert second in [found.references[i] for i in found.vocabulary]
        assert found.sort == ()
        repaired = derived_keys.repair_keys(db)
        assert first in repaired.found.examples(10) and second in repaired.found.examples(10)
        with db.engine.connect() as conn:
            assert derived_keys.find_stale(conn).count == 0
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_name_changed_with_psql_on_the_server(pg_server, pg_db, cli):
    """psql's UPDATE goes through the sort-key trigger, not the search keys (the client
    writes those): check finds the search keys stale, and a repair writes no direct
    change (the server's own entry, which would move the case's version on)."""
    cases = [create_case(pg_db, fields={"family_name": name, "given_name": "Alisher"})
             for name in ("Karimov", "Tursunov", "Yusupov")]
    import psycopg

    url = pg_db.engine.url
    with psycopg.connect(host=str(pg_server.socket), port=pg_server.port, user="postgres",
                         dbname=url.database, autocommit=True) as conn:
        conn.execute("UPDATE cases SET family_name = 'Abdullaev' WHERE reference = %s",
                     (cases[2].reference,))
        # A restore from an old tool: keys left as they were, the trigger not run.
        conn.execute("ALTER TABLE cases DISABLE TRIGGER cases_sort_keys")
        conn.execute("UPDATE cases SET given_name = 'Zafar', given_name_sort = 'alisher' "
                     "WHERE reference = %s", (cases[1].reference,))
        conn.execute("ALTER TABLE cases ENABLE TRIGGER cases_sort_keys")
        versions = dict(conn.execute("SELECT reference, version FROM cases").fetchall())
    with pg_db.engine.connect() as conn:
        found = derived_keys.find_stale(conn)
    refs = found.references
    assert sorted(refs[i] for i in found.search) == [cases[1].reference, cases[2].reference]
    assert [refs[i] for i in found.sort] == [cases[1].reference]  # the trigger kept the other

    direct = text("SELECT count(*) FROM audit_entries WHERE action = 'direct_change'")
    with pg_db.session() as session:
        logged = session.execute(direct).scalar()
    target = pg_server.url(url.database)
    check = cli("check", "--keys", db=target)
    assert check.returncode == 1
    assert "2 cases have stale search or sort keys" in check.stderr
    repair = cli("check", "--repair", db=target)
    assert repair.returncode == 0, repair.stderr
    assert "Rewrote the search and sort keys of 2 cases" in repair.stdout
    assert cli("check", "--keys", db=target).returncode == 0
    with pg_db.session() as session:
        assert search_ids(session, "Abdullaev") == [cases[2].id]
        assert search_ids(session, "Zafar") == [cases[1].id]
        assert session.execute(direct).scalar() == logged  # the repair logged itself
        after = dict(session.execute(text("SELECT reference, version FROM cases")).all())
    assert after == versions  # the repair moved no version on
    assert queries.case_ids(pg_db, sort="given_name")[-1] == cases[1].id
