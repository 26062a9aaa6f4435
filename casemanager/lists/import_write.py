"""Writing an import: the second pass of `importer.import_file`, in one transaction.

Cases are created and updated through the same helpers the case services use
(`_apply` sets fields; `_next_reference` hands out references),
so an imported case is indistinguishable from one typed in: status history, custody,
aliases, citizenships and tags tables, audit entries. The session is flushed and
emptied every few hundred rows so memory stays flat on 100,000-row lists.
The import itself is an `ImportRecord` (file, source, when, who, counts) with one
`ImportedCase` row per case it created or changed; partners' references become
`ExternalReference` rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace, TracebackType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Integer, Table, func, insert, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.fields import CASE_FIELDS, CASE_LIST_FIELDS, as_text
from casemanager.domain.messages import msg
from casemanager.domain.partialdate import PartialDate
from casemanager.lists.columns import UNDISCLOSED
from casemanager.services.cases import _apply, _current_value, _next_reference
from casemanager.store.bulk import highest_id_used, insert_rows
from casemanager.store.database import Database
from casemanager.store.models import (
    Alias,
    AuditEntry,
    Case,
    CaseTag,
    Citizenship,
    CustodyPeriod,
    ExternalReference,
    ImportedCase,
    ImportRecord,
    Setting,
    StatusChange,
    utcnow,
)
from casemanager.store.privileges import withheld
from casemanager.store.search_index import add_vocabulary, index_new_cases, trim_key_caches
from casemanager.store.sort_keys import with_sort_keys
from casemanager.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # annotations only
    from casemanager.lists.importer import ImportReport, _Row

_FLUSH_EVERY = 1000
_FRAGMENTS = 50_000  # parts of audit entries' JSON remembered (memory stays flat)
# SQLite's page cache while an import writes (KiB): the default 2 MiB cannot hold the hot
# pages of the cases' indexes and the search keys', and a transaction larger than the
# cache spills them to the WAL over and over. Restored when the import ends.
_BULK_CACHE_KIB = 32_768
_VOCABULARY_BATCH = 20_000
_LISTS = frozenset(CASE_LIST_FIELDS)
# Every column a new case row needs, at its empty value.
_DEFAULTS: dict[str, Any] = {
    name: None if spec.kind == "pdate" else ""
    for name, spec in CASE_FIELDS.items() if name not in CASE_LIST_FIELDS
}
_NAMES = ("family_name", "given_name", "patronymic", "name_native")


class Writer:
    """Writes planned rows; `finish()` adds the import's audit entry and commits."""

    def __init__(self, db: Database, filename: str, actor: str | None, *,
                 reserve: int | Callable[[], int] = 0, source: str = ""):
        self.uow = UnitOfWork(db, actor)
        self.filename = filename
        self.source = source
        self.pending: list[tuple[Case, str, dict]] = []
        self.new: list[tuple[dict[str, Any], dict[str, Any], str]] = []
        self.by_row: dict[int, str] = {}  # row number -> reference of its case
        self.touched: list[dict[str, Any]] = []  # ImportedCase rows not yet inserted
        self.unchanged = 0  # updates that found nothing new
        # The highest reference number the file keeps: new references start above it.
        # Given as a function, it is asked when the first case without one is written.
        self.highest = reserve if isinstance(reserve, int) else 0
        self.reserve = None if isinstance(reserve, int) else reserve
        self.vocabulary: set[str] = set()  # search words of new cases, added in batches
        self.today = PartialDate.today()
        # Rows the file gives our own reference for a new case: {reference: row number}.
        self.given_references: dict[str, int] = {}
        # (column, class, value) -> its part of an audit entry's JSON text.
        self.fragments: dict[tuple[str, type, Any], str] = {}

    def __enter__(self) -> Writer:
        self.uow.__enter__()
        self.session = self.uow.session
        self._cache: tuple[Any, int] | None = None
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            raw: Any = conn.connection.driver_connection
            self._cache = (raw, raw.execute("PRAGMA cache_size").fetchone()[0])
            raw.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
        # A login that may not read partners' references (a volunteer on a server) does
        # not index them, as `search_index.reindex` would not.
        self.hidden_externals = "external_references" in withheld(
            self.session.connection(), ("external_references",)).tables
        self._bump_reference()
        self.record = ImportRecord(file=self.filename[:400], source=self.source,
                                   at=utcnow(), actor=self.uow.actor or "", created=0,
                                   updated=0, skipped=0)
        self.session.add(self.record)
        self.session.flush()
        self.import_id = self.record.id
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.uow.__exit__(exc_type, exc, tb)
        finally:
            if self._cache is not None:  # the pooled connection goes back with its usual cache
                raw, size = self._cache
                raw.execute(f"PRAGMA cache_size = {size}")

    # ------------------------------------------------------------ rows

    def write(self, row: _Row) -> None:
        try:
            if row.action == "update" and row.target_row:
                # The same person as an earlier row: that row's case, once it is written.
                target = self.by_row.get(row.target_row)
                if target is None:  # the earlier row was skipped: this one is the case
                    self.by_row[row.number] = self._create(row.values, row.external)
                    return
                row.target = target
            if row.action == "create":
                if row.values.get("reference"):
                    self.given_references[str(row.values["reference"])] = row.number
                self.by_row[row.number] = self._create(row.values, row.external)
            elif row.action == "update":
                self._insert_new()  # an update may touch a case created earlier in the file
                self._update(row.target, row.values, duplicate=row.duplicate,
                             external=row.external, keep=row.keep)
                self.by_row[row.number] = row.target
            if len(self.pending) >= _FLUSH_EVERY:
                self._flush()
        except (IntegrityError, StaleDataError) as exc:
            raise self._refusal(exc) from None

    def _refusal(self, exc: Exception) -> CaseManagerError:
        """Why the write failed: a reference the file gives for a new case that is taken
        by a case this login cannot see (restricted to others, on a server), else the
        database changed under the import."""
        from casemanager.store.server import ROLE_KEY

        diag = getattr(getattr(exc, "orig", None), "diag", None)
        if getattr(diag, "constraint_name", "") != "uq_cases_reference" or \
                not self.given_references:
            return _changed()
        if self.session.connection().info.get(ROLE_KEY) not in ("caseworker", "volunteer"):
            return _changed()  # a coordinator or the owner sees every case: someone's new one
        # The server does not say which key (row-level security hides it from the detail).
        given = sorted(self.given_references.items(), key=lambda item: item[1])
        if len(given) == 1:
            (reference, row), = given
            return CaseManagerError(msg(
                "row {row}: {reference} is a case you cannot see (restricted); clear its "
                "reference to add the row as a new case; nothing was imported",
                row=row, reference=reference))
        return CaseManagerError(msg(
            "one of the references the file gives for new cases ({references}) is a case "
            "you cannot see (restricted); clear those references to add the rows as new "
            "cases; nothing was imported",
            references=", ".join(f"{ref} (row {row})" for ref, row in given[:10])
            + (", …" if len(given) > 10 else "")))

    def _create(self, values: dict[str, Any], external: Sequence[tuple[str, str]] = ()) -> str:
        # New cases go in as batched bulk INSERTs (ten times faster than ORM objects on
        # 100,000 rows); the rows are the same ones `create_case` writes: validated values,
        # a status history entry, list tables, custody and an audit entry.
        values = dict(values)
        ref = values.pop("reference", "")
        if not ref:
            if self.reserve is not None:
                self.highest = max(self.highest, self.reserve())
                self.reserve = None
                self._bump_reference()
            ref = _next_reference(self.session)
        now = utcnow()
        stamp = values.pop("updated_at", None) or now
        place = values.pop("detention_place", "")
        values.setdefault("status", "reported")
        values.setdefault("priority", "normal")
        row = dict(_DEFAULTS)
        row.update({k: v for k, v in values.items() if k not in _LISTS})
        row.update(reference=ref, created_at=now, updated_at=stamp, version=1)
        if external:
            values["external_references"] = list(external)
        self.new.append((row, values, place))
        if len(self.new) >= _FLUSH_EVERY:
            self._insert_new()
        return ref

    def _insert_new(self) -> None:
        if not self.new:
            return
        # Core INSERTs of plain rows (executemany): the ORM's per-row work is not needed
        # for rows nothing reads back in this session.
        conn = self.session.connection()
        ids = _insert_cases(conn, [row for row, _, _ in self.new])
        children: dict[type[Any], list[dict]] = {
            Alias: [], Citizenship: [], CaseTag: [], StatusChange: [], CustodyPeriod: [],
            ExternalReference: [], ImportedCase: [], AuditEntry: [],
        }
        indexed: list[tuple[dict, Sequence[str], Sequence[str], Sequence[str],
                            Sequence[str]]] = []
        now = utcnow()
        as_json = conn.dialect.name == "sqlite"  # see insert_rows(stored=)
        opening = _change_json("import", self.filename)
        fragments = self.fragments
        status_source = f"import {self.filename}"
        custody_note = f"from import {self.filename}"
        for case_id, (row, values, place) in zip(ids, self.new, strict=True):
            aliases = values.get("aliases", ())
            children[Alias] += [{"case_id": case_id, "position": i, "spelling": a}
                                for i, a in enumerate(aliases)]
            children[Citizenship] += [{"case_id": case_id, "position": i, "country": c}
                                      for i, c in enumerate(values.get("citizenships", ()))]
            children[CaseTag] += [{"case_id": case_id, "tag": t} for t in values.get("tags", ())]
            external = values.get("external_references", ())
            children[ExternalReference] += [
                {"case_id": case_id, "source": s, "reference": r} for s, r in external
            ]
            children[ImportedCase].append(
                {"import_id": self.import_id, "case_id": case_id, "action": "create"})
            children[StatusChange].append({
                "case_id": case_id, "status": row["status"], "date": self.today,
                "source": status_source, "confidence": "unverified", "note": "",
                "recorded_at": now, "recorded_by": self.uow.actor,
            })
            facilities: tuple[str, ...] = ()
            if place:
                disclosed = place != UNDISCLOSED
                children[CustodyPeriod].append({
                    "case_id": case_id, "facility": place if disclosed else "",
                    "disclosed": disclosed, "holding_party": "", "note": custody_note,
                    "date_from": None, "date_to": None,
                })
                if disclosed:
                    facilities = (place,)
            changes: Any
            if as_json:
                # The JSON text SQLAlchemy would write (json.dumps of the dict below),
                # made of each column's part, once per value: lists repeat them.
                parts = [opening]
                for k, v in values.items():
                    if k == "external_references":
                        continue
                    key = (k, v.__class__, tuple(v) if v.__class__ is list else v)
                    part = fragments.get(key)
                    if part is None:
                        if len(fragments) >= _FRAGMENTS:
                            fragments.clear()
                        part = fragments[key] = _change_json(k, _as_text(v))
                    parts.append(part)
                if external:
                    parts.append(_change_json("external_references", ";".join(
                        f"{s}: {r}" for s, r in external)))
                changes = "{" + ", ".join(parts) + "}"
            else:
                changes = {"import": ["", self.filename]}
                changes.update({k: ["", _as_text(v)]
                                for k, v in values.items() if k != "external_references"})
                if external:
                    changes["external_references"] = [
                        "", ";".join(f"{s}: {r}" for s, r in external)]
            children[AuditEntry].append({
                "at": now, "actor": self.uow.actor, "action": "create", "entity": "case",
                "entity_id": case_id, "case_id": case_id, "case_reference": row["reference"],
                "changes": changes,
            })
            row["id"] = case_id
            indexed.append((row, aliases, (), facilities,
                            () if self.hidden_externals else [r for _s, r in external]))
        for model, rows in children.items():
            if rows:
                insert_rows(conn, model.__table__, rows,
                            stored=("changes",) if as_json and model is AuditEntry else ())
        # Core inserts pass the ORM's flush hook by: the new cases' search keys are
        # written here from the values in memory, in the same transaction.
        self.vocabulary |= index_new_cases(conn, indexed)
        trim_key_caches()
        if len(self.vocabulary) >= _VOCABULARY_BATCH:
            add_vocabulary(conn, self.vocabulary)
            self.vocabulary = set()
        self.new.clear()

    def _update(self, reference: str, values: dict[str, Any], *, duplicate: bool,
                external: Sequence[tuple[str, str]] = (),
                keep: Sequence[str] = ()) -> None:
        case = self.session.scalars(
            select(Case).where(Case.reference == reference).options(*_UPDATED_LOADS)
        ).one_or_none()
        if case is None:
            raise CaseManagerError(f"{reference} was deleted while importing; nothing imported")
        plan = planned_update(case, values, duplicate=duplicate, external=external, keep=keep)
        if plan.unchanged:
            # Nothing new in the row: no audit entry, no status history, no record of the
            # import touching the case, and its updated_at stays.
            self.unchanged += 1
            return
        changes = _apply(case, plan.fields)
        if plan.status:
            changes["status"] = (case.status, plan.status)
            case.status = plan.status
            case.status_history.append(self._status_entry(plan.status))
        if plan.place:
            changes["detention_place"] = (plan.current_place, plan.place)
            case.custody.append(self._custody(plan.place))
        if plan.external:
            before = ";".join(f"{x.source}: {x.reference}" for x in case.external_references)
            for s, r in plan.external:
                case.external_references.append(ExternalReference(source=s, reference=r))
            changes["external_references"] = (before, ";".join(
                f"{x.source}: {x.reference}" for x in case.external_references))
        case.updated_at = utcnow()
        self.pending.append((case, "update", changes))
        self.touched.append({"import_id": self.import_id, "case_id": case.id,
                             "action": "update"})

    def _status_entry(self, status: str) -> StatusChange:
        return StatusChange(status=status, date=self.today, source=f"import {self.filename}",
                            confidence="unverified", recorded_by=self.uow.actor)

    def _custody(self, place: str) -> CustodyPeriod:
        disclosed = place != UNDISCLOSED
        return CustodyPeriod(facility=place if disclosed else "", disclosed=disclosed,
                             note=f"from import {self.filename}")

    # ------------------------------------------------------------ end

    def _flush(self) -> None:
        try:
            self._insert_new()
            self.session.flush()
            for case, action, changes in self.pending:
                self.uow.audit(action, "case", entity_id=case.id, case=case, changes={
                    "import": (None, self.filename), **changes,
                })
            if self.touched:
                self.session.execute(insert(ImportedCase), self.touched)
                self.touched = []
            self.session.flush()
        except (IntegrityError, StaleDataError) as exc:
            raise self._refusal(exc) from None
        self.pending.clear()
        self.session.expunge_all()  # keeps memory flat; nothing is read back

    def finish(self, report: ImportReport) -> None:
        self._flush()
        if self.vocabulary:
            add_vocabulary(self.session.connection(), self.vocabulary)
            self.vocabulary = set()
        # Rows that repeat what their case holds are counted apart from the updates (the
        # plan counted every row matching a case as one): "100000 updated" for an
        # office's own export read back in said that every case had changed.
        report.unchanged = self.unchanged
        report.updated -= self.unchanged
        self._bump_reference()
        record = self.session.get(ImportRecord, self.import_id)
        assert record is not None  # written when the import began, in this transaction
        record.created, record.updated, record.skipped = (
            report.created, report.updated, report.skipped)
        self.uow.audit("import", "case_list", entity_id=self.import_id, changes={
            "file": (None, self.filename), "source": (None, self.source),
            "created": (None, report.created),
            "updated": (None, report.updated), "unchanged": (None, report.unchanged),
            "skipped": (None, report.skipped),
            **({"older_rows": (None, _older_rows(report))} if report.older else {}),
        })
        self.uow.commit()
        report.import_id = self.import_id

    def _bump_reference(self) -> None:
        # References kept from the file must not be handed out again by create_case.
        row = self.session.get(Setting, "next_reference")
        highest = self.session.scalar(
            select(func.max(sql_cast(func.substr(Case.reference, 4), Integer)))
        ) or 0
        wanted = max(highest, self.highest) + 1
        if row is None:
            self.session.add(Setting(key="next_reference", value=str(wanted)))
        elif int(row.value) < wanted:
            row.value = str(wanted)
        self.session.flush()


