"""Issue 14: a table fitted to its contents made Qt read every cell of up to 1,000 rows
(40,002 calls into Python for the duplicates window's 6,125 pairs: a 1.3 s freeze).
Every module of the window that fits a table to its contents bounds how many rows the
fit reads (ui.widgets.columns.measure_few_rows) and never does it with precision 0
(Qt reads that as every row of a table not yet shown)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
FITS = re.compile(r"ResizeToContents|resizeColumnsToContents|resizeRowsToContents|"
                  r"resizeColumnToContents|resizeRowToContents")
FITTING = sorted(p for p in UI.rglob("*.py") if FITS.search(p.read_text(encoding="utf-8")))


def test_the_fits_are_found():
    names = {p.name for p in FITTING}
    assert {"duplicates_view.py", "audit_view.py", "import_wizard.py"} <= names, names


@pytest.mark.parametrize("path", FITTING, ids=lambda p: str(p.relative_to(UI)))
def test_every_fit_reads_a_few_rows(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"measure_few_rows\(|report_table\(", text), \
        f"{path.name} fits a table to its contents without ui.widgets.columns.measure_few_rows"
    assert not re.search(r"setResizeContentsPrecision\(\s*0\s*\)", text)


def test_the_bound_is_a_few_rows(qtbot):
    from PySide6.QtWidgets import QTableView

    from ui.widgets.columns import MEASURED_ROWS, measure_few_rows

    table = QTableView()
    qtbot.addWidget(table)
    assert table.horizontalHeader().resizeContentsPrecision() == 1000  # Qt's own
    measure_few_rows(table)
    assert 0 < table.horizontalHeader().resizeContentsPrecision() == MEASURED_ROWS <= 50
    assert table.verticalHeader().resizeContentsPrecision() == MEASURED_ROWS
