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
from typing import Any

from sqlalchemy import select

from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.domain.messages import msg
from casemanager.domain.partialdate import PartialDate, PartialDateType
from casemanager.domain.progress import Progress, no_progress
from casemanager.services.access import record_reads, require
from casemanager.services.interchange import COLUMNS
from casemanager.store.database import Database
from casemanager.store.models import Case
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
    for _case_id, _reference, values in _case_values(db, ids, chunk=chunk):
        yield dict(zip(COLUMNS, values, strict=True))


_PLAIN = [c for c in COLUMNS if c not in ("aliases", "citizenships", "tags",
                                          "detention_place", "external_references")]
# A row is built as the plain columns' texts followed by these; _ORDER puts it in
# COLUMNS order.
_BUILT = [*_PLAIN, "aliases", "citizenships", "tags", "external_references",
          "detention_place"]
_ORDER = [_BUILT.index(c) for c in COLUMNS]
_REFERENCE = _BUILT.index("reference")


def _case_values(db: Database, ids: Sequence[int], *, chunk: int = 2000
                 ) -> Iterator[tuple[int, str, list[str]]]:
    """(id, reference, the values of COLUMNS as text) of each case of `ids` still there."""
    from sqlalchemy import DateTime, String, bindparam, select, type_coerce

    from casemanager.store.models import (
        Alias,
        Case,
        CaseTag,
        Citizenship,
        CustodyPeriod,
        ExternalReference,
    )

    # Partial dates are read as their stored text and written as `as_text` of their
    # value, once per distinct text (a list has far fewer dates than cases).
    dates: dict[str, str] = {}
    pdates = {c for c in _PLAIN if isinstance(getattr(Case, c).type, PartialDateType)}
    # Times too: SQLite keeps them as text that begins with as_text's
    # "YYYY-MM-DD HH:MM:SS" (a datetime made of each cost a tenth of the export); a
    # server gives datetimes, written by as_text.
    times = {c for c in _PLAIN if isinstance(getattr(Case, c).type, DateTime)}
    columns = [type_coerce(getattr(Case, c), String) if c in pdates or c in times
               else getattr(Case, c) for c in _PLAIN]
    date_at = [i for i, c in enumerate(_PLAIN) if c in pdates]
    time_at = [i for i, c in enumerate(_PLAIN) if c in times]
    statements: dict[str, Any] = {}  # compiled for the driver (SQLite)
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        low, high = min(part, default=0), max(part, default=0)
        with db.session() as session:
            conn = session.connection()
            ranged = high - low < 2 * len(part)
            # SQLite gives the rows to the driver's own cursor: plain tuples, without
            # SQLAlchemy's row objects (a tenth of the export). The columns read have
            # no result processing that matters here (texts; `disclosed` is 0 or 1).
            driver = conn.connection.driver_connection if (
                ranged and conn.dialect.name == "sqlite") else None

            def among(column: Any) -> Any:
                # Most exports are whole lists in id order: a range reads the same rows
                # as the IN list without 2,000 bound values; extra rows are ignored.
                if driver is not None:  # noqa: B023 - used within this chunk
                    return column.between(bindparam("low"), bindparam("high"))
                if ranged:  # noqa: B023
                    return column.between(low, high)  # noqa: B023
                return column.in_(part)  # noqa: B023

            def rows(name: str, stmt: Any) -> Sequence[Any]:
                if driver is None:  # noqa: B023 - used within this chunk
                    return conn.execute(stmt).all()  # noqa: B023
                compiled = statements.get(name)
                if compiled is None:  # the same statement for every chunk: compiled once
                    compiled = statements[name] = stmt.compile(dialect=conn.dialect)  # noqa: B023
                bound = compiled.construct_params({"low": low, "high": high})  # noqa: B023
                return driver.execute(compiled.string, tuple(  # noqa: B023
                    bound[key] for key in compiled.positiontup or ())).fetchall()

            base = {r[0]: r[1:] for r in rows(
                "cases", select(Case.id, *columns).where(among(Case.id)))}
            found_lists: list[dict[int, str]] = []
            for name, stmt in zip(("aliases", "citizenships", "tags", "external"), (
                select(Alias.case_id, Alias.spelling)
                .where(among(Alias.case_id)).order_by(Alias.case_id, Alias.position),
                select(Citizenship.case_id, Citizenship.country)
                .where(among(Citizenship.case_id))
                .order_by(Citizenship.case_id, Citizenship.position),
                select(CaseTag.case_id, CaseTag.tag)
                .where(among(CaseTag.case_id)).order_by(CaseTag.case_id, CaseTag.tag),
                select(ExternalReference.case_id,
                       ExternalReference.source + ": " + ExternalReference.reference)
                .where(among(ExternalReference.case_id))
                .order_by(ExternalReference.case_id, ExternalReference.id),
            ), strict=True):
                found: dict[int, list[str]] = {}
                for case_id, value in rows(name, stmt):
                    found.setdefault(case_id, []).append(value)
                found_lists.append({k: ";".join(v) for k, v in found.items()})
            places: dict[int, str] = {}
            for case_id, facility, disclosed in rows(
                "custody", select(CustodyPeriod.case_id, CustodyPeriod.facility, CustodyPeriod.disclosed)
                .where(among(CustodyPeriod.case_id))
                .order_by(CustodyPeriod.case_id, CustodyPeriod.id)
            ):
                places[case_id] = facility if disclosed else UNDISCLOSED_TEXT  # last one wins
        aliases, citizenships, tags, external = found_lists
        for case_id in part:
            values = base.get(case_id)
            if values is None:
                continue  # deleted meanwhile
            texts = [v if v.__class__ is str else "" if v is None else as_text(v)
                     for v in values]
            for i in time_at:
                stored = values[i]
                if stored.__class__ is str:
                    texts[i] = stored[:19]
            for i in date_at:
                stored = values[i]
                if stored is not None:
                    text = dates.get(stored)
                    if text is None:
                        text = dates[stored] = as_text(PartialDate.parse(stored))
                    texts[i] = text
            texts += (aliases.get(case_id, ""), citizenships.get(case_id, ""),
                      tags.get(case_id, ""), external.get(case_id, ""),
                      places.get(case_id, ""))
            yield case_id, texts[_REFERENCE], [texts[i] for i in _ORDER]


