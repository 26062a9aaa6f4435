"""A click on a column's header sorts the list as a caseworker reads it (testers B6,
B7): names in dictionary order, Cyrillic and Latin, capitals with small letters, Ё as Е,
Ukrainian letters in their alphabet's place; cases with no follow-up after those with
one, whichever the direction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from casemanager.services import cases, records
from ui import features
from ui.cases.case_table import (
    DETENTION_PLACE,
    FAMILY_NAME,
    NEXT_FOLLOW_UP,
    PRIORITY,
    ROW_ROLE,
    STATUS,
)
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


def test_priority_status_and_places_sort_in_the_order_a_caseworker_reads(qtbot, ctx, russian):
    """In the Russian window: priority descending puts «срочный» (urgent) first and
    «обычный» (normal) last, not by the English code (urgent, normal, high); status in
    the order of its filter (reported ... closed); a place not disclosed after every
    named place in both directions (by its English words it sorted among the "l"s), the
    cases with no place last."""
    made = [("normal", "detained", "СИЗО-2, Таганрог"), ("urgent", "reported", ""),
            ("high", "closed", "ИК-10"), ("normal", "released", None),
            ("urgent", "detained", "Camp, Olenivka"), ("high", "missing", "hidden")]
    for n, (priority, status, place) in enumerate(made):
        ref = cases.create_case(ctx.db, fields={"family_name": f"Каримов {n}",
                                                "priority": priority,
                                                "status": status}).reference
        if place is not None:
            records.add_custody(ctx.db, ref, facility=place, disclosed=place != "hidden")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    qtbot.waitUntil(settled)
    model = window.case_list.model

    def rows() -> list:
        qtbot.waitUntil(lambda: all(model.index(r, 0).data() for r in range(model.rowCount())))
        return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]

    _click_header(qtbot, window, PRIORITY)
    _click_header(qtbot, window, PRIORITY)  # descending
    assert [r.priority for r in rows()] == ["urgent", "urgent", "high", "high", "normal",
                                            "normal"]
    _click_header(qtbot, window, STATUS)
    assert [r.status for r in rows()] == ["reported", "detained", "detained", "released",
                                          "missing", "closed"]
    named = ["Camp, Olenivka", "ИК-10", "СИЗО-2, Таганрог"]
    for in_order in (named, named[::-1]):
        _click_header(qtbot, window, DETENTION_PLACE)
        assert _column(qtbot, window, DETENTION_PLACE) == [*in_order, "место не раскрыто",
                                                            "", ""]
