"""`demo` writes its cases with the driver's executemany and their search keys from
memory (issue 18, item 6): the rows and keys are those the ORM path and `reindex` give."""

from __future__ import annotations

from sqlalchemy import text

from casemanager.services import demo
from casemanager.store.search_index import reindex_all


def _rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).fetchall()


def test_the_bulk_search_keys_are_those_reindex_writes(sqlite_db):
    demo.generate(sqlite_db, cases=400, seed=9)
    demo.generate(sqlite_db, cases=50, seed=10)  # added to cases already there
    keys = "SELECT case_id, key, kind, initials, token FROM name_keys ORDER BY case_id, key"
    vocab = "SELECT key FROM search_vocab ORDER BY key"
    before = _rows(sqlite_db, keys), _rows(sqlite_db, vocab)
    with sqlite_db.engine.begin() as conn:
        assert reindex_all(conn) == 450
    assert (_rows(sqlite_db, keys), _rows(sqlite_db, vocab)) == before
    assert len(before[0]) > 450 * 5


def test_values_go_through_their_column_types(sqlite_db):
    demo.generate(sqlite_db, cases=30, seed=2)
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000  # given back
    row = _rows(sqlite_db, "SELECT created_at, date_of_birth, restricted FROM cases LIMIT 1")[0]
    assert len(row.created_at) == 26 and row.created_at[10] == " "  # SQLAlchemy's format
    assert row.restricted == 0  # the server default, not set by the demo
    from casemanager.services.cases import get_case

    case = get_case(sqlite_db, "CM-0001")
    assert case.date_of_birth is not None and case.appeals is not None
