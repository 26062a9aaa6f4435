"""The event dialog adds and edits events, and stays a QWidget: it once kept the event
being edited as `self.event`, hiding QWidget.event (calling it failed, and Qt's event
dispatch crashed Python if it looked the method up after that)."""

from __future__ import annotations

from editor_helpers import make_context, settle
from PySide6.QtCore import QEvent

from casemanager.services import cases, records
from ui.editor.dialogs.event_dialog import EventDialog


def test_adding_and_editing_an_event(qtbot, sqlite_db, tmp_path):
    ctx = make_context(sqlite_db, tmp_path)
    ref = cases.create_case(sqlite_db, fields={"family_name": "Каримов"}).reference
    dialog = EventDialog(ctx, ref)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert isinstance(dialog.event(QEvent(QEvent.Type.User)), bool)
    dialog.form.set_values({"summary": "Letter from the camp"})
    dialog.accept()
    settle(qtbot)  # saved on the database worker
    event = cases.get_case(sqlite_db, ref).events[-1]
    assert (event.id, event.summary) == (dialog.result_id, "Letter from the camp")

    again = EventDialog(ctx, ref, event)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.form.set_values({"summary": "Letter from the camp, dated May"})
    again.accept()
    settle(qtbot)
    assert cases.get_case(sqlite_db, ref).events[-1].summary == "Letter from the camp, dated May"
    assert records.record_ids(sqlite_db, ref, "event") == [event.id]
