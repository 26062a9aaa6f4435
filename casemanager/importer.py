"""Case lists in: all rows or none, with a report of every problem and likely duplicate.

`import_file(db, path)` reads a CSV or XLSX list twice: first every row is validated
(with the services' field specs) and matched against the database, keeping only the
problems; only when no row is rejected, and every likely duplicate has a choice, does a
second pass write the cases, in ONE transaction with one audit entry for the import
(plus one per case). A Cancel, an error or a changed file rolls everything back.

Rules (README "Importing lists"):
- A row whose reference exists updates that case, provided the names agree; a reference
  the database does not hold creates the case under that reference; no reference gets
  the next free one.
- An update changes only the columns whose cells are filled: an empty cell never erases.
- A row without a known reference that looks like an existing case is a likely
  duplicate: skip it, update that case (names stay ours, the row's spelling becomes an
  alias) or add it as a new case.
- `updated_at` of a new case is kept as given (the list's date); updates stamp now.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casemanager.db import Database
from casemanager.errors import CaseManagerError, ValidationError
from casemanager.import_columns import check_mapping, convert_cell, guess_mapping
from casemanager.import_duplicates import DuplicateMatch, duplicate_finder, likely_duplicates
from casemanager.import_files import FileRejected, Table, open_table
from casemanager.progress import Progress, no_progress

__all__ = [
    "DUPLICATE_CHOICES", "Duplicate", "DuplicateMatch", "FileRejected", "ImportReport", "Preview", "Problem",
    "import_file", "likely_duplicates", "preview",
]

DUPLICATE_CHOICES = ("skip", "update", "add")
NAME_FIELDS = ("family_name", "given_name", "name_native")
_PROGRESS_EVERY = 500
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

    def line(self) -> str:
        found = "; ".join(
            f"{m.reference} {m.name}" + (f" ({m.date_of_birth})" if m.date_of_birth else "")
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


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0  # of the updated: nothing new in the row (known after writing)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def undecided(self) -> list[Duplicate]:
        return [d for d in self.duplicates if not d.choice]

    def summary(self) -> str:
        if self.problems:
            return (
                f"{self.file}: {self.rejected_rows} of {self.rows} rows rejected "
                f"({len(self.problems)} problems); nothing was imported"
            )
        if self.undecided and not self.dry_run:
            return (
                f"{self.file}: {len(self.undecided)} rows look like cases already in the "
                "database; choose skip, update or add for them (--on-duplicate); "
                "nothing was imported"
            )
        verb = "imported" if self.written else "would import (dry run, nothing written)"
        waiting = (
            f", {len(self.undecided)} likely duplicates awaiting a choice (--on-duplicate)"
            if self.undecided else ""
        )
        same = f" ({self.unchanged} of them unchanged)" if self.unchanged else ""
        return (
            f"{self.file}: {verb} {self.rows} rows: {self.created} new cases, "
            f"{self.updated} updated{same}, {self.skipped} skipped{waiting}"
        )

    def lines(self) -> list[str]:
        return [p.line() for p in self.problems] + [d.line() for d in self.duplicates]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "rows": self.rows, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
            "written": self.written,
            "dry_run": self.dry_run, "mapping": self.mapping,
            "problems": [{"row": p.row, "column": p.column, "reason": p.reason}
                         for p in self.problems],
            "duplicates": [
                {"row": d.row, "name": d.name, "date_of_birth": d.date_of_birth,
                 "choice": d.choice,
                 "matches": [{"reference": m.reference, "name": m.name,
                              "date_of_birth": m.date_of_birth, "score": m.score}
                             for m in d.matches]}
                for d in self.duplicates
            ],
        }


def preview(path: str | Path, *, rows: int = 20) -> Preview:
    """The file's columns, the guessed mapping and its first rows (raises FileRejected)."""
    table = open_table(path)
    first: list[tuple[int, tuple[str, ...]]] = []
    it = table.rows()
    for number, cells in it:
        if any(c.strip() for c in cells):
            first.append((number, tuple(cells)))
        if len(first) >= rows:
            break
    it.close()
    return Preview(table.path, table.kind, table.encoding, table.delimiter, table.headers,
                   tuple(guess_mapping(table.headers)), tuple(first))


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    action: str  # create / update / skip / ask (a duplicate awaiting a choice)
    target: str = ""  # reference of the case updated
    duplicate: bool = False


def convert_row(cells: Sequence[str], mapping: Sequence[str | None], number: int,
                problems: list[Problem]) -> dict[str, Any]:
    """The row's filled cells as service values; problems appended, one per bad cell."""
    values: dict[str, Any] = {}
    for index, column in enumerate(mapping):
        if column is None or index >= len(cells):
            continue
        raw = cells[index]
        if not raw.strip():
            continue
        try:
            value = convert_cell(column, raw)
        except ValidationError as exc:
            problems.append(Problem(number, column, exc.reason))
            continue
        if value not in ("", None, []):
            values[column] = value
    return values


