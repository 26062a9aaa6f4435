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

from sqlalchemy import func, select

from casemanager.domain.errors import NotFoundError, ValidationError
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


def due_items(
    db: Database,
    *,
    today: dt.date | None = None,
    days: int | None = None,
    assignee: str | None = None,
) -> list[DueItem]:
    """Everything due, most urgent first.

    `days`: only what falls due within that many days from today (overdue always shows).
    `assignee`: only that caseworker's items (a task's assignee, else the case's
    caseworker; empty text means the unassigned ones).
    """
    today = today or dt.date.today()
    if days is not None and days < 0:
        raise ValidationError("days", "must be 0 or more")
    horizon = today + dt.timedelta(days=days) if days is not None else None
    items: list[DueItem] = []
    with db.session() as session:
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
            .where(Appeal.follow_up_date.is_not(None), Appeal.status.in_(OPEN_APPEAL_STATUSES))
        )
        if horizon is not None:
            appeals = appeals.where(Appeal.follow_up_date <= horizon)
        # A volunteer on a server may not read appeals: their follow-ups are tasks.
        with_appeals = not withheld(session, ("appeals", "contacts")).tables
        for row in session.execute(appeals) if with_appeals else ():
            subject = row.subject or "Appeal"
            title = f"Follow up: {subject}" + (f" ({row.name})" if row.name else "")
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
                )
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
            .where(Task.due_date.is_not(None), Task.done.is_(False))
        )
        if horizon is not None:
            tasks = tasks.where(Task.due_date <= horizon)
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
                )
            )
    if assignee is not None:
        items = [i for i in items if _same_person(i.assignee, assignee)]
    priority_rank = {"urgent": 0, "high": 1, "normal": 2}
    items.sort(
        key=lambda i: (i.due, priority_rank.get(i.case_priority, 3), i.case_reference, i.kind, i.id)
    )
    return items


def group_by_bucket(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    groups: dict[str, list[DueItem]] = {b: [] for b in BUCKETS}
    for item in items:
        groups[item.bucket].append(item)
    return groups


def assignees(items: Iterable[DueItem]) -> list[str]:
    """The caseworkers with something due, for the assignee filter."""
    return sorted({i.assignee for i in items if i.assignee}, key=str.casefold)


def overdue_count(db: Database, *, today: dt.date | None = None, assignee: str | None = None) -> int:
    """How many follow-ups are overdue (the start-up check asks this)."""
    today = today or dt.date.today()
    if assignee is not None:
        return sum(1 for i in due_items(db, today=today, days=0, assignee=assignee)
                   if i.bucket == "overdue")
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
        raise ValidationError("kind", f"'{kind}' is not one of: {', '.join(KINDS)}")


def _update(
    db: Database, kind: str, item_id: int, fields: dict[str, object],
    actor: str | None, uow: UnitOfWork | None,
) -> None:
    """update_record, with NotFoundError naming the follow-up (a task, an appeal)."""
    model = Task if kind == "task" else Appeal
    with unit_of_work(db, uow, actor) as uow:
        if uow.session.get(model, item_id) is None:
            raise NotFoundError(f"no {kind} with id {item_id}")
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
        raise ValidationError("due_date" if kind == "task" else "follow_up_date", "is required")
    name = "due_date" if kind == "task" else "follow_up_date"
    _update(db, kind, item_id, {name: new_date}, actor, uow)
