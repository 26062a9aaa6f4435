"""No silent failure (issue 12, item 2) for the actions that run on the spot: saving a
case, merging and undoing a merge, appeal letters, attachments, contacts.

Each test breaks the real database under the open window (failure_helpers), acts as a
caseworker would and checks the warning shown and that nothing says it was done; then
repairs it and checks that the same action succeeds as before."""

from __future__ import annotations

import pytest
from editor_helpers import field, open_case, press_ctrl_s, settle, type_into
from failure_helpers import break_table, open_window, repair_table, wait_for_background
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.services import cases, contacts, records
from casemanager.services.merge import last_merge_id
from ui.contacts.contact_dialog import ContactDialog
from ui.operations import failures

CLICK = Qt.MouseButton.LeftButton
NO_TABLE_AUDIT = "database error: no such table: audit_entries"


@pytest.fixture(autouse=True)
def _background_ends():
    yield
    wait_for_background()


def test_failed_save_is_a_warning_and_the_edits_stay_unsaved(qtbot, named_ctx, boxes):
    window = open_window(named_ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0001")
    saved = []
    editor.saved.connect(saved.append)
    type_into(qtbot, field(editor, "rank"), "private")

    break_table(named_ctx.db.path, "audit_entries")
    press_ctrl_s(qtbot, field(editor, "rank"))
    assert boxes == [("warning", "Cannot save", f"Cannot save: {NO_TABLE_AUDIT}")]
    assert saved == [] and editor.is_dirty() and editor.windowTitle().endswith("•")
    assert cases.get_case(named_ctx.db, "CM-0001").rank == ""  # nothing half-written

    repair_table(named_ctx.db.path, "audit_entries")
    press_ctrl_s(qtbot, field(editor, "rank"))
    assert saved == ["CM-0001"] and not editor.is_dirty() and len(boxes) == 1
    assert cases.get_case(named_ctx.db, "CM-0001").rank == "private"


@pytest.fixture
def pairs_ctx(ctx):
    """Two likely pairs, as tests/ui/test_duplicates_view.py has them."""
    for fields in (
        {"name_native": "Турсунов Алишер Бахтиёрович", "date_of_birth": "1994-03-12",
         "citizenships": "UZ"},
        {"family_name": "Tursunow", "given_name": "Alisher", "date_of_birth": "1994-03",
         "citizenships": "UZ"},
        {"family_name": "Karimov", "given_name": "Aziz", "date_of_birth": "1990-01-01",
         "citizenships": "UZ"},
        {"name_native": "Каримов Азиз", "date_of_birth": "1990", "citizenships": "UZ"},
    ):
        cases.create_case(ctx.db, fields=fields, actor="tester")
    return ctx


def test_failed_merge_and_failed_undo_are_warnings_and_change_nothing(
        qtbot, pairs_ctx, boxes):
    ctx = pairs_ctx
    window = open_window(ctx, qtbot)
    window.actions_by_name["duplicates"].trigger()
    view = window.duplicates_view
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=30_000)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.compared, timeout=10_000):
        qtbot.mouseClick(view.compare_button, CLICK)
    dialog = view.merge_dialog

    break_table(ctx.db.path, "audit_entries")
    qtbot.mouseClick(dialog.merge_button, CLICK)
    settle(qtbot)
    assert boxes == [("warning", "Merge failed", f"Merge failed: {NO_TABLE_AUDIT}")]
    assert dialog.isVisible() and "Merged" not in view.status.text()
    repair_table(ctx.db.path, "audit_entries")
    assert cases.get_case(ctx.db, "CM-0002").status != "closed"
    assert last_merge_id(ctx.db) is None

    qtbot.mouseClick(dialog.merge_button, CLICK)  # repaired: the merge goes through
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "Merged CM-0002 into CM-0001" in view.status.text(),
                    timeout=30_000)
    qtbot.waitUntil(view.find_button.isEnabled, timeout=30_000)

    break_table(ctx.db.path, "audit_entries")
    qtbot.mouseClick(view.undo_button, CLICK)
    settle(qtbot)
    assert boxes[1:] == [("warning", "Undo merge failed",
                          f"Undo merge failed: {NO_TABLE_AUDIT}")]
    assert view.status.text() == f"The merge was not undone: {NO_TABLE_AUDIT}"
    repair_table(ctx.db.path, "audit_entries")
    assert cases.get_case(ctx.db, "CM-0002").status == "closed"

    qtbot.mouseClick(view.undo_button, CLICK)
    qtbot.waitUntil(lambda: "CM-0002 is separate from CM-0001 again" in view.status.text(),
                    timeout=30_000)
    assert cases.get_case(ctx.db, "CM-0002").status != "closed" and len(boxes) == 2


