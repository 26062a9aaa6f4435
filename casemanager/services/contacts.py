"""Contacts (people and organisations) and their links to cases, with consent flags.

The actions take `uow=` to run inside a caller's unit of work (no commit of their own):
case_contacts composes create_contact and link_contact into one transaction that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from casemanager.domain import vocab
from casemanager.domain.dto import ContactInfo
from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.fields import FieldSpec, as_text, clean_text, convert_all, specs
from casemanager.domain.messages import msg
from casemanager.domain.names import display_name
from casemanager.services.cases import contact_info, load_case, touch_case
from casemanager.store.database import Database
from casemanager.store.models import Appeal, Case, CaseContact, Contact, ContactChannel, utcnow
from casemanager.store.sort_keys import sort_key_expr
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

CONTACT_FIELDS = specs(
    FieldSpec("kind", "choice", choices=vocab.CONTACT_KINDS),
    FieldSpec("name", max_len=300, required=True),
    FieldSpec("organisation", max_len=300),
    FieldSpec("address", "longtext", max_len=2000),
    FieldSpec("country", "country"),
    FieldSpec("language", max_len=50),
    FieldSpec("notes", "longtext", max_len=20_000),
)
# A search longer than the longest name or organisation cannot match anything.
MAX_QUERY = max(CONTACT_FIELDS["name"].max_len, CONTACT_FIELDS["organisation"].max_len)
LINK_FIELDS = specs(
    FieldSpec("relationship", max_len=100),
    FieldSpec("share_embassy", "bool"),
    FieldSpec("share_icrc", "bool"),
    FieldSpec("share_media", "bool"),
    FieldSpec("share_partner", "bool"),
)
Channel = tuple[str, str] | tuple[str, str, str]


def _channels(items: Iterable[Channel]) -> list[ContactChannel]:
    out = []
    for item in items:
        kind, value, label = (*item, "")[:3]
        if kind not in vocab.CHANNEL_KINDS:
            raise ValidationError(
                "channels", msg("'{kind}' is not one of {kinds}", kind=kind,
                                kinds=", ".join(vocab.CHANNEL_KINDS))
            )
        value = clean_text(kind, value, 300)
        if not value:
            continue
        if kind == "email" and "@" not in value:
            raise ValidationError("email", msg("'{value}' is not an e-mail address", value=value))
        out.append(ContactChannel(kind=kind, value=value, label=clean_text("label", label, 100)))
    return out


def _channel_text(contact: Contact) -> str:
    return "; ".join(f"{c.kind}:{c.value}" for c in contact.channels)


def create_contact(
    db: Database,
    *,
    fields: Mapping[str, Any],
    channels: Iterable[Channel] = (),
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> int:
    """A new contact with its channels ((kind, value[, label]), blank values skipped);
    returns its id. Raises ValidationError (a field, a channel kind, an e-mail)."""
    values = convert_all(CONTACT_FIELDS, fields, what="a contact")
    if not values.get("name"):
        raise ValidationError("name", msg("is required"))
    values["kind"] = values.get("kind") or "other"
    with unit_of_work(db, uow, actor) as uow:
        contact = Contact(**values, channels=_channels(channels))
        uow.session.add(contact)
        uow.session.flush()
        changes = {k: (None, v) for k, v in values.items() if as_text(v)}
        if contact.channels:
            changes["channels"] = (None, _channel_text(contact))
        uow.audit("create", "contact", entity_id=contact.id, changes=changes)
        return contact.id


def update_contact(
    db: Database,
    contact_id: int,
    *,
    fields: Mapping[str, Any],
    channels: Iterable[Channel] | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Edit a contact's fields (and replace its channels when given); nothing changed,
    nothing audited. Raises NotFoundError, ValidationError."""
    values = convert_all(CONTACT_FIELDS, fields, what="a contact")
    if "name" in values and not values["name"]:
        raise ValidationError("name", msg("is required"))
    with unit_of_work(db, uow, actor) as uow:
        contact = _load(uow.session, contact_id)
        changes = {}
        for name, value in values.items():
            if as_text(getattr(contact, name)) != as_text(value):
                changes[name] = (getattr(contact, name), value)
                setattr(contact, name, value)
        if channels is not None:
            before = _channel_text(contact)
            contact.channels = _channels(channels)
            uow.session.flush()
            after = _channel_text(contact)
            if before != after:
                changes["channels"] = (before, after)
        if not changes:
            return
        contact.updated_at = utcnow()
        uow.audit("update", "contact", entity_id=contact.id, changes=changes)


