"""A new contact created and linked to a case in one step, as the case editor offers it.

One user action ("add the mother as a contact of this case"), so one transaction: either
both the contact and the link exist afterwards, or neither does. It is create_contact
and link_contact composed in one unit of work, each writing its own audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casemanager.services.contacts import Channel, create_contact, link_contact
from casemanager.store.database import Database
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work


def create_linked_contact(
    db: Database,
    reference: str,
    *,
    fields: Mapping[str, Any],
    channels: Iterable[Channel] = (),
    link: Mapping[str, Any] | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> tuple[int, int]:
    """Create a contact and link it to the case; returns (contact id, link id).

    Raises ValidationError (contact fields, channels, link fields) or NotFoundError (no
    such case); then neither the contact nor the link is written.
    """
    with unit_of_work(db, uow, actor) as uow:
        contact_id = create_contact(db, fields=fields, channels=channels, uow=uow)
        link_id = link_contact(db, reference, contact_id, fields=link, uow=uow)
        return contact_id, link_id
