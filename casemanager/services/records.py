"""Records that hang off a case: documents, custody, media, appeals, events, tasks.

They share one shape (add, edit, delete; validated fields; an audit entry), so one set
of functions serves them all, named by `kind`. The thin wrappers at the end
(`add_appeal`, `add_event`...) are what callers usually use. Each action takes `uow=`
to work inside a caller's unit of work, leaving the commit to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.domain import vocab
from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.fields import FieldSpec, as_text, convert_all, specs
from casemanager.domain.messages import msg
from casemanager.services.cases import load_case, touch_case
from casemanager.store.database import Database
from casemanager.store.models import (
    Appeal,
    Case,
    CaseContact,
    Contact,
    CustodyPeriod,
    Event,
    IdentityDocument,
    MediaAppearance,
    Task,
)
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

# The model (each has `id` and `case_id`) and its fields, by kind.
RECORD_KINDS: dict[str, tuple[type[Any], dict[str, FieldSpec]]] = {
    "document": (
        IdentityDocument,
        specs(
            FieldSpec("doc_type", "choice", choices=vocab.DOCUMENT_TYPES, required=True),
            FieldSpec("number", max_len=100),
            FieldSpec("issuing_country", "country"),
            FieldSpec("note", "longtext", max_len=2000),
        ),
    ),
    "custody": (
        CustodyPeriod,
        specs(
            FieldSpec("facility", max_len=300),
            FieldSpec("disclosed", "bool"),
            FieldSpec("holding_party", max_len=200),
            FieldSpec("date_from", "pdate"),
            FieldSpec("date_to", "pdate"),
            FieldSpec("note", "longtext", max_len=5000),
        ),
    ),
    "media": (
        MediaAppearance,
        specs(
            FieldSpec("date", "pdate"),
            FieldSpec("link", max_len=1000),
            FieldSpec("platform", max_len=100),
            FieldSpec("coercion_note", "longtext", max_len=5000),
        ),
    ),
    "appeal": (
        Appeal,
        specs(
            FieldSpec("recipient_id", "int"),
            FieldSpec("channel", max_len=50),
            FieldSpec("subject", max_len=400),
            FieldSpec("reference_number", max_len=100),
            FieldSpec("sent_date", "pdate"),
            FieldSpec("follow_up_date", "date"),
            FieldSpec("status", "choice", choices=vocab.APPEAL_STATUSES),
            FieldSpec("response_date", "pdate"),
            FieldSpec("response_summary", "longtext", max_len=20_000),
        ),
    ),
    "event": (
        Event,
        specs(
            FieldSpec("date", "pdate"),
            FieldSpec("kind", "choice", choices=vocab.EVENT_KINDS),
            FieldSpec("summary", "longtext", max_len=50_000, required=True),
            FieldSpec("source", max_len=400),
            FieldSpec("confidence", "choice", choices=vocab.CONFIDENCE),
            FieldSpec("confidential", "bool"),
        ),
    ),
    "task": (
        Task,
        specs(
            FieldSpec("title", max_len=400, required=True),
            FieldSpec("due_date", "date"),
            FieldSpec("assignee", max_len=100),
            FieldSpec("done", "bool"),
        ),
    ),
}
# Values a new record gets when the caller leaves them out.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "appeal": {"status": "draft"},
    "event": {"kind": "note", "confidence": "unverified"},
    "custody": {"disclosed": True},
}
_REQUIRED = {"document": ("doc_type",), "event": ("summary",), "task": ("title",)}


def _validate(kind: str, fields: Mapping[str, Any], *, new: bool) -> dict[str, Any]:
    if kind not in RECORD_KINDS:
        raise ValidationError("kind", msg("'{kind}' is not a kind of record", kind=kind))
    _, table = RECORD_KINDS[kind]
    article = "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"
    values = convert_all(table, fields, what=f"{article} {kind}")
    if new and kind == "appeal" and values.get("sent_date") and not values.get("status"):
        values["status"] = "sent"  # a sent date says it left; "draft" would print wrongly
    if new:
        for name, default in _DEFAULTS.get(kind, {}).items():
            if not values.get(name) and values.get(name) is not False:
                values[name] = default
        for name in _REQUIRED.get(kind, ()):
            if not values.get(name):
                raise ValidationError(name, msg("is required"))
    else:
        for name in _REQUIRED.get(kind, ()):
            if name in values and not values[name]:
                raise ValidationError(name, msg("is required"))
    return values


def _check_recipient(session: Session, values: dict[str, Any]) -> None:
    recipient = values.get("recipient_id")
    if recipient is not None and session.get(Contact, recipient) is None:
        raise ValidationError("recipient_id", msg("no contact with id {id}", id=recipient))


def _link_sent_recipient(uow: UnitOfWork, case: Case, record: object) -> None:
    """An appeal that left for a contact not linked to the case links it (in the caller's
    transaction, audited): the case's contacts then list everyone it was sent to."""
    if not isinstance(record, Appeal) or record.recipient_id is None:
        return
    if record.sent_date is None and record.status in ("draft", "withdrawn"):
        return  # not sent (yet): a draft names a recipient, it does not involve them
    linked = uow.session.scalar(select(CaseContact.id).where(
        CaseContact.case_id == case.id, CaseContact.contact_id == record.recipient_id))
    if linked is not None:
        return
    contact = uow.session.get(Contact, record.recipient_id)
    link = CaseContact(case_id=case.id, contact_id=record.recipient_id)
    uow.session.add(link)
    uow.session.flush()
    uow.audit("link_contact", "case_contact", entity_id=link.id, case=case,
              changes={"contact": (None, contact.name if contact else str(record.recipient_id)),
                       "reason": (None, "an appeal was sent to it")})


