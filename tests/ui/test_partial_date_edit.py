"""The partial-date and country fields: what they accept and what they say back."""

from __future__ import annotations

import datetime as dt

import pytest
from editor_helpers import type_into
from PySide6.QtCore import QLocale

from casemanager.domain.partialdate import PartialDate
from ui.widgets.countries_edit import CountriesEdit
from ui.widgets.partial_date_edit import PartialDateEdit, describe


@pytest.fixture(autouse=True)
def english():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("typed", "value", "words"),
    [
        ("1994", PartialDate(1994), "1994"),
        ("03.1994", PartialDate(1994, 3), "March 1994"),
        ("3/1994", PartialDate(1994, 3), "March 1994"),
        ("12.03.1994", PartialDate(1994, 3, 12), "12 March 1994"),
        ("1994-03-12", PartialDate(1994, 3, 12), "12 March 1994"),
        ("", None, ""),
    ],
)
def test_partial_dates_typed_naturally(qtbot, typed, value, words):
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    said = []
    edit.feedback.connect(lambda text, ok: said.append((text, ok)))
    type_into(qtbot, edit, typed)
    assert edit.date() == value and edit.is_valid()
    assert edit.toolTip() == words and edit.styleSheet() == ""
    # Half-typed text along the way was never reported as an error.
    assert all(ok for _text, ok in said)
    if typed:
        assert said[-1] == (words, True)


@pytest.mark.parametrize("typed", ["03.94", "31.02.1994", "1994-13", "March", "1700"])
def test_not_a_date_is_marked_while_typing(qtbot, typed):
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    said = []
    edit.feedback.connect(lambda text, ok: said.append((text, ok)))
    type_into(qtbot, edit, typed)
    assert not edit.is_valid() and edit.styleSheet() == ""  # not while typing
    edit.editingFinished.emit()  # as when the user leaves the field
    assert "border" in edit.styleSheet() and edit.toolTip()
    assert said[-1] == (edit.error(), False)
    with pytest.raises(ValueError):
        edit.date()


def test_a_field_that_needs_a_day(qtbot):
    edit = PartialDateEdit(require_day=True)
    qtbot.addWidget(edit)
    type_into(qtbot, edit, "04.2024")
    assert not edit.is_valid() and "day" in edit.error()
    type_into(qtbot, edit, "15.04.2024")
    assert edit.is_valid() and edit.date() == PartialDate(2024, 4, 15)
    edit.setDate(dt.date(2025, 1, 2))
    assert edit.text() == "02/01/2025"  # as the window writes it (en_GB)
    assert edit.date() == PartialDate(2025, 1, 2)


def test_describe_in_russian():
    ru = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    assert describe(PartialDate(1994, 3), ru) == "март 1994"  # lower case in running text


def test_countries_by_code_or_name(qtbot):
    edit = CountriesEdit()
    qtbot.addWidget(edit)
    type_into(qtbot, edit, "uz; Россия; Kyrgyzstan")
    assert edit.codes() == ["UZ", "RU", "KG"] and edit.is_valid()
    assert "Uzbekistan (UZ)" in edit.toolTip()
    type_into(qtbot, edit, "UZ; Atlantis")
    assert not edit.is_valid() and "Atlantis" in edit.error()
    single = CountriesEdit(single=True)
    qtbot.addWidget(single)
    type_into(qtbot, single, "UZ; KG")
    assert not single.is_valid()


def test_the_hint_fits_the_field_in_russian_too(qtbot):
    """At 1024 px the Russian hint («напр. 1994, март 1994, 12.03.1994») was cut: the
    field shows the longest hint that fits its width."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    metrics = edit.fontMetrics()
    edit.resize(500, edit.height())
    qtbot.waitUntil(lambda: "март 1994" in edit.placeholderText())
    for width in (260, 200, 150):
        edit.resize(width, edit.height())
        qtbot.waitUntil(lambda w=width: edit.width() == w)
        hint = edit.placeholderText()
        assert metrics.horizontalAdvance(hint) <= width - 16 or hint == edit._hints[-1]
        assert "12.03.1994" in hint  # the whole date is always shown
