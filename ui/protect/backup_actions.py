"""File > Back up now… and File > Restore…, plus the automatic backups of the GUI.

Each runs its core work off the GUI thread (ui/operations/background.py) with progress and Cancel.
`back_up_now` / `restore_from` take an optional path so tests (and the File menu's recent
list, one day) can skip the file dialog.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError, DatabaseError
from casemanager.domain.progress import Cancelled, Progress
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as core
from casemanager.store.database import open_database
from casemanager.store.database_identity import database_identity
from casemanager.store.key_file import is_encrypted_file, keyfile_path
from ui.context import AppContext
from ui.labels import core_text, count_text
from ui.operations.background import BackgroundTask, cancel_running, run_in_background
from ui.operations.failures import OPERATION_ERRORS, failure_reason, show_failure
from ui.operations.operation import Operation
from ui.protect.upgrade_note import upgrade_text

# A plain `translate(context, "literal")` call is what pyside6-lupdate recognises.
translate = QCoreApplication.translate


def _filter() -> str:
    return translate("Backup", "Case Manager backups (*.db);;All files (*)")


def _sqlite_or_explain(ctx: AppContext, parent: QWidget | None, title: str) -> Path | None:
    if ctx.db.path is None:
        QMessageBox.information(parent, title, translate(
            "Backup", "This database is on a PostgreSQL server. Back it up on the server with "
            "pg_dump (ask whoever runs the server)."))
        return None
    return ctx.db.path


def back_up_now(ctx: AppContext, parent: QWidget | None, dest: str | None = None,
                on_done=None) -> BackgroundTask | None:
    """Ask where, then copy the open database there (encrypted if it is)."""
    title = translate("Backup", "Back up")
    source = _sqlite_or_explain(ctx, parent, title)
    if source is None:
        return None
    if dest is None:
        suggested = str(Path.home() / f"{source.stem}-backup-{dt.date.today():%Y-%m-%d}.db")
        dest, _ = QFileDialog.getSaveFileName(
            parent, translate("Backup", "Back up the database to"), suggested, _filter())
        if not dest:
            return None

    def done(path: Path) -> None:
        note = ("\n\n" + translate(
            "Backup", "Keep %1 with it: the backup is encrypted and cannot be opened "
            "without that file.").replace("%1", f"{path.name}.keys") if ctx.db.encrypted else "")
        if on_done is not None:
            on_done(path)
        else:
            QMessageBox.information(
                parent, title, translate("Backup", "Backed up to %1.").replace("%1", str(path)) + note)

    # On the backup lane (ctx.maintenance, a connection of its own): what the window had
    # queued, and what it does meanwhile, is not held behind the copy. The dialog stays
    # modal: the caseworker asked for this backup and waits for its answer.
    return run_in_background(parent, translate("Backup", "Backing up…"),
                             lambda progress: core.backup(ctx.db, dest, progress), done,
                             failure_title=translate("Backup", "Backup failed"), ctx=ctx,
                             worker=ctx.maintenance)


def _backup_passphrase(parent: QWidget | None, source: Path) -> str | None:
    text, ok = QInputDialog.getText(
        parent, translate("Backup", "Restore"),
        translate("Backup", "%1 was encrypted with another passphrase. Enter it:").replace(
            "%1", source.name),
        QLineEdit.EchoMode.Password)
    return text if ok else None


def restore_from(ctx: AppContext, parent: QWidget | None, source: str | None = None,
                 *, confirm: bool = True, on_done=None) -> BackgroundTask | None:
    """Replace the open database by a checked backup; the replaced file is kept aside."""
    title = translate("Backup", "Restore")
    target = _sqlite_or_explain(ctx, parent, title)
    if target is None:
        return None
    if source is None:
        folder = core.backups_dir(ctx.db)
        folder = folder if folder.is_dir() else core.backups_dir()
        source, _ = QFileDialog.getOpenFileName(parent, translate("Backup", "Restore from a backup"),
                                                str(folder), _filter())
        if not source:
            return None
    src = Path(source)
    if confirm and QMessageBox.question(
        parent, title,
        translate("Backup", "Replace the open database with the backup %1?\n\n"
                  "Changes made since that backup will no longer be in the database; the "
                  "current file is kept next to it (…replaced-DATE) in case you need it."
                  ).replace("%1", src.name),
    ) != QMessageBox.StandardButton.Yes:
        return None
    key = ctx.db.key.get() if ctx.db.key is not None else None
    passphrase = None
    if is_encrypted_file(src):
        try:
            core.backup_key(src, key=key)
        except CaseManagerError:
            if not keyfile_path(src).exists():  # no passphrase can help: say so at once
                show_failure(parent, translate("Backup", "Restore failed"), DatabaseError(
                    translate("Backup", "%1 is not a Case Manager backup (nor an encrypted "
                              "one with its key file %2 beside it)")
                    .replace("%1", src.name).replace("%2", f"{src.name}.keys")))
                return None
            passphrase = _backup_passphrase(parent, src)
            if passphrase is None:
                return None

    # Changed since it was made? Whose is it? Read on the database worker (the backup's
    # SHA-256 and its check take a while on a large file); the window keeps painting
    # while the answer is awaited, as it does while the questions below are asked.
    checked = _inspect(ctx, parent, src, key, passphrase)
    if checked is None:
        return None
    info, other, ours_count = checked
    if other and QMessageBox.question(
        parent, title,
        translate("Backup", "%1 is a backup of another database (cases in it: %2; in the "
                  "open one: %3). Replace the open database with it anyway?")
        .replace("%1", src.name)
        .replace("%2", count_text(info.cases) if info.cases is not None else "?")
        .replace("%3", count_text(ours_count)),
    ) != QMessageBox.StandardButton.Yes:
        return None

    # A backup running on its lane reads the file about to be replaced: cancelled (the
    # replaced file is kept aside anyway), and the restore waits until the lane is done.
    cancel_running(ctx.maintenance)

    def job(progress):
        if not ctx.maintenance.is_idle():
            progress(0, None, translate("Backup", "Waiting for the backup to stop…"))
            while not ctx.maintenance.is_idle():
                time.sleep(0.05)
        ctx.db.dispose()  # every connection closed before the file is replaced
        aside = core.restore(target, src, key=key, passphrase=passphrase, other_database=other,
                             progress=progress)
        restored_key = core.backup_key(target, key=key, passphrase=passphrase)
        return aside, open_database(str(target), key=restored_key)  # upgrades an older schema

    def done(result) -> None:
        aside, restored = result
        ctx.db = restored
        ctx.changes.cases_changed.emit([])
        if on_done is not None:
            on_done(aside)
        else:
            kept = ("\n\n" + translate("Backup", "The replaced database was kept as %1.")
                    .replace("%1", str(aside)) if aside else "")
            upgraded = upgrade_text(restored)  # a backup made by an older version
            if upgraded:
                kept += "\n\n" + upgraded[:1].upper() + upgraded[1:] + "."
            if key is not None and not info.encrypted:
                kept += "\n\n" + translate(
                    "Backup", "The backup was not encrypted: it was restored encrypted with "
                    "this database's key (the passphrase is unchanged).")
            if info.checksum == "missing":
                kept += "\n\n" + translate(
                    "Backup", "The backup had no SHA-256 file, so whether it changed since "
                    "it was made could not be checked.")
            QMessageBox.information(
                parent, title, translate("Backup", "Restored from %1.").replace("%1", src.name) + kept)

    return run_in_background(parent, translate("Backup", "Restoring…"), job, done,
                             failure_title=translate("Backup", "Restore failed"), ctx=ctx)


def _inspect(ctx: AppContext, parent: QWidget | None, src: Path, key: bytes | None,
             passphrase: str | None) -> tuple[core.BackupInfo, bool, int] | None:
    """What restoring `src` would bring: the backup's facts, whether it is another
    database's, and how many cases the open one holds. Read on the database worker,
    waited for here; None (the failure shown) when the backup is refused."""

    def work(db) -> tuple[core.BackupInfo, bool, int]:
        info = core.inspect_backup(src, key=key, passphrase=passphrase)
        ours = database_identity(db)
        other = bool(info.identity and ours and info.identity != ours)
        return info, other, count_cases(db, CaseFilter()) if other else 0

    found: list[tuple[core.BackupInfo, bool, int]] = []
    failures: list[BaseException] = []
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        Operation(ctx, parent=None, work=work).success(found.append) \
            .failure(failures.append).run().wait()
    finally:
        QGuiApplication.restoreOverrideCursor()
    if failures:
        show_failure(parent, translate("Backup", "Restore failed"), failures[0])
    return found[0] if found else None


def _backs_up_on_close(ctx: AppContext) -> bool:
    """Whether closing makes an automatic backup: a SQLite file whose key (encrypted) is
    at hand; a server's database is backed up on the server."""
    return ctx.db.path is not None and (ctx.db.key is None or ctx.db.key.present)


