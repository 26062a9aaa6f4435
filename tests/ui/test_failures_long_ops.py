"""No silent failure (issue 12, item 2) for the long operations the window runs in the
background: import, export, backup, restore, the daily and closing backups, dossiers.

Each test breaks the real database under the open window (failure_helpers), runs the
operation as a caseworker would, and checks what the window shows: the one-line reason
where the operation was started, never "done". Then it repairs the database, runs the
operation again and checks that the success is shown as before."""

from __future__ import annotations

import shutil

import pytest
from failure_helpers import break_table, open_window, repair_table, wait_for_background
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from casemanager.reports.dossiers import list_disclosures
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as core_backup
from ui.protect.backup_actions import (
    back_up_now,
    backup_on_close,
    install_daily_backup,
    restore_from,
)

CLICK = Qt.MouseButton.LeftButton
NO_TABLE_AUDIT = "database error: no such table: audit_entries"


@pytest.fixture(autouse=True)
def _background_ends():
    yield
    wait_for_background()


def no_sql(text: str) -> bool:
    """Nothing of the statement or its parameters (case data) reached the person."""
    return "[SQL" not in text and "INSERT" not in text and "parameters" not in text


def test_failed_import_says_so_on_the_wizard_page_and_writes_nothing(
        qtbot, ctx, tmp_path, boxes):
    window = open_window(ctx, qtbot)
    path = tmp_path / "partner.csv"
    path.write_text("family_name,given_name,date_of_birth\nTursunov,Alisher,1994\n"
                    "Karimov,Jasur,1990\n", encoding="utf-8")
    window.actions_by_name["import"].trigger()
    wizard = window.import_wizard
    qtbot.keyClicks(wizard.file_page.path, str(path))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, CLICK)  # to the columns
    qtbot.mouseClick(next_button, CLICK)  # to the check
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=30_000)
    qtbot.mouseClick(next_button, CLICK)
    page = wizard.confirm_page
    assert wizard.currentPage() is page and page.title() == "Ready to import"

    break_table(ctx.db.path, "audit_entries")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, CLICK)
    qtbot.waitUntil(lambda: page.title() != "Ready to import", timeout=30_000)
    assert page.title() == "Import failed"
    assert page.summary.text() == f"The import failed: {NO_TABLE_AUDIT}"
    assert page.subTitle() == "Nothing was written. Press Import to try again."
    assert wizard.isVisible() and wizard.result_report is None and finish.isEnabled()
    assert count_cases(ctx.db, CaseFilter()) == 0
    assert boxes == []  # said on the page itself, not in a box over it

    repair_table(ctx.db.path, "audit_entries")
    qtbot.mouseClick(finish, CLICK)
    qtbot.waitUntil(lambda: wizard.result_report is not None, timeout=30_000)
    # Done: the wizard now shows its closing summary (it stays open for "Show the cases").
    assert wizard.result_report.written and count_cases(ctx.db, CaseFilter()) == 2


def test_failed_export_says_why_in_the_dialog_and_writes_no_file(
        qtbot, named_ctx, tmp_path, boxes):
    window = open_window(named_ctx, qtbot)
    window.actions_by_name["export"].trigger()
    dialog = window.export_dialog
    dialog.csv.setChecked(True)
    out = tmp_path / "list.csv"
    qtbot.keyClicks(dialog.path, str(out))

    break_table(named_ctx.db.path, "cases")
    qtbot.mouseClick(dialog.export_button, CLICK)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30_000)
    assert dialog.error.text() == "The export failed: database error: no such table: cases"
    assert dialog.isVisible() and dialog.written is None and not out.exists()
    assert boxes == []

    repair_table(named_ctx.db.path, "cases")
    qtbot.mouseClick(dialog.export_button, CLICK)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert not dialog.isVisible() and out.read_text("utf-8-sig").count("\n") == 5


def test_failed_backup_is_a_warning_and_no_copy_is_left(qtbot, named_ctx, tmp_path, boxes):
    window = open_window(named_ctx, qtbot)
    dest = tmp_path / "copy.db"
    break_table(named_ctx.db.path, "alembic_version")  # the copy is checked, and refused
    task = back_up_now(named_ctx, window, str(dest))
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert task.state == "failed"
    assert boxes == [("warning", "Backup failed", f"Backup failed: {task.failure}")]
    assert "no such table: alembic_version" in task.failure
    assert not dest.exists() and list(tmp_path.glob("copy.db*")) == []

    repair_table(named_ctx.db.path, "alembic_version")
    task = back_up_now(named_ctx, window, str(dest))
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert task.state == "done" and task.failure == ""
    assert boxes[1:] == [("information", "Back up", f"Backed up to {dest}.")]


