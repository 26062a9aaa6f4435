"""A line edit for one or several countries, as ISO codes or names in English or Russian.

`UZ; RU`, `Uzbekistan; Russia` and `Узбекистан; РФ` all mean the same; the names the
text was read as are shown through `feedback` ("Uzbekistan, Russia"), and an unknown name
is marked at once instead of at save time.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from casemanager.countries import country_code, country_name
from ui.widgets.partial_date_edit import ERROR_STYLE


class CountriesEdit(QLineEdit):
    feedback = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, *, single: bool = False) -> None:
        super().__init__(parent)
        self.single = single
        self._error = ""
        self.setPlaceholderText(
            self.tr("e.g. UZ or Uzbekistan") if single else self.tr("e.g. UZ; RU or Узбекистан; Россия")
        )
        self.textChanged.connect(self._check)

    def set_codes(self, codes: Iterable[str] | str) -> None:
        items = [codes] if isinstance(codes, str) else list(codes)
        self.setText("; ".join(c for c in items if c))

    def codes(self) -> list[str]:
        """The ISO codes typed so far; raises ValueError naming an unknown country."""
        out: list[str] = []
        for item in self.text().split(";"):
            item = item.strip()
            if not item:
                continue
            code = country_code(item)
            if code is None:
                raise ValueError(self.tr("'%1' is not a known country").replace("%1", item))
            if code not in out:
                out.append(code)
        if self.single and len(out) > 1:
            raise ValueError(self.tr("only one country here"))
        return out

    def is_valid(self) -> bool:
        return not self._error

    def _check(self, _text: str = "") -> None:
        try:
            codes = self.codes()
        except ValueError as exc:
            self._error = str(exc)
            self.setStyleSheet(ERROR_STYLE)
            self.setToolTip(self._error)
            self.feedback.emit(self._error, False)
            return
        self._error = ""
        self.setStyleSheet("")
        names = ", ".join(f"{country_name(c)} ({c})" for c in codes)
        self.setToolTip(names)
        self.feedback.emit(names, True)
