"""A real Case Manager window in its own process, driven line by line from stdin.

Used by test_shared_database.py: what caseworkers do in the window (a file dialog open
over the database's folder, a save in the case editor, an import, a backup) while other
processes read and write the same file. Each command answers one line, `ok …` or
`failed …`, once the window has finished it. Run: python window_process.py DATABASE.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMimeDatabase, QSettings, QSocketNotifier, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from casemanager.lists.importer import import_file
from casemanager.store.database import open_database
from ui import app as ui_app
from ui import features
from ui.context import AppContext
from ui.editor.case_editor import CaseEditor
from ui.main_window import MainWindow
from ui.operations.background import run_in_background
from ui.protect.backup_actions import back_up_now


def answer(text: str) -> None:
    print(text, flush=True)


def main(database: str) -> int:
    qt = ui_app.application()
    db = open_database(database)
    settings = QSettings(str(Path(database).with_suffix(".ini")), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, actor=f"window-{os.getpid()}", settings=settings)
    window = MainWindow(ctx)
    features.install(window)
    window.show()
    keep: list = []

    def file_dialog() -> None:
        # The dialog the window shows for "Save as…", over the database's own folder;
        # it lists (and may sniff) the database files while it is open. Qt's MIME
        # database reads each file as its icon provider would.
        dialog = QFileDialog(window, "Save the dossier as", str(Path(database).parent))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.open()
        keep.append(dialog)
        for f in Path(database).parent.iterdir():
            if f.is_file():
                QMimeDatabase().mimeTypeForFile(str(f))
        QTimer.singleShot(1500, lambda: answer("ok dialog"))

    def save(name: str) -> None:
        editor = CaseEditor(ctx, None)
        editor.show()
        for section in editor.sections:
            if section.form is not None and section.form.has("family_name"):
                widget = section.form.widget("family_name")
        widget.setFocus()
        QTest.keyClicks(widget, name)
        if editor.save(wait=True):  # saved on the database worker; the window paints on
            answer(f"ok saved {editor.reference}")
        else:
            answer("failed save")
        editor.close()

    def run_import(path: str) -> None:
        def job(progress):
            return import_file(db, path, on_duplicate="add", actor=ctx.actor, progress=progress)

        keep.append(run_in_background(
            window, "Importing cases", job,
            lambda report: answer(f"ok imported {report.written}"),
            lambda exc: answer(f"failed import {exc}")))

    def backup(dest: str) -> None:
        keep.append(back_up_now(ctx, window, dest, on_done=lambda p: answer("ok backup")))

    commands = {"dialog": lambda _arg: file_dialog(), "save": save, "import": run_import,
                "backup": backup, "quit": lambda _arg: window.close() or qt.quit()}

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_line() -> None:
        line = sys.stdin.readline()
        if not line:
            qt.quit()
            return
        command, _, arg = line.strip().partition(" ")
        commands[command](arg)

    notifier.activated.connect(on_line)
    answer("ready")
    status = qt.exec()
    ctx.worker.stop()
    db.dispose()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
