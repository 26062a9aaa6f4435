"""Reading case lists: CSV in any common encoding and XLSX, defended against hostile files.

`open_table(path)` looks at the file's first bytes (not its name), checks the limits
below, finds the header within the first rows, and returns a `Table` whose `rows()` can
be read more than once (the import validates every row before it writes any, reading the
file twice to keep memory flat). Anything wrong with the file as a whole raises
`FileRejected` with one clear line; what was decided about it (encoding, header row,
merged cells) is in `Table.notes`, and what was decided about one cell (a formula's
saved value, a date shown without its day) comes with the row as a `CellNote`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg

# Limits, each with its reason. A real list stays far below all of them.
# About twice a 100,000-case CSV export (~45 MB): larger files are not lists a partner
# sends, and reading them would hold the laptop for minutes.
MAX_FILE_BYTES = 100 * 1024 * 1024
# Twice the largest list we expect; rows are counted empty ones included, so a sheet
# with a million blank rows stops here instead of being read to the end.
MAX_ROWS = 200_000
# Worksheets looked through for the list (a cover page, a summary, then the list).
MAX_SHEETS = 20
# Excel's own limit for one cell: a longer cell did not come from a spreadsheet (and in
# a CSV it usually means a quote left open that swallowed the rest of the file).
MAX_CELL_CHARS = 32_767
# Far more columns than the 24 interchange columns; guards against a line of commas.
MAX_COLUMNS = 200
# XLSX is a zip: its parts may unpack to at most this much, and no part may be more than
# MAX_ZIP_RATIO times smaller packed than unpacked (real sheets pack 5-30x; bombs 1000x).
MAX_XLSX_UNPACKED = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
# openpyxl streams worksheets, but loads every other part whole, the shared strings as
# Python objects at ~10 bytes of memory per byte of XML. 200,000 rows of demo cases need
# ~33 MB of shared strings; above this a part is a bomb (180 MB made a 1.7 GB dry run).
MAX_XLSX_PART = 64 * 1024 * 1024
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
MAX_ZIP_ENTRIES = 2_000
_SNIFF_BYTES = 64 * 1024
# Partners put a title, a date line or blank rows above the header: look this far down.
HEADER_SCAN_ROWS = 20


class FileRejected(CaseManagerError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass(frozen=True)
class CellNote:
    """Something the reader decided about one cell: `column` is its 0-based position.

    `refuse` marks a cell that cannot be imported (e.g. a formula without a saved value);
    `kind` lets the importer decide what matters for the column ("number": Excel stored
    the cell as a number, so leading zeros of a reference may be gone).
    """

    column: int
    reason: str
    refuse: bool = False
    kind: str = ""


NO_NOTES: tuple[CellNote, ...] = ()
Row = tuple[int, list[str], tuple[CellNote, ...]]


@dataclass
class Table:
    """A list file opened for reading: its kind, encoding, header (and its row) and rows."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    headers: tuple[str, ...] = ()
    header_row: int = 1  # as a spreadsheet numbers rows
    size: int = 0
    mtime: float = 0.0
    # Decisions about the file as a whole, for the report (encoding, header row, merges).
    notes: list[str] = field(default_factory=list)
    # XLSX merged ranges as (first row, first column, last row, last column), 1-based.
    merges: tuple[tuple[int, int, int, int], ...] = ()
    # XLSX: which worksheet holds the list (its place among the worksheets, its name).
    sheet: int = 0
    sheet_name: str = ""

    def rows(self) -> Generator[Row, None, None]:
        """(row number, cells, cell notes) of every row below the header; numbers are
        those a spreadsheet shows."""
        for row in self._all_rows():
            if row[0] > self.header_row:
                yield row

    def _all_rows(self) -> Generator[Row, None, None]:
        if self.kind == "csv":
            return _csv_rows(self)
        return _xlsx_rows(self.path, self.merges, self.sheet)

    def unchanged(self) -> bool:
        st = self.path.stat()
        return st.st_size == self.size and st.st_mtime == self.mtime