def test_failed_appeal_letter_and_attachment_are_warnings(qtbot, named_ctx, tmp_path, boxes):
    ctx = named_ctx
    embassy = contacts.create_contact(ctx.db, fields={"name": "Embassy of Uzbekistan",
                                                      "kind": "embassy"})
    records.add_appeal(ctx.db, "CM-0001", recipient_id=embassy, subject="Consular access",
                       sent_date="2025-02")
    window = open_window(ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0001")
    editor.appeals.table.select_row(0)
    note = tmp_path / "note.txt"
    note.write_text("called the consulate", encoding="utf-8")

    break_table(ctx.db.path, "audit_entries")
    qtbot.mouseClick(editor.appeals.letter_button, CLICK)
    settle(qtbot)  # made on the database worker
    assert boxes == [("warning", "Letter not made", f"Letter not made: {NO_TABLE_AUDIT}")]
    editor.attachments.add_files([note])
    settle(qtbot)  # attached (or not) on the database worker
    assert editor.attachments.last_added == []
    assert boxes[1:] == [("warning", "Attach files",
                          f"Not attached:\nnote.txt: {NO_TABLE_AUDIT}")]
    repair_table(ctx.db.path, "audit_entries")
    assert cases.get_case(ctx.db, "CM-0001").attachments == ()

    with qtbot.waitSignal(editor.appeals.letter_made, timeout=30_000) as made:
        editor.appeals.make_letter()
    settle(qtbot)
    letter = made.args[0]
    assert editor.attachments.selected().id == letter
    editor.attachments.add_files([note])
    settle(qtbot)
    assert len(editor.attachments.last_added) == 1 and len(boxes) == 2


def test_failed_contact_save_keeps_the_dialog_open(qtbot, ctx, boxes):
    window = open_window(ctx, qtbot)
    window.show_contacts()
    dialog = ContactDialog(ctx, None, window.contacts_view)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Embassy of Tajikistan")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)

    break_table(ctx.db.path, "audit_entries")
    qtbot.mouseClick(save, CLICK)
    settle(qtbot)
    assert boxes == [("warning", "Contact not saved", f"Contact not saved: {NO_TABLE_AUDIT}")]
    assert dialog.result() == 0 and dialog.contact_id is None
    repair_table(ctx.db.path, "audit_entries")
    assert contacts.list_contacts(ctx.db) == []

    qtbot.mouseClick(save, CLICK)
    settle(qtbot)
    assert dialog.result() == 1 and len(boxes) == 1
    settle(qtbot)
    assert [c.name for c in window.contacts_view.model.contacts] == ["Embassy of Tajikistan"]


def test_the_last_net_shows_an_error_no_action_caught(qapp, boxes, capsys):
    """A bug in a slot (no action's own guard) still reaches the person, as one line."""
    try:
        raise KeyError("appeal 42")
    except KeyError as exc:
        failures._last_net(KeyError, exc, exc.__traceback__)
    assert boxes == [("critical", "Case Manager", "Something went wrong and the last action "
                      "may not have been completed: KeyError: 'appeal 42'")]
    assert "Traceback" in capsys.readouterr().err  # and the full report where it was
