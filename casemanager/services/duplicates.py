"""Likely duplicates: cases that probably describe the same person.

A pair is scored on its names (any script, spelling and word order: casemanager.domain.names),
date of birth (partial dates are compatible when one refines the other), citizenship and
place of birth, and every point of the score comes with a reason a caseworker can check.
A pair marked "not the same person" (DuplicateDismissal) is never shown again; a case
merged into another is left out.

Finding pairs among 100,000 cases compares only cases that share a name block (the first
letters of two name words, or a name word and an initial) and a compatible birth year:
pairs outside that could not reach a reportable score anyway.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.domain.errors import ValidationError
from casemanager.domain.messages import msg
from casemanager.domain.names import (
    SAME_WORD,
    block_prefix,
    display_name_of,
    key_similarity,
    keys,
    name_similarity,
)
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.progress import Progress, no_progress
from casemanager.store.database import Database
from casemanager.store.models import Alias, Case, Citizenship, DuplicateDismissal
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

# The names alone (same name: 0.6) or a close name with a compatible date of birth
# (0.87 x 0.6 + 0.1): "Tursunow Farruh, 1999" and CM-0091 "Tursunow Farrukh, 01.1999"
# scored 0.65 under the old cut of 0.7 and were not shown (issue 16).
DEFAULT_MIN_SCORE = 0.6
NAME_WEIGHT = 0.6
NAME_FLOOR = 0.8  # below this the names are different people, whatever else agrees
_CHUNK = 900
# Skeleton endings of patronymics: -ovich/-evich, -ovna/-evna, o'g'li, uly, qizi, kyzy.
_PATRONYMIC = ("vic", "vna", "ogli", "ugli", "uli", "kizi")


@dataclass(frozen=True)
class Person:
    """What duplicate scoring looks at, for a case or an incoming import row."""

    case_id: int
    reference: str
    display: str
    variants: tuple[tuple[str, ...], ...]  # name keys of each spelling
    date_of_birth: PartialDate | None
    citizenships: frozenset[str]
    place: tuple[str, ...]
    patronymic: str = ""  # its key, when known: a different father's name, another man


@dataclass(frozen=True)
class DuplicatePair:
    case_a: int
    reference_a: str
    name_a: str
    case_b: int
    reference_b: str
    name_b: str
    score: float
    reasons: tuple[str, ...]


class DuplicateMatch(NamedTuple):
    case_id: int
    score: float
    reasons: tuple[str, ...]


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(";") if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _date(value: Any) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


def make_person(case_id: int, reference: str, fields: Mapping[str, Any]) -> Person:
    """A Person from case fields or an import row (interchange names, text or values)."""
    family = str(fields.get("family_name") or "")
    given = str(fields.get("given_name") or "")
    patronymic = str(fields.get("patronymic") or "")
    native = str(fields.get("name_native") or "")
    spellings = [" ".join(p for p in (family, given, patronymic) if p), native,
                 str(fields.get("name_latin") or ""), *_split(fields.get("aliases"))]
    variants: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for spelling in spellings:
        k = tuple(keys(spelling))
        if k and tuple(sorted(k)) not in seen:  # word order does not matter to the matcher
            seen.add(tuple(sorted(k)))
            variants.append(k)
    display = display_name_of(fields)
    father = (keys(patronymic) or [""])[0]
    if not father:
        found = [v[-1] for v in variants if len(v) >= 3 and v[-1].endswith(_PATRONYMIC)]
        father = found[0] if found else ""
    return Person(
        case_id=case_id,
        reference=reference,
        display=display,
        variants=tuple(variants),
        date_of_birth=_date(fields.get("date_of_birth")),
        citizenships=frozenset(c.upper() for c in _split(fields.get("citizenships"))),
        place=tuple(keys(str(fields.get("place_of_birth") or ""))),
        patronymic=father,
    )


def _dates(a: PartialDate, b: PartialDate) -> tuple[float, str]:
    pa, pb = a.iso().split("-"), b.iso().split("-")
    common = min(len(pa), len(pb))
    if pa[:common] != pb[:common]:
        return -0.3, msg("different dates of birth ({a} / {b})", a=a, b=b)
    # Agreement as far as the less precise date goes: a year-only date that matches says
    # all it can (0.1), a full date matching to the day says the most.
    points = {3: 0.25, 2: 0.15, 1: 0.1}[common]
    if pa == pb:
        return points, msg("same date of birth ({date})", date=a)
    return points, msg("compatible dates of birth ({a} / {b})", a=a, b=b)


def score_pair(a: Person, b: Person) -> tuple[float, tuple[str, ...]]:
    """The likelihood (0..1) that two people are one, with the reasons for it."""
    name = 0.0
    for va, vb in itertools.product(a.variants, b.variants):
        name = max(name, name_similarity(va, vb))
        if name == 1.0:
            break
    if name < NAME_FLOOR:
        return 0.0, ()
    if a.patronymic and b.patronymic and key_similarity(a.patronymic, b.patronymic) < SAME_WORD:
        return 0.0, ()  # different fathers' names
    score = NAME_WEIGHT * name
    reasons: list[str] = [msg("same name") if name == 1.0 else
               msg("similar names ({score})", score=f"{name:.2f}")]
    if a.date_of_birth is not None and b.date_of_birth is not None:
        points, why = _dates(a.date_of_birth, b.date_of_birth)
        score += points
        reasons.append(why)
    if a.citizenships and b.citizenships:
        shared = a.citizenships & b.citizenships
        if shared:
            score += 0.1
            reasons.append(msg("both citizens of {countries}",
                               countries=";".join(sorted(shared))))
        else:
            score -= 0.1
            reasons.append(msg("different citizenships ({a} / {b})",
                               a=";".join(sorted(a.citizenships)),
                               b=";".join(sorted(b.citizenships))))
    if a.place and b.place and a.place == b.place:
        score += 0.05
        reasons.append(msg("same place of birth"))
    return round(max(0.0, min(1.0, score)), 3), tuple(reasons)


# ---------------------------------------------------------------- loading people


def load_people(session: Session, ids: Iterable[int] | None = None) -> list[Person]:
    """Persons for these case ids (all cases not merged away when None)."""
    stmt = select(
        Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
        Case.name_native, Case.name_latin, Case.date_of_birth, Case.place_of_birth,
    ).where(Case.merged_into_id.is_(None))
    id_list = None if ids is None else sorted(set(ids))
    chunks = [None] if id_list is None else [
        id_list[i : i + _CHUNK] for i in range(0, len(id_list), _CHUNK)
    ]
    people: list[Person] = []
    for chunk in chunks:
        part = stmt if chunk is None else stmt.where(Case.id.in_(chunk))
        rows = session.execute(part.order_by(Case.id)).all()
        if not rows:
            continue
        wanted = None if chunk is None else chunk
        aliases: dict[int, list[str]] = {}
        cits: dict[int, list[str]] = {}
        alias_q = select(Alias.case_id, Alias.spelling)
        cit_q = select(Citizenship.case_id, Citizenship.country)
        if wanted is not None:
            alias_q = alias_q.where(Alias.case_id.in_(wanted))
            cit_q = cit_q.where(Citizenship.case_id.in_(wanted))
        for cid, spelling in session.execute(alias_q):
            aliases.setdefault(cid, []).append(spelling)
        for cid, country in session.execute(cit_q):
            cits.setdefault(cid, []).append(country)
        for r in rows:
            fields = r._asdict()
            fields["aliases"] = aliases.get(r.id, [])
            fields["citizenships"] = cits.get(r.id, [])
            people.append(make_person(r.id, r.reference, fields))
    return people


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    return {(a, b) for a, b in session.execute(
        select(DuplicateDismissal.case_a, DuplicateDismissal.case_b))}


# ---------------------------------------------------------------- finding pairs


def _blocks(person: Person) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(blocks the person is in, initial-blocks a full name could meet).

    Full names meet on the first letters of two name words. "Tursunow A." is in the
    block (tur, a); "Tursunov Alisher" offers (tur, a) and (ali, t), and joins such a
    block only if someone with an initial is in it, so full names are not compared in
    these coarse blocks for nothing.
    """
    blocks: set[tuple[str, ...]] = set()
    offers: set[tuple[str, ...]] = set()
    for variant in person.variants:
        words = [k for k in variant if len(k) > 1]
        initials = [k for k in variant if len(k) == 1]
        # Block prefixes file a word under its first letter's class, so Oʻtkir and Utkir
        # (otkir / utkir) meet. Compounds meet on their first part (Abdul Karimov and
        # Abdulkarimov both begin "abd").
        parts = [block_prefix(w) for w in words]
        for x, y in itertools.combinations(parts[:3], 2):
            blocks.add(tuple(sorted((x, y))))
        for w in parts[:2]:
            for initial in initials:
                blocks.add(("=", w, block_prefix(initial[0])))
        for x, y in itertools.permutations(words[:2], 2):
            offers.add(("=", block_prefix(x), block_prefix(y[0])))
        if len(words) == 1 and not initials:
            blocks.add(("1", parts[0]))
    return blocks, offers


