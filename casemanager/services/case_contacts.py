"""A new contact created and linked to a case in one step, as the case editor offers it.

One user action ("add the mother as a contact of this case"), so one transaction: either
both the contact and the link exist afterwards, or neither does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import as_text, convert_all
from casemanager.services.cases import load_case, touch_case
from casemanager.services.contacts import (
    CONTACT_FIELDS,
    LINK_FIELDS,
    Channel,
    _channel_text,
    _channels,
)
from casemanager.store.database import Database
from casemanager.store.models import CaseContact, Contact
from casemanager.store.unit_of_work import UnitOfWork


def create_linked_contact(
    db: Database,
    reference: str,
    *,
    fields: Mapping[str, Any],
    channels: Iterable[Channel] = (),
    link: Mapping[str, Any] | None = None,
    actor: str | None = None,
) -> tuple[int, int]:
    """Create a contact and link it to the case; returns (contact id, link id)."""
    values = convert_all(CONTACT_FIELDS, fields, what="a contact")
    if not values.get("name"):
        raise ValidationError("name", "is required")
    values["kind"] = values.get("kind") or "other"
    link_values = convert_all(LINK_FIELDS, link or {}, what="a contact link")
    with UnitOfWork(db, actor) as uow:
        case = load_case(uow.session, reference)
        contact = Contact(**values, channels=_channels(channels))
        uow.session.add(contact)
        uow.session.flush()
        changes = {k: (None, v) for k, v in values.items() if as_text(v)}
        if contact.channels:
            changes["channels"] = (None, _channel_text(contact))
        uow.audit("create", "contact", entity_id=contact.id, changes=changes)
        row = CaseContact(case_id=case.id, contact_id=contact.id)
        for name, value in link_values.items():
            setattr(row, "relationship_" if name == "relationship" else name, value)
        uow.session.add(row)
        uow.session.flush()
        touch_case(uow.session, case)
        link_changes: dict[str, tuple[Any, Any]] = {"contact": (None, contact.name)}
        link_changes.update({k: (None, v) for k, v in link_values.items() if as_text(v)})
        uow.audit("link_contact", "case_contact", entity_id=row.id, case=case, changes=link_changes)
        uow.commit()
        return contact.id, row.id
