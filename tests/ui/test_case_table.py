"""The case list model: Qt's model checks, lazy paging, sorting by every column,
filters; all against a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from casemanager.domain.sort_order import sort_key
from casemanager.services.queries import VOCABULARY_ORDER, CaseFilter, count_cases
from ui.cases.case_list import CaseListView
from ui.cases.case_table import (
    CAPTURE_DATE,
    COLUMNS,
    FAMILY_NAME,
    ID_ROLE,
    REFERENCE,
    ROW_ROLE,
    STATUS,
    CaseTableModel,
)
from ui.operations.operation import settled


def _key(row, key: str):
    """The value the core sorts by, as Python sees it (names: their dictionary sort key)."""
    value = getattr(row, key)
    if key == "reference":
        return row.id
    if key == "citizenships":
        return value.split(";")[0] if value else None
    if key in VOCABULARY_ORDER:  # codes in their vocabulary's order (urgent after high)
        return VOCABULARY_ORDER[key].index(value) if value else None
    if key == "detention_place" and value == "location not disclosed":
        return LATE  # after every named place, whichever the direction
    if key in ("family_name", "given_name", "name_native", "detention_place"):
        return sort_key(value) if value else None
    if key == "capture_date":
        return value.iso() if value else None
    return value if value not in ("", None) else None


LATE = "late"  # a place not disclosed


def _in_order(keys: list, descending: bool) -> bool:
    # Unknown values come last in both directions (tester B7), a place not disclosed
    # just before them.
    known = [k for k in keys if k is not None and k is not LATE]
    late = [k for k in keys if k is LATE]
    nones = [k for k in keys if k is None]
    return keys == sorted(known, reverse=descending) + late + nones


def test_model_passes_qt_checks(demo_ctx, qtmodeltester):
    model = CaseTableModel(demo_ctx.db, page_size=16, max_pages=2)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 60
    model.sort(CAPTURE_DATE, Qt.SortOrder.DescendingOrder)
    model.set_filter(CaseFilter(statuses=("detained",)))
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_in_pages_as_shown(big_ctx, qtbot):
    view = CaseListView(big_ctx)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    assert model.rowCount() == 2000
    qtbot.waitUntil(lambda: model.pages_loaded >= 1)  # painted
    qtbot.waitUntil(lambda: not model.loading)  # every id read after the first page
    view.grab()  # and painted again: nothing more is fetched
    # Only the rows on screen were asked for: one page of 100 covers them.
    assert model.pages_loaded <= 2
    assert model.pages_fetched <= 2
    assert view.table.indexAt(view.table.viewport().rect().topLeft()).data() == "CM-0001"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.case_row(1999) is not None and model.pages_loaded >= 2)
    bottom = view.table.indexAt(view.table.viewport().rect().bottomLeft())
    assert bottom.isValid() and bottom.row() > 1900
    assert model.pages_loaded <= 4
    # The cache stays bounded however far one scrolls.
    for row in range(0, 2000, 100):
        model.case_row(row)
    assert model.pages_loaded <= model._max_pages


@pytest.mark.parametrize("column", range(len(COLUMNS)), ids=[c.key for c in COLUMNS])
def test_sort_by_any_column(demo_ctx, qtbot, column):
    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    key = COLUMNS[column].key
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        view.table.sortByColumn(column, order)
        qtbot.waitUntil(settled)  # the ids are queried on the database worker
        model = view.model
        rows = [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]
        assert len(rows) == 60 and None not in rows
        keys = [_key(row, key) for row in rows]
        assert _in_order(keys, order == Qt.SortOrder.DescendingOrder), (key, keys)


def test_sort_keeps_the_selected_case_selected(demo_ctx, qtbot):
    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    view.table.selectRow(5)
    view.table.setCurrentIndex(view.model.index(5, 0))
    chosen = view.table.currentIndex().data(ID_ROLE)
    view.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(settled)
    assert view.table.currentIndex().data(ID_ROLE) == chosen
    # The cell shows "…" until its page, asked for now, arrives from the worker.
    qtbot.waitUntil(lambda: view.table.currentIndex().data() not in (None, "…"))
    assert view.current_reference() == view.table.currentIndex().data()


def test_sort_keeps_many_selected_cases_selected(demo_ctx, qtbot):
    """More selected cases than are looked for one scan each: found in one pass."""
    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    view.table.clearSelection()
    for row in range(3, 15):
        view.table.selectionModel().select(
            view.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
            | QItemSelectionModel.SelectionFlag.Rows)
    chosen = {i.data(ID_ROLE) for i in view.table.selectionModel().selectedRows()}
    assert len(chosen) == 12
    view.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(settled)
    assert {i.data(ID_ROLE) for i in view.table.selectionModel().selectedRows()} == chosen


def test_filter_by_status(demo_ctx):
    model = CaseTableModel(demo_ctx.db)
    detained = count_cases(demo_ctx.db, CaseFilter(statuses=("detained",)))
    assert 0 < detained < 60
    seen = []
    model.counts_changed.connect(lambda shown, total: seen.append((shown, total)))
    model.set_filter(CaseFilter(statuses=("detained",)))
    assert model.rowCount() == detained
    assert seen == [(detained, 60)]
    statuses = {model.index(r, STATUS).data(ROW_ROLE).status for r in range(model.rowCount())}
    assert statuses == {"detained"}
    assert model.index(0, STATUS).data() == "Detained"


def test_partial_dates_show_as_written(named_ctx):
    model = CaseTableModel(named_ctx.db)
    by_name = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    assert model.index(by_name["Karimov"], CAPTURE_DATE).data() == "March 2023"
    assert model.index(by_name["Tursunov"], CAPTURE_DATE).data() == ""
    assert model.index(by_name["Tursunov"], REFERENCE).data().startswith("CM-")


@pytest.mark.parametrize("key", ["citizenships", "detention_place", "next_follow_up"])
def test_computed_sort_keys_on_both_databases(db, key):
    """The sort keys for columns kept in other tables, on SQLite and PostgreSQL alike."""
    from casemanager.services import demo
    from casemanager.services.queries import case_ids, rows_for_ids

    demo.generate(db, cases=40, seed=9, actor="tester")
    for descending in (False, True):
        ids = case_ids(db, sort=key, descending=descending)
        rows = rows_for_ids(db, ids)
        assert len(rows) == 40
        assert _in_order([_key(r, key) for r in rows], descending)


def test_scrolling_fetches_pages_on_the_worker_with_placeholders(demo_ctx, qtbot, monkeypatch):
    """Rows painted before their page is here show "…"; the page is read on the worker
    and the rows are filled in; re-sorting queries the ids there too."""
    import threading

    import ui.cases.case_table as table_module

    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitUntil(settled)
    model = view.model
    model._page_size = 16  # 60 demo cases: four pages
    model._forget_pages()
    threads: list[int] = []
    for name in ("rows_for_ids", "case_id_array"):
        real = getattr(table_module, name)

        def recording(*args, _real=real, **kwargs):
            threads.append(threading.get_ident())
            return _real(*args, **kwargs)

        monkeypatch.setattr(table_module, name, recording)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles=(): changed.append(
        (top.row(), bottom.row())))
    assert model.index(40, REFERENCE).data() == "…" and model.is_pending(40)
    assert model.index(41, FAMILY_NAME).data() is None  # the rest of the row is blank
    qtbot.waitUntil(lambda: (32, 47) in changed, timeout=10_000)
    assert model.index(40, REFERENCE).data().startswith("CM-") and not model.is_pending(40)
    assert changed.count((32, 47)) == 1  # the page was read once
    view.table.sortByColumn(FAMILY_NAME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(settled)
    assert threads and set(threads) == {demo_ctx.worker.thread_id}
    assert demo_ctx.worker.thread_id != threading.get_ident()


def test_a_sort_that_overtakes_a_search_still_updates_the_counts(named_ctx, qtbot):
    """Search, then click a header before the search's ids arrive: the list shows the
    search's result sorted, and the status bar's counts are the search's (the sort
    used to drop the search's reload, counts and all)."""
    import time

    view = CaseListView(named_ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    seen: list[tuple[int, int]] = []
    view.model.counts_changed.connect(lambda shown, total: seen.append((shown, total)))
    total = view.model.total_count
    named_ctx.worker.submit(lambda: time.sleep(0.5))  # a slow database, or a long job ahead
    view.model.set_filter(CaseFilter(query="Karimov"))
    view.model.sort(STATUS, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(settled)
    shown = view.model.rowCount()
    assert 0 < shown < total
    assert seen and seen[-1] == (shown, total)


def test_the_first_page_comes_before_every_id(big_ctx, qtbot):
    """Issue 18: at 1,000,000 cases reading every id before the window showed took 2 s.
    The window's list reads the first page's ids (LIMIT) and the count, and every id
    after, on the worker; a row chosen meanwhile stays chosen."""
    import threading

    from casemanager.services.queries import case_ids

    release = threading.Event()
    big_ctx.worker.submit(lambda: release.wait(30))  # the worker busy: nothing arrives yet
    view = CaseListView(big_ctx)
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() == 2000 and model.loading
    assert model.case_id(0) is not None and model.index(0, 0).data() == "CM-0001"
    assert model.case_id(1500) is None and model.index(1500, 0).data() == "…"
    view.table.selectRow(7)
    chosen = model.case_id(7)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    release.set()
    qtbot.waitUntil(lambda: not model.loading)
    assert list(model._ids) == case_ids(big_ctx.db)
    assert model.case_id(1500) is not None and resets == []
    assert [i.data(ID_ROLE) for i in view.table.selectionModel().selectedRows()] == [chosen]
    qtbot.waitUntil(lambda: model.index(1500, 0).data() not in (None, "…"))


@pytest.mark.parametrize("many", [False, True], ids=["one", "twelve"])
def test_a_case_chosen_while_the_sort_runs_stays_chosen(demo_ctx, qtbot, many):
    """The selected cases' new rows are found on the worker with the sorted ids; cases
    selected after the sort was asked for (the worker busy) are found when it arrives."""
    import threading

    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    view.table.selectRow(2)
    release = threading.Event()
    demo_ctx.worker.submit(lambda: release.wait(30))  # the sort's ids wait behind it
    view.table.sortByColumn(FAMILY_NAME, Qt.SortOrder.DescendingOrder)
    view.table.clearSelection()
    rows = range(20, 32) if many else range(40, 41)
    for row in rows:
        view.table.selectionModel().select(
            view.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
            | QItemSelectionModel.SelectionFlag.Rows)
    chosen = {view.model.case_id(row) for row in rows}
    release.set()
    qtbot.waitUntil(settled)
    assert [view.model.case_id(r) for r in range(3)] != [None] * 3
    assert {i.data(ID_ROLE) for i in view.table.selectionModel().selectedRows()} == chosen


def test_the_ids_are_held_outside_the_cycle_collector(big_ctx, qtbot):
    """A million ids as an array of 8-byte integers (a list of Python ints took 36 MB
    and was walked by the collector on the GUI thread), after the first page, a sort
    and a filter alike."""

    view = CaseListView(big_ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    model = view.model
    assert model.rowCount() == 2000 and _unwalked(model._ids)
    view.table.sortByColumn(FAMILY_NAME, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(settled)
    assert _unwalked(model._ids)
    model.set_filter(CaseFilter(statuses=("detained",)))
    qtbot.waitUntil(settled)
    assert 0 < model.rowCount() < 2000 and _unwalked(model._ids)


def _unwalked(ids) -> bool:
    """Whether the cycle collector, walking `ids`, visits none of the ids (a list's
    traversal visits every element; an array's, its type at most)."""
    import gc

    return len(ids) > 2 and len(gc.get_referents(ids)) <= 1


def test_a_row_read_again_shows_its_new_text(demo_ctx):
    """Cell texts are made once per row read: a page dropped from the cache and read
    again, or the list reloaded, shows what the database holds now."""
    from casemanager.services import cases

    model = CaseTableModel(demo_ctx.db, page_size=10, max_pages=1)
    first = model.index(0, FAMILY_NAME)
    old = first.data()
    reference = model.index(0, REFERENCE).data()
    assert old and first.data(Qt.ItemDataRole.ToolTipRole) == old
    cases.update_case(demo_ctx.db, reference, fields={"family_name": "Zyxwvutsr"})
    assert first.data() == old  # its page is at hand: not read again
    assert model.index(35, FAMILY_NAME).data()  # another page: the first is dropped
    assert first.data() == "Zyxwvutsr"
    cases.update_case(demo_ctx.db, reference, fields={"family_name": "Qwerty"})
    model.reload()
    assert model.index(0, FAMILY_NAME).data() == "Qwerty"
    assert model.index(0, FAMILY_NAME).data(Qt.ItemDataRole.ToolTipRole) == "Qwerty"


def test_a_reload_finds_the_chosen_case_on_the_worker(demo_ctx, qtbot):
    """After a change the list is read again and the chosen case chosen again: its row
    comes with the ids from the worker (no scan of every id on the GUI thread), and a
    row found so is not trusted once the ids have moved (a sort)."""
    view = CaseListView(demo_ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    model = view.model
    view.table.selectRow(33)
    view.table.setCurrentIndex(model.index(33, 0))
    chosen = model.case_id(33)
    view.refresh()
    qtbot.waitUntil(settled)
    assert model._located == {chosen: 33}
    assert view.table.currentIndex().row() == 33 and model.case_id(33) == chosen
    view.table.sortByColumn(FAMILY_NAME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(settled)
    moved = model.row_of(chosen)
    assert moved is not None and model.case_id(moved) == chosen
    assert view.select_case(chosen) and view.table.currentIndex().row() == moved


def test_a_search_shows_its_first_page_before_every_match(big_ctx, qtbot):
    """Issue 18: a search's first page is ranked alone and shown, every match read after
    it on the worker and added below, a row chosen meanwhile staying chosen."""
    import threading

    from casemanager.services.queries import case_ids

    view = CaseListView(big_ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    model = view.model
    model._page_size = 16
    family = model.index(0, FAMILY_NAME).data()
    query = CaseFilter(query=family[:3])  # the start of a demo family name: many namesakes
    every = case_ids(big_ctx.db, query)
    assert len(every) > 40
    release = threading.Event()
    seen: list[int] = []

    def first_page(shown: int, _total: int) -> None:
        if not seen:  # the worker busy once the first page is shown: the rest waits
            big_ctx.worker.submit(lambda: release.wait(30))
        seen.append(shown)

    model.counts_changed.connect(first_page)
    model.set_filter(query)
    qtbot.waitUntil(lambda: bool(seen))
    assert model.rowCount() == 16 and model.loading
    assert [model.case_id(n) for n in range(16)] == every[:16]
    view.table.selectRow(3)
    chosen = model.case_id(3)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    release.set()
    qtbot.waitUntil(lambda: not model.loading)
    assert list(model._ids) == every and resets == [] and seen == [16, len(every)]
    assert [i.data(ID_ROLE) for i in view.table.selectionModel().selectedRows()] == [chosen]
