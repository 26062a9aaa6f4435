"""A line edit for partial dates typed the way the window writes them.

Reads what `ui.labels.date_text` writes, in the interface's locale (`ui.labels.read_date`):
`1994`, `March 1994`, a whole date with its day and month in the locale's order
(`12.03.1994` in ru_RU, `03/12/1994` in en_US), and ISO (`1994-03`, `1994-03-12`); its
placeholder's examples are written by `date_text` too. While typing, the value read is
shown in words ("12 March 1994") through `feedback` and the tooltip, so a caseworker sees
at once which day was understood and whether "03.94" was (it is not: a year needs four
digits); text that is not a date is marked red when the field is left. The services get
the value as ISO (`service_text()`), which the core reads in one way only.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from casemanager.domain.partialdate import PartialDate
from ui.labels import date_examples, date_text, read_date
from ui.widgets.checked_line_edit import ERROR_STYLE, CheckedLineEdit

__all__ = ["ERROR_STYLE", "PartialDateEdit", "describe"]


def describe(value: PartialDate, locale: QLocale | None = None) -> str:
    """A partial date in words in the user's language: `1994`, `March 1994`, `12 March 1994`."""
    loc = locale or QLocale()
    if value.day is None:
        return date_text(value, loc)  # `1994`, `March 1994`, `март 1994`: as everywhere
    return loc.toString(QDate(value.year, value.month or 1, value.day), "d MMMM yyyy")


class PartialDateEdit(CheckedLineEdit):
    """`date()` gives the PartialDate (None when empty); `service_text()` is what the
    services take."""

    def __init__(self, parent: QWidget | None = None, *, require_day: bool = False) -> None:
        super().__init__(parent)
        self.require_day = require_day
        # The longest hint that fits the field's width (the Russian one was cut at
        # 1024 px): every kind of date, then a year and a whole date, then a whole date.
        day = date_examples(require_day=True)
        year = date_text(PartialDate(1994))
        self._hints = [self.tr("e.g. %1").replace("%1", text) for text in (
            date_examples(require_day=require_day), f"{year}, {day}", day)]
        if require_day:
            self._hints = self._hints[-1:]
        self.setPlaceholderText(self._hints[0])
        self.setMaxLength(20)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        margins = self.textMargins()
        room = self.width() - margins.left() - margins.right() - 16  # the frame's padding
        metrics = self.fontMetrics()
        fitting = [h for h in self._hints if metrics.horizontalAdvance(h) <= room]
        self.setPlaceholderText(fitting[0] if fitting else self._hints[-1])

    def date(self) -> PartialDate | None:
        """The parsed value; raises ValueError when the text is not a date."""
        text = self.text().strip()
        if not text:
            return None
        value = read_date(text)
        if self.require_day and value.day is None:
            raise ValueError(self.tr("needs a day, month and year"))
        return value

    parse = date

    def service_text(self) -> str:
        """The value for the services: ISO when the text reads as a date (the core
        would read `05/02/2022` day-first whatever the window's locale), else the text
        as typed, for the service to refuse with its reason."""
        text = self.text().strip()
        try:
            value = self.date()
        except ValueError:
            return text
        return value.iso() if value is not None else ""

    def words(self, value: PartialDate | None) -> str:
        return describe(value) if value is not None else ""

    def setDate(self, value: PartialDate | dt.date | str | None) -> None:  # noqa: N802 - Qt naming
        """Show a value as the window writes dates; a text (what `service_text()` gave,
        put back after a conflict) as its date, or as it is when it is none."""
        if isinstance(value, str):
            text = value
            try:
                value = read_date(text) if text.strip() else None
            except ValueError:
                self.setText(text)
                return
        if isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        self.setText(date_text(value) if value is not None else "")  # read back alike
