"""Exports: CSV as Excel and LibreOffice read it, XLSX laid out for people, formulas guarded."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from casemanager.domain.errors import ValidationError
from casemanager.domain.progress import Cancelled
from casemanager.lists.export import (
    FORMULA_TRIGGERS,
    export_cases,
    guard_formula,
    interchange_rows,
    parse_columns,
    unguard_formula,
)
from casemanager.services import cases, records
from casemanager.services.interchange import COLUMNS, iter_rows
from casemanager.services.queries import CaseFilter, case_ids

AWKWARD = {
    "family_name": "Турсунов",
    "given_name": "Alisher",
    "name_native": 'Турсунов "Али" Алишер, младший',
    "aliases": "Tursunow Alisher;=HYPERLINK(\"http://x\")",
    "date_of_birth": "03.1994",
    "capture_date": "2024",
    "citizenships": "UZ;RU",
    "capture_place": "-near Kupiansk",
    "unit": "@unit; 3rd",
    "health": "Line one\nline two, with \"quotes\"",
    "tags": ["+video", "wounded"],
}


def _make(db):
    case = cases.create_case(db, fields=AWKWARD)
    records.add_custody(db, case.reference, facility="SIZO-2, Rostov", disclosed=True)
    cases.create_case(db, fields={"family_name": "Ivanov", "status": "released"})
    return case


def test_csv_has_bom_rfc4180_quoting_and_guarded_formulas(db, tmp_path):
    _make(db)
    out = tmp_path / "list.csv"
    assert export_cases(db, case_ids(db), out) == 2
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    assert b"\r\n" in data  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["name_native"] == 'Турсунов "Али" Алишер, младший'
    assert first["aliases"] == 'Tursunow Alisher;=HYPERLINK("http://x")'  # starts with T: safe
    assert first["capture_place"] == "'-near Kupiansk"
    assert first["unit"] == "'@unit; 3rd"
    assert first["tags"] == "'+video;wounded"
    assert first["health"] == 'Line one\nline two, with "quotes"'
    assert first["date_of_birth"] == "1994-03" and first["capture_date"] == "2024"
    assert first["detention_place"] == "SIZO-2, Rostov"
    assert first["citizenships"] == "UZ;RU"
    # No exported cell may start like a formula.
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS)


def test_export_rows_are_the_interchange_rows(db):
    _make(db)
    ref = cases.create_case(db, fields={"name_native": "Ким"}).reference
    records.add_custody(db, ref, facility="Olenivka", disclosed=True)
    records.add_custody(db, ref, facility="", disclosed=False)
    ids = case_ids(db)
    assert list(interchange_rows(db, ids, chunk=2)) == list(iter_rows(db, ids))


def test_xlsx_is_laid_out_for_people(db, tmp_path):
    _make(db)
    out = tmp_path / "list.xlsx"
    export_cases(db, case_ids(db), out)
    wb = load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Y3"  # external_references last
    assert ws.column_dimensions["G"].width >= 30  # name_native is wide
    dob = ws.cell(row=2, column=COLUMNS.index("date_of_birth") + 1)
    assert dob.value == "1994-03" and dob.data_type == "s"  # text, not a padded date
    place = ws.cell(row=2, column=COLUMNS.index("capture_place") + 1)
    assert place.value == "'-near Kupiansk" and place.data_type == "s"
    assert ws.cell(row=3, column=COLUMNS.index("status") + 1).value == "released"


def test_columns_and_filters_choose_what_is_written(db, tmp_path):
    _make(db)
    out = tmp_path / "released.csv"
    ids = case_ids(db, CaseFilter(statuses=("released",)))
    export_cases(db, ids, out, columns=parse_columns("family_name, reference"))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows == [["family_name", "reference"], ["Ivanov", "CM-0002"]]


def test_bad_columns_are_refused_naming_the_column():
    with pytest.raises(ValidationError, match="'nickname' is not an interchange column"):
        parse_columns("reference,nickname")


def test_cancelled_export_leaves_no_file(db, tmp_path):
    for i in range(3):
        cases.create_case(db, fields={"family_name": f"N{i}"})
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "list.csv"

    def cancel(done, total=None, message=""):
        if done:
            raise Cancelled()

    import casemanager.lists.export as export

    export._PROGRESS_EVERY, saved = 1, export._PROGRESS_EVERY
    try:
        with pytest.raises(Cancelled):
            export_cases(db, case_ids(db), out, progress=cancel)
    finally:
        export._PROGRESS_EVERY = saved
    assert not out.exists()
    assert list(folder.iterdir()) == []  # no temporary file left behind


TRIGGERS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "''+", "x"])


@given(st.lists(TRIGGERS).map("".join), st.text(max_size=20))
def test_formula_guard_is_reversible_and_safe(prefix, rest):
    text = prefix + rest
    guarded = guard_formula(text)
    assert unguard_formula(guarded) == text
    assert not guarded.startswith(FORMULA_TRIGGERS)


def test_guard_rule_examples():
    assert guard_formula("=1+2") == "'=1+2"
    assert guard_formula("'=1+2") == "''=1+2"  # a genuine leading apostrophe survives
    assert guard_formula("'quoted'") == "'quoted'"  # nothing formula-like: untouched
    assert unguard_formula("'quoted'") == "'quoted'"
    assert unguard_formula("'-5") == "-5"


def test_xlsx_metadata_names_no_user_or_machine(db, tmp_path):
    import getpass
    import socket
    import zipfile

    from casemanager.lists.export import export_cases
    from casemanager.services.cases import create_case

    case = create_case(db, fields={"family_name": "Турсунов"})
    path = tmp_path / "list.xlsx"
    export_cases(db, [case.id], path, fmt="xlsx")
    with zipfile.ZipFile(path) as z:
        props = z.read("docProps/core.xml").decode() + z.read("docProps/app.xml").decode()
    assert "<dc:creator>Case Manager</dc:creator>" in props
    for private in {getpass.getuser(), socket.gethostname()} - {""}:
        assert private not in props
