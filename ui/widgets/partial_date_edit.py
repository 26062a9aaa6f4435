"""A line edit for partial dates typed the way people write them.

Accepts `1994`, `03.1994`, `12.03.1994` and ISO (`1994-03`, `1994-03-12`). While typing,
the parsed value is shown in words ("March 1994") through `feedback` and the tooltip, so
a caseworker sees at once whether "03.94" was understood (it is not: a year needs four
digits); text that is not a date is marked red when the field is left.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QWidget

from casemanager.domain.partialdate import PartialDate
from ui.labels import date_text
from ui.widgets.checked_line_edit import ERROR_STYLE, CheckedLineEdit

__all__ = ["ERROR_STYLE", "PartialDateEdit", "describe"]


def describe(value: PartialDate, locale: QLocale | None = None) -> str:
    """A partial date in words in the user's language: `1994`, `March 1994`, `12 March 1994`."""
    loc = locale or QLocale()
    if value.day is None:
        return date_text(value, loc)  # `1994`, `March 1994`, `март 1994`: as everywhere
    return loc.toString(QDate(value.year, value.month or 1, value.day), "d MMMM yyyy")


class PartialDateEdit(CheckedLineEdit):
    """`date()` gives the PartialDate (None when empty); `text()` is what services take."""

    def __init__(self, parent: QWidget | None = None, *, require_day: bool = False) -> None:
        super().__init__(parent)
        self.require_day = require_day
        example = "12.03.1994" if require_day else "1994, 03.1994, 12.03.1994"
        self.setPlaceholderText(self.tr("e.g. %1").replace("%1", example))
        self.setMaxLength(20)

    def date(self) -> PartialDate | None:
        """The parsed value; raises ValueError when the text is not a date."""
        text = self.text().strip()
        if not text:
            return None
        value = PartialDate.parse(text)
        if self.require_day and value.day is None:
            raise ValueError(self.tr("needs a day, month and year"))
        return value

    parse = date

    def words(self, value: PartialDate | None) -> str:
        return describe(value) if value is not None else ""

    def setDate(self, value: PartialDate | dt.date | None) -> None:  # noqa: N802 - Qt naming
        if isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        self.setText(value.display() if value is not None else "")
