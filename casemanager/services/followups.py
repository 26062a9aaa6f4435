"""Follow-ups: what needs doing today.

Two things come due: an open appeal's follow-up date (open means draft, sent,
acknowledged or no response) and a free-standing task's due date. `due_items` puts both
in one list, each in a bucket (overdue, today, this week, later); the actions that clear
them (a task done, an appeal answered, a date moved) are one transaction with their
audit entry each, through the record services, and take `uow=` like them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.messages import msg
from casemanager.domain.names import display_name
from casemanager.domain.partialdate import PartialDate
from casemanager.services.records import update_record
from casemanager.store.database import Database
from casemanager.store.models import Appeal, Case, Contact, Task
from casemanager.store.privileges import withheld
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

OPEN_APPEAL_STATUSES = ("draft", "sent", "acknowledged", "no_response")
BUCKETS = ("overdue", "today", "week", "later")
BUCKET_TITLES = {
    "overdue": "Overdue",
    "today": "Today",
    "week": "This week",
    "later": "Later",
}
# "This week" is the coming seven days, so Friday's list still shows Monday's calls.
WEEK_DAYS = 7
KINDS = ("task", "appeal")


@dataclass(frozen=True)
class DueItem:
    """One thing that comes due: an open appeal's follow-up or an unfinished task."""

    kind: str  # "task" or "appeal"
    id: int
    case_reference: str
    case_name: str
    case_priority: str
    title: str
    due: dt.date
    assignee: str
    bucket: str
    days: int  # due minus today: negative when overdue
    case_name_native: str = ""  # the name in its own script ("Турсунов Алишер"), if known

    @property
    def action_label(self) -> str:
        return "done" if self.kind == "task" else "answered"


def bucket_for(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= WEEK_DAYS:
        return "week"
    return "later"


def _same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2}  # anything else ranks 3


def _sort_key(i: DueItem) -> tuple:
    return (i.due, PRIORITY_RANK.get(i.case_priority, 3), i.case_reference, i.kind, i.id)


def _spellings(session: Session, assignee: str) -> list[str]:
    """The stored spellings of a caseworker's name (case's caseworker or task assignee)
    that mean `assignee`: compared in Python, since SQLite's LOWER() folds only ASCII."""
    values = set(session.scalars(select(Case.assigned_to).distinct()))
    values |= set(session.scalars(select(Task.assignee).distinct()))
    return sorted(v for v in values if v is not None and _same_person(v, assignee))


def _task_assignee() -> Any:
    """A task's assignee, else its case's caseworker (as `DueItem.assignee`)."""
    return case((func.coalesce(Task.assignee, "") == "", Case.assigned_to), else_=Task.assignee)


def _due_queries(session: Session, *, today: dt.date, horizon: dt.date | None,
                 overdue_only: bool, assignee: str | None, upcoming_only: bool = False
                 ) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    """(appeal conditions, task conditions): open items due by `horizon` (before today
    with `overdue_only`, today or later with `upcoming_only`), limited to `assignee`'s
    spellings."""
    appeal_where: list[ColumnElement[bool]] = [Appeal.follow_up_date.is_not(None),
                                               Appeal.status.in_(OPEN_APPEAL_STATUSES)]
    task_where: list[ColumnElement[bool]] = [Task.due_date.is_not(None), Task.done.is_(False)]
    if horizon is not None:
        appeal_where.append(Appeal.follow_up_date <= horizon)
        task_where.append(Task.due_date <= horizon)
    if overdue_only:
        appeal_where.append(Appeal.follow_up_date < today)
        task_where.append(Task.due_date < today)
    if upcoming_only:
        appeal_where.append(Appeal.follow_up_date >= today)
        task_where.append(Task.due_date >= today)
    if assignee is not None:
        names = _spellings(session, assignee)
        appeal_where.append(Case.assigned_to.in_(names))
        task_where.append(_task_assignee().in_(names))
    return appeal_where, task_where


