"""Case lists in: all rows or none, with a report of every problem and likely duplicate.

`import_file(db, path)` reads a CSV or XLSX list twice: first every row is validated
(with the services' field specs) and matched against the database, keeping only the
problems; only when no row is rejected, and every likely duplicate has a choice, does a
second pass write the cases, in ONE transaction with one audit entry for the import
(plus one per case). A Cancel, an error or a changed file rolls everything back.

Rules (README "Importing lists"):
- A row whose reference exists updates that case, provided the names agree (a name
  spelt otherwise is updated and the old spelling kept as an alias, with a warning); a
  case is updated by one row of the file. A reference of ours the database does not hold
  creates the case under that reference (a note says so); no reference gets the next
  free one. Our references are numbers however written (CM-141 = cm-00141 = CM-0141);
  one that begins like ours but is not (CM-14a) is refused, never taken for a partner's.
- An update changes only the columns whose cells are filled: an empty cell never erases.
- A row without a known reference that looks like an existing case is a likely
  duplicate: skip it, update that case (names stay ours, the row's spelling becomes an
  alias) or add it as a new case.
- `updated_at` of a new case is kept as given (the list's date); updates stamp now.
- A `reference` that is not one of ours (`ACC-001`, `ICRC 123456`) is the partner's: it
  is kept as an external reference with its source (`source=`, else the file's name),
  and a later list from the same source updates the case through it.
- A row with more or fewer cells than the header is refused (an unquoted comma would
  shift every cell after it); so is a later row that may be the same person as an
  earlier one, until the caseworker chooses (skip, update that row's case, or add).
- Warnings do not stop the import but are reported by row and column: text that a
  spreadsheet would run as a formula, a formula's saved value, mojibake repaired, a
  number that may have lost its leading zeros. Notes say what was decided for the whole
  file (encoding, header row, merged cells, columns read together, transliteration).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.domain.messages import Items, message_of, msg
from casemanager.domain.names import display_name_of
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.plausibility import date_warnings
from casemanager.domain.progress import Progress, no_progress
from casemanager.domain.transliteration import STANDARD, has_cyrillic, to_latin
from casemanager.lists.columns import (
    JOINED,
    NAME_PARTS,
    NOTES,
    check_mapping,
    convert_cell,
    guess_mapping,
    looks_like_formula,
    mapping_notes,
    parse_external,
    repair_mojibake,
    resolve_scripts,
)
from casemanager.lists.columns import unknown_to_notes as _unknown_to_notes
from casemanager.lists.export import unguard_formula
from casemanager.lists.likely_duplicates import (
    DuplicateMatch,
    FileIndex,
    duplicate_finder,
    likely_duplicates,
)
from casemanager.lists.older_rows import (
    OLDER_ROW_CHOICES,
    OlderRow,
    kept_fields,
    newer_here,
    older_than_case,
)
from casemanager.lists.reading import CellNote, FileRejected, Table, open_table
from casemanager.services.access import require
from casemanager.services.cases import REFERENCE_PATTERN, normalise_reference
from casemanager.store.database import Database
from casemanager.store.unit_of_work import merged_error

__all__ = [
    "DUPLICATE_CHOICES", "Duplicate", "DuplicateMatch", "FileRejected", "ImportReport", "Preview", "Problem",
    "import_file", "likely_duplicates", "preview",
]

DUPLICATE_CHOICES = ("skip", "update", "add")
NAME_FIELDS = ("family_name", "given_name", "name_native")
_PROGRESS_EVERY = 500
# ... or sooner, when rows are slow (each may be matched against the database): a
# check of 3,000 likely duplicates said nothing for 12 s at a time, and Cancel waited.
_PROGRESS_SECONDS = 0.25
_MEMO_SIZE = 20_000
# Below this name score a row's reference is taken to belong to someone else.
_SAME_PERSON = 60


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str

    def line(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class Duplicate:
    row: int
    name: str
    date_of_birth: str
    matches: tuple[DuplicateMatch, ...]
    choice: str = ""  # skip / update / add; empty: not chosen yet
    native: str = ""  # the row's name in its own script, when given

    def line(self) -> str:
        found = "; ".join(
            f"{m.label} {m.name}" + (f" ({m.date_of_birth})" if m.date_of_birth else "")
            + f", {m.score}%"
            for m in self.matches
        )
        birth = f" ({self.date_of_birth})" if self.date_of_birth else ""
        choice = f" -> {self.choice}" if self.choice else ""
        return f"row {self.row}: {self.name}{birth} may be {found}{choice}"


@dataclass(frozen=True)
class Preview:
    """What the wizard shows before importing: the columns as read and the first rows."""

    path: Path
    kind: str
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    mapping: tuple[str | None, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_row: int = 1
    notes: tuple[str, ...] = ()  # decisions about the file and its columns


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0  # rows that change the case they match
    skipped: int = 0
    unchanged: int = 0  # rows that match a case and repeat what it holds (not in `updated`)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    # Not reasons to refuse, but the caseworker should look: same shape as problems.
    warnings: list[Problem] = field(default_factory=list)
    # Decisions about the whole file (encoding, header row, columns read together…).
    notes: list[str] = field(default_factory=list)
    source: str = ""  # whose references the file's non-CM references are
    import_id: int | None = None  # `list --import ID` once written
    # Rows older than changes made here to fields they would change (older_rows.py).
    older: list[OlderRow] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def undecided(self) -> list[Duplicate]:
        return [d for d in self.duplicates if not d.choice]

    def summary(self) -> str:
        if self.problems:
            # Counts in words ("1 row", "2 rows"), each a message of its own.
            return msg("{file}: {rejected} of {rows} rejected ({problems}); nothing "
                       "was imported", file=self.file, rejected=self.rejected_rows,
                       rows=_rows(self.rows), problems=_problems(len(self.problems)))
        if self.undecided and not self.dry_run:
            count = len(self.undecided)
            rows = msg("1 row looks") if count == 1 else msg("{count} rows look", count=count)
            # The same person twice in the file (f07) is not a case of the database.
            earlier = [bool(m.row) for d in self.undecided for m in d.matches]
            if earlier and all(earlier):
                return msg("{file}: {rows} like earlier rows of this file; choose skip, "
                           "update or add for them (--on-duplicate); nothing was imported",
                           file=self.file, rows=rows)
            if any(earlier):
                return msg("{file}: {rows} like cases already in the database or earlier "
                           "rows of this file; choose skip, update or add for them "
                           "(--on-duplicate); nothing was imported", file=self.file,
                           rows=rows)
            return msg("{file}: {rows} like cases already in the database; "
                       "choose skip, update or add for them (--on-duplicate); "
                       "nothing was imported", file=self.file, rows=rows)
        verb = msg("imported") if self.written else msg(
            "would import (dry run, nothing written)")
        if self.written and self.import_id is not None:
            verb = msg("imported (import {id})", id=self.import_id)
        waiting = ""
        if len(self.undecided) == 1:
            waiting = msg(", 1 likely duplicate awaiting a choice (--on-duplicate)")
        elif self.undecided:
            waiting = msg(", {count} likely duplicates awaiting a choice (--on-duplicate)",
                          count=len(self.undecided))
        created = msg("1 new case") if self.created == 1 else msg(
            "{count} new cases", count=self.created)
        text = msg("{file}: {verb} {rows}: {created}, {updated} updated, {unchanged} "
                   "unchanged, {skipped} skipped{waiting}", file=self.file, verb=verb,
                   rows=_rows(self.rows), created=created, updated=self.updated,
                   unchanged=self.unchanged, skipped=self.skipped, waiting=waiting)
        older = self.older_text()
        return f"{text}; {older}" if older else text

    def older_text(self) -> str:
        """What was done with rows older than their case ("" when there were none):
        how many, the fields and the first cases."""
        if not self.older:
            return ""
        count = len(self.older)
        refs = ", ".join(o.reference for o in self.older[:5]) + (", …" if count > 5 else "")
        fields = ", ".join(kept_fields(self.older))
        taken = all(o.taken for o in self.older)
        if count == 1:
            rows = msg("1 row is older than its case")
        else:
            rows = msg("{count} rows are older than their case", count=count)
        if taken:
            return msg("{rows} (changed here after the list was written): took the list's "
                       "older values of {fields} ({references})", rows=rows, fields=fields,
                       references=refs)
        return msg("{rows} (changed here after the list was written): kept our newer "
                   "values of {fields} ({references})", rows=rows, fields=fields,
                   references=refs)

    def lines(self) -> list[str]:
        """One line per problem and per likely duplicate (the refusal report)."""
        return [p.line() for p in self.problems] + [d.line() for d in self.duplicates]

    def details(self) -> list[str]:
        """One line per warning (`warning: row N, column: reason`) and note (`note: …`)."""
        return ([f"warning: {w.line()}" for w in self.warnings]
                + [f"note: {n}" for n in self.notes])

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "rows": self.rows, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
            "written": self.written, "import_id": self.import_id, "source": self.source,
            "dry_run": self.dry_run, "mapping": self.mapping, "notes": self.notes,
            "older_rows": [o.as_json() for o in self.older],
            "warnings": [{"row": w.row, "column": w.column, "reason": w.reason}
                         for w in self.warnings],
            "problems": [{"row": p.row, "column": p.column, "reason": p.reason}
                         for p in self.problems],
            "duplicates": [
                {"row": d.row, "name": d.name, "date_of_birth": d.date_of_birth,
                 "choice": d.choice,
                 "matches": [{"reference": m.reference, "row": m.row, "name": m.name,
                              "date_of_birth": m.date_of_birth, "score": m.score}
                             for m in d.matches]}
                for d in self.duplicates
            ],
        }


def _rows(count: int) -> str:
    return msg("1 row") if count == 1 else msg("{count} rows", count=count)


def _problems(count: int) -> str:
    return msg("1 problem") if count == 1 else msg("{count} problems", count=count)


def preview(path: str | Path, *, rows: int = 20) -> Preview:
    """The file's columns, the guessed mapping and its first rows (raises FileRejected)."""
    table = open_table(path)
    first: list[tuple[int, tuple[str, ...]]] = []
    it = table.rows()
    for number, cells, _notes in it:
        if any(c.strip() for c in cells):
            first.append((number, tuple(cells)))
        if len(first) >= rows:
            break
    it.close()
    mapping = resolve_scripts(table.headers, guess_mapping(table.headers),
                              [cells for _n, cells in first])
    return Preview(table.path, table.kind, table.encoding, table.delimiter, table.headers,
                   tuple(mapping), tuple(first), table.header_row,
                   tuple(table.notes + mapping_notes(table.headers, mapping)))


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    action: str  # create / update / skip / ask (a duplicate awaiting a choice)
    target: str = ""  # reference of the case updated
    duplicate: bool = False
    target_row: int = 0  # update the case of this earlier row of the file
    external: list[tuple[str, str]] = field(default_factory=list)  # (source, their ref)
    # An update by reference that spells a name otherwise: the case's spellings, kept
    # as aliases.
    keep: list[str] = field(default_factory=list)


