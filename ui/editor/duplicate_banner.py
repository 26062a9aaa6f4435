"""The editor's notice that a new case may be someone already held.

Shown above the sections when a new case is about to be saved and
`casemanager.services.duplicate_check.possible_duplicates` finds candidates: "May be
CM-0091 Tursunow Farrukh, born 01.1999", with a button to open each candidate and one to
keep both. It does not block: the form stays editable, and nothing is saved until the
caseworker chooses (keep both) or saves again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casemanager.domain.dto import PossibleDuplicate
from ui.labels import core_text

MAX_SHOWN = 3  # more candidates than this say "look in Duplicates", not more buttons


class DuplicateBanner(QFrame):
    """A non-modal notice with the candidates; `open_requested(reference)` and
    `keep_both()` say what the caseworker chose."""

    open_requested = Signal(str)
    keep_both = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#duplicateBanner { background: #fff4e5; border: 1px solid #f0b35a; }")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        self.keep_button = QPushButton(self.tr("Keep both"))
        self.keep_button.setToolTip(self.tr("Save the new case beside the one already held"))
        self.keep_button.clicked.connect(self.keep_both)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.open_buttons: list[QPushButton] = []
        self.hide()

    def show_candidates(self, found: Sequence[PossibleDuplicate]) -> None:
        """Show these candidates (best first) in place of any shown before."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            inner = item.layout() if item is not None else None
            if inner is not None:
                while inner.count():
                    taken = inner.takeAt(0)
                    child = taken.widget() if taken is not None else None
                    if child is not None:
                        child.deleteLater()
        self.open_buttons = []
        self.title.setText(self.tr(
            "This person may already be held: open the case, or keep both."))
        for candidate in found[:MAX_SHOWN]:
            row = QHBoxLayout()
            text = QLabel(self.tr("May be %1").replace("%1", candidate.describe()))
            text.setToolTip("; ".join(core_text(r) for r in candidate.reasons))
            button = QPushButton(self.tr("Open %1").replace("%1", candidate.reference))
            button.clicked.connect(
                lambda _checked=False, ref=candidate.reference: self.open_requested.emit(ref))
            row.addWidget(text, 1)
            row.addWidget(button)
            self.rows.addLayout(row)
            self.open_buttons.append(button)
        self.show()

    def texts(self) -> list[str]:
        """The candidate lines as shown (for the editor's tests and accessibility)."""
        out = []
        for i in range(self.rows.count()):
            item = self.rows.itemAt(i)
            row = item.layout() if item is not None else None
            first = row.itemAt(0) if row is not None else None
            label = first.widget() if first is not None else None
            if isinstance(label, QLabel):
                out.append(label.text())
        return out