def _horizon(today: dt.date | None, days: int | None) -> tuple[dt.date, dt.date | None]:
    """(today, the last day counted: None for no limit). ValidationError for days < 0."""
    today = today or dt.date.today()
    if days is not None and days < 0:
        raise ValidationError("days", msg("must be 0 or more"))
    return today, today + dt.timedelta(days=days) if days is not None else None


def due_items(
    db: Database,
    *,
    today: dt.date | None = None,
    days: int | None = None,
    assignee: str | None = None,
    limit: int | None = None,
    overdue_only: bool = False,
    upcoming_only: bool = False,
) -> list[DueItem]:
    """Everything due, most urgent first: by due date, then the case's priority (urgent,
    high, normal, other), reference, kind ("appeal" before "task") and id.

    `days`: only what falls due within that many days from today (overdue always shows).
    `assignee`: only that caseworker's items (a task's assignee, else the case's
    caseworker; empty text means the unassigned ones). `limit`: only the first `limit`
    items of that order (None: all), sorted by the database, so the cost follows the
    limit and not the number of cases; `count_due` gives the total. `overdue_only`:
    only items due before today; `upcoming_only`: only those due today or later (a
    limited list of each keeps today's items in sight behind thousands overdue). Raises
    ValidationError for negative `days` or `limit`.
    """
    today, horizon = _horizon(today, days)
    if limit is not None and limit < 0:
        raise ValidationError("limit", msg("must be 0 or more"))
    items: list[DueItem] = []
    with db.session() as session:
        appeal_where, task_where = _due_queries(
            session, today=today, horizon=horizon, overdue_only=overdue_only,
            assignee=assignee, upcoming_only=upcoming_only)
        # The same order as `_sort_key` within each kind, so the first `limit` of each
        # kind hold the first `limit` of both. References compare by code point, as in
        # Python ("C" collation on PostgreSQL; SQLite's BINARY is UTF-8 byte order).
        rank = case(
            *((Case.priority == p, r) for p, r in PRIORITY_RANK.items()), else_=3)
        reference = Case.reference.collate("C") if db.dialect == "postgresql" else Case.reference
        appeals = (
            select(
                Appeal.id,
                Appeal.follow_up_date,
                Appeal.subject,
                Appeal.status,
                Contact.name,
                Case.reference,
                Case.family_name,
                Case.given_name,
                Case.patronymic,
                Case.name_latin,
                Case.name_native,
                Case.priority,
                Case.assigned_to,
            )
            .join(Case, Case.id == Appeal.case_id)
            .outerjoin(Contact, Contact.id == Appeal.recipient_id)
            .where(*appeal_where)
        )
        tasks = (
            select(
                Task.id,
                Task.due_date,
                Task.title,
                Task.assignee,
                Case.reference,
                Case.family_name,
                Case.given_name,
                Case.patronymic,
                Case.name_latin,
                Case.name_native,
                Case.priority,
                Case.assigned_to,
            )
            .join(Case, Case.id == Task.case_id)
            .where(*task_where)
        )
        if limit is not None:
            appeals = appeals.order_by(Appeal.follow_up_date, rank, reference,
                                       Appeal.id).limit(limit)
            tasks = tasks.order_by(Task.due_date, rank, reference, Task.id).limit(limit)
        # A volunteer on a server may not read appeals: their follow-ups are tasks.
        with_appeals = not withheld(session, ("appeals", "contacts")).tables
        for row in session.execute(appeals) if with_appeals else ():
            subject = row.subject or msg("Appeal")
            title = (msg("Follow up: {subject} ({recipient})", subject=subject,
                         recipient=row.name) if row.name else
                     msg("Follow up: {subject}", subject=subject))
            items.append(
                DueItem(
                    kind="appeal",
                    id=row.id,
                    case_reference=row.reference,
                    case_name=display_name(row.family_name, row.given_name, row.patronymic,
                                           latin=row.name_latin, native=row.name_native),
                    case_priority=row.priority,
                    title=title,
                    due=row.follow_up_date,
                    assignee=row.assigned_to,
                    bucket=bucket_for(row.follow_up_date, today),
                    days=(row.follow_up_date - today).days,
                    case_name_native=row.name_native or "",
                )
            )
        for row in session.execute(tasks):
            items.append(
                DueItem(
                    kind="task",
                    id=row.id,
                    case_reference=row.reference,
                    case_name=display_name(row.family_name, row.given_name, row.patronymic,
                                           latin=row.name_latin, native=row.name_native),
                    case_priority=row.priority,
                    title=row.title,
                    due=row.due_date,
                    assignee=row.assignee or row.assigned_to,
                    bucket=bucket_for(row.due_date, today),
                    days=(row.due_date - today).days,
                    case_name_native=row.name_native or "",
                )
            )
    items.sort(key=_sort_key)
    return items if limit is None else items[:limit]