@dataclass
class _Columns:
    """How the file's columns are read: each interchange column with its source
    columns (several for a joined column), and the header of each source column."""

    plan: list[tuple[str, list[int]]]
    headers: tuple[str, ...]
    width: int  # cells up to the last named header
    source: str  # default source of the partner's references
    explicit_source: bool
    transliterated: list[int] = field(default_factory=list)  # rows (for the note)
    has_native: bool = False  # the file has a native-script name column
    default_source_used: bool = False  # a partner's reference got the file's name as source
    # (column, cell text) -> converted value or the ValidationError's reason: lists
    # repeat their statuses, countries, regions, units and dates on every row.
    memo: dict[tuple[str, str], tuple[bool, Any]] = field(default_factory=dict)
    # The columns read from one cell by the plain path of `convert_row`: (column, cell
    # index, {cell text: what the row gets}). A cell text is there once it proved
    # plain: no warning, no problem, nothing repaired; `_SKIP` for an empty cell, else
    # (value, copy): the value, and whether each row gets its own list of it.
    # Other columns (joined, references, notes) have None for it. In `plan` order: the
    # row's values, problems and warnings come in the order they always came.
    steps: list[tuple[str, list[int], dict[str, Any] | None]] = field(default_factory=list)
    # (date of birth, capture date) -> date_warnings of the two: a list repeats them.
    plausible: dict[tuple[Any, Any], list[Any]] = field(default_factory=dict)
    # Rows older than their case: the list's values taken over our newer ones
    # (`--older-rows take-theirs`); by default ours are kept.
    take_theirs: bool = False

    def remember(self, column: str, raw: str) -> tuple[bool, Any]:
        """(True, `convert_cell(column, raw)`) or (False, the ValidationError's reason),
        remembered under `memo[(column, raw)]`; a list is kept as a tuple."""
        try:
            value = convert_cell(column, raw)
        except ValidationError as exc:
            known: tuple[bool, Any] = (False, exc.reason)
        else:
            known = (True, tuple(value) if isinstance(value, list) else value)
        if len(self.memo) >= _MEMO_SIZE:
            self.memo.clear()  # memory stays flat on lists of unique values
        self.memo[(column, raw)] = known
        return known

    @classmethod
    def build(cls, headers: Sequence[str], mapping: Sequence[str | None], source: str,
              explicit: bool) -> _Columns:
        plan: dict[str, list[int]] = {}
        for index, column in enumerate(mapping):
            if column is not None:
                plan.setdefault(column, []).append(index)
        named = [i for i, h in enumerate(headers) if h.strip()]
        cols = cls(list(plan.items()), tuple(headers), (named[-1] + 1) if named else 0,
                   source, explicit, has_native="name_native" in plan)
        cols.steps = [(column, indices, {"": _SKIP} if len(indices) == 1 and column
                       not in _BY_HAND and column != NOTES else None)
                      for column, indices in cols.plan]
        return cols