def open_table(path: str | Path) -> Table:
    """Open a CSV or XLSX list, or raise FileRejected saying why not."""
    p = Path(path)
    try:
        st = p.stat()
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise FileRejected(msg("{path}: no such file", path=str(p))) from None
    except IsADirectoryError:
        raise FileRejected(msg("{path} is a folder, not a file", path=str(p))) from None
    except OSError as exc:
        raise FileRejected(msg("cannot read {path}: {reason}", path=str(p),
                               reason=str(exc.strerror or exc))) from None
    if st.st_size > MAX_FILE_BYTES:
        raise FileRejected(msg(
            "{file} is {size} MB; a list may be at most {limit} MB (split it into smaller "
            "files)", file=p.name, size=f"{st.st_size / 1048576:.0f}",
            limit=MAX_FILE_BYTES // 1048576))
    if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise FileRejected(msg("{file} is empty", file=p.name))
    table = Table(path=p, kind="csv", size=st.st_size, mtime=st.st_mtime)
    if head.startswith(b"PK\x03\x04"):
        table.kind = "xlsx"
        _check_zip(p)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(msg(
            "{file} is an old Excel .xls file or a password-protected workbook; "
            "save it as .xlsx or CSV (UTF-8) and import that", file=p.name))
    elif head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z")):
        raise FileRejected(msg("{file} is not a CSV or XLSX list", file=p.name))
    else:
        table.encoding, why = decide_encoding(p, head)
        if why:
            table.notes.append(why)
        table.delimiter = _delimiter(p, table.encoding)
    if table.kind == "xlsx":
        number, header = _find_sheet(table)
    else:
        number, header, _known = _find_header(table)
    if not header or not any(c.strip() for c in header):
        raise FileRejected(msg("{file} has no header row (the interchange column names)",
                               file=p.name))
    table.header_row = number
    table.headers = tuple(_repaired_header(c.strip(), table.notes) for c in header)
    if number > 1:
        table.notes.append(msg(
            "the header was found on row {row}; rows 1-{above} above it "
            "(a title, a date line or blank rows) were not read as cases",
            row=number, above=number - 1))
    for top, left, bottom, right in table.merges:
        if bottom > number and bottom > top and right == left:
            table.notes.append(msg(
                "cells {first}:{last} are merged: their value is used on every row "
                "{top}-{bottom}", first=_cell_name(top, left), last=_cell_name(bottom, right),
                top=top, bottom=bottom))
    return table


def _find_sheet(table: Table) -> tuple[int, list[str] | None]:
    """The worksheet that holds the list and its header: the first whose header names
    two or more known columns (a workbook's first sheet is often a cover page or a
    summary), else the first sheet. Sets `table.sheet`, `sheet_name` and `merges`, and
    says in `table.notes` when the list was not on the first sheet."""
    sheets = _sheet_parts(table.path)[:MAX_SHEETS]
    if not sheets:
        return 1, None  # reading the rows says what is wrong with the workbook
    found: tuple[int, list[str] | None] | None = None
    for index, (title, part) in enumerate(sheets):
        table.sheet, table.sheet_name = index, title
        table.merges = _merged_ranges(table.path, part)
        number, header, known = _find_header(table)
        if index == 0:
            found = (number, header)
        if known >= 2:
            if index > 0:
                table.notes.append(msg(
                    "the list was read from the sheet '{sheet}'; the sheets before it "
                    "({skipped}) hold no list", sheet=title,
                    skipped=", ".join(f"'{t}'" for t, _p in sheets[:index])))
            return number, header
    table.sheet, table.sheet_name = 0, sheets[0][0]
    table.merges = _merged_ranges(table.path, sheets[0][1])
    assert found is not None
    return found


def _find_header(table: Table) -> tuple[int, list[str] | None, int]:
    """The header and how many known columns it names: among the first rows, the first
    that names two or more known columns (else the one naming most, else the first
    non-empty row)."""
    from casemanager.lists.columns import guess_column

    best: tuple[int, int, list[str] | None] = (0, 0, None)
    first: tuple[int, list[str] | None] = (1, None)
    rows = table._all_rows()
    try:
        for number, cells, _notes in rows:
            if number > HEADER_SCAN_ROWS:
                break
            if not any(c.strip() for c in cells):
                continue
            if first[1] is None:
                first = (number, cells)
            known = len({guess_column(_repaired_header(c, [])) for c in cells if c.strip()}
                        - {None})
            if known >= 2:
                return number, cells, known
            if known > best[0]:
                best = (known, number, cells)
    finally:
        rows.close()
    return (best[1], best[2], best[0]) if best[2] is not None else (*first, 0)


def _repaired_header(text: str, notes: list[str]) -> str:
    """A header cell with its mojibake repaired (`Р¤Р°РјРёР»РёСЏ` -> `Фамилия`), said in
    `notes`; unrepairable text is kept as it is (it is then an unknown column)."""
    from casemanager.lists.columns import repair_mojibake

    try:
        fixed, how = repair_mojibake(text)
    except CaseManagerError:
        return text
    if fixed:
        notes.append(msg("the column '{text}' is mojibake ({how}); read as '{fixed}'",
                         text=text, how=how, fixed=fixed))
        return fixed
    return text


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


# ---------------------------------------------------------------- CSV


def detect_encoding(path: Path, head: bytes) -> str:
    """The file's encoding (see `decide_encoding`); raises FileRejected saying why not."""
    return decide_encoding(path, head)[0]


# Preferred among equally likely guesses: the code pages our partners' Windows PCs use.
_PREFERRED = ("cp1251", "cp1252")
_CHAOS_MARGIN = 0.05


def decide_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """(encoding, why) of a text file; `why` is empty for UTF-8 and UTF-16.

    BOM first; then strict UTF-8 over the whole file; then the candidates of
    charset-normalizer (a maintained detector), of which the first whose decoding of
    the WHOLE file passes `_plausible` wins, the Windows code pages first among equals
    (the detector guesses wildly on a few lines: KOI8-R as Thai, Windows-1252 as 1250).
    Raises FileRejected saying why when none passes.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", ""
    if b"\x00" in head:
        # UTF-16 without a BOM has a zero in every other byte of ASCII text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) / 4 and even == 0:
            return "utf-16-le", ""
        if even > len(head) / 4 and odd == 0:
            return "utf-16-be", ""
        raise FileRejected(msg("{file} is not a text file (it holds binary data)",
                               file=path.name))
    if _is_utf8(path):
        return "utf-8", ""
    from charset_normalizer import from_bytes

    data = path.read_bytes()
    results = list(from_bytes(data))
    best_chaos = min((r.chaos for r in results), default=0.0)
    ranked = sorted(
        (r.encoding for r in results if r.chaos <= best_chaos + _CHAOS_MARGIN),
        key=lambda e: _PREFERRED.index(e) if e in _PREFERRED else len(_PREFERRED),
    )
    ranked += [r.encoding for r in results if r.encoding not in ranked]
    if "cp1251" not in ranked:
        ranked.append("cp1251")  # our own guess: most non-UTF-8 lists are Russian
    reasons: list[str] = []
    for encoding in ranked:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        problem = _plausible(text)
        if not problem:
            label = {"cp1251": "Windows-1251", "cp1252": "Windows-1252"}.get(encoding, encoding)
            return encoding, msg("the file is not UTF-8; read as {encoding} "
                                 "(charset-normalizer)", encoding=label)
        reasons.append(f"as {encoding} it {problem}")
    raise FileRejected(
        f"{path.name} is not a readable CSV: not UTF-8 or UTF-16, and no other encoding "
        f"gives plain text ({'; '.join(reasons[:2]) or 'binary data'}); save it as UTF-8"
    )


def _plausible(text: str) -> str:
    """Why this decoding is not a list's text ('' when it may be): no control characters,
    and the letters beyond ASCII of one script (Cyrillic, or accented Latin)."""
    # Regular expressions, not a loop per character: a list may be 100 MB.
    controls = len(_CONTROLS.findall(text))
    if controls:
        return f"has {controls} control characters"
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    letters = cyrillic + latin + len(_OTHER_LETTERS.findall(text))
    if not letters or max(cyrillic, latin) >= 0.95 * letters:
        return ""
    return "mixes letters of several scripts"


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[\u00c0-\u024f]")
# Letters beyond ASCII in neither block (word characters that are not digits or `_`).
_OTHER_LETTERS = re.compile(r"[^\W\d_\x00-\x7f\u00c0-\u024f\u0400-\u04ff]")


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(path: Path, encoding: str) -> str:
    """The separator that splits the first lines most consistently.

    The header may sit below a title ("Список, 2024"): count each separator outside quotes
    on every of the first lines, and take the one whose commonest non-zero count recurs
    on most lines (then the larger count): data cells vary, the header and rows do not.
    """
    lines: list[str] = []
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        for _ in range(HEADER_SCAN_ROWS):
            line = fh.readline(MAX_CELL_CHARS)
            if not line:
                break
            if line.strip():
                lines.append(line)
    scores: dict[str, tuple[int, int]] = {}
    for d in (",", ";", "\t"):
        counts: dict[int, int] = {}
        for line in lines:
            n, quoted = 0, False
            for ch in line:
                if ch == '"':
                    quoted = not quoted
                elif not quoted and ch == d:
                    n += 1
            if n:
                counts[n] = counts.get(n, 0) + 1
        if counts:
            common = max(counts, key=lambda n: (counts[n], n))
            scores[d] = (counts[common], common)
    return max(scores, key=lambda d: scores[d]) if scores else ","


def _csv_rows(table: Table) -> Generator[Row, None, None]:
    name = table.path.name
    previous = csv.field_size_limit()
    try:
        with table.path.open("r", encoding=table.encoding, newline="") as fh:
            csv.field_size_limit(MAX_CELL_CHARS + 1)
            reader = csv.reader(fh, delimiter=table.delimiter, strict=True)
            number = 0
            while True:
                number += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise FileRejected(_csv_error(name, number, exc)) from None
                except UnicodeDecodeError:
                    raise FileRejected(
                        f"{name}, row {number}: text is not {table.encoding}"
                    ) from None
                _check_row(name, number, cells)
                yield number, cells, NO_NOTES
    finally:
        csv.field_size_limit(previous)


def _csv_error(name: str, number: int, exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"{name}, row {number}: a cell is longer than {MAX_CELL_CHARS:,} characters "
            "(is a quote left open?)"
        )
    return f"{name}, row {number}: broken quoting ({text})"


def _check_row(name: str, number: int, cells: list[str]) -> None:
    if number > MAX_ROWS + 1:
        raise FileRejected(
            f"{name} has more than {MAX_ROWS:,} rows (empty rows count too); split it"
        )
    if len(cells) > MAX_COLUMNS:
        raise FileRejected(
            f"{name}, row {number}: {len(cells):,} columns; at most {MAX_COLUMNS} are read"
        )
    if cells and max(map(len, cells)) > MAX_CELL_CHARS:
        raise FileRejected(
            f"{name}, row {number}: a cell is longer than {MAX_CELL_CHARS:,} characters"
        )


# ---------------------------------------------------------------- XLSX


def _check_zip(path: Path) -> None:
    """Refuse zip bombs before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(f"{path.name} is not a readable XLSX workbook ({exc})") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileRejected(f"{path.name} holds {len(infos):,} parts; not a plain workbook")
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / packed > MAX_ZIP_RATIO:
            raise FileRejected(
                f"{path.name} looks like a zip bomb: {info.filename} unpacks "
                f"{info.file_size / packed:,.0f} times larger than it is packed"
            )
    streamed = _worksheet_parts(path, zf_infos=infos)
    for info in infos:
        if info.filename not in streamed and info.file_size > MAX_XLSX_PART:
            raise FileRejected(
                f"{path.name}: its part {info.filename} unpacks to "
                f"{info.file_size / 1048576:,.0f} MB; at most {MAX_XLSX_PART // 1048576} MB "
                "(a list's texts need far less)"
            )
    if total > MAX_XLSX_UNPACKED:
        raise FileRejected(
            f"{path.name} unpacks to {total / 1048576:,.0f} MB; at most "
            f"{MAX_XLSX_UNPACKED // 1048576:,} MB"
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise FileRejected(f"{path.name} is a zip archive but not an XLSX workbook")


def _worksheet_parts(path: Path, zf_infos: list[zipfile.ZipInfo]) -> set[str]:
    """Zip member names declared worksheets (and nothing else) in [Content_Types].xml:
    the parts openpyxl reads as a stream. Every other part is loaded whole."""
    import xml.etree.ElementTree as ET

    manifest = [i for i in zf_infos if i.filename == "[Content_Types].xml"]
    if not manifest or any(i.file_size > MAX_XLSX_PART for i in manifest):
        return set()
    try:
        with zipfile.ZipFile(path) as zf:
            root = ET.fromstring(zf.read("[Content_Types].xml"))
    except (zipfile.BadZipFile, OSError, ET.ParseError, KeyError, RuntimeError):
        return set()  # openpyxl will refuse the workbook with its own reason
    types: dict[str, set[str]] = {}
    for el in root:
        if el.tag.endswith("Override"):
            name = el.get("PartName", "").lstrip("/")
            types.setdefault(name, set()).add(el.get("ContentType", ""))
    return {name for name, kinds in types.items() if kinds == {_WORKSHEET_TYPE}}


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_ranges(path: Path, part: str | None) -> tuple[tuple[int, int, int, int], ...]:
    """A sheet's merged ranges (`part`: its zip member), found in its XML without parsing
    the rows.

    openpyxl's read-only mode does not give them, and they come after every row in the
    file: a streamed regular-expression scan costs a fraction of a full parse.
    """
    from openpyxl.utils import column_index_from_string

    if part is None:
        return ()
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            if b"mergeCell" in data:
                for m in _MERGE.finditer(data):
                    found.append((int(m.group(2)), column_index_from_string(m.group(1).decode()),
                                  int(m.group(4)), column_index_from_string(m.group(3).decode())))
                # keep a partial tag for the next chunk; whole ones were counted
                cut = data.rfind(b"<")
                tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
            else:
                tail = data[-200:]
    return tuple(sorted(set(found)))


def _sheet_parts(path: Path) -> list[tuple[str, str]]:
    """(name, zip member) of each worksheet, in the workbook's order (chart sheets left
    out); empty for a workbook too damaged to list them (reading the rows says why)."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(str(path), read_only=True)
        reader.read_manifest()
        reader.read_workbook()
        sheets = [(str(sheet.name), rel.target.lstrip("/"))
                  for sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        reader.archive.close()
    except Exception:  # a damaged workbook: reading the rows will say so
        return []
    return sheets


# Number formats: the parts of a format that show a day, a month or a year. Quoted
# literals, escapes and [colour/locale] sections are removed first.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _date_precision(number_format: str) -> str:
    """'day', 'month' or 'year': what a date cell's number format shows (Excel keeps the
    1st of the month for `03.1990` typed into a date cell and hides the day)."""
    fmt = _FORMAT_NOISE.sub("", number_format.split(";")[0]).lower()
    if "d" in fmt or fmt in ("general", ""):
        return "day"
    if "m" in fmt:
        return "month"
    return "year" if "y" in fmt or "e" in fmt else "day"


def _xlsx_value(value: object, number_format: str = "General") -> tuple[str, str]:
    """(text, kind) of a cell value; kind is 'number' for numbers, else ''."""
    if value is None:
        return "", ""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            value = value.date()
        else:
            return value.replace(microsecond=0).isoformat(sep=" "), ""
    if isinstance(value, dt.date):
        precision = _date_precision(number_format)
        if precision == "month":
            return f"{value.year:04d}-{value.month:02d}", ""
        if precision == "year":
            return f"{value.year:04d}", ""
        return value.isoformat(), ""
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        # A format of zeros ("0000") shows leading zeros that the number itself lost.
        if isinstance(value, int) and value >= 0 and set(number_format) == {"0"}:
            text = text.zfill(len(number_format))
        return text, "number"
    return str(value), ""


def _xlsx_rows(path: Path, merges: tuple[tuple[int, int, int, int], ...] = (),
               sheet: int = 0) -> Generator[Row, None, None]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    from openpyxl.worksheet._reader import (
        FORMULA_TAG,
        INLINE_STRING,
        ROW_TAG,
        VALUE_TAG,
        WorkSheetParser,
    )
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    plain_text = f"{{{SHEET_MAIN_NS}}}t"

    name = path.name
    # (row, column) of every merged cell below its range's first cell -> that first cell.
    spans: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    anchors: dict[tuple[int, int], str] = {}
    # Rows crossed by a range merged across columns: which field the value is is unclear
    # (a title above the header is fine: its rows are not read as cases).
    wide: dict[int, list[tuple[int, str]]] = {}
    for top, left, bottom, right in merges:
        if (bottom - top + 1) * (right - left + 1) > MAX_COLUMNS * 1000:
            raise FileRejected(f"{name}: a merged range {_cell_name(top, left)}:"
                               f"{_cell_name(bottom, right)} is too large to import")
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    spans.setdefault(r, []).append((c, (top, left)))
            if right > left:
                wide.setdefault(r, []).append(
                    (left, f"{_cell_name(top, left)}:{_cell_name(bottom, right)}"))
        anchors[(top, left)] = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it skips
            reader, sheet_part = _open_workbook(path, sheet)
        wb = reader.wb
        try:
            if sheet_part is None:
                raise FileRejected(f"{name} has no worksheet")
            formats: dict[int, str] = {}

            def number_format(style_id: int) -> str:
                fmt = formats.get(style_id)
                if fmt is None:
                    fid = wb._cell_styles[style_id].numFmtId if style_id else 0
                    fmt = (BUILTIN_FORMATS.get(fid, "General") if fid < BUILTIN_FORMATS_MAX_SIZE
                           else wb._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE])
                    formats[style_id] = fmt
                return fmt

            with reader.archive.open(sheet_part) as src:
                # Rows are read here, off openpyxl's own loop (a dict per cell): the
                # cells of nearly every list, text inline or shared with a cell
                # reference and no formula, are read as openpyxl reads them; anything
                # else is openpyxl's own parse_cell (numbers, dates, formulas…).
                parser = WorkSheetParser(src, reader.shared_strings, data_only=True,
                                         epoch=wb.epoch, date_formats=wb._date_formats,
                                         timedelta_formats=wb._timedelta_formats)
                shared = reader.shared_strings
                for _event, element in iterparse(src):
                    if element.tag != ROW_TAG:
                        continue
                    number = _row_number(element, parser)
                    parser.col_counter = 0
                    cells: list[str] = []
                    notes: list[CellNote] = []
                    for cell in element:
                        data_type = cell.get("t", "n")
                        coordinate = cell.get("r")
                        value: Any = None
                        if coordinate and data_type in _TEXT_TYPES and len(cell) == 1:
                            child = cell[0]
                            if data_type == "s" and child.tag == VALUE_TAG and child.text:
                                value = shared[int(child.text)]
                            elif data_type == "inlineStr" and child.tag == INLINE_STRING and (
                                    len(child) == 1 and child[0].tag == plain_text):
                                value = child[0].text or ""
                        if value is not None:
                            col = _column_of(coordinate)
                            parser.col_counter = col
                            formula = False
                        else:
                            found = parser.parse_cell(cell)
                            col, value = found["column"], found["value"]
                            formula = cell.find(FORMULA_TAG) is not None
                        if col > MAX_COLUMNS:
                            raise FileRejected(f"{name}, row {number}: more than "
                                               f"{MAX_COLUMNS} columns are not read")
                        if value.__class__ is str:  # most cells: no format to look up
                            text, kind = value, ""
                        else:
                            text, kind = _xlsx_value(value, number_format(found["style_id"]))
                        if formula:
                            where = _cell_name(number, col)
                            if value is None:
                                notes.append(CellNote(col - 1, msg(
                                    "{cell} is a formula with no saved value; paste the "
                                    "value instead", cell=where), True))
                            else:
                                notes.append(CellNote(col - 1, msg(
                                    "{cell} is a formula; its saved value '{value}' was taken",
                                    cell=where, value=text[:60])))
                        elif kind:
                            notes.append(CellNote(col - 1, "", kind=kind))
                        if col > len(cells):
                            cells.extend([""] * (col - len(cells)))
                        cells[col - 1] = text
                        if (number, col) in anchors:
                            anchors[(number, col)] = text
                    element.clear()
                    if number in spans:
                        _fill_merged(cells, spans[number], anchors)
                    for left, where in wide.get(number, ()):
                        notes.append(CellNote(left - 1, msg(
                            "cells {cells} are merged across columns, so which column the "
                            "value belongs to is unclear; unmerge them", cells=where), True))
                    while cells and cells[-1] == "":
                        cells.pop()  # openpyxl pads rows to the sheet's width
                    _check_row(name, number, cells)
                    yield number, cells, tuple(notes) if notes else NO_NOTES
        finally:
            reader.archive.close()
    except CaseManagerError:
        raise
    except GeneratorExit:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise FileRejected(
            f"{name} is not a readable XLSX workbook ({type(exc).__name__}: {exc})"[:300]
        ) from None


_COORDINATE = re.compile(r"([A-Z]{1,3})([1-9][0-9]*)")
_COLUMNS: dict[str, int] = {}
_TEXT_TYPES = ("inlineStr", "s")
_DIGITS = "0123456789"


def _column_of(coordinate: str) -> int:
    """The column of a cell reference ('AB12' -> 28), as `_coordinate` reads it: letters
    seen before are looked up, anything else goes through `_coordinate`."""
    letters = coordinate.rstrip(_DIGITS)
    column = _COLUMNS.get(letters)
    if column is None or len(letters) == len(coordinate) or coordinate[len(letters)] == "0":
        return _coordinate(coordinate)[1]
    return column


def _row_number(row: Any, parser: Any) -> int:
    """The row's number as openpyxl's parse_row counts it (its `r`, else the one after
    the row before), kept in `parser.row_counter`."""
    attr = row.get("r")
    if attr is None:
        parser.row_counter += 1
    else:
        try:
            parser.row_counter = int(attr)
        except ValueError:
            val = float(attr)
            if not val.is_integer():
                raise ValueError(f"{attr} is not a valid row number") from None
            parser.row_counter = int(val)
    return int(parser.row_counter)


def _coordinate(text: str) -> tuple[int, int]:
    """'AB12' -> (12, 28), as openpyxl's coordinate_to_tuple."""
    found = _COORDINATE.fullmatch(text)
    if found is None:
        from openpyxl.utils.cell import coordinate_to_tuple

        return coordinate_to_tuple(text)
    letters, digits = found.groups()
    column = _COLUMNS.get(letters)
    if column is None:
        column = 0
        for ch in letters:
            column = column * 26 + ord(ch) - 64
        _COLUMNS[letters] = column
    return int(digits), column


def _open_workbook(path: Path, sheet: int = 0) -> tuple[Any, str | None]:
    """(openpyxl's ExcelReader with the workbook, styles and shared strings read, the
    zip part of the `sheet`-th worksheet), as `load_workbook(read_only=True)` reads them but
    without its worksheet objects: each of those reads the whole sheet once to find its
    size when the file does not say it."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(str(path), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        reader.read_properties()
        reader.read_custom()
        reader.read_theme()
        apply_stylesheet(reader.archive, reader.wb)
        parts = [rel.target for _sheet, rel in reader.parser.find_sheets()
                 if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        part = parts[sheet] if sheet < len(parts) else None
    except BaseException:
        reader.archive.close()
        raise
    return reader, part


def _fill_merged(cells: list[str], spans: list[tuple[int, tuple[int, int]]],
                 anchors: dict[tuple[int, int], str]) -> None:
    """A merged range's value belongs to every cell it spans (Excel keeps it in the first)."""
    for c, anchor in spans:
        if c > len(cells):
            cells.extend([""] * (c - len(cells)))
        if not cells[c - 1]:
            cells[c - 1] = anchors.get(anchor, "")