def backup_on_close(ctx: AppContext, parent: QWidget | None = None) -> Path | None:
    """The automatic backup when the application closes (kept: Setting backup_keep).

    A failure does not stop the closing (the daily backup tries again) but is shown in a
    warning box, so nobody leaves believing a backup was made."""
    if not _backs_up_on_close(ctx):
        return None
    try:
        return core.rotate_backups(ctx.db)
    except OPERATION_ERRORS as exc:
        show_failure(parent, translate("Backup", "Automatic backup failed"), exc)
        return None


def closing_backup(ctx: AppContext, parent: QWidget,
                   then: Callable[[], None]) -> BackgroundTask | None:
    """The automatic backup when the application closes, made while its window is still
    shown, with progress and Cancel; `then()` is called once it has ended (made, failed,
    or cancelled). None, and no call, when there is none to make (a server database, or
    an encrypted one whose key is locked away).

    At a million cases the copy takes minutes. Made after the window had gone, it was
    invisible: a laptop shut down then lost it, and nobody knew it was running. It runs
    on the database worker, after the saves the window queued. A daily backup still
    copying is cancelled: this one is newer. Cancel skips it (the daily backup remains);
    a failure is shown in a box over the window before it closes."""
    if not _backs_up_on_close(ctx):
        return None
    cancel_running(ctx.maintenance)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            show_failure(parent, translate("Backup", "Automatic backup failed"), exc)
        then()

    title = translate("Backup", "Backing up before closing…")

    def job(progress: Progress) -> Path:
        # The dialog keeps saying why the window has not closed yet, above the step.
        def step(done: int, total: int | None = None, message: str = "") -> None:
            progress(done, total, f"{title}\n{core_text(message)}" if message else title)
        return core.rotate_backups(ctx.db, progress=step)

    return run_in_background(parent, title, job, lambda _path: then(), failed, ctx=ctx)


