"""A page of the case list costs a fixed number of statements, whatever its length: a
column the row needs but the query does not load would be fetched once per row."""

from __future__ import annotations

from sqlalchemy import event

from casemanager.services import demo
from casemanager.services.queries import CaseFilter, case_ids, rows_for_ids


def _statements(db, action) -> int:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(seen)


def test_a_page_of_rows_costs_the_same_for_ten_and_a_hundred_rows(sqlite_db):
    demo.generate(sqlite_db, cases=120, seed=4, actor="tester")
    ids = case_ids(sqlite_db, CaseFilter())
    few = _statements(sqlite_db, lambda: rows_for_ids(sqlite_db, ids[:10]))
    many = _statements(sqlite_db, lambda: rows_for_ids(sqlite_db, ids[:100]))
    assert many == few <= 8, (few, many)
    rows = rows_for_ids(sqlite_db, ids[:100])
    assert any(r.name_latin for r in rows) or all(not r.name_latin for r in rows)