def delete_contact(
    db: Database, contact_id: int, *, actor: str | None = None, uow: UnitOfWork | None = None
) -> None:
    """Delete a contact (its links to cases go with it). Raises NotFoundError."""
    with unit_of_work(db, uow, actor) as uow:
        contact = _load(uow.session, contact_id)
        uow.audit("delete", "contact", entity_id=contact.id, changes={"name": (contact.name, None)})
        # Each case it leaves says so: its link goes, its appeals lose the recipient (and a
        # server logs a case's change it finds no entry about, migration 0015).
        touched = uow.session.scalars(
            select(Case).where(or_(
                Case.id.in_(select(CaseContact.case_id).where(
                    CaseContact.contact_id == contact.id)),
                Case.id.in_(select(Appeal.case_id).where(Appeal.recipient_id == contact.id))))
            .order_by(Case.id))
        for case in touched:
            uow.audit("delete", "link", entity_id=contact.id, case=case,
                      changes={"contact": (contact.name, None)})
        uow.session.delete(contact)


def _load(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(msg("no contact with id {id}", id=contact_id))
    return contact


def get_contact(db: Database, contact_id: int) -> ContactInfo:
    with db.session() as session:
        contact = session.scalars(
            select(Contact)
            .where(Contact.id == contact_id)
            .options(
                selectinload(Contact.channels),
                selectinload(Contact.case_links).selectinload(CaseContact.case),
            )
        ).one_or_none()
        if contact is None:
            raise NotFoundError(msg("no contact with id {id}", id=contact_id))
        return _with_cases(contact)


def _with_cases(contact: Contact) -> ContactInfo:
    cases = tuple(
        (
            link.case.reference,
            display_name(link.case.family_name, link.case.given_name, link.case.patronymic,
                         latin=link.case.name_latin, native=link.case.name_native),
            link.relationship_,
        )
        for link in sorted(contact.case_links, key=lambda x: x.case.reference)
    )
    natives = tuple((link.case.reference, link.case.name_native)
                    for link in contact.case_links if link.case.name_native)
    return contact_info(contact, cases, natives)


def list_contacts(
    db: Database, *, query: str = "", kind: str = "", limit: int | None = None
) -> list[ContactInfo]:
    """Every contact (filtered by name, organisation or kind), with its linked cases.

    Raises ValidationError for a query longer than a name or organisation can be
    (SQLite refuses LIKE patterns over 50,000 bytes; such a query cannot match anyway).
    """
    if len(query.strip()) > MAX_QUERY:
        raise ValidationError("query", msg("at most {limit} characters, as long as a name can be",
                                         limit=MAX_QUERY))
    stmt = (
        select(Contact)
        .options(
            selectinload(Contact.channels),
            selectinload(Contact.case_links).selectinload(CaseContact.case),
        )
        # Dictionary order, Cyrillic included, as the case list's names (tester B6).
        .order_by(sort_key_expr(Contact.name, db.dialect), Contact.id)
    )
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(Contact.name).like(like), func.lower(Contact.organisation).like(like))
        )
    if kind:
        stmt = stmt.where(Contact.kind == kind)
    if limit:
        stmt = stmt.limit(limit)
    with db.session() as session:
        return [_with_cases(c) for c in session.scalars(stmt)]


def link_contact(
    db: Database,
    reference: str,
    contact_id: int,
    *,
    fields: Mapping[str, Any] | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> int:
    """Link a contact to a case (or update the link): relationship and consent flags;
    returns the link's id. Raises NotFoundError (case, contact), ValidationError."""
    values = convert_all(LINK_FIELDS, fields or {}, what="a contact link")
    with unit_of_work(db, uow, actor) as uow:
        case = load_case(uow.session, reference, writing=True)
        contact = _load(uow.session, contact_id)
        link = uow.session.scalars(
            select(CaseContact).where(
                CaseContact.case_id == case.id, CaseContact.contact_id == contact.id
            )
        ).one_or_none()
        action = "update_link" if link else "link_contact"
        if link is None:
            link = CaseContact(case_id=case.id, contact_id=contact.id)
            uow.session.add(link)
        changes: dict[str, tuple[Any, Any]] = {"contact": (None, contact.name)}
        for name, value in values.items():
            attr = "relationship_" if name == "relationship" else name
            old = getattr(link, attr, None)
            if as_text(old) != as_text(value):
                changes[name] = (old, value)
            setattr(link, attr, value)
        uow.session.flush()
        touch_case(uow.session, case)
        uow.audit(action, "case_contact", entity_id=link.id, case=case, changes=changes)
        return link.id


def unlink_contact(
    db: Database, link_id: int, *, actor: str | None = None, uow: UnitOfWork | None = None
) -> None:
    """Remove a contact's link to a case (the contact stays). Raises NotFoundError."""
    with unit_of_work(db, uow, actor) as uow:
        link = uow.session.get(CaseContact, link_id)
        if link is None:
            raise NotFoundError(msg("no contact link with id {id}", id=link_id))
        case, contact = link.case, link.contact
        uow.audit(
            "unlink_contact",
            "case_contact",
            entity_id=link.id,
            case=case,
            changes={"contact": (contact.name, None), "relationship": (link.relationship_, None)},
        )
        uow.session.delete(link)
        touch_case(uow.session, case)