def _cell_problem(notes: Sequence[CellNote], cols: _Columns, number: int,
                  problems: list[Problem], warnings: list[Problem],
                  mapped: dict[int, str]) -> None:
    for note in notes:
        column = mapped.get(note.column) or (
            cols.headers[note.column] if note.column < len(cols.headers) else "")
        if note.kind == "number":
            if column in ("reference", "external_references"):
                warnings.append(Problem(number, column, msg(
                    "a number in the workbook: if the reference had leading zeros, Excel "
                    "removed them")))
            continue
        target = problems if note.refuse else warnings
        if note.refuse or column:
            target.append(Problem(number, column or "cell", note.reason))


def convert_row(cells: Sequence[str], mapping: Sequence[str | None] | _Columns, number: int,
                problems: list[Problem], warnings: list[Problem] | None = None
                ) -> dict[str, Any]:
    """The row's filled cells as service values; problems appended, one per bad cell.

    `warnings` gets what is imported but should be looked at (text that looks like a
    formula, mojibake repaired). The partner's references come back under "_external"
    as [(source, reference)].
    """
    cols = mapping if isinstance(mapping, _Columns) else _Columns.build(
        [""] * len(mapping), mapping, "", False)
    warnings = warnings if warnings is not None else []
    values: dict[str, Any] = {}
    external: list[tuple[str, str]] = []
    count = len(cells)
    memo = cols.memo
    # The plain path: most cells of a list are texts seen on an earlier row (statuses,
    # countries, dates, names of a small community) that gave no warning: their value
    # is looked up, without the checks of the first time.
    for column, indices, seen in cols.steps:
        if seen is not None:
            index = indices[0]
            if index >= count:
                continue
            raw = cells[index]
            known = seen.get(raw)
            if known is None:
                if len(seen) >= _MEMO_SIZE:
                    seen.clear()  # memory stays flat on lists of unique values
                    seen[""] = _SKIP
                _first_time(raw, column, index, cols, number, values, problems, warnings,
                            seen)
            elif known is not _SKIP:
                value, copy = known
                values[column] = list(value) if copy else value
            continue
        if len(indices) == 1:  # a reference or notes column, read from one cell
            index = indices[0]
            if index >= count:
                continue
            raw = cells[index]
            if not raw or raw.isspace():
                continue
            # Most cells are plain: only odd ones pay for the checks.
            if not raw.isascii() or raw[0] in _FORMULA_FIRST or column == NOTES:
                odd = _odd_cell(raw, column, cols.headers[index] if index < len(cols.headers)
                                else "", number, problems, warnings)
                if odd is None:
                    continue
                raw = odd
        else:
            parts = []
            for index in indices:
                if index >= count:
                    continue
                raw = cells[index]
                if not raw or raw.isspace():
                    continue
                if not raw.isascii() or raw[0] in _FORMULA_FIRST or column == NOTES:
                    odd = _odd_cell(raw, column, cols.headers[index]
                                    if index < len(cols.headers) else "", number, problems,
                                    warnings)
                    if odd is None:
                        continue
                    raw = odd
                parts.append(raw)
            if not parts:
                continue
            raw = JOINED.get(column, " ").join(parts) if len(parts) > 1 else parts[0]
        if column in _BY_HAND:
            _by_hand(column, raw, cols, number, values, external, problems, warnings)
            continue
        known = memo.get((column, raw)) or cols.remember(column, raw)
        ok, value = known
        if not ok:
            problems.append(Problem(number, column, value))
            continue
        kind = value.__class__
        if kind is str:
            if value:
                values[column] = value
        elif kind is PartialDate:
            if "/" in raw:
                _ambiguous_day(raw, value, column, number, warnings)
            values[column] = value
        elif kind is tuple:
            if value:
                values[column] = list(value)
        elif value not in ("", None, []):
            values[column] = value
    _latin_names(values, cols, number)
    if external:
        values["_external"] = external
    return values


