"""While a sort is read on the worker the rows are still in the old order under the new
arrow: at a million cases about 3 s for a saved sort at start (tester t18). The window
says "Sorting by Given name…" in the status bar meanwhile, with the busy cursor over the
list, and says nothing once the rows are in that order."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui import features
from ui.cases.case_table import GIVEN_NAME, REFERENCE
from ui.main_window import MainWindow
from ui.operations.operation import settled


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    return window


def _given_names(window: MainWindow) -> list[str]:
    model = window.case_list.model
    return [model.index(r, GIVEN_NAME).data() for r in range(model.rowCount())]


def _note(window: MainWindow) -> str:
    """The note's text if it is shown, else ""."""
    return "" if window.sorting_label.isHidden() else window.sorting_label.text()


def test_a_saved_sort_says_sorting_until_its_order_is_shown(qtbot, demo_ctx):
    first = _window(qtbot, demo_ctx)
    first.show()
    qtbot.waitUntil(settled)
    first.case_list.table.sortByColumn(GIVEN_NAME, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(settled)
    first.case_list.save_header()  # as its timer does after a click
    first.close()

    window = _window(qtbot, demo_ctx)  # the list begins the saved sort as it is made
    header = window.case_list.table.horizontalHeader()
    assert header.sortIndicatorSection() == GIVEN_NAME
    assert _note(window) == "Sorting by Given name…"
    viewport = window.case_list.table.viewport()
    assert viewport.cursor().shape() == Qt.CursorShape.BusyCursor
    window.show()
    qtbot.waitUntil(settled)
    assert _note(window) == ""
    assert viewport.cursor().shape() != Qt.CursorShape.BusyCursor
    names = _given_names(window)
    assert names == sorted(names, key=str.lower)  # demo names: lower() as SQLite's


def test_a_click_on_a_header_says_sorting_until_the_order_arrives(qtbot, demo_ctx):
    window = _window(qtbot, demo_ctx)
    window.show()
    qtbot.waitUntil(settled)
    assert _note(window) == ""
    seen: list[int] = []
    window.case_list.model.sorting_changed.connect(seen.append)
    window.case_list.table.sortByColumn(GIVEN_NAME, Qt.SortOrder.DescendingOrder)
    assert _note(window) == "Sorting by Given name…"  # the order is on its way
    qtbot.waitUntil(settled)
    assert _note(window) == "" and seen == [GIVEN_NAME, -1]
    # A search started before the sorted ids arrive overtakes the sort (its reload
    # brings the ids in the new order): the note goes with it.
    window.case_list.table.sortByColumn(REFERENCE, Qt.SortOrder.AscendingOrder)
    window.case_list.model.reload()
    qtbot.waitUntil(settled)
    assert _note(window) == ""
