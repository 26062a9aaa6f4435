"""Merging two cases of the same person, and undoing it.

`merge_cases` keeps one case and folds the other into it in one transaction: contacts,
appeals, events, attachments, documents, custody, media, tasks, disclosures and exchange
listings move to the kept case; the other's spellings become aliases; fields empty on
the kept case are filled from the other; citizenships and tags are added.

The other case is not deleted: it is closed and marked `merged_into_id`, with its
reference, status history and audit trail intact. Partners may know it by its reference
(a search for it still finds it), and undo only has to move rows back. The audit entry
of the merge holds, as JSON, exactly which rows moved and which were added, so
`undo_merge` can restore the two cases while leaving alone what was added since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.domain.messages import msg
from casemanager.domain.partialdate import PartialDate
from casemanager.services.cases import load_case
from casemanager.store.database import Database
from casemanager.store.models import (
    Alias,
    Appeal,
    Attachment,
    AuditEntry,
    Case,
    CaseContact,
    CaseMember,
    CaseTag,
    Citizenship,
    CustodyPeriod,
    Disclosure,
    Event,
    ExchangeListing,
    ExternalReference,
    IdentityDocument,
    MediaAppearance,
    StatusChange,
    Task,
    utcnow,
)
from casemanager.store.search_index import index_case
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

# Models with `id` and `case_id`, by the name the undo record keeps them under.
MOVED: dict[str, type[Any]] = {
    "appeals": Appeal, "events": Event, "attachments": Attachment,
    "documents": IdentityDocument, "custody": CustodyPeriod, "media": MediaAppearance,
    "tasks": Task, "disclosures": Disclosure, "contacts": CaseContact,
    "exchanges": ExchangeListing,
    # Partners' references are unique per (source, reference): they move, never clash.
    "external_references": ExternalReference,
}
ADDED: dict[str, type[Any]] = {"aliases": Alias, "tags": CaseTag, "citizenships": Citizenship}
FILLABLE = (
    "given_name", "patronymic", "name_native", "name_latin", "sex", "date_of_birth",
    "place_of_birth", "ethnicity", "home_region", "languages", "father_name",
    "mother_maiden_name", "person_to_inform", "last_proof_of_life",
    "last_proof_of_life_source", "affiliation", "unit", "rank", "service_number",
    "recruitment", "capture_date", "capture_place", "detaining_party", "health",
    "medical_urgency", "icrc_registration",
)
DATE_FIELDS = {"date_of_birth", "last_proof_of_life", "capture_date"}


@dataclass(frozen=True)
class MergeResult:
    audit_id: int
    kept: str
    merged: str
    moved: dict[str, int]
    aliases_added: tuple[str, ...]
    fields_filled: tuple[str, ...]
    # The kept case became restricted by this merge (the other one was): see
    # _unite_protection.
    restricted: bool = False


def _spellings(case: Case) -> list[str]:
    full = " ".join(p for p in (case.family_name, case.given_name, case.patronymic) if p)
    out: list[str] = []
    for s in (full, case.name_native, case.name_latin, *(a.spelling for a in case.aliases)):
        if s and s.casefold() not in (o.casefold() for o in out):
            out.append(s)
    return out


def _movable(session: Session, other: Case, keep: Case) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}
    for name, model in MOVED.items():
        stmt = select(model.id).where(model.case_id == other.id)
        if model is CaseContact:  # a contact linked to both stays linked once
            stmt = stmt.where(model.contact_id.not_in(
                select(CaseContact.contact_id).where(CaseContact.case_id == keep.id)))
        if model is ExchangeListing:
            stmt = stmt.where(model.exchange_id.not_in(
                select(ExchangeListing.exchange_id).where(ExchangeListing.case_id == keep.id)))
        ids[name] = list(session.scalars(stmt.order_by(model.id)))
    return ids


def _coordinators_only(session: Session) -> None:
    """On a server, ask it first: only coordinators merge or undo a merge (0010's
    triggers refuse the writes anyway; this makes every other role's refusal the same
    one line, before anything is read)."""
    from casemanager.services.access import require

    require(session, "merge")  # in the role's words, before the server's own check
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT cm_require_coordinator('merge cases or undo a merge')"))


def _unite_protection(session: Session, keep: Case, other: Case) -> dict[str, tuple[str, str]]:
    """A merge keeps the union of protection: if either case is restricted, the kept case
    is, and whoever was named on the other (its caseworker too, when it was restricted)
    is named on it. Written now, before the rows move; on a server the trigger of 0015
    does the same whatever the client. Returns the audit changes it made."""
    if not (keep.restricted or other.restricted):
        return {}
    _refuse_widening(session, keep, other)
    named = set(session.scalars(select(CaseMember.login).where(CaseMember.case_id == other.id))
                ) if other.restricted else set()
    if other.restricted and other.assigned_to:
        named.add(other.assigned_to)
    have = set(session.scalars(select(CaseMember.login).where(CaseMember.case_id == keep.id)))
    added = sorted(named - have - {keep.assigned_to or ""})
    if added and session.get_bind().dialect.name == "postgresql":
        # Only the server's caseworkers and coordinators are named (0015's check).
        added = [login for login in added if session.scalar(
            text("SELECT cm_person_role(CAST(:login AS text))"), {"login": login})
            in ("coordinator", "caseworker")]
    changes: dict[str, tuple[str, str]] = {}
    if not keep.restricted:
        keep.restricted = True
        changes["restricted"] = ("False", "True")
    for login in added:
        session.add(CaseMember(case_id=keep.id, login=login))
    if added:
        changes["members"] = ("", ";".join(added))
    session.flush()
    return changes


def _seers(session: Session, case: Case) -> set[str]:
    """The caseworkers who see a restricted case on a server: those named on it and its
    own caseworker (coordinators see every case, volunteers no restricted one)."""
    logins = set(session.scalars(select(CaseMember.login).where(CaseMember.case_id == case.id)))
    if case.assigned_to:
        logins.add(case.assigned_to)
    return {login for login in logins if session.scalar(
        text("SELECT cm_person_role(CAST(:login AS text))"), {"login": login}) == "caseworker"}


def _refuse_widening(session: Session, keep: Case, other: Case) -> None:
    """A merge must not show a restricted case to anyone who could not see it: the people
    who see the merged case are those who could see both. Raises ValidationError naming
    who would see more, and how to decide it first. Only on a server (on a SQLite file
    there are no people to keep apart); 0015's trigger refuses the same there."""
    if not other.restricted or session.get_bind().dialect.name != "postgresql":
        return
    allowed = _seers(session, other)
    if keep.restricted:
        seen_by = _seers(session, keep)
        wider = sorted((seen_by - allowed) | (allowed - seen_by))
    else:
        wider = sorted({keep.assigned_to} - allowed) if keep.assigned_to and session.scalar(
            text("SELECT cm_person_role(CAST(:login AS text))"),
            {"login": keep.assigned_to}) == "caseworker" else []
    if wider:
        raise ValidationError("merge", msg(
            "merging would show a restricted case to {who}, who may not see both "
            "{keep} and {other}: name them on both (restrict … --member) or assign the "
            "cases to someone named on both, then merge", who=", ".join(wider),
            keep=keep.reference, other=other.reference))