_BY_HAND = frozenset({"reference", "external_references"})
_SKIP = object()  # an empty cell, or one whose value the row does not keep


def _first_time(raw: str, column: str, index: int, cols: _Columns, number: int,
                values: dict[str, Any], problems: list[Problem], warnings: list[Problem],
                seen: dict[str, Any]) -> None:
    """A one-cell column's text not met before on the plain path: read as
    `convert_row` always read it, and remembered in `seen` when it proved plain (it
    gave no problem or warning and was not repaired)."""
    plain = True
    text = raw
    if not raw or raw.isspace():
        seen[raw] = _SKIP
        return
    if not raw.isascii() or raw[0] in _FORMULA_FIRST:
        before = len(problems), len(warnings)
        odd = _odd_cell(raw, column, cols.headers[index] if index < len(cols.headers)
                        else "", number, problems, warnings)
        if odd is None:
            return
        plain = (len(problems), len(warnings)) == before and odd == raw
        text = odd
    known = cols.memo.get((column, text)) or cols.remember(column, text)
    ok, value = known
    if not ok:
        problems.append(Problem(number, column, value))
        return
    kind = value.__class__
    entry: Any = _SKIP
    if kind is str:
        if value:
            entry = (value, False)
    elif kind is PartialDate:
        if "/" in text:
            before_dates = len(warnings)
            _ambiguous_day(text, value, column, number, warnings)
            plain = plain and len(warnings) == before_dates
        entry = (value, False)
    elif kind is tuple:
        if value:
            entry = (value, True)
    elif value not in ("", None, []):
        entry = (value, False)
    if entry is not _SKIP:
        values[column] = list(entry[0]) if entry[1] else entry[0]
    if plain:
        seen[raw] = entry


def _by_hand(column: str, raw: str, cols: _Columns, number: int, values: dict[str, Any],
             external: list[tuple[str, str]], problems: list[Problem],
             warnings: list[Problem]) -> None:
    """A cell of the reference columns, read apart from the others: our reference, or
    the partner's."""
    try:
        if column == "reference":
            ref = _our_reference(raw, cols.explicit_source)
            typed = unguard_formula(raw).strip()
            if ref:
                values["reference"] = ref
                # Said for bare digits too: 141 may be a partner's number.
                if typed.upper() != ref:
                    warnings.append(Problem(number, column, msg(
                        "'{text}' read as our {reference}", text=_clip(typed),
                        reference=ref)))
            else:
                external.append((cols.source, " ".join(typed.split())))
                cols.default_source_used = True
        else:  # external_references
            external += parse_external(unguard_formula(raw), cols.source)
            # Items without "SOURCE:" get the file's source (parse_external).
            cols.default_source_used |= any(
                ":" not in item for item in unguard_formula(raw).split(";")
                if item.strip())
    except ValidationError as exc:
        problems.append(Problem(number, column, exc.reason))


_FORMULA_FIRST = frozenset("=+-@")
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


def _ambiguous_day(raw: str, value: PartialDate, column: str, number: int,
                   warnings: list[Problem]) -> None:
    """A slashed date that reads as a day either way round ("03/12/1990": 3 December, day
    first, or 12 March, month first, as American files write it) is imported day first
    and said, never silently: the file's country decides, and the list cannot tell."""
    found = _SLASHED.fullmatch(raw)
    if found is None:
        return
    first, second = int(found.group(1)), int(found.group(2))
    if first == second or first > 12 or second > 12:
        return
    other = PartialDate(value.year, first, second)
    warnings.append(Problem(number, column, msg(
        "'{text}' read day first, as {read}; if the file writes the month first it is "
        "{other}: check the file", text=raw.strip(), read=value.iso(), other=other.iso())))


def _odd_cell(raw: str, column: str, header: str, number: int, problems: list[Problem],
              warnings: list[Problem]) -> str | None:
    """A cell beyond plain ASCII text: mojibake repaired (or refused: None), formula-like
    text warned about, a notes cell labelled with its header."""
    if not raw.isascii():
        try:
            fixed, how = _repaired(raw)
        except ValidationError as exc:
            problems.append(Problem(number, column, exc.reason))
            return None
        if fixed:
            warnings.append(Problem(number, column, msg("'{text}' {how}: read as '{fixed}'",
                                                        text=raw[:40], how=how,
                                                        fixed=fixed[:40])))
            raw = fixed
    if looks_like_formula(raw):
        warnings.append(Problem(number, column, msg(
            "'{text}' looks like a spreadsheet formula; imported as text, as written",
            text=raw[:40])))
    if column == NOTES:
        raw = f"{header}: {unguard_formula(raw).strip()}"
    return raw


@functools.lru_cache(maxsize=1 << 14)
def _repaired(raw: str) -> tuple[str, str]:
    """`repair_mojibake(raw)`, remembered: native-script names and places repeat."""
    return repair_mojibake(raw)


