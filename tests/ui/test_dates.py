"""One date format everywhere (issue 17, item 11): the interface's locale through
ui.labels.date_text, in the list, the Due view and the editor's messages, partial dates
included; a core date error never shows ISO."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale

from casemanager.domain.errors import ValidationError
from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases, records
from tests.ui.editor_helpers import field, open_editor, press_ctrl_s, type_into
from ui.cases.case_table import COLUMNS
from ui.followups.due_view import DueView
from ui.labels import date_text, reason_text
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
    qtbot.waitUntil(lambda: due.tree.topLevelItem(0) is not None)  # read on the worker
    row = due.tree.topLevelItem(0).child(0)
    assert row.text(0) == date_text(today) != today.isoformat()

    editor = open_editor(qtbot, ctx, ref)
    birth = field(editor, "date_of_birth")
    type_into(qtbot, birth, "31.02.2020")
    press_ctrl_s(qtbot, birth)
    assert editor.is_dirty()  # refused
    assert birth.error() == "day 31 does not exist in February 2020"
    assert "2020-02" not in birth.toolTip()
    editor._edited.clear()
