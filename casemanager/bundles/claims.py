"""Partners' claims: values a bundle gave for a field that differs from ours.

Receiving never writes over our value; the partner's is kept here until a caseworker
accepts it (it becomes ours, with an audit entry, and for `status` a sourced history
entry) or rejects it (it stays on record as rejected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from casemanager.domain.errors import NotFoundError
from casemanager.domain.fields import CASE_FIELDS, as_text, convert_all
from casemanager.services.cases import _apply, normalise_reference, set_status
from casemanager.store.database import Database
from casemanager.store.models import Case, PartnerClaim, utcnow
from casemanager.store.unit_of_work import UnitOfWork


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
            if session.scalar(select(Case.id).where(Case.reference == ref)) is None:
                raise NotFoundError(f"no case {ref}")
            query = query.where(Case.reference == ref)
        return [ClaimInfo(c.id, case.reference, c.partner, c.field,
                          as_text(getattr(case, c.field, "")), c.value, c.received_at)
                for c, case in session.execute(query)]


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
        info = ClaimInfo(claim.id, case.reference, claim.partner, claim.field,
                         as_text(getattr(case, claim.field, "")), claim.value,
                         claim.received_at)
        if accept and claim.field == "status":
            set_status(uow, case, status=claim.value, source=f"{claim.partner} (claim accepted)")
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
