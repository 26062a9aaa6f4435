"""The window never runs SQL on the GUI thread (issue 14, item 3).

Every statement any engine sends is watched (SQLAlchemy's `before_cursor_execute`); one
sent from the main thread while the real window is driven is recorded with where it
came from, and the test fails naming it. The test's own set-up (cases, a contact, an
appeal, a backup) is made before the window is built, and recording starts once the
window shows: its first list load (the ids and the first page, before it shows) is
direct by design (ui/cases/case_table.py). Only what the window does is judged.
"""

from __future__ import annotations

import threading
import traceback
from contextlib import contextmanager

import pytest
from editor_helpers import field, open_case, save, settle, type_into
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event
from sqlalchemy.engine import Engine

from casemanager.services import cases, contacts, records
from casemanager.services.caseworker import set_caseworker_name
from casemanager.store import backup as core_backup
from casemanager.store.database import open_database
from ui import features
from ui.main_window import MainWindow


class GuiThreadSql:
    """Records each statement executed on the main thread while `on`."""

    def __init__(self) -> None:
        self.on = False
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        if self.on and threading.current_thread() is threading.main_thread():
            ours = [f for f in traceback.extract_stack()[:-1]
                    if "/ui/" in f.filename or "/casemanager/" in f.filename]
            where = "".join(traceback.format_list(ours))
            self.seen.append(f"{statement.strip()[:90]}\n{where}")

    @contextmanager
    def paused(self):
        was, self.on = self.on, False
        try:
            yield
        finally:
            self.on = was

    def check(self, doing: str) -> None:
        found, self.seen = self.seen, []
        assert not found, (f"{doing}: {len(found)} statement(s) on the GUI thread; the "
                           f"first:\n{found[0]}")


@pytest.fixture
def gui_sql():
    recorder = GuiThreadSql()
    event.listen(Engine, "before_cursor_execute", recorder)
    yield recorder
    event.remove(Engine, "before_cursor_execute", recorder)


def test_the_window_runs_no_sql_on_the_gui_thread(named_ctx, qtbot, tmp_path, gui_sql,
                                                   monkeypatch):
    ctx = named_ctx
    # Set-up, on this thread, before the window: a contact and an appeal to offer, a
    # backup of another database to restore.
    embassy = contacts.create_contact(ctx.db, fields={"name": "Embassy", "kind": "embassy"})
    records.add_appeal(ctx.db, "CM-0002", recipient_id=embassy, subject="Access")
    theirs = open_database(str(tmp_path / "theirs.db"), create=True)
    cases.create_case(theirs, fields={"family_name": "Other"})
    backup = core_backup.backup(theirs, tmp_path / "theirs-backup.db")
    theirs.dispose()
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
        questions.append(a[2]), QMessageBox.StandardButton.No)[1])

    set_caseworker_name(ctx.db, "Anna")  # the first-start question is asked below
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    gui_sql.on = True
    features.on_start(window)  # the overdue count in the status bar, after every change
    settle(qtbot)
    gui_sql.check("starting")

    editor = open_case(qtbot, window, "CM-0002")
    qtbot.waitUntil(editor.is_loaded)
    gui_sql.check("opening a case")

    type_into(qtbot, field(editor, "rank"), "sergeant")
    assert save(qtbot, editor)
    gui_sql.check("saving it")

    editor.status.change_status()
    dialog = editor.status.current_dialog
    dialog.source.setText("a call")
    dialog.accept()
    settle(qtbot)
    assert editor.status.current_dialog is None
    gui_sql.check("changing its status")

    for section, open_dialog in (
            (editor.contacts, lambda: editor.contacts.link_contact(new=False)),
            (editor.appeals, editor.appeals.add_appeal),
            (editor.appeals, lambda: editor.appeals.edit_appeal(editor.detail().appeals[0]))):
        open_dialog()
        dialog = section.current_dialog
        settle(qtbot)
        assert getattr(dialog, "is_loaded", lambda: True)()
        dialog.reject()
        gui_sql.check(f"opening {type(dialog).__name__}")

    window.show_cases()
    window.case_list.filter_bar.search.setText("Турсанафф")  # nothing: the closest names
    qtbot.waitUntil(lambda: "Closest names:" in window.case_list.no_match.text())
    window.case_list.filter_bar.search.clear()
    qtbot.waitUntil(lambda: window.case_list.model.shown_count == 4)
    settle(qtbot)
    gui_sql.check("a search that finds nothing")

    window.actions_by_name["export"].trigger()
    settle(qtbot)
    assert "4" in window.export_dialog.summary.text()
    window.export_dialog.reject()
    gui_sql.check("the export dialog")

    window.case_list.table.selectRow(0)
    window.actions_by_name["send_to_partner"].trigger()
    settle(qtbot)
    assert "keys init" in window._send_dialog.status.text()
    window._send_dialog.reject()
    gui_sql.check("the send-to-partner dialog")

    from ui.protect.backup_actions import restore_from

    assert restore_from(ctx, window, str(backup), confirm=False) is None
    settle(qtbot)
    assert "another database" in questions[-1] and "in the open one: 4" in questions[-1]
    gui_sql.check("the restore confirmation")

    window.actions_by_name["duplicates"].trigger()
    settle(qtbot)
    window.duplicates_view.close()
    gui_sql.check("the duplicates window")

    window.actions_by_name["import"].trigger()
    settle(qtbot)
    window.import_wizard.reject()
    gui_sql.check("the import wizard")

    window.actions_by_name["dossier"].trigger()
    settle(qtbot)
    window._dossier_dialog.reject()
    gui_sql.check("the dossier dialog")

    from ui.settings.caseworker_dialog import _asking, ask_caseworker_name
    from ui.settings.settings_dialog import SettingsDialog

    settings = SettingsDialog(ctx, window)
    settings.show()
    settle(qtbot)
    settings.accept()
    settle(qtbot)
    assert not settings.isVisible()
    gui_sql.check("the settings dialog")
    ask_caseworker_name(ctx, window, force=True)
    settle(qtbot)
    (asked,) = _asking
    asked.edit.setText("Dilnoza")
    asked.accept()
    settle(qtbot)
    assert asked.saved == "Dilnoza"
    gui_sql.check("the first-start name dialog")

    for view in ("due", "overview", "audit", "exchanges"):
        window.actions_by_name[view].trigger()
        settle(qtbot)
        gui_sql.check(f"the {view} view")
    window.show_contacts()
    settle(qtbot)
    gui_sql.check("the contacts view")
    window.new_case()
    settle(qtbot)
    gui_sql.check("a new case")


