"""Issue 17 item 16: unlikely dates are said at the field in the editor, as they are
typed, and kept: a child at capture, a capture in the future, a capture before birth."""

from __future__ import annotations

import datetime as dt

from editor_helpers import field, make_context, open_editor, save, type_into

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
