"""Likely duplicates: cases that probably describe the same person.

A pair is scored on its names (any script, spelling and word order: casemanager.domain.names),
date of birth (partial dates are compatible when one refines the other), citizenship and
place of birth, and every point of the score comes with a reason a caseworker can check.
A pair marked "not the same person" (DuplicateDismissal) is never shown again; a case
merged into another is left out.

Finding pairs among 100,000 cases compares only cases that share a name block (the first
letters of two name words, or a name word and an initial) and a compatible birth year:
pairs outside that could not reach a reportable score anyway. Within those, it never
walks all pairs of a block: names alike enough to matter (NAME_FLOOR) are found from an
index of name words and their spelling neighbours, compared once per pair of distinct
spellings, and only the people who carry them are paired and scored (the pairs and
reasons are those of the all-pairs walk: tests/core/test_aggregates_same.py). The scan
holds a person as a small tuple filed under the keys of their names (made once per
distinct set of names), and reads references and display names for the pairs found
only; reasons are written only for the pairs kept.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, String, bindparam, func, select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casemanager.domain.errors import ValidationError
from casemanager.domain.messages import msg
from casemanager.domain.names import (
    MAX_WORDS,
    SAME_WORD,
    STEM,
    block_prefix,
    display_name,
    fathers_alike,
    is_patronymic_form,
    join_compounds,
    key_similarity,
    keys,
    keys_alike,
    name_readings,
    name_similarity,
    names_may_meet,
    russian_form,
    skeleton,
    word_pairing_similarity,
    word_readings,
)
from casemanager.domain.names import words as name_words
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.progress import Checkpoint, Progress, no_progress
from casemanager.store.database import Database
from casemanager.store.models import Alias, Case, Citizenship, DuplicateDismissal
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work
from casemanager.system import gil_turns

# The names alone (same name: 0.6) or a close name with a compatible date of birth
# (0.87 x 0.6 + 0.1): "Tursunow Farruh, 1999" and CM-0091 "Tursunow Farrukh, 01.1999"
# scored 0.65 under the old cut of 0.7 and were not shown (issue 16).
DEFAULT_MIN_SCORE = 0.6
NAME_WEIGHT = 0.6
NAME_FLOOR = 0.8  # below this the names are different people, whatever else agrees
_CHUNK = 900
# An import row's (or a new case's) candidates: the first this many cases a search for
# the first two words of each of its names finds.
CANDIDATES = 500
# LikelyDuplicates reads the cases by id until one in this many has been asked for,
# then all the others at once; in a database of more cases than SWEEP_MAX_CASES it
# reads by id only, and keeps at most PEOPLE_KEPT of them (memory: a person held costs
# a few hundred bytes).
SWEEP_SHARE = 10
SWEEP_MAX_CASES = 250_000
PEOPLE_KEPT = 300_000
# Skeleton endings of patronymics: -ovich/-evich, -ovna/-evna, o'g'li, uly, qizi, kyzy.
_PATRONYMIC = ("vic", "vna", "ogli", "ugli", "uli", "kizi")


@dataclass(frozen=True, slots=True)
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
    # The names in their own script, when known (a Russian window shows them first).
    native_a: str = ""
    native_b: str = ""


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
    variants, display, father = _names(
        str(fields.get("family_name") or ""), str(fields.get("given_name") or ""),
        str(fields.get("patronymic") or ""), str(fields.get("name_native") or ""),
        str(fields.get("name_latin") or ""), tuple(_split(fields.get("aliases"))))
    return Person(
        case_id=case_id,
        reference=reference,
        display=display,
        variants=variants,
        date_of_birth=_date(fields.get("date_of_birth")),
        citizenships=frozenset(c.upper() for c in _split(fields.get("citizenships"))),
        place=_place(str(fields.get("place_of_birth") or "")),
        patronymic=father,
    )


@lru_cache(maxsize=1 << 16)
def _names(family: str, given: str, patronymic: str, native: str, latin: str,
           aliases: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], str, str]:
    """(variants, display name, father's key) of a person's names (cached: namesakes and
    the spellings of a list repeat)."""
    variants, father = _name_keys(family, given, patronymic, native, latin, aliases)
    display = display_name(family, given, patronymic, latin=latin, native=native)
    return variants, display, father


def _name_keys(family: str, given: str, patronymic: str, native: str, latin: str,
               aliases: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], str]:
    """(variants, father's key) of a person's names: the keys of each spelling, a
    spelling that only reorders another's words left out."""
    return _with_aliases(_own_name_keys(family, given, patronymic, native, latin), aliases,
                         _readings)


# A person's own names' keys (_own_name_keys): variants, their sorted keys, father's key.
_OwnKeys = tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]], str]


def _with_aliases(own: _OwnKeys,
                  aliases: tuple[str, ...],
                  readings_of: Callable[[str], _Readings]
                  ) -> tuple[tuple[tuple[str, ...], ...], str]:
    """_name_keys from the person's own names' (_own_name_keys) and their aliases."""
    variants, seen, father = own
    if not aliases:
        return variants, father
    more = list(variants)
    also = set(seen)
    for spelling in aliases:
        for k, words in readings_of(spelling):
            if k and words not in also:
                also.add(words)
                more.append(k)
    if not father:  # none in their own names: the first alias that has one
        father = _father(more[len(variants):])
    return tuple(more), father


@lru_cache(maxsize=1 << 14)
def _own_name_keys(family: str, given: str, patronymic: str, native: str, latin: str
                   ) -> tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]], str]:
    """_name_keys without aliases, and the sorted keys seen (cached: thousands of cases
    share these names and differ in their aliases)."""
    return _own_keys((family, given, patronymic, native, latin), _readings, _keys)


def _own_keys(names: tuple[str, str, str, str, str],
              readings_of: Callable[[str], _Readings],
              keys_of: Callable[[str], tuple[str, ...]]
              ) -> tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]], str]:
    """_own_name_keys of (family, given, patronymic, native, Latin), with these _keys and
    _readings."""
    family, given, patronymic, native, latin = names
    variants: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for spelling in (" ".join(p for p in (family, given, patronymic) if p), native, latin):
        for k, words in readings_of(spelling):
            if k and words not in seen:  # word order does not matter to the matcher
                seen.add(words)
                variants.append(k)
    father = (keys_of(patronymic) or ("",))[0] or _father(variants)
    return tuple(variants), frozenset(seen), father


def _father(variants: Iterable[tuple[str, ...]]) -> str:
    """The father's name's key in the first of these names that ends in a patronymic."""
    found = [v[-1] for v in variants if len(v) >= 3 and v[-1].endswith(_PATRONYMIC)]
    return found[0] if found else ""


@lru_cache(maxsize=1 << 16)
def _keys(spelling: str) -> tuple[str, ...]:
    return tuple(keys(spelling))


