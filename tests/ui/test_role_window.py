"""The window on a real server shows each role what it may do: a volunteer signed in
gets no delete, merge, export, dossier, contacts, identity documents, confidential
notes or people; a caseworker no delete, merge or bundles. Opening, listing and making
a case work for the volunteer; the server still refuses what is hidden."""

from __future__ import annotations

import pytest
from editor_helpers import make_context, open_editor, save, type_into

from casemanager.services import cases
from tests.core.test_roles import Office, people_server, seed  # noqa: F401  (fixture)
from ui import features
from ui.duplicates.duplicates_view import DuplicatesView
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog

pytestmark = pytest.mark.postgres

VOLUNTEER_HIDDEN = ("delete", "export", "import", "dossier", "duplicates", "contacts",
                    "add_to_exchange", "send_to_partner", "receive_from_partner", "restore",
                    "backup")


@pytest.fixture
def office(people_server, pg_db):  # noqa: F811
    from casemanager.store.database import open_database

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


@pytest.fixture(autouse=True)
def no_failure_boxes(monkeypatch):
    """A refusal shown in a box would wait for a click: fail the test with it instead."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent, title, text, *_args, **_kwargs):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fail))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(fail))


def _window(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    features.install(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _offered(window: MainWindow, name: str) -> bool:
    action = window.actions_by_name[name]
    in_menus = any(action in menu.actions() and action.isVisible()
                   for menu in window.menus.values())
    return action.isVisible() and in_menus


def test_a_volunteer_s_window_hides_what_the_role_may_not_do(office, qtbot, tmp_path):
    refs = seed(office.owner, office)
    ctx = make_context(office.sign_in("volunteer"), tmp_path)
    window = _window(ctx, qtbot)
    for name in VOLUNTEER_HIDDEN:
        assert not _offered(window, name), name
        assert window.actions_by_name[name] not in window.toolbar.actions() or \
            not window.actions_by_name[name].isVisible(), name
    for name in ("new", "open", "status", "audit", "due"):
        assert window.actions_by_name[name].isVisible(), name
    settings = SettingsDialog(ctx)
    qtbot.addWidget(settings)
    assert settings.people.isHidden()

    # The follow-ups and the overview work within the role (no appeals for a volunteer).
    for name in ("due", "overview"):
        window.actions_by_name[name].trigger()
    qtbot.wait(200)
    window.show_cases()

    # The list shows the open case (never the restricted one) and opens it.
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1)
    editor = window.open_case(refs["open"])
    assert editor is not None
    qtbot.waitUntil(editor.is_loaded)  # read on the database worker
    assert editor.detail().family_name == "Турсунов"
    tabs = editor.tabs
    assert not tabs.isTabVisible(tabs.indexOf(editor.contacts))
    assert not tabs.isTabVisible(tabs.indexOf(editor.appeals))
    assert tabs.isTabVisible(tabs.indexOf(editor.timeline))
    assert editor.person.documents_box.isHidden()
    assert editor.notes.confidential_box.isHidden()
    files = editor.attachments
    assert files.add_button.isHidden() and files.delete_button.isHidden()
    assert not files.acceptDrops() and not files.open_button.isHidden()
    assert editor.notes.form.widget("confidential_notes").toPlainText() == ""

    # A new case from the window, saved as the volunteer.
    new = open_editor(qtbot, ctx, None)
    type_into(qtbot, new.person.form.widget("family_name"), "Karimova")
    new._keep_both = True
    assert save(qtbot, new)
    assert cases.get_case(office.owner, new.reference).family_name == "Karimova"


def test_a_caseworker_s_window_hides_deleting_merging_and_bundles(office, qtbot, tmp_path):
    ctx = make_context(office.sign_in("caseworker"), tmp_path)
    window = _window(ctx, qtbot)
    for name in ("delete", "send_to_partner", "receive_from_partner", "restore", "backup"):
        assert not _offered(window, name), name
    for name in ("export", "dossier", "duplicates", "contacts", "new"):
        assert _offered(window, name), name
    view = DuplicatesView(ctx)
    qtbot.addWidget(view)
    assert view.compare_button.isHidden() and view.undo_button.isHidden()
    assert not view.dismiss_button.isHidden()
    # A coordinator gets them all.
    (tmp_path / "c").mkdir()
    ctx = make_context(office.sign_in("coordinator"), tmp_path / "c")
    window = _window(ctx, qtbot)
    for name in VOLUNTEER_HIDDEN:
        assert window.actions_by_name[name].isVisible(), name


def test_a_caseworker_saves_their_own_settings_and_reads_the_office_s(office, qtbot, tmp_path):
    """What only a coordinator changes on a server is shown read only with a note; the
    caseworker's own settings (the idle lock) save without touching the server's."""
    from editor_helpers import settle
    from PySide6.QtWidgets import QDialogButtonBox

    from casemanager.services.settings import ORGANISATION_NAME, set_setting, setting_value
    from ui.settings.user_settings import LOCK_AFTER_MINUTES, value

    set_setting(office.owner, ORGANISATION_NAME.key, "Support Group")
    ctx = make_context(office.sign_in("caseworker"), tmp_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    assert dialog.organisation.text() == "Support Group"
    assert dialog.organisation.isReadOnly() and dialog.backups.isReadOnly()
    assert dialog.coordinators_note.isVisible()
    assert dialog.people.isHidden()
    dialog.lock.setValue(15)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.general.text()
    assert int(value(ctx.settings, LOCK_AFTER_MINUTES)) == 15
    assert setting_value(office.owner, ORGANISATION_NAME.key) == "Support Group"

    # A coordinator still changes the organisation's name.
    (tmp_path / "c").mkdir()
    ctx = make_context(office.sign_in("coordinator"), tmp_path / "c")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    assert not dialog.organisation.isReadOnly() and dialog.coordinators_note.isHidden()
    type_into(qtbot, dialog.organisation, "Support Group Almaty")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.general.text()
    assert setting_value(office.owner, ORGANISATION_NAME.key) == "Support Group Almaty"


def test_a_volunteer_s_overview_and_overdue_count_work_within_the_role(office, qtbot,
                                                                        tmp_path):
    import datetime as dt

    from editor_helpers import settle

    from casemanager.services import records
    from ui.reports.overview_view import OverviewView

    refs = seed(office.owner, office)
    last_week = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    records.add_appeal(office.owner, refs["open"], subject="Release", status="sent",
                       follow_up_date=last_week)
    records.add_task(office.owner, refs["open"], title="Call the family", due_date=last_week)
    ctx = make_context(office.sign_in("volunteer"), tmp_path)
    view = OverviewView(ctx)
    qtbot.addWidget(view)
    view.refresh()
    settle(qtbot)
    assert view.overview is not None, view.summary.text()
    assert "appeals are not counted" in view.summary.text()
    assert view.overview.overdue_count == 1  # the task; the appeal is not theirs to see
    window = _window(ctx, qtbot)
    settle(qtbot)
    from ui.followups.due_indicator import install_due_indicator

    indicator = install_due_indicator(window)
    indicator.refresh()
    qtbot.waitUntil(lambda: indicator.isVisible())
    assert "could not" not in indicator.text() and "1" in indicator.text()


def test_a_volunteer_saving_a_case_restricted_meanwhile_is_told_so(office, qtbot, tmp_path,
                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from casemanager.services import access

    refs = seed(office.owner, office)
    ctx = make_context(office.sign_in("volunteer"), tmp_path)
    editor = open_editor(qtbot, ctx, refs["open"])
    access.restrict_case(office.owner, refs["open"])
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text, *_a, **_k: said.append(text)))
    type_into(qtbot, editor.person.form.widget("given_name"), "Alisher")
    assert not save(qtbot, editor)
    assert len(said) == 1 and "no longer visible to you" in said[0], said
    assert "restricted" in said[0]


def test_a_coordinator_sees_and_sets_a_case_s_restriction_in_its_editor(office, qtbot,
                                                                         tmp_path):
    from editor_helpers import settle

    refs = seed(office.owner, office)
    ctx = make_context(office.sign_in("coordinator"), tmp_path)
    editor = open_editor(qtbot, ctx, refs["hidden"])
    assert "Restricted" in editor.subheading.text()
    assert editor.restrict_button.isVisible()
    assert editor.restrict_button.text() == "Lift the restriction"
    editor.restrict_button.click()
    settle(qtbot)
    qtbot.waitUntil(lambda: editor.restrict_button.text() == "Restrict")
    assert not cases.get_case(office.owner, refs["hidden"]).restricted
    assert "Restricted" not in editor.subheading.text()

    editor = open_editor(qtbot, ctx, refs["open"])
    assert "Restricted" not in editor.subheading.text()
    editor.restrict_button.click()
    settle(qtbot)
    qtbot.waitUntil(lambda: "Restricted" in editor.subheading.text())
    assert cases.get_case(office.owner, refs["open"]).restricted

    # The caseworker named on it sees that it is restricted, and no button.
    (tmp_path / "w").mkdir()
    ctx = make_context(office.sign_in("caseworker"), tmp_path / "w")
    editor = open_editor(qtbot, ctx, refs["hidden"])
    assert editor.restrict_button.isHidden()
    assert "Restricted" not in editor.subheading.text()  # lifted above
