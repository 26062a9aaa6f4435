"""A line edit for one or several countries, as ISO codes or names in English or Russian.

`UZ; RU`, `Uzbekistan; Russia` and `Узбекистан; РФ` all mean the same; the names the
text was read as are shown through `feedback` ("Uzbekistan (UZ), Russia (RU)"), and an
unknown name is marked when the field is left instead of only at save time.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from casemanager.domain.countries import country_code
from ui.labels import country_name
from ui.widgets.checked_line_edit import CheckedLineEdit


class CountriesEdit(CheckedLineEdit):
    def __init__(self, parent: QWidget | None = None, *, single: bool = False) -> None:
        super().__init__(parent)
        self.single = single
        self.setPlaceholderText(
            self.tr("e.g. UZ or Uzbekistan") if single
            else self.tr("e.g. UZ; RU or Узбекистан; Россия")
        )

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

    parse = codes

    def words(self, value: list[str]) -> str:
        return ", ".join(f"{country_name(c)} ({c})" for c in value)