def _our_reference(raw: str, explicit_source: bool) -> str:
    """Our reference (CM-0042) in a reference cell, or '' for a partner's.

    Bare digits (`42`) have always meant CM-0042; a file whose source is named is the
    partner's, whose numbers are theirs.
    """
    text = unguard_formula(raw).strip()
    if explicit_source and text.isdigit():
        return ""
    ref = normalise_reference(text)
    if REFERENCE_PATTERN.match(ref) and ref != "CM-0000":
        return ref
    if _LIKE_OURS.match(ref):
        # Never a partner's reference by mistake (it would be stored as theirs for good).
        raise ValidationError("reference", msg(
            "'{text}' begins like our references but is not one (CM- and digits, as "
            "CM-0001); correct it, or clear it to add the row as a new case",
            text=_clip(text)))
    return ""


_LIKE_OURS = re.compile(r"CM(?:-|\s*[0-9])")


def _latin_names(values: dict[str, Any], cols: _Columns, number: int) -> None:
    # Cyrillic in the Latin name columns of a list without a native-name column (a
    # Russian list's `Фамилия`, `Имя`): the native-script name keeps it, the Latin
    # fields get the passport spelling. A list that has a native-name column (ours,
    # exported) says where each spelling goes: taken as written, so it round-trips.
    if cols.has_native:
        return
    cyrillic = [k for k in NAME_PARTS if has_cyrillic(str(values.get(k, "")))]
    if not cyrillic:
        return
    if not values.get("name_native"):
        values["name_native"] = " ".join(
            str(values[k]) for k in NAME_PARTS if values.get(k))
    for k in cyrillic:
        values[k] = to_latin(values[k])
    cols.transliterated.append(number)


def _date_warnings(values: dict[str, Any], cols: _Columns) -> list[Any]:
    """`date_warnings(values)`, once per pair of dates (lists repeat them); the row's
    values are the columns of a list, which has no last proof of life."""
    if "last_proof_of_life" in values:
        return date_warnings(values)
    dates = (values.get("date_of_birth"), values.get("capture_date"))
    found = cols.plausible.get(dates)
    if found is None:
        found = date_warnings(values)
        if len(cols.plausible) >= _MEMO_SIZE:
            cols.plausible.clear()
        cols.plausible[dates] = found
    return found


