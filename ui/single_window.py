"""One window per database: a second start on the same file offers to switch to the first.

The claim itself is the core's (`db_guard.SessionClaim`, an flock naming the process);
this module adds the Qt side: the first window listens on a local socket named after the
database's full path, and a second start that finds the claim taken asks the person
whether to bring that window forward instead of opening the file twice.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox, QWidget

SHOW = b"show\n"


def server_name(database: str) -> str:
    """A local-socket name per database file (its resolved path, hashed: names are short)."""
    digest = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:20]
    return f"casemanager-{digest}"


class WindowBeacon(QObject):
    """Listens for a second start on the same database and brings `window` forward."""

    def __init__(self, database: str, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(database)
        QLocalServer.removeServer(name)  # a socket file left by a crashed window
        self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_message(s))

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()
        socket.disconnectFromServer()


def ask_first_window_to_show(database: str, timeout_ms: int = 2000) -> bool:
    """Ask the window that has `database` open to come forward; True if it heard."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(SHOW)
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return ok


def offer_switch(database: str, pid: int | None) -> bool:
    """Tell the person the database is open elsewhere; True if they chose to switch."""
    translate = QCoreApplication.translate
    holder = (
        translate("App", "Case Manager (process {pid})").format(pid=pid)
        if pid
        else translate("App", "another Case Manager window")
    )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        translate("App", "Case Manager"),
        translate("App", "This database is already open in {holder}.").format(holder=holder),
    )
    box.setInformativeText(
        translate("App", "Opening it twice would show two different states of the same cases. "
                  "Switch to the open window?")
    )
    box.setDetailedText(str(database))
    switch = box.addButton(translate("App", "Switch to It"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(switch)
    box.exec()
    return box.clickedButton() is switch