def add_record(
    db: Database,
    reference: str,
    kind: str,
    *,
    fields: Mapping[str, Any],
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> int:
    """Add a record of `kind` to a case; returns its id. Raises ValidationError (kind,
    a field, an appeal's unknown recipient), NotFoundError (no such case)."""
    values = _validate(kind, fields, new=True)
    model, _ = RECORD_KINDS[kind]
    with unit_of_work(db, uow, actor) as uow:
        case = load_case(uow.session, reference, writing=True)
        _check_recipient(uow.session, values)
        record = model(case_id=case.id, **values)
        uow.session.add(record)
        uow.session.flush()
        touch_case(uow.session, case)
        uow.audit(
            f"add_{kind}",
            kind,
            entity_id=record.id,
            case=case,
            changes={k: (None, v) for k, v in values.items() if as_text(v)},
        )
        _link_sent_recipient(uow, case, record)
        return record.id


def _load_record(session: Session, kind: str, record_id: int) -> tuple[Any, Case]:
    model, _ = RECORD_KINDS[kind]
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(msg("no {kind} with id {id}", kind=kind, id=record_id))
    case = session.get(Case, record.case_id)
    assert case is not None  # case_id is a foreign key
    return record, case


def update_record(
    db: Database,
    kind: str,
    record_id: int,
    *,
    fields: Mapping[str, Any],
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Edit a record's fields; nothing changed, nothing audited. Raises ValidationError,
    NotFoundError."""
    values = _validate(kind, fields, new=False)
    with unit_of_work(db, uow, actor) as uow:
        record, case = _load_record(uow.session, kind, record_id)
        _check_recipient(uow.session, values)
        changes = {}
        for name, value in values.items():
            old = getattr(record, name)
            if as_text(old) != as_text(value):
                setattr(record, name, value)
                changes[name] = (old, value)
        if not changes:
            return
        touch_case(uow.session, case)
        uow.audit(f"update_{kind}", kind, entity_id=record.id, case=case, changes=changes)
        _link_sent_recipient(uow, case, record)


def delete_record(
    db: Database, kind: str, record_id: int, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Delete a record. Raises ValidationError (kind), NotFoundError."""
    if kind not in RECORD_KINDS:
        raise ValidationError("kind", msg("'{kind}' is not a kind of record", kind=kind))
    _, table = RECORD_KINDS[kind]
    with unit_of_work(db, uow, actor) as uow:
        record, case = _load_record(uow.session, kind, record_id)
        old = {
            name: (getattr(record, name), None) for name in table if as_text(getattr(record, name))
        }
        uow.session.delete(record)
        touch_case(uow.session, case)
        uow.audit(f"delete_{kind}", kind, entity_id=record_id, case=case, changes=old)


def record_ids(db: Database, reference: str, kind: str) -> list[int]:
    model, _ = RECORD_KINDS[kind]
    with db.session() as session:
        case = load_case(session, reference)
        return list(session.scalars(select(model.id).where(model.case_id == case.id)))


def add_appeal(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None,
    **fields: Any,
) -> int:
    return add_record(db, reference, "appeal", fields=fields, actor=actor, uow=uow)


def add_event(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None,
    **fields: Any,
) -> int:
    return add_record(db, reference, "event", fields=fields, actor=actor, uow=uow)


def add_custody(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None,
    **fields: Any,
) -> int:
    return add_record(db, reference, "custody", fields=fields, actor=actor, uow=uow)


def add_document(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None,
    **fields: Any,
) -> int:
    return add_record(db, reference, "document", fields=fields, actor=actor, uow=uow)


def add_task(
    db: Database, reference: str, *, actor: str | None = None, uow: UnitOfWork | None = None,
    **fields: Any,
) -> int:
    return add_record(db, reference, "task", fields=fields, actor=actor, uow=uow)