def end_backups(ctx: AppContext) -> None:
    """When the application closes: cancel a backup still running on the backup lane
    (its `.partial` file removed, the backups made before kept) and wait until the lane
    has stopped, so the backup on close, which follows, copies the database as it is
    at the end, alone. Cancelling takes effect at the copy's next step; a whole-file
    check under way (40 s at a million cases) ends first."""
    cancel_running(ctx.maintenance)
    ctx.maintenance.stop(timeout=None)


def install_daily_backup(parent: QWidget, ctx: AppContext,
                         check_every_ms: int = 3_600_000) -> QTimer:
    """Check hourly (and now) whether a day passed since the last automatic backup.

    A failed daily backup is shown in the main window's status bar (no box each hour)
    until one succeeds; `timer.task` is the last check's BackgroundTask. While a dialog
    is open (the Welcome dialog at first start) the check waits for it to close.

    It runs on the backup lane (`ctx.maintenance`), on a connection of its own, with a
    progress dialog that is not modal: at a million cases the copy took 4½ minutes on
    the database worker, and the case list, its searches and sorts waited behind it
    (rows "…"). The copy is one snapshot of the database (core `backup`), so the
    window's saves meanwhile neither restart it nor land half in it."""
    timer = QTimer(parent)

    failure = translate("Backup", "Daily backup failed")
    shown: list[str] = []  # the status-bar line this timer put up, if any

    def bar():
        return parent.statusBar() if isinstance(parent, QMainWindow) else None

    def failed(exc: BaseException) -> None:
        task = getattr(timer, "task", None)
        if isinstance(exc, Cancelled) or (task is not None and task.cancel_event.is_set()):
            return  # cancelled (closing, a restore, the lock): what it met on its way out
        if bar() is None:
            show_failure(parent, failure, exc)
            return
        # Not a box every hour over the caseworker's work: the status bar keeps the line
        # (no timeout) until the next backup succeeds.
        shown[:] = [translate("Backup", "The daily backup failed: %1").replace(
            "%1", failure_reason(exc))]
        bar().showMessage(shown[0])

    def made(_path: Path | None) -> None:
        if shown and bar() is not None and bar().currentMessage() == shown[0]:
            bar().clearMessage()
        shown.clear()

    def check() -> None:
        if ctx.db.path is None or (ctx.db.key is not None and not ctx.db.key.present):
            return
        if QApplication.activeModalWidget() is not None and not ctx.locked:
            # Its progress dialog would be drawn over the one open (the Welcome dialog at
            # first start): the backup waits until it is answered.
            QTimer.singleShot(1000, timer, check)
            return
        timer.task = run_in_background(  # type: ignore[attr-defined]
            parent, translate("Backup", "Daily backup…"),
            lambda progress: core.backup_if_due(ctx.db, progress=progress),
            made, on_error=failed, failure_title=failure, ctx=ctx,
            worker=ctx.maintenance, modal=False)

    timer.timeout.connect(check)
    timer.start(check_every_ms)
    QTimer.singleShot(0, check)
    return timer