# What an update reads of the case it changes (`planned_update` and the writer).
_UPDATED_LOADS = (
    selectinload(Case.aliases), selectinload(Case.citizenships), selectinload(Case.tags),
    selectinload(Case.custody), selectinload(Case.external_references),
)


@dataclass(frozen=True)
class UpdatePlan:
    """What one row changes in the case it updates: `fields` (case fields to set, only
    those whose text differs), a new `status`, a new place of detention (`place`, after
    `current_place`) and partners' references to add (`external`). `unchanged` when it
    is none of these: the row repeats what the case holds."""

    fields: dict[str, Any]
    status: str | None
    place: str
    current_place: str
    external: list[tuple[str, str]]

    @property
    def unchanged(self) -> bool:
        return not (self.fields or self.status or self.place or self.external)


def planned_update(case: Case, values: dict[str, Any], *, duplicate: bool,
                   external: Sequence[tuple[str, str]] = (),
                   keep: Sequence[str] = ()) -> UpdatePlan:
    """What a row's `values` (converted, as the importer plans them) would change in
    `case` (loaded with its aliases, citizenships, tags, custody and partners'
    references). Reads only: the dry run counts unchanged rows with it, the import
    writes what it says. `duplicate`: the row was chosen as another spelling of the
    case (its names become aliases); `keep`: the case's spellings a row updating its
    names keeps as aliases."""
    values = dict(values)
    values.pop("reference", None)
    values.pop("updated_at", None)  # a change made here now
    place = values.pop("detention_place", "")
    if duplicate:
        values = _as_other_spelling(case, values)
    elif keep:
        # The row spells a name otherwise: the case's spelling stays as an alias.
        aliases = list(values.get("aliases") or [a.spelling for a in case.aliases])
        aliases += [k for k in keep if k not in aliases]
        values["aliases"] = aliases
    for name, new in list(values.items()):
        if _vaguer(new, getattr(case, name, None)):
            del values[name]  # "1990" agrees with the 12.03.1990 held: keep the day
    status = values.pop("status", None)
    notes = values.pop("notes", "")
    if notes and notes not in case.notes:  # added below what the case holds
        values["notes"] = f"{case.notes}\n{notes}" if case.notes else notes
    fields = {}
    for k, v in values.items():
        if k in CASE_FIELDS:
            held = _current_value(case, k)
            # Equal values have equal texts: as_text only for those that differ.
            if held != v and as_text(held) != as_text(v):
                fields[k] = v
    current = ""
    if case.custody:
        last = case.custody[-1]
        current = last.facility if last.disclosed else UNDISCLOSED
    held = {(x.source.casefold(), x.reference.casefold()) for x in case.external_references}
    return UpdatePlan(
        fields=fields,
        status=status if status and status != case.status else None,
        place=place if place and place != current else "",
        current_place=current,
        external=[(s, r) for s, r in external if (s.casefold(), r.casefold()) not in held],
    )


