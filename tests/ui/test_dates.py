"""One date format everywhere (issue 17, item 11): the interface's locale through
ui.labels.date_text, in the list, the Due view and the editor's messages, partial dates
included; a core date error never shows ISO."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt

from casemanager.domain.errors import ValidationError
from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases, records
from tests.ui.editor_helpers import field, open_editor, press_ctrl_s, save, settle, type_into
from ui.cases.case_table import COLUMNS
from ui.followups.due_view import DueView
from ui.labels import date_text, read_date, reason_text
from ui.main_window import MainWindow

RU, GB = QLocale("ru"), QLocale("en_GB")


@pytest.mark.parametrize(("value", "ru", "gb"), [
    (PartialDate(1999), "1999", "1999"),
    (PartialDate(1999, 1), "январь 1999", "January 1999"),
    (PartialDate(1994, 3, 12), "12.03.1994", "12/03/1994"),
    (dt.date(2024, 5, 7), "07.05.2024", "07/05/2024"),
])
def test_date_text_follows_the_locale_partial_dates_included(value, ru, gb):
    assert date_text(value, RU) == ru
    assert date_text(value, GB) == gb


def test_a_core_date_error_is_worded_by_the_interface_without_iso(ctx):
    with pytest.raises(ValidationError) as caught:
        cases.create_case(ctx.db, fields={"family_name": "Tursunov", "date_of_birth": "31.02.2020"})
    assert "2020-02" not in str(caught.value)  # not in the core's own text either
    assert reason_text(caught.value) == "day 31 does not exist in February 2020"


def test_the_list_the_due_view_and_the_editor_write_dates_alike(ctx, qtbot):
    today = dt.date.today()
    ref = cases.create_case(ctx.db, fields={"family_name": "Karimov", "capture_date": "03.2023"}
                            ).reference
    records.add_task(ctx.db, ref, title="Call the mother", due_date=today)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    column = next(n for n, c in enumerate(COLUMNS) if c.key == "capture_date")
    assert window.case_list.model.index(0, column).data() == date_text(PartialDate(2023, 3))
    assert date_text(PartialDate(2023, 3)) == QLocale().standaloneMonthName(3) + " 2023"

    due = DueView(ctx)
    qtbot.addWidget(due)
    qtbot.waitUntil(lambda: due.model.rowCount() > 0)  # read on the worker
    assert due.row_texts(0, 0)[0] == date_text(today) != today.isoformat()

    editor = open_editor(qtbot, ctx, ref)
    birth = field(editor, "date_of_birth")
    type_into(qtbot, birth, "02/31/2020")  # as this (en_US) window writes dates
    press_ctrl_s(qtbot, birth)
    assert editor.is_dirty()  # refused
    assert birth.error() == "day 31 does not exist in February 2020"
    assert "2020-02" not in birth.toolTip()
    editor._edited.clear()


@pytest.fixture
def locale_of():
    """Set the window's locale for one test (as ui.i18n does), restored after."""
    before = QLocale()

    def set_to(language: QLocale.Language, country: QLocale.Country) -> None:
        QLocale.setDefault(QLocale(language, country))

    yield set_to
    QLocale.setDefault(before)


def test_a_date_copied_from_the_list_is_stored_as_that_date_in_a_month_first_window(
        ctx, qtbot, locale_of):
    locale_of(QLocale.Language.English, QLocale.Country.UnitedStates)
    captured = cases.create_case(ctx.db, fields={"family_name": "Karimov",
                                                 "capture_date": "1988-05-02"}).reference
    other = cases.create_case(ctx.db, fields={"family_name": "Osmonov"}).reference
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    column = next(n for n, c in enumerate(COLUMNS) if c.key == "capture_date")
    row = next(r for r in range(window.case_list.model.rowCount())
               if window.case_list.model.index(r, 0).data() == captured)
    shown = window.case_list.model.index(row, column).data()
    assert shown == "05/02/1988"  # 2 May, month first

    editor = open_editor(qtbot, ctx, other)
    birth = field(editor, "date_of_birth")
    # The hint's examples are written as the window writes dates: the order it reads.
    assert date_text(PartialDate(1994, 3, 12)) in birth.placeholderText()
    assert "12.03.1994" not in birth.placeholderText()
    type_into(qtbot, birth, shown)
    binding = editor.person.form.bindings["date_of_birth"]
    assert birth.is_valid() and binding.message.text() == "2 May 1988"  # what was read
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, other).date_of_birth == PartialDate(1988, 5, 2)
    # Read back into the field as the list writes it, and read again as the same date.
    assert birth.text() == shown and birth.date() == PartialDate(1988, 5, 2)
    # ISO and a month with its year read alike in any window.
    for typed, value in (("1988-05-02", PartialDate(1988, 5, 2)),
                         ("05/1988", PartialDate(1988, 5)),
                         ("May 1988", PartialDate(1988, 5))):
        type_into(qtbot, birth, typed)
        assert birth.date() == value
    editor._edited.clear()


