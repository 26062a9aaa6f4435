"""The merge screen: two cases side by side, a choice of which to keep, and Merge.

Rows that differ are shown in bold. Merging is one core call (casemanager.services.merge):
records move to the kept case, the other's spellings become aliases, empty fields are
filled from the other, and the other case is closed and marked merged (undoable).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.dto import CaseDetail
from casemanager.services.cases import get_case
from casemanager.services.duplicates import DuplicatePair
from casemanager.services.merge import merge_cases
from ui.context import AppContext
from ui.labels import core_text, country_name, date_text, word
from ui.operations.operation import Operation
from ui.widgets.fit import fit_to_screen


def _count(items: tuple) -> str:
    return str(len(items)) if items else ""


ROWS: tuple[tuple[str, Callable[[CaseDetail], str]], ...] = (
    ("Reference", lambda c: c.reference),
    ("Status", lambda c: word("status", c.status)),
    ("Family name", lambda c: c.family_name),
    ("Given name", lambda c: c.given_name),
    ("Patronymic", lambda c: c.patronymic),
    ("Name in native script", lambda c: c.name_native),
    ("Other spellings", lambda c: "; ".join(c.aliases)),
    ("Date of birth", lambda c: date_text(c.date_of_birth)),
    ("Place of birth", lambda c: c.place_of_birth),
    ("Citizenships", lambda c: "; ".join(country_name(code) for code in c.citizenships)),
    ("Father's name", lambda c: c.father_name),
    ("Unit", lambda c: c.unit),
    ("Capture date", lambda c: date_text(c.capture_date)),
    ("Capture place", lambda c: c.capture_place),
    ("Held at", lambda c: c.detention_place),
    ("Identity documents", lambda c: "; ".join(d.number for d in c.documents)),
    ("Contacts", lambda c: _count(c.contacts)),
    ("Appeals", lambda c: _count(c.appeals)),
    ("Timeline events", lambda c: _count(c.events)),
    ("Attachments", lambda c: _count(c.attachments)),
    ("Tasks", lambda c: _count(c.tasks)),
    ("Assigned to", lambda c: c.assigned_to),
)


class MergeDialog(QDialog):
    """Compare two cases and merge one into the other.

    `merged(message, references)` fires after a successful merge.
    """

    merged = Signal(str, list)

    def __init__(self, ctx: AppContext, pair: DuplicatePair, parent: QWidget | None = None,
                 cases: tuple[CaseDetail, CaseDetail] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.pair = pair
        self.setWindowTitle(self.tr("Compare {a} and {b}").format(
            a=pair.reference_a, b=pair.reference_b))
        fit_to_screen(self, 820, 640)
        # Read on the database worker by the view that opens the dialog (`read_pair`).
        self.cases = cases if cases is not None else read_pair(ctx.db, pair)

        why = QLabel(self.tr("Score {score:.2f}: {reasons}").format(
            score=pair.score, reasons="; ".join(core_text(r) for r in pair.reasons)))
        why.setWordWrap(True)
        self.table = QTableWidget(len(ROWS), 2)
        self.table.setHorizontalHeaderLabels([c.reference for c in self.cases])
        self.table.setVerticalHeaderLabels([self.tr(label) for label, _ in ROWS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        bold = QFont()
        bold.setBold(True)
        for row, (_label, get) in enumerate(ROWS):
            values = [get(c) for c in self.cases]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if values[0] != values[1]:
                    item.setFont(bold)
                self.table.setItem(row, col, item)

        self.keep_a = QRadioButton(self.tr("Keep {a}; merge {b} into it").format(
            a=pair.reference_a, b=pair.reference_b))
        self.keep_b = QRadioButton(self.tr("Keep {b}; merge {a} into it").format(
            a=pair.reference_a, b=pair.reference_b))
        self.keep_a.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_a)
        group.addButton(self.keep_b)
        note = QLabel(self.tr(
            "Contacts, appeals, events, attachments, documents, custody and tasks move to the "
            "kept case; the other's spellings become aliases and its empty fields are filled "
            "in. The other case is closed, not deleted, and the merge can be undone."))
        note.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.do_merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.keep_a)
        layout.addWidget(self.keep_b)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def choice(self) -> tuple[str, str]:
        """(kept, merged) references as chosen."""
        a, b = self.pair.reference_a, self.pair.reference_b
        return (a, b) if self.keep_a.isChecked() else (b, a)

    def do_merge(self) -> None:
        """Merge on the database worker; the dialog stays until it is done. Not while
        either case has unsaved edits in a window: they were made on the case as it was,
        and saving them after the merge would be refused as someone else's change."""
        keep, other = self.choice()
        unsaved = unsaved_references(self.ctx, (keep, other))
        if unsaved:
            QMessageBox.information(
                self, self.tr("Merge"),
                self.tr("%1 has unsaved changes in its tab: save or discard them first, "
                        "then merge.").replace("%1", ", ".join(unsaved)))
            return
        actor = self.ctx.actor
        self.merge_button.setEnabled(False)
        Operation(
            self.ctx, parent=self, work=lambda db: merge_cases(db, keep, other, actor=actor),
            failure_title=self.tr("Merge failed"),
        ).success(lambda result: self._merged(keep, other, result)).finally_(
            lambda: self.merge_button.setEnabled(True)).run()

    def _merged(self, keep: str, other: str, result) -> None:
        moved = self.tr("%Ln record(s) moved", "", sum(result.moved.values()))
        aliases = self.tr("%Ln spelling(s) kept as aliases", "", len(result.aliases_added))
        message = self.tr(
            "Merged {other} into {keep}: {moved}, {aliases}. Use “Undo last merge” to "
            "separate them again."
        ).format(other=other, keep=keep, moved=moved, aliases=aliases)
        self.accept()
        self.merged.emit(message, [keep, other])


def unsaved_references(ctx: AppContext, references: tuple[str, ...]) -> list[str]:
    """Those of `references` open with unsaved edits in a window on this context."""
    found = []
    for widget in QApplication.topLevelWidgets():
        editor_for = getattr(getattr(widget, "tabs", None), "editor_for", None)
        if getattr(widget, "ctx", None) is not ctx or editor_for is None:
            continue  # not a main window on this database
        for reference in references:
            editor = editor_for(reference)
            if editor is not None and editor.is_dirty() and reference not in found:
                found.append(reference)
    return found


def read_pair(db, pair: DuplicatePair) -> tuple[CaseDetail, CaseDetail]:
    """Both cases of a pair, as the merge screen shows them (run on the worker)."""
    return get_case(db, pair.reference_a), get_case(db, pair.reference_b)