def _plan(table: Table, cols: _Columns, session: Session, report: ImportReport,
          on_duplicate: str, decisions: Mapping[int, str], progress: Progress,
          writing: bool = False) -> Iterator[_Row]:
    """Validate and match every row, yielding what will be done with each."""
    said = time.monotonic()
    count = 0

    def within_row() -> None:
        # A row whose check reads much of the database (the first rows that look for
        # likely duplicates) says how far it is as the rows do, so Cancel is answered.
        nonlocal said
        if time.monotonic() - said >= _PROGRESS_SECONDS:
            said = time.monotonic()
            progress(count, None, msg("Importing row {row}…", row=f"{number:,}") if writing
                     else msg("Checking row {row}…", row=f"{number:,}"))

    index, find = duplicate_finder(session, step=within_row)
    in_file = FileIndex()
    seen_refs: dict[str, int] = {}
    seen_external: dict[tuple[str, str], int] = {}
    # case reference -> the row that updates it: one row per case.
    seen_targets: dict[str, int] = {}
    not_held: list[tuple[str, int]] = []  # our references the database does not hold
    mapped = {i: column for column, indices in cols.plan for i in indices}
    # Cells beyond the header are refused when filled; of the others only those under
    # columns that no field reads need a look.
    unmapped = [i for i in range(len(cols.headers)) if i not in mapped]
    unread: dict[str, int] = {}  # columns with values that no field takes: said, not dropped
    number = 0
    for count, (number, cells, notes) in enumerate(table.rows(), 1):
        if count % _PROGRESS_EVERY == 0 or time.monotonic() - said >= _PROGRESS_SECONDS:
            said = time.monotonic()
            row_text = f"{number:,}"
            progress(count, None, msg("Importing row {row}…", row=row_text) if writing
                     else msg("Checking row {row}…", row=row_text))
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        problems: list[Problem] = []
        width = len(cells)
        if (table.kind == "csv" and width < cols.width) or (
            width > len(cols.headers) and any(c.strip() for c in cells[len(cols.headers):])
        ):
            # An unquoted comma shifts every later cell: refuse rather than guess.
            report.problems.append(Problem(
                number, "cells", msg("the row has {width} cells but the header has {header} "
                                     "(an unquoted comma or semicolon in a value?)",
                                     width=width, header=len(cols.headers))))
            continue
        if notes:
            _cell_problem(notes, cols, number, problems, report.warnings, mapped)
        for i in unmapped:
            if i >= width:
                break
            cell = cells[i]
            if not cell.strip():
                continue
            heading = cols.headers[i]
            if not heading.strip():
                # No heading says what it is: refuse rather than drop it.
                problems.append(Problem(number, _column_letter(i), msg(
                    "a value under a column with no heading ('{value}'); give the column "
                    "a heading", value=_clip(cell))))
            else:
                unread.setdefault(heading, number)
        values = convert_row(cells, cols, number, problems, report.warnings)
        # Possible but unlikely dates (a child, a capture in the future): imported, and
        # said in the report by row and column.
        for warning in _date_warnings(values, cols):
            report.warnings.append(Problem(number, warning.field, warning.reason))
        external = values.pop("_external", [])
        for _source, their in external:
            if ";" in their:  # lists join references with ";": it would split on the way back
                problems.append(Problem(number, "reference", msg(
                    "'{value}' contains ';', which separates references in lists",
                    value=_clip(their))))
        ref = values.get("reference", "")
        known = index.by_reference(ref) if ref else None
        if ref in seen_refs:
            problems.append(Problem(number, "reference",
                                    msg("{reference} is also on row {row}", reference=ref,
                                        row=seen_refs[ref])))
        elif ref:
            seen_refs[ref] = number
        once: list[tuple[str, str]] = []
        for source, their in external:
            key = (source.casefold(), their.casefold())
            if key in seen_external:
                if seen_external[key] != number:  # twice on one row is once
                    problems.append(Problem(number, "reference", msg(
                        "{source}: {reference} is also on row {row}", source=source,
                        reference=their, row=seen_external[key])))
                continue
            seen_external[key] = number
            once.append((source, their))
            theirs = index.by_external(source, their)
            if theirs is None:
                gone = index.deleted_external(source, their)
                if gone is not None and known is None:
                    problems.append(Problem(number, "reference", msg(
                        "{source}: {reference} was our case {case}, deleted here; not taken "
                        "in as a new person: clear the reference to add the row as a new case",
                        source=source, reference=their, case=gone)))
                continue
            if known is not None and theirs.reference != known.reference:
                problems.append(Problem(number, "reference", msg(
                    "{source}: {reference} is {theirs} here, not {ours}; correct one of "
                    "the two references so that both name the same case",
                    source=source, reference=their, theirs=theirs.reference,
                    ours=known.reference)))
                continue
            if known is None and ref:
                problems.append(Problem(number, "reference", msg(
                    "{source}: {reference} is {theirs} here, but the row gives {ours}, "
                    "which this database does not hold; correct or clear {ours}",
                    source=source, reference=their, theirs=theirs.reference, ours=ref)))
                continue
            known = theirs
            ref = ref or f"{source}: {their}"
        external = once
        if known is None and not any(values.get(n) for n in NAME_FIELDS):
            problems.append(Problem(
                number, "family_name",
                msg("a new case needs a family name, given name or native name")))
        if known is not None and any(values.get(n) for n in NAME_FIELDS):
            if index.score(values, known) < _SAME_PERSON:
                problems.append(Problem(
                    number, "reference",
                    msg("{reference} is {name} in this database, not this person; "
                        "clear the reference to add the row as a new case",
                        reference=ref, name=known.display),
                ))
        beyond = index.beyond(values["reference"]) if known is None and values.get(
            "reference") else None
        if beyond is not None:
            problems.append(Problem(number, "reference", msg(
                "{reference} is beyond the case numbers given here (the next new case gets "
                "{next}): correct it, or clear it to add the row as a new case",
                reference=values["reference"], next=beyond)))
        elif known is None and values.get("reference") and index.deleted(values["reference"]):
            problems.append(Problem(number, "reference", msg(
                "{reference} was a case deleted here; its reference is not given to anyone "
                "else: clear the reference to add the row as a new case",
                reference=values["reference"])))
        if known is not None and known.reference in seen_targets:
            problems.append(Problem(number, "reference", msg(
                "{reference} names {case}, which row {row} already updates; a case is "
                "updated by one row of a list: join the two rows or remove one",
                reference=ref, case=known.reference, row=seen_targets[known.reference])))
        if known is not None and known.merged_into_id is not None:
            # A case merged into another is kept only so that the merge can be undone:
            # the row is refused, not moved onto the kept case, which the merge made out
            # of both (the row's values may be what the merge settled otherwise); the
            # caseworker corrects the reference to the kept case, or undoes the merge.
            refusal = merged_error(session, known.case_id, known.reference,
                                   known.merged_into_id)
            problems.append(Problem(number, "reference", message_of(refusal) or str(refusal)))
        if problems:
            report.problems.extend(problems)
            continue
        if known is not None:
            seen_targets[known.reference] = number
            stamp = values.get("updated_at")
            if stamp is not None and known.id and older_than_case(stamp, known.updated_at):
                _older_row(session, report, cols, number, known.id, known.reference,
                           values, stamp)
            keep = []
            for column, old, new in known.renamed(values):
                keep.append(old)
                report.warnings.append(Problem(number, column, msg(
                    "{case} was {old}, the row spells it {new}: the name is updated and "
                    "{old} kept as another spelling (alias)", case=known.reference,
                    old=old, new=new)))
            latin = known.stale_latin(values) if keep else None
            if latin is not None:
                report.warnings.append(Problem(number, "name_latin", msg(
                    "{case}'s whole Latin name {old} is respelt {new} with it",
                    case=known.reference, old=known.name_latin, new=latin)))
                values["name_latin"] = latin
            yield _Row(number, values, "update", target=known.reference, external=external,
                       keep=keep)
            continue
        if values.get("reference"):
            not_held.append((values["reference"], number))
        # Rows under our own references are distinct cases by definition (our export).
        keys = set() if ref else in_file.keys(values)
        earlier = in_file.find(values, keys) if keys else []
        # The database is asked too: an earlier row of the file may be someone else of
        # the same name, and the case of ours this row is must still be shown.
        ours = find(values)
        matches = earlier + ours
        if not earlier and keys:
            in_file.add(number, values, keys)
        if not matches:
            yield _Row(number, values, "create", external=external)
            continue
        choice = decisions.get(number) or (on_duplicate if on_duplicate != "ask" else "")
        birth = values.get("date_of_birth")
        report.duplicates.append(Duplicate(
            number, display_name_of(values), birth.iso() if birth else "",
            tuple(matches), choice, native=str(values.get("name_native") or ""),
        ))
        if choice == "skip":
            yield _Row(number, values, "skip", duplicate=True)
        elif choice == "update" and earlier:
            # The earlier row updates a case of ours: this one would update it again.
            through = next((case for case, row in seen_targets.items()
                            if row == earlier[0].row), None)
            others = [m.reference for m in ours if m.reference != through]
            if others:  # the earlier row's person, or another case of ours: not told
                report.problems.append(Problem(number, "reference", msg(
                    "may be the person of row {row} of this list or {references}: to "
                    "update one of those cases, give its reference in the row; or choose "
                    "add or skip for this row", row=earlier[0].row,
                    references=Items(others))))
            elif through is not None:
                report.problems.append(Problem(number, "reference", msg(
                    "{case}, which this row would update, is already updated by row {row}; "
                    "a case is updated by one row of a list: join the two rows or choose "
                    "add or skip for this one", case=through, row=earlier[0].row)))
            else:
                yield _Row(number, values, "update", duplicate=True,
                           target_row=earlier[0].row, external=external)
        elif choice == "update":
            best = [m for m in matches if m.score == matches[0].score]
            target = matches[0].reference
            if len(best) > 1:
                report.problems.append(Problem(number, "reference", msg(
                    "may be any of {references} ({score}%): to update one, give its "
                    "reference in the row; or choose add or skip for this row",
                    references=Items(m.reference for m in best), score=best[0].score)))
            elif target in seen_targets:
                report.problems.append(Problem(number, "reference", msg(
                    "{case}, which this row would update, is already updated by row {row}; "
                    "a case is updated by one row of a list: join the two rows or choose "
                    "add or skip for this one", case=target, row=seen_targets[target])))
            else:
                seen_targets[target] = number
                yield _Row(number, values, "update", target=target, duplicate=True,
                           external=external)
        elif choice == "add":
            if earlier:
                in_file.add(number, values, keys)
            yield _Row(number, values, "create", duplicate=True, external=external)
        else:
            yield _Row(number, values, "ask", duplicate=True)  # counted nowhere yet
    if not_held:
        first = Items(msg("{reference} (row {row})", reference=r, row=n)
                      for r, n in not_held[:3])
        report.notes.append(msg(
            "references of ours that this database does not hold ({first}{more}): added "
            "as new cases under those references", first=first,
            more=msg(" and {count} more", count=len(not_held) - 3) if len(not_held) > 3
            else ""))
    if unread:
        report.notes.append(msg(
            "not imported, as no field of a case takes them: {columns}; keep them in each "
            "case's notes with --unknown-to-notes (the wizard offers it)",
            columns=Items(msg("'{heading}' (first value on row {row})", heading=h, row=n)
                          for h, n in unread.items())))


