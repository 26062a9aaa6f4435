"""What the status and appeal dialogs fill in for the caseworker (issue 17, items 2-3):
confidence follows the chosen status, and a sent date moves a draft appeal to "sent"."""

from __future__ import annotations

from editor_helpers import key_text, make_context, settle
from PySide6.QtCore import Qt

from casemanager.services import cases
from ui.editor.dialogs.appeal_dialog import AppealDialog
from ui.editor.dialogs.status_dialog import StatusDialog


def _case(db) -> str:
    return cases.create_case(db, fields={"family_name": "Рахимов", "given_name": "Oʻtkir"}).reference


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_confidence_follows_the_status_until_the_caseworker_chooses(qtbot, sqlite_db, tmp_path):
    ctx = make_context(sqlite_db, tmp_path)
    ref = _case(sqlite_db)
    dialog = _open(qtbot, StatusDialog(ctx, ref, "reported"))
    # The dialog proposes the next step, "confirmed", and so "confirmed" confidence.
    assert dialog.status.currentData() == "confirmed"
    assert dialog.confidence.currentData() == "confirmed"
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)  # "detained"
    assert dialog.status.currentData() == "detained"
    assert dialog.confidence.currentData() == "unverified"
    qtbot.keyClick(dialog.status, Qt.Key.Key_Up)  # back to "confirmed"
    assert dialog.confidence.currentData() == "confirmed"
    # The caseworker picks "likely" themselves: a later status change keeps it.
    dialog.confidence.setFocus()
    qtbot.keyClick(dialog.confidence, Qt.Key.Key_Down)
    assert dialog.confidence.currentData() == "likely"
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)
    assert dialog.confidence.currentData() == "likely"
    qtbot.keyClick(dialog.status, Qt.Key.Key_Up)
    dialog.accept()
    settle(qtbot)
    entry = cases.get_case(sqlite_db, ref).status_history[-1]
    assert (entry.status, entry.confidence) == ("confirmed", "likely")


def test_status_confirmed_from_the_command_line_is_confirmed(sqlite_db):
    ref = _case(sqlite_db)
    cases.change_status(sqlite_db, ref, status="confirmed", source="ICRC notification")
    assert cases.get_case(sqlite_db, ref).status_history[-1].confidence == "confirmed"
    cases.change_status(sqlite_db, ref, status="detained", source="a call with the mother")
    assert cases.get_case(sqlite_db, ref).status_history[-1].confidence == "unverified"


def test_a_sent_date_moves_a_draft_appeal_to_sent(qtbot, sqlite_db, tmp_path):
    ctx = make_context(sqlite_db, tmp_path)
    ref = _case(sqlite_db)
    dialog = _open(qtbot, AppealDialog(ctx, ref))
    assert dialog.status.currentData() == "draft"
    dialog.sent_date.setFocus()
    key_text(qtbot, dialog.sent_date, "03.2024")
    assert dialog.status.currentData() == "sent"  # in view, before saving
    # The caseworker disagrees: it stays a draft, even as they finish the date.
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Up)
    assert dialog.status.currentData() == "draft"
    dialog.accept()
    settle(qtbot)
    [appeal] = cases.get_case(sqlite_db, ref).appeals
    assert (appeal.status, appeal.sent_date.display()) == ("draft", "03.2024")


def test_an_appeal_added_with_a_sent_date_is_sent(sqlite_db):
    from casemanager.services import records

    ref = _case(sqlite_db)
    records.add_appeal(sqlite_db, ref, subject="Release on health grounds", sent_date="2024-03")
    records.add_appeal(sqlite_db, ref, subject="Not yet sent")
    statuses = sorted(a.status for a in cases.get_case(sqlite_db, ref).appeals)
    assert statuses == ["draft", "sent"]
