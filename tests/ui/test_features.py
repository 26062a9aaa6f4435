"""The feature actions plugged into the main window reach their dialogs and views."""

from __future__ import annotations

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
