"""Plugs the feature modules into the main window: one place that says which menu and
toolbar entries exist beyond the case list itself.

Each feature lives in its own module with an `open_…` entry point; this module only
makes the actions and connects them, so the main window stays small and a test can
build a bare window without them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QKeySequence

from ui import permissions
from ui.icons import icon


def _tr(text: str) -> str:
    # scripts/update_translations.py runs lupdate with `-tr-function-alias tr+=_tr`: it
    # files these strings, outside any class, under the empty context, so look them up there.
    return QCoreApplication.translate("", text)


def _action(window, name: str, text: str, slot: Callable[[], object], *, icon_name: str = "",
            shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
            tip: str = "") -> QAction:
    action = QAction(icon(icon_name) if icon_name else QAction(window).icon(), text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _view_tab(window, key: str, icon_name: str, title: str, factory: Callable[[], object]):
    """Show a feature view in a main-window tab, made on first use and kept."""
    views = window.__dict__.setdefault("feature_views", {})
    view = views.get(key)
    if view is None:
        view = views[key] = factory()
        if hasattr(view, "case_activated"):
            view.case_activated.connect(window.open_case)
    window.tabs.show_view(view, icon_name, title)
    return view


def install(window) -> None:
    """Add every feature's actions to `window` (a ui.main_window.MainWindow)."""
    ctx = window.ctx

    def due():
        from ui.followups.due_view import DueView

        view = _view_tab(window, "due", "due", _tr("Due"), lambda: DueView(ctx, window))
        indicator = getattr(window, "due_indicator", None)
        if indicator is not None:  # "Due (12)": the overdue count in the tab's title
            window.tabs.setTabText(window.tabs.indexOf(view), indicator.tab_title())
        return view

    def exchanges():
        from ui.exchanges.exchanges_view import ExchangesView

        return _view_tab(window, "exchanges", "exchange", _tr("Exchanges"),
                         lambda: ExchangesView(ctx, window))

    def overview():
        from ui.reports.overview_view import OverviewView

        return _view_tab(window, "overview", "overview", _tr("Overview"),
                         lambda: OverviewView(ctx, window))

    def audit_log():
        from ui.protect.audit_view import AuditLogView

        return _view_tab(window, "audit", "audit", _tr("Audit log"),
                         lambda: AuditLogView(ctx, window))

    def back_up() -> None:
        from ui.protect.backup_actions import back_up_now

        window._backup_task = back_up_now(ctx, window)

    def restore() -> None:
        from ui.protect.backup_actions import restore_from

        window._restore_task = restore_from(ctx, window)

    def duplicates() -> None:
        from ui.duplicates.duplicates_view import open_duplicates_view

        existing = getattr(window, "duplicates_view", None)
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return
        window.duplicates_view = open_duplicates_view(ctx, window)

    def import_list() -> None:
        from ui.lists.import_wizard import open_import_wizard

        window.import_wizard = open_import_wizard(ctx, window)
        window.import_wizard.show_cases_requested.connect(show_import)
        window.import_wizard.imported.connect(
            lambda report: window.tell_imported(report.created, report.updated, report.skipped,
                                                  report.unchanged))

    def show_import(import_id: int) -> None:
        from casemanager.services.queries import CaseFilter

        # The list narrowed to this import's cases; any filter the caseworker sets next
        # replaces it. The search text and menus are emptied: they no longer apply.
        window.case_list.filter_bar.clear(emit=False)
        window.case_list.model.set_filter(CaseFilter(import_id=import_id))

    def export_list() -> None:
        from ui.lists.export_dialog import open_export_dialog

        # The list as the caseworker sees it: its filters and search.
        dialog = open_export_dialog(ctx, window.case_list.model.case_filter, window)
        window.export_dialog = dialog
        dialog.exported.connect(lambda count, path: window.tell_exported(count, path))

    def add_to_exchange() -> None:
        references = window.selected_references()
        exchanges().add_cases(references)

    window.add_action("file", _action(window, "import", _tr("&Import a list…"), import_list,
                                      icon_name="import", shortcut="Ctrl+I",
                                      tip=_tr("Read cases from a CSV or Excel file")), toolbar=True)
    window.add_action("file", _action(window, "export", _tr("&Export the list…"), export_list,
                                      icon_name="export", shortcut="Ctrl+E",
                                      tip=_tr("Write the cases shown to a CSV or Excel file")),
                      toolbar=True)
    window.add_action("file", _action(window, "backup", _tr("&Back up now"), back_up,
                                      icon_name="backup",
                                      tip=_tr("Copy the whole database to a file you choose")))
    window.add_action("file", _action(window, "restore", _tr("&Restore from a backup…"), restore,
                                      icon_name="restore"))
    for name, text, slot, icon_name, key, bar in (
        ("audit", _tr("&Audit log"), audit_log, "audit", "Ctrl+6", False),
        ("duplicates", _tr("Likely d&uplicates…"), duplicates, "duplicates", "Ctrl+7", False),
        ("due", _tr("&Due follow-ups"), due, "due", "Ctrl+3", True),
        ("exchanges", _tr("&Exchanges"), exchanges, "exchange", "Ctrl+4", False),
        ("overview", _tr("O&verview"), overview, "overview", "Ctrl+5", True),
    ):
        window.add_action("view", _action(window, name, text, slot, icon_name=icon_name,
                                          shortcut=key), toolbar=bar)
    window.add_action(
        "case",
        _action(window, "add_to_exchange", _tr("Add to &exchange list…"), add_to_exchange,
                icon_name="exchange",
                tip=_tr("Put the selected cases on the exchange chosen in Exchanges")),
    )

    def dossier() -> None:
        from ui.reports.dossier_dialog import open_dossier_dialog

        window._dossier_dialog = open_dossier_dialog(ctx, window.selected_references(), window)

    window.add_action(
        "case",
        _action(window, "dossier", _tr("&Dossier…"), dossier, icon_name="dossier",
                shortcut="Ctrl+P", tip=_tr("Make a PDF dossier of the selected cases (Ctrl+P)")),
        toolbar=True,
    )
    from ui.partners.bundle_dialogs import install as install_bundles

    install_bundles(window, _action)
    install_settings(window)
    permissions.apply_to_window(window)