def test_merge_undo_letter_attachment_import_and_export_run_no_sql_on_the_gui_thread(
        named_ctx, qtbot, tmp_path, gui_sql, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QWizard

    from casemanager.services import attachments

    ctx = named_ctx
    # Set-up: a likely duplicate of CM-0001, an appeal to write, a file, a list to import.
    cases.create_case(ctx.db, fields={"family_name": "Tursunow", "given_name": "Alisher",
                                      "name_native": "Турсунов Алишер", "citizenships": "UZ"})
    embassy = contacts.create_contact(ctx.db, fields={"name": "Embassy", "kind": "embassy"})
    records.add_appeal(ctx.db, "CM-0002", recipient_id=embassy, subject="Access",
                       sent_date="2025-02")
    note = tmp_path / "note.txt"
    note.write_text("a call with the mother", encoding="utf-8")
    attachments.add_attachment_file(ctx.db, "CM-0002", note)
    listing = tmp_path / "list.csv"
    listing.write_text("family_name,given_name\nImported,One\nImported,Two\n",
                       encoding="utf-8")
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url) or True))
    set_caseworker_name(ctx.db, "Anna")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    gui_sql.on = True

    window.actions_by_name["duplicates"].trigger()
    view = window.duplicates_view
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=20_000)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.compared, timeout=10_000):
        qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    dialog = view.merge_dialog
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Merged" in view.status.text(), timeout=20_000)
    settle(qtbot)
    gui_sql.check("merging two cases")
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "separate" in view.status.text(), timeout=20_000)
    settle(qtbot)
    gui_sql.check("undoing the merge")
    view.close()

    editor = open_case(qtbot, window, "CM-0002")
    editor.appeals.table.select_row(0)
    before = len(editor.attachments.items)
    editor.appeals.make_letter()
    qtbot.waitUntil(lambda: len(editor.attachments.items) > before, timeout=30_000)
    settle(qtbot)
    gui_sql.check("making an appeal letter")
    file_id = next(i for i, a in editor.attachments.items.items() if a.filename == "note.txt")
    editor.attachments.select_attachment(file_id)
    editor.attachments.open_selected()
    qtbot.waitUntil(lambda: bool(opened))
    settle(qtbot)
    gui_sql.check("reading an attachment")

    window.show_cases()
    window.actions_by_name["import"].trigger()
    wizard = window.import_wizard
    qtbot.keyClicks(wizard.file_page.path, str(listing))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.result_report is not None, timeout=20_000)
    settle(qtbot)
    assert wizard.result_report.created == 2
    gui_sql.check("importing a list")

    window.case_list.filter_bar.search.clear()  # every case, as the list shows them
    settle(qtbot)
    window.actions_by_name["export"].trigger()
    export = window.export_dialog
    out = tmp_path / "all.csv"
    qtbot.keyClicks(export.path, str(out))
    export.csv.setChecked(True)
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: export.written is not None, timeout=20_000)
    settle(qtbot)
    assert out.exists()
    gui_sql.check("exporting the list")


def test_a_large_selection_is_named_without_sql_on_the_gui_thread(big_ctx, qtbot, gui_sql):
    """Ctrl+A in a list of 2,000 cases, then an action on the selection (Dossier, Send,
    Add to exchange ask `selected_references`): the references come from the worker, in
    one read, and every one of them; the GUI thread read 19 pages itself before."""
    window = MainWindow(big_ctx)
    features.install(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    gui_sql.on = True
    window.case_list.table.selectAll()
    refs = window.selected_references()
    gui_sql.check("naming every selected case")
    assert len(refs) == window.case_list.model.rowCount() == 2000
    assert len(set(refs)) == 2000 and all(r.startswith("CM-") for r in refs)
    # The end of the list, not yet painted, then Enter: the chosen row's page is read on
    # the worker too.
    table = window.case_list.table
    table.clearSelection()
    last = window.case_list.model.index(1999, 0)
    table.setCurrentIndex(last)
    table.selectRow(1999)
    assert window.case_list.current_reference() == refs[-1]
    gui_sql.check("naming the last case")