def test_failed_restore_is_a_warning_and_the_open_database_stays(
        qtbot, named_ctx, tmp_path, boxes):
    window = open_window(named_ctx, qtbot)
    good = core_backup.backup(named_ctx.db, tmp_path / "good.db")
    bad = tmp_path / "bad.db"
    shutil.copy(good, bad)
    with bad.open("r+b") as fh:  # a backup cut short (a full stick, a broken copy)
        fh.truncate(bad.stat().st_size // 2)
    cases.create_case(named_ctx.db, fields={"family_name": "After the backup"})

    # Checked before anything is closed or replaced: no task starts at all.
    assert restore_from(named_ctx, window, str(bad), confirm=False) is None
    assert boxes == [("warning", "Restore failed",
                      "Restore failed: the backup bad.db is not a Case Manager database "
                      "(database disk image is malformed)")]
    assert count_cases(named_ctx.db, CaseFilter()) == 5  # still the open database, whole

    task = restore_from(named_ctx, window, str(good), confirm=False)
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    kind, title, text = boxes[1]
    assert (kind, title, task.state) == ("information", "Restore", "done")
    assert text.startswith("Restored from good.db.\n\nThe replaced database was kept as ")
    assert count_cases(named_ctx.db, CaseFilter()) == 4
    named_ctx.db.dispose()


def test_failed_daily_backup_stays_in_the_status_bar_until_one_succeeds(
        qtbot, named_ctx, tmp_path, boxes, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    window = open_window(named_ctx, qtbot)
    break_table(named_ctx.db.path, "alembic_version")
    timer = install_daily_backup(window, named_ctx)
    qtbot.waitUntil(lambda: getattr(timer, "task", None) is not None and timer.task.finished,
                    timeout=30_000)
    message = window.statusBar().currentMessage()
    assert message == f"The daily backup failed: {timer.task.failure}"
    assert "no such table: alembic_version" in message and boxes == []

    repair_table(named_ctx.db.path, "alembic_version")
    first = timer.task
    timer.timeout.emit()  # the hourly check, now
    qtbot.waitUntil(lambda: timer.task is not first and timer.task.finished, timeout=30_000)
    assert timer.task.state == "done" and window.statusBar().currentMessage() == ""
    # Automatic backups are kept per database, in a folder of their own.
    assert len(list((tmp_path / "xdg" / "CaseManager" / "backups").glob("*/*.db"))) == 1


def test_failed_backup_on_close_is_shown(named_ctx, boxes):
    break_table(named_ctx.db.path, "alembic_version")
    assert backup_on_close(named_ctx) is None
    [(kind, title, text)] = boxes
    assert (kind, title) == ("warning", "Automatic backup failed")
    assert "no such table: alembic_version" in text


def test_failed_dossier_says_failed_in_the_dialog_and_records_nothing(
        qtbot, named_ctx, tmp_path, boxes):
    window = open_window(named_ctx, qtbot)
    window.case_list.table.selectRow(0)
    window.actions_by_name["dossier"].trigger()
    dialog = window._dossier_dialog
    qtbot.addWidget(dialog)
    out = tmp_path / "dossier.pdf"
    dialog.choose_save_path = lambda: str(out)
    reference = dialog.references[0]

    break_table(named_ctx.db.path, "disclosures")
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.save_button, CLICK)
    assert blocker.args == [dialog.status.text()]
    assert dialog.status.text() == "Failed: database error: no such table: disclosures"
    assert "b00020" in dialog.status.styleSheet()  # in the error colour
    assert dialog.save_button.isEnabled() and not out.exists() and boxes == []

    repair_table(named_ctx.db.path, "disclosures")
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.save_button, CLICK)
    assert blocker.args == [f"Saved to {out} and recorded in the disclosure ledger."]
    assert dialog.status.styleSheet() == "" and out.exists()
    assert len(list_disclosures(named_ctx.db, reference)) == 1


def test_no_failure_text_carries_sql(qtbot, named_ctx, tmp_path, boxes):
    """The same failure as a save meets, through the shared reason: no statement, no
    parameter (the new name) in what is shown."""
    from sqlalchemy.exc import OperationalError

    from ui.operations.failures import failure_reason

    break_table(named_ctx.db.path, "audit_entries")
    with pytest.raises(OperationalError) as caught:
        cases.update_case(named_ctx.db, "CM-0001", fields={"given_name": "Zulfiya"},
                          expected_version=cases.get_case(named_ctx.db, "CM-0001").version)
    assert "Zulfiya" in str(caught.value)  # SQLAlchemy's own text has the parameters
    reason = failure_reason(caught.value)
    assert reason == NO_TABLE_AUDIT and no_sql(reason) and "Zulfiya" not in reason


def test_a_failure_in_the_last_step_on_the_gui_thread_is_shown_as_failed(
        qtbot, named_ctx, boxes):
    """The shared runner: the job succeeds, the step after it (on the GUI thread, as
    reopening a restored database is) meets the broken database: failed, and said."""
    from ui.operations.background import run_in_background

    window = open_window(named_ctx, qtbot)
    version = cases.get_case(named_ctx.db, "CM-0001").version
    finished = []

    def job(progress):
        break_table(named_ctx.db.path, "audit_entries")  # the world changes meanwhile
        return version

    def done(v):
        cases.update_case(named_ctx.db, "CM-0001", fields={"rank": "private"},
                          expected_version=v)
        finished.append(v)

    task = run_in_background(window, "Working…", job, done, failure_title="Work failed")
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert task.state == "failed" and task.failure == NO_TABLE_AUDIT and finished == []
    assert boxes == [("warning", "Work failed", f"Work failed: {NO_TABLE_AUDIT}")]



def test_restoring_from_a_file_that_is_no_backup_says_so_without_asking(
        qtbot, named_ctx, tmp_path, boxes, monkeypatch):
    window = open_window(named_ctx, qtbot)
    text = tmp_path / "notes.db"
    text.write_text("hello")
    asked = []
    monkeypatch.setattr("ui.protect.backup_actions._backup_passphrase",
                        lambda *a: asked.append(a) or None)
    assert restore_from(named_ctx, window, str(text), confirm=False) is None
    assert asked == []  # no passphrase can help, so none is asked for
    assert boxes == [("warning", "Restore failed",
                      "Restore failed: notes.db is not a Case Manager backup (nor an "
                      "encrypted one with its key file notes.db.keys beside it)")]
    assert count_cases(named_ctx.db, CaseFilter()) == 4  # the open database, untouched
    named_ctx.db.dispose()
