"""The duplicates window: likely pairs with their score and reasons, "Not the same
person", a side-by-side merge screen, and "Undo last merge".

Finding pairs runs off the GUI thread (ui/operations/background.py); dismissing, merging and
undoing are single short transactions in the core (casemanager.services.duplicates and
casemanager.services.merge). Every change is announced on `ctx.changes` so case lists refresh.
Entry point: `open_duplicates_view(ctx, parent)`.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.dto import CaseDetail
from casemanager.services.duplicates import (
    DEFAULT_MIN_SCORE,
    DuplicatePair,
    dismiss_pair,
    find_duplicates,
)
from casemanager.services.merge import last_merge_id, undo_merge
from ui import permissions
from ui.context import AppContext, CaseChange
from ui.duplicates.merge_dialog import MergeDialog, read_pair
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import core_text, person_name_text
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import failure_text, show_failure
from ui.operations.operation import Operation
from ui.widgets.columns import measure_few_rows
from ui.widgets.fit import fit_to_screen

ObjectRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class PairsModel(QAbstractTableModel):
    """Likely duplicate pairs; ObjectRole gives the DuplicatePair of a row."""

    SCORE, CASE_A, NAME_A, CASE_B, NAME_B, REASONS = range(6)
    HEADERS = (
        QT_TRANSLATE_NOOP("PairsModel", "Score"), QT_TRANSLATE_NOOP("PairsModel", "Case"),
        QT_TRANSLATE_NOOP("PairsModel", "Name"), QT_TRANSLATE_NOOP("PairsModel", "Case"),
        QT_TRANSLATE_NOOP("PairsModel", "Name"),
        QT_TRANSLATE_NOOP("PairsModel", "Why they look alike"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pairs: list[DuplicatePair] = []

    def set_pairs(self, pairs: list[DuplicatePair]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        pair = self.pairs[index.row()]
        col = index.column()
        if role == ObjectRole:
            return pair
        if role == Qt.ItemDataRole.DisplayRole:
            # Only the asked cell is worded: Qt asks about a cell many times (its text,
            # font, alignment, size) and a pair's six texts cost more than one.
            if col == self.SCORE:
                return QLocale().toString(pair.score, "f", 2)
            if col == self.CASE_A:
                return pair.reference_a
            if col == self.NAME_A:
                return person_name_text(pair.name_a, pair.native_a)
            if col == self.CASE_B:
                return pair.reference_b
            if col == self.NAME_B:
                return person_name_text(pair.name_b, pair.native_b)
            return "; ".join(core_text(r) for r in pair.reasons)
        if role == Qt.ItemDataRole.ToolTipRole:
            # A long name is cut to the column (fitted to the first rows only): whole here.
            if col == self.NAME_A:
                return person_name_text(pair.name_a, pair.native_a)
            if col == self.NAME_B:
                return person_name_text(pair.name_b, pair.native_b)
            if col == self.REASONS:
                return "\n".join(core_text(r) for r in pair.reasons)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DuplicatesView(QWidget):
    compared = Signal()  # the merge screen for the selected pair is open

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.merge_dialog: MergeDialog | None = None
        self._note = ""  # what the last action did, shown above the new count
        self._can_undo = False  # checked after each refresh, not on every click
        self.setWindowTitle(self.tr("Likely duplicates"))
        fit_to_screen(self, 1100, 520)

        self.min_score = QDoubleSpinBox()
        self.min_score.setRange(0.5, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setDecimals(2)
        self.min_score.setValue(DEFAULT_MIN_SCORE)
        self.find_button = QPushButton(icon("find"), self.tr("Find duplicates"))
        self.find_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Lowest score:")))
        top.addWidget(self.min_score)
        top.addWidget(self.find_button)
        top.addStretch(1)

        self.model = PairsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PairsModel.REASONS, QHeaderView.ResizeMode.Stretch)
        measure_few_rows(self.table)  # not all 6,125 pairs each time results arrive
        self.table.doubleClicked.connect(lambda _i: self.compare())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.compare_button = QPushButton(icon("edit"), self.tr("Compare and merge…"))
        self.compare_button.clicked.connect(self.compare)
        self.dismiss_button = QPushButton(icon("remove"), self.tr("Not the same person"))
        self.dismiss_button.setToolTip(self.tr("This pair will not be proposed again"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.undo_button = QPushButton(self.tr("Undo last merge"))
        self.undo_button.clicked.connect(self.undo_last_merge)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compare_button)
        bottom.addWidget(self.dismiss_button)
        bottom.addStretch(1)
        bottom.addWidget(self.undo_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        permissions.apply_to_duplicates(self)
        self._update_buttons()
        # A case deleted, merged or edited elsewhere: the list follows (a deleted case's
        # pair goes at once, then the pairs are looked for again).
        self._stale = False
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(300)
        self._again.timeout.connect(self._refresh_if_idle)
        ctx.changes.changed.connect(self._cases_changed)

    # ------------------------------------------------------------ state

    def selected_pair(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ObjectRole) if rows else None

    def _update_buttons(self) -> None:
        busy = self.task is not None and not self.task.finished
        has = self.selected_pair() is not None
        self.compare_button.setEnabled(has and not busy)
        self.dismiss_button.setEnabled(has and not busy)
        self.find_button.setEnabled(not busy)
        self.undo_button.setEnabled(not busy and self._can_undo)

    # ------------------------------------------------------------ actions

    def refresh(self) -> None:
        """Look for pairs again, off the GUI thread."""
        self._stale = False
        min_score = self.min_score.value()
        db = self.ctx.db
        self.status.setText(self.tr("Comparing names, dates of birth and citizenships…"))
        self.task = run_in_background(
            self, self.tr("Finding likely duplicates"),
            lambda progress: (find_duplicates(db, min_score, progress),
                              last_merge_id(db) is not None),
            self._show_pairs, self._failed, ctx=self.ctx,
        )
        self._update_buttons()

    def _cases_changed(self, change: CaseChange) -> None:
        if change.initiator is self:
            return  # this window's own merge or undo; it refreshes itself
        shown = {r for p in self.model.pairs for r in (p.reference_a, p.reference_b)}
        touched = shown & set(change.references) if change.references else shown
        if change.references and not touched:
            return
        if change.kind == "deleted" and touched:
            # A pair naming a deleted case goes at once; the search below looks again.
            self.model.set_pairs([p for p in self.model.pairs
                                  if p.reference_a not in touched
                                  and p.reference_b not in touched])
            self.status.setText(self.tr("Deleted elsewhere: %1. Looking again…")
                                .replace("%1", ", ".join(sorted(touched))))
            self._update_buttons()
        self._stale = True
        self._again.start()

    def _refresh_if_idle(self) -> None:
        if self.task is not None and not self.task.finished:
            self._again.start()  # after the search under way
        elif self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._again.start()

    def _show_pairs(self, found: tuple[list[DuplicatePair], bool]) -> None:
        pairs, self._can_undo = found
        self.model.set_pairs(pairs)
        if pairs:
            self.table.selectRow(0)
            text = self.tr("%Ln likely pair(s). Select one to compare or dismiss.", "",
                           len(pairs))
        else:
            text = self.tr("No likely duplicates at this score.")
        self.status.setText(f"{self._note}\n{text}" if self._note else text)
        self._note = ""
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(failure_text(self.tr("Looking for duplicates failed: %1"), exc))
        self._update_buttons()

    def dismiss(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        actor = self.ctx.actor

        def failed(exc: BaseException) -> None:
            self.status.setText(self.tr("Not dismissed: %1").replace("%1", show_failure(
                self, self.tr("Dismiss failed"), exc)))

        Operation(
            self.ctx, parent=self,
            work=lambda db: dismiss_pair(db, pair.reference_a, pair.reference_b, actor=actor),
        ).success(lambda _r: self._dismissed(pair)).failure(failed).run()

    def _dismissed(self, pair: DuplicatePair) -> None:
        if pair not in self.model.pairs:
            return
        row = self.model.pairs.index(pair)
        self.model.set_pairs([p for p in self.model.pairs if p is not pair])
        if self.model.pairs:
            self.table.selectRow(min(row, len(self.model.pairs) - 1))
        self.status.setText(self.tr("{a} and {b} marked as not the same person.").format(
            a=pair.reference_a, b=pair.reference_b))
        self._update_buttons()

    def compare(self) -> None:
        pair = self.selected_pair()
        if pair is None or self.compare_button.isHidden():  # merging is coordinators'
            return
        def show(cases: tuple[CaseDetail, CaseDetail]) -> None:
            self.merge_dialog = MergeDialog(self.ctx, pair, self, cases)
            self.merge_dialog.merged.connect(self._merged)
            self.merge_dialog.open()
            self.compared.emit()

        Operation(self.ctx, parent=self, work=lambda db: read_pair(db, pair), key="compare",
                  failure_title=self.tr("Compare")).success(show).run()

    def _merged(self, message: str, references: list) -> None:
        self.ctx.changes.announce(references, "merged", self)
        self._note = message
        self.refresh()

    def undo_last_merge(self) -> None:
        """Undo the newest merge on the database worker."""
        actor = self.ctx.actor

        def work(db) -> tuple[str, str] | None:
            audit_id = last_merge_id(db)
            return None if audit_id is None else undo_merge(db, audit_id, actor=actor)

        def failed(exc: BaseException) -> None:
            self.status.setText(self.tr("The merge was not undone: %1").replace(
                "%1", show_failure(self, self.tr("Undo merge failed"), exc)))

        Operation(self.ctx, parent=self, work=work).success(self._unmerged).failure(
            failed).run()

    def _unmerged(self, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        kept, restored = result
        self.ctx.changes.announce([kept, restored], "unmerged", self)
        self._note = self.tr("Merge undone: {b} is separate from {a} again.").format(
            a=kept, b=restored)
        self.refresh()


def open_duplicates_view(ctx: AppContext, parent: QWidget | None = None) -> DuplicatesView:
    """Show the duplicates window and start looking for pairs."""
    view = DuplicatesView(ctx, parent)
    view.show()
    view.refresh()
    return view
