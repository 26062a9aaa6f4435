"""A family's erased contact details leave the audit log too.

When a partner withdraws a family's contact (the family asked to be removed) or the
family's consent to share their details, receiving erases the contact's phones,
e-mails, address and notes (casemanager/bundles/receive.py). The entries that logged
edits of them here (`update` of the contact: old -> new phone; on a server, 0016's
`direct_change`) still held them, readable in `audit` and in the case's history. This
erases those values inside the same transaction: each entry stays (who, when, which
action, which fields changed), its values become ERASED.

On SQLite the entries are rewritten here; the database's connections have
`secure_delete` on (store/database.py), so the old bytes are not left in the file. On
PostgreSQL the roles may not change an audit entry: the server does it
(`cm_erase_contact_details`, migration 0019), only in a transaction that logged why (an
entry `withdraw` or `erase_details` about the contact, written before the call) and
once the contact holds no details.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from casemanager.store.models import AuditEntry

ERASED = "(erased)"
# Entries about a contact: the application's, and the server's (0016).
CONTACT_ENTITIES = ("contact", "contacts", "contact_channels")
# Their fields holding the family's details (the server logs a channel under its kind).
DETAIL_FIELDS = frozenset({"address", "notes", "channels", "phone", "email", "messenger"})


def erased_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` ({field: [old, new]}) with each detail field's non-empty values
    replaced by ERASED; other fields as they were."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in DETAIL_FIELDS:
            out[name] = value
        elif isinstance(value, list | tuple):
            out[name] = [v if v in (None, "") else ERASED for v in value]
        else:
            out[name] = ERASED
    return out


def erase_contact_details(session: Session, contact_id: int) -> int:
    """Erase the family's details from the audit entries about contact `contact_id`,
    in the session's transaction (call it after the contact's details were erased and
    the reason logged about it: `withdraw` or `erase_details`). Returns how many
    entries changed. On PostgreSQL a refusal by the server (the contact still holds
    details, or no reason logged) raises the driver's error."""
    session.flush()  # the erasure itself and the entry saying why go first
    if session.get_bind().dialect.name == "postgresql":
        return int(session.scalar(text("SELECT public.cm_erase_contact_details(:c)"),
                                  {"c": contact_id}) or 0)
    count = 0
    for entry_id, changes in session.execute(select(AuditEntry.id, AuditEntry.changes).where(
            AuditEntry.entity.in_(CONTACT_ENTITIES), AuditEntry.entity_id == contact_id)):
        if changes and DETAIL_FIELDS & set(changes):
            session.execute(update(AuditEntry).where(AuditEntry.id == entry_id)
                            .values(changes=erased_changes(changes)))
            count += 1
    return count
