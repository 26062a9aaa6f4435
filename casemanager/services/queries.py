"""Reading lists of cases: filters, sorting, paging, and the ids-then-rows pair that
lets the GUI show 100,000 cases while loading only the rows on screen."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import MutableSequence, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, select, union_all
from sqlalchemy.orm import Session, load_only

from casemanager.domain.dto import CaseRow
from casemanager.domain.sort_order import AFTER
from casemanager.domain.vocab import PRIORITIES, RECRUITMENT, STATUSES
from casemanager.store.database import Database
from casemanager.store.models import Appeal, Case, CaseTag, Citizenship, CustodyPeriod, Task
from casemanager.store.privileges import withheld
from casemanager.store.snapshot import read_snapshot
from casemanager.system import gil_turns

# Ids are read from the cursor this many at a time (between two, the worker lets a
# waiting window thread have the GIL: gil_turns).
_ID_CHUNK = 10_000

# Columns shown in the list that live in other tables sort by correlated subqueries: the
# first citizenship, the latest place of detention, the earliest open follow-up.
_FIRST_CITIZENSHIP = (
    select(Citizenship.country)
    .where(Citizenship.case_id == Case.id)
    .order_by(Citizenship.position, Citizenship.id)
    .limit(1)
    .correlate(Case)
    .scalar_subquery()
)
# The latest place of detention by its sort key (casemanager.domain.sort_order, the
# function cm_sort_key on both databases); NULL without one or with an empty one. A place
# not disclosed sorts after every named place in both directions (before the cases with
# none): by the English words it sorted among the "l" places, in whatever language the
# caseworker reads it. Ascending it is AFTER, the greatest code point; descending '',
# which comes after every non-empty key.


def _detention_place(descending: bool = False) -> ColumnElement:
    return (
        select(
            case(
                (CustodyPeriod.disclosed,
                 func.nullif(func.cm_sort_key(CustodyPeriod.facility), "")),
                else_="" if descending else AFTER,
            )
        )
        .where(CustodyPeriod.case_id == Case.id)
        .order_by(CustodyPeriod.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


_DETENTION_PLACE = _detention_place()
# The next follow-up (the earliest open appeal's follow-up date or open task's due date)
# is one correlated subquery over both tables, read from covering indexes (migration
# 0016): the CASE over two correlated subqueries ran up to six of them a case, 14.7-17.7 s
# at 1,000,000 cases (tester t18). A join of the dates grouped by case was as fast but
# held the grouped dates and an automatic index besides the sort (+60 MB at a million).
_OPEN_APPEALS = ("draft", "sent", "acknowledged", "no_response")

_ROW_COLUMNS = (
    Case.id, Case.reference, Case.status, Case.priority, Case.family_name, Case.given_name,
    Case.patronymic, Case.name_native, Case.name_latin, Case.recruitment, Case.assigned_to,
    Case.capture_date, Case.updated_at,
)

# What each sort orders by. Text a caseworker reads (names, the caseworker) sorts by its
# stored sort key (casemanager.store.sort_keys: dictionary order, Cyrillic included,
# read from an index); countries by their code; status, priority and recruitment in
# their vocabulary's order (VOCABULARY_ORDER).
SORT_KEYS: dict[str, SQLColumnExpression[Any]] = {
    "reference": Case.id,
    "family_name": Case.family_name_sort,
    "given_name": Case.given_name_sort,
    "name_native": Case.name_native_sort,
    "status": Case.status,
    "priority": Case.priority,
    "capture_date": Case.capture_date,
    "updated_at": Case.updated_at,
    "assigned_to": Case.assigned_to_sort,
    "recruitment": Case.recruitment,
    "citizenships": _FIRST_CITIZENSHIP,
    "detention_place": _DETENTION_PLACE,
}
# Codes a caseworker reads as words sort in the order of their vocabulary
# (casemanager.domain.vocab): priority normal < high < urgent, status from "reported" to
# "closed", as the filters list them. By the code itself, "urgent" sorted after "normal"
# and descending put "normal" between "urgent" and "high"; by the translated label the
# order would change with the language. Each code is one part of the order, read from the
# column's index; a code outside the vocabulary (a hand edit) comes after them by code.
VOCABULARY_ORDER: dict[str, tuple[str, ...]] = {
    "status": STATUSES, "priority": PRIORITIES, "recruitment": RECRUITMENT}
# Every sort the list offers: SORT_KEYS and the joined one.
SORT_NAMES = (*SORT_KEYS, "next_follow_up")
# Empty values go last in both directions (a caseworker sorting by follow-up wants the
# dates, not the cases without one). Columns read from an index in order are read in
# two parts, each from the index: the values, then the empty ones by id.
# Empty is '' for these (NOT NULL text)...
_EMPTY_TEXT = frozenset({"family_name", "given_name", "name_native", "assigned_to",
                         "recruitment"})
# ...and NULL for this indexed column.
_EMPTY_NULL = frozenset({"capture_date"})
# Never empty: one part in order.
_NEVER_EMPTY = frozenset({"reference", "status", "priority", "updated_at"})
# The others (a correlated subquery a case, no index can order them) are NULL when empty
# and sort NULLS LAST in one statement.


def _next_follow_up(session: Session) -> ColumnElement:
    """Each case's earliest open follow-up, NULL without one: MIN over both tables
    ignores NULL dates as the list always did. A volunteer's follow-ups are their tasks
    alone (appeals are withheld)."""
    parts = [select(Task.due_date.label("due"))
             .where(Task.case_id == Case.id, Task.done.is_(False)).correlate(Case)]
    if not withheld(session, ("appeals",)).tables:
        parts.insert(0, select(Appeal.follow_up_date.label("due"))
                     .where(Appeal.case_id == Case.id, Appeal.status.in_(_OPEN_APPEALS))
                     .correlate(Case))
    dates = union_all(*parts).subquery("follow_up_dates")
    return select(func.min(dates.c.due)).correlate(Case).scalar_subquery()


@dataclass(frozen=True)
class CaseFilter:
    """What the list shows; empty fields mean "any"."""

    statuses: tuple[str, ...] = ()
    citizenship: str = ""
    priority: str = ""
    recruitment: str = ""
    assigned_to: str = ""
    tag: str = ""
    query: str = ""
    ids: tuple[int, ...] | None = field(default=None)
    import_id: int | None = None  # cases this import created or changed

    def is_empty(self) -> bool:
        return self == CaseFilter()


def _query_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Case ids matching a free-text query, best first, via the search module (with a
    `limit`, the first `limit` alone: casemanager.services.search)."""
    from casemanager.services.search import search_ids

    return search_ids(session, query, limit=limit)


