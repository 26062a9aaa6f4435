"""Likely duplicates for imports: is this row a case we already hold under another spelling?

A stop-gap until `casemanager.matching` (the cross-script matcher) lands: every name is
reduced to a rough Latin skeleton (Cyrillic transliterated, kh/h, w/v, y/i... folded),
cases are grouped by the first letters of their skeletons, and a row is compared with
the cases of its groups by rapidfuzz; a known date of birth must agree.
`duplicate_finder(session)` is the one place the importer gets its matcher from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.demo import transliterate
from casemanager.models import Alias, Case
from casemanager.partialdate import PartialDate

# Scores (0-100) above which a row is reported: lower when the dates of birth agree.
THRESHOLD_WITH_BIRTH = 82
THRESHOLD_WITHOUT_BIRTH = 90
_FOLDS = (("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("yu", "u"),
          ("ya", "a"), ("yo", "o"), ("iy", "i"), ("y", "i"), ("w", "v"), ("x", "h"), ("q", "k"))


@dataclass(frozen=True)
class DuplicateMatch:
    reference: str
    name: str
    date_of_birth: str
    score: int


DuplicateFinder = Callable[[Mapping[str, Any]], list[DuplicateMatch]]


def skeleton(text: str) -> str:
    """`Турсунов Алишер` and `Tursunow Alisher` -> `tursunov alisher`-like keys alike."""
    text = transliterate(text).casefold()
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = re.sub(r"[^a-z ]+", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters
    return " ".join(text.split())


def _names(values: Mapping[str, Any]) -> list[str]:
    first = " ".join(
        str(values.get(k) or "") for k in ("family_name", "given_name")
    ).strip()
    names = [first, str(values.get("name_native") or "")]
    names += list(values.get("aliases") or ())
    return [s for s in (skeleton(n) for n in names) if s]


def _blocks(names: list[str]) -> set[str]:
    return {n.split()[0][:3] for n in names if n}


def births_agree(a: PartialDate | None, b: PartialDate | None) -> bool | None:
    """True/False when both are known (compared at the coarser precision), else None."""
    if a is None or b is None:
        return None
    if a.year != b.year:
        return False
    if a.month and b.month and a.month != b.month:
        return False
    return not (a.day and b.day and a.day != b.day)


@dataclass
class _Known:
    reference: str
    display: str
    birth: PartialDate | None
    names: list[str]


class NameIndex:
    """Every case's name skeletons, grouped for quick lookup; built once per import."""

    def __init__(self) -> None:
        self.cases: list[_Known] = []
        self.blocks: dict[str, list[int]] = {}

    @classmethod
    def load(cls, session: Session) -> NameIndex:
        index = cls()
        aliases: dict[int, list[str]] = {}
        for case_id, spelling in session.execute(select(Alias.case_id, Alias.spelling)):
            aliases.setdefault(case_id, []).append(spelling)
        stmt = select(
            Case.id, Case.reference, Case.family_name, Case.given_name, Case.name_native,
            Case.date_of_birth,
        )
        for row in session.execute(stmt):
            values = {"family_name": row.family_name, "given_name": row.given_name,
                      "name_native": row.name_native, "aliases": aliases.get(row.id, ())}
            display = " ".join(p for p in (row.family_name, row.given_name) if p)
            index.add(_Known(row.reference, display or row.name_native, row.date_of_birth,
                             _names(values)))
        return index

    def add(self, known: _Known) -> None:
        position = len(self.cases)
        self.cases.append(known)
        for block in _blocks(known.names):
            self.blocks.setdefault(block, []).append(position)

    def score(self, values: Mapping[str, Any], known: _Known) -> int:
        mine = _names(values)
        if not mine or not known.names:
            return 0
        return int(max(fuzz.token_sort_ratio(a, b) for a in mine for b in known.names))

    def likely_duplicates(self, values: Mapping[str, Any]) -> list[DuplicateMatch]:
        names = _names(values)
        candidates: set[int] = set()
        for block in _blocks(names):
            candidates.update(self.blocks.get(block, ()))
        birth = values.get("date_of_birth")
        found: list[DuplicateMatch] = []
        for position in candidates:
            known = self.cases[position]
            agree = births_agree(birth, known.birth)
            if agree is False:
                continue
            score = self.score(values, known)
            if score >= (THRESHOLD_WITH_BIRTH if agree else THRESHOLD_WITHOUT_BIRTH):
                found.append(DuplicateMatch(
                    known.reference, known.display,
                    known.birth.iso() if known.birth else "", score,
                ))
        found.sort(key=lambda m: (-m.score, m.reference))
        return found[:5]

    def by_reference(self, reference: str) -> _Known | None:
        if not hasattr(self, "_refs"):
            self._refs = {k.reference: k for k in self.cases}
        return self._refs.get(reference)


def duplicate_finder(session: Session) -> tuple[NameIndex, DuplicateFinder]:
    """The importer's matcher; switch to casemanager.matching here when it lands."""
    index = NameIndex.load(session)
    return index, index.likely_duplicates


def likely_duplicates(db, row: Mapping[str, Any]) -> list[DuplicateMatch]:
    """Cases that may be the person of `row` (converted values), best first."""
    with db.session() as session:
        return NameIndex.load(session).likely_duplicates(row)
