"""The overview, due list and duplicate finder as they were before issue 18 (commit 38dbeff),
kept verbatim as the oracle that the faster versions must agree with
(tests/core/test_aggregates_same.py). Not used by the program."""

# ruff: noqa

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.partialdate import PartialDate
from casemanager.domain import vocab
from casemanager.services.followups import DueItem
from casemanager.services.overview import (
    NOT_RECORDED, RECENT_CHANGES, STALE_DAYS, Overview, RecentChange, StaleCase,
)
from casemanager.store.database import Database
from casemanager.store.models import Appeal, AuditEntry, Case, Citizenship, Contact, Task, utcnow

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


def _display_name(family: str, given: str, native: str) -> str:
    latin = " ".join(p for p in (family, given) if p)
    return latin or native


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
        for row in session.execute(appeals):
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
                    case_name_native=row.name_native or "",  # added since (the Due list)
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
                    case_name_native=row.name_native or "",  # added since (the Due list)
                )
            )
    if assignee is not None:
        items = [i for i in items if _same_person(i.assignee, assignee)]
    priority_rank = {"urgent": 0, "high": 1, "normal": 2}
    items.sort(
        key=lambda i: (i.due, priority_rank.get(i.case_priority, 3), i.case_reference, i.kind, i.id)
    )
    return items


def _mine(stmt: Select, names: list[str] | None) -> Select:
    return stmt if names is None else stmt.where(Case.assigned_to.in_(names))