def _allowed(session: Session, stmt: Select, ids: list[int]) -> set[int]:
    """Those of `ids` the filtered statement `stmt` (of Case.id) keeps."""
    allowed: set[int] = set()
    # Chunk the IN list: SQLite's variable limit and PostgreSQL's planner both like it.
    for start in range(0, len(ids), 5000):
        allowed.update(session.scalars(stmt.where(Case.id.in_(ids[start : start + 5000]))))
    return allowed


def filtered(stmt: Select, f: CaseFilter, session: Session) -> Select:
    if f.statuses:
        stmt = stmt.where(Case.status.in_(f.statuses))
    if f.citizenship:
        stmt = stmt.where(
            Case.id.in_(
                select(Citizenship.case_id).where(Citizenship.country == f.citizenship.upper())
            )
        )
    if f.priority:
        stmt = stmt.where(Case.priority == f.priority)
    if f.recruitment:
        stmt = stmt.where(Case.recruitment == f.recruitment)
    if f.assigned_to:
        stmt = stmt.where(func.lower(Case.assigned_to) == f.assigned_to.lower())
    if f.tag:
        stmt = stmt.where(Case.id.in_(select(CaseTag.case_id).where(CaseTag.tag == f.tag)))
    if f.ids is not None:
        stmt = stmt.where(Case.id.in_(f.ids))
    if f.import_id is not None:
        from casemanager.store.models import ImportedCase

        stmt = stmt.where(Case.id.in_(
            select(ImportedCase.case_id).where(ImportedCase.import_id == f.import_id)))
    return stmt


