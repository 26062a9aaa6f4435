"""Connecting to the office's server: server, login and password, asked by the window.

Shown at start when the database is a server (`casemanager gui --db postgresql+psycopg://…`,
filled in from that address) and from File > Connect to a server…. What was typed is
remembered for next time (QSettings, group `server/`) **without the password**, which
goes to libpq beside the address and is forgotten with the window. Left empty, libpq
looks in its password file (`~/.pgpass`, `%APPDATA%\\postgresql\\pgpass.conf` or
$PGPASSFILE) as usual; a service name reads the rest from `pg_service.conf`. At the
first sign-in with the password `user add` showed, the dialog asks for one's own before
the window opens (as `casemanager user password` does).
A server that is not this machine is reached with TLS and a verified certificate
(casemanager.store.server).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.services import access
from casemanager.store.database import Database
from casemanager.store.server import ServerAddress
from ui.labels import reason_text
from ui.protect.opening import open_with_progress

FIELDS = ("host", "port", "database", "login", "service")


def remembered(settings: QSettings) -> ServerAddress:
    """The address typed last time (never a password)."""
    def text(name: str) -> str:
        return str(settings.value(f"server/{name}", "") or "")

    try:
        port = int(str(settings.value("server/port", 0) or 0))
    except (TypeError, ValueError):
        port = 0
    return ServerAddress(host=text("host"), port=port, database=text("database"),
                         login=text("login"), service=text("service"))


def remember(settings: QSettings, address: ServerAddress) -> None:
    """Keep the address for next time; the password is not part of it."""
    for name in FIELDS:
        settings.setValue(f"server/{name}", getattr(address, name))
    settings.sync()


class ServerDialog(QDialog):
    """Asks where the server is and who signs in; on Connect opens the database (kept in
    `database`) or says in one line why not and stays open."""

    def __init__(self, settings: QSettings, address: ServerAddress | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.database: Database | None = None
        self.setWindowTitle(self.tr("Connect to a server"))
        start = address or remembered(settings)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr(
            "The office's Case Manager server. Leave the password empty to use your "
            "password file; a service name fills in the rest from pg_service.conf."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.host = QLineEdit(start.host)
        self.host.setPlaceholderText(self.tr("this computer"))
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("default (5432)"))
        self.port.setValue(start.port)
        self.database_name = QLineEdit(start.database)
        self.login = QLineEdit(start.login)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.service = QLineEdit(start.service)
        form.addRow(self.tr("&Server:"), self.host)
        form.addRow(self.tr("P&ort:"), self.port)
        form.addRow(self.tr("&Database:"), self.database_name)
        form.addRow(self.tr("&Login:"), self.login)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Ser&vice (optional):"), self.service)
        layout.addLayout(form)
        # The first sign-in with the password `user add` showed: choose one's own first.
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password = QLineEdit()
        self.repeat_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.first_sign_in = QWidget()
        first = QFormLayout(self.first_sign_in)
        first.setContentsMargins(0, 0, 0, 0)
        note = QLabel(self.tr("This is your first sign-in: choose your own password "
                              "(at least 10 characters; several words are best)."))
        note.setWordWrap(True)
        first.addRow(note)
        first.addRow(self.tr("&New password:"), self.new_password)
        first.addRow(self.tr("&Repeat it:"), self.repeat_password)
        self.first_sign_in.hide()
        layout.addWidget(self.first_sign_in)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(
            self.tr("&Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Enter signs in. Made the default once inside the dialog: a button made default
        # before it has a dialog does not tell the dialog, which then makes its first
        # button (Cancel) the default when shown, and Enter in the password quit.
        self.connect_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        (self.password if start.login else self.login).setFocus()
        self.resize(460, 0)

    def address(self) -> ServerAddress:
        return ServerAddress(host=self.host.text().strip(), port=self.port.value(),
                             database=self.database_name.text().strip(),
                             login=self.login.text().strip(),
                             service=self.service.text().strip())

    def accept(self) -> None:
        if self.database is not None:  # connected; the first password is being replaced
            self._choose_password()
            return
        address = self.address()
        if not (address.database or address.service):
            self._say(self.tr("Give the database's name (or a service)."))
            return
        try:
            # Off the GUI thread: an upgrade of the server's schema shows its steps and
            # may be cancelled (ui/protect/opening.py).
            db = open_with_progress(address.url(), self,
                                    password=self.password.text() or None)
        except CaseManagerError as exc:
            text = reason_text(exc).strip()  # the core's words, in the interface's language
            self._say(text.splitlines()[0] if text else type(exc).__name__)
            return
        self.password.clear()
        self.database = db
        remember(self.settings, address)
        try:
            must_change = access.must_change_password(db)
        except CaseManagerError:
            must_change = False
        if must_change:
            for widget in (self.host, self.port, self.database_name, self.login, self.password,
                           self.service):
                widget.setEnabled(False)
            self.message.hide()
            self.first_sign_in.show()
            self.connect_button.setText(self.tr("&Save the password"))
            self.new_password.setFocus()
            return
        super().accept()

    def _choose_password(self) -> None:
        if self.new_password.text() != self.repeat_password.text():
            self._say(self.tr("The two passwords differ."))
            return
        try:
            assert self.database is not None  # asked only once connected
            access.change_password(self.database, self.new_password.text())
        except CaseManagerError as exc:
            self._say(reason_text(exc).strip().splitlines()[0])
            return
        self.new_password.clear()
        self.repeat_password.clear()
        super().accept()

    def reject(self) -> None:
        if self.database is not None:  # connected, but the first password was kept
            self.database.dispose()
            self.database = None
        super().reject()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        # The dialog grows to hold the message: the form keeps its size.
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(width, needed)


def ask_server(settings: QSettings, target: str | None = None,
               parent: QWidget | None = None) -> Database | None:
    """The database the person connected to, or None if they cancelled. `target` (a
    server URL given at start) fills in the form; otherwise what was typed last time."""
    address = ServerAddress.from_url(target) if target else None
    dialog = ServerDialog(settings, address, parent)
    dialog.exec()
    return dialog.database