def _spellings(session, assignee: str) -> list[str]:
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
) -> Overview:
    """All the overview's figures, read in one session."""
    now = now or utcnow()
    today = today or dt.date.today()
    with db.session() as session:
        names = _spellings(session, assignee) if assignee is not None else None

        def grouped(column) -> dict[str, int]:
            stmt = _mine(select(column, func.count(Case.id)).group_by(column), names)
            return {(k or ""): n for k, n in session.execute(stmt)}

        total = session.scalar(_mine(select(func.count(Case.id)), names)) or 0
        by_status = _ordered(grouped(Case.status), vocab.STATUSES)
        by_priority = _ordered(grouped(Case.priority), vocab.PRIORITIES)
        by_recruitment = _ordered(grouped(Case.recruitment), vocab.RECRUITMENT)

        cit_stmt = _mine(
            select(Citizenship.country, func.count(Citizenship.case_id))
            .join(Case, Case.id == Citizenship.case_id)
            .group_by(Citizenship.country),
            names,
        )
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
        stale_rows = session.execute(
            _mine(
                select(Case.reference, Case.family_name, Case.given_name, Case.patronymic,
                       Case.name_latin, Case.name_native,
                       Case.status, Case.assigned_to, Case.updated_at)
                .where(Case.updated_at < cutoff, Case.status.not_in(vocab.CLOSED_STATUSES))
                .order_by(Case.updated_at, Case.id),
                names,
            )
        )
        stale = tuple(
            StaleCase(
                reference=r.reference,
                case_name=display_name(r.family_name, r.given_name, r.patronymic,
                                       latin=r.name_latin, native=r.name_native),
                status=r.status,
                assigned_to=r.assigned_to,
                updated_at=r.updated_at,
                days=(now - r.updated_at).days,
                case_name_native=r.name_native or "",  # added since: the name's own script
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
    overdue = tuple(
        i for i in due_items(db, today=today, days=0, assignee=assignee) if i.bucket == "overdue"
    )
    return Overview(
        generated_at=now, assignee=assignee, total=total, by_status=by_status,
        by_citizenship=by_citizenship, by_recruitment=by_recruitment, by_priority=by_priority,
        stale=stale, overdue=overdue, recent=recent,
    )




# ---------------------------------------------------------------- duplicates (before issue 18)

from casemanager.services.duplicates import (DEFAULT_MIN_SCORE, NAME_FLOOR, NAME_WEIGHT, SAME_WORD, DuplicatePair, Person, _blocks, _dates, _year, dismissed_pairs, key_similarity, load_people, name_similarity)
from casemanager.domain.progress import no_progress
from casemanager.domain.names import display_name  # one name rule since issue 14
import itertools

def score_pair(a: Person, b: Person) -> tuple[float, tuple[str, ...]]:
    """The likelihood (0..1) that two people are one, with the reasons for it."""
    name = 0.0
    for va, vb in itertools.product(a.variants, b.variants):
        name = max(name, name_similarity(va, vb))
        if name == 1.0:
            break
    if name < NAME_FLOOR:
        return 0.0, ()
    if a.patronymic and b.patronymic and key_similarity(a.patronymic, b.patronymic) < SAME_WORD:
        return 0.0, ()  # different fathers' names
    score = NAME_WEIGHT * name
    reasons = ["same name" if name == 1.0 else f"similar names ({name:.2f})"]
    if a.date_of_birth is not None and b.date_of_birth is not None:
        points, why = _dates(a.date_of_birth, b.date_of_birth)
        score += points
        reasons.append(why)
    if a.citizenships and b.citizenships:
        shared = a.citizenships & b.citizenships
        if shared:
            score += 0.1
            reasons.append(f"both citizens of {';'.join(sorted(shared))}")
        else:
            score -= 0.1
            reasons.append(
                f"different citizenships ({';'.join(sorted(a.citizenships))} / "
                f"{';'.join(sorted(b.citizenships))})"
            )
    if a.place and b.place and a.place == b.place:
        score += 0.05
        reasons.append("same place of birth")
    return round(max(0.0, min(1.0, score)), 3), tuple(reasons)


def find_duplicates(
    db: Database, min_score: float = DEFAULT_MIN_SCORE, progress=no_progress
) -> list[DuplicatePair]:
    """Likely duplicate pairs, best first; dismissed pairs and merged cases left out."""
    if not 0.5 <= min_score <= 1.0:
        raise ValidationError("min_score", "must be between 0.5 and 1")
    with db.session() as session:
        people = load_people(session)
        dismissed = dismissed_pairs(session)
    blocks: dict[tuple[str, ...], list[Person]] = {}
    offers: list[tuple[Person, set[tuple[str, ...]]]] = []
    for p in people:
        own, offered = _blocks(p)
        for block in own:
            blocks.setdefault(block, []).append(p)
        offers.append((p, offered))
    for p, offered in offers:
        for block in offered:
            members = blocks.get(block)
            if members is not None and p not in members:
                members.append(p)
    seen: set[tuple[int, int]] = set()
    pairs: list[DuplicatePair] = []
    total = len(blocks)
    for done, members in enumerate(blocks.values(), 1):
        if done % 200 == 0 or done == total:
            progress(done, total, "Comparing names")
        if len(members) < 2:
            continue
        by_year: dict[int | None, list[Person]] = {}
        for p in members:
            by_year.setdefault(_year(p), []).append(p)
        unknown = by_year.pop(None, [])
        groups = [*(g + unknown for g in by_year.values())] or [unknown]
        for group in groups:
            for a, b in itertools.combinations(group, 2):
                key = (a.case_id, b.case_id) if a.case_id < b.case_id else (b.case_id, a.case_id)
                if key in seen or key in dismissed:
                    continue
                seen.add(key)
                score, reasons = score_pair(a, b)
                if score >= min_score:
                    first, second = (a, b) if a.case_id < b.case_id else (b, a)
                    pairs.append(DuplicatePair(
                        first.case_id, first.reference, first.display,
                        second.case_id, second.reference, second.display, score, reasons,
                    ))
    pairs.sort(key=lambda p: (-p.score, p.case_a, p.case_b))
    # The names in their own script were added to the pairs since (for the window).
    # And the names' reason saying what matched and what differs (the aliases read for
    # the pairs' cases only), as the scan words it since.
    from casemanager.services.duplicates import _with_native_names, with_name_reasons

    return with_name_reasons(db, _with_native_names(db, pairs))