def _older_row(session: Session, report: ImportReport, cols: _Columns, number: int,
               case_id: int, reference: str, values: dict[str, Any],
               stamp: dt.datetime) -> None:
    """A row older than its case: each field it would change that was changed here
    after the row's time keeps our value (dropped from `values`), unless the list's
    values are taken (`cols.take_theirs`); either way the report says which, by row
    and field."""
    fields = newer_here(session.connection(), case_id, reference, values, stamp)
    if not fields:
        return
    taken = cols.take_theirs
    report.older.append(OlderRow(number, reference, stamp, fields, taken))
    when = as_text(stamp)
    for kept in fields:
        if not taken:
            del values[kept.field]
            reason = msg("{case}'s {field} was changed here on {changed}, after this row "
                         "was written ({when}): our newer value '{ours}' kept, the row's "
                         "'{theirs}' not taken",
                         case=reference, field=kept.field, changed=as_text(kept.changed),
                         when=when, ours=_clip(kept.ours), theirs=_clip(kept.theirs))
        else:
            reason = msg("{case}'s {field} was changed here on {changed}, after this row "
                         "was written ({when}): the row's older '{theirs}' taken over our "
                         "'{ours}' (--older-rows take-theirs)",
                         case=reference, field=kept.field, changed=as_text(kept.changed),
                         when=when, ours=_clip(kept.ours), theirs=_clip(kept.theirs))
        report.warnings.append(Problem(number, kept.field, reason))