def guard_formula(text: str) -> str:
    """The text as written to a cell: an apostrophe in front of anything formula-like."""
    # Most cells begin with a letter or digit: only the others need the expression.
    if not text or text[0] not in _MAY_GUARD:
        return text
    return "'" + text if _GUARDED.match(text) else text


_MAY_GUARD = frozenset("'=+-@\t\r")
_MAY_GUARD_ROW = re.compile("\x00['=+\\-@\t\r]")


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


def merged_away_ids(db: Database) -> set[int]:
    """The ids of cases merged into another: kept closed only so that a merge can be
    undone, never listed for a partner (the person is the kept case)."""
    with db.session() as session:
        return set(session.scalars(select(Case.id).where(Case.merged_into_id.is_not(None))))


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

    Cases merged into another (`merged_away_ids`) are left out: the same person would
    go to a partner twice, and our own list read back in would be refused on their rows
    (tester 2). The file appears only when complete: rows go to a temporary file beside it, which
    replaces `path` at the end, so a failure or Cancel leaves no half-written list.
    """
    require(db, "export")
    target = Path(path)
    kind = format_for(target, fmt)
    columns = tuple(columns)
    for name in columns:
        if name not in COLUMNS:
            raise ValidationError("columns", msg("'{column}' is not an interchange column",
                                                 column=name))
    target = check_output(target, what="export file")
    merged = merged_away_ids(db)
    if merged:
        ids = [i for i in ids if i not in merged]
    total = len(ids)
    progress(0, total, msg("Exporting cases…"))
    tmp = temp_beside(target, f".{kind}")  # private (0600), as the list will be
    try:
        exported: list[str] = []
        exported_ids: list[int] = []
        picked = [COLUMNS.index(c) for c in columns]
        rows = _noting(_case_values(db, ids), exported, exported_ids, picked, total,
                       progress)
        if kind == "csv":
            _write_csv(tmp, rows, columns)
            written = len(exported)  # every row _noting gave
        else:
            written = _write_xlsx(tmp, rows, columns, total)
        # Reading counts: one audit entry per case listed, before the file appears (on a
        # server, a role that may not export is refused here and no file is left).
        record_reads(db, "export", exported, detail={"file": target.name, "format": kind},
                     ids=exported_ids)
        publish(tmp, target, sync=True)
    except OSError as exc:
        raise CaseManagerError(msg("cannot write {path}: {reason}", path=str(target),
                                   reason=str(exc.strerror or exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
    progress(total, total, msg("Exported {count} cases", count=written))
    return written


def _noting(rows: Iterable[tuple[int, str, list[str]]], references: list[str],
            ids: list[int], picked: list[int], total: int, progress: Progress
            ) -> Iterator[list[str]]:
    """Each row's chosen cells as written (formula-like text guarded); its case's
    reference and id noted for the audit log; progress said every few hundred rows
    (also the Cancel point: the GUI raises Cancelled from it)."""
    guard = guard_formula
    everything = picked == list(range(len(COLUMNS)))
    for case_id, reference, values in rows:
        references.append(reference)
        ids.append(case_id)
        if len(ids) % _PROGRESS_EVERY == 0:
            # Counts as numbers: the window groups them as its language does.
            done = len(ids)
            progress(done, total, msg("Exporting cases… {done} of {total}", done=done,
                                      total=total))
        chosen = values if everything else [values[i] for i in picked]
        # One search over the row finds whether any cell may need the guard.
        if _MAY_GUARD_ROW.search("\x00" + "\x00".join(chosen)):
            chosen = [guard(v) for v in chosen]
        yield chosen


def _write_csv(path: Path, rows: Iterable[list[str]], columns: tuple[str, ...]) -> None:
    # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 (Cyrillic intact);
    # the csv module's default dialect is RFC 4180 (quotes doubled, CRLF line ends).
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)


def _write_xlsx(
    path: Path, rows: Iterable[list[str]], columns: tuple[str, ...], total: int
) -> int:
    from casemanager.lists.xlsx_write import write_xlsx

    # Every value is text, so the cells are text: partial dates stay as recorded.
    widths = [max(_WIDTHS[name], len(name) + 2) for name in columns]
    return write_xlsx(path, rows, columns, widths, total)
