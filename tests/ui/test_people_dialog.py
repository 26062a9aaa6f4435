"""Settings > People… on a real server: a coordinator adds a person, sees the first
password once, changes the role and disables the login; the server is what refuses."""

from __future__ import annotations

import uuid

import pytest
from editor_helpers import make_context, settle, type_into
from PySide6.QtCore import Qt

from casemanager.services import access
from casemanager.store.database import open_database
from tests.core.test_roles import Office, people_server  # noqa: F401  (fixture)
from ui.settings.people_dialog import PeopleDialog
from ui.settings.settings_dialog import SettingsDialog

pytestmark = pytest.mark.postgres


@pytest.fixture
def office(people_server, pg_db):  # noqa: F811
    o = Office(people_server, pg_db)
    opened = []

    def sign_in(who: str):
        url = o.url(who).replace(f"{o.login[who]}@", f"{o.login[who]}:{o.password[who]}@")
        db = open_database(url)
        opened.append(db)
        return db

    o.sign_in = sign_in
    yield o
    for db in opened:
        db.dispose()
    pg_db.dispose()
    people_server.admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{o.dbname}' "
        "AND pid <> pg_backend_pid()")
    o.drop()


def click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot)  # the action runs on the database worker


def test_people_are_offered_to_coordinators_on_a_server_only(office, sqlite_db, qtbot,
                                                              tmp_path):
    for db, offered in ((office.sign_in("coordinator"), True),
                        (office.sign_in("caseworker"), False), (sqlite_db, False)):
        dialog = SettingsDialog(make_context(db, tmp_path))
        qtbot.addWidget(dialog)
        settle(qtbot)  # read on the database worker
        assert dialog.people.isHidden() is not offered


def test_a_coordinator_adds_changes_and_disables_a_person(office, qtbot, tmp_path):
    ctx = make_context(office.sign_in("coordinator"), tmp_path)
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    listed = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert office.login["volunteer"] in listed
    login = f"new_{uuid.uuid4().hex[:8]}"
    office.login["new"] = login
    type_into(qtbot, dialog.new_login, login)
    click(qtbot, dialog.add)
    assert dialog.message.isHidden(), dialog.message.text()
    assert dialog.first_password.isVisible()
    office.password["new"] = dialog.first_password.text()
    assert office.psql("new", "SELECT session_user").stdout.strip() == login
    assert {p.login: p.role for p in access.people(office.owner)}[login] == "caseworker"

    assert dialog.selected().login == login
    dialog.role.setCurrentIndex(access.ROLES.index("volunteer"))
    click(qtbot, dialog.change_role)
    assert {p.login: p.role for p in access.people(office.owner)}[login] == "volunteer"
    click(qtbot, dialog.disable)
    refused = office.psql("new", "SELECT 1")
    assert refused.returncode != 0 and "not permitted to log in" in refused.stderr
    assert dialog.enable.isEnabled() and not dialog.disable.isEnabled()


def test_the_server_refuses_a_caseworker_in_one_line(office, qtbot, tmp_path):
    ctx = make_context(office.sign_in("caseworker"), tmp_path)
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    login = f"sneaky_{uuid.uuid4().hex[:8]}"
    type_into(qtbot, dialog.new_login, login)
    click(qtbot, dialog.add)
    # The role is asked first: the real reason in one line, not a table's name.
    assert dialog.message.isVisible(), dialog.message.text()
    assert "is for coordinators" in dialog.message.text()
    assert "caseworker" in dialog.message.text()
    assert dialog.first_password.isHidden()
    assert login not in {p.login for p in access.people(office.owner)}


def test_the_people_page_shows_ten_rows_and_lower_cases_a_new_login(office, qtbot, tmp_path):
    ctx = make_context(office.sign_in("coordinator"), tmp_path)
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot)
    rows = dialog.table.viewport().height() // dialog.table.verticalHeader().defaultSectionSize()
    assert rows >= 9, rows  # was 2 to 4
    typed = f"New_{uuid.uuid4().hex[:8]}"
    login = typed.lower()
    office.login["new"] = login
    type_into(qtbot, dialog.new_login, typed)
    click(qtbot, dialog.add)
    assert dialog.message.isHidden(), dialog.message.text()
    assert f"{typed} is {login}" in dialog.first_password_note.text()
    assert login in {p.login for p in access.people(office.owner)}


def test_a_coordinator_gives_a_new_first_password_to_someone_who_forgot(office, qtbot,
                                                                         tmp_path,
                                                                         monkeypatch):
    """The People page could not reset a password (tester t20): only the CLI could."""
    from PySide6.QtWidgets import QMessageBox

    ctx = make_context(office.sign_in("coordinator"), tmp_path)
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    assert not dialog.reset.isEnabled()  # nobody chosen yet
    who = office.login["caseworker"]
    dialog.select_person(who)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    click(qtbot, dialog.reset)
    assert asked and who in asked[0]
    assert dialog.first_password.isHidden()  # said no: nothing changed
    assert office.psql("caseworker", "SELECT 1").returncode == 0

    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    click(qtbot, dialog.reset)
    assert dialog.message.isHidden(), dialog.message.text()
    assert dialog.first_password.isVisible() and who in dialog.first_password_note.text()
    old = office.password["caseworker"]
    assert office.psql("caseworker", "SELECT 1").returncode != 0  # the old one stops
    office.password["caseworker"] = dialog.first_password.text()
    assert dialog.first_password.text() != old
    assert office.psql("caseworker", "SELECT session_user").stdout.strip() == who
    person = {p.login: p for p in access.people(office.owner)}[who]
    assert person.must_change_password