def _column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> 'A', 27 -> 'AB')."""
    from openpyxl.utils import get_column_letter

    return f"column {get_column_letter(index + 1)}"


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def import_file(
    db: Database,
    path: str | Path,
    *,
    mapping: Sequence[str | None] | None = None,
    dry_run: bool = False,
    on_duplicate: str = "ask",
    decisions: Mapping[int, str] | None = None,
    actor: str | None = None,
    progress: Progress = no_progress,
    source: str = "",
    unknown_to_notes: bool = False,
    older_rows: str = "keep-ours",
) -> ImportReport:
    """Check, and unless `dry_run` or anything is wrong, import a case list.

    `mapping` gives the interchange column (or None) of each source column (default:
    guessed from the headers; a column may appear twice where `JOINED` allows);
    `on_duplicate` is `ask` (stop and report), `skip`, `update` or `add`; `decisions`
    overrides it per row number (row numbers as a spreadsheet shows them). `source`
    names the partner whose references the file holds (default: the file's name, and
    the report says so). `unknown_to_notes` keeps the columns the guessed mapping does
    not read in each case's notes. `older_rows`: what a row whose `updated_at` is
    older than a change made here to a field it would change does with that field:
    `keep-ours` (default) or `take-theirs`; the report lists them either way
    (`report.older`, a warning per field). Raises FileRejected for a file that cannot be read,
    ValidationError for an unusable mapping; row problems are in the report.
    """
    from casemanager.lists.import_write import Writer

    if on_duplicate not in ("ask", *DUPLICATE_CHOICES):
        raise ValidationError("on_duplicate", msg("'{choice}' is not ask, skip, update or add",
                                                  choice=on_duplicate))
    if older_rows not in OLDER_ROW_CHOICES:
        raise ValidationError("older_rows", msg("'{choice}' is not keep-ours or take-theirs",
                                                choice=older_rows))
    decisions = dict(decisions or {})
    for row_number, choice in decisions.items():
        if choice not in DUPLICATE_CHOICES:
            raise ValidationError("on_duplicate", msg(
                "row {row}: '{choice}' is not skip, update or add", row=row_number,
                choice=choice))
    require(db, "import")
    table = open_table(path)
    columns = list(mapping) if mapping is not None else resolve_scripts(
        table.headers, guess_mapping(table.headers), _sample(table))
    if unknown_to_notes:
        columns = _unknown_to_notes(table.headers, columns)
    columns += [None] * (len(table.headers) - len(columns))
    check_mapping(table.headers, columns)
    source = " ".join((source or "").split())
    if len(source) > 200:
        raise ValidationError("source", msg("at most 200 characters"))
    if ";" in source or ": " in source:
        # Lists write "SOURCE: REF; SOURCE: REF": these would split on the way back in.
        raise ValidationError("source", msg("'{source}' may not contain ';' or ': ' "
                                            "(they separate references in lists)",
                                            source=source))
    stem = table.path.stem.replace(";", " ").replace(": ", " ")
    cols = _Columns.build(table.headers, columns, source or stem, bool(source))
    cols.take_theirs = older_rows == "take-theirs"
    report = ImportReport(file=table.path.name, dry_run=dry_run, mapping={
        h: c for h, c in zip(table.headers, columns, strict=False) if c
    }, source=cols.source)
    report.notes += table.notes + mapping_notes(table.headers, columns)
    progress(0, None, msg("Checking the list…"))
    if dry_run:
        from casemanager.lists.import_write import unchanged_updates

        with db.session() as session:
            # Updates of cases the database holds: whether each would change anything
            # is read in batches, as plain rows, on the plan's own session (one
            # connection, as the dry run always had).
            updates: list[_Row] = []
            for row in _plan(table, cols, session, report, on_duplicate, decisions, progress):
                _count(report, row)
                if row.action == "update" and row.target and not row.target_row:
                    updates.append(row)
                    if len(updates) >= 500:
                        report.unchanged += unchanged_updates(session, updates)
                        updates = []
            if updates:
                report.unchanged += unchanged_updates(session, updates)
        report.updated -= report.unchanged
        _file_notes(report, cols)
        return report
    # One pass: each row is checked and, while every row so far is fine, written, all
    # in one transaction. A rejected row or a likely duplicate awaiting a choice stops
    # the writing (the rest is still checked, for the report) and nothing is committed.
    with Writer(db, table.path.name, actor, reserve=lambda: _highest_reference(table, cols),
                source=cols.source) as writer:
        writing = True
        with db.session() as session:
            rows = _plan(table, cols, session, report, on_duplicate, decisions, progress,
                         writing=True)
            for row in rows:
                _count(report, row)
                if row.action == "ask" or report.problems:
                    writing = False
                if writing:
                    writer.write(row)
        _file_notes(report, cols)
        if report.problems or report.undecided:
            return report  # rolled back: nothing imported
        if not table.unchanged():
            raise CaseManagerError(msg(
                "{file} changed while importing; nothing was imported, try again",
                file=report.file))
        writer.finish(report)
    report.written = True
    progress(report.rows, report.rows, msg("Imported"))
    return report


def _highest_reference(table: Table, cols: _Columns) -> int:
    """The highest of our reference numbers the file keeps (new cases get references
    above it): read from its reference column alone, when the first row without one is
    written."""
    indices = [i for column, found in cols.plan if column == "reference" for i in found]
    highest = 0
    if not indices:
        return highest
    for _number, cells, _notes in table.rows():
        for index in indices:
            raw = cells[index] if index < len(cells) else ""
            if not raw or raw.isspace():
                continue
            if not raw.isascii():  # as convert_row reads it: mojibake repaired
                try:
                    raw = repair_mojibake(raw)[0] or raw
                except ValidationError:
                    continue
            try:
                ref = _our_reference(raw, cols.explicit_source)
            except ValidationError:
                continue  # refused with the row
            if ref:
                highest = max(highest, int(ref[3:]))
    return highest


def _sample(table: Table, rows: int = 20) -> list[list[str]]:
    """The first non-empty rows, to tell columns apart by their values."""
    out: list[list[str]] = []
    it = table.rows()
    for _number, cells, _notes in it:
        if any(c.strip() for c in cells):
            out.append(cells)
        if len(out) >= rows:
            break
    it.close()
    return out


def _file_notes(report: ImportReport, cols: _Columns) -> None:
    if cols.default_source_used and not cols.explicit_source:
        report.notes.append(msg(
            "references that are not ours (not like CM-0001) are kept as the partner's, "
            "with the file's name '{source}' as their source (name it with --source)",
            source=cols.source))
    rows = cols.transliterated
    if len(rows) == 1:
        report.notes.append(msg(
            "Cyrillic in the Latin name columns on row {row}: kept as the native-script "
            "name, the Latin names transliterated by {standard} (the passport standard)",
            row=rows[0], standard=STANDARD))
    elif rows:
        first = ", ".join(str(r) for r in rows[:3]) + (", …" if len(rows) > 3 else "")
        report.notes.append(msg(
            "Cyrillic in the Latin name columns on {count} rows ({first}): kept as the "
            "native-script name, the Latin names transliterated by {standard} "
            "(the passport standard)", count=len(rows), first=first, standard=STANDARD))


def _count(report: ImportReport, row: _Row) -> None:
    if row.action == "create":
        report.created += 1
    elif row.action == "update":
        report.updated += 1
    elif row.action == "skip":
        report.skipped += 1