def count_due(
    db: Database,
    *,
    today: dt.date | None = None,
    days: int | None = None,
    assignee: str | None = None,
    overdue_only: bool = False,
    upcoming_only: bool = False,
) -> int:
    """How many items `due_items` with the same arguments returns without a limit, by
    two COUNT queries (indexes on the due dates): the total behind a limited list."""
    today, horizon = _horizon(today, days)
    with db.session() as session:
        appeal_where, task_where = _due_queries(
            session, today=today, horizon=horizon, overdue_only=overdue_only,
            assignee=assignee, upcoming_only=upcoming_only)
        appeals = select(func.count(Appeal.id)).where(*appeal_where)
        tasks = select(func.count(Task.id)).where(*task_where)
        if assignee is not None:
            appeals = appeals.join(Case, Case.id == Appeal.case_id)
            tasks = tasks.join(Case, Case.id == Task.case_id)
        # A role that may not read appeals (a volunteer) counts its tasks, as due_items
        # lists them.
        with_appeals = not withheld(session, ("appeals",)).tables
        return ((session.scalar(appeals) or 0) if with_appeals else 0) + \
            (session.scalar(tasks) or 0)


def count_due_by_bucket(
    db: Database,
    *,
    today: dt.date | None = None,
    days: int | None = None,
    assignee: str | None = None,
) -> dict[str, int]:
    """How many items `due_items` with the same arguments returns in each bucket
    (overdue, today, week, later), by one COUNT query per kind: the totals behind a
    limited list, its group headings included."""
    today, horizon = _horizon(today, days)
    week = today + dt.timedelta(days=WEEK_DAYS)
    counts = dict.fromkeys(BUCKETS, 0)

    def sums(due: Any) -> list[Any]:
        return [func.count(),
                func.sum(case((due < today, 1), else_=0)),
                func.sum(case((due == today, 1), else_=0)),
                func.sum(case(((due > today) & (due <= week), 1), else_=0))]

    with db.session() as session:
        appeal_where, task_where = _due_queries(
            session, today=today, horizon=horizon, overdue_only=False, assignee=assignee)
        appeals = select(*sums(Appeal.follow_up_date)).where(*appeal_where)
        tasks = select(*sums(Task.due_date)).where(*task_where)
        if assignee is not None:
            appeals = appeals.join(Case, Case.id == Appeal.case_id)
            tasks = tasks.join(Case, Case.id == Task.case_id)
        queries = [tasks] if withheld(session, ("appeals",)).tables else [appeals, tasks]
        for query in queries:
            # SUM is NULL over no rows, and a Decimal on PostgreSQL.
            total, overdue, on_the_day, this_week = (
                int(n or 0) for n in session.execute(query).one())
            counts["overdue"] += overdue
            counts["today"] += on_the_day
            counts["week"] += this_week
            counts["later"] += total - overdue - on_the_day - this_week
    return counts


