"""A line edit for partial dates typed the way people write them.

Accepts `1994`, `03.1994`, `12.03.1994` and ISO (`1994-03`, `1994-03-12`). While typing,
the parsed value is shown in words ("March 1994") through the `feedback` signal and the
tooltip, and a red border marks text that is not a date, so a caseworker sees at once
whether "03.94" was understood (it is not: a year needs four digits).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from casemanager.partialdate import PartialDate

ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; border-radius: 3px; padding: 2px; }"


def describe(value: PartialDate, locale: QLocale | None = None) -> str:
    """A partial date in words in the user's language: `1994`, `March 1994`, `12 March 1994`."""
    loc = locale or QLocale()
    if value.month is None:
        return str(value.year)
    if value.day is None:
        name = loc.standaloneMonthName(value.month, QLocale.FormatType.LongFormat)
        return f"{name} {value.year}"
    return loc.toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


class PartialDateEdit(QLineEdit):
    """`date()` gives the PartialDate (None when empty); `text()` is what services take."""

    # (message, ok): the parsed value in words, or why the text is not a date.
    feedback = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, *, require_day: bool = False) -> None:
        super().__init__(parent)
        self.require_day = require_day
        self._error = ""
        example = "12.03.1994" if require_day else "1994, 03.1994, 12.03.1994"
        self.setPlaceholderText(self.tr("e.g. %1").replace("%1", example))
        self.setMaxLength(20)
        self.textChanged.connect(self._check)

    def date(self) -> PartialDate | None:
        """The parsed value; raises ValueError when the text is not a date."""
        text = self.text().strip()
        if not text:
            return None
        value = PartialDate.parse(text)
        if self.require_day and value.day is None:
            raise ValueError(self.tr("needs a day, month and year"))
        return value

    def setDate(self, value: PartialDate | dt.date | None) -> None:  # noqa: N802 - Qt naming
        if isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        self.setText(value.display() if value is not None else "")

    def is_valid(self) -> bool:
        return not self._error

    def error(self) -> str:
        return self._error

    def _check(self, _text: str = "") -> None:
        try:
            value = self.date()
        except ValueError as exc:
            self._error = str(exc)
            self.setStyleSheet(ERROR_STYLE)
            self.setToolTip(self._error)
            self.feedback.emit(self._error, False)
            return
        self._error = ""
        self.setStyleSheet("")
        words = describe(value) if value is not None else ""
        self.setToolTip(words)
        self.feedback.emit(words, True)
