"""Reading the audit log: a case's history, the global log filtered, CSV and JSON out.

Entries are written by the unit of work (store/unit_of_work.py) inside the transaction of each change;
this module only reads them. Times are stored and shown in UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import normalise_reference, stored_spellings
from casemanager.domain.messages import msg
from casemanager.domain.partialdate import PartialDate
from casemanager.store.database import Database
from casemanager.store.models import AuditEntry

CSV_COLUMNS = ("at_utc", "user", "action", "entity", "entity_id", "case", "field", "old", "new")


# The server's own entries (action `direct_change`, migrations 0015/0016: a row changed
# beside the application) name the table and columns as stored; the command line's table
# says them in a caseworker's words (English, as the command line is) unless `--raw`.
# The window has the same words, translated (ui/protect/audit_words.py TABLES).
DIRECT_TABLES = {
    "cases": "case", "aliases": "other spelling", "citizenships": "citizenship",
    "identity_documents": "document", "external_references": "partner's reference",
    "case_tags": "tag", "status_changes": "status", "custody_periods": "custody",
    "media_appearances": "media appearance", "case_contacts": "contact of the case",
    "appeals": "appeal", "events": "event", "attachments": "attachment", "tasks": "task",
    "disclosures": "disclosure", "exchange_listings": "place on an exchange list",
    "case_members": "person named on a restricted case",
    "import_cases": "case of an imported list", "contacts": "contact",
    "contact_channels": "contact's phone, e-mail or messenger",
}
# The server's word for what was done to the row (the entry's `operation`).
DIRECT_OPERATIONS = {"INSERT": "added", "UPDATE": "changed", "DELETE": "deleted"}
DIRECT_FIELDS = {"operation": "change", "id": "record number", "email": "e-mail"}


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as plain data; `changes` maps field -> (old, new) as text."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    case_reference: str
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)

    def summary(self, limit: int = 60, *, raw: bool = True) -> str:
        """`field: old → new; …`, each value cut to `limit` characters. `raw=False`: a
        server entry's (`direct_change`) columns and operation in words ("change: — →
        changed; phone: …", not "operation: — → UPDATE"), the rest as stored."""

        def cut(text: str) -> str:
            text = " ".join(text.split())
            return text if len(text) <= limit else text[: limit - 1] + "…"

        worded = not raw and self.action == "direct_change"

        def name_of(name: str) -> str:
            return DIRECT_FIELDS.get(name, name.replace("_", " ")) if worded else name

        def value_of(name: str, value: str) -> str:
            return DIRECT_OPERATIONS.get(value, value) if worded and name == "operation" \
                else value

        return "; ".join(
            f"{name_of(name)}: {cut(value_of(name, old)) or '—'} → "
            f"{cut(value_of(name, new)) or '—'}"
            for name, (old, new) in self.changes.items()
        )

    def what(self, *, raw: bool = True) -> str:
        """What the entry is about: the record's kind (`appeal`); `raw=False`: a server
        entry's table in words ("contact's phone, e-mail or messenger", not
        `contact_channels`)."""
        if not raw and self.action == "direct_change":
            return DIRECT_TABLES.get(self.entity, self.entity)
        return self.entity

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at_utc": self.at.replace(microsecond=0).isoformat(),
            "user": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "case": self.case_reference,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()},
        }


@dataclass(frozen=True)
class AuditQuery:
    """Filters for the global log; all optional. Dates are inclusive, in UTC."""

    case: str | None = None
    user: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    action: str | None = None
    limit: int | None = None
    newest_first: bool = True


def _record(entry: AuditEntry) -> AuditRecord:
    raw = entry.changes or {}
    changes = {}
    for name, pair in raw.items():
        old, new = (list(pair) + ["", ""])[:2] if isinstance(pair, list | tuple) else ("", pair)
        changes[str(name)] = (str(old or ""), str(new or ""))
    if "operation" in changes and entry.action == "direct_change":
        # The server's entry, from a jsonb object (keys by length): what was done first.
        changes = {"operation": changes.pop("operation"), **changes}
    return AuditRecord(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        case_reference=entry.case_reference,
        changes=changes,
    )


