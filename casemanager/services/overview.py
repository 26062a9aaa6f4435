"""The overview: where all cases stand, for the caseworker's day and the NGO's reports.

Counts by status, citizenship, recruitment circumstance and priority (a person with two
citizenships counts under both); cases nobody has touched for 90 days (not counting
repatriated, deceased or closed ones, which are meant to go quiet); overdue follow-ups; the latest changes from the audit log. With
`assignee`, everything is limited to that caseworker's cases ("my cases").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from casemanager.domain import vocab
from casemanager.domain.fields import as_text
from casemanager.domain.names import display_name
from casemanager.services.followups import DueItem, count_due, due_items
from casemanager.store.database import Database
from casemanager.store.models import AuditEntry, Case, Citizenship, utcnow
from casemanager.store.privileges import withheld

STALE_DAYS = 90
RECENT_CHANGES = 25
#: How many stale cases and overdue follow-ups the overview lists (the counts are always
#: whole): a long list costs seconds at 100,000 cases and nobody reads past a page of it.
LIST_LIMIT = 200
# Label for cases where the fact is not recorded.
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class StaleCase:
    reference: str
    case_name: str
    status: str
    assigned_to: str
    updated_at: dt.datetime
    days: int
    case_name_native: str = ""  # the name in its own script, if known


@dataclass(frozen=True)
class RecentChange:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    case_reference: str
    fields: str  # the names of the fields changed, joined with ", "


@dataclass(frozen=True)
class Overview:
    generated_at: dt.datetime
    assignee: str | None
    total: int
    by_status: tuple[tuple[str, int], ...]
    by_citizenship: tuple[tuple[str, int], ...]
    by_recruitment: tuple[tuple[str, int], ...]
    by_priority: tuple[tuple[str, int], ...]
    stale: tuple[StaleCase, ...]  # the first `list_limit`, longest untouched first
    overdue: tuple[DueItem, ...]  # the first `list_limit`, most urgent first
    recent: tuple[RecentChange, ...]
    stale_total: int | None = None  # all stale cases (None: as many as listed)
    overdue_total: int | None = None  # all overdue follow-ups (None: as many as listed)
    # On a server, what this login may not read and the overview leaves out ("appeals"
    # for a volunteer): the overdue follow-ups are then its tasks alone.
    left_out: tuple[str, ...] = ()

    @property
    def stale_count(self) -> int:
        """How many cases had no update for STALE_DAYS (listed or not)."""
        return len(self.stale) if self.stale_total is None else self.stale_total

    @property
    def overdue_count(self) -> int:
        """How many follow-ups are overdue (listed or not)."""
        return len(self.overdue) if self.overdue_total is None else self.overdue_total

    @property
    def open_cases(self) -> int:
        return sum(n for s, n in self.by_status if s not in vocab.CLOSED_STATUSES)


def _mine(stmt: Select, names: list[str] | None) -> Select:
    return stmt if names is None else stmt.where(Case.assigned_to.in_(names))


def _spellings(session: Session, assignee: str) -> list[str]:
    """The stored spellings of a caseworker's name: matched without regard to case in
    Python, since SQLite's LOWER() folds only ASCII (Ольга, ОЛЬГА)."""
    wanted = assignee.strip().casefold()
    values = session.scalars(select(Case.assigned_to).distinct())
    return [v for v in values if v.strip().casefold() == wanted]


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Every known value in vocabulary order (zeros kept, so charts stay comparable
    between reports), then anything else, then the unrecorded."""
    out = [(v, counts.get(v, 0)) for v in order]
    out += sorted(((k, n) for k, n in counts.items() if k not in order and k), key=lambda kv: kv[0])
    if counts.get(""):
        out.append((NOT_RECORDED, counts[""]))
    return tuple(out)


def overview(
    db: Database,
    *,
    assignee: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    recent_limit: int = RECENT_CHANGES,
    list_limit: int | None = LIST_LIMIT,
) -> Overview:
    """All the overview's figures, read in one session: counts by GROUP BY and COUNT
    over indexes (migration 0009), so the cost does not follow the number of cases; the
    stale and overdue lists hold at most `list_limit` entries each (None: all), their
    totals are `stale_count` and `overdue_count`."""
    now = now or utcnow()
    today = today or dt.date.today()
    with db.session() as session:
        names = _spellings(session, assignee) if assignee is not None else None
        left_out = tuple(sorted(withheld(session, ("appeals",)).tables))

        def grouped(column: InstrumentedAttribute[Any]) -> dict[str, int]:
            stmt = _mine(select(column, func.count(Case.id)).group_by(column), names)
            return {(k or ""): n for k, n in session.execute(stmt)}

        total = session.scalar(_mine(select(func.count(Case.id)), names)) or 0
        by_status = _ordered(grouped(Case.status), vocab.STATUSES)
        by_priority = _ordered(grouped(Case.priority), vocab.PRIORITIES)
        by_recruitment = _ordered(grouped(Case.recruitment), vocab.RECRUITMENT)

        cit_stmt = select(Citizenship.country, func.count(Citizenship.case_id))
        if names is not None:  # every citizenship row has its case (a foreign key)
            cit_stmt = cit_stmt.join(Case, Case.id == Citizenship.case_id).where(
                Case.assigned_to.in_(names))
        cit_stmt = cit_stmt.group_by(Citizenship.country)
        cits = {k: n for k, n in session.execute(cit_stmt)}
        without = session.scalar(
            _mine(
                select(func.count(Case.id)).where(
                    ~Case.id.in_(select(Citizenship.case_id))
                ),
                names,
            )
        )
        by_citizenship = tuple(sorted(cits.items(), key=lambda kv: (-kv[1], kv[0])))
        if without:
            by_citizenship += ((NOT_RECORDED, without),)

        cutoff = now - dt.timedelta(days=STALE_DAYS)
        quiet = (Case.updated_at < cutoff, Case.status.not_in(vocab.CLOSED_STATUSES))
        stale_stmt = _mine(
            select(Case.reference, Case.family_name, Case.given_name, Case.patronymic,
                   Case.name_latin, Case.name_native,
                   Case.status, Case.assigned_to, Case.updated_at)
            .where(*quiet)
            .order_by(Case.updated_at, Case.id),
            names,
        )
        if list_limit is not None:
            stale_stmt = stale_stmt.limit(list_limit)
        stale_total = session.scalar(_mine(select(func.count(Case.id)).where(*quiet), names))
        stale_rows = session.execute(stale_stmt)
        stale = tuple(
            StaleCase(
                reference=r.reference,
                case_name=display_name(r.family_name, r.given_name, r.patronymic,
                                       latin=r.name_latin, native=r.name_native),
                status=r.status,
                assigned_to=r.assigned_to,
                updated_at=r.updated_at,
                days=(now - r.updated_at).days,
                case_name_native=r.name_native or "",
            )
            for r in stale_rows
        )

        audit = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if names is not None:
            audit = audit.where(
                AuditEntry.case_id.in_(select(Case.id).where(Case.assigned_to.in_(names)))
            )
        recent = tuple(
            RecentChange(
                at=a.at, actor=a.actor, action=a.action, entity=a.entity,
                case_reference=a.case_reference, fields=", ".join(sorted(a.changes or {})),
            )
            for a in session.scalars(audit.limit(recent_limit))
        )
    overdue = tuple(due_items(db, today=today, days=0, assignee=assignee, overdue_only=True,
                              limit=list_limit))
    overdue_total = count_due(db, today=today, days=0, assignee=assignee, overdue_only=True)
    return Overview(
        generated_at=now, assignee=assignee, total=total, by_status=by_status,
        by_citizenship=by_citizenship, by_recruitment=by_recruitment, by_priority=by_priority,
        stale=stale, overdue=overdue, recent=recent, stale_total=stale_total or 0,
        overdue_total=overdue_total, left_out=left_out,
    )


def overview_json(ov: Overview) -> dict[str, Any]:
    """The overview as plain JSON: counts as numbers, everything else as text."""
    return {
        "generated_at": as_text(ov.generated_at),
        "assignee": ov.assignee or "",
        "total": ov.total,
        "open": ov.open_cases,
        "by_status": dict(ov.by_status),
        "by_citizenship": dict(ov.by_citizenship),
        "by_recruitment": dict(ov.by_recruitment),
        "by_priority": dict(ov.by_priority),
        "no_update_90_days_count": ov.stale_count,
        "overdue_count": ov.overdue_count,
        "no_update_90_days": [
            {"reference": s.reference, "name": s.case_name, "status": s.status,
             "assigned_to": s.assigned_to, "updated_at": as_text(s.updated_at),
             "days": s.days}
            for s in ov.stale
        ],
        "overdue": [
            {"kind": i.kind, "id": i.id, "reference": i.case_reference, "name": i.case_name,
             "title": i.title, "due": as_text(i.due), "assignee": i.assignee,
             "days_overdue": -i.days}
            for i in ov.overdue
        ],
        "recent_changes": [
            {"at": as_text(c.at), "actor": c.actor, "action": c.action, "entity": c.entity,
             "reference": c.case_reference, "fields": c.fields}
            for c in ov.recent
        ],
        # What this login may not read and the figures leave out (a volunteer: appeals).
        "left_out": list(ov.left_out),
    }
