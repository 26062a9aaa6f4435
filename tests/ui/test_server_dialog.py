"""Connecting the window to a real server: the dialog asks for server, login and
password, remembers all but the password, and libpq's password and service files work;
File > Connect to a server… puts a window on the server in place of the local one."""

from __future__ import annotations

import pytest
from editor_helpers import make_context, type_into
from PySide6.QtCore import QSettings, Qt

from casemanager.services import access
from casemanager.store.server import ServerAddress
from tests.core.test_roles import office, people_server  # noqa: F401  (fixtures)
from ui import features
from ui.app import switch_to
from ui.main_window import MainWindow
from ui.settings import server_dialog
from ui.settings.server_dialog import ServerDialog

pytestmark = pytest.mark.postgres


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_libpq_files(monkeypatch, tmp_path):
    """Nothing of the tester's own (~/.pgpass, PGPASSWORD...) may help a test connect."""
    for name in ("PGPASSWORD", "PGSERVICE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-services"))


def _dialog(qtbot, settings, address=None) -> ServerDialog:
    dialog = ServerDialog(settings, address)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _connect(qtbot, dialog: ServerDialog) -> None:
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)


def test_the_dialog_connects_and_remembers_all_but_the_password(office, qtbot, settings,  # noqa: F811
                                                                tmp_path):
    address = ServerAddress.from_url(office.url("volunteer"))
    dialog = _dialog(qtbot, settings, address)
    assert dialog.host.text() == str(office.server.socket)
    assert dialog.port.value() == office.server.port
    assert dialog.database_name.text() == office.dbname
    assert dialog.login.text() == office.login["volunteer"]

    # A wrong password: one line in the dialog, which stays open.
    type_into(qtbot, dialog.password, "not-the-password")
    _connect(qtbot, dialog)
    assert dialog.database is None and dialog.isVisible()
    assert dialog.message.isVisible() and "\n" not in dialog.message.text()
    assert "password authentication failed" in dialog.message.text()

    type_into(qtbot, dialog.password, office.password["volunteer"])
    _connect(qtbot, dialog)
    assert dialog.database is not None, dialog.message.text()
    try:
        assert access.session_login(dialog.database) == office.login["volunteer"]
        assert access.session_role(dialog.database) == "volunteer"
        assert office.password["volunteer"] not in dialog.database.describe()
    finally:
        dialog.database.dispose()
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text()
    assert office.login["volunteer"] in stored and office.dbname in stored
    assert office.password["volunteer"] not in stored

    # Next time the form is filled in from what was remembered; the password is not.
    again = _dialog(qtbot, settings)
    assert again.address() == address
    assert again.password.text() == ""


def test_libpq_s_password_and_service_files_work(office, qtbot, settings, tmp_path,  # noqa: F811
                                                 monkeypatch):
    login, password = office.login["caseworker"], office.password["caseworker"]
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:{office.dbname}:{login}:{password}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    dialog = _dialog(qtbot, settings, ServerAddress.from_url(office.url("caseworker")))
    _connect(qtbot, dialog)  # the password left empty: libpq reads the file
    assert dialog.database is not None, dialog.message.text()
    assert access.session_role(dialog.database) == "caseworker"
    dialog.database.dispose()

    services = tmp_path / "pg_service.conf"
    services.write_text(f"[office]\nhost={office.server.socket}\nport={office.server.port}\n"
                        f"dbname={office.dbname}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    dialog = _dialog(qtbot, settings, ServerAddress(service="office", login=login))
    _connect(qtbot, dialog)
    assert dialog.database is not None, dialog.message.text()
    assert access.session_login(dialog.database) == login
    dialog.database.dispose()


def test_file_connect_puts_a_window_on_the_server(office, qtbot, sqlite_db, tmp_path,  # noqa: F811
                                                  monkeypatch):
    ctx = make_context(sqlite_db, tmp_path)
    window = MainWindow(ctx)
    features.install(window)
    window.switch_database = lambda db: switch_to(window, db)  # as ui.app.open_window does
    qtbot.addWidget(window)
    window.show()
    action = window.actions_by_name["connect"]
    assert action in window.menus["file"].actions() and action.isVisible()

    asked = []

    def ask(settings, target, parent):
        asked.append(target)
        dialog = ServerDialog(settings, ServerAddress.from_url(office.url("volunteer")), parent)
        qtbot.addWidget(dialog)
        dialog.password.setText(office.password["volunteer"])
        dialog.accept()
        return dialog.database

    monkeypatch.setattr(server_dialog, "ask_server", ask)
    action.trigger()
    new = window.switched_to
    assert asked == [None] and new is not None
    qtbot.addWidget(new)
    try:
        assert new.ctx.db.dialect == "postgresql"
        assert not window.isVisible() and new.isVisible()
        # Signed in as the volunteer: the window hides what the role may not do.
        assert not new.actions_by_name["delete"].isVisible()
    finally:
        new.close()
        new.ctx.db.dispose()


def test_the_first_sign_in_asks_for_one_s_own_password(office, qtbot, settings):  # noqa: F811
    dialog = _dialog(qtbot, settings, ServerAddress.from_url(office.url("volunteer")))
    type_into(qtbot, dialog.password, office.password["volunteer"])
    _connect(qtbot, dialog)
    assert dialog.database is not None and dialog.isVisible()
    assert dialog.first_sign_in.isVisible() and not dialog.login.isEnabled()
    for new, repeat, says in (("a long new password", "another one", "differ"),
                              ("short", "short", "at least 10")):
        type_into(qtbot, dialog.new_password, new)
        type_into(qtbot, dialog.repeat_password, repeat)
        _connect(qtbot, dialog)
        assert dialog.isVisible() and says in dialog.message.text()
    type_into(qtbot, dialog.new_password, "a long new password")
    type_into(qtbot, dialog.repeat_password, "a long new password")
    _connect(qtbot, dialog)
    assert not dialog.isVisible(), dialog.message.text()
    try:
        assert not access.must_change_password(dialog.database)
    finally:
        dialog.database.dispose()
    assert office.psql("volunteer", "SELECT 1", password="a long new password").returncode == 0
    assert office.psql("volunteer", "SELECT 1").returncode != 0  # the first one is gone


def test_enter_signs_in_and_a_refusal_fits_in_the_dialog(office, qtbot, settings):  # noqa: F811
    """Enter in the password field is Connect (never Cancel, which quit the window at
    start-up); the refusal shows inside the dialog, which grows to hold it, with the
    socket folder as typed (no %2F)."""
    address = ServerAddress.from_url(office.url("volunteer"))
    dialog = _dialog(qtbot, settings, address)
    qtbot.waitExposed(dialog)
    assert dialog.connect_button.isDefault()
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert not cancel.isDefault()
    port_height = dialog.port.height()
    type_into(qtbot, dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.message.isVisible(), "Enter did not try to connect"
    text = dialog.message.text()
    assert "password authentication failed" in text
    assert "%2F" not in text and str(office.server.socket) in text
    qtbot.waitUntil(lambda: dialog.message.height() >= dialog.message.heightForWidth(
        dialog.message.width()))
    assert dialog.port.height() >= min(port_height, dialog.port.minimumSizeHint().height())

    # With the right password, Enter signs in.
    type_into(qtbot, dialog.password, office.password["volunteer"])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.database is not None, dialog.message.text()
    dialog.database.dispose()