def _reference(text: str) -> str:
    return normalise_reference(text)


def entries(db: Database, query: AuditQuery | None = None) -> list[AuditRecord]:
    """The audit log, filtered, newest first unless asked otherwise."""
    q = query or AuditQuery()
    stmt = select(AuditEntry)
    if q.case:
        # Entries logged under an older padded spelling of the number are the case's too.
        stmt = stmt.where(AuditEntry.case_reference.in_(stored_spellings(_reference(q.case))))
    if q.user:
        stmt = stmt.where(AuditEntry.actor == q.user)
    if q.since:
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(q.since, dt.time.min))
    if q.until:
        stmt = stmt.where(AuditEntry.at < dt.datetime.combine(q.until, dt.time.min)
                          + dt.timedelta(days=1))
    if q.action:
        stmt = stmt.where(AuditEntry.action == q.action)
    order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if q.newest_first else (
        AuditEntry.at, AuditEntry.id)
    stmt = stmt.order_by(*order)
    if q.limit:
        stmt = stmt.limit(q.limit)
    with db.session() as session:
        return [_record(e) for e in session.scalars(stmt)]


def case_history(db: Database, reference: str) -> list[AuditRecord]:
    """Everything recorded about one case, oldest first (also after it was deleted)."""
    return entries(db, AuditQuery(case=reference, newest_first=False))


def users(db: Database) -> list[str]:
    """Everyone who appears in the log, for a filter list."""
    with db.session() as session:
        return sorted(session.scalars(select(AuditEntry.actor).distinct()))


def actions(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(AuditEntry.action).distinct()))


def parse_day(text: str, what: str = "since") -> dt.date:
    """A day as 2024-03-12 or 12.03.2024 (a full date: the log is filtered by day)."""
    try:
        day = PartialDate.parse(text)
    except (ValueError, ValidationError):
        day = None
    if day is None or day.precision != "day" or day.month is None or day.day is None:
        raise ValidationError(what, msg("'{text}' is not a full date like 2024-03-12",
                                            text=text))
    return dt.date(day.year, day.month, day.day)


def write_csv(records: Iterable[AuditRecord], fh: IO[str]) -> int:
    """One row per changed field (an entry without fields is one row); returns rows.

    UTF-8 with a BOM is the caller's choice of file encoding (`utf-8-sig`), as for the
    interchange CSV, so spreadsheets read Cyrillic correctly.
    """
    writer = csv.writer(fh)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for r in records:
        base = [r.at.replace(microsecond=0).isoformat(), r.actor, r.action, r.entity,
                "" if r.entity_id is None else r.entity_id, r.case_reference]
        for name, (old, new) in (r.changes.items() or [("", ("", ""))]):
            writer.writerow([*base, name, old, new])
            n += 1
    return n


def changes_since(session: Session, case_id: int, count: int) -> list[AuditRecord]:
    """The last `count` saves of a case's own fields (`update` entries), with the status
    changes made among and after them, oldest first: what someone else did since a
    caseworker opened the version they are saving over.

    A status change is a Core UPDATE that leaves the version alone, so it is not one of
    the `count`: counting it would push the save that did move the version out.
    """
    if count <= 0:
        return []
    oldest = session.scalar(
        select(AuditEntry.id)
        .where(AuditEntry.case_id == case_id, AuditEntry.action == "update")
        .order_by(AuditEntry.id.desc())
        .offset(count - 1)
        .limit(1)
    )
    stmt = select(AuditEntry).where(
        AuditEntry.case_id == case_id, AuditEntry.action.in_(("update", "change_status"))
    )
    if oldest is None:  # fewer saves than versions (a merge or a restriction moved it)
        stmt = stmt.order_by(AuditEntry.id.desc()).limit(count)
        return [_record(e) for e in reversed(list(session.scalars(stmt)))]
    stmt = stmt.where(AuditEntry.id >= oldest).order_by(AuditEntry.id)
    return [_record(e) for e in session.scalars(stmt)]