def merge_cases(
    db: Database, keep_ref: str, other_ref: str, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> MergeResult:
    """Fold case `other_ref` into `keep_ref`; returns the merge, with its audit id for undo.
    Raises NotFoundError, ValidationError (the same case, a case already merged)."""
    with unit_of_work(db, uow, actor) as uow:
        s = uow.session
        _coordinators_only(s)
        keep = load_case(s, keep_ref, full=True)
        other = load_case(s, other_ref, full=True)
        if keep.id == other.id:
            raise ValidationError("reference", msg("cannot merge {reference} with itself",
                                                     reference=keep.reference))
        for case in (keep, other):
            if case.merged_into_id is not None:
                raise ValidationError(
                    "reference", msg("{reference} was already merged into another case",
                                     reference=case.reference))
        protection = _unite_protection(s, keep, other)
        known = {x.casefold() for x in _spellings(keep)}
        new_aliases = [sp for sp in _spellings(other) if sp.casefold() not in known]
        start = len(keep.aliases)
        alias_rows = [Alias(spelling=sp, position=start + i) for i, sp in enumerate(new_aliases)]
        keep.aliases.extend(alias_rows)
        have_tags = {t.tag for t in keep.tags}
        tag_rows = [CaseTag(tag=t.tag) for t in other.tags if t.tag not in have_tags]
        keep.tags.extend(tag_rows)
        have_cits = {c.country for c in keep.citizenships}
        cit_rows = [
            Citizenship(country=c.country, position=len(have_cits) + i)
            for i, c in enumerate(c for c in other.citizenships if c.country not in have_cits)
        ]
        keep.citizenships.extend(cit_rows)
        filled: dict[str, str] = {}
        for name in FILLABLE:
            mine, theirs = getattr(keep, name), getattr(other, name)
            if not as_text(mine) and as_text(theirs):
                setattr(keep, name, theirs)
                filled[name] = as_text(theirs)
        keep.updated_at = utcnow()
        previous_status = other.status
        other.status = "closed"
        other.merged_into_id = keep.id
        other.updated_at = utcnow()
        closing = StatusChange(
            status="closed", date=PartialDate.today(), source="merge",
            confidence="confirmed", note=f"merged into {keep.reference}",
            recorded_by=uow.actor,
        )
        other.status_history.append(closing)
        s.flush()
        moved = _movable(s, other, keep)
        portraits: list[int] = []
        if any(a.is_portrait for a in keep.attachments):
            portraits = [a.id for a in other.attachments if a.is_portrait]
            if portraits:  # one portrait per case: the kept case's stays
                s.execute(update(Attachment).where(Attachment.id.in_(portraits))
                          .values(is_portrait=False))
        for name, model in MOVED.items():
            if moved[name]:
                s.execute(update(model).where(model.id.in_(moved[name]))
                          .values(case_id=keep.id))
        undo = {
            "keep_id": keep.id, "other_id": other.id, "moved": moved,
            "added": {"aliases": [a.id for a in alias_rows], "tags": [t.id for t in tag_rows],
                      "citizenships": [c.id for c in cit_rows]},
            "filled": filled, "portraits": portraits,
            "previous_status": previous_status, "status_change": closing.id,
        }
        changes = {
            "merged_from": ("", other.reference),
            **protection,
            **{name: ("", value) for name, value in filled.items()},
            "aliases_added": ("", new_aliases),
            "undo": ("", json.dumps(undo, sort_keys=True)),
        }
        uow.audit("merge", "case", entity_id=keep.id, case=keep, changes=changes)
        uow.audit("merged_into", "case", entity_id=other.id, case=other,
                  changes={"merged_into": ("", keep.reference),
                           "status": (previous_status, "closed")})
        s.flush()
        audit_id = s.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "merge", AuditEntry.case_id == keep.id
        ).order_by(AuditEntry.id.desc()).limit(1))
        assert audit_id is not None  # the entry was flushed just above
        s.expire_all()
        index_case(s, keep.id)
        index_case(s, other.id)
        result = MergeResult(
            audit_id=audit_id, kept=keep.reference, merged=other.reference,
            moved={k: len(v) for k, v in moved.items() if v},
            aliases_added=tuple(new_aliases), fields_filled=tuple(filled),
            restricted="restricted" in protection,
        )
    return result


