"""Exchanges: negotiation rounds and prisoner swaps, the cases on their lists, and
the release of those swapped.

Putting cases on a list and marking them released are each one transaction for all the
cases concerned: an exchange announced at short notice must never leave half a list.
The actions take `uow=` to work inside a caller's unit of work (no commit of their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.fields import FieldSpec, as_text, convert_all, specs
from casemanager.domain.messages import Word, msg
from casemanager.domain.names import display_name
from casemanager.domain.partialdate import PartialDate
from casemanager.services.cases import load_case, normalise_reference, set_status
from casemanager.services.published_lists import ListedCase, MatchReport, match_names
from casemanager.store.database import Database
from casemanager.store.models import Case, Event, Exchange, ExchangeListing
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

EXCHANGE_FIELDS = specs(
    FieldSpec("date", "pdate"),
    FieldSpec("description", "longtext", max_len=5000),
)
# A case in one of these states cannot be put on an exchange list.
NOT_LISTABLE = frozenset({"released", "repatriated", "deceased", "closed"})


@dataclass(frozen=True)
class ExchangeInfo:
    id: int
    date: PartialDate | None
    description: str
    created_at: dt.datetime
    listed: int
    released: int

    @property
    def title(self) -> str:
        when = self.date.iso() if self.date else "undated"
        first_line = self.description.splitlines()[0] if self.description else ""
        return f"{when} · {first_line}" if first_line else when


@dataclass(frozen=True)
class ListingInfo:
    """A case on an exchange's list."""

    case_id: int
    reference: str
    case_name: str
    name_native: str
    status: str
    added_at: dt.datetime
    added_by: str
    released: bool
    released_date: PartialDate | None


@dataclass(frozen=True)
class ExchangeDetail:
    info: ExchangeInfo
    listings: tuple[ListingInfo, ...]


def _load(session: Session, exchange_id: int) -> Exchange:
    exchange = session.get(Exchange, exchange_id)
    if exchange is None:
        raise NotFoundError(msg("no exchange with id {id}", id=exchange_id))
    return exchange