def _year(p: Person) -> int | None:
    return p.date_of_birth.year if p.date_of_birth is not None else None


def find_duplicates(
    db: Database, min_score: float = DEFAULT_MIN_SCORE, progress: Progress = no_progress
) -> list[DuplicatePair]:
    """Likely duplicate pairs, best first; dismissed pairs and merged cases left out."""
    if not 0.5 <= min_score <= 1.0:
        raise ValidationError("min_score", msg("must be between 0.5 and 1"))
    with db.session() as session:
        people = load_people(session)
        dismissed = dismissed_pairs(session)
    blocks: dict[tuple[str, ...], list[Person]] = {}
    offers: list[tuple[Person, set[tuple[str, ...]]]] = []
    for p in people:
        own, offered = _blocks(p)
        for block in own:
            blocks.setdefault(block, []).append(p)
        offers.append((p, offered))
    for p, offered in offers:
        for block in offered:
            members = blocks.get(block)
            if members is not None and p not in members:
                members.append(p)
    seen: set[tuple[int, int]] = set()
    pairs: list[DuplicatePair] = []
    total = len(blocks)
    for done, members in enumerate(blocks.values(), 1):
        if done % 200 == 0 or done == total:
            progress(done, total, msg("Comparing names"))
        if len(members) < 2:
            continue
        by_year: dict[int | None, list[Person]] = {}
        for p in members:
            by_year.setdefault(_year(p), []).append(p)
        unknown = by_year.pop(None, [])
        groups = [*(g + unknown for g in by_year.values())] or [unknown]
        for group in groups:
            for a, b in itertools.combinations(group, 2):
                key = (a.case_id, b.case_id) if a.case_id < b.case_id else (b.case_id, a.case_id)
                if key in seen or key in dismissed:
                    continue
                seen.add(key)
                score, reasons = score_pair(a, b)
                if score >= min_score:
                    first, second = (a, b) if a.case_id < b.case_id else (b, a)
                    pairs.append(DuplicatePair(
                        first.case_id, first.reference, first.display,
                        second.case_id, second.reference, second.display, score, reasons,
                    ))
    pairs.sort(key=lambda p: (-p.score, p.case_a, p.case_b))
    return pairs