# The columns `planned_update` reads whatever the row holds.
_ALWAYS_READ = frozenset({"id", "reference", "status", "notes", *_NAMES})


def unchanged_updates(session: Session, rows: Sequence[_Row]) -> int:
    """How many of these planned updates (rows whose `target` is a reference the
    database holds) would change nothing in their case: the dry run's count, writing
    nothing. The cases are read as plain rows (`_held_cases`), a few hundred per query:
    loaded as ORM objects with their collections they made a dry run of 100,000 rows
    2.5 times the CPU it took without this count."""
    unchanged = 0
    conn = session.connection()
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        columns = {name for r in part for name in r.values}
        cases = _held_cases(conn, {r.target for r in part}, columns)
        for row in part:
            case = cases.get(row.target)
            if case is not None and planned_update(
                    cast(Case, case), row.values, duplicate=row.duplicate,
                    external=row.external, keep=row.keep).unchanged:
                unchanged += 1
    return unchanged


def _held_cases(conn: Connection, references: set[str],
                columns: set[str]) -> dict[str, SimpleNamespace]:
    """{reference: the case as `planned_update` reads it}: of its columns those named
    in `columns` (the rows' fields) and those it always reads, as attributes; its
    aliases, citizenships, tags, custody and partners' references as lists of rows,
    each in the order the ORM's relationships give (models.Case)."""
    cases_table = cast(Table, Case.__table__)
    wanted = [c for c in cases_table.c if c.name in columns or c.name in _ALWAYS_READ]
    held = {row["id"]: SimpleNamespace(**row, aliases=[], citizenships=[], tags=[],
                                       custody=[], external_references=[])
            for row in conn.execute(select(*wanted).where(
                cases_table.c.reference.in_(references))).mappings()}
    ids = list(held)
    children: tuple[tuple[str, Any, tuple[Any, ...], tuple[Any, ...]], ...] = (
        ("aliases", Alias, (Alias.spelling,), (Alias.position,)),
        ("citizenships", Citizenship, (Citizenship.country,), (Citizenship.position,)),
        ("tags", CaseTag, (CaseTag.tag,), (CaseTag.tag,)),
        ("custody", CustodyPeriod, (CustodyPeriod.facility, CustodyPeriod.disclosed),
         (CustodyPeriod.id,)),
        ("external_references", ExternalReference,
         (ExternalReference.source, ExternalReference.reference), (ExternalReference.id,)),
    )
    for name, model, read, order in children:
        for row in conn.execute(select(model.case_id, *read).where(
                model.case_id.in_(ids)).order_by(model.case_id, *order)).mappings():
            getattr(held[row["case_id"]], name).append(SimpleNamespace(**row))
    return {case.reference: case for case in held.values()}


