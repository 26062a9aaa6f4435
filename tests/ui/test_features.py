"""The feature actions plugged into the main window reach their dialogs and views."""

from __future__ import annotations

from editor_helpers import open_case, settle

from ui import features
from ui.main_window import MainWindow


def window_with_features(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    return window


def test_dossier_action_opens_the_dialog_for_the_selected_case(qtbot, named_ctx):
    window = window_with_features(qtbot, named_ctx)
    action = window.actions_by_name["dossier"]
    assert action in window.menus["case"].actions()
    assert action in window.toolbar.actions()
    window.case_list.table.selectRow(0)
    assert window.selected_references() == ["CM-0001"]
    action.trigger()
    dialog = window._dossier_dialog
    assert dialog is not None and dialog.isVisible()
    assert list(dialog.references) == ["CM-0001"]
    dialog.close()


def test_due_exchanges_and_overview_open_in_tabs(qtbot, demo_ctx):
    window = window_with_features(qtbot, demo_ctx)
    for name, title in (("due", "Due"), ("exchanges", "Exchanges"), ("overview", "Overview")):
        assert window.actions_by_name[name] in window.menus["view"].actions()
        window.actions_by_name[name].trigger()
        assert window.tabs.tabText(window.tabs.currentIndex()) == title
    # A second trigger shows the same view, not another tab.
    count = window.tabs.count()
    window.actions_by_name["due"].trigger()
    assert window.tabs.count() == count


def test_add_selected_cases_to_the_current_exchange(qtbot, named_ctx):
    from casemanager.services import exchanges
    from casemanager.services.cases import get_case

    exchanges.create_exchange(named_ctx.db, date="2025-05", description="May swap", actor="tester")
    window = window_with_features(qtbot, named_ctx)
    window.actions_by_name["exchanges"].trigger()
    view = window.feature_views["exchanges"]
    settle(qtbot)  # the exchanges are read on the database worker
    view.exchanges.setCurrentRow(0)
    window.show_cases()
    window.case_list.table.selectRow(0)
    window.actions_by_name["add_to_exchange"].trigger()
    settle(qtbot)
    assert get_case(named_ctx.db, "CM-0001").status == "exchange_listed"


def test_backup_restore_and_audit_log_are_in_the_menus(qtbot, named_ctx):
    window = window_with_features(qtbot, named_ctx)
    file_actions = window.menus["file"].actions()
    assert window.actions_by_name["backup"] in file_actions
    assert window.actions_by_name["restore"] in file_actions
    window.actions_by_name["audit"].trigger()
    view = window.feature_views["audit"]
    qtbot.waitUntil(lambda: view.model.rowCount() >= 4)


def test_the_editor_shows_the_case_history(qtbot, named_ctx):
    from casemanager.services.cases import update_case

    update_case(named_ctx.db, "CM-0001", fields={"rank": "private"}, actor="tester")
    window = window_with_features(qtbot, named_ctx)
    editor = open_case(qtbot, window, "CM-0001")
    history = editor.history
    editor.tabs.setCurrentWidget(history)
    assert history.changes is not None
    settle(qtbot)  # the history is read on the database worker
    # Created, the rank, then this opening of the case: reading leaves an entry too.
    assert history.changes.model.rowCount() == 3


def test_duplicates_window_opens_from_the_view_menu(qtbot, named_ctx):
    from casemanager.services.cases import create_case

    create_case(named_ctx.db, fields={"family_name": "Tursunow", "given_name": "Alisher",
                                      "citizenships": "UZ"}, actor="tester")
    window = window_with_features(qtbot, named_ctx)
    action = window.actions_by_name["duplicates"]
    assert action in window.menus["view"].actions()
    action.trigger()
    view = window.duplicates_view
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=10000)
    view.close()


def test_import_and_export_actions_open_their_dialogs(qtbot, named_ctx):
    window = window_with_features(qtbot, named_ctx)
    for name in ("import", "export"):
        action = window.actions_by_name[name]
        assert action in window.menus["file"].actions() and action in window.toolbar.actions()
    window.case_list.filter_bar.search.setText("Tursunov")
    qtbot.waitUntil(lambda: window.case_list.model.case_filter.query == "Tursunov", timeout=5000)
    window.actions_by_name["export"].trigger()
    assert window.export_dialog.isVisible()
    assert window.export_dialog.case_filter.query == "Tursunov"
    window.export_dialog.close()
    window.actions_by_name["import"].trigger()
    assert window.import_wizard.isVisible()
    window.import_wizard.close()


def test_showing_an_imports_cases_empties_the_search_it_replaces(qtbot, named_ctx, tmp_path):
    from casemanager.lists.importer import import_file

    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name\nЮсупов,Бахтиёр\n", encoding="utf-8")
    report = import_file(named_ctx.db, path, actor="tester")
    window = window_with_features(qtbot, named_ctx)
    bar = window.case_list.filter_bar
    bar.search.setText("Tursunov")
    qtbot.waitUntil(lambda: window.case_list.model.case_filter.query == "Tursunov", timeout=5000)
    window.actions_by_name["import"].trigger()
    window.import_wizard.show_cases_requested.emit(report.import_id)
    window.import_wizard.close()
    model = window.case_list.model
    assert model.case_filter.import_id == report.import_id and not model.case_filter.query
    assert bar.search.text() == "" and bar.clear_button.isEnabled()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    bar.clear_button.click()  # the whole list again
    qtbot.waitUntil(lambda: model.case_filter.import_id is None, timeout=5000)
    qtbot.waitUntil(lambda: model.rowCount() > 1, timeout=10_000)


def test_the_empty_panel_offers_import(qtbot, ctx):
    window = window_with_features(qtbot, ctx)
    button = window.case_list.empty_panel.import_button
    assert button.isEnabled()
    button.click()
    assert window.import_wizard.isVisible()
    window.import_wizard.close()