def install_settings(window) -> None:
    """File > Settings…"""

    def settings() -> None:
        from ui.settings.settings_dialog import open_settings_dialog

        open_settings_dialog(window.ctx, window)

    window.add_action("file", _action(window, "settings", _tr("&Settings…"), settings,
                                      shortcut=QKeySequence.StandardKey.Preferences))

    def connect_to_server() -> None:
        from ui.settings.server_dialog import ask_server

        db = ask_server(window.ctx.settings, None, window)
        if db is not None and window.switch_database is not None:
            # ui.app opens windows and sets this (ui.app imports this module, not back).
            window.switched_to = window.switch_database(db)
        elif db is not None:
            db.dispose()

    window.add_action("file", _action(
        window, "connect", _tr("Connect to a ser&ver…"), connect_to_server,
        icon_name="open", tip=_tr("Open the office's shared database: server, login and "
                                  "password")))


def on_start(window) -> None:
    """First-start questions and reminders, once the window shows."""
    from ui.followups.due_indicator import install_due_indicator
    from ui.settings.caseworker_dialog import ask_caseworker_name

    ctx = window.ctx

    from ui.protect.upgrade_note import tell_upgraded

    window.upgrade_note = None

    def named(name: str) -> None:
        # The audit log says who did what by the caseworker's chosen name.
        ctx.actor = name or ctx.actor
        # An older database was upgraded on opening: said once, as the command line says
        # it, after the first-start question (testers: the note opened under the Welcome
        # dialog and was hidden by it).
        if window.upgrade_note is None:
            window.upgrade_note = tell_upgraded(window, ctx.db)

    # Read on the database worker: the window shows and answers meanwhile.
    ask_caseworker_name(ctx, window, then=named)
    # What is overdue is counted in the status bar (a click opens the Due tab), not
    # pushed at the caseworker in a window at every start.
    window.due_indicator = install_due_indicator(window)


def install_protection(window) -> None:
    """Idle and Ctrl+L lock, and the daily automatic backup (the running application only:
    tests of other features build windows without them)."""
    from ui.protect.backup_actions import install_background_check, install_daily_backup
    from ui.protect.idle_lock import install_idle_lock

    window.idle_lock = install_idle_lock(window, window.ctx)
    window.daily_backup = install_daily_backup(window, window.ctx)
    # The whole-file check that opening no longer makes, once the window is up.
    QTimer.singleShot(2000, lambda: setattr(
        window, "integrity_check", install_background_check(window, window.ctx)))