def create_exchange(
    db: Database, *, date: PartialDate | str | None, description: str, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> int:
    """Record a negotiation round or swap; returns its id. Raises ValidationError (no
    date and no description, a field)."""
    values = convert_all(
        EXCHANGE_FIELDS, {"date": date, "description": description}, what="an exchange"
    )
    if not values["description"] and values["date"] is None:
        raise ValidationError("description", msg("give a date or a description"))
    with unit_of_work(db, uow, actor) as uow:
        exchange = Exchange(**values)
        uow.session.add(exchange)
        uow.session.flush()
        uow.audit(
            "create", "exchange", entity_id=exchange.id,
            changes={k: (None, v) for k, v in values.items() if as_text(v)},
        )
        return exchange.id


def list_exchanges(db: Database) -> list[ExchangeInfo]:
    """Every exchange, newest first, with how many cases it lists and released."""
    with db.session() as session:
        counts = {
            row.exchange_id: (row.listed, row.released or 0)
            for row in session.execute(
                select(
                    ExchangeListing.exchange_id,
                    func.count(ExchangeListing.id).label("listed"),
                    func.sum(sql_case((ExchangeListing.released, 1), else_=0)).label("released"),
                ).group_by(ExchangeListing.exchange_id)
            )
        }
        exchanges = session.scalars(select(Exchange)).all()
        infos = [
            ExchangeInfo(
                id=e.id, date=e.date, description=e.description, created_at=e.created_at,
                listed=counts.get(e.id, (0, 0))[0], released=int(counts.get(e.id, (0, 0))[1]),
            )
            for e in exchanges
        ]
    return sorted(infos, key=lambda i: (i.date.iso() if i.date else "", i.id), reverse=True)


def _listing_info(listing: ExchangeListing, case: Case) -> ListingInfo:
    return ListingInfo(
        case_id=case.id,
        reference=case.reference,
        case_name=display_name(case.family_name, case.given_name, case.patronymic),
        name_native=case.name_native,
        status=case.status,
        added_at=listing.added_at,
        added_by=listing.added_by,
        released=listing.released,
        released_date=listing.released_date,
    )


def get_exchange(db: Database, exchange_id: int) -> ExchangeDetail:
    with db.session() as session:
        exchange = _load(session, exchange_id)
        rows = session.execute(
            select(ExchangeListing, Case)
            .join(Case, Case.id == ExchangeListing.case_id)
            .where(ExchangeListing.exchange_id == exchange_id)
            .order_by(Case.id)
        ).all()
        listings = tuple(_listing_info(listing, case) for listing, case in rows)
        info = ExchangeInfo(
            id=exchange.id, date=exchange.date, description=exchange.description,
            created_at=exchange.created_at, listed=len(listings),
            released=sum(1 for li in listings if li.released),
        )
    return ExchangeDetail(info=info, listings=listings)


def _unique_references(references: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for ref in references:
        if ref and ref.strip():
            seen.setdefault(normalise_reference(ref), None)
    if not seen:
        raise ValidationError("references", msg("no cases given"))
    return list(seen)


def add_cases(
    db: Database,
    exchange_id: int,
    references: Sequence[str],
    *,
    source: str = "",
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> list[str]:
    """Put cases on an exchange's list, all or none; returns the references newly listed.

    Each case's status becomes `exchange_listed` with a history entry; a case already on
    this list is left as it is. Raises NotFoundError (exchange, a case), ValidationError
    (no cases, a case that cannot be listed).
    """
    refs = _unique_references(references)
    with unit_of_work(db, uow, actor) as uow:
        exchange = _load(uow.session, exchange_id)
        already = set(
            uow.session.scalars(
                select(ExchangeListing.case_id).where(ExchangeListing.exchange_id == exchange_id)
            )
        )
        added: list[str] = []
        for ref in refs:
            case = load_case(uow.session, ref, writing=True)
            if case.id in already:
                continue
            if case.status in NOT_LISTABLE:
                raise ValidationError(
                    "references", msg("{reference} is {status} and cannot be listed",
                                      reference=case.reference, status=Word(case.status))
                )
            uow.session.add(
                ExchangeListing(exchange_id=exchange.id, case_id=case.id, added_by=uow.actor)
            )
            if case.status != "exchange_listed":
                set_status(
                    uow, case, status="exchange_listed", date=PartialDate.today(),
                    source=source or f"exchange list: {_label(exchange)}",
                )
            uow.audit(
                "list_for_exchange", "exchange", entity_id=exchange.id, case=case,
                changes={"exchange": (None, _label(exchange))},
            )
            added.append(case.reference)
            already.add(case.id)
    return added


def _label(exchange: Exchange) -> str:
    when = exchange.date.iso() if exchange.date else "undated"
    first = exchange.description.splitlines()[0] if exchange.description else ""
    return f"{when} {first}".strip()


def release_cases(
    db: Database,
    exchange_id: int,
    references: Sequence[str],
    *,
    date: PartialDate | str | None = None,
    source: str = "",
    note: str = "",
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> list[str]:
    """After the swap: the cases released, in one step and one transaction; returns the
    references newly released.

    Each gets status `released` (dated, with history), its listing marked released and
    an `exchange` event on its timeline. Every case must be on this exchange's list
    (else ValidationError); NotFoundError for an unknown exchange or case.
    """
    refs = _unique_references(references)
    when = convert_all(specs(FieldSpec("date", "pdate")), {"date": date}, what="a release")["date"]
    when = when or PartialDate.today()
    text = convert_all(
        specs(FieldSpec("source", max_len=400), FieldSpec("note", "longtext", max_len=5000)),
        {"source": source, "note": note}, what="a release",
    )
    with unit_of_work(db, uow, actor) as uow:
        exchange = _load(uow.session, exchange_id)
        label = _label(exchange)
        released: list[str] = []
        for ref in refs:
            case = load_case(uow.session, ref)
            listing = uow.session.scalars(
                select(ExchangeListing).where(
                    ExchangeListing.exchange_id == exchange.id, ExchangeListing.case_id == case.id
                )
            ).one_or_none()
            if listing is None:
                raise ValidationError("references", msg("{reference} is not on this exchange's list",
                                                          reference=case.reference))
            if listing.released:
                continue
            listing.released = True
            listing.released_date = when
            set_status(
                uow, case, status="released", date=when,
                source=text["source"] or f"exchange {label}", note=text["note"],
                confidence="confirmed",
            )
            summary = f"Released in the exchange {label}."
            if text["note"]:
                summary += f" {text['note']}"
            uow.session.add(
                Event(case_id=case.id, date=when, kind="exchange", summary=summary,
                      source=text["source"] or "exchange", confidence="confirmed")
            )
            uow.audit(
                "release", "exchange", entity_id=exchange.id, case=case,
                changes={"released": (False, True), "released_date": (None, when)},
            )
            released.append(case.reference)
    return released


def listed_cases(db: Database, exchange_id: int | None = None) -> list[ListedCase]:
    """Ours waiting for a swap: on this exchange's list and not yet released, or without
    an exchange, every case whose status is `exchange_listed`."""
    with db.session() as session:
        if exchange_id is not None:
            _load(session, exchange_id)
            stmt = (
                select(Case)
                .join(ExchangeListing, ExchangeListing.case_id == Case.id)
                .where(ExchangeListing.exchange_id == exchange_id, ExchangeListing.released.is_(False))
            )
        else:
            stmt = select(Case).where(Case.status == "exchange_listed")
        return [
            ListedCase(
                reference=c.reference,
                case_name=display_name(c.family_name, c.given_name, c.patronymic),
                name_native=c.name_native,
                status=c.status,
            )
            for c in session.scalars(stmt.order_by(Case.id))
        ]


def match_published_list(
    db: Database, names: Sequence[str], *, exchange_id: int | None = None
) -> MatchReport:
    """A published list against our cases: who on it is ours, whom we have no case for,
    and who of ours awaiting this exchange is missing from it."""
    names = [n for n in names if n.strip()]
    if not names:
        raise ValidationError("names", msg("the list has no names"))
    waiting = listed_cases(db, exchange_id)
    report = match_names(db, names, prefer={c.reference for c in waiting})
    on_list = {m.reference for m in report.matched}
    missing = tuple(c for c in waiting if c.reference not in on_list)
    return MatchReport(matched=report.matched, unmatched=report.unmatched, missing=missing)

