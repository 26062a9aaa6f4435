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
    qtbot.waitUntil(dialog.is_loaded)  # its lists are read on the database worker
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


def test_recipients_own_first_then_organisations_then_a_search(qtbot, sqlite_db, tmp_path):
    """Issue 17 item 6: not every contact in one list; namesakes told apart; sending to a
    contact found by search links it to the case."""
    from casemanager.services import contacts

    ctx = make_context(sqlite_db, tmp_path)
    ref = _case(sqlite_db)
    other = cases.create_case(sqlite_db, fields={"family_name": "Tursunov",
                                                 "given_name": "Bekzod"}).reference
    mother = contacts.create_contact(sqlite_db, fields={"kind": "relative",
                                                        "name": "Зарина Рахимова"})
    contacts.link_contact(sqlite_db, ref, mother, fields={"relationship": "мать"})
    for n, city in enumerate(("Bukhara", "Termez")):
        namesake = contacts.create_contact(
            sqlite_db, fields={"kind": "relative", "name": "Зарина Рахимова",
                               "address": f"{city}, street {n}"},
            channels=[("phone", f"+998 93 111 00 0{n}")])
        contacts.link_contact(sqlite_db, other, namesake, fields={"relationship": "wife"})
    contacts.create_contact(sqlite_db, fields={"kind": "ngo", "name": "Amnesty"})
    contacts.create_contact(sqlite_db, fields={"kind": "icrc", "name": "ICRC CTA"})
    contacts.create_contact(sqlite_db, fields={"kind": "embassy", "name": "Embassy of Uzbekistan",
                                               "country": "UZ"})
    lawyer = contacts.create_contact(sqlite_db, fields={"kind": "lawyer",
                                                        "name": "Oleh Kovalenko"})
    dialog = _open(qtbot, AppealDialog(ctx, ref))
    combo = dialog.recipient
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert shown[:2] == ["(no recipient yet)", "This case's contacts"]
    assert shown[2].startswith("Зарина Рахимова · мать")
    assert shown[3] == "Embassies, ICRC and other organisations"
    assert [s.split(" · ")[0] for s in shown[4:]] == ["Embassy of Uzbekistan", "ICRC CTA",
                                                      "Amnesty"]
    assert not any("Kovalenko" in s or "Bukhara" in s for s in shown)  # others: by search
    assert not combo.model().item(1).isEnabled()  # a heading cannot be chosen

    dialog.other_recipient.setFocus()
    key_text(qtbot, dialog.other_recipient, "рахимова")
    hits = [dialog.found_model.item(i).text() for i in range(dialog.found_model.rowCount())]
    assert len(hits) == 3 and len(set(hits)) == 3  # namesakes differ on screen
    assert any(f"wife of {other} Tursunov Bekzod" in h and "Termez" in h and "…0001" in h
               for h in hits)
    dialog.other_recipient.clear()
    key_text(qtbot, dialog.other_recipient, "kovalenko")
    popup = dialog.other_recipient.completer().popup()
    assert popup.isVisible() and dialog.found_model.rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == lawyer
    assert "Found by search" in [combo.itemText(i) for i in range(combo.count())]
    qtbot.waitUntil(lambda: dialog.other_recipient.text() == "")
    dialog.form.widget("subject").setFocus()
    key_text(qtbot, dialog.form.widget("subject"), "Access to the detainee")
    dialog.sent_date.setFocus()
    key_text(qtbot, dialog.sent_date, "03.2024")
    dialog.accept()
    settle(qtbot)  # saved on the database worker
    detail = cases.get_case(sqlite_db, ref)
    assert [a.recipient_id for a in detail.appeals] == [lawyer]
    assert lawyer in {c.contact.id for c in detail.contacts}  # linked by sending

    # Editing it again shows the recipient, now one of the case's contacts.
    again = _open(qtbot, AppealDialog(ctx, ref, detail.appeals[0]))
    assert again.recipient.currentData() == lawyer
    assert again.recipient.currentText().startswith("Oleh Kovalenko")


def test_an_appeal_to_someone_found_only_by_search_reopens_with_them(qtbot, sqlite_db, tmp_path):
    from casemanager.services import contacts, records

    ctx = make_context(sqlite_db, tmp_path)
    ref = _case(sqlite_db)
    lawyer = contacts.create_contact(sqlite_db, fields={"kind": "lawyer", "name": "Oleh K."})
    records.add_appeal(sqlite_db, ref, recipient_id=lawyer, subject="Draft")  # not linked
    (appeal,) = cases.get_case(sqlite_db, ref).appeals
    dialog = _open(qtbot, AppealDialog(ctx, ref, appeal))
    assert dialog.recipient.currentData() == lawyer
