"""Hostile files: each ends with one clear message and an untouched database."""

from __future__ import annotations

import os
import zipfile

import pytest
from lists_helpers import counts

from casemanager.lists import reading as import_files
from casemanager.lists.importer import import_file
from casemanager.lists.reading import FileRejected
from casemanager.services import cases


@pytest.fixture
def full_db(sqlite_db):
    # The file is refused before the database is touched, so SQLite alone is enough.
    cases.create_case(sqlite_db, fields={"family_name": "Existing"})
    return sqlite_db


def _rejected(db, path, match: str) -> str:
    before = counts(db)
    with pytest.raises(FileRejected, match=match) as info:
        import_file(db, path)
    assert counts(db) == before
    message = str(info.value)
    assert "\n" not in message and len(message) < 300
    return message


def test_fifty_megabytes_in_one_open_quote(full_db, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.write(b'family_name,health\nIvanov,"')
        block = b"x" * (1 << 20)
        for _ in range(50):
            fh.write(block)
    _rejected(full_db, path, r"row 2: a cell is longer than 32,767 characters \(is a quote left open\?\)")


def test_file_over_the_size_limit_is_refused_before_reading(full_db, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.write(b"family_name\n")
        fh.truncate(import_files.MAX_FILE_BYTES + 1)  # sparse: instant, no disk used
    _rejected(full_db, path, "at most 100 MB")


def test_a_million_empty_rows(full_db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"family_name,given_name\n" + b",\n" * 1_000_000)
    _rejected(full_db, path, "more than 200,000 rows")


def test_a_million_empty_rows_in_a_workbook(full_db, tmp_path):
    path = tmp_path / "empty.xlsx"
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
             '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>family_name</t></is></c></row>']
    sheet += [f'<row r="{n}"/>' for n in range(2, 1_000_002)]
    sheet.append("</sheetData></worksheet>")
    _workbook(path, "".join(sheet).encode())
    _rejected(full_db, path, "more than 200,000 rows|zip bomb")


def test_broken_quoting(full_db, tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('family_name,unit\nIvanov,"3rd" brigade"\n', encoding="utf-8")
    _rejected(full_db, path, r"row 2: broken quoting")


def test_binary_garbage(full_db, tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(os.urandom(200_000))
    _rejected(full_db, path, "not a text file|not a readable CSV")


def test_old_xls_and_other_binaries_are_named(full_db, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    _rejected(full_db, path, r"old Excel \.xls")
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    _rejected(full_db, path, "not a CSV or XLSX list")


def test_formula_text_in_csv_is_imported_as_written_with_a_warning(full_db, tmp_path):
    path = tmp_path / "formula.csv"
    path.write_text("family_name,unit\nIvanov,=cmd|' /C calc'!A0\nPetrov,'=kept as text\n",
                    encoding="utf-8")
    report = import_file(full_db, path)
    assert report.written and not report.problems
    assert [(w.row, w.column) for w in report.warnings] == [(2, "unit")]
    assert cases.get_case(full_db, "CM-0002").unit == "=cmd|' /C calc'!A0"
    assert cases.get_case(full_db, "CM-0003").unit == "=kept as text"  # our guard removed


def _workbook(path, sheet: bytes, extra: dict[str, bytes] | None = None) -> None:
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_zip_bomb_disguised_as_xlsx(full_db, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b" " * (1 << 20)
            for _ in range(300):  # 300 MB of spaces pack to about 300 KB
                part.write(block)
    message = _rejected(full_db, path, "looks like a zip bomb")
    assert "xl/worksheets/sheet1.xml" in message


def test_zip_that_is_no_workbook(full_db, tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff" + b"x" * 100)
    _rejected(full_db, path, "not an XLSX workbook")
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    _rejected(full_db, path, "not a readable XLSX workbook")


def test_damaged_sheet_xml(full_db, tmp_path):
    path = tmp_path / "damaged.xlsx"
    _workbook(path, b"<worksheet><sheetData><row r='1'><c t='inlineStr'><is><t>family")
    _rejected(full_db, path, "not a readable XLSX workbook")