def test_a_day_first_window_still_reads_the_day_first(ctx, qtbot, locale_of):
    locale_of(QLocale.Language.Russian, QLocale.Country.Russia)
    ref = cases.create_case(ctx.db, fields={"family_name": "Karimov"}).reference
    editor = open_editor(qtbot, ctx, ref)
    birth = field(editor, "date_of_birth")
    assert "12.03.1994" in birth.placeholderText()
    type_into(qtbot, birth, "03.04.2015")
    assert editor.person.form.bindings["date_of_birth"].message.text() == "3 апреля 2015"
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, ref).date_of_birth == PartialDate(2015, 4, 3)
    assert birth.text() == "03.04.2015"


def test_a_month_first_status_dialog_reads_the_day_it_shows(ctx, qtbot, locale_of):
    locale_of(QLocale.Language.English, QLocale.Country.UnitedStates)
    from ui.editor.dialogs.status_dialog import StatusDialog

    ref = cases.create_case(ctx.db, fields={"family_name": "Karimov"}).reference
    dialog = StatusDialog(ctx, ref, "reported")
    qtbot.addWidget(dialog)
    assert dialog.date.text() == date_text(dt.date.today())  # today, as the window writes it
    dialog.date.setText("30.11.2025")  # day first: there is no month 30 here
    dialog.accept()
    settle(qtbot)
    assert "month 30" in dialog.form.errors()["date"]  # refused at the field, not misread
    assert len(cases.get_case(ctx.db, ref).status_history) == 1  # nothing recorded
    dialog.date.setText("11/30/2025")
    dialog.accept()
    settle(qtbot)
    history = cases.get_case(ctx.db, ref).status_history
    assert len(history) == 2 and PartialDate(2025, 11, 30) in [s.date for s in history]


def test_the_status_history_writes_its_date_and_when_recorded_alike(ctx, qtbot, locale_of):
    locale_of(QLocale.Language.English, QLocale.Country.UnitedStates)
    ref = cases.create_case(ctx.db, fields={"family_name": "Karimov"}).reference
    cases.change_status(ctx.db, ref, status="detained", date="2026-11-30", actor="tester")
    editor = open_editor(qtbot, ctx, ref)
    model = editor.status.history.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r in range(model.rowCount())
               if model.index(r, headers.index("Date")).data() == "11/30/2026")
    recorded = model.index(row, headers.index("Recorded")).data()
    today = dt.datetime.now().astimezone().date()
    assert recorded == f"{date_text(today)} tester"
    assert today.strftime("%d.%m.%Y") not in recorded


@pytest.mark.parametrize("name", ["en_US", "en_GB", "ru_RU", "de_DE", "nl_NL", "sv_SE",
                                  "ja_JP", "hu_HU", "bg_BG", "uk_UA", "kk_KZ", "fr_FR"])
@pytest.mark.parametrize("value", [PartialDate(1994), PartialDate(1994, 3),
                                   PartialDate(1994, 3, 12), PartialDate(2022, 5, 2)])
def test_every_date_the_window_writes_reads_back_as_that_date(name, value):
    loc = QLocale(name)
    assert read_date(date_text(value, loc), loc) == value
    assert read_date(value.iso(), loc) == value  # ISO in any window


@pytest.mark.parametrize(("name", "typed", "value"), [
    ("en_US", "March 12, 1994", PartialDate(1994, 3, 12)),
    ("en_US", "Mar 12 1994", PartialDate(1994, 3, 12)),
    ("en_GB", "12 March 1994", PartialDate(1994, 3, 12)),
    ("ru_RU", "12 марта 1994", PartialDate(1994, 3, 12)),
    ("ru_RU", "March 12, 1994", PartialDate(1994, 3, 12)),  # an English letter's date
    ("ru_RU", "март 1994", PartialDate(1994, 3)),
])
def test_dates_written_in_words_are_read(name, typed, value):
    assert read_date(typed, QLocale(name)) == value
