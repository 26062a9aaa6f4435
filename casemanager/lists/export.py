"""Case lists out: CSV and XLSX in the interchange columns, streamed.

Both formats write every value as text, exactly as `interchange.iter_rows` gives it
(partial dates as recorded, lists joined with `;`). Rows are read a chunk at a time
and written straight to the file, so memory stays flat however many cases there are.

Spreadsheet formula injection (OWASP, "CSV Injection"): a cell that begins with `=`,
`+`, `-`, `@`, a tab or a carriage return may be run as a formula by Excel or
LibreOffice. Such a cell is written with a leading apostrophe, which spreadsheets show
as text. To keep the rule reversible, a value that already begins with apostrophes
followed by one of those characters gets one more apostrophe; the import removes
exactly one (see `guard_formula` / `unguard_formula`).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.domain.messages import msg
from casemanager.domain.progress import Progress, no_progress
from casemanager.services.access import record_reads
from casemanager.services.interchange import COLUMNS
from casemanager.store.database import Database
from casemanager.system.safe_files import check_output, publish, temp_beside

FORMATS = ("csv", "xlsx")
# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"^'*[=+\-@\t\r]")
_UNGUARD = re.compile(r"^'+[=+\-@\t\r]")

# Column widths in the XLSX, in characters: wide enough for typical values without
# measuring every row (which streaming cannot do).
_WIDTHS = {
    "reference": 10,
    "status": 15,
    "priority": 9,
    "family_name": 18,
    "given_name": 14,
    "patronymic": 18,
    "name_native": 34,
    "aliases": 34,
    "sex": 8,
    "date_of_birth": 12,
    "place_of_birth": 18,
    "citizenships": 11,
    "home_region": 18,
    "recruitment": 12,
    "affiliation": 26,
    "unit": 22,
    "rank": 12,
    "capture_date": 12,
    "capture_place": 20,
    "detention_place": 26,
    "health": 40,
    "assigned_to": 14,
    "tags": 24,
    "updated_at": 19,
    "external_references": 30,
}
_PROGRESS_EVERY = 500
UNDISCLOSED_TEXT = "location not disclosed"  # as interchange.iter_rows writes it


def interchange_rows(db: Database, ids: Sequence[int], *, chunk: int = 2000
                     ) -> Iterator[dict[str, str]]:
    """The same rows as `interchange.iter_rows`, read with plain column queries.

    Loading ORM objects costs most of an export's time; these queries give the same
    values (tests compare the two) several times faster, a chunk at a time.
    """
    from sqlalchemy import select

    from casemanager.store.models import (
        Alias,
        Case,
        CaseTag,
        Citizenship,
        CustodyPeriod,
        ExternalReference,
    )

    plain = [c for c in COLUMNS if c not in ("aliases", "citizenships", "tags",
                                             "detention_place", "external_references")]
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        with db.session() as session:
            base = {
                r[0]: r[1:] for r in session.execute(
                    select(Case.id, *(getattr(Case, c) for c in plain)).where(Case.id.in_(part))
                )
            }
            lists: dict[str, dict[int, list[str]]] = {}
            for name, stmt in (
                ("aliases", select(Alias.case_id, Alias.spelling)
                 .where(Alias.case_id.in_(part)).order_by(Alias.case_id, Alias.position)),
                ("citizenships", select(Citizenship.case_id, Citizenship.country)
                 .where(Citizenship.case_id.in_(part))
                 .order_by(Citizenship.case_id, Citizenship.position)),
                ("tags", select(CaseTag.case_id, CaseTag.tag)
                 .where(CaseTag.case_id.in_(part)).order_by(CaseTag.case_id, CaseTag.tag)),
                ("external_references",
                 select(ExternalReference.case_id,
                        ExternalReference.source + ": " + ExternalReference.reference)
                 .where(ExternalReference.case_id.in_(part))
                 .order_by(ExternalReference.case_id, ExternalReference.id)),
            ):
                found: dict[int, list[str]] = {}
                for case_id, value in session.execute(stmt):
                    found.setdefault(case_id, []).append(value)
                lists[name] = found
            places: dict[int, str] = {}
            for case_id, facility, disclosed in session.execute(
                select(CustodyPeriod.case_id, CustodyPeriod.facility, CustodyPeriod.disclosed)
                .where(CustodyPeriod.case_id.in_(part))
                .order_by(CustodyPeriod.case_id, CustodyPeriod.id)
            ):
                places[case_id] = facility if disclosed else UNDISCLOSED_TEXT  # last one wins
        for case_id in part:
            values = base.get(case_id)
            if values is None:
                continue  # deleted meanwhile
            row = {c: as_text(v) for c, v in zip(plain, values, strict=True)}
            for name, found in lists.items():
                row[name] = ";".join(found.get(case_id, ()))
            row["detention_place"] = places.get(case_id, "")
            yield {c: row[c] for c in COLUMNS}


def guard_formula(text: str) -> str:
    """The text as written to a cell: an apostrophe in front of anything formula-like."""
    return "'" + text if _GUARDED.match(text) else text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula`: drop one apostrophe in front of a formula-like value."""
    return text[1:] if _UNGUARD.match(text) else text