def due_assignees(db: Database, *, today: dt.date | None = None,
                  days: int | None = None) -> list[str]:
    """The caseworkers with something due within `days` (as `assignees` over all of
    `due_items`): each stored name (cases' caseworkers, tasks' assignees; few, read by
    index) is kept if one due item is theirs, so the cost does not follow the number of
    items due."""
    today, horizon = _horizon(today, days)
    with db.session() as session:
        appeal_where, task_where = _due_queries(
            session, today=today, horizon=horizon, overdue_only=False, assignee=None)
        with_appeals = not withheld(session, ("appeals", "contacts")).tables
        stored = set(session.scalars(select(Case.assigned_to).distinct()))
        stored |= set(session.scalars(select(Task.assignee).distinct()))
        names = []
        for name in sorted(n for n in stored if n):
            appeal = select(Appeal.id).join(Case, Case.id == Appeal.case_id).where(
                *appeal_where, Case.assigned_to == name).limit(1)
            task = select(Task.id).join(Case, Case.id == Task.case_id).where(
                *task_where, _task_assignee() == name).limit(1)
            if (with_appeals and session.scalar(appeal) is not None) or \
                    session.scalar(task) is not None:
                names.append(name)
    return sorted(names, key=lambda n: (n.casefold(), n))


def group_by_bucket(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    groups: dict[str, list[DueItem]] = {b: [] for b in BUCKETS}
    for item in items:
        groups[item.bucket].append(item)
    return groups


def assignees(items: Iterable[DueItem]) -> list[str]:
    """The caseworkers with something due, for the assignee filter."""
    return sorted({i.assignee for i in items if i.assignee}, key=lambda n: (n.casefold(), n))


def overdue_count(db: Database, *, today: dt.date | None = None, assignee: str | None = None) -> int:
    """How many follow-ups are overdue (the start-up check asks this)."""
    today = today or dt.date.today()
    if assignee is not None:
        return count_due(db, today=today, assignee=assignee, overdue_only=True)
    with db.session() as session:
        appeals = session.scalar(
            select(func.count(Appeal.id)).where(
                Appeal.follow_up_date < today, Appeal.status.in_(OPEN_APPEAL_STATUSES)
            )
        ) if not withheld(session, ("appeals",)).tables else 0
        tasks = session.scalar(
            select(func.count(Task.id)).where(Task.due_date < today, Task.done.is_(False))
        )
    return (appeals or 0) + (tasks or 0)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError("kind", msg("'{kind}' is not one of: {kinds}", kind=kind,
                                            kinds=", ".join(KINDS)))


def _update(
    db: Database, kind: str, item_id: int, fields: dict[str, object],
    actor: str | None, uow: UnitOfWork | None,
) -> None:
    """update_record, with NotFoundError naming the follow-up (a task, an appeal)."""
    model = Task if kind == "task" else Appeal
    with unit_of_work(db, uow, actor) as uow:
        if uow.session.get(model, item_id) is None:
            raise NotFoundError(msg("no {kind} with id {id}", kind=kind, id=item_id))
        update_record(db, kind, item_id, fields=fields, uow=uow)


def mark_task_done(
    db: Database, task_id: int, *, actor: str | None = None, uow: UnitOfWork | None = None
) -> None:
    """Tick a task off. Raises NotFoundError."""
    _update(db, "task", task_id, {"done": True}, actor, uow)


def mark_appeal_answered(
    db: Database,
    appeal_id: int,
    *,
    response_date: PartialDate | str | None = None,
    summary: str = "",
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """The appeal got its answer: status answered, response dated (today unless given).
    Raises NotFoundError, ValidationError (the date)."""
    fields: dict[str, object] = {
        "status": "answered",
        "response_date": response_date or PartialDate.today(),
    }
    if summary:
        fields["response_summary"] = summary
    _update(db, "appeal", appeal_id, fields, actor, uow)


def complete(
    db: Database, kind: str, item_id: int, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Clear a due item: a task is done, an appeal answered. Raises ValidationError
    (kind), NotFoundError."""
    _check_kind(kind)
    if kind == "task":
        mark_task_done(db, item_id, actor=actor, uow=uow)
    else:
        mark_appeal_answered(db, item_id, actor=actor, uow=uow)


def move_due_date(
    db: Database, kind: str, item_id: int, new_date: dt.date | str, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Put a follow-up off (or forward) to another day. Raises ValidationError (kind,
    the date), NotFoundError."""
    _check_kind(kind)
    if new_date in (None, ""):
        raise ValidationError("due_date" if kind == "task" else "follow_up_date", msg("is required"))
    name = "due_date" if kind == "task" else "follow_up_date"
    _update(db, kind, item_id, {name: new_date}, actor, uow)
