"""File > Settings…: each setting changed in the dialog is read back through the core or
QSettings; a bad value is shown at its field and nothing is stored."""

from __future__ import annotations

from editor_helpers import settle, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.reports.dossiers import organisation_name
from casemanager.services.caseworker import caseworker_name
from casemanager.services.settings import set_setting, setting_value
from ui import features
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    settle(qtbot)  # stored on the database worker


def opened(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)  # read on the database worker
    return dialog


def test_every_setting_is_stored_where_others_read_it(ctx, qtbot):
    dialog = opened(qtbot, ctx)
    # No placeholder name: empty until the organisation is named.
    assert dialog.organisation.text() == "" and dialog.backups.value() == 10
    assert dialog.lock.value() == 10 and dialog.language.currentData() == ""
    type_into(qtbot, dialog.organisation, "Голоса семей")
    type_into(qtbot, dialog.caseworker, "Дилноза Каримова")
    dialog.backups.setValue(30)
    dialog.lock.setValue(0)
    assert dialog.lock.text() == "Never"
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert organisation_name(ctx.db) == "Голоса семей"
    assert setting_value(ctx.db, "backup_keep") == 30
    assert caseworker_name(ctx.db) == "Дилноза Каримова" == ctx.actor
    assert ctx.settings.value("ui/language") == "ru"
    assert int(ctx.settings.value("privacy/lock_after_minutes")) == 0
    again = opened(qtbot, ctx)
    assert (again.organisation.text(), again.backups.value(), again.lock.value(),
            again.language.currentData()) == ("Голоса семей", 30, 0, "ru")


def test_a_bad_value_is_shown_at_its_field_and_nothing_is_stored(ctx, qtbot):
    set_setting(ctx.db, "organisation_name", "Voices")  # a name once given stays required
    dialog = opened(qtbot, ctx)
    type_into(qtbot, dialog.caseworker, "Someone New")
    dialog.backups.setValue(0)
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "between 1 and 999" in dialog.errors.text("backup_keep")
    assert dialog.errors.labels["backup_keep"].isVisible()
    assert caseworker_name(ctx.db) != "Someone New"
    assert ctx.settings.value("ui/language") is None
    dialog.organisation.clear()
    dialog.backups.setValue(3)
    ok(qtbot, dialog)
    assert dialog.isVisible() and "required" in dialog.errors.text("organisation_name")
    assert not dialog.errors.labels["backup_keep"].isVisible()
    assert setting_value(ctx.db, "backup_keep") == 10


def test_the_file_menu_has_settings(ctx, qtbot):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    assert window.actions_by_name["settings"] in window.menus["file"].actions()


def test_the_dialog_reads_and_stores_on_the_worker(ctx, qtbot, monkeypatch):
    import threading

    import ui.settings.settings_dialog as module

    threads = []
    for name in ("setting_value", "set_settings", "caseworker_name"):
        real = getattr(module, name)

        def recording(*args, _real=real, **kwargs):
            threads.append(threading.get_ident())
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)
    dialog = opened(qtbot, ctx)
    assert dialog.organisation.text() == ""  # unnamed: no placeholder name
    type_into(qtbot, dialog.organisation, "Voices")
    ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert threads and set(threads) == {ctx.worker.thread_id} != {threading.get_ident()}