def _as_other_spelling(case: Case, values: dict[str, Any]) -> dict[str, Any]:
    # The same person under another spelling: our names stay, theirs become aliases.
    aliases = [a.spelling for a in case.aliases]
    ours = {case.family_name, case.name_native, *aliases,
            " ".join(p for p in (case.family_name, case.given_name) if p)}
    theirs = [" ".join(str(values.get(k, "")) for k in ("family_name", "given_name")).strip(),
              values.get("name_native", ""), *values.get("aliases", [])]
    for spelling in theirs:
        if spelling and spelling not in ours and spelling not in aliases:
            aliases.append(spelling)
    out = {k: v for k, v in values.items() if k not in _NAMES}
    out["aliases"] = aliases
    return out


def _insert_cases(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert new case rows; their ids, in the rows' order."""
    cases = cast(Table, Case.__table__)
    if conn.dialect.name != "sqlite":  # the server's trigger writes the sort keys
        result = conn.execute(
            insert(cases).returning(cases.c.id, sort_by_parameter_order=True), rows)
        return [r.id for r in result]
    # SQLite returns ids one statement per row. This transaction holds the write lock,
    # and SQLite gives a new row the id after the highest one the table ever held
    # (AUTOINCREMENT, 0019: never a deleted case's): the rows go in with those very ids,
    # in one executemany.
    # The sort keys computed here: the connection's triggers then have nothing to redo.
    rows = [with_sort_keys(row) for row in rows]
    highest = highest_id_used(conn, "cases")
    if highest + len(rows) < _MAX_ROWID:
        ids = list(range(highest + 1, highest + 1 + len(rows)))
        for row, case_id in zip(rows, ids, strict=True):
            row["id"] = case_id
        insert_rows(conn, cases, rows)
        return ids
    # Ids at the end of the range: SQLite picks free ones; read them back by reference.
    insert_rows(conn, cases, rows)
    refs = [row["reference"] for row in rows]
    found: dict[str, int] = {}
    for start in range(0, len(refs), 900):
        part = refs[start : start + 900]
        for ref, case_id in conn.execute(
                select(cases.c.reference, cases.c.id).where(cases.c.reference.in_(part))):
            found[ref] = case_id
    return [found[ref] for ref in refs]


_MAX_ROWID = 2**63 - 1


def _as_text(value: Any) -> str:
    """`as_text(value)`, without its calls for the usual text and lists of text."""
    kind = value.__class__
    if kind is str:
        return value
    if kind is list and all(item.__class__ is str for item in value):
        return ";".join(value)
    return as_text(value)


def _older_rows(report: ImportReport) -> str:
    """The rows older than their case, for the import's audit entry: `CM-0005 (row 6):
    kept ours: status, health; …` (at most 200 rows, then how many more)."""
    parts = [f"{o.reference} (row {o.row}): {'took theirs' if o.taken else 'kept ours'}: "
             + ", ".join(f.field for f in o.fields) for o in report.older[:200]]
    if len(report.older) > 200:
        parts.append(f"and {len(report.older) - 200} more")
    return "; ".join(parts)


def _change_json(column: str, text: str) -> str:
    """`"column": ["", "text"]`, as json.dumps writes that item of a dict."""
    return f'{json.dumps(column)}: ["", {json.dumps(text)}]'


def _changed() -> CaseManagerError:
    return CaseManagerError(
        "the database changed while importing (a reference taken or a case saved by "
        "someone else); nothing was imported, try again"
    )


def _vaguer(new: Any, held: Any) -> bool:
    """Whether partial date `new` says less than `held` and agrees with it (1990 against
    12.03.1990): an update must never make a date less precise than what is known."""
    if not isinstance(new, PartialDate) or not isinstance(held, PartialDate) or new == held:
        return False
    if new.year != held.year:
        return False
    if new.month is None:
        return held.month is not None
    return new.month == held.month and new.day is None and held.day is not None