def parse_columns(text: str | None) -> tuple[str, ...]:
    """`a,b,c` -> the chosen interchange columns, in the order given."""
    if not text:
        return COLUMNS
    chosen: list[str] = []
    for name in (part.strip().lower() for part in text.split(",")):
        if not name:
            continue
        if name not in COLUMNS:
            raise ValidationError("columns", msg("'{column}' is not an interchange column",
                                                 column=name))
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise ValidationError("columns", msg("no columns chosen"))
    return tuple(chosen)


def format_for(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file name says, else CSV."""
    if fmt:
        if fmt not in FORMATS:
            raise ValidationError("format", msg("'{format}' is not one of: {formats}",
                                                format=fmt, formats=", ".join(FORMATS)))
        return fmt
    return "xlsx" if path.suffix.lower() == ".xlsx" else "csv"


def export_cases(
    db: Database,
    ids: Sequence[int],
    path: str | os.PathLike,
    *,
    fmt: str | None = None,
    columns: Sequence[str] = COLUMNS,
    progress: Progress = no_progress,
) -> int:
    """Write the cases `ids` (in that order) to `path`; returns how many were written.

    The file appears only when complete: rows go to a temporary file beside it, which
    replaces `path` at the end, so a failure or Cancel leaves no half-written list.
    """
    target = Path(path)
    kind = format_for(target, fmt)
    columns = tuple(columns)
    for name in columns:
        if name not in COLUMNS:
            raise ValidationError("columns", msg("'{column}' is not an interchange column",
                                                 column=name))
    target = check_output(target, what="export file")
    total = len(ids)
    progress(0, total, msg("Exporting cases…"))
    tmp = temp_beside(target, f".{kind}")  # private (0600), as the list will be
    try:
        exported: list[str] = []
        rows = _counted(_noting(interchange_rows(db, ids), exported), total, progress)
        if kind == "csv":
            written = _write_csv(tmp, rows, columns)
        else:
            written = _write_xlsx(tmp, rows, columns, total)
        # Reading counts: one audit entry per case listed, before the file appears (on a
        # server, a role that may not export is refused here and no file is left).
        record_reads(db, "export", exported, detail={"file": target.name, "format": kind})
        publish(tmp, target, sync=True)
    except OSError as exc:
        raise CaseManagerError(msg("cannot write {path}: {reason}", path=str(target),
                                   reason=str(exc.strerror or exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
    progress(total, total, msg("Exported {count} cases", count=written))
    return written


def _noting(rows: Iterable[dict[str, str]], references: list[str]
            ) -> Iterator[dict[str, str]]:
    for row in rows:
        references.append(row["reference"])
        yield row


def _counted(rows: Iterable[dict[str, str]], total: int, progress: Progress
             ) -> Iterator[dict[str, str]]:
    # Progress is also the Cancel point: the GUI raises Cancelled from it.
    for n, row in enumerate(rows, 1):
        if n % _PROGRESS_EVERY == 0:
            progress(n, total, msg("Exporting cases… {done} of {total}", done=f"{n:,}",
                                   total=f"{total:,}"))
        yield row


def _write_csv(path: Path, rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> int:
    # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 (Cyrillic intact);
    # the csv module's default dialect is RFC 4180 (quotes doubled, CRLF line ends).
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([guard_formula(row[c]) for c in columns])
            count += 1
    return count


def _write_xlsx(
    path: Path, rows: Iterable[dict[str, str]], columns: tuple[str, ...], total: int
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # write_only streams rows to a temporary file instead of keeping a sheet in memory.
    wb = Workbook(write_only=True)
    # The file names its maker, never the user or the machine (lists go to partners).
    wb.properties.creator = "Case Manager"
    wb.properties.title = "Case list"
    ws = wb.create_sheet("Cases")
    for i, name in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(_WIDTHS[name], len(name) + 2)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{total + 1}"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        # Every value is a str, so openpyxl stores text: partial dates stay as recorded.
        ws.append([guard_formula(row[c]) for c in columns])
        count += 1
    wb.save(path)
    return count
