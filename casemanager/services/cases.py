"""Case services: create, read, edit, delete a case and change its status.

Every function is one user action: one transaction with its audit entry inside it.
Each takes `uow=`: given a caller's unit of work it works inside it and does not commit
(store.unit_of_work.unit_of_work), so a caller can compose several into one action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, cast, func, insert, select, table, update
from sqlalchemy import column as sql_column
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, object_session, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from casemanager.domain import vocab
from casemanager.domain.dto import (
    AppealInfo,
    AttachmentInfo,
    CaseDetail,
    ChannelInfo,
    ContactInfo,
    CustodyInfo,
    DisclosureInfo,
    DocumentInfo,
    EventInfo,
    ImportInfo,
    LinkedContact,
    MediaInfo,
    StatusEntry,
    TaskInfo,
    from_row,
)
from casemanager.domain.errors import (
    ConflictError,
    MergedCaseError,
    NotFoundError,
    ValidationError,
)
from casemanager.domain.fields import (  # noqa: F401 (the reference rule, re-exported)
    CASE_FIELDS,
    REFERENCE_PATTERN,
    FieldSpec,
    as_text,
    clean_text,
    convert_all,
    normalise_reference,
    stored_spellings,
)
from casemanager.domain.messages import Items, msg
from casemanager.domain.partialdate import PartialDate
from casemanager.store.database import Database
from casemanager.store.models import (
    Alias,
    Appeal,
    BundleRecord,
    Case,
    CaseContact,
    CaseTag,
    Citizenship,
    Contact,
    Setting,
    StatusChange,
    utcnow,
)
from casemanager.store.privileges import blank, case_columns_not_insertable, withheld
from casemanager.store.unit_of_work import UnitOfWork, refuse_merged, unit_of_work

_NEXT_REFERENCE = "next_reference"




# A full case's related rows, and the tables each needs readable (docs/security.md):
# what a login may not read is left out, not asked for and refused.
_FULL_LOADS = (
    ("aliases", ("aliases",), lambda: selectinload(Case.aliases)),
    ("citizenships", ("citizenships",), lambda: selectinload(Case.citizenships)),
    ("tags", ("case_tags",), lambda: selectinload(Case.tags)),
    ("documents", ("identity_documents",), lambda: selectinload(Case.documents)),
    ("status_history", ("status_changes",), lambda: selectinload(Case.status_history)),
    ("custody", ("custody_periods",), lambda: selectinload(Case.custody)),
    ("media", ("media_appearances",), lambda: selectinload(Case.media)),
    ("contact_links", ("case_contacts", "contacts", "contact_channels"),
     lambda: selectinload(Case.contact_links).selectinload(CaseContact.contact)
     .selectinload(Contact.channels)),
    ("appeals", ("appeals", "contacts"),
     lambda: selectinload(Case.appeals).selectinload(Appeal.recipient)),
    ("events", ("events",), lambda: selectinload(Case.events)),
    ("attachments", ("attachments",), lambda: selectinload(Case.attachments)),
    ("tasks", ("tasks",), lambda: selectinload(Case.tasks)),
    ("disclosures", ("disclosures",), lambda: selectinload(Case.disclosures)),
    ("external_references", ("external_references",),
     lambda: selectinload(Case.external_references)),
    ("import_links", ("import_cases", "imports"), lambda: selectinload(Case.import_links)),
)

# The audit entry of a deleted case names, under this key, the partners' cases (their
# bundle ids, space-separated) that were linked to it.
LINKED_PARTNER_CASES = "linked_partner_cases"
# ... and, under this one, the partners' references it carried.
PARTNER_REFERENCES = "partner_references"


_Row = TypeVar("_Row", bound=Any)


def with_reference(stmt: Select[_Row], reference: str) -> Select[_Row]:
    """`stmt` (a select from Case) narrowed to the one case under our `reference` (as
    normalise_reference gives it), or else under an older padded spelling of the same
    number (CM-00155, stored as typed by earlier versions): the shortest spelling first."""
    return (stmt.where(Case.reference.in_(stored_spellings(reference)))
            .order_by(func.length(Case.reference)).limit(1))


def load_case(session: Session, reference: str, *, full: bool = False,
              writing: bool = False) -> Case:
    """The case `reference` (with all its records when `full`). On a server, columns
    and records this login may not read are not asked for: they read as empty.

    `writing`: the case is loaded to be changed; one merged into another case raises
    MergedCaseError (naming the kept case) instead, before anything is written.
    """
    ref = normalise_reference(reference)
    hidden = withheld(session)
    stmt = select(Case)
    if hidden.case_columns:
        stmt = stmt.options(*(defer(getattr(Case, c)) for c in hidden.case_columns))
    left_out = []
    if full:
        for name, tables, loader in _FULL_LOADS:
            if hidden.any_of(tables):
                left_out.append(name)
            else:
                stmt = stmt.options(loader())
    case = session.scalars(stmt.where(Case.reference == ref)).one_or_none()
    padded = stored_spellings(ref)[1:]
    if case is None and padded:
        # A reference stored as typed before our numbers were read however padded
        # (CM-00155): found however it is typed now.
        found = session.scalars(stmt.where(Case.reference.in_(padded))).all()
        typed = reference.strip().upper() if isinstance(reference, str) else ref
        exact = [c for c in found if c.reference == typed]
        if len(found) > 1 and not exact:
            raise ValidationError("reference", msg(
                "{reference} may be any of {stored}: type it as it is stored",
                reference=ref, stored=", ".join(sorted(c.reference for c in found))))
        case = exact[0] if exact else (found[0] if found else None)
    if case is None:
        shown = ref if len(ref) <= 40 else ref[:39] + "…"
        if _may_miss_restricted(session):
            raise NotFoundError(msg(
                "no case {reference} that you can see (a restricted case is seen only by "
                "coordinators and the caseworkers named on it)", reference=shown))
        raise NotFoundError(msg("no case {reference}", reference=shown))
    for column in hidden.case_columns:
        if column not in case.__dict__:
            set_committed_value(case, column, blank(column))
    for name in left_out:
        if name not in case.__dict__:
            set_committed_value(case, name, [])
    if writing:
        refuse_merged(session, case)
    return case


def _may_miss_restricted(session: Session) -> bool:
    """Whether this login may not see every case: a caseworker or volunteer on a server
    (restricted cases), as noted on its connection when it opened."""
    from casemanager.store.server import ROLE_KEY

    if session.get_bind().dialect.name != "postgresql":
        return False
    return session.connection().info.get(ROLE_KEY) in ("caseworker", "volunteer")


def touch_case(session: Session, case: Case) -> None:
    """Mark a case as updated when one of its records changes.

    A Core UPDATE, so the version counter is left alone: adding an appeal must not make
    a colleague's open edit of the person's name conflict.
    """
    now = utcnow()
    session.execute(update(Case).where(Case.id == case.id).values(updated_at=now))


def contact_info(contact: Contact, cases: tuple = (), native_names: tuple = ()
                 ) -> ContactInfo:
    return from_row(
        ContactInfo,
        contact,
        channels=tuple(ChannelInfo(c.kind, c.value, c.label) for c in contact.channels),
        cases=cases,
        case_native_names=native_names,
    )


def history_order(entries: Iterable[StatusChange]) -> list[StatusChange]:
    """Status entries in the order of the facts' dates (a less precise date before the
    more precise ones it contains; undated ones by the day they were entered), entries
    of the same date in the order they were entered."""
    def key(s: StatusChange) -> tuple[object, ...]:
        when = s.date._key() if s.date is not None else (
            (s.recorded_at.year, s.recorded_at.month, s.recorded_at.day)
            if s.recorded_at is not None else (9999, 0, 0))
        return (when, s.recorded_at or dt.datetime.max, s.id or 0)
    return sorted(entries, key=key)


def case_detail(case: Case) -> CaseDetail:
    """The case file as plain data, read from `case` (its collections loaded)."""
    merged_into = ""
    if case.merged_into_id is not None:
        session = object_session(case)
        merged_into = (session.scalar(select(Case.reference).where(
            Case.id == case.merged_into_id)) if session is not None else None) or ""
    return from_row(
        CaseDetail,
        case,
        merged_into=merged_into,
        aliases=tuple(a.spelling for a in case.aliases),
        citizenships=tuple(c.country for c in case.citizenships),
        tags=tuple(t.tag for t in case.tags),
        documents=tuple(from_row(DocumentInfo, d) for d in case.documents),
        status_history=tuple(from_row(StatusEntry, s) for s in history_order(case.status_history)),
        custody=tuple(from_row(CustodyInfo, c) for c in case.custody),
        media=tuple(from_row(MediaInfo, m) for m in case.media),
        contacts=tuple(
            LinkedContact(
                link_id=link.id,
                relationship=link.relationship_,
                share_embassy=link.share_embassy,
                share_icrc=link.share_icrc,
                share_media=link.share_media,
                share_partner=link.share_partner,
                contact=contact_info(link.contact),
            )
            for link in sorted(case.contact_links, key=lambda x: x.id)
        ),
        appeals=tuple(
            from_row(
                AppealInfo, a, recipient_name=a.recipient.name if a.recipient is not None else ""
            )
            for a in case.appeals
        ),
        events=tuple(
            from_row(EventInfo, e)
            for e in sorted(case.events, key=lambda e: (e.date or PartialDate(1850), e.id))
        ),
        attachments=tuple(from_row(AttachmentInfo, a) for a in case.attachments),
        tasks=tuple(from_row(TaskInfo, t) for t in case.tasks),
        disclosures=tuple(from_row(DisclosureInfo, d) for d in case.disclosures),
        external_references=tuple(
            external_text(x.source, x.reference) for x in case.external_references
        ),
        imports=tuple(
            ImportInfo(link.import_id, link.record.file, link.record.source, link.record.at,
                       link.action)
            for link in case.import_links
        ),
    )


def external_text(source: str, reference: str) -> str:
    """One item of the `external_references` column: `SOURCE: REF`."""
    return f"{source}: {reference}"


def get_case(db: Database, reference: str) -> CaseDetail:
    with db.session() as session:
        return case_detail(load_case(session, reference, full=True))


def _next_reference(session: Session) -> str:
    # The counter row is locked (FOR UPDATE on PostgreSQL; SQLite serialises writers), so
    # two caseworkers creating cases at once never get the same reference. On a server
    # only coordinators write settings: the server's function moves the counter on
    # (migration 0014_tighten_roles).
    if session.get_bind().dialect.name == "postgresql":
        number = int(session.execute(sql_text("SELECT cm_next_reference()")).scalar_one())
        return f"CM-{number:04d}"
    row = session.scalars(
        select(Setting).where(Setting.key == _NEXT_REFERENCE).with_for_update()
    ).one_or_none()
    if row is None:
        highest = session.scalar(select(func.max(cast(func.substr(Case.reference, 4), Integer))))
        row = Setting(key=_NEXT_REFERENCE, value=str((highest or 0) + 1))
        session.add(row)
    number = int(row.value)
    row.value = str(number + 1)
    return f"CM-{number:04d}"


def _current_value(case: Case, name: str) -> Any:
    if name == "aliases":
        return [a.spelling for a in case.aliases]
    if name == "citizenships":
        return [c.country for c in case.citizenships]
    if name == "tags":
        return [t.tag for t in case.tags]
    return getattr(case, name)


def _set_value(case: Case, name: str, value: Any) -> None:
    if name == "aliases":
        case.aliases = [Alias(spelling=s, position=i) for i, s in enumerate(value)]
    elif name == "citizenships":
        # Kept rows are reused: a new row for a kept value would be inserted before the
        # old one is deleted and break the (case_id, country) unique constraint.
        kept = {c.country: c for c in case.citizenships}
        case.citizenships = [kept.get(c) or Citizenship(country=c) for c in value]
        for i, row in enumerate(case.citizenships):
            row.position = i
    elif name == "tags":
        kept_tags = {t.tag: t for t in case.tags}
        case.tags = [kept_tags.get(t) or CaseTag(tag=t) for t in value]
    else:
        setattr(case, name, value)


def _apply(case: Case, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        old = _current_value(case, name)
        if as_text(old) != as_text(value):
            _set_value(case, name, value)
            changes[name] = (old, value)
    return changes


def _reload_reordered(session: Session, case: Case, changes: Mapping[str, Any]) -> None:
    """Tags are loaded in the database's order of the tag (its collation), not the order
    given: after a flush that set them they are read again, so a detail built from `case`
    is the one a fresh read gives."""
    if "tags" in changes:
        session.expire(case, ["tags"])


def _require_name(values: Mapping[str, Any], case: Case | None = None) -> None:
    names = ("family_name", "given_name", "name_native")
    current = {n: values.get(n, getattr(case, n) if case is not None else "") for n in names}
    if not any(current.values()):
        raise ValidationError(
            "family_name", msg("a case needs a family name, given name or native name")
        )


def create_case(
    db: Database,
    *,
    fields: Mapping[str, Any],
    reference: str | None = None,
    reported_on: PartialDate | str | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> CaseDetail:
    """A new case; `reference` may be given (imports keep partners' references).

    `reported_on` dates the opening status entry (when the case was reported: a case
    entered from older files is not "reported" on the day it was typed in); default today.

    Returns the case as saved (CaseDetail, read inside the transaction). Raises
    ValidationError (a field, a reference not like CM-0001 or already taken).
    """
    values = convert_all(CASE_FIELDS, fields, what="a case")
    opened_on = convert_all({"reported_on": FieldSpec("reported_on", "pdate")},
                            {"reported_on": reported_on}, what="a case")["reported_on"]
    _require_name(values)
    values.setdefault("status", "reported")
    values.setdefault("priority", "normal")
    if not values["status"]:
        values["status"] = "reported"
    if not values["priority"]:
        values["priority"] = "normal"
    with unit_of_work(db, uow, actor) as uow:
        if reference:
            ref = normalise_reference(reference)
            if not REFERENCE_PATTERN.match(ref):
                raise ValidationError("reference", msg("'{text}' is not like CM-0001",
                                                          text=reference))
            if uow.session.scalar(with_reference(select(Case.id), ref)):
                raise ValidationError("reference", msg("{reference} already exists", reference=ref))
        else:
            ref = _next_reference(uow.session)
        now = utcnow()
        hidden = case_columns_not_insertable(uow.session)
        try:
            if hidden:
                # A login that may not write every column (a volunteer): the row is made
                # without those columns (the server's defaults fill them), then filled in.
                _insert_within_rights(uow.session, ref, now, hidden)
                case = load_case(uow.session, ref)
            else:
                case = Case(reference=ref, created_at=now, updated_at=now)
                uow.session.add(case)
            changes = _apply(case, {k: v for k, v in values.items()})
            case.status_history.append(
                StatusChange(
                    status=case.status,
                    date=opened_on or PartialDate.today(),
                    source="case opened",
                    confidence=vocab.implied_confidence(values["status"]),
                    recorded_by=uow.actor,
                )
            )
            uow.session.flush()
        except IntegrityError as exc:
            if reference and "reference" in str(exc.orig):
                # Taken by a case this login may not see (restricted, on a server).
                raise ValidationError("reference", msg(
                    "{reference} is taken by a case you cannot see; choose another "
                    "reference or leave it out", reference=ref)) from None
            raise
        _reload_reordered(uow.session, case, changes)
        uow.audit("create", "case", entity_id=case.id, case=case, changes=changes)
        return case_detail(load_case(uow.session, ref, full=True))


def _insert_within_rights(session: Session, reference: str, now: dt.datetime,
                          hidden: Iterable[str]) -> None:
    """INSERT a bare `cases` row naming only the columns this login may write: the ORM
    would name every column that has a client default, and PostgreSQL refuses an INSERT
    that names a column one may not write even to write ''."""
    values: dict[str, Any] = {"reference": reference, "created_at": now, "updated_at": now,
                              "version": 1}
    for column in Case.__table__.columns:
        if column.name in values or column.name in hidden or column.primary_key:
            continue
        if column.default is not None and column.default.is_scalar:
            values[column.name] = column.default.arg
    bare = table("cases", *(sql_column(name) for name in values))
    session.execute(insert(bare).values(values))


def update_case(
    db: Database,
    reference: str,
    *,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> CaseDetail:
    """Edit a case's fields. With `expected_version`, a save over someone else's newer
    save raises ConflictError naming what they changed (`changes`: field -> (their value
    now, this edit's value or the value it had loaded)), instead of overwriting it.

    Returns the case as saved, new version included: built from the rows this save
    loaded and wrote, not read again. Raises NotFoundError, ValidationError (a field; a
    `status`, which has change_status), ConflictError.
    """
    if "status" in fields:
        raise ValidationError("status", msg("a status is changed on its own, with its date and source, so that the history keeps it (the `status` command, or Change status… in the window)"))
    if expected_version is not None and (
        not isinstance(expected_version, int) or isinstance(expected_version, bool)
    ):
        raise ValidationError("expected_version", msg("expected the version number of the case"))
    values = convert_all(CASE_FIELDS, fields, what="a case")
    with unit_of_work(db, uow, actor) as uow:
        try:
            case = load_case(uow.session, reference, full=True, writing=True)
        except NotFoundError:
            if expected_version is None or not _may_miss_restricted(uow.session):
                raise
            # It was there when the editor read it: restricted (or deleted) since.
            raise NotFoundError(msg(
                "{reference} is no longer visible to you: it was restricted (or deleted) "
                "since you opened it; your changes were not saved",
                reference=normalise_reference(reference))) from None
        if expected_version is not None and case.version != expected_version:
            raise _conflict(uow.session, case, values, expected_version)
        _require_name(values, case)
        changes = _apply(case, values)
        if not changes:
            return case_detail(case)
        case.updated_at = utcnow()
        uow.audit("update", "case", entity_id=case.id, case=case, changes=changes)
        try:
            uow.session.flush()
        except StaleDataError:
            uow.session.rollback()
            raise ConflictError(
                msg("{reference} was changed by someone else while you were editing; "
                    "reload it and apply your changes again", reference=case.reference)
            ) from None
        # Flushed, so `case` holds what the database now holds (the version counter
        # included); the collections were loaded in full above.
        _reload_reordered(uow.session, case, changes)
        return case_detail(case)


def _conflict(
    session: Session, case: Case, values: Mapping[str, Any], expected_version: int
) -> ConflictError:
    """What the other saves changed (from the audit log) and where it meets this edit.

    `changes` maps field -> (their value now, this edit's value or the value it had
    loaded), for every field they changed and every edited field that now differs.
    """
    from casemanager.services.audit import changes_since

    theirs_done = changes_since(session, case.id, case.version - expected_version)
    loaded: dict[str, str] = {}
    who: list[str] = []
    for record in theirs_done:
        who.append(f"{record.actor} at {record.at:%Y-%m-%d %H:%M} UTC")
        for name, (old, _new) in record.changes.items():
            loaded.setdefault(name, old)
    changes: dict[str, tuple[str, str]] = {}
    for name in loaded:
        if name in CASE_FIELDS or name == "status":
            now = as_text(_current_value(case, name))
            mine = as_text(values[name]) if name in values else loaded[name]
            changes[name] = (now, mine)
    for name, value in values.items():
        now = as_text(_current_value(case, name))
        if now != as_text(value):
            changes.setdefault(name, (now, as_text(value)))
    def cut(text: str) -> str:
        return text if len(text) <= 60 else text[:59] + "…"

    detail = "; ".join(
        f"{name}: now '{cut(now)}', yours '{cut(mine)}'" for name, (now, mine) in changes.items()
    ) or "no field you edited"
    by = f" by {', '.join(dict.fromkeys(who))}" if who else ""
    return ConflictError(
        f"{case.reference} was saved{by} since you opened it (now version {case.version}); "
        f"nothing was overwritten. Changed: {detail}",
        changes,
    )


def change_status(
    db: Database,
    reference: str,
    *,
    status: str,
    date: PartialDate | str | None = None,
    source: str = "",
    note: str = "",
    confidence: str | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> CaseDetail:
    """Set a case's status, keeping the change in its dated, sourced history; returns
    the case as it now is. Raises NotFoundError, ValidationError."""
    with unit_of_work(db, uow, actor) as uow:
        case = load_case(uow.session, reference, writing=True)
        set_status(
            uow, case, status=status, date=date, source=source, note=note, confidence=confidence
        )
        return case_detail(load_case(uow.session, reference, full=True))


def set_status(
    uow: UnitOfWork,
    case: Case,
    *,
    status: str,
    date: PartialDate | str | None = None,
    source: str = "",
    note: str = "",
    confidence: str | None = None,
) -> StatusChange:
    """The status change itself, inside the caller's unit of work (batch actions such as
    marking an exchange's released cases use it for many cases in one transaction)."""
    spec = {
        "status": FieldSpec("status", "choice", choices=vocab.STATUSES, required=True),
        "date": FieldSpec("date", "pdate"),
        "source": FieldSpec("source", max_len=400),
        "note": FieldSpec("note", "longtext", max_len=20_000),
        "confidence": FieldSpec("confidence", "choice", choices=vocab.CONFIDENCE),
    }
    values = convert_all(
        spec,
        {"status": status, "date": date, "source": source, "note": note, "confidence": confidence},
        what="a status change",
    )
    old = case.status
    now = utcnow()
    # A Core UPDATE, like touch_case: the status keeps its own dated history, so a
    # colleague's open edit of the person's details need not conflict with it.
    uow.session.execute(
        update(Case).where(Case.id == case.id).values(status=values["status"], updated_at=now)
    )
    set_committed_value(case, "status", values["status"])
    set_committed_value(case, "updated_at", now)
    entry = StatusChange(
        status=values["status"],
        date=values["date"] or PartialDate.today(),
        source=values["source"],
        note=values["note"],
        confidence=values["confidence"] or vocab.implied_confidence(values["status"]),
        recorded_by=uow.actor,
    )
    case.status_history.append(entry)
    uow.session.flush()
    uow.audit(
        "change_status",
        "case",
        entity_id=case.id,
        case=case,
        changes={"status": (old, values["status"]), "date": (None, entry.date)},
    )
    return entry


def _refuse_deleting_a_merge(session: Session, case: Case) -> None:
    """Raise MergedCaseError when deleting `case` would break a merge: a case merged into
    it (its appeals, events, contacts and listings were moved here by the merge, so they
    would go too, and the merged case would stay closed for good, its undo impossible),
    or `case` itself merged into another (the merge could no longer be undone). Tester:
    deleting the kept case lost the merged one's records and left it stuck."""
    held = session.scalars(select(Case.reference).where(
        Case.merged_into_id == case.id).order_by(Case.id)).all()
    if held:
        raise MergedCaseError(msg(
            "{reference} holds {merged} merged into it (their records were moved here): "
            "undo the merge first (casemanager merge --undo; the log names it), then "
            "delete each case on its own", reference=case.reference, merged=Items(held)),
            held[0], case.reference)
    if case.merged_into_id is not None:
        kept = session.scalar(select(Case.reference).where(
            Case.id == case.merged_into_id)) or f"#{case.merged_into_id}"
        raise MergedCaseError(msg(
            "{reference} was merged into {kept} and is kept only so that the merge can be "
            "undone: undo the merge first (casemanager merge --undo; the log names it)",
            reference=case.reference, kept=kept), case.reference, kept)


def delete_case(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None
) -> None:
    """Delete a case with all its records. Raises NotFoundError, AccessDenied (on a
    server, for anyone but a coordinator), MergedCaseError for a case a merge involves
    (`_refuse_deleting_a_merge`)."""
    from casemanager.services.access import require

    with unit_of_work(db, uow, actor) as uow:
        require(uow.session, "delete")
        case = load_case(uow.session, reference)
        _refuse_deleting_a_merge(uow.session, case)
        changes: dict[str, Any] = {
            "family_name": (case.family_name, None),
            "given_name": (case.given_name, None),
        }
        # The partners' cases it was linked to (their links go with it): a later bundle
        # naming one is then not taken in as a new case without a word (bundles/receive).
        linked = sorted(uow.session.scalars(select(BundleRecord.uid).where(
            BundleRecord.case_id == case.id, BundleRecord.kind == "case",
            ~BundleRecord.uid.startswith("~"))))
        if linked:
            changes[LINKED_PARTNER_CASES] = (" ".join(linked), None)
        # And the partners' references it carried ("SOURCE: REF; …", the interchange
        # form): a list naming one later is not taken in as a new person (lists/importer).
        if case.external_references:
            changes[PARTNER_REFERENCES] = (
                "; ".join(f"{x.source}: {x.reference}" for x in case.external_references), None)
        uow.audit("delete", "case", entity_id=case.id, case=case, changes=changes)
        uow.session.delete(case)
