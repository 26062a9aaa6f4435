"""The case list's order held against a plain Python sort of the same rows (issue 18,
item 5: name columns sorted from an index, the next follow-up one subquery a case,
and the order stays what it was): unknown values first ascending and last descending,
ties by id ascending, names by `lower()` (on SQLite ASCII letters alone; every other
character compared by its code point). And the plans: the sorts that took 6-17 s at a
million cases (tester t18) read an index in order, or each case's follow-ups once from an index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from casemanager.domain.dto import CaseRow
from casemanager.services import cases, demo, records
from casemanager.services.queries import CaseFilter, case_ids, rows_for_ids, sorted_ids
from casemanager.store.models import Case

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _sqlite_lower(text: str) -> str:
    """SQLite's lower() without ICU: ASCII letters only."""
    return text.translate(_ASCII_LOWER)


def python_order(rows: list[CaseRow], key: Callable[[CaseRow], object],
                 descending: bool) -> list[int]:
    """The list's order by plain Python: known keys sorted (stable, so ties stay by id
    ascending in both directions), unknown (None) first ascending, last descending."""
    by_id = sorted(rows, key=lambda r: r.id)
    known = sorted((r for r in by_id if key(r) is not None), key=key, reverse=descending)
    unknown = [r for r in by_id if key(r) is None]
    return [r.id for r in (known + unknown if descending else unknown + known)]


def _cases_with_ties(db) -> None:
    """Demo cases, and names that tie after lower() or differ only past ASCII; cases
    with follow-ups on the same day, in the past, and a closed appeal's date ignored."""
    demo.generate(db, cases=120, seed=11, actor="tester")
    names = [("ivanov", "Anna", "Иванов"), ("Ivanov", "anna", "иванов"),
             ("IVANOV", "Émile", "Ёлкин"), ("Öztürk", "émile", "елкин"), ("", "", "Ы"), ("Ы", "", ""),
             ("Zhang", "zoë", "张"), ("zhang", "Zoë", "Zhang")]
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


NAME_KEYS = ("family_name", "given_name", "name_native", "assigned_to")


@pytest.mark.parametrize("sort", NAME_KEYS)
def test_name_sorts_are_a_python_sort_of_lower(sqlite_db, sort):
    _cases_with_ties(sqlite_db)
    rows = rows_for_ids(sqlite_db, case_ids(sqlite_db))
    for descending in (False, True):
        expected = python_order(rows, lambda r: _sqlite_lower(getattr(r, sort)), descending)
        assert case_ids(sqlite_db, sort=sort, descending=descending) == expected


def test_next_follow_up_is_a_python_sort_on_both_databases(db):
    _cases_with_ties(db)
    rows = rows_for_ids(db, case_ids(db))
    assert any(r.next_follow_up is None for r in rows)
    assert len({r.next_follow_up for r in rows if r.next_follow_up}) < sum(
        1 for r in rows if r.next_follow_up)  # ties to break by id
    for descending in (False, True):
        expected = python_order(rows, lambda r: r.next_follow_up, descending)
        assert case_ids(db, sort="next_follow_up", descending=descending) == expected
        # filtered as well: the join keeps the filter's cases and no others
        detained = CaseFilter(statuses=("detained",))
        kept = {r.id for r in rows if r.status == "detained"}
        assert case_ids(db, detained, sort="next_follow_up", descending=descending) == [
            i for i in expected if i in kept]


def _plan(db, sort: str, descending: bool = False) -> str:
    with db.session() as session:
        stmt = sorted_ids(session, select(Case.id), sort, descending).limit(100)
        sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
        return " | ".join(row[3] for row in session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize("sort", NAME_KEYS)
def test_a_name_sort_reads_its_index_in_order(sqlite_db, sort):
    """No sort of the whole table (6-7.7 s for given and native name at a million
    cases): the index on lower(column) is the order, and a first page stops at 100."""
    plan = _plan(sqlite_db, sort)
    assert f"ix_cases_{sort}_lower" in plan and "TEMP B-TREE" not in plan, plan


def test_next_follow_up_reads_each_case_once_from_covering_indexes(sqlite_db):
    """Was a CASE over two correlated subqueries, up to six of them a case (14.7-17.7 s
    at a million cases): now one a case, over both tables' covering indexes."""
    plan = _plan(sqlite_db, "next_follow_up")
    assert plan.count("CORRELATED SCALAR SUBQUERY") == 1, plan
    assert "SEARCH appeals USING COVERING INDEX ix_appeals_case_follow_up" in plan, plan
    assert "SEARCH tasks USING COVERING INDEX ix_tasks_case_due" in plan, plan


def test_the_reference_order_reads_the_ids_alone(sqlite_db):
    """The list as it opens and every filter cleared: the ids in order were read by
    scanning the table, whole rows (3.3 GB at a million cases, 12-45 s from disk)."""
    for descending in (False, True):
        plan = _plan(sqlite_db, "reference", descending)
        assert "COVERING INDEX ix_cases_id" in plan and "TEMP B-TREE" not in plan, plan