def _undone_ids(session: Session) -> set[int]:
    out = set()
    for changes in session.scalars(select(AuditEntry.changes).where(
            AuditEntry.action == "unmerge")):
        try:
            out.add(int(changes["merge_audit"][1]))
        except (KeyError, ValueError, TypeError, IndexError):
            continue
    return out


def last_merge_id(db: Database) -> int | None:
    """The audit id of the newest merge not yet undone (for "Undo last merge")."""
    with db.session() as s:
        undone = _undone_ids(s)
        for audit_id in s.scalars(select(AuditEntry.id).where(AuditEntry.action == "merge")
                                  .order_by(AuditEntry.id.desc()).limit(50)):
            if audit_id not in undone:
                return audit_id
    return None


def undo_merge(
    db: Database, merge_audit_id: int, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> tuple[str, str]:
    """Restore both cases of a merge; returns (kept, restored) references.

    Rows added to the kept case since the merge stay there; a field filled by the merge
    and edited since keeps its new value. Raises NotFoundError (no such merge),
    ValidationError (already undone).
    """
    with unit_of_work(db, uow, actor) as uow:
        s = uow.session
        _coordinators_only(s)
        entry = s.get(AuditEntry, merge_audit_id)
        if entry is None or entry.action != "merge":
            raise NotFoundError(msg("no merge with audit id {id}", id=merge_audit_id))
        if merge_audit_id in _undone_ids(s):
            raise ValidationError("merge", msg("{id} was already undone", id=merge_audit_id))
        data = json.loads(entry.changes["undo"][1])
        keep, other = s.get(Case, data["keep_id"]), s.get(Case, data["other_id"])
        if keep is None or other is None or other.merged_into_id != keep.id:
            raise ValidationError("merge", msg("the merged cases were changed or deleted since"))
        for name, ids in data["moved"].items():
            if ids:
                model = MOVED[name]
                s.execute(update(model).where(model.id.in_(ids), model.case_id == keep.id)
                          .values(case_id=other.id))
        if data["portraits"]:
            s.execute(update(Attachment).where(Attachment.id.in_(data["portraits"]))
                      .values(is_portrait=True))
        for name, ids in data["added"].items():
            if ids:
                model = ADDED[name]
                s.execute(delete(model).where(model.id.in_(ids), model.case_id == keep.id))
        s.execute(delete(StatusChange).where(StatusChange.id == data["status_change"]))
        s.expire_all()
        restored: dict[str, tuple[str, str]] = {}
        for name, value in data["filled"].items():
            if as_text(getattr(keep, name)) == value:
                setattr(keep, name, None if name in DATE_FIELDS else "")
                restored[name] = (value, "")
        keep.updated_at = utcnow()
        other.status = data["previous_status"]
        other.merged_into_id = None
        other.updated_at = utcnow()
        uow.audit("unmerge", "case", entity_id=keep.id, case=keep,
                  changes={"merge_audit": ("", str(merge_audit_id)),
                           "restored_case": ("", other.reference), **restored})
        uow.audit("unmerge", "case", entity_id=other.id, case=other,
                  changes={"merge_audit": ("", str(merge_audit_id)),
                           "status": ("closed", data["previous_status"])})
        s.flush()
        index_case(s, keep.id)
        index_case(s, other.id)
        refs = (keep.reference, other.reference)
    return refs
