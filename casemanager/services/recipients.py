"""Who an appeal can go to: the case's own contacts first, then the organisations
(embassies and consulates, the ICRC, then the others), then a search over everyone else.

A database holds a few organisations and many people (hundreds of relatives of other
detainees, namesakes among them), so the people beyond the case are never listed whole:
`find_recipients` matches a search and each hit carries what tells namesakes apart (whose
relative, of which case, where, the end of a phone number).

`recipient_index` reads every contact once as plain rows (three queries, no ORM objects)
and the search runs over that in memory, so it folds case and script alike on SQLite and
PostgreSQL: "tursunov" finds «Турсунов».
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from casemanager.domain.names import skeleton
from casemanager.services.cases import load_case, normalise_reference
from casemanager.store.database import Database
from casemanager.store.models import Case, CaseContact, Contact, ContactChannel

# Organisations an appeal usually goes to, in the order they are offered.
ORGANISATION_ORDER = {"embassy": 0, "consulate": 0, "icrc": 1, "ombudsman": 2,
                      "government": 2, "ngo": 2}
FIND_LIMIT = 30


@dataclass(frozen=True)
class RecipientChoice:
    """One contact as the recipient list shows it."""

    id: int
    name: str
    kind: str
    organisation: str
    place: str  # the first part of the address (a town or region), else empty
    country: str
    phone_tail: str  # the last four digits of the first phone, else empty
    # (reference, case name, relationship) of every case it is linked to.
    cases: tuple[tuple[str, str, str], ...] = ()
    # Its relationship to the appeal's own case, None when not linked to it.
    own_relationship: str | None = None
    _search: str = field(default="", repr=False, compare=False)
    _keys: str = field(default="", repr=False, compare=False)
    _digits: str = field(default="", repr=False, compare=False)

    @property
    def is_own(self) -> bool:
        return self.own_relationship is not None

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATION_ORDER


@dataclass(frozen=True)
class RecipientIndex:
    own: tuple[RecipientChoice, ...]  # linked to the case, as they were linked
    organisations: tuple[RecipientChoice, ...]  # not linked; embassies, ICRC, others
    others: tuple[RecipientChoice, ...]  # everyone else: offered only through a search

    def get(self, contact_id: int) -> RecipientChoice | None:
        for group in (self.own, self.organisations, self.others):
            for choice in group:
                if choice.id == contact_id:
                    return choice
        return None


_WORD = re.compile(r"\w+")


def _name_keys(text: str) -> list[str]:
    """The spelling-folded keys of the words (cached per word: names repeat)."""
    return [k for k in (skeleton(w) for w in _WORD.findall(text)) if k]


_NOT_DIGIT = re.compile(r"\D+")


def _digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


def recipient_index(db: Database, reference: str) -> RecipientIndex:
    """Every contact, grouped for the appeal of case `reference`."""
    with db.session() as session:
        case = load_case(session, normalise_reference(reference))
        rows = session.execute(select(
            Contact.id, Contact.name, Contact.kind, Contact.organisation, Contact.address,
            Contact.country)).all()
        channels: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for contact_id, kind, value in session.execute(
                select(ContactChannel.contact_id, ContactChannel.kind, ContactChannel.value)
                .order_by(ContactChannel.id)):
            channels[contact_id].append((kind, value))
        links: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        own: dict[int, str] = {}
        for contact_id, case_id, ref, family, given, relationship in session.execute(
                select(CaseContact.contact_id, CaseContact.case_id, Case.reference,
                       Case.family_name, Case.given_name, CaseContact.relationship_)
                .join(Case, Case.id == CaseContact.case_id)
                .order_by(Case.reference)):
            name = " ".join(p for p in (family, given) if p)
            links[contact_id].append((ref, name, relationship or ""))
            if case_id == case.id:
                own[contact_id] = relationship or ""
    choices = []
    for contact_id, name, kind, organisation, address, country in rows:
        phones = [v for k, v in channels.get(contact_id, ()) if k == "phone"]
        cases = tuple(links.get(contact_id, ()))
        text = " ".join([name, organisation, address or "",
                         *(v for _, v in channels.get(contact_id, ())),
                         *(f"{r} {n} {rel}" for r, n, rel in cases)])
        choices.append(RecipientChoice(
            id=contact_id, name=name, kind=kind or "", organisation=organisation or "",
            place=(address or "").split(",")[0].strip()[:60], country=country or "",
            phone_tail=_digits(phones[0])[-4:] if phones else "",
            cases=cases, own_relationship=own.get(contact_id),
            _search=text.casefold(),
            _keys=" " + " ".join(_name_keys(" ".join([name, *(n for _, n, _ in cases)]))),
            _digits=" ".join(_digits(v) for v in phones)))

    def by_name(c: RecipientChoice) -> tuple:
        return (c.name.casefold(), c.id)

    own_choices = sorted((c for c in choices if c.is_own),
                         key=lambda c: (c.is_organisation, by_name(c)))
    organisations = sorted((c for c in choices if not c.is_own and c.is_organisation),
                           key=lambda c: (ORGANISATION_ORDER[c.kind], by_name(c)))
    others = sorted((c for c in choices if not c.is_own and not c.is_organisation), key=by_name)
    return RecipientIndex(tuple(own_choices), tuple(organisations), tuple(others))


def _matches(choice: RecipientChoice, word: str) -> bool:
    folded = word.casefold()
    if folded in choice._search:
        return True
    digits = _digits(word)
    if len(digits) >= 3 and digits == word.replace(" ", "").lstrip("+") \
            and digits in choice._digits:
        return True
    # Across scripts: "tursunov" finds «Турсунов» through the names' keys.
    word_keys = _name_keys(word)
    return bool(word_keys) and all(f" {k}" in choice._keys for k in word_keys)


def find_recipients(index: RecipientIndex, query: str, *,
                    limit: int = FIND_LIMIT) -> list[RecipientChoice]:
    """The contacts matching every word of `query` (name, organisation, phone, e-mail,
    address, or the reference or name of a case they belong to), names starting with
    the query first; at most `limit`. An empty query finds nothing."""
    words = query.split()
    if not words:
        return []
    hits = [c for group in (index.own, index.organisations, index.others) for c in group
            if all(_matches(c, w) for w in words)]
    first = query.strip().casefold()
    hits.sort(key=lambda c: (not c.name.casefold().startswith(first), c.name.casefold(), c.id))
    return hits[:limit]