@lru_cache(maxsize=1 << 16)
def _sorted_keys(spelling: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(_keys of a spelling, the same sorted)."""
    k = _keys(spelling)
    return k, tuple(sorted(k))


# A spelling's readings (casemanager.domain.names.name_readings), each as (keys, the same
# sorted): the spelling's own keys first, then a Latin x read as ks and the Russian forms
# of Ukrainian given names and patronymics (Maxim Ivanov, Mykola Ivanov meet Максим
# Иванов, Николай Иванов), each a variant of the person's names.
_Readings = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


def _readings_of(spelling: str) -> _Readings:
    return tuple((k, tuple(sorted(k))) for k in name_readings(spelling))


_readings = lru_cache(maxsize=1 << 16)(_readings_of)


@lru_cache(maxsize=1 << 14)
def _place(text: str) -> tuple[str, ...]:
    return _keys(text)


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
    return _score(a, b, name)


def _score(a: Person, b: Person, name: float) -> tuple[float, tuple[str, ...]]:
    """score_pair for two people whose names are `name` alike."""
    if name < NAME_FLOOR:
        return 0.0, ()
    if a.patronymic and b.patronymic and not fathers_alike(a.patronymic, b.patronymic):
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


def load_people(session: Session, ids: Iterable[int] | None = None,
                step: Callable[[], None] = lambda: None) -> list[Person]:
    """Persons for these case ids (all cases not merged away when None); `step()` is
    called for each (the caller's Cancel checkpoint).

    Plain rows of the few columns scoring reads, on the session's connection; names,
    dates and places are reduced to keys once per distinct spelling."""
    stmt = select(
        Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
        Case.name_native, Case.name_latin, type_coerce(Case.date_of_birth, String),
        Case.place_of_birth,
    ).where(Case.merged_into_id.is_(None))
    id_list = None if ids is None else sorted(set(ids))
    chunks = [None] if id_list is None else [
        id_list[i : i + _CHUNK] for i in range(0, len(id_list), _CHUNK)
    ]
    conn = session.connection()
    people: list[Person] = []
    for chunk in chunks:
        part = stmt if chunk is None else stmt.where(Case.id.in_(chunk))
        wanted = None if chunk is None else chunk
        aliases: dict[int, list[str]] = {}
        cits: dict[int, list[str]] = {}
        alias_q = select(Alias.case_id, Alias.spelling)
        cit_q = select(Citizenship.case_id, Citizenship.country)
        if wanted is not None:
            alias_q = alias_q.where(Alias.case_id.in_(wanted))
            cit_q = cit_q.where(Citizenship.case_id.in_(wanted))
        for cid, spelling in conn.execute(alias_q).all():
            if spelling and (spelling := str(spelling).strip()):  # as _split reads them
                aliases.setdefault(cid, []).append(spelling)
        for cid, country in conn.execute(cit_q).all():
            cits.setdefault(cid, []).append(country)
        result = conn.execute(part.order_by(Case.id))
        # A chunk at once; every case streamed, a thousand rows at a time (not all at
        # once, nor one fetch each).
        rows: Iterable[Any] = (result.fetchall() if chunk is not None else
                               itertools.chain.from_iterable(result.partitions(1000)))
        for cid, ref, family, given, patronymic, native, latin, born, place in rows:
            step()
            spellings = aliases.get(cid)
            countries = cits.get(cid)
            variants, display, father = _names(
                family or "", given or "", patronymic or "", native or "", latin or "",
                tuple(spellings) if spellings else ())
            people.append(Person(
                cid, ref, display, variants, _stored_date(born),
                _citizenships(tuple(countries) if countries else ()), _place(place or ""),
                father,
            ))
    return people


@lru_cache(maxsize=1 << 15)
def _stored_date(text: str | None) -> PartialDate | None:
    return None if text is None else PartialDate.parse(text)


@lru_cache(maxsize=1 << 10)
def _citizenships(countries: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c.upper() for c in _split(countries))


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
    return _blocks_of(person.variants)


def _blocks_of(variants: tuple[tuple[str, ...], ...]
               ) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """_blocks of a person with these name variants."""
    blocks: set[tuple[str, ...]] = set()
    offers: set[tuple[str, ...]] = set()
    for variant in variants:
        own, offered = _variant_blocks(variant)
        blocks.update(own)  # in the order they were found: the sets iterate alike
        offers.update(offered)
    return blocks, offers


def _variant_blocks(variant: tuple[str, ...]
                    ) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """_blocks of one variant: (blocks, offers), each in the order found."""
    blocks: list[tuple[str, ...]] = []
    offers: list[tuple[str, ...]] = []
    words = [k for k in variant if len(k) > 1]
    initials = [k for k in variant if len(k) == 1]
    # Block prefixes file a word under its first letter's class, so Oʻtkir and Utkir
    # (otkir / utkir) meet. Compounds meet on their first part (Abdul Karimov and
    # Abdulkarimov both begin "abd").
    parts = [block_prefix(w) for w in words]
    for x, y in itertools.combinations(parts[:3], 2):
        blocks.append(tuple(sorted((x, y))))
    for w in parts[:2]:
        for initial in initials:
            blocks.append(("=", w, block_prefix(initial[0])))
    for x, y in itertools.permutations(words[:2], 2):
        offers.append(("=", block_prefix(x), block_prefix(y[0])))
    if len(words) == 1 and not initials:
        blocks.append(("1", parts[0]))
    return tuple(blocks), tuple(offers)


def _year(p: Person) -> int | None:
    return p.date_of_birth.year if p.date_of_birth is not None else None


# People freed at once at the end of a scan (gil_turns between).
_FREE_AT_ONCE = 5000

# Steps of the comparing loops between two chances to cancel (domain.progress.Checkpoint):
# about a millisecond of work, so Cancel stops the scan at once, on any data.
CANCEL_EVERY = 1000


def find_duplicates(
    db: Database, min_score: float = DEFAULT_MIN_SCORE, progress: Progress = no_progress
) -> list[DuplicatePair]:
    """Likely duplicate pairs, best first; dismissed pairs and merged cases left out.

    A pair is scored when the two share a name block and a compatible birth year (see
    _blocks) and their names can be alike at all (NAME_FLOOR): pairs of name variants
    are formed from an index of their words and the words' spelling neighbours
    (_alike_variants), never all pairs of a block, and names are compared once per pair
    of distinct spellings, however many people share them.
    """
    if not 0.5 <= min_score <= 1.0:
        raise ValidationError("min_score", msg("must be between 0.5 and 1"))
    # Hundreds of thousands of small objects and no reference cycles: the cyclic
    # collector would walk them all again and again (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _find_duplicates(db, min_score, progress)
    finally:
        if collecting:
            gc.enable()


def _find_duplicates(db: Database, min_score: float, progress: Progress
                     ) -> list[DuplicatePair]:
    # Reading 100,000 people takes seconds: say so, and let Cancel stop it (the progress
    # dialog appeared, and Cancel worked, only once the comparing began).
    progress(0, 3, msg("Reading the cases"))
    with db.session() as session:
        names, groups = _read_groups(session, Checkpoint(
            progress, 0, 3, msg("Reading the cases"), every=1))
        dismissed = dismissed_pairs(session)
    progress(0, 3, msg("Comparing names"))
    # names[g]: the spellings' keys and the father's name of group g, whose people score
    # their names alike; groups[g]: those people, by birth year (None: unknown).
    # The blocks each group is in: its own, and those it is offered that someone owns.
    # A block is numbered in the order the old all-pairs loop met it (people in id
    # order), which decides the order of a pair's two people in its reasons.
    owned: dict[tuple[str, ...], int] = {}
    own_of: list[set[tuple[str, ...]]] = []
    offers_of: list[set[tuple[str, ...]]] = []
    # Each variant's blocks, made once in this scan and freed with it (kept in a cache,
    # the collector would walk their 100,000 tuples again after the scan).
    blocks_of = _Made(_variant_blocks)
    for variants, _father in names:
        own: set[tuple[str, ...]] = set()  # filled as _blocks_of fills it
        offered: set[tuple[str, ...]] = set()
        for variant in variants:
            blocks, offers = blocks_of[variant]
            own.update(blocks)
            offered.update(offers)
        own_of.append(own)
        offers_of.append(offered)
        for block in own:
            if block not in owned:
                owned[block] = len(owned)
    blocks_of.clear()
    own_ids = [frozenset(map(owned.__getitem__, own)) for own in own_of]
    member: list[frozenset[int]] = []
    for ids, offered in zip(own_ids, offers_of, strict=True):
        more = set(map(owned.get, offered))  # None: a block nobody owns
        more.discard(None)
        member.append(ids.union(cast(set[int], more)) if more else ids)
    own_of.clear()
    offers_of.clear()
    owned.clear()
    # Which groups hold each variant, by father's name; how alike two groups' names are.
    holders: dict[tuple[str, ...], dict[str, list[int]]] = {}
    for g, (variants, father) in enumerate(names):
        for v in variants:
            holders.setdefault(v, {}).setdefault(father, []).append(g)
    progress(1, 3, msg("Comparing names"))
    # Fathers' names that score_pair lets meet ("" is unknown: it meets all).
    fathers = {f for _variants, f in names}
    meets = {f: [o for o in fathers if not f or not o or fathers_alike(f, o)]
             for f in fathers}
    alike: dict[tuple[int, int], float] = {}
    step = Checkpoint(progress, 1, 3, msg("Comparing names"), every=CANCEL_EVERY)
    held = list(holders.values())
    for va, vb, sim in _alike_variants(list(holders), step):
        step()
        held_b = held[vb]
        for father_a, groups_a in held[va].items():
            for father_b in (held_b if not father_a or len(held_b) < len(meets[father_a])
                             else meets[father_a]):
                groups_b = held_b.get(father_b)
                if groups_b is None or (father_a and father_b and father_a != father_b and
                                        not fathers_alike(father_a, father_b)):
                    continue  # different fathers' names: score_pair says 0
                for ga in groups_a:
                    for gb in groups_b:
                        key = (ga, gb) if ga <= gb else (gb, ga)
                        if alike.get(key, 0.0) < sim:
                            alike[key] = sim
    holders.clear()
    progress(2, 3, msg("Comparing names"))
    pairs: list[tuple[_Someone, _Someone, float]] = []
    step = Checkpoint(progress, 2, 3, msg("Comparing names"), every=CANCEL_EVERY)
    # A group of one person, or of people all born in different years, pairs nobody
    # with itself; two groups whose people's years never agree pair nobody either.
    paired = [None in group and len(group) > 1 or any(len(born) > 1 for born in group.values())
              for group in groups]
    for (ga, gb), name in alike.items():
        step()
        if ga == gb:
            if not paired[ga]:
                continue
        elif None not in groups[ga] and None not in groups[gb] and (
                groups[ga].keys().isdisjoint(groups[gb])):
            continue
        shared = member[ga] & member[gb]
        if not shared:
            continue  # in no block together: never compared
        first_block = min(shared)  # the first block that holds both
        _pair_up(
            _same_year_pairs(groups[ga]) if ga == gb else
            _cross_year_pairs(groups[ga], groups[gb]),
            name, first_block not in own_ids[ga], first_block not in own_ids[gb],
            dismissed, pairs)
    found = _score_pairs(pairs, _citizenships_of(db, pairs), min_score)
    pairs.clear()
    progress(3, 3, msg("Comparing names"))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    # Freed at the return in one cascade, 100,000 people and their groups held the GIL
    # for 200 ms while the window waited for the results (a thread sampling every 2 ms):
    # freed here in parts, the window taking its turns between them.
    alike.clear()
    for table in (own_ids, member, names):
        table.clear()
        gil_turns.take_turns()
    while groups:
        del groups[-_FREE_AT_ONCE:]
        gil_turns.take_turns()
    return _named_pairs(db, found)


# A person as the scan holds them: (case id, date of birth, place of birth's keys), the
# date as stored ("1990-05") with its ISO parts ("1990", "05"), shared by everyone born
# that day (its PartialDate is made for the reasons of the pairs kept only). A group
# files its people by birth year (None: unknown). Citizenships are read for the people
# of the pairs to score only (_citizenships_of).
_Born = tuple[str, list[str]]
_Someone = tuple[int, _Born | None, tuple[str, ...]]
_Group = dict[int | None, list[_Someone]]
_BATCH = 1000  # rows fetched at once, with a chance to cancel after each batch
# The columns the scan reads, as plain SQL: their rows are taken from the driver's
# cursor as they come (SQLAlchemy's rows for 100,000 cases cost a third more than the
# driver's own). The same statements as select(Alias.case_id, Alias.spelling) and
# select(Case.id, ...).where(merged_into_id IS NULL).order_by(Case.id): the aliases of
# a case come in the same order.
_ALIASES_SQL = "SELECT aliases.case_id, aliases.spelling FROM aliases"
_CASES_SQL = (
    "SELECT cases.id, cases.family_name, cases.given_name, cases.patronymic, "
    "cases.name_native, cases.name_latin, cases.date_of_birth, cases.place_of_birth "
    "FROM cases WHERE cases.merged_into_id IS NULL ORDER BY cases.id")


def _driver_rows(conn: Connection, sql: str, step: Callable[[], None]
                 ) -> Iterator[Sequence[Any]]:
    """The rows of `sql` (no parameters) in batches of _BATCH, as the driver gives them
    (tuples), `step()` before each batch. Executed through SQLAlchemy (its events, and
    its errors: a refusal or a lost connection reads as any statement's); a failure
    while fetching is raised as SQLAlchemy's DBAPIError too."""
    result = conn.exec_driver_sql(sql)
    cursor = result.cursor
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        while True:
            step()
            try:
                rows = cursor.fetchmany(_BATCH)
            except dbapi_error as exc:
                raise DBAPIError.instance(sql, None, exc, dbapi_error) from exc
            if not rows:
                return
            yield rows
    finally:
        result.close()


def _read_groups(session: Session, step: Callable[[], None]
                 ) -> tuple[list[tuple[tuple[tuple[str, ...], ...], str]], list[_Group]]:
    """(names, groups) of every case not merged away: people whose names give the same
    keys and father's name (names[g]) form one group (groups[g]), in the order of
    their first case id; within a group, people are filed by birth year in id order.

    What load_people reads, without its Persons: keys are made once per distinct set of
    names and shared, and a person is a small tuple (_Someone); references and display
    names are read for the pairs found only (_named_pairs)."""
    conn = session.connection()
    aliases: dict[int, tuple[str, ...]] = {}
    for part in _driver_rows(conn, _ALIASES_SQL, step):
        for cid, spelling in part:
            if spelling and (spelling := spelling.strip()):  # as _split reads them
                got = aliases.get(cid)
                aliases[cid] = (spelling,) if got is None else (*got, spelling)
    names: list[tuple[tuple[tuple[str, ...], ...], str]] = []
    groups: list[_Group] = []
    numbered: dict[tuple[tuple[tuple[str, ...], ...], str], int] = {}
    # The keys of the spellings (as _keys, _sorted_keys and _own_name_keys make them)
    # cached for this scan alone: kept in the module's caches, their 100,000 tuples
    # would be walked by the cyclic collector after the scan.
    keys_of: _Made[str, tuple[str, ...]] = _Made(lambda spelling: tuple(keys(spelling)))
    readings_of: _Made[str, _Readings] = _Made(_readings_of)
    own_keys: _Made[tuple[str, str, str, str, str], _OwnKeys] = _Made(
        lambda names: _own_keys(names, readings_of.__getitem__, keys_of.__getitem__))

    def group(written: tuple[Any, ...]) -> int:
        """The group of a person's names (family, given, patronymic, native, Latin,
        aliases), numbered in the order of their first case id."""
        family, given, patronymic, native, latin, more = written
        keyed = _with_aliases(
            own_keys[family or "", given or "", patronymic or "", native or "", latin or ""],
            more, readings_of.__getitem__)
        g = numbered.get(keyed)
        if g is None:
            g = numbered[keyed] = len(names)
            names.append(keyed)
            groups.append({})
        return g

    # Each distinct set of names, date and place is read once (the tables make them
    # at the first look-up): the rows of a batch are looked up column by column.
    group_of = _Made(group)
    dates = _Made(_stored_born)
    places: _Made[str | None, tuple[str, ...]] = _Made(lambda text: keys_of[text or ""])
    none = itertools.repeat(())
    for rows in _driver_rows(conn, _CASES_SQL, step):
        ids, family, given, patronymic, native, latin, born, place = zip(*rows, strict=True)
        for cid, g, (date, year), keys_ in zip(
                ids, map(group_of.__getitem__, zip(family, given, patronymic, native, latin,
                                                   map(aliases.pop, ids, none), strict=True)),
                map(dates.__getitem__, born), map(places.__getitem__, place), strict=True):
            by_year = groups[g]
            if year in by_year:
                by_year[year].append((cid, date, keys_))
            else:
                by_year[year] = [(cid, date, keys_)]
    return names, groups


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Made(dict[_K, _V]):
    """A table that makes a missing value with `make(key)` at the first look-up."""

    def __init__(self, make: Callable[[_K], _V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self.make(key)
        return value


# A date as written to the database (PartialDate.iso): its ISO parts are its own.
_ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _stored_born(text: str | None) -> tuple[_Born | None, int | None]:
    """(date of birth as stored with its ISO parts, year) of a stored date (None:
    unknown). A date not written as PartialDate.iso writes it is read as
    PartialDate.parse reads it (and refused as it refuses it)."""
    if text is None:
        return None, None
    if _ISO_DATE.fullmatch(text) is None:
        text = PartialDate.parse(text).iso()
    parts = text.split("-")
    return (text, parts), int(parts[0])


def _pair_up(candidates: Iterable[tuple[_Someone, _Someone]], name: float, offer_a: bool,
             offer_b: bool, dismissed: set[tuple[int, int]],
             pairs: list[tuple[_Someone, _Someone, float]]) -> None:
    """Append to `pairs` (a, b, name) for each pair of people of two groups whose names
    are `name` alike, not dismissed, a and b in the order the old loop met them (which
    decides the order of their facts in the reasons). `offer_a` / `offer_b`: whether the
    block both groups first share was only offered to a's or b's group."""
    for a, b in candidates:
        # The old loop's order within the block: people of a known birth year first,
        # then the block's own members before those it was offered, then ids.
        if (a[1] is None, offer_a, a[0]) > (b[1] is None, offer_b, b[0]):
            a, b = b, a
        if ((a[0], b[0]) if a[0] < b[0] else (b[0], a[0])) not in dismissed:
            pairs.append((a, b, name))


def _citizenships_of(db: Database, pairs: list[tuple[_Someone, _Someone, float]]
                     ) -> dict[int, frozenset[str]]:
    """The citizenships of the people of these pairs, by case id (none: not there)."""
    ids = sorted({p[0] for a, b, _name in pairs for p in (a, b)})
    countries: dict[int, list[str]] = {}
    with db.engine.connect() as conn:
        for start in range(0, len(ids), _CHUNK):
            for cid, country in conn.execute(_CITIZENSHIPS_OF, {
                    "ids": ids[start:start + _CHUNK]}).all():
                countries.setdefault(cid, []).append(country)
    return {cid: _citizenships(tuple(held)) for cid, held in countries.items()}


# The statements of lists of ids, made once: their ids are bound at each execution (an
# IN list of 900 literals made anew cost as much as reading its rows).
_CITIZENSHIPS_OF = select(Citizenship.case_id, Citizenship.country).where(
    Citizenship.case_id.in_(bindparam("ids", expanding=True)))
_NAMES_OF = select(
    Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
    Case.name_native, Case.name_latin).where(Case.id.in_(bindparam("ids", expanding=True)))


def _score_pairs(pairs: list[tuple[_Someone, _Someone, float]],
                 citizens: dict[int, frozenset[str]], min_score: float
                 ) -> list[tuple[float, int, int, tuple[str, ...]]]:
    """(score, first case id, second, reasons) of the pairs that reach min_score, scored
    as _score does; the reasons are made for those only."""
    found = []
    nobody: frozenset[str] = frozenset()
    dates: _Made[str, PartialDate] = _Made(PartialDate.parse)  # for the reasons
    for a, b, name in pairs:
        score = NAME_WEIGHT * name
        born_a, born_b = a[1], b[1]
        if born_a is not None and born_b is not None:
            pa, pb = born_a[1], born_b[1]
            common = min(len(pa), len(pb))
            if pa[:common] != pb[:common]:
                score += -0.3
            else:
                score += _DATE_POINTS[common]
        cits_a, cits_b = citizens.get(a[0], nobody), citizens.get(b[0], nobody)
        if cits_a and cits_b:
            if cits_a.isdisjoint(cits_b):
                score -= 0.1
            else:
                score += 0.1
        place_a = a[2]
        if place_a and place_a == b[2]:
            score += 0.05
        score = round(max(0.0, min(1.0, score)), 3)
        if score >= min_score:
            ids = (a[0], b[0]) if a[0] < b[0] else (b[0], a[0])
            found.append((score, *ids, _reasons(a, b, cits_a, cits_b, name, dates)))
    return found


_DATE_POINTS = {3: 0.25, 2: 0.15, 1: 0.1}  # as _dates gives them


def _reasons(a: _Someone, b: _Someone, cits_a: frozenset[str], cits_b: frozenset[str],
             name: float, dates: Mapping[str, PartialDate]) -> tuple[str, ...]:
    """_score's reasons for two people of _read_groups (`dates`: the stored dates
    parsed)."""
    reasons: list[str] = [msg("same name") if name == 1.0 else
                          msg("similar names ({score})", score=f"{name:.2f}")]
    if a[1] is not None and b[1] is not None:
        reasons.append(_dates(dates[a[1][0]], dates[b[1][0]])[1])
    if cits_a and cits_b:
        shared = cits_a & cits_b
        if shared:
            reasons.append(msg("both citizens of {countries}",
                               countries=";".join(sorted(shared))))
        else:
            reasons.append(msg("different citizenships ({a} / {b})",
                               a=";".join(sorted(cits_a)), b=";".join(sorted(cits_b))))
    if a[2] and a[2] == b[2]:
        reasons.append(msg("same place of birth"))
    return tuple(reasons)


def _named_pairs(db: Database, found: list[tuple[float, int, int, tuple[str, ...]]]
                 ) -> list[DuplicatePair]:
    """The pairs found, with their cases' references and names (display and native), read
    for the pairs' cases only (keeping them for every person compared would cost memory
    at 100,000 cases). A case deleted since it was read leaves its pairs out."""
    ids = sorted({i for _s, a, b, _r in found for i in (a, b)})
    named: dict[int, tuple[str, str, str]] = {}
    with db.engine.connect() as conn:
        parts = _name_parts(conn, ids, named, aliases=False)
        # The names' reason (`name_reason`): namesakes written alike at once; the others
        # with their aliases, read for their cases only.
        same = [_same_words(parts[a], parts[b]) if a in parts and b in parts else True
                for _s, a, b, _r in found]
        others = sorted({i for (_s, a, b, _r), alike in zip(found, same, strict=True)
                         if not alike for i in (a, b)})
        for cid, spellings in _aliases_of(conn, others).items():
            parts[cid] = (*parts[cid][:5], spellings)
    pairs = []
    for (score, a, b, reasons), alike in zip(found, same, strict=True):
        if a in named and b in named:
            (ref_a, name_a, native_a), (ref_b, name_b, native_b) = named[a], named[b]
            reasons = (msg("same name") if alike else name_reason(parts[a], parts[b]),
                       *reasons[1:])
            pairs.append(DuplicatePair(a, ref_a, name_a, b, ref_b, name_b, score, reasons,
                                       native_a, native_b))
    return pairs


# A person's names as written: family, given name, patronymic, native name, Latin name,
# aliases.
NameParts = tuple[str, str, str, str, str, tuple[str, ...]]


def _name_parts(conn: Any, ids: list[int],
                named: dict[int, tuple[str, str, str]] | None = None, *,
                aliases: bool = True) -> dict[int, NameParts]:
    """The names of these cases as written (NameParts; without their aliases unless
    `aliases`), by case id; and, into `named` when given, each case's (reference,
    display name, native name)."""
    parts: dict[int, NameParts] = {}
    spellings = _aliases_of(conn, ids) if aliases else {}
    # A name is shown as display_name shows it, made once for its namesakes.
    shown: _Made[tuple[str, ...], str] = _Made(
        lambda name: display_name(name[0], name[1], name[2], latin=name[4], native=name[3]))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, ref, family, given, patronymic, native, latin in conn.execute(
                _NAMES_OF, {"ids": chunk}).all():
            written = (family or "", given or "", patronymic or "", native or "", latin or "")
            parts[cid] = (*written, spellings.get(cid, ()))
            if named is not None:
                named[cid] = (ref, shown[written], native or "")
    return parts


def _aliases_of(conn: Any, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The aliases of these cases (those that have any), in the order they were added."""
    spellings: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        for cid, spelling in conn.execute(select(Alias.case_id, Alias.spelling).where(
                Alias.case_id.in_(ids[start:start + 500])).order_by(
                Alias.case_id, Alias.id)).all():
            if spelling and (spelling := str(spelling).strip()):  # as _split reads them
                spellings.setdefault(cid, []).append(spelling)
    return {cid: tuple(held) for cid, held in spellings.items()}


def with_name_reasons(db: Database, pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """The pairs with their first reason (the names') saying what matched and what
    differs (`name_reason`), the names read for the pairs' cases only. A case deleted
    since keeps the reason it had."""
    ids = sorted({p.case_a for p in pairs} | {p.case_b for p in pairs})
    with db.engine.connect() as conn:
        parts = _name_parts(conn, ids)
    out = []
    for pair in pairs:
        a, b = parts.get(pair.case_a), parts.get(pair.case_b)
        if a is not None and b is not None and pair.reasons:
            pair = replace(pair, reasons=(name_reason(a, b), *pair.reasons[1:]))
        out.append(pair)
    return out


def _spelling_keys(parts: NameParts) -> tuple[list[tuple[str, ...]], list[tuple[str, tuple[str, ...]]]]:
    """(the keys of a person's own spellings, (alias, its keys) of each alias)."""
    family, given, patronymic, native, latin, aliases = parts
    own = [k for k in (_keys(" ".join(p for p in (family, given, patronymic) if p)),
                       _keys(native), _keys(latin)) if k]
    return own, [(alias, k) for alias in aliases if (k := _keys(alias))]


def _best(xs: Iterable[tuple[str, ...]], ys: Iterable[tuple[str, ...]]
          ) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The most alike pair of these names: (name_similarity, one, other)."""
    best: tuple[float, tuple[str, ...], tuple[str, ...]] = (0.0, (), ())
    ys = list(ys)
    for x in xs:
        for y in ys:
            sim = name_similarity(x, y)
            if sim > best[0]:
                best = (sim, x, y)
    return best


def name_reason(a: NameParts, b: NameParts) -> str:
    """Why two people's names count as alike, saying what matched and what differs:
    "same name" only when the names are the same words (in any script and order);
    else the family and given name the same and the patronymic otherwise spelt or
    given for one only, or the alias that matched (with its text), or "similar names"
    with their similarity. A reason that just said "same name" for a pair whose
    patronymics differed, matched through one's alias, misled (tester)."""
    if _same_words(a, b):
        return msg("same name")
    own_a, aliases_a = _spelling_keys(a)
    own_b, aliases_b = _spelling_keys(b)
    sim, x, y = _best(own_a, own_b)
    # An alias counts when it matches better than the own names do (the first such).
    alias_sim, alias = 0.0, ""
    for mine, theirs in ((aliases_a, own_b + [k for _t, k in aliases_b]),
                         (aliases_b, own_a)):
        for text, k in mine:
            found = _best([k], theirs)[0]
            if found > alias_sim:
                alias_sim, alias = found, text
    read = _reading_reason(a, b, max(sim, alias_sim))
    if read:
        return read
    if alias_sim > sim:
        if alias_sim == 1.0:
            return msg("alias '{alias}' equals the other's name", alias=alias)
        return msg("alias '{alias}' is like the other's name ({score})", alias=alias,
                   score=f"{alias_sim:.2f}")
    if sim < 1.0:
        return msg("similar names ({score})", score=f"{sim:.2f}")
    if set(x) == set(y):
        return msg("same name")
    father_a, father_b = _own_father(a, own_a), _own_father(b, own_b)
    if father_a and father_b and father_a != father_b:
        return msg("same family and given name, patronymic spelt otherwise ({a} / {b})",
                   a=_patronymic_text(a, father_a), b=_patronymic_text(b, father_b))
    if bool(father_a) != bool(father_b):
        return msg("same family and given name, patronymic given for one only")
    return msg("same name, some words given for one only")


def _reading_reason(a: NameParts, b: NameParts, plain: float) -> str:
    """The reason, when the names are more alike read otherwise (`name_readings`: a Latin
    x as ks, the Ukrainian and Russian forms of one given name or patronymic) than as
    written (`plain`, their best similarity so): what was read so, word by word; else ""."""
    def spellings(parts: NameParts) -> list[str]:
        family, given, patronymic, native, latin, aliases = parts
        return [t for t in (" ".join(p for p in (family, given, patronymic) if p), native,
                            latin, *aliases) if t]

    mine, theirs = spellings(a), spellings(b)
    read = _best([r for t in mine for r in name_readings(t)],
                 [r for t in theirs for r in name_readings(t)])[0]
    if read <= plain:
        return ""
    words_a = list(dict.fromkeys(w for t in mine for w in name_words(join_compounds(t))))
    words_b = list(dict.fromkeys(w for t in theirs for w in name_words(join_compounds(t))))
    reasons: list[str] = []
    for wa in words_a:
        for wb in words_b:
            why = _words_read_alike(wa, wb)
            if why and why not in reasons:
                reasons.append(why)
    if not reasons:
        return ""  # read alike as whole names only (compounds): the plain reason stands
    if read < 1.0:
        reasons.append(msg("similar names ({score})", score=f"{read:.2f}"))
    return _joined(reasons)


def _joined(reasons: list[str]) -> str:
    """Reasons as one, "; " between them (each a Message, translated in turn)."""
    out = reasons[0]
    for more in reasons[1:]:
        out = msg("{first}; {then}", first=out, then=more)
    return out


def _words_read_alike(wa: str, wb: str) -> str:
    """Why two words written differently are one name read otherwise (a Latin x as ks,
    Ukrainian and Russian forms), "" when they are not or are alike as written."""
    if skeleton(wa) == skeleton(wb):
        return ""
    ra, rb = word_readings(wa), word_readings(wb)
    if set(ra) & set(rb):
        x_word, other = (wa, wb) if len(ra) > 1 and ra[1] in rb else (wb, wa)
        return msg("x read as ks ({a} / {b})", a=x_word, b=other)
    forms_a = {russian_form(k): k for k in ra}
    for kb in rb:
        ka = forms_a.get(russian_form(kb))
        if ka is not None:  # not kb itself: the readings share no key
            forms = (msg("Ukrainian and Russian forms of one patronymic ({a} / {b})",
                         a=wa, b=wb) if is_patronymic_form(russian_form(kb)) else
                     msg("Ukrainian and Russian forms of one given name ({a} / {b})",
                         a=wa, b=wb))
            if ka != ra[0] or kb != rb[0]:  # an x read as ks on the way (Olexandr)
                return _joined([msg("x read as ks ({a})", a=wa if ka != ra[0] else wb),
                                forms])
            return forms
    return ""


def _same_words(a: NameParts, b: NameParts) -> bool:
    """Whether two people's family, given name and patronymic are the same words (in
    any script, spelling and order): then `name_reason` says "same name", whatever the
    aliases (most pairs a scan lists are namesakes written alike)."""
    if a[:3] == b[:3] and any(a[:3]):
        return True  # written alike letter for letter: no keys to make
    words = _sorted_keys(" ".join(p for p in a[:3] if p))[1]
    return bool(words) and words == _sorted_keys(" ".join(p for p in b[:3] if p))[1]


def _own_father(parts: NameParts, own: list[tuple[str, ...]]) -> str:
    """The father's name's key in a person's own names (not the aliases), "" if none."""
    return (_keys(parts[2]) or ("",))[0] or _father(own)


def _patronymic_text(parts: NameParts, father: str) -> str:
    """The patronymic as written: the field, or the word of the native or Latin name
    whose key it is."""
    if parts[2]:
        return parts[2]
    for spelling in (parts[3], parts[4]):
        for word in spelling.split():
            if _keys(word) == (father,):
                return word
    return father


def _with_native_names(db: Database, pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """The pairs with both names in their own script, read for the pairs' cases only
    (keeping them for every person compared would cost memory at 100,000 cases)."""
    ids = sorted({p.case_a for p in pairs} | {p.case_b for p in pairs})
    native: dict[int, str] = {}
    with db.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            native.update((cid, name or "") for cid, name in conn.execute(
                select(Case.id, Case.name_native).where(Case.id.in_(chunk))))
    return [replace(p, native_a=native.get(p.case_a, ""), native_b=native.get(p.case_b, ""))
            for p in pairs]


_T = TypeVar("_T")


def _same_year_pairs(group: dict[int | None, list[_T]]) -> Iterable[tuple[_T, _T]]:
    """Pairs of people in a group that the blocks compare: the same birth year, or one
    unknown."""
    unknown = group.get(None, [])
    for year, born in group.items():
        yield from itertools.combinations(born, 2)
        if year is not None:
            yield from itertools.product(born, unknown)


def _cross_year_pairs(one: dict[int | None, list[_T]], other: dict[int | None, list[_T]]
                      ) -> Iterable[tuple[_T, _T]]:
    """Pairs of a person of `one` and a person of `other` of compatible birth years."""
    everyone = [p for born in other.values() for p in born]
    unknown = other.get(None, [])
    for year, born in one.items():
        if year is None:
            yield from itertools.product(born, everyone)
        else:
            yield from itertools.product(born, other.get(year, []) + unknown)


def _alike_variants(variants: list[tuple[str, ...]], step: Callable[[], None] = lambda: None
                    ) -> Iterable[tuple[int, int, float]]:
    """(i, j, name_similarity) of every two variants (their indexes in `variants`, i <= j,
    a pair once or twice, a variant with itself too) whose names reach NAME_FLOOR.

    name_similarity pairs every word of the shorter name with its own word of the longer
    one, each pairing at NAME_FLOOR or more, or does so after joining two neighbouring
    words of one side when the joined word is SAME_WORD alike to a word of the other
    (the compounds: Abdul Karimov / Abdulkarimov). So a name can only meet names that
    hold a spelling neighbour (_neighbours) of each of its words: the sets of variants
    holding each word's neighbours are intersected, and the pairs so found are paired
    word by word from a table of the neighbours' similarities (_word_pairing). Pairs in
    which a join can count are found from the joined words' SAME_WORD neighbours and
    compared by name_similarity itself. `step()` is called often: the caller's Cancel
    checkpoint.
    """
    # Each variant's words as name_similarity pairs them, and its joined neighbours.
    words_of = [list(dict.fromkeys(variant))[:MAX_WORDS] for variant in variants]
    joins_of: list[list[str]] = []
    for words in words_of:
        joins_of.append([words[k] + words[k + 1] for k in range(len(words) - 1)
                         if len(words[k]) >= 3 and len(words[k + 1]) >= 3])
    own = {w for words in words_of for w in words}
    joined = {j for joins in joins_of for j in joins}
    near = _neighbours(own, joined, step)
    # The variants holding each word; those holding a neighbour of it.
    holding: dict[str, set[int]] = {}
    for i, words in enumerate(words_of):
        for w in words:
            holding.setdefault(w, set()).add(i)
    nobody: set[int] = set()
    reach = {w: set().union(*(holding.get(n, nobody) for n in near[w])) for w in own}
    sims = {w: {n: key_similarity(w, n) for n in near[w]} for w in own}
    sizes = [len(words) for words in words_of]
    word_sets = [frozenset(words) for words in words_of]
    for i, words in enumerate(words_of):
        step()
        # The variants holding a neighbour of every word: the fewest first.
        found: set[int] | None = None
        for w in sorted(words, key=lambda w: len(reach[w])):
            found = reach[w] if found is None else found & reach[w]
            if not found:
                break
        if not found:
            continue
        size = sizes[i]
        held = word_sets[i]
        for j in found:
            # Each pair from its shorter side (the same size: from the first).
            if sizes[j] < size or (sizes[j] == size and j < i):
                continue
            step()
            if size == 1 and sizes[j] == 1:
                # As word_pairing_similarity reads them: a lone initial first is
                # like nothing, after a name it is that name's initial.
                sim = word_pairing_similarity(variants[min(i, j)], variants[max(i, j)])
            elif held <= word_sets[j]:
                sim = 0.0 if size == 1 and len(words[0]) == 1 else 1.0
            else:
                sim = _word_pairing(words, words_of[j], sims)
            if sim >= NAME_FLOOR:
                yield (i, j, sim) if i <= j else (j, i, sim)
    # Pairs where name_similarity may join two words of one side: a joined word SAME_WORD
    # alike to a word of the other. Compared whole (the compounds can only add).
    same = {j: [w for w in near[j] if w in holding and keys_alike(j, w, SAME_WORD)]
            for j in joined}
    compared: set[tuple[int, int]] = set()
    for i, joins in enumerate(joins_of):
        for joined_word in joins:
            for w in same[joined_word]:
                for j in holding[w]:
                    step()
                    pair = (i, j) if i <= j else (j, i)
                    if pair in compared:
                        continue
                    compared.add(pair)
                    sim = name_similarity(variants[pair[0]], variants[pair[1]])
                    if sim >= NAME_FLOOR:
                        yield pair[0], pair[1], sim


def _word_pairing(a: list[str], b: list[str], sims: dict[str, dict[str, float]]) -> float:
    """word_pairing_similarity of two names' distinct words (at most MAX_WORDS each, not
    both single words) when it reaches NAME_FLOOR; below it, some lower value.

    Only pairings of neighbours count (sims: each word's neighbours, key_similarity of
    each): a pairing with another word in it stays under NAME_FLOOR. The pairings tried
    are _pairing's permutations, the weakest word and two -ov stems judged alike."""
    short, other = (b, a) if len(a) > len(b) else (a, b)
    if len(short) == 1 and len(short[0]) == 1:
        return 0.0  # a lone initial says nothing
    options = []
    for x in short:
        neighbours = sims[x]
        here = [(y, neighbours[y]) for y in other if y in neighbours]
        if not here:
            return 0.0
        options.append(here)
    if len(options) == 1:
        return max(sim for _y, sim in options[0])
    best = 0.0
    for chosen in itertools.product(*options):
        if len({y for y, _sim in chosen}) < len(chosen):
            continue  # a word of the longer name paired twice
        values = [sim for _y, sim in chosen]
        weakest = min(values)
        if weakest == STEM and values.count(STEM) > 1:
            weakest = 0.8  # as _pairing: another person in another order
        if weakest > best:
            best = weakest
    return best


def _neighbours(words: set[str], joined: set[str], step: Callable[[], None] = lambda: None
                ) -> dict[str, list[str]]:
    """The neighbours of every word of `words` and `joined`: the words key_similarity puts
    at NAME_FLOOR or more (itself included). `joined` holds compounds made by joining
    two words of one name, which name_similarity compares only with the other name's
    own words, and only when one of them is at SAME_WORD or more: a joined word without
    such a word among `words` has no neighbours.

    Outside initials and the -ov endings (tested here directly), keys at NAME_FLOOR are
    at most 0.4 x the longer length apart in plain Levenshtein distance, and at
    SAME_WORD 0.26 x: every weighted edit of key_similarity costs at least half a plain
    one. rapidfuzz finds those.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    own = sorted(words)
    shorts = [w for w in own if len(w) <= 2]  # initials, and what they meet

    def candidates(word: str, cutoff: float) -> set[str]:
        found = {other for other, _d, _i in process.extract(
            word, own, scorer=Levenshtein.normalized_distance, score_cutoff=cutoff,
            limit=None)}
        stems = (word + "ov", word + "ova", word[:-2], word[:-3])
        return found.union(shorts, (w for w in stems if w in words))

    near: dict[str, set[str]] = {w: {w} for w in words | joined}
    for word in own:
        for other in candidates(word, 0.41):
            step()
            if other > word or len(other) <= 2:  # a short word finds no long ones
                _link(near, word, other)
        if len(word) <= 2:
            for other in joined:
                _link(near, word, other)
    for word in sorted(joined - words):
        step()
        if any(keys_alike(word, o, SAME_WORD) for o in candidates(word, 0.27)):
            for other in candidates(word, 0.41):
                step()
                _link(near, word, other)
    return {w: sorted(n) for w, n in near.items()}


def _link(near: dict[str, set[str]], a: str, b: str) -> None:
    if a != b and keys_alike(a, b, NAME_FLOOR):
        near[a].add(b)
        near[b].add(a)


def candidate_queries(variant: tuple[str, ...]) -> list[list[str]]:
    """The searches (lists of keys) whose first CANDIDATES cases are a name's candidates:
    the first two words of the name; and when it has one word besides initials, that
    word with the first initial too. Without it "Khasanov R." asked for the first 500
    Khasanovs by id, and at 100,000 cases (2,388 Khasanovs) the one it was, CM-98157
    Khasanov Rustam, was never compared (tester). Both searches, so a row gains
    candidates and loses none (the initial's search is by its letter only, and
    initials also match the letters other scripts write: U. for Oʻtkir)."""
    words = [k for k in variant if len(k) > 1][:2]
    if not words:
        return []
    initial = next((k for k in variant if len(k) == 1), None)
    if len(words) == 1 and initial is not None:
        return [words, [*words, initial]]
    return [words]


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
        for words in candidate_queries(variant):
            candidates.update(search_keys(session, words, limit=CANDIDATES))
    candidates -= exclude
    matches = []
    for person in load_people(session, candidates):
        score, reasons = score_pair(incoming, person)
        if score >= min_score:
            matches.append(DuplicateMatch(person.case_id, score, reasons))
    matches.sort(key=lambda m: (-m.score, m.case_id))
    return _matches_named(session, fields, matches[:limit])


def _matches_named(session: Session, fields: Mapping[str, Any],
                   matches: list[DuplicateMatch]) -> list[DuplicateMatch]:
    """The matches with their names' reason saying what matched (`name_reason`), the
    cases' names read for these matches only."""
    if not matches:
        return matches
    mine: NameParts = (
        str(fields.get("family_name") or ""), str(fields.get("given_name") or ""),
        str(fields.get("patronymic") or ""), str(fields.get("name_native") or ""),
        str(fields.get("name_latin") or ""), tuple(_split(fields.get("aliases"))))
    theirs = _name_parts(session.connection(), [m.case_id for m in matches])
    return [m._replace(reasons=(name_reason(mine, theirs[m.case_id]), *m.reasons[1:]))
            if m.case_id in theirs and m.reasons else m for m in matches]


class LikelyDuplicates:
    """`likely_duplicates_for` row after row in one session, for an import: the same
    matches, at a cost per row that does not grow with each row's candidates' reading.

    Each row's candidates are those of `_likely` (the first 500 cases of a search for
    the first two words of each of its names), found by one `KeySearch` that reads each
    name word's index rows once for the whole list; each candidate's fields are read
    once for the whole list; a candidate whose names are not alike enough to score
    (NAME_FLOOR) is not scored. For a session that sees the database as it was when it
    began (`KeySearch`): the importer's planning session.
    """

    def __init__(self, session: Session, *, min_score: float = DEFAULT_MIN_SCORE,
                 limit: int = 5, step: Callable[[], None] = lambda: None) -> None:
        """`step()` is called often while the database is read (the caller's progress
        and Cancel checkpoint)."""
        from casemanager.services.search import KeySearch

        if min_score <= 0:
            raise ValueError("min_score must be above 0")  # a programming error
        session.flush()
        self._session = session
        self._search = KeySearch(session, step)
        self._step = step
        self.min_score, self.limit = min_score, limit
        self._people: dict[int, Person | None] = {}  # None: merged away (load_people)
        # Past this many cases read by id, the rest are read in one pass: a tenth of
        # the cases (about: the highest id); a case costs about 2.5 times as much read
        # by its id.
        about = session.execute(select(func.max(Case.id))).scalar() or 0
        self._sweep_at = about // SWEEP_SHARE if about <= SWEEP_MAX_CASES else None
        self._everyone = False

    def __call__(self, fields: Mapping[str, Any]) -> list[DuplicateMatch]:
        """likely_duplicates_for(session, fields, min_score=..., limit=...)."""
        incoming = make_person(0, "", fields)
        candidates: set[int] = set()
        for variant in incoming.variants:
            for words in candidate_queries(variant):
                candidates.update(self._search.search(words, CANDIDATES))
        people = self._read(candidates)
        mine = [_RowName(v) for v in incoming.variants]
        names: dict[tuple[tuple[str, ...], ...], float] = {}  # a row's namesakes repeat
        matches = []
        floor = self.min_score - 1e-9  # sums below it are below min_score however added
        for cid in candidates:
            person = people.get(cid)
            if person is None:
                continue
            rest = _besides_name(incoming, person)
            if rest is None or min(1.0, NAME_WEIGHT + rest) < floor:
                continue  # not even the same name would reach min_score
            name = names.get(person.variants)
            if name is None:
                name = 0.0
                for row_name in mine:
                    for vb in person.variants:
                        if not row_name.may_meet(vb):
                            continue  # below NAME_FLOOR: cannot raise a name that counts
                        name = max(name, name_similarity(row_name.variant, vb))
                names[person.variants] = name
            if name < NAME_FLOOR or min(1.0, NAME_WEIGHT * name + rest) < floor:
                continue  # _score gives less than min_score: no reasons written
            score, reasons = _score(incoming, person, name)
            if score >= self.min_score:
                matches.append(DuplicateMatch(person.case_id, score, reasons))
        matches.sort(key=lambda m: (-m.score, m.case_id))
        # The names' reason stays the plain one: the import's report shows none (its
        # rows' matches are named by reference and score), and a list asks per row.
        return matches[:self.limit]

    def _read(self, ids: set[int]) -> dict[int, Person | None]:
        """The people read so far, these among them (None: merged away)."""
        people = self._people
        unread = [cid for cid in ids if cid not in people]
        if unread and not self._everyone:
            if self._sweep_at is None and len(people) + len(unread) > PEOPLE_KEPT:
                people.clear()  # the next rows' candidates are read again
                unread = list(ids)
            if self._sweep_at is not None and len(people) + len(unread) > self._sweep_at:
                # Most cases are someone's candidate (the demo's namesakes): reading
                # them all in one pass costs less than by their ids (3.3 s against
                # 8 s for 94,000 of 100,000 cases).
                people.update((p.case_id, p) for p in load_people(self._session,
                                                                    step=self._step))
                self._everyone = True
            else:
                people.update(dict.fromkeys(unread))
                people.update((p.case_id, p)
                              for p in load_people(self._session, unread, self._step))
        return people


class _RowName:
    """One name (keys) of an import row, compared with many candidates' names: which
    pairs `names_may_meet` lets through, its word look-ups kept for the row."""

    def __init__(self, variant: tuple[str, ...]) -> None:
        self.variant = variant
        self.words = list(dict.fromkeys(variant))[:MAX_WORDS]
        self.all = (1 << len(self.words)) - 1
        self.joined = [a + b for a, b in itertools.pairwise(self.words)
                       if len(a) >= 3 and len(b) >= 3]
        self._masks: dict[str, int] = {}  # a candidate's word -> the words it is near
        self._joins: dict[str, bool] = {}  # a candidate's compound -> near a word here
        self._initial = len(self.words) == 1 and len(self.words[0]) == 1

    def may_meet(self, other: tuple[str, ...]) -> bool:
        """names_may_meet(self.variant, other, NAME_FLOOR)."""
        theirs = _prepared_words(other)
        if self._initial or not self.words or not theirs or (
                len(theirs) == 1 and len(theirs[0]) == 1):
            return names_may_meet(self.variant, other, NAME_FLOOR)  # the special cases
        masks = [self._mask(y) for y in theirs]
        covered = 0
        for m in masks:
            covered |= m
        if len(self.words) <= len(theirs):
            if covered & self.all == self.all:  # each word here has a partner there
                return True
        elif all(m & self.all for m in masks):  # each word there has a partner here
            return True
        # Compounds: two neighbouring words joined on one side, near a word of the other.
        if covered & _JOINED:
            return True
        for a, b in itertools.pairwise(theirs):
            if len(a) >= 3 and len(b) >= 3:
                joined = a + b
                near = self._joins.get(joined)
                if near is None:
                    near = self._joins[joined] = any(
                        _compound_alike(joined, x) for x in self.words)
                if near:
                    return True
        return False

    def _mask(self, word: str) -> int:
        mask = self._masks.get(word)
        if mask is None:
            mask = 0
            for i, x in enumerate(self.words):
                if key_similarity(x, word) >= NAME_FLOOR:
                    mask |= 1 << i
            if any(_compound_alike(j, word) for j in self.joined):
                mask |= _JOINED
            self._masks[word] = mask
        return mask


# In a _RowName mask: the word is near two neighbouring words of the row's name joined.
_JOINED = 1 << MAX_WORDS


@lru_cache(maxsize=1 << 16)
def _prepared_words(variant: tuple[str, ...]) -> list[str]:
    """A name's distinct keys as name_similarity compares them (at most MAX_WORDS)."""
    return list(dict.fromkeys(variant))[:MAX_WORDS]


@lru_cache(maxsize=1 << 18)
def _compound_alike(joined: str, word: str) -> bool:
    return keys_alike(joined, word, SAME_WORD)


def _besides_name(a: Person, b: Person) -> float | None:
    """What _score adds to the name's part for dates, citizenships and place (summed in
    another order: equal to a rounding), or None when it refuses the pair (different
    fathers' names)."""
    if a.patronymic and b.patronymic and not fathers_alike(a.patronymic, b.patronymic):
        return None
    rest = 0.0
    if a.date_of_birth is not None and b.date_of_birth is not None:
        rest += _date_points(a.date_of_birth, b.date_of_birth)
    if a.citizenships and b.citizenships:
        rest += 0.1 if a.citizenships & b.citizenships else -0.1
    if a.place and b.place and a.place == b.place:
        rest += 0.05
    return rest


def _date_points(a: PartialDate, b: PartialDate) -> float:
    """_dates(a, b)'s points, without its reason: the dates' parts (year, month, day)
    compared as far as both go."""
    if a.year != b.year:
        return -0.3
    if a.month is None or b.month is None:
        return 0.1
    if a.month != b.month:
        return -0.3
    if a.day is None or b.day is None:
        return 0.15
    return 0.25 if a.day == b.day else -0.3


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