def _plan(table: Table, mapping: Sequence[str | None], session, report: ImportReport,
          on_duplicate: str, decisions: Mapping[int, str], progress: Progress
          ) -> Iterator[_Row]:
    """Validate and match every row, yielding what will be done with each."""
    index, find = duplicate_finder(session)
    seen_refs: dict[str, int] = {}
    for count, (number, cells) in enumerate(table.rows(), 1):
        if count % _PROGRESS_EVERY == 0:
            progress(count, None, f"Checking row {number:,}…")
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        problems: list[Problem] = []
        values = convert_row(cells, mapping, number, problems)
        ref = values.get("reference", "")
        known = index.by_reference(ref) if ref else None
        if ref in seen_refs:
            problems.append(Problem(number, "reference",
                                    f"{ref} is also on row {seen_refs[ref]}"))
        elif ref:
            seen_refs[ref] = number
        if known is None and not any(values.get(n) for n in NAME_FIELDS):
            problems.append(Problem(
                number, "family_name", "a new case needs a family name, given name or native name"
            ))
        if known is not None and any(values.get(n) for n in NAME_FIELDS):
            if index.score(values, known) < _SAME_PERSON:
                problems.append(Problem(
                    number, "reference",
                    f"{ref} is {known.display} in this database, not this person; "
                    "clear the reference to add the row as a new case",
                ))
        if problems:
            report.problems.extend(problems)
            continue
        if known is not None:
            yield _Row(number, values, "update", target=ref)
            continue
        matches = find(values)
        if not matches:
            yield _Row(number, values, "create")
            continue
        choice = decisions.get(number) or (on_duplicate if on_duplicate != "ask" else "")
        name = " ".join(str(values.get(k, "")) for k in ("family_name", "given_name")).strip()
        birth = values.get("date_of_birth")
        report.duplicates.append(Duplicate(
            number, name or values.get("name_native", ""), birth.iso() if birth else "",
            tuple(matches), choice,
        ))
        if choice == "skip":
            yield _Row(number, values, "skip", duplicate=True)
        elif choice == "update":
            yield _Row(number, values, "update", target=matches[0].reference, duplicate=True)
        elif choice == "add":
            yield _Row(number, values, "create", duplicate=True)
        else:
            yield _Row(number, values, "ask", duplicate=True)  # counted nowhere yet


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
) -> ImportReport:
    """Check, and unless `dry_run` or anything is wrong, import a case list.

    `mapping` gives the interchange column (or None) of each source column (default:
    guessed from the headers); `on_duplicate` is `ask` (stop and report), `skip`,
    `update` or `add`; `decisions` overrides it per row number.
    """
    from casemanager.import_write import Writer

    if on_duplicate not in ("ask", *DUPLICATE_CHOICES):
        raise ValidationError("on_duplicate", f"'{on_duplicate}' is not ask, skip, update or add")
    decisions = dict(decisions or {})
    for row, choice in decisions.items():
        if choice not in DUPLICATE_CHOICES:
            raise ValidationError("on_duplicate", f"row {row}: '{choice}' is not skip, update or add")
    table = open_table(path)
    columns = list(mapping) if mapping is not None else guess_mapping(table.headers)
    columns += [None] * (len(table.headers) - len(columns))
    check_mapping(table.headers, columns)
    report = ImportReport(file=table.path.name, dry_run=dry_run, mapping={
        h: c for h, c in zip(table.headers, columns, strict=False) if c
    })
    progress(0, None, "Checking the list…")
    planned = highest = 0
    with db.session() as session:
        for row in _plan(table, columns, session, report, on_duplicate, decisions, progress):
            planned += 1
            _count(report, row)
            ref = row.values.get("reference", "")
            if row.action == "create" and ref:
                highest = max(highest, int(ref[3:]))
    if report.problems or report.undecided or dry_run:
        return report
    # Second pass: the same rows again, written in one transaction.
    totals = (report.created, report.updated, report.skipped)
    report.created = report.updated = report.skipped = 0
    check = ImportReport(file=report.file)
    with Writer(db, table.path.name, actor, reserve=highest) as writer:
        with db.session() as session:
            rows = _plan(table, columns, session, check, on_duplicate, decisions, no_progress)
            for done, row in enumerate(rows, 1):
                if done % _PROGRESS_EVERY == 0:
                    progress(done, planned, f"Importing… {done:,} of {planned:,}")
                writer.write(row)
                _count(report, row)
        if check.problems or check.undecided or not table.unchanged() or totals != (
            report.created, report.updated, report.skipped
        ):
            raise CaseManagerError(
                f"{report.file} or the database changed while importing; nothing was "
                "imported, try again"
            )
        writer.finish(report)
    report.written = True
    progress(planned, planned, "Imported")
    return report


def _count(report: ImportReport, row: _Row) -> None:
    if row.action == "create":
        report.created += 1
    elif row.action == "update":
        report.updated += 1
    elif row.action == "skip":
        report.skipped += 1

