"""Change a case's status: the new status, when, on whose word, how sure, and a note.

Goes through services.cases.change_status, which keeps the change in the dated history.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from casemanager.domain import vocab
from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.labels import choices, date_text, word
from ui.widgets.form import choice_combo, combo_set
from ui.widgets.partial_date_edit import PartialDateEdit


class StatusDialog(RecordDialog):
    def __init__(
        self, ctx: AppContext, reference: str, current: str, parent: QWidget | None = None,
        *, reported_on: PartialDate | None = None, born: PartialDate | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Change status of %1").replace("%1", reference))
        self.reference = reference
        now = QLabel(word("status", current))
        now.setStyleSheet("font-weight: 600;")
        self.layout_.addRow(self.tr("Current status"), now)
        self.status = choice_combo(choices("status"), blank=None)
        # The likely next step, rather than the current status again.
        following = vocab.STATUSES.index(current) + 1 if current in vocab.STATUSES else 0
        combo_set(self.status, vocab.STATUSES[min(following, len(vocab.STATUSES) - 1)])
        self.add("status", self.tr("New status"), self.status)
        self.date = PartialDateEdit()
        self.date.setDate(PartialDate.today())
        self.add("date", self.tr("Date"), self.date)
        # A date wholly before the case was reported is possible (learnt late) but often
        # a slip: said under the field, never refused.
        self.reported_on, self.born = reported_on, born
        self.before_report = QLabel()
        self.before_report.setObjectName("warning")
        self.before_report.setStyleSheet("color: #8a5a00;")
        self.before_report.setWordWrap(True)
        self.before_report.hide()
        self.layout_.addRow("", self.before_report)
        self.date.textChanged.connect(self._check_before_report)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("who said so: a call with the mother, a video…"))
        self.add("source", self.tr("Source"), self.source)
        self.confidence = choice_combo(choices("confidence"), blank=None)
        self.add("confidence", self.tr("Confidence"), self.confidence)
        # Confidence follows the chosen status until the caseworker picks one themselves.
        self._confidence_chosen = False
        self.confidence.activated.connect(self._on_confidence_chosen)
        self.status.currentIndexChanged.connect(self._follow_status)
        self._follow_status()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.add("note", self.tr("Note"), self.note)
        self.status.setFocus()

    def _check_before_report(self, *_args) -> None:
        """Say under the date what looks wrong with it (never refused): in the future,
        before the person was born, or wholly before the case was reported."""
        try:
            value = self.date.date()
        except ValueError:
            value = None
        said: list[str] = []
        if value is not None:
            if value.earliest() > dt.date.today():
                said.append(self.tr("This date is in the future. Is it right?"))
            if self.born is not None and _last_day(value) < self.born.earliest():
                said.append(self.tr("This date is before the person was born (%1). Is it "
                                    "right?").replace("%1", date_text(self.born)))
            elif self.reported_on is not None and _last_day(value) < self.reported_on.earliest():
                said.append(self.tr(
                    "This is before the case was reported (%1): the history will list it "
                    "before the report. Is the date right?").replace(
                        "%1", date_text(self.reported_on)))
        self.before_report.setText("\n".join(said))
        self.before_report.setVisible(bool(said))

    def _on_confidence_chosen(self, _index: int) -> None:
        self._confidence_chosen = True

    def _follow_status(self, *_args) -> None:
        if not self._confidence_chosen:
            combo_set(self.confidence, vocab.implied_confidence(self.status.currentData() or ""))

    def work(self):
        reference, actor, values = self.reference, self.ctx.actor, self.values()
        return lambda db: cases.change_status(db, reference, actor=actor, **values)


def _last_day(value: PartialDate) -> dt.date:
    """The last day a partial date covers (1994 -> 31.12.1994)."""
    if value.day is not None and value.month is not None:
        return dt.date(value.year, value.month, value.day)
    if value.month is not None:
        return dt.date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return dt.date(value.year, 12, 31)
