"""Reading case lists: CSV in any common encoding and XLSX, defended against hostile files.

`open_table(path)` looks at the file's first bytes (not its name), checks the limits
below, and returns a `Table` whose `rows()` can be read more than once (the import
validates every row before it writes any, reading the file twice to keep memory flat).
Anything wrong with the file as a whole raises `FileRejected` with one clear line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casemanager.errors import CaseManagerError

# Limits, each with its reason. A real list stays far below all of them.
# About twice a 100,000-case CSV export (~45 MB): larger files are not lists a partner
# sends, and reading them would hold the laptop for minutes.
MAX_FILE_BYTES = 100 * 1024 * 1024
# Twice the largest list we expect; rows are counted empty ones included, so a sheet
# with a million blank rows stops here instead of being read to the end.
MAX_ROWS = 200_000
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


class FileRejected(CaseManagerError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class Table:
    """A list file opened for reading: its kind, encoding, header and rows."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    headers: tuple[str, ...] = ()
    size: int = 0
    mtime: float = 0.0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of every data row; the header is row 1 as in a spreadsheet."""
        rows = _csv_rows(self) if self.kind == "csv" else _xlsx_rows(self.path)
        next(rows, None)  # the header
        yield from rows

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
        raise FileRejected(f"{p}: no such file") from None
    except IsADirectoryError:
        raise FileRejected(f"{p} is a folder, not a file") from None
    except OSError as exc:
        raise FileRejected(f"cannot read {p}: {exc.strerror or exc}") from None
    if st.st_size > MAX_FILE_BYTES:
        raise FileRejected(
            f"{p.name} is {st.st_size / 1048576:.0f} MB; a list may be at most "
            f"{MAX_FILE_BYTES // 1048576} MB (split it into smaller files)"
        )
    if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise FileRejected(f"{p.name} is empty")
    table = Table(path=p, kind="csv", size=st.st_size, mtime=st.st_mtime)
    if head.startswith(b"PK\x03\x04"):
        table.kind = "xlsx"
        _check_zip(p)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            f"{p.name} is an old Excel .xls file or a password-protected workbook; "
            "save it as .xlsx or CSV (UTF-8) and import that"
        )
    elif head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z")):
        raise FileRejected(f"{p.name} is not a CSV or XLSX list")
    else:
        table.encoding = detect_encoding(p, head)
        table.delimiter = _delimiter(p, table.encoding)
    header = _first_row(table)
    if not header or not any(c.strip() for c in header):
        raise FileRejected(f"{p.name} has no header row (the interchange column names)")
    table.headers = tuple(c.strip() for c in header)
    return table


def _first_row(table: Table) -> list[str] | None:
    rows = _csv_rows(table) if table.kind == "csv" else _xlsx_rows(table.path)
    first = next(rows, None)
    rows.close()
    return first[1] if first else None


# ---------------------------------------------------------------- CSV


def detect_encoding(path: Path, head: bytes) -> str:
    """BOM first; then strict UTF-8 over the whole file; then Windows-1251 if it reads
    as Russian text; anything else is refused rather than guessed."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # UTF-16 without a BOM has a zero in every other byte of ASCII text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) / 4 and even == 0:
            return "utf-16-le"
        if even > len(head) / 4 and odd == 0:
            return "utf-16-be"
        raise FileRejected(f"{path.name} is not a text file (it holds binary data)")
    if _is_utf8(path):
        return "utf-8"
    try:
        text = head.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    cyrillic = sum(1 for ch in non_ascii if "\u0400" <= ch <= "\u04ff")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if text and controls == 0 and cyrillic >= 0.9 * len(non_ascii):
        return "cp1251"
    raise FileRejected(
        f"{path.name} is not a readable CSV: its text is neither UTF-8, UTF-16 nor "
        "Windows-1251 (binary data or another encoding)"
    )


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
    # Count on the header line: column names rarely hold a comma or semicolon, data does.
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        line = fh.readline(MAX_CELL_CHARS)
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
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
                yield number, cells
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
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
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


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it skips
            wb = load_workbook(path, read_only=True, data_only=False)
        try:
            if not wb.worksheets:
                raise FileRejected(f"{name} has no worksheet")
            ws = wb.worksheets[0]
            for number, values in enumerate(ws.iter_rows(values_only=True), 1):
                cells = [_xlsx_value(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()  # openpyxl pads rows to the sheet's width
                _check_row(name, number, cells)
                yield number, cells
        finally:
            wb.close()
    except CaseManagerError:
        raise
    except GeneratorExit:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise FileRejected(
            f"{name} is not a readable XLSX workbook ({type(exc).__name__}: {exc})"[:300]
        ) from None