def install_background_check(parent: QWidget, ctx: AppContext) -> Operation | None:
    """SQLite's quick check of the whole file, once, off the GUI thread, soon after the
    window shows (opening checks only after an unclean shutdown: a file damaged while
    closed is caught here, by `check` or by the next backup). A damaged file is shown in
    a warning box with the one line that says where the backups are; a clean one says
    nothing. Returns the operation (None for a server database, a locked one, or one that
    opening checked already, after an unclean shutdown).

    "Checking the database…" is said in the status bar while it runs, not in a progress
    dialog: at first start that dialog was drawn over the Welcome dialog. The warning of
    a damaged file waits, likewise, until no dialog is open."""
    from casemanager.store.database import quick_check

    if ctx.db.path is None or (ctx.db.key is not None and not ctx.db.key.present):
        return None
    if ctx.db.checked_on_open:  # after an unclean shutdown: once is enough (25 s at 1M)
        return None
    bar = parent.statusBar() if isinstance(parent, QMainWindow) else None
    checking = translate("Backup", "Checking the database…")
    if bar is not None:
        bar.showMessage(checking)

    def checked() -> None:
        if bar is not None and bar.currentMessage() == checking:
            bar.clearMessage()

    def damaged(exc: BaseException) -> None:
        if QApplication.activeModalWidget() is not None:  # the Welcome dialog, say
            QTimer.singleShot(500, parent, lambda: damaged(exc))
            return
        show_failure(parent, translate("Backup", "The database is damaged"), exc)

    # On the maintenance lane: at a million cases the check reads 3.4 GB for 40 s, and on
    # the database worker every read of the list waited behind it.
    return Operation(ctx, parent=parent, work=quick_check, worker=ctx.maintenance) \
        .failure(damaged).finally_(checked).run()
