"""The case list's ids read a chunk at a time (Core, streamed; `case_ids` and the
window's `case_id_array`) are the ids the ORM read of every row at once gave, in the same
order, for every sort key, both directions, with and without filters."""

from __future__ import annotations

from array import array

import pytest
from sqlalchemy import String, case, func, select
from sqlalchemy import cast as sql_cast

from casemanager.services import demo, queries
from casemanager.services.queries import SORT_NAMES, CaseFilter, case_id_array, case_ids
from casemanager.store.models import Appeal, Case, Task
from casemanager.store.privileges import withheld

# The next follow-up as the list computed it before it was joined as one aggregate
# (issue 18): a CASE over two correlated subqueries, each case's earliest open date.
_APPEAL_FOLLOW_UP = (
    select(func.min(Appeal.follow_up_date))
    .where(Appeal.case_id == Case.id,
           Appeal.status.in_(("draft", "sent", "acknowledged", "no_response")))
    .correlate(Case).scalar_subquery())
_TASK_DUE = (
    select(func.min(Task.due_date)).where(Task.case_id == Case.id, Task.done.is_(False))
    .correlate(Case).scalar_subquery())
_NEXT_FOLLOW_UP = case(
    (_APPEAL_FOLLOW_UP.is_(None), _TASK_DUE),
    (_TASK_DUE.is_(None), _APPEAL_FOLLOW_UP),
    (_APPEAL_FOLLOW_UP < _TASK_DUE, _APPEAL_FOLLOW_UP),
    else_=_TASK_DUE,
)


def _legacy_case_ids(db, f: CaseFilter, sort: str, descending: bool,
                     limit: int | None = None) -> list[int]:
    """queries.case_ids as it was before the ids were streamed (every row through the ORM)."""
    with db.session() as session:
        ranked = queries._query_ids(session, f.query) if f.query.strip() else None
        stmt = queries.filtered(select(Case.id), f, session)
        if ranked is not None:
            if not ranked:
                return []
            allowed: set[int] = set()
            for start in range(0, len(ranked), 5000):
                allowed.update(session.scalars(stmt.where(Case.id.in_(ranked[start:start + 5000]))))
            if sort == "reference" and not descending:
                return [i for i in ranked if i in allowed][:limit]
            stmt = stmt.where(Case.id.in_(list(allowed)))
        key = queries.SORT_KEYS.get(sort, _NEXT_FOLLOW_UP if sort == "next_follow_up" else Case.id)
        if sort == "next_follow_up" and withheld(session, ("appeals",)).tables:
            key = _TASK_DUE
        if sort in queries.VOCABULARY_ORDER:  # codes by their place in the vocabulary
            codes = queries.VOCABULARY_ORDER[sort]
            key = case({code: n for n, code in enumerate(codes)}, value=key,
                       else_=sql_cast(None, String))
        if sort == "detention_place" and descending:  # not disclosed after named places
            key = queries._detention_place(descending=True)
        # Empty values last in both directions (tester B7): NULL, and '' of text.
        empty = case((key.is_(None), 1), (sql_cast(key, String) == "", 1), else_=0)
        order = key.desc() if descending else key.asc()
        return list(session.scalars(stmt.order_by(empty, order, Case.id).limit(limit)))


FILTERS = [
    CaseFilter(),
    CaseFilter(statuses=("detained", "released")),
    CaseFilter(priority="urgent"),
    CaseFilter(query="karimov"),
    CaseFilter(query="nobody-is-called-this"),
]


@pytest.mark.parametrize("sort", sorted(SORT_NAMES))
def test_streamed_ids_are_the_orm_ids(sqlite_db, sort, monkeypatch):
    demo.generate(sqlite_db, cases=150, seed=5, actor="tester")
    monkeypatch.setattr(queries, "_ID_CHUNK", 7)  # many chunks, the last one short
    for f in FILTERS:
        for descending in (False, True):
            legacy = _legacy_case_ids(sqlite_db, f, sort, descending)
            assert case_ids(sqlite_db, f, sort=sort, descending=descending) == legacy
            ids = case_id_array(sqlite_db, f, sort=sort, descending=descending)
            assert isinstance(ids, array) and ids.itemsize == 8
            assert list(ids) == legacy, (f, sort, descending)
            assert list(case_id_array(sqlite_db, f, sort=sort, descending=descending,
                                      limit=10)) == legacy[:10]
    assert _legacy_case_ids(sqlite_db, CaseFilter(), sort, False)  # not all empty
