"""The bar above the case list: a search box that narrows the list as one types, and
menus for status, citizenship, priority, recruitment, caseworker and tag."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from casemanager.domain import vocab
from casemanager.services.queries import CaseFilter, distinct_values
from ui.context import AppContext
from ui.icons import icon
from ui.labels import country_label, word
from ui.widgets.flow_layout import FlowLayout

SEARCH_DELAY_MS = 250  # long enough to let a word be typed, short enough to feel live
OPEN = "open"  # the status menu's "Open cases": every status that is not closed
OPEN_STATUSES = tuple(s for s in vocab.STATUSES if s not in vocab.CLOSED_STATUSES)


class ShrinkingCombo(QComboBox):
    """As wide as its longest entry when there is room; in a narrow window (1024 pixels,
    Russian words) it gives way down to about ten characters, its text elided, the whole
    choice in its tooltip and its list as wide as the longest entry."""

    MIN_CHARS = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        narrow = self.fontMetrics().averageCharWidth() * self.MIN_CHARS + 36
        return QSize(min(hint.width(), narrow), hint.height())

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 24)
        super().showPopup()


class FilterBar(QWidget):
    """Emits `filter_changed(CaseFilter)` whenever the user narrows or widens the list."""

    filter_changed = Signal(object)
    accepted = Signal()  # Enter in the search box: the list has the search's matches

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search names, aliases, references…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(180)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        # Enter searches at once instead of waiting for the pause, then opens the best hit.
        self.search.returnPressed.connect(self._accept)

        self.status = self._combo("status", self.tr("Any status"))
        self.status.addItem(self.tr("Open cases"), OPEN)
        for status in vocab.STATUSES:
            self.status.addItem(word("status", status), status)
        self.citizenship = self._combo("citizenship", self.tr("Any citizenship"))
        self.priority = self._combo("priority", self.tr("Any priority"))
        for priority in vocab.PRIORITIES:
            self.priority.addItem(word("priority", priority), priority)
        self.recruitment = self._combo("recruitment", self.tr("Any recruitment"))
        for recruitment in vocab.RECRUITMENT:
            self.recruitment.addItem(word("recruitment", recruitment), recruitment)
        self.assigned = self._combo("assigned_to", self.tr("Any caseworker"))
        self.tag = self._combo("tag", self.tr("Any tag"))

        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setToolTip(self.tr("Show every case again"))
        self.clear_button.clicked.connect(self.clear)

        # One row when the window is wide enough; in a narrow one (1024 pixels, Russian
        # words) the menus wrap to a second row instead of being cut.
        layout = FlowLayout(self)
        layout.addWidget(self.search)
        for combo in self.combos():
            layout.addWidget(combo)
        layout.addWidget(self.clear_button)

        # Ctrl+F is the main window's Find action (it works from every tab).
        # The menus' values are read just after the window first shows, so the list
        # appears without waiting for them (a scan of every case at 100,000 cases).
        QTimer.singleShot(0, self, self.reload_values)
        self._update_clear()

    def _combo(self, name: str, any_text: str) -> QComboBox:
        combo = ShrinkingCombo(self)
        combo.setObjectName(name)
        combo.addItem(any_text, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(self._emit_now)
        return combo

    def combos(self) -> tuple[QComboBox, ...]:
        return (
            self.status, self.citizenship, self.priority, self.recruitment, self.assigned, self.tag,
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload_values(self) -> None:
        """Fill the menus whose values come from the data, keeping what is chosen;
        read on the database worker (a newer reload drops an older one's result)."""
        from ui.operations.operation import Operation

        Operation(self.ctx, parent=self, work=distinct_values, key="values").success(
            self._show_values).run()

    def _show_values(self, values: dict) -> None:
        for combo, key, label in (
            (self.citizenship, "citizenship", country_label),
            (self.assigned, "assigned_to", str),
            (self.tag, "tag", str),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values.get(key, []):
                combo.addItem(label(value), value)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.setEnabled(combo.count() > 1)
            combo.blockSignals(False)

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            statuses=self._statuses(),
            citizenship=self.citizenship.currentData() or "",
            priority=self.priority.currentData() or "",
            recruitment=self.recruitment.currentData() or "",
            assigned_to=self.assigned.currentData() or "",
            tag=self.tag.currentData() or "",
            query=self.search.text().strip(),
        )

    def _statuses(self) -> tuple[str, ...]:
        value = self.status.currentData()
        if value == OPEN:
            return OPEN_STATUSES
        return (value,) if value else ()

    def clear(self, *, emit: bool = True) -> None:
        """Every menu back to "any" and the search box empty; without `emit`, the list is
        left to whoever narrows it next (the cases of one import), and Clear stays
        enabled to bring the whole list back."""
        for combo in self.combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if emit:
            self._emit_now()
        else:
            self._timer.stop()
            self.clear_button.setEnabled(True)

    def _accept(self) -> None:
        self._emit_now()
        self.accepted.emit()

    def _emit_now(self) -> None:
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        self._update_clear()
        self.filter_changed.emit(self.current_filter())

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(not self.current_filter().is_empty())
