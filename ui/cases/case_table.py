"""The case list as a Qt table model that holds only ids and fetches rows as shown.

The core hands out the ordered ids of every case the filter shows (`case_ids`, one
cheap query even at 100,000 cases); rows are fetched a page at a time
(`rows_for_ids`) when the view first asks for one of them, and a few recent pages are
kept. Sorting and filtering re-query the ids through the core, so the order is the
database's and the model never sorts in Python.

With an application context (the window's list) every query runs on the database
worker: the ids of a search, filter, reload or re-sort (the newest request winning), and
the pages while scrolling. A row whose page is on its way is shown as a placeholder
("…") and filled in when the page arrives (`dataChanged`). The whole-row roles
(REFERENCE_ROLE, ROW_ROLE: what a chosen row is) need an answer at once: a missing page
is read on the worker and waited for with the event loop running, and the references of
a large selection come in one read (`references_of_rows`), never page by page.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication

from casemanager.domain.dto import CaseRow
from casemanager.services.queries import (
    CaseFilter,
    case_id_array,
    count_cases,
    references_for_ids,
    rows_for_ids,
)
from casemanager.store.database import Database
from casemanager.system.memory import give_back
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import date_text, local_time_text, word

T = TypeVar("T")
_ROOT = QModelIndex()  # the invisible root: a flat table has no other parent
PAGE_SIZE = 100
MAX_PAGES = 12  # about a dozen screens of rows stay cached; the rest is fetched again


# The id of a row not read yet (no case has id 0): rows past the first page until every
# id has arrived from the worker.
_UNKNOWN = 0


@dataclass(frozen=True)
class Column:
    key: str  # the CaseRow attribute, and the core's sort key of the same name
    title: str  # untranslated; shown through QCoreApplication.translate
    chars: int  # default width in average characters


COLUMNS: tuple[Column, ...] = (
    Column("reference", QT_TRANSLATE_NOOP("CaseTableModel", "Reference"), 11),
    Column("family_name", QT_TRANSLATE_NOOP("CaseTableModel", "Family name"), 14),
    Column("given_name", QT_TRANSLATE_NOOP("CaseTableModel", "Given name"), 12),
    Column("name_native", QT_TRANSLATE_NOOP("CaseTableModel", "Native name"), 22),
    Column("citizenships", QT_TRANSLATE_NOOP("CaseTableModel", "Citizenship"), 10),
    Column("status", QT_TRANSLATE_NOOP("CaseTableModel", "Status"), 16),
    Column("priority", QT_TRANSLATE_NOOP("CaseTableModel", "Priority"), 10),
    Column("capture_date", QT_TRANSLATE_NOOP("CaseTableModel", "Captured"), 16),  # "September 2022"
    Column("detention_place", QT_TRANSLATE_NOOP("CaseTableModel", "Place of detention"), 21),
    Column("next_follow_up", QT_TRANSLATE_NOOP("CaseTableModel", "Next follow-up"), 13),
    Column("updated_at", QT_TRANSLATE_NOOP("CaseTableModel", "Last update"), 15),
)
(
    REFERENCE,
    FAMILY_NAME,
    GIVEN_NAME,
    NAME_NATIVE,
    CITIZENSHIPS,
    STATUS,
    PRIORITY,
    CAPTURE_DATE,
    DETENTION_PLACE,
    NEXT_FOLLOW_UP,
    UPDATED_AT,
) = range(len(COLUMNS))

ID_ROLE = Qt.ItemDataRole.UserRole + 1
REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole CaseRow

# data() and flags() run some 2,000 times a paint of the rows on screen: roles as plain
# ints (an enum member's lookup and comparison cost more) and the flags made once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ID, _REFERENCE, _ROW = int(ID_ROLE), int(REFERENCE_ROLE), int(ROW_ROLE)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ID, _REFERENCE, _ROW})
_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
          | Qt.ItemFlag.ItemNeverHasChildren)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

_URGENT = QColor("#b00020")
_HIGH = QColor("#a35200")
_OVERDUE = QColor("#b00020")


def column_title(column: int) -> str:
    return QCoreApplication.translate("CaseTableModel", COLUMNS[column].title)


def cell_text(row: CaseRow, column: int) -> str:
    key = COLUMNS[column].key
    value = getattr(row, key)
    if column == STATUS:
        return word("status", value)
    if column == PRIORITY:
        return word("priority", value)
    if column == CITIZENSHIPS:
        return ", ".join(value.split(";")) if value else ""
    if column == DETENTION_PLACE and value == "location not disclosed":
        return QCoreApplication.translate("CaseTableModel", "location not disclosed")
    if column == UPDATED_AT:
        return local_time_text(value)
    if column in (CAPTURE_DATE, NEXT_FOLLOW_UP):
        return date_text(value)
    return value or ""


class CaseTableModel(QAbstractTableModel):
    """Cases the filter shows, in the core's order; rows fetched lazily in pages."""

    # Emitted after the set of ids changed (filter, sort, reload): (shown, total).
    counts_changed = Signal(int, int)
    # The column whose order is on its way (a sort read on the worker), -1 once the rows
    # shown are in the order the header's arrow says. At a million cases a sort takes
    # seconds: the rows meanwhile are in the old order (tester t18: a saved sort showed
    # the reference order under another column's arrow for 3 s, unsaid).
    sorting_changed = Signal(int)

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        ctx: Any = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        # With an application context, a search, a filter and a reload after a change
        # query the ids on its database worker; the newest request wins (an older
        # result is dropped). The first load (the ids and the first page), before the
        # window shows, stays direct.
        self._ctx = None
        self.loading = False
        self._page_size = page_size
        self._max_pages = max_pages
        self._filter = CaseFilter()
        self._reload_pending: tuple[bool, Callable[[], None] | None, int | None] | None = None
        self._sort_key = "reference"
        self._descending = False
        self.sorting = -1  # the column being sorted on the worker (sorting_changed)
        # The ids in display order, 8 bytes each (a list of a million Python ints took
        # 36 MB, and the cycle collector walked it on the GUI thread).
        self._ids: array[int] = array("q")
        self._total = 0
        self._pages: OrderedDict[int, dict[int, CaseRow]] = OrderedDict()
        # The text of each cell of the kept pages, made once: {(case id, column): text}.
        self._texts: dict[tuple[int, int], str] = {}
        self._requested: set[int] = set()  # pages on their way from the worker
        # Rows of cases found on the worker with the ids (`reload(locate=)`): {id: row}.
        self._located: dict[int, int] = {}
        self._generation = 0  # bumped when the ids change: an older page is dropped
        self.pages_fetched = 0  # how many page queries ran (tests and benchmarks read it)
        if ctx is None:
            self.reload()
            if self._ids:
                self.case_row(0)  # and its first page, ready to paint
        else:
            self._first_page()
        self._ctx = ctx
        if ctx is not None and _UNKNOWN in self._ids[self._page_size:self._page_size + 1]:
            self._complete_ids()

    def _first_page(self) -> None:
        """Before the window shows: the first page's ids (the database sorts and stops)
        and how many cases there are, read here; the other rows' ids are _UNKNOWN until
        `_complete_ids` has read them on the worker. At 1,000,000 cases reading every id
        first kept the window from showing for 2 s (benchmarks/results.md)."""
        first = case_id_array(self._db, self._filter, sort=self._sort_key,
                              descending=self._descending, limit=self._page_size)
        total = count_cases(self._db) if len(first) == self._page_size else len(first)
        self._ids = first + array("q", bytes(8 * (total - len(first))))  # _UNKNOWN each
        self._total = total
        if first:
            self.case_row(0)  # its rows, ready to paint when the window shows

    def _complete_ids(self) -> None:
        """Every id, read on the worker after the first page; the rows keep their places
        (the first page's ids lead the whole list), so a selection made meanwhile stays.
        A reload, a sort or a search started meanwhile overtakes it (the same key)."""
        from ui.operations.operation import Operation

        case_filter, sort, descending = self._filter, self._sort_key, self._descending
        known = array("q", (i for i in self._ids[:self._page_size] if i != _UNKNOWN))

        def arrived(ids: array[int]) -> None:
            self.loading = False
            if len(ids) == len(self._ids) and ids[:len(known)] == known:
                self.layoutAboutToBeChanged.emit()
                self._ids = ids
                first = self._pages.get(0)
                self._forget_pages()  # pages asked for meanwhile held no ids
                if first is not None:
                    self._pages[0] = first  # the first page's rows stay
                self.layoutChanged.emit()
            else:  # cases added or removed meanwhile: the list as it is now
                self.beginResetModel()
                self._ids = ids
                self._forget_pages()
                self.endResetModel()
            self.counts_changed.emit(len(self._ids), max(self._total, len(self._ids)))

        self.loading = True
        assert self._ctx is not None  # made with a context: the window's list
        Operation(self._ctx, parent=self, key="ids",
                  work=lambda db: _every_id(db, case_filter, sort, descending)
                  ).success(arrived).run()

    # ------------------------------------------------------------------ state

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def total_count(self) -> int:
        """Cases in the database, whatever the filter."""
        return self._total

    @property
    def shown_count(self) -> int:
        return len(self._ids)

    @property
    def pages_loaded(self) -> int:
        return len(self._pages)

    def set_filter(self, case_filter: CaseFilter) -> None:
        if case_filter != self._filter:
            self._filter = case_filter
            self.reload(recount=False)

    def reload(self, *, recount: bool = True, then: Callable[[], None] | None = None,
               locate: int | None = None) -> None:
        """Query the ids again (after a change somewhere); cached rows are dropped.
        `then()` once the new ids are shown. The row of case `locate` is found with the
        ids on the worker, so that `row_of` need not scan them (30 ms at a million)."""
        case_filter, sort, descending = self._filter, self._sort_key, self._descending
        # A sort started before these ids arrive overtakes this request (same key): it
        # then reloads in its place, so the counts and `then` are not lost.
        self._reload_pending = (recount, then, locate)
        wanted = frozenset(() if locate is None else (locate,))
        # A search in its own order: its first page first (the core ranks that page alone,
        # issue 18), every match after it (`_rest_of_search`).
        page = (self._page_size if self._ctx is not None and case_filter.query.strip()
                and sort == "reference" and not descending else 0)

        def work(db) -> tuple[array[int], int | None, dict[int, int], bool]:
            if page:
                ids = case_id_array(db, case_filter, sort=sort, descending=descending,
                                    limit=page)
                if len(ids) == page:  # more may follow
                    return (ids, count_cases(db) if recount else None, _positions(ids, wanted),
                            True)
            else:
                ids = _every_id(db, case_filter, sort, descending)
            if case_filter.is_empty():  # no second query when every case is shown
                return ids, len(ids), _positions(ids, wanted), False
            return ids, count_cases(db) if recount else None, _positions(ids, wanted), False

        def show(result: tuple[array[int], int | None, dict[int, int], bool]) -> None:
            ids, total, located, partial = result
            self.loading = partial
            self._set_sorting(-1)  # these ids are in the sort's order
            if not partial:
                self._reload_pending = None
            self.beginResetModel()
            self._ids = ids
            self._located = located
            if total is not None:
                self._total = total
            self._forget_pages()
            self.endResetModel()
            self.counts_changed.emit(len(self._ids), self._total)
            if partial:
                self._rest_of_search(case_filter, ids, then)
            elif then is not None:
                then()

        if self._ctx is None:
            show(work(self._db))
            return
        from ui.operations.operation import Operation

        self.loading = True
        Operation(self._ctx, parent=self, work=work, key="ids").success(show) \
            .finally_(lambda: self._set_sorting(-1)).run()

    def _rest_of_search(self, case_filter: CaseFilter, first: array[int],
                        then: Callable[[], None] | None) -> None:
        """Every match of a search whose first page is shown, read on the worker; added
        below that page (which leads the whole list), so a row chosen meanwhile stays.
        A sort, a search or a reload started meanwhile overtakes it (the same key; a sort
        reloads in its place while `_reload_pending` holds the counts and `then`)."""
        from ui.operations.operation import Operation

        def arrived(ids: array[int]) -> None:
            self.loading = False
            self._reload_pending = None
            if ids[:len(first)] == first and self._ids == first:
                if len(ids) > len(first):
                    self.beginInsertRows(_ROOT, len(first), len(ids) - 1)
                    self._ids = ids
                    self.endInsertRows()
            else:  # cases changed meanwhile: the list as it is now
                self.beginResetModel()
                self._ids = ids
                self._forget_pages()
                self.endResetModel()
            self.counts_changed.emit(len(self._ids), self._total)
            if then is not None:
                then()

        assert self._ctx is not None  # a first page alone only with the worker
        Operation(self._ctx, parent=self, key="ids",
                  work=lambda db: _every_id(db, case_filter, "reference", False)
                  ).success(arrived).run()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending) and self._ids:
            return
        self._sort_key, self._descending = key, descending
        if self._ctx is None:
            # Sorting 100,000 cases by a computed column takes a moment: say so.
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                ids = case_id_array(self._db, self._filter, sort=key, descending=descending)
                self._resort(ids, _positions(ids, self._persistent_ids()))
            finally:
                QGuiApplication.restoreOverrideCursor()
            return
        self._set_sorting(column)
        if self._reload_pending is not None:  # new ids on their way: ask again, sorted
            recount, then, locate = self._reload_pending
            self.reload(recount=recount, then=then, locate=locate)
            return
        from ui.operations.operation import Operation

        case_filter = self._filter
        self.loading = True
        # The selected cases' new rows are found on the worker too, in one pass over the
        # new ids (on the GUI thread, a dict of every id's row took 221 ms at 1,000,000
        # cases; one scan of the array for one id, 30 ms).
        wanted = self._persistent_ids()

        def work(db: Database) -> tuple[array[int], dict[int, int]]:
            ids = _every_id(db, case_filter, key, descending)
            return ids, _positions(ids, wanted)

        def resorted(result: tuple[array[int], dict[int, int]]) -> None:
            self.loading = False
            self._resort(*result)

        # The rows stay in their old order until the new one is here; a newer sort, a
        # search or a reload drops this one's result (the same key).
        Operation(self._ctx, parent=self, key="ids", work=work).success(resorted) \
            .finally_(lambda: self._set_sorting(-1)).run()

    def _set_sorting(self, column: int) -> None:
        if column != self.sorting:
            self.sorting = column
            self.sorting_changed.emit(column)

    def _persistent_ids(self) -> frozenset[int]:
        """The cases at the persistent indexes (the selection, the current row)."""
        return frozenset(i for i in (self.case_id(index.row())
                                     for index in self.persistentIndexList()) if i is not None)

    def _resort(self, ids: array[int], position: dict[int, int]) -> None:
        """Show the ids in their new order, moving persistent indexes (selection) to
        the rows `position` gives for their cases (found with the ids); a case selected
        after the ids were asked for is looked for here."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.case_id(i.row()) for i in old]
        self._ids = ids
        self._forget_pages()
        missing = {i for i in old_ids if i is not None and i not in position}
        if missing:
            position = {**position, **_positions(ids, missing)}
        new = []
        for index, case_id in zip(old, old_ids, strict=True):
            row = position.get(case_id) if case_id is not None else None
            new.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._texts.clear()
        self._requested.clear()
        self._generation += 1

    # ------------------------------------------------------------------ rows

    def case_id(self, row: int) -> int | None:
        """The case id at a model row; None past the end, or while the row's id is not
        read yet (the first moments after the window shows)."""
        case_id = self._ids[row] if 0 <= row < len(self._ids) else _UNKNOWN
        return None if case_id == _UNKNOWN else case_id

    def row_of(self, case_id: int) -> int | None:
        row = self._located.get(case_id)
        if row is not None and row < len(self._ids) and self._ids[row] == case_id:
            return row  # found on the worker with these ids
        try:
            return self._ids.index(case_id)  # a scan of the array: 30 ms at a million
        except ValueError:
            return None

    def case_row(self, row: int) -> CaseRow | None:
        """The CaseRow at a model row, fetching its page at once when it is not cached
        (on the calling thread: for a row asked for by what it is, not for painting)."""
        case_id = self.case_id(row)
        if case_id is None:
            return None
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            ids = self._page_ids(number)
            none: list[CaseRow] = []
            page = {r.id: r for r in self._read(lambda db: rows_for_ids(db, ids), none)}
            self.pages_fetched += 1
            self._keep(number, page)
        else:
            self._pages.move_to_end(number)
        return page.get(case_id)  # None when deleted meanwhile

    def references_of_rows(self, rows: list[int]) -> list[str]:
        """The references at these model rows, in their order: from the cached pages,
        the rest in one read (a selection of every case reads no page of rows)."""
        ids: list[int] = []
        known: dict[int, str] = {}
        missing: list[int] = []
        for row in rows:
            case_id = self.case_id(row)
            if case_id is None:
                continue
            ids.append(case_id)
            cached = self.cached_row(row)
            if cached is not None:
                known[case_id] = cached.reference
            else:
                missing.append(case_id)
        if missing:
            nothing: dict[int, str] = {}
            known.update(self._read(lambda db: references_for_ids(db, missing), nothing))
        return [known[i] for i in ids if i in known]

    def _read(self, work: Callable[[Database], T], failed: T) -> T:
        """`work(db)` on the database worker when the model has a context (the window),
        waited for with the event loop running: the GUI thread paints and runs no SQL.
        Without a context (before the window shows, and in tests of the model alone) it
        runs here. A failure is shown by the operation; then `failed` is returned."""
        if self._ctx is None:
            return work(self._db)
        from ui.operations.operation import Operation

        result: list[T] = []
        op = Operation(self._ctx, parent=self, work=work,
                       failure_title=QCoreApplication.translate("CaseTableModel", "Case list"))
        op.success(result.append).run().wait()
        return result[0] if result else failed

    def cached_row(self, row: int) -> CaseRow | None:
        """The CaseRow at a model row if its page is at hand, else None; reads nothing."""
        case_id = self.case_id(row)
        page = self._pages.get(row // self._page_size) if case_id is not None else None
        return page.get(case_id) if page is not None and case_id is not None else None

    def _page_ids(self, number: int) -> list[int]:
        start = number * self._page_size
        return [i for i in self._ids[start : start + self._page_size] if i != _UNKNOWN]

    def _keep(self, number: int, page: dict[int, CaseRow]) -> None:
        self._forget_texts(page)  # rows read again: their texts are made again
        self._pages[number] = page
        self._pages.move_to_end(number)
        while len(self._pages) > self._max_pages:
            self._forget_texts(self._pages.popitem(last=False)[1])

    def _forget_texts(self, page: dict[int, CaseRow]) -> None:
        if self._texts:
            for case_id in page:
                for column in range(len(COLUMNS)):
                    self._texts.pop((case_id, column), None)

    def shown_row(self, row: int) -> CaseRow | None:
        """The CaseRow to paint at a model row: cached, or None (a placeholder) while its
        page is fetched on the database worker."""
        if self._ctx is None:
            return self.case_row(row)
        case_id = self.case_id(row)
        if case_id is None:
            return None
        number = row // self._page_size
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page.get(case_id)
        self._request(number)
        return None

    def is_pending(self, row: int) -> bool:
        """Whether the row's page is on its way (the row shows as a placeholder)."""
        return (row // self._page_size) in self._requested

    def _request(self, number: int) -> None:
        if number in self._requested:
            return
        from ui.operations.operation import Operation

        self._requested.add(number)
        ids, generation = self._page_ids(number), self._generation

        def arrived(rows: list[CaseRow]) -> None:
            if generation != self._generation:
                return  # the ids changed meanwhile: the placeholders were reset anyway
            self._requested.discard(number)
            self.pages_fetched += 1
            self._keep(number, {r.id: r for r in rows})
            first = number * self._page_size
            last = min(first + len(ids), len(self._ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

        # No key: each page is its own request; a failure is shown once and the page is
        # not asked for again until the next reload.
        assert self._ctx is not None  # shown_row fetches in place without a context
        Operation(self._ctx, parent=self, work=lambda db: rows_for_ids(db, ids),
                  failure_title=QCoreApplication.translate("CaseTableModel", "Case list")
                  ).success(arrived).run()

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(section)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY
    ) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        number, column = index.row(), index.column()
        if not 0 <= column < len(COLUMNS):
            return None
        if role == _ID:
            return self.case_id(number)
        if role == _REFERENCE or role == _ROW:
            row = self.case_row(number)
            if row is None:
                return None
            return row.reference if role == _REFERENCE else row
        if role != _FOREGROUND:  # the text, made once per cell of a kept page
            case_id = self._ids[number] if 0 <= number < len(self._ids) else _UNKNOWN
            text = self._texts.get((case_id, column))
            if text is not None:
                return text if role == _DISPLAY else (text or None)
        row = self.shown_row(number)
        if row is None:
            if role == _DISPLAY and column == REFERENCE and (
                    self.is_pending(number) or self._ids[number] == _UNKNOWN):
                return "…"  # a placeholder until the page arrives
            return None
        if role == _FOREGROUND:
            return self._foreground(row, column)
        text = cell_text(row, column)
        self._texts[(row.id, column)] = text
        return text if role == _DISPLAY else (text or None)

    def _foreground(self, row: CaseRow, column: int) -> QBrush | None:
        if column == PRIORITY and row.priority == "urgent":
            return QBrush(_URGENT)
        if column == PRIORITY and row.priority == "high":
            return QBrush(_HIGH)
        if column == NEXT_FOLLOW_UP and row.next_follow_up and row.next_follow_up < dt.date.today():
            return QBrush(_OVERDUE)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS


def _every_id(db: Database, case_filter: CaseFilter, sort: str, descending: bool) -> array[int]:
    """Every id the list shows, in order (on the database worker); then the memory the
    database's sort used is handed back, so that the next sort does not add to it."""
    ids = case_id_array(db, case_filter, sort=sort, descending=descending)
    give_back()
    return ids


def _positions(ids: array[int], wanted: frozenset[int] | set[int]) -> dict[int, int]:
    """{case id: its row in `ids`} for the wanted ids that are there: one scan of the
    array for a few, one pass over it for more (no dict of every row)."""
    if not wanted:
        return {}
    if len(wanted) <= 8:
        found: dict[int, int] = {}
        for case_id in wanted:
            try:
                found[case_id] = ids.index(case_id)
            except ValueError:
                pass  # no longer listed
        return found
    return {case_id: n for n, case_id in enumerate(ids) if case_id in wanted}
