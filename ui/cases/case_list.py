"""The list of cases: the filter bar over a lazily filled table, or the empty-state
panel when the database holds no case yet. Column choice, order and widths are kept in
the settings."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.queries import closest_cases
from ui.cases.case_table import (
    COLUMNS,
    ID_ROLE,
    PRIORITY,
    REFERENCE,
    REFERENCE_ROLE,
    STATUS,
    CaseTableModel,
    column_title,
)
from ui.cases.empty_state import EmptyStatePanel
from ui.cases.filter_bar import FilterBar
from ui.context import AppContext
from ui.labels import choices
from ui.operations.failures import failure_text
from ui.operations.operation import Operation

HEADER_KEY = "case_list/header"
_VOCABULARY_COLUMNS = {STATUS: "status", PRIORITY: "priority"}
HEADER_VERSION = 1  # bump when COLUMNS change, so an old saved state is not misapplied


class CaseListView(QWidget):
    """Emits `open_requested(reference)` on double-click or Enter."""

    open_requested = Signal(str)
    counts_changed = Signal(int, int)  # shown, total
    current_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter_bar = FilterBar(ctx, self)
        self.model = CaseTableModel(ctx.db, self, ctx=ctx)
        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # Fixed row heights: the view never measures rows, so it never fetches them.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.current_changed.emit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.current_changed.emit())

        self.empty_panel = EmptyStatePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_panel)

        # Said when a search or filter leaves the list empty, with the nearest names.
        self.no_match = QLabel(self)
        self.no_match.setObjectName("noMatch")
        self.no_match.setWordWrap(True)
        self.no_match.setTextFormat(Qt.TextFormat.RichText)
        self.no_match.setContentsMargins(4, 6, 4, 6)
        self.no_match.linkActivated.connect(self.open_requested)
        self.no_match.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.no_match)
        layout.addWidget(self.stack, 1)

        self._apply_default_widths()
        self.restore_header()
        self.table.setSortingEnabled(True)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_header)
        header.sectionResized.connect(self._save_timer.start)
        header.sectionMoved.connect(self._save_timer.start)
        header.sortIndicatorChanged.connect(self._save_timer.start)

        self.filter_bar.filter_changed.connect(self.model.set_filter)
        self.filter_bar.accepted.connect(self.open_first_hit)
        # Enter pressed while the search runs on the worker opens its first hit, not the
        # first row of the list still shown.
        self._open_when_loaded = False
        self.model.counts_changed.connect(self._loaded)
        self.filter_bar.search.installEventFilter(self)
        self.model.counts_changed.connect(self._on_counts)
        self._on_counts(self.model.shown_count, self.model.total_count)

    # ------------------------------------------------------------------ columns

    def _apply_default_widths(self) -> None:
        char = self.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for n, column in enumerate(COLUMNS):
            # Wide enough for the (translated) title and its sort arrow as well.
            title = self.model.headerData(n, Qt.Orientation.Horizontal)
            needed = header.fontMetrics().horizontalAdvance(str(title or "")) + 24
            # Vocabulary columns fit their longest word in the interface language.
            vocabulary = _VOCABULARY_COLUMNS.get(n)
            if vocabulary:
                metrics = self.table.fontMetrics()
                needed = max(needed, *(metrics.horizontalAdvance(text) + 16 for _, text in choices(vocabulary)))
            self.table.setColumnWidth(n, max(column.chars * char + 16, needed))
        self.table.horizontalHeader().setSortIndicator(REFERENCE, Qt.SortOrder.AscendingOrder)

    def restore_header(self) -> None:
        settings = self.ctx.settings
        if settings.value(f"{HEADER_KEY}_version", 0, int) != HEADER_VERSION:
            return
        state = settings.value(HEADER_KEY)
        if state:
            self.table.horizontalHeader().restoreState(state)
        # A header saved with every column hidden would leave nothing to click.
        if not self.visible_columns():
            self.table.setColumnHidden(REFERENCE, False)

    def save_header(self) -> None:
        self.ctx.settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        self.ctx.settings.setValue(f"{HEADER_KEY}_version", HEADER_VERSION)

    def visible_columns(self) -> list[int]:
        return [n for n in range(len(COLUMNS)) if not self.table.isColumnHidden(n)]

    def set_column_visible(self, column: int, visible: bool) -> None:
        if not visible and self.visible_columns() == [column]:
            return  # keep at least one column
        self.table.setColumnHidden(column, not visible)
        if visible and self.table.columnWidth(column) < 20:
            self.table.setColumnWidth(column, COLUMNS[column].chars * self.fontMetrics().averageCharWidth() + 16)
        self.save_header()

    def columns_menu(self, parent: QWidget | None = None) -> QMenu:
        """Checkable entries, one per column (the header's context menu)."""
        menu = QMenu(self.tr("Columns"), parent or self)
        self.fill_columns_menu(menu)
        return menu

    def fill_columns_menu(self, menu: QMenu) -> None:
        """(Re)fill `menu` with the column entries; the View menu calls it on opening."""
        for action in menu.actions():
            action.deleteLater()
        menu.clear()
        visible = self.visible_columns()
        for n in range(len(COLUMNS)):
            action = QAction(column_title(n), menu)
            action.setCheckable(True)
            action.setChecked(n in visible)
            action.setEnabled(not (n in visible and len(visible) == 1))
            action.toggled.connect(lambda on, n=n: self.set_column_visible(n, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Default columns"))
        reset.triggered.connect(self.reset_columns)

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for n in range(len(COLUMNS)):
            header.moveSection(header.visualIndex(n), n)
            self.table.setColumnHidden(n, False)
        self._apply_default_widths()
        self.save_header()

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.columns_menu(self)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    # ------------------------------------------------------------------ rows

    def _activated(self, index: QModelIndex) -> None:
        reference = index.data(REFERENCE_ROLE)
        if reference:
            self.open_requested.emit(reference)

    def open_first_hit(self) -> None:
        """Enter in the search box: open the best match (the list's first row); with
        nothing typed there is no match to open."""
        if self.model.loading:
            self._open_when_loaded = True
            return
        if self.model.rowCount() == 0 or not self.model.case_filter.query.strip():
            return
        index = self.model.index(0, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(0)
        self._activated(index)

    def _loaded(self, *_counts: object) -> None:
        if self._open_when_loaded:
            self._open_when_loaded = False
            self.open_first_hit()

    def has_current(self) -> bool:
        """Whether a case is chosen in the list, without asking for its row (which
        may still be on its way from the database worker)."""
        index = self.table.currentIndex()
        return (index.isValid() and self.table.selectionModel().isRowSelected(index.row())
                and self.model.case_id(index.row()) is not None)

    def current_reference(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return index.siblingAtColumn(0).data(REFERENCE_ROLE)

    def selected_references(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return self.model.references_of_rows(rows)

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.model.index(row, self.table.horizontalHeader().logicalIndex(0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        return True

    def refresh(self) -> None:
        """Query the list again after a change, keeping the selected case selected."""
        index = self.table.currentIndex()
        current = index.data(ID_ROLE) if index.isValid() else None
        self.filter_bar.reload_values()
        def reselect() -> None:
            if current is not None:
                self.select_case(current)

        self.model.reload(then=reselect if current is not None else None, locate=current)

    def _explain_no_match(self, shown: int, total: int) -> None:
        """An empty list after a search says so and offers the closest names as links."""
        if shown or not total:
            self.no_match.hide()
            return
        query = self.model.case_filter.query.strip()
        if not query:
            self.no_match.setText(self.tr("No case matches these filters."))
            self.no_match.show()
            return
        text = self.tr("No case matches “%1”.").replace("%1", html.escape(query))
        self.no_match.setText(text)
        self.no_match.show()

        # The closest names are looked for on the database worker, then added (unless
        # another search came meanwhile: the same key drops this one).
        def found(near: list) -> None:
            if near and self.model.case_filter.query.strip() == query:
                links = ", ".join(
                    f'<a href="{html.escape(row.reference)}">{html.escape(row.reference)} '
                    f"{html.escape(row.display_name)}</a>" for row in near)
                self.no_match.setText(
                    text + " " + self.tr("Closest names: %1").replace("%1", links))

        def missing(exc: BaseException) -> None:  # a help: say why it is missing
            self.no_match.setText(text + " " + html.escape(
                failure_text(self.tr("No closest names: %1"), exc)))

        Operation(self.ctx, parent=self, work=lambda db: closest_cases(db, query),
                  key="closest").success(found).failure(missing).run()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes to the matches, so search, Down, Enter opens one.
        if (
            watched is self.filter_bar.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and self.model.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _on_counts(self, shown: int, total: int) -> None:
        if shown and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.stack.setCurrentWidget(self.empty_panel if total == 0 else self.table)
        self._explain_no_match(shown, total)
        self.filter_bar.setVisible(total > 0)
        self.counts_changed.emit(shown, total)
