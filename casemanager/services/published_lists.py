"""Published lists of names: reading them and matching them against our cases.

Officials and channels publish exchange lists as text, CSV or spreadsheets, in Cyrillic
or in one of several Latin spellings. `read_names` / `parse_names` turn a file or a
pasted text into names; `match_names` finds each name's case.

All the matching sits behind `match_names(db, names)`, so a better cross-script matcher
(casemanager.domain.names) can replace the name keys here without touching callers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import select

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg
from casemanager.domain.names import display_name
from casemanager.services.demo import transliterate
from casemanager.store.database import Database
from casemanager.store.models import Alias, Case

# A score (0-100, rapidfuzz token_sort_ratio over name keys) from which a name is ours.
THRESHOLD = 88
# Candidates this close to the best are shown too: two men of the same name are common.
AMBIGUITY_MARGIN = 3
MAX_ALTERNATIVES = 5

_NAME_HEADERS = ("name", "full name", "full_name", "фио", "ф.и.о.", "имя", "name_native")
_FAMILY_HEADERS = ("family_name", "family name", "surname", "last name", "фамилия")
_GIVEN_HEADERS = ("given_name", "given name", "first name", "имя")
_PATRONYMIC_HEADERS = ("patronymic", "отчество")
_NUMBERING = re.compile(r"^\s*(№\s*)?\d+\s*[.)\-:]?\s+")


@dataclass(frozen=True)
class NameMatch:
    """A name on the list that is one of our cases."""

    name: str
    reference: str
    case_name: str
    name_native: str
    status: str
    score: int
    # Other cases nearly as close (namesakes): check by hand.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListedCase:
    """One of our cases, named in a report (e.g. listed by us, missing from theirs)."""

    reference: str
    case_name: str
    name_native: str
    status: str


@dataclass(frozen=True)
class MatchReport:
    matched: tuple[NameMatch, ...]
    unmatched: tuple[str, ...]  # names we have no case for
    missing: tuple[ListedCase, ...] = ()  # ours on the exchange's list, absent from theirs


# ------------------------------------------------------------------ reading lists


def clean_name(line: str) -> str:
    """A list line reduced to the name: numbering, birth dates and notes dropped."""
    text = unicodedata.normalize("NFC", line).strip()
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\(.*?\)", " ", text)
    # Whatever follows the first digit is a date of birth, a unit or a number.
    text = re.split(r"\d", text, maxsplit=1)[0]
    text = re.sub(r"[,;/|\t]+", " ", text)
    text = text.strip(" .-–—:\"'")
    return " ".join(text.split())


def parse_names(text: str) -> list[str]:
    """Names from pasted text: one a line; empty lines and headings without letters skipped."""
    names = []
    for line in text.splitlines():
        name = clean_name(line)
        if name and any(ch.isalpha() for ch in name):
            names.append(name)
    return names


def _names_from_rows(rows: list[list[str]]) -> list[str]:
    rows = [[(c or "").strip() for c in r] for r in rows if any((c or "").strip() for c in r)]
    if not rows:
        return []
    header = [c.casefold() for c in rows[0]]

    def col(options: Sequence[str]) -> int | None:
        return next((i for i, h in enumerate(header) if h in options), None)

    family, given, patr = col(_FAMILY_HEADERS), col(_GIVEN_HEADERS), col(_PATRONYMIC_HEADERS)
    full = col(_NAME_HEADERS)
    if family is not None:
        parts = [i for i in (family, given, patr) if i is not None]
        lines = [" ".join(r[i] for i in parts if i < len(r) and r[i]) for r in rows[1:]]
    elif full is not None:
        lines = [r[full] if full < len(r) else "" for r in rows[1:]]
    else:
        # No header we know: the first cell with letters in each row is the name.
        lines = [next((c for c in r if any(ch.isalpha() for ch in c)), "") for r in rows]
    return [n for n in (clean_name(line) for line in lines) if n]


def read_names(path: str | Path) -> list[str]:
    """Names from a CSV, XLSX or plain-text file."""
    path = Path(path)
    if not path.is_file():
        raise CaseManagerError(msg("no file {path}", path=str(path)))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise CaseManagerError(msg("{file} is not a readable XLSX file ({detail})",
                                       file=path.name, detail=str(exc))) from None
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return _names_from_rows(rows)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseManagerError(msg("{file} is not UTF-8 text (save it as UTF-8)",
                                   file=path.name)) from None
    if suffix == ".csv":
        dialect: type[csv.Dialect] = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        return _names_from_rows(list(csv.reader(io.StringIO(text), dialect)))
    return parse_names(text)


# ------------------------------------------------------------------ matching

# Spelling differences between transliteration systems, folded away on both sides.
_FOLDS = (("dzh", "j"), ("kh", "h"), ("zh", "j"), ("yo", "o"), ("yu", "u"), ("ya", "a"),
          ("iy", "i"), ("ts", "c"), ("w", "v"), ("x", "h"), ("q", "k"), ("y", "i"))


def name_key(text: str) -> str:
    """A name brought to folded Latin: Турсунов, Tursunov and Tursunow give one key."""
    plain = text
    if not plain.isascii():  # most spellings are plain Latin: skip the slow part for them
        latin = transliterate(unicodedata.normalize("NFC", text))
        plain = unicodedata.normalize("NFKD", latin)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = re.sub(r"[^a-z\s]", "", plain.casefold().replace("-", " "))
    for old, new in _FOLDS:
        plain = plain.replace(old, new)
    return " ".join(plain.split())


def _sorted_key(text: str, cache: dict[str, str]) -> str:
    """The name key with its words sorted: plain `ratio` over these equals rapidfuzz's
    token_sort_ratio, without sorting every candidate again for every name."""
    key = cache.get(text)
    if key is None:
        key = cache[text] = " ".join(sorted(name_key(text).split()))
    return key


def _case_keys(db: Database) -> tuple[dict[str, set[int]], dict[int, ListedCase]]:
    """Every spelling of every case as a key, with the cases it belongs to (namesakes
    share a key, so each key is compared once)."""
    owners: dict[str, set[int]] = {}
    cases: dict[int, ListedCase] = {}
    cache: dict[str, str] = {}

    def add(spelling: str, case_id: int) -> None:
        if spelling.strip():
            key = _sorted_key(spelling, cache)
            if key:
                owners.setdefault(key, set()).add(case_id)

    with db.session() as session:
        rows = session.execute(
            select(Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
                   Case.name_native, Case.name_latin, Case.status)
        )
        for r in rows:
            full = display_name(r.family_name, r.given_name, r.patronymic)
            cases[r.id] = ListedCase(
                reference=r.reference, case_name=full, name_native=r.name_native, status=r.status
            )
            for spelling in (full, " ".join(p for p in (r.family_name, r.given_name) if p),
                             r.name_native, " ".join(r.name_native.split()[:2]), r.name_latin):
                add(spelling, r.id)
        for case_id, spelling in session.execute(select(Alias.case_id, Alias.spelling)):
            add(spelling, case_id)
    return owners, cases


def match_names(
    db: Database,
    names: Iterable[str],
    *,
    threshold: int = THRESHOLD,
    prefer: Collection[str] = (),
) -> MatchReport:
    """Which names on a list are our cases (best case, score, namesakes) and which are not.

    Between namesakes of equal score, a case in `prefer` (references, e.g. those on the
    exchange's list) comes first.
    """
    owners, cases = _case_keys(db)
    keys = list(owners)
    cache: dict[str, str] = {}
    matched: list[NameMatch] = []
    unmatched: list[str] = []
    for name in names:
        query = _sorted_key(name, cache)
        if not query:
            continue
        best: dict[int, float] = {}
        for key, score, _ in process.extract(
            query, keys, scorer=fuzz.ratio, limit=None, score_cutoff=threshold
        ):
            for case_id in owners[key]:
                best[case_id] = max(best.get(case_id, 0), score)
        if not best:
            unmatched.append(name)
            continue
        ranked = sorted(
            best.items(),
            key=lambda kv: (-kv[1], cases[kv[0]].reference not in prefer, cases[kv[0]].reference),
        )
        top_id, top_score = ranked[0]
        top = cases[top_id]
        near = [cases[i].reference for i, s in ranked[1:] if s >= top_score - AMBIGUITY_MARGIN]
        matched.append(
            NameMatch(
                name=name,
                reference=top.reference,
                case_name=top.case_name,
                name_native=top.name_native,
                status=top.status,
                score=round(top_score),
                alternatives=tuple(near[:MAX_ALTERNATIVES]),
            )
        )
    return MatchReport(matched=tuple(matched), unmatched=tuple(unmatched))
