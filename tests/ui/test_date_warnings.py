"""Issue 17 item 16: unlikely dates are said at the field in the editor, as they are
typed, and kept: a child at capture, a capture in the future, a capture before birth."""

from __future__ import annotations

import datetime as dt

from editor_helpers import field, make_context, open_editor, save, type_into
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from casemanager.services import cases


def message(editor, name: str) -> str:
    for section in editor.sections:
        if section.form is not None and section.form.has(name):
            binding = section.form.bindings[name]
            return binding.message.text() if not binding.message.isHidden() else ""
    raise KeyError(name)


def test_unlikely_dates_are_warned_at_the_field_and_saved(qtbot, sqlite_db, tmp_path):
    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Рахимов")
    type_into(qtbot, field(editor, "date_of_birth"), "2009")
    type_into(qtbot, field(editor, "capture_date"), "05.2024")
    qtbot.wait(50)  # the dates are weighed once the field has taken the text
    assert "Makes the person 14–15 when captured: a child?" in message(editor, "date_of_birth")
    assert message(editor, "capture_date") != message(editor, "date_of_birth")
    type_into(qtbot, field(editor, "date_of_birth"), "1994")  # corrected: the warning goes
    qtbot.wait(50)
    assert "child" not in message(editor, "date_of_birth")
    future = dt.date.today().year + 2
    type_into(qtbot, field(editor, "capture_date"), f"03.{future}")
    qtbot.waitUntil(lambda: "in the future" in message(editor, "capture_date"))
    assert "in the future" in message(editor, "capture_date")
    assert save(qtbot, editor)  # warned, not refused
    detail = cases.get_case(sqlite_db, editor.reference)
    assert detail.capture_date.iso() == f"{future}-03"

    # Opening a case with such a date says it again.
    again = open_editor(qtbot, ctx, editor.reference)
    qtbot.waitUntil(lambda: "in the future" in message(again, "capture_date"))
    type_into(qtbot, field(again, "capture_date"), "1990")
    qtbot.waitUntil(lambda: "Before the date of birth" in message(again, "capture_date"))
    type_into(qtbot, field(again, "capture_date"), "31.02.2024")  # not a date at all
    qtbot.wait(50)
    assert "does not exist" in message(again, "capture_date") or \
        "Before" not in message(again, "capture_date")


def test_a_proof_of_life_in_the_future_is_warned_at_its_field(qtbot, sqlite_db, tmp_path):
    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Рахимов")
    type_into(qtbot, field(editor, "last_proof_of_life"), "2099")  # 2009 mistyped
    qtbot.waitUntil(lambda: "in the future" in message(editor, "last_proof_of_life"))
    assert save(qtbot, editor)  # warned, not refused
    assert cases.get_case(sqlite_db, editor.reference).last_proof_of_life.iso() == "2099"


def test_the_fields_below_a_date_do_not_move_while_it_is_typed(qtbot, sqlite_db, tmp_path):
    """Testers saw the form jump as they typed a date: its hint ("March 1990") appeared
    and vanished under the field, moving every later field. The hint's line is kept."""
    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    below = field(editor, "place_of_birth")
    countries_below = field(editor, "ethnicity")

    def places() -> tuple[int, int]:
        return (below.mapTo(editor, below.rect().topLeft()).y(),
                countries_below.mapTo(editor, countries_below.rect().topLeft()).y())

    def laid_out() -> None:  # the layouts follow the hint's label (posted requests)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    laid_out()
    before = places()
    seen = set()
    for typed in ("1", "199", "1990", "03.1990", "03.19"):
        type_into(qtbot, field(editor, "date_of_birth"), typed)
        laid_out()
        seen.add(message(editor, "date_of_birth"))
        assert places() == before, typed
    for typed in ("U", "UZ", "UZ, RU", ""):
        type_into(qtbot, field(editor, "citizenships"), typed)
        laid_out()
        assert places() == before, typed
    assert {"", "1990", "March 1990"} <= seen  # the hints were shown
