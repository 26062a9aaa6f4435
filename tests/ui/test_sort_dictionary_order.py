"""A click on a column's header sorts the list as a caseworker reads it (testers B6,
B7): names in dictionary order, Cyrillic and Latin, capitals with small letters, Ё as Е,
Ukrainian letters in their alphabet's place; cases with no follow-up after those with
one, whichever the direction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from casemanager.services import cases, records
from ui import features
from ui.cases.case_table import FAMILY_NAME, NEXT_FOLLOW_UP
from ui.main_window import MainWindow
from ui.operations.operation import settled

# In the order expected (Ёлкин and ёлкин tie: by reference).
NAMES = ["abbott", "Émile", "Oleg", "Zhang", "абаев", "Гуменюк", "Ґудзь", "Ежов", "Ёлкин",
         "ёлкин", "Єрмак", "Жуков", "Ивасюк", "Іваненко", "Їжак", "Йосипенко", "Яковлев"]


def _column(qtbot, window: MainWindow, column: int) -> list[str]:
    """The column's texts top to bottom, once the rows' pages are in."""
    model = window.case_list.model

    def texts() -> list[str]:
        return [model.index(r, column).data() for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: None not in texts())
    return texts()


def _click_header(qtbot, window: MainWindow, column: int) -> None:
    header = window.case_list.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    qtbot.waitUntil(settled)


def test_clicking_family_name_sorts_in_dictionary_order(qtbot, ctx):
    shuffled = NAMES[1::2] + NAMES[0::2]
    today = dt.date.today()
    for n, name in enumerate(sorted(shuffled, key=lambda s: s != "Ёлкин")):
        ref = cases.create_case(ctx.db, fields={"family_name": name}).reference
        if n % 3 == 0:
            records.add_task(ctx.db, ref, title="Call", due_date=today + dt.timedelta(days=n))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    qtbot.waitUntil(settled)

    _click_header(qtbot, window, FAMILY_NAME)
    assert window.case_list.table.horizontalHeader().sortIndicatorSection() == FAMILY_NAME
    assert _column(qtbot, window, FAMILY_NAME) == NAMES
    _click_header(qtbot, window, FAMILY_NAME)  # descending; the tie still by reference
    descending = NAMES[::-1]
    tie = descending.index("ёлкин")
    descending[tie : tie + 2] = ["Ёлкин", "ёлкин"]
    assert _column(qtbot, window, FAMILY_NAME) == descending

    for _ in range(2):  # ascending, then descending: the empty ones last both times
        _click_header(qtbot, window, NEXT_FOLLOW_UP)
        dates = _column(qtbot, window, NEXT_FOLLOW_UP)
        filled = [d for d in dates if d]
        assert dates == filled + [""] * (len(dates) - len(filled)) and filled, dates
