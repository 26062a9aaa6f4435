"""The unit of work: one user action, one transaction, its audit entries inside it.

Nothing is written unless `commit()` is called; leaving the block any other way rolls
back, so a failed action leaves neither data nor audit entries behind.

Service functions that perform a user action take `uow: UnitOfWork | None = None` and
open their transaction with `unit_of_work(db, uow, actor)`: called alone they are one
transaction, committed; given a caller's unit of work they work inside it and leave the
commit to the caller, so two actions composed are both written or neither.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.domain.errors import DatabaseError, MergedCaseError
from casemanager.domain.fields import as_text
from casemanager.domain.messages import msg
from casemanager.store.database import Database
from casemanager.store.locks import busy_message
from casemanager.store.models import AuditEntry, Case, utcnow


def current_actor() -> str:
    """Who is working: `$CASEMANAGER_USER`, else the operating-system login."""
    name = os.environ.get("CASEMANAGER_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (containers, odd setups)
        return "unknown"


# Audit actions a case merged into another may still take: the merge and its undoing,
# deleting it, disclosing it (a read: its dossier given out, said in the log), and
# rejecting a partner's claim on it (which changes nothing of the case).
_ON_MERGED = frozenset({"merged_into", "unmerge", "delete", "disclose", "reject_claim"})


def merged_refusal(session: Session, case: Case) -> MergedCaseError | None:
    """Why `case` may not be written, if it was merged into another case: the error
    naming the kept case, when and by whom (its "merged_into" audit entry); else None.

    A merged-away case is kept (closed) only so that the merge can be undone; a change
    made to it would land on a copy nobody works on, so every write refuses it.
    """
    into = case.merged_into_id
    if into is None:
        return None
    return merged_error(session, case.id, case.reference, into)


def merged_error(session: Session, case_id: int, reference: str, into: int
                 ) -> MergedCaseError:
    """The refusal of a write to case `case_id` (`reference`), merged into case id `into`
    (see merged_refusal), for callers that read the case's columns, not its row."""
    kept = session.scalar(select(Case.reference).where(Case.id == into)) or f"#{into}"
    entry = session.execute(
        select(AuditEntry.at, AuditEntry.actor)
        .where(AuditEntry.case_id == case_id, AuditEntry.action == "merged_into")
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    if entry is not None:
        text = msg("{reference} was merged into {kept} (on {date} by {name}); make the "
                   "change in {kept}, or undo the merge first", reference=reference,
                   kept=kept, date=f"{entry.at:%Y-%m-%d}", name=entry.actor)
    else:  # no entry (a log erased since): the merge still holds
        text = msg("{reference} was merged into {kept}; make the change in {kept}, or "
                   "undo the merge first", reference=reference, kept=kept)
    return MergedCaseError(text, reference, kept)


def refuse_merged(session: Session, case: Case) -> None:
    """Raise MergedCaseError when `case` was merged into another (see merged_refusal)."""
    refusal = merged_refusal(session, case)
    if refusal is not None:
        raise refusal


class UnitOfWork:
    def __init__(self, db: Database, actor: str | None = None) -> None:
        self.db = db
        # Who the log names: the caller's actor, else the name this database knows the
        # person by (Database.actor, set by the command line), else the login.
        self.actor = actor or db.actor or current_actor()
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.sessionmaker()
        self._committed = False
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()
        if isinstance(exc, sa_exc.OperationalError):
            reason = str(exc.orig).lower()
            if "full" in reason:  # SQLITE_FULL: the disk (or its quota) is full
                raise DatabaseError(msg(
                    "the disk is full: nothing of this change was saved; free some space "
                    "and try again")) from None
            if "was replaced or removed since it was opened" in reason:
                raise DatabaseError(str(exc.orig)) from None
            if "locked" in reason or "busy" in reason or "locking protocol" in reason:
                # Waited the whole busy timeout (15 s): name who holds it when we can.
                where = self.db.path
                holder = (busy_message(where) if where is not None else
                          msg("the database is busy (another Case Manager is writing)"))
                raise DatabaseError(msg("{holder}; nothing was saved, try again",
                                        holder=holder)) from None

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    def audit(
        self,
        action: str,
        entity: str,
        *,
        entity_id: int | None = None,
        case: Case | None = None,
        changes: dict[str, tuple[Any, Any]] | None = None,
    ) -> None:
        """Record one change in the log, inside this transaction.

        Every write to a case records one, so this is where a write to a case merged
        into another is refused (MergedCaseError) when the service did not refuse it
        already on loading the case: the transaction then rolls back whole.
        """
        if case is not None and action not in _ON_MERGED:
            refuse_merged(self.session, case)
        self.session.add(
            AuditEntry(
                at=utcnow(),
                actor=self.actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                case_id=case.id if case is not None else None,
                case_reference=case.reference if case is not None else "",
                changes={
                    k: [as_text(old), as_text(new)] for k, (old, new) in (changes or {}).items()
                },
            )
        )


@contextmanager
def unit_of_work(
    db: Database, uow: UnitOfWork | None = None, actor: str | None = None
) -> Iterator[UnitOfWork]:
    """The unit of work a service function works in.

    `uow` given (a caller composing several service calls into one user action): that
    one, as it is; nothing is committed here, the caller commits or rolls back the whole
    action, audit entries included, and `actor` is ignored (the caller's `uow.actor`
    signs them). `uow` None: a new UnitOfWork(db, actor), committed when the block ends
    normally (an early `return` too) and rolled back when it raises.
    """
    if uow is not None:
        yield uow
        return
    with UnitOfWork(db, actor) as own:
        yield own
        own.commit()
