"""Likely duplicates for imports: is this row a case we already hold under another spelling?

The report uses the cross-script matcher of `casemanager.services.duplicates` (names, date of
birth, citizenship, place). KnownCases below finds the case a row's reference names, one
query per row, so that the importer can check that a row updating a known reference
names the same person. `duplicate_finder(session)` is the one place the
importer gets both from.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from sqlalchemy import Integer, bindparam, cast, func, select
from sqlalchemy.orm import Session

from casemanager.domain.fields import stored_spellings
from casemanager.domain.names import display_name, display_name_of, fathers_alike
from casemanager.domain.names import keys as name_keys
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.transliteration import PLAIN_LATIN
from casemanager.services.cases import PARTNER_REFERENCES
from casemanager.store.models import Alias, AuditEntry, Case, ExternalReference, Setting
from casemanager.store.privileges import withheld

if TYPE_CHECKING:  # annotations only
    from casemanager.store.database import Database

IMPORT_MIN_SCORE = 0.5
_FOLDS = (("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("yu", "u"),
          ("ya", "a"), ("yo", "o"), ("iy", "i"), ("y", "i"), ("w", "v"), ("x", "h"), ("q", "k"))


@dataclass(frozen=True)
class DuplicateMatch:
    """A case (by `reference`) or an earlier row of the same file (`row`) a row may be."""

    reference: str
    name: str
    date_of_birth: str
    score: int
    row: int = 0  # an earlier row of the same file (then `reference` is empty)
    native: str = ""  # the name in its own script, when known (the window may show it)

    @property
    def label(self) -> str:
        return f"the same person as row {self.row}" if self.row else self.reference


DuplicateFinder = Callable[[Mapping[str, Any]], list[DuplicateMatch]]


# PLAIN_LATIN as one str.translate table over case-folded text: the same Latin
# letters, at C speed (every row of an import is reduced to keys, twice).
_LATIN = str.maketrans(PLAIN_LATIN)
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(text: str) -> str:
    """`Турсунов Алишер` and `Tursunow Alisher` -> `tursunov alisher`-like keys alike."""
    text = text.casefold()
    if not text.isascii():
        text = text.translate(_LATIN)
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _NOT_LETTERS.sub("", text)
    text = _DOUBLED.sub(r"\1", text)  # doubled letters
    return " ".join(text.split())


def _names(values: Mapping[str, Any]) -> list[str]:
    first = " ".join(
        str(values.get(k) or "") for k in ("family_name", "given_name")
    ).strip()
    names = [first, str(values.get("name_native") or "")]
    names += list(values.get("aliases") or ())
    return [s for s in (skeleton(n) for n in names) if s]


@dataclass
class _Known:
    reference: str
    display: str
    birth: PartialDate | None
    names: list[str]
    family_name: str = ""
    given_name: str = ""
    name_native: str = ""
    name_latin: str = ""
    # The case's id, and the id of the case it was merged into (None: not merged away).
    case_id: int = 0
    merged_into_id: int | None = None
    updated_at: dt.datetime | None = None  # when the case was last changed here

    @property
    def id(self) -> int:
        """The case's id (`case_id`)."""
        return self.case_id

    def stale_latin(self, values: Mapping[str, Any]) -> str | None:
        """The case's whole Latin name respelt as the row renames it, when the case keeps
        it as the old family and given name (with or without other words, such as the
        patronymic; lists carry no whole Latin name of their own); else None. Without it
        a renamed case kept the old spelling in `name_latin`, printed on its dossier."""
        if not self.name_latin:
            return None
        words = self.name_latin.split()
        folded = [w.casefold() for w in words]
        swaps = {}
        for column, old in (("family_name", self.family_name), ("given_name", self.given_name)):
            new = values.get(column)
            if not new or not old or new == old:
                continue
            old_words = old.casefold().split()
            at = next((i for i in range(len(folded) - len(old_words) + 1)
                       if folded[i:i + len(old_words)] == old_words), None)
            if at is None:
                return None  # the whole name is spelt otherwise: not ours to guess
            swaps[at] = (len(old_words), new)
        if not swaps:
            return None
        out, i = [], 0
        while i < len(words):
            if i in swaps:
                width, new = swaps[i]
                out.append(new)
                i += width
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    def renamed(self, values: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """(column, the case's spelling, the row's) for each name the row spells
        otherwise: the Latin name (family and given name) and the name in its own script."""
        old = " ".join(p for p in (self.family_name, self.given_name) if p)
        new = " ".join(p for p in (values.get("family_name") or self.family_name,
                                   values.get("given_name") or self.given_name) if p)
        column = "family_name" if values.get("family_name") else "given_name"
        out = [(column, old, new)] if old and new != old else []
        native = values.get("name_native") or ""
        if self.name_native and native and native != self.name_native:
            out.append(("name_native", self.name_native, native))
        return out


class KnownCases:
    """The cases an import may update, looked up one reference at a time.

    Each look-up is one indexed query, made only for a row that names a reference a case
    may hold (none in an empty database, none above the highest number held): the
    import's cost and the objects it holds do not grow with the database (loading every
    case's names up front took 6.1 s and 300,000 objects at 100,000 cases, and each
    collection of the window's garbage collector walked them again). The partners'
    references are kept in one dict of strings, which the collector never walks.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self.empty = session.execute(select(Case.id).limit(1)).first() is None
        # "source\x1freference", casefolded -> our reference (str keys and values only)
        self.externals: dict[str, str] = {}
        for source, ref, case_ref in session.execute(
            select(ExternalReference.source, ExternalReference.reference, Case.reference)
            .join(Case, Case.id == ExternalReference.case_id)
        ):
            self.externals[_external_key(source, ref)] = case_ref
        self._deletions: tuple[set[str], dict[str, str]] | None = None  # _read_deletions
        self._next: int | None = None  # the number of the next new case here
        self._highest: int | None = None  # _held()
        self._near: dict[str, Any] = {}  # reference -> row, of the cases read last
        self._aliases: dict[int, list[str]] = {}

    def by_reference(self, reference: str) -> _Known | None:
        """The case under our `reference` (exact), or None."""
        row = self._near.get(reference)
        if row is None:
            if self.empty or self._number(reference) > self._held():
                # Held by no case: a list of new cases asks nothing of the database
                # (the session reads the database as it was when the import began).
                return None
            # Core statements built once, on the session's connection: an ORM query
            # built per row cost 3.9 ms (profiled, 2,000 rows), mostly the statement.
            conn = self._session.connection()
            found = conn.execute(_ID_BY_REFERENCE, {"reference": reference}).first()
            if found is None and (padded := stored_spellings(reference)[1:]):
                # Stored as typed by an older version (CM-00155 for CM-0155); show finds
                # it the same way (services.cases.load_case). Two such: not one case.
                rows = conn.execute(_ID_BY_SPELLINGS, {"spellings": padded}).all()
                found = rows[0] if len(rows) == 1 else None
            if found is None:
                return None
            self._read_near(found.id)
            row = next(r for r in self._near.values() if r.id == found.id)
        aliases = self._aliases.get(row.id, ())
        values = {"family_name": row.family_name, "given_name": row.given_name,
                  "name_native": row.name_native, "aliases": aliases}
        display = display_name(row.family_name, row.given_name, row.patronymic,
                               latin=row.name_latin, native=row.name_native)
        return _Known(row.reference, display, row.date_of_birth, _names(values),
                      row.family_name or "", row.given_name or "", row.name_native or "",
                      row.name_latin or "", row.id, row.merged_into_id, row.updated_at)

    def _read_near(self, case_id: int) -> None:
        """The cases from `case_id` on (NEAR of them) and their aliases, in two queries:
        a list exported here names cases in the order they were made, so the next rows'
        references are mostly among them. Replaces what was read before."""
        conn = self._session.connection()
        bounds = {"low": case_id, "high": case_id + NEAR}
        self._near = {r.reference: r for r in conn.execute(_CASES_FROM, bounds)}
        self._aliases = {}
        for owner, spelling in conn.execute(_ALIASES_FROM, bounds):
            self._aliases.setdefault(owner, []).append(spelling)

    def beyond(self, reference: str) -> str | None:
        """The next reference this database gives, when our `reference` is beyond it
        and the database holds cases (a mistyped number would move the numbering of
        every later case for good); else None. An empty database takes any (an export
        restored)."""
        if self.empty:
            return None
        if self._next is None:
            held = self._held()
            counter = None if "settings" in withheld(self._session, ("settings",)).tables \
                else self._session.connection().execute(
                    select(Setting.value).where(Setting.key == "next_reference")).scalar()
            self._next = max(held + 1,
                             int(counter) if counter and counter.isdigit() else 0)
        number = int(reference[3:]) if reference[3:].isdigit() else 0
        return f"CM-{self._next:04d}" if number >= self._next else None

    def _held(self) -> int:
        """The highest number of our references held here (0 for none), read once."""
        if self._highest is None:
            self._highest = int(self._session.connection().execute(
                select(func.max(cast(func.substr(Case.reference, 4), Integer)))).scalar() or 0)
        return self._highest

    @staticmethod
    def _number(reference: str) -> int:
        """The number of our `reference` (CM-0042: 42); -1 when it has none."""
        digits = reference[3:]
        return int(digits) if digits.isdigit() else -1

    def deleted_external(self, source: str, reference: str) -> str | None:
        """Our reference of a case deleted here that carried this partner's reference
        (cases.delete_case logs them), or None."""
        return self._read_deletions()[1].get(_external_key(source, reference))

    def deleted(self, reference: str) -> bool:
        """Whether a case under our `reference` was deleted here (the log keeps it)."""
        return reference in self._read_deletions()[0]

    def _read_deletions(self) -> tuple[set[str], dict[str, str]]:
        """(our references of cases deleted here, their partners' references -> ours),
        from the log's deletions, read once; empty for a role that may not read the log
        (not foreseen then: the import itself still refuses what the server refuses)."""
        if self._deletions is None:
            ours: set[str] = set()
            theirs: dict[str, str] = {}
            if "audit_entries" not in withheld(self._session, ("audit_entries",)).tables:
                for reference, changes in self._session.connection().execute(
                        select(AuditEntry.case_reference, AuditEntry.changes).where(
                            AuditEntry.action == "delete", AuditEntry.entity == "case")):
                    ours.add(reference)
                    held = (changes or {}).get(PARTNER_REFERENCES) or [""]
                    for item in str(held[0] or "").split("; "):
                        their_source, _sep, their = item.partition(": ")
                        if their:
                            theirs[_external_key(their_source, their)] = reference
            self._deletions = (ours, theirs)
        return self._deletions

    def by_external(self, source: str, reference: str) -> _Known | None:
        """The case a partner's (source, reference) names, or None."""
        case_ref = self.externals.get(_external_key(source, reference))
        return self.by_reference(case_ref) if case_ref else None

    @staticmethod
    def score(values: Mapping[str, Any], known: _Known) -> int:
        """How alike (0–100, rapidfuzz's token sort ratio) the row's names and the case's
        are at best; 0 when either side has no name."""
        mine = _names(values)
        if not mine or not known.names:
            return 0
        return int(max(fuzz.token_sort_ratio(a, b) for a in mine for b in known.names))


# Cases read at once around a reference looked up (KnownCases._read_near).
NEAR = 256
_ID_BY_REFERENCE = select(Case.id).where(Case.reference == bindparam("reference"))
_ID_BY_SPELLINGS = select(Case.id).where(
    Case.reference.in_(bindparam("spellings", expanding=True)))
_CASES_FROM = (
    select(Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
           Case.name_latin, Case.name_native, Case.date_of_birth, Case.merged_into_id,
           Case.updated_at)
    .where(Case.id >= bindparam("low"), Case.id < bindparam("high"))
)
_ALIASES_FROM = (
    select(Alias.case_id, Alias.spelling)
    .where(Alias.case_id >= bindparam("low"), Alias.case_id < bindparam("high"))
)


def _external_key(source: str, reference: str) -> str:
    return f"{source.casefold()}\x1f{reference.casefold()}"


# At most this many earlier rows are named for one row (the first ones): a list with a
# thousand rows of one name and no dates of birth would otherwise name a thousand.
MAX_FILE_MATCHES = 10

# row, name, birth, native name, patronymic's skeleton ("" when not given)
_Entry = tuple[int, str, PartialDate | None, str, str]


class FileIndex:
    """The rows of the file read so far, to find the same person twice in one file.

    Two rows are the same person when their names reduce to the same sorted skeleton
    (Tursunov Alisher / Турсунов Алишер / Alisher Tursunow), their dates of birth agree
    as far as both are known, and their patronymics, where both give one, name one father
    in any script and spelling (`fathers_alike`, as `duplicates` reads them: different
    patronymics are different people: Akhmetov Bauyrzhan
    Nursultanovich is not Akhmetov Bauyrzhan Erzhanovich). Exact keys, then the year of birth, keep it linear on
    100,000-row lists, even when many rows share one name (it was quadratic: 2,000 rows
    of one name took 10 s).
    """

    def __init__(self) -> None:
        # name key -> year of birth (None: unknown) -> entries in row order
        self.rows: dict[str, dict[int | None, list[_Entry]]] = {}

    @staticmethod
    def keys(values: Mapping[str, Any]) -> set[str]:
        """The row's name keys (sorted skeleton words of each spelling)."""
        return {" ".join(sorted(n.split())) for n in _names(values)}

    def find(self, values: Mapping[str, Any], keys: set[str]) -> list[DuplicateMatch]:
        """Earlier rows that may be this row's person (`keys` from `keys()`), first first;
        at most MAX_FILE_MATCHES of them."""
        birth: PartialDate | None = values.get("date_of_birth")
        patronymic = _patronymic_key(values)
        runs: list[list[_Entry]] = []
        for key in keys:
            years = self.rows.get(key)
            if years:
                runs += (list(years.values()) if birth is None
                         else [years.get(birth.year, []), years.get(None, [])])
        # Each run is in row order: merged lazily, the first compatible rows come first
        # and the walk stops there.
        found: dict[int, DuplicateMatch] = {}
        for row, name, other, native, theirs in heapq.merge(*runs, key=lambda e: e[0]):
            if len(found) == MAX_FILE_MATCHES:
                break
            if patronymic and theirs and not fathers_alike(patronymic, theirs):
                continue  # another father: another person, as `duplicates` reads it
            if row not in found and _compatible(birth, other):
                found[row] = DuplicateMatch("", name, other.iso() if other else "", 100,
                                            row=row, native=native)
        return list(found.values())

    def add(self, row: int, values: Mapping[str, Any], keys: set[str]) -> None:
        birth: PartialDate | None = values.get("date_of_birth")
        entry = (row, display_name_of(values), birth, str(values.get("name_native") or ""),
                 _patronymic_key(values))
        year = birth.year if birth is not None else None
        for key in keys:
            self.rows.setdefault(key, {}).setdefault(year, []).append(entry)


def _patronymic_key(values: Mapping[str, Any]) -> str:
    """The patronymic's key as the duplicate finder reads it (casemanager.domain.names:
    the same in any script and spelling, particles as -ovich), "" when none; two rows'
    patronymics are compared by `fathers_alike`, as `duplicates` compares cases'."""
    return (name_keys(str(values.get("patronymic") or "")) or [""])[0]


def _compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    if a is None or b is None:
        return True
    x, y = a.iso(), b.iso()
    return x.startswith(y) or y.startswith(x)


def duplicate_finder(session: Session, step: Callable[[], None] = lambda: None
                     ) -> tuple[KnownCases, DuplicateFinder]:
    """The importer's reference look-up and its duplicate matcher (the cross-script one).
    The matcher calls `step()` often while it reads the database (the caller's progress
    and Cancel checkpoint)."""
    from casemanager.services.duplicates import LikelyDuplicates

    index = KnownCases(session)
    # Made at the first row that asks: the search and the candidates read then are
    # kept for the rows after it (each row searched the database anew: 0.29 s a row
    # at 100,000 demo cases).
    matcher: list[LikelyDuplicates] = []

    def find(values: Mapping[str, Any]) -> list[DuplicateMatch]:
        if index.empty:  # an empty database holds nobody to be a duplicate of
            return []
        if not matcher:
            matcher.append(LikelyDuplicates(session, min_score=IMPORT_MIN_SCORE,
                                           step=step))
        return _named(session, matcher[0](values))

    return index, find


def _cross_script(session: Session, values: Mapping[str, Any]) -> list[DuplicateMatch]:
    from casemanager.services.duplicates import likely_duplicates_for

    # Lower than the duplicate finder's default: a matching name alone (no date of birth
    # in the file) is worth the caseworker's look before a second file is opened for him.
    return _named(session, likely_duplicates_for(session, values, min_score=IMPORT_MIN_SCORE))


def _named(session: Session, matches: list[Any]) -> list[DuplicateMatch]:
    """The matches (services.duplicates.DuplicateMatch) with their cases' references,
    names and dates of birth."""
    found = []
    for match in matches:
        case = session.get(Case, match.case_id)
        if case is None:
            continue
        found.append(DuplicateMatch(
            case.reference,
            display_name(case.family_name, case.given_name, case.patronymic,
                         latin=case.name_latin, native=case.name_native),
            case.date_of_birth.iso() if case.date_of_birth else "", round(match.score * 100),
            native=case.name_native or "",
        ))
    return found


def likely_duplicates(db: Database, row: Mapping[str, Any]) -> list[DuplicateMatch]:
    """Cases that may be the person of `row` (converted values), best first."""
    with db.session() as session:
        return _cross_script(session, row)
