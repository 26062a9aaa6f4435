"""Rows older than their case: an import must not undo a change made here after the list
was written (DESIGN: edits never silently overwrite each other).

A list's `updated_at` says when the row's facts were last true for its writer (our
export writes each case's own `updated_at`). When a row updates a case that was changed
here after that time, each field the row would change is looked up in the case's audit
log (and the status in its status history): a field changed here after the row's time
keeps our newer value; the row's other fields apply as before. The report says which.

Why the audit log's per-field times and not the case's `updated_at` alone: the case's
time moves for any record (an appeal, a task, a contact), so a list written before a
new appeal would lose every field it corrects. The case's time is still the cheap gate:
only a case changed after the row's time is looked up (no query for the rows of a list
that is not older than its cases, such as an office's own export read back in).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, select

from casemanager.domain.fields import CASE_FIELDS, as_text
from casemanager.store.models import (
    Alias,
    AuditEntry,
    Case,
    CaseTag,
    Citizenship,
    CustodyPeriod,
    StatusChange,
)

__all__ = ["OLDER_ROW_CHOICES", "KeptField", "OlderRow", "changed_after", "kept_fields",
           "newer_here", "older_than_case"]

# keep-ours (default): our newer values stay; take-theirs: the list's values are taken.
OLDER_ROW_CHOICES = ("keep-ours", "take-theirs")

# Row columns a later change here protects. Not notes (a row's notes are added below
# ours, nothing is lost) nor partners' references (only ever added).
_GUARDED = frozenset(CASE_FIELDS) - {"notes"} | {"status", "detention_place"}
# Entries that are no change of a field made after the list: the case's creation (its
# first values), exports and the demo.
_NOT_CHANGES = frozenset({"create", "export", "demo"})
# Records whose entries change what a list's column shows (entity -> column).
_RECORD_COLUMNS = {"custody": "detention_place"}
# The server's own entries (action direct_change) name the table changed.
_DIRECT_TABLES = {"aliases": "aliases", "citizenships": "citizenships",
                  "case_tags": "tags", "custody_periods": "detention_place",
                  "status_changes": "status"}

_ENTRIES_AFTER = (
    select(AuditEntry.at, AuditEntry.action, AuditEntry.entity, AuditEntry.changes)
    .where(AuditEntry.case_id == bindparam("case_id"), AuditEntry.at >= bindparam("after"))
)
# The latest change of the status history, its first entry (the case's creation) left
# out: a case a list created keeps the list's time, its first entry the import's.
_FIRST_STATUS = (select(func.min(StatusChange.id))
                 .where(StatusChange.case_id == bindparam("case_id")).scalar_subquery())
_LAST_STATUS = select(func.max(StatusChange.recorded_at)).where(
    StatusChange.case_id == bindparam("case_id"), StatusChange.id > _FIRST_STATUS)


@dataclass(frozen=True)
class KeptField:
    """One field of an older row that differs from what the case holds and was changed
    here after the row's time: `ours` (the case's value, as text), `theirs` (the row's)
    and `changed` (when it was last changed here, UTC)."""

    field: str
    ours: str
    theirs: str
    changed: dt.datetime


@dataclass(frozen=True)
class OlderRow:
    """A row (spreadsheet number) whose `updated_at` is older than changes made here to
    fields it would change in case `reference`: those `fields`. `taken`: the list's
    values were taken anyway (`--older-rows take-theirs`)."""

    row: int
    reference: str
    updated_at: dt.datetime
    fields: tuple[KeptField, ...]
    taken: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "reference": self.reference,
                "updated_at": as_text(self.updated_at),
                "kept": "theirs" if self.taken else "ours",
                "fields": [{"field": f.field, "ours": f.ours, "theirs": f.theirs,
                            "changed_here": as_text(f.changed)} for f in self.fields]}


def older_than_case(stamp: dt.datetime | None, updated_at: dt.datetime | None) -> bool:
    """Whether a case last changed at `updated_at` was changed after a row's `stamp`.
    Lists give times to the second (our export drops the microseconds): a change within
    the row's second is taken to be the one the row shows."""
    return (stamp is not None and updated_at is not None
            and updated_at.replace(microsecond=0) > stamp)


def changed_after(conn: Connection, case_id: int, stamp: dt.datetime) -> dict[str, dt.datetime]:
    """{column: its last change here} for each list column of case `case_id` changed
    here after `stamp` (naive UTC, to the second), read from the case's audit entries
    and its status history: two indexed queries."""
    after = stamp.replace(microsecond=0) + dt.timedelta(seconds=1)
    changed: dict[str, dt.datetime] = {}

    def note(column: str, at: dt.datetime) -> None:
        if column in _GUARDED and (column not in changed or changed[column] < at):
            changed[column] = at

    for at, action, entity, changes in conn.execute(
            _ENTRIES_AFTER, {"case_id": case_id, "after": after}):
        if action in _NOT_CHANGES:
            continue
        if action == "direct_change":
            if entity in _DIRECT_TABLES:
                note(_DIRECT_TABLES[entity], at)
                continue
            if entity != "cases":
                continue
        elif entity in _RECORD_COLUMNS:
            note(_RECORD_COLUMNS[entity], at)
            continue
        elif entity != "case":
            continue
        for column in changes or {}:
            note(column, at)
    last = conn.execute(_LAST_STATUS, {"case_id": case_id}).scalar()
    if last is not None and last >= after:
        note("status", last)
    return changed


def newer_here(conn: Connection, case_id: int, reference: str, values: dict[str, Any],
               stamp: dt.datetime) -> tuple[KeptField, ...]:
    """The fields of a row's `values` (converted, as the importer plans them) that
    differ from case `case_id` and were changed here after the row's `stamp`, with both
    values as text; empty when there are none. Reads the case only when some field of
    the row was changed here since."""
    from casemanager.lists.import_write import _vaguer

    changed = changed_after(conn, case_id, stamp)
    wanted = [c for c in values if c in changed]
    if not wanted:
        return ()
    ours = _values_of(conn, case_id, wanted)
    out = []
    for column in wanted:
        theirs = values[column]
        if as_text(ours[column]) != as_text(theirs) and not _vaguer(theirs, ours[column]):
            out.append(KeptField(column, as_text(ours[column]), as_text(theirs),
                                 changed[column]))
    return tuple(out)


def _values_of(conn: Connection, case_id: int, columns: list[str]) -> dict[str, Any]:
    """The case's values of these list columns, as the importer compares them: one
    query for its own columns, one for each list column asked for."""
    from casemanager.lists.columns import UNDISCLOSED

    cases = cast(Table, Case.__table__)
    row = conn.execute(select(cases).where(cases.c.id == case_id)).mappings().one()
    out: dict[str, Any] = {}
    for column in columns:
        if column in _LIST_TABLES:
            model, value, order = _LIST_TABLES[column]
            out[column] = list(conn.execute(
                select(value).where(model.case_id == case_id).order_by(order)).scalars())
        elif column == "detention_place":
            last = conn.execute(
                select(CustodyPeriod.facility, CustodyPeriod.disclosed)
                .where(CustodyPeriod.case_id == case_id)
                .order_by(CustodyPeriod.id.desc()).limit(1)).first()
            out[column] = "" if last is None else (
                last.facility if last.disclosed else UNDISCLOSED)
        else:
            out[column] = row[column]
    return out


_LIST_TABLES: dict[str, tuple[Any, Any, Any]] = {
    "aliases": (Alias, Alias.spelling, Alias.position),
    "citizenships": (Citizenship, Citizenship.country, Citizenship.position),
    "tags": (CaseTag, CaseTag.tag, CaseTag.tag),
}


def kept_fields(rows: list[OlderRow]) -> list[str]:
    """The fields kept (or taken) over all `rows`, each once, in the order first met."""
    seen: dict[str, None] = {}
    for row in rows:
        for kept in row.fields:
            seen.setdefault(kept.field, None)
    return list(seen)