def case_ids(
    db: Database, f: CaseFilter = CaseFilter(), *, sort: str = "reference", descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """The ids of every case the filter shows, in display order; with `limit`, only the
    first `limit` of them (the database sorts and stops: the window's first page at a
    million cases without reading every id).

    With a free-text query and the default sort, the order is the search's ranking.
    """
    ids: list[int] = []
    _read_ids(db, f, sort, descending, limit, ids)
    return ids


def case_id_array(
    db: Database, f: CaseFilter = CaseFilter(), *, sort: str = "reference", descending: bool = False,
    limit: int | None = None,
) -> array[int]:
    """`case_ids` as an array of 64-bit integers: 8 bytes an id where a list of Python
    ints takes about 36, and nothing for Python's cycle collector to walk (the window's
    list of a million cases)."""
    ids = array("q")
    _read_ids(db, f, sort, descending, limit, ids)
    return ids


def _read_ids(db: Database, f: CaseFilter, sort: str, descending: bool, limit: int | None,
              into: MutableSequence[int]) -> None:
    """Append the ids `case_ids` returns to `into`. They are read from the driver's
    cursor a chunk at a time (the ORM held every row of the result at once, a tuple
    each), so memory holds the ids and one chunk. The search, the filter and every part
    of the order read one snapshot (store/snapshot.py): a save by another process
    between two parts could list a case twice (its status moved to a later part) or not
    at all."""
    with db.session() as session, read_snapshot(session):
        stmt = filtered(select(Case.id), f, session)
        ranked: list[int] | None = None
        if f.query.strip() and limit and sort == "reference" and not descending:
            # The first page alone, in the search's order: when the filter keeps every id
            # of it (or it holds every match) it is the page of the whole list.
            page = _query_ids(session, f.query, limit)
            allowed = _allowed(session, stmt, page)
            if len(page) < limit or len(allowed) == len(page):
                into.extend([i for i in page if i in allowed])
                return
        if f.query.strip():
            ranked = _query_ids(session, f.query)
        if ranked is not None:
            if not ranked:
                return
            allowed = _allowed(session, stmt, ranked)
            if sort == "reference" and not descending:
                into.extend([i for i in ranked if i in allowed][:limit])
                return
            stmt = stmt.where(Case.id.in_(list(allowed)))
        start = len(into)
        for part in sorted_parts(session, stmt, sort, descending):
            if limit is not None:
                if len(into) - start >= limit:
                    return
                part = part.limit(limit - (len(into) - start))
            _read_part(session, part, into)


def _read_part(session: Session, stmt: Select, into: MutableSequence[int]) -> None:
    result = session.connection().execute(stmt)
    # The driver's rows as they are (one int each): SQLAlchemy's processing of each
    # row doubled the time of reading a million ids (2.6 s of CPU against 1.0 s).
    cursor = result.cursor
    try:
        while rows := cursor.fetchmany(_ID_CHUNK):
            into.extend([row[0] for row in rows])
            gil_turns.take_turns()
    finally:
        result.close()


def sorted_parts(session: Session, stmt: Select, sort: str, descending: bool) -> list[Select]:
    """`stmt` (a select of Case.id) in the list's order by the column `sort` (a name of
    SORT_NAMES; another is the reference), as statements whose results, one after the
    other, are that order: the cases with a value ordered by it, then those without one
    (empty text, no date, no follow-up) by id, whichever the direction; ties by id
    ascending; status, priority and recruitment in VOCABULARY_ORDER (reversed when
    descending); a place not disclosed after the named places; on both databases alike
    (text by code point of its key: COLLATE "C" on PostgreSQL, as SQLite's BINARY)."""
    key: SQLColumnExpression[Any] = (_next_follow_up(session) if sort == "next_follow_up"
                                     else SORT_KEYS.get(sort, Case.id))
    if sort == "detention_place" and descending:
        key = _detention_place(descending=True)
    if sort not in SORT_NAMES:
        sort = "reference"
    if sort in ("citizenships", "detention_place") and \
            session.get_bind().dialect.name == "postgresql":
        key = key.collate("C")  # by code point, as on SQLite (the key's, the codes')

    def ordered(part: Select) -> Select:
        return part.order_by(key.desc() if descending else key.asc(), Case.id)

    if sort in VOCABULARY_ORDER:
        codes = VOCABULARY_ORDER[sort]
        parts = [stmt.where(key == code).order_by(Case.id)
                 for code in (reversed(codes) if descending else codes)]
        parts.append(ordered(stmt.where(key.not_in(codes), key > "")))
        if sort in _EMPTY_TEXT:
            parts.append(stmt.where(key == "").order_by(Case.id))
        return parts
    if sort in _EMPTY_TEXT:
        return [ordered(stmt.where(key > "")), stmt.where(key == "").order_by(Case.id)]
    if sort in _EMPTY_NULL:
        return [ordered(stmt.where(key.is_not(None))),
                stmt.where(key.is_(None)).order_by(Case.id)]
    if sort in _NEVER_EMPTY:
        return [ordered(stmt)]
    order = key.desc().nulls_last() if descending else key.asc().nulls_last()
    return [stmt.order_by(order, Case.id)]


def _rows(session: Session, ids: Sequence[int]) -> dict[int, CaseRow]:
    if not ids:
        return {}
    # Only the columns the list shows: on a server a volunteer may not read them all.
    cases = session.execute(select(Case).where(Case.id.in_(ids)).options(
        load_only(*_ROW_COLUMNS))).scalars().all()
    hidden = withheld(session, ("appeals", "tasks"))
    cits: dict[int, list[str]] = {}
    for case_id, country in session.execute(
        select(Citizenship.case_id, Citizenship.country)
        .where(Citizenship.case_id.in_(ids))
        .order_by(Citizenship.case_id, Citizenship.position)
    ):
        cits.setdefault(case_id, []).append(country)
    places: dict[int, str] = {}
    for case_id, facility, disclosed in session.execute(
        select(CustodyPeriod.case_id, CustodyPeriod.facility, CustodyPeriod.disclosed)
        .where(CustodyPeriod.case_id.in_(ids))
        .order_by(CustodyPeriod.case_id, CustodyPeriod.id)
    ):
        places[case_id] = facility if disclosed else "location not disclosed"
    follow: dict[int, dt.date] = {}
    open_appeals = (
        select(Appeal.case_id, func.min(Appeal.follow_up_date))
        .where(
            Appeal.case_id.in_(ids),
            Appeal.follow_up_date.is_not(None),
            Appeal.status.in_(_OPEN_APPEALS),
        )
        .group_by(Appeal.case_id)
    )
    open_tasks = (
        select(Task.case_id, func.min(Task.due_date))
        .where(Task.case_id.in_(ids), Task.due_date.is_not(None), Task.done.is_(False))
        .group_by(Task.case_id)
    )
    for stmt in (open_appeals, open_tasks):
        if stmt is open_appeals and hidden.any_of(("appeals",)):
            continue  # appeals are not this login's to read (a volunteer)
        for case_id, when in session.execute(stmt):
            if when is None:  # never: both queries keep dated rows only
                continue
            current = follow.get(case_id)
            follow[case_id] = when if current is None or when < current else current
    return {
        c.id: CaseRow(
            id=c.id,
            reference=c.reference,
            status=c.status,
            priority=c.priority,
            family_name=c.family_name,
            given_name=c.given_name,
            patronymic=c.patronymic,
            name_native=c.name_native,
            name_latin=c.name_latin,
            citizenships=";".join(cits.get(c.id, [])),
            recruitment=c.recruitment,
            assigned_to=c.assigned_to,
            capture_date=c.capture_date,
            detention_place=places.get(c.id, ""),
            next_follow_up=follow.get(c.id),
            updated_at=c.updated_at,
        )
        for c in cases
    }


def rows_for_ids(db: Database, ids: Sequence[int]) -> list[CaseRow]:
    """The list rows for these ids, in the same order (missing ids are skipped)."""
    with db.session() as session:
        found = _rows(session, ids)
    return [found[i] for i in ids if i in found]


def references_for_ids(db: Database, ids: Sequence[int]) -> dict[int, str]:
    """{case id: reference} for these ids (ids gone meanwhile are left out); read 500 at
    a time, so a selection of every case stays within the driver's parameter limits."""
    found: dict[int, str] = {}
    with db.session() as session:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows = session.execute(select(Case.id, Case.reference).where(Case.id.in_(chunk)))
            found.update((case_id, reference) for case_id, reference in rows)
    return found


def closest_cases(db: Database, query: str, limit: int = 5) -> list[CaseRow]:
    """The cases whose names are nearest to a search that found nothing, best first."""
    from casemanager.services.search import closest_ids

    with db.session() as session:
        ids = closest_ids(session, query, limit)
    return rows_for_ids(db, ids)


def list_cases(
    db: Database,
    f: CaseFilter = CaseFilter(),
    *,
    sort: str = "reference",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[CaseRow]:
    ids = case_ids(db, f, sort=sort, descending=descending)
    ids = ids[offset : offset + limit if limit else None]
    out: list[CaseRow] = []
    for start in range(0, len(ids), 2000):
        out.extend(rows_for_ids(db, ids[start : start + 2000]))
    return out


def count_cases(db: Database, f: CaseFilter = CaseFilter()) -> int:
    if f.query.strip():
        return len(case_ids(db, f))
    with db.session() as session:
        return session.scalar(filtered(select(func.count(Case.id)), f, session)) or 0


def distinct_values(db: Database) -> dict[str, list[str]]:
    """Values present in the data, for the GUI's filter menus."""
    with db.session() as session:
        return {
            "citizenship": list(
                session.scalars(
                    select(Citizenship.country).distinct().order_by(Citizenship.country)
                )
            ),
            "assigned_to": list(
                session.scalars(
                    select(Case.assigned_to)
                    .where(Case.assigned_to != "")
                    .distinct()
                    .order_by(Case.assigned_to)
                )
            ),
            "tag": list(session.scalars(select(CaseTag.tag).distinct().order_by(CaseTag.tag))),
        }
