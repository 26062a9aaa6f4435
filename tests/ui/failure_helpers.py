"""Making the database really fail under a running window, for the failure tests: a
table renamed away by another connection (as another program, a damaged file or a
half-applied upgrade would leave it) makes every statement that needs it fail inside
SQLite itself; renaming it back repairs the database for the retry."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication

from ui import features
from ui.main_window import MainWindow
from ui.operations.operation import settled


def rename_table(path: Path, old: str, new: str) -> None:
    """ALTER TABLE from a second connection, committed: the window's pooled connections
    see the new schema at their next statement."""
    with closing(sqlite3.connect(path, timeout=15)) as conn:
        conn.execute(f"ALTER TABLE {old} RENAME TO {new}")
        conn.commit()


def break_table(path: Path, table: str) -> None:
    rename_table(path, table, f"{table}_away")


def repair_table(path: Path, table: str) -> None:
    rename_table(path, f"{table}_away", table)


def open_window(ctx, qtbot) -> MainWindow:
    """The main window with every feature's actions, shown."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    qtbot.waitExposed(window)
    # The filter menus fill themselves once the event loop runs (a zero timer): let that
    # read happen now, on the whole database, not later on the broken one.
    QApplication.processEvents()
    return window


def wait_for_background() -> None:
    """Let the database worker finish, and its results arrive, before the widgets and
    the database go away."""
    deadline = QDeadlineTimer(60_000)
    while not settled() and not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def settle(qtbot) -> None:
    """Wait until every operation started so far has run and delivered its result."""
    qtbot.waitUntil(settled, timeout=30_000)
