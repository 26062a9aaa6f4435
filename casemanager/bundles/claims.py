"""Partners' claims: values a bundle gave for a field that differs from ours.

Receiving never writes over our value; the partner's is kept here until a caseworker
accepts it (it becomes ours, with an audit entry, and for `status` a sourced history
entry) or rejects it (it stays on record as rejected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from casemanager.domain.errors import NotFoundError
from casemanager.domain.fields import CASE_FIELDS, as_text, convert_all
from casemanager.services.cases import _apply, normalise_reference, set_status, with_reference
from casemanager.services.records import RECORD_KINDS
from casemanager.store.database import Database
from casemanager.store.models import Case, PartnerClaim, utcnow
from casemanager.store.unit_of_work import UnitOfWork, refuse_merged


@dataclass(frozen=True)
class ClaimInfo:
    """One open claim: its id, the case, the partner, the field, ours and theirs."""

    id: int
    reference: str
    partner: str
    field: str
    ours: str
    theirs: str
    received_at: dt.datetime


def list_claims(db: Database, reference: str | None = None) -> list[ClaimInfo]:
    """Open claims, oldest first, of one case or of all. NotFoundError for a bad case."""
    with db.session() as session:
        query = (select(PartnerClaim, Case).join(Case, Case.id == PartnerClaim.case_id)
                 .where(PartnerClaim.resolved.is_(False)).order_by(PartnerClaim.id))
        if reference is not None:
            ref = normalise_reference(reference)
            case_id = session.scalar(with_reference(select(Case.id), ref))
            if case_id is None:
                raise NotFoundError(f"no case {ref}")
            query = query.where(Case.id == case_id)
        out = []
        for c, case in session.execute(query):
            ours = _ours(session, case, c.field)
            if ours == c.value:
                continue  # our value is theirs now: the claim is met (closed on receipt)
            out.append(ClaimInfo(c.id, case.reference, c.partner, c.field, ours, c.value,
                                 c.received_at))
        return out


def _record(session: Session, case: Case, name: str) -> tuple[Any, str, dict] | None:
    """For a claim on a record (`KIND ID FIELD`, e.g. `appeal 12 status`): the row, the
    field and the record kind's field specs; None for a claim on a case field."""
    kind, _sep, rest = name.partition(" ")
    local, _sep, field = rest.partition(" ")
    if kind not in RECORD_KINDS or not local.isdigit() or not field:
        return None
    model, spec = RECORD_KINDS[kind]
    row = session.get(model, int(local))
    if row is None or row.case_id != case.id:
        return None
    return row, field, spec


def claim_met(session: Session, case: Case, claim: PartnerClaim) -> bool:
    """Our value is now the one the partner claimed."""
    return _ours(session, case, claim.field) == claim.value


def _ours(session: Session, case: Case, name: str) -> str:
    record = _record(session, case, name)
    if record is not None:
        return as_text(getattr(record[0], record[1], ""))
    return as_text(getattr(case, name, ""))


def _open_claim(uow: UnitOfWork, claim_id: int) -> tuple[PartnerClaim, Case]:
    claim = uow.session.get(PartnerClaim, claim_id)
    if claim is None or claim.resolved:
        raise NotFoundError(f"no open claim {claim_id}")
    return claim, uow.session.get(Case, claim.case_id)  # type: ignore[return-value]


def resolve_claim(db: Database, claim_id: int, *, accept: bool,
                  actor: str | None = None) -> ClaimInfo:
    """Accept (the partner's value becomes ours) or reject a claim, with an audit entry.
    Raises NotFoundError for an unknown or already resolved claim."""
    with UnitOfWork(db, actor) as uow:
        claim, case = _open_claim(uow, claim_id)
        if accept:  # rejecting one changes nothing of the case
            refuse_merged(uow.session, case)
        info = ClaimInfo(claim.id, case.reference, claim.partner, claim.field,
                         _ours(uow.session, case, claim.field), claim.value,
                         claim.received_at)
        record = _record(uow.session, case, claim.field)
        if accept and record is not None:
            row, name, spec = record
            value = convert_all(spec, {name: claim.value}, what="a record")
            setattr(row, name, value[name])
            case.updated_at = utcnow()
        elif accept and claim.field == "status":
            _accept_status(uow, case, claim)
        elif accept:
            value = convert_all(CASE_FIELDS, {claim.field: claim.value}, what="a case")
            _apply(case, value)
            case.updated_at = utcnow()
        claim.resolved = True
        uow.audit("accept_claim" if accept else "reject_claim", "partner_claim",
                  entity_id=claim.id, case=case,
                  changes={claim.field: (info.ours, claim.value if accept else info.ours),
                           "partner": (None, claim.partner)})
        uow.commit()
        return info


def _accept_status(uow: UnitOfWork, case: Case, claim: PartnerClaim) -> None:
    """The partner's status becomes ours as they recorded it: their own entry (taken in
    with the bundle, their date and source) is the history; no second entry dated today.
    Without one, a new entry with the partner as its source."""
    theirs = [x for x in case.status_history if x.status == claim.value
              and (x.source == claim.partner or x.source.startswith(f"{claim.partner}: "))]
    if not theirs:
        set_status(uow, case, status=claim.value, source=claim.partner)
        return
    entry = max(theirs, key=lambda x: (x.date._key() if x.date else (0, 0, 0), x.id))
    old = case.status
    uow.session.execute(update(Case).where(Case.id == case.id).values(
        status=claim.value, updated_at=utcnow()))
    set_committed_value(case, "status", claim.value)
    uow.audit("change_status", "case", entity_id=case.id, case=case,
              changes={"status": (old, claim.value), "date": (None, entry.date)})