def likely_duplicates_for(
    db: Database | Session,
    fields: Mapping[str, Any],
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int = 5,
    exclude: Iterable[int] = (),
) -> list[DuplicateMatch]:
    """Existing cases that are likely the same person as `fields` (an import row or a
    new case's fields, interchange column names), best first.

    Pass a Session to look inside an open transaction (an import in progress).
    """
    if isinstance(db, Session):
        return _likely(db, fields, min_score, limit, set(exclude))
    with db.session() as session:
        return _likely(session, fields, min_score, limit, set(exclude))


def _likely(session: Session, fields: Mapping[str, Any], min_score: float, limit: int,
            exclude: set[int]) -> list[DuplicateMatch]:
    from casemanager.services.search import search_keys

    session.flush()  # cases added earlier in the same transaction (an import) count too
    incoming = make_person(0, "", fields)
    candidates: set[int] = set()
    for variant in incoming.variants:
        words = [k for k in variant if len(k) > 1][:2]
        if words:
            candidates.update(search_keys(session, words, limit=500))
    candidates -= exclude
    matches = []
    for person in load_people(session, candidates):
        score, reasons = score_pair(incoming, person)
        if score >= min_score:
            matches.append(DuplicateMatch(person.case_id, score, reasons))
    matches.sort(key=lambda m: (-m.score, m.case_id))
    return matches[:limit]


def dismiss_pair(db: Database, reference_a: str, reference_b: str, *, actor: str | None = None,
                 uow: UnitOfWork | None = None) -> None:
    """Record that two cases are not the same person; the pair is not proposed again.
    Raises NotFoundError, ValidationError (the same case twice)."""
    from casemanager.services.cases import load_case

    with unit_of_work(db, uow, actor) as uow:
        a = load_case(uow.session, reference_a)
        b = load_case(uow.session, reference_b)
        if a.id == b.id:
            raise ValidationError("reference", msg("{reference} is the same case twice",
                                                   reference=a.reference))
        first, second = (a, b) if a.id < b.id else (b, a)
        exists = uow.session.scalar(select(DuplicateDismissal.id).where(
            DuplicateDismissal.case_a == first.id, DuplicateDismissal.case_b == second.id))
        if exists:
            return
        uow.session.add(DuplicateDismissal(case_a=first.id, case_b=second.id,
                                           dismissed_by=uow.actor))
        for case, other in ((first, second), (second, first)):
            uow.audit("not_duplicate", "case", entity_id=case.id, case=case,
                      changes={"not_same_person_as": (None, other.reference)})
