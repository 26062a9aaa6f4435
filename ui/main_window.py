"""The main window: the case list in the first tab, open cases and the contacts
directory in further tabs, menus and a toolbar that feature modules extend through
`add_action`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from casemanager import __version__
from ui.cases import case_operations as operations
from ui.cases.case_list import CaseListView
from ui.cases.case_table import ROW_ROLE
from ui.cases.case_tabs import CaseTabs, is_editor
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import count_text
from ui.widgets.fit import fit_to_screen
from ui.widgets.shortcuts import WindowShortcutsFirst

if TYPE_CHECKING:  # made on first use: imported then
    from ui.contacts.contacts_view import ContactsView
    from ui.editor.case_editor import CaseEditor

# Titles of menus a feature module may ask for by name (`add_action("tools", ...)`);
# literal strings so pyside6-lupdate sees them.
MENU_TITLES = {
    "tools": QT_TRANSLATE_NOOP("MainWindow", "&Tools"),
    "data": QT_TRANSLATE_NOOP("MainWindow", "&Data"),
    "security": QT_TRANSLATE_NOOP("MainWindow", "&Security"),
    "privacy": QT_TRANSLATE_NOOP("MainWindow", "&Privacy"),
    "exchange": QT_TRANSLATE_NOOP("MainWindow", "&Exchange"),
    "reports": QT_TRANSLATE_NOOP("MainWindow", "&Reports"),
}


class MainWindow(QMainWindow):
    """Feature modules plug in with `add_action("file", action, toolbar=True)`; an action
    whose objectName is "import" also drives the empty list's "Import a list…" button."""

    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The packaged self-check opens and closes the window: no automatic backup then.
        self.smoke_test = False
        # File > Connect to a server…: a window on another database in place of this one
        # (set by ui.app, which opens windows; None in a window built without it).
        self.switch_database: Callable[[Any], MainWindow | None] | None = None
        # Work to finish before the window closes (ui.app: the backup on close, shown
        # with its progress): called with what to do once it is over; True if it began,
        # and the window then closes when it is over.
        self.before_closing: Callable[[Callable[[], None]], bool] | None = None
        self._closing = False
        self.backed_up_on_close = False  # set once the backup on close has ended
        self.setWindowTitle(self.tr("Case Manager"))
        self.setObjectName("mainWindow")
        self.case_list = CaseListView(ctx, self)
        self.contacts_view: ContactsView | None = None
        self.tabs = CaseTabs(ctx, self.case_list, self)
        self.tabs.currentChanged.connect(self._update_actions)
        self.tabs.case_saved.connect(self._case_saved)
        self.tabs.case_not_saved.connect(self._case_not_saved)
        self.tabs.open_failed.connect(self.schedule_refresh)
        self.setCentralWidget(self.tabs)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.actions_by_name: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.import_action: QAction | None = None
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        # "Sorting by Given name…" while a sort is read on the worker: until it is here
        # the rows are in the old order under the new arrow (seconds at a million cases).
        self.sorting_label = QLabel(self)
        self.sorting_label.setObjectName("sortingNote")
        self.sorting_label.hide()
        self.statusBar().addPermanentWidget(self.sorting_label)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.case_list.model.sorting_changed.connect(self._show_sorting)
        self._show_sorting(self.case_list.model.sorting)  # a saved sort, begun by the list

        self.case_list.open_requested.connect(self.open_case)
        self.case_list.counts_changed.connect(self._show_counts)
        self.case_list.current_changed.connect(self._update_actions)
        panel = self.case_list.empty_panel
        panel.new_requested.connect(self.new_case)
        panel.import_requested.connect(self._import)
        panel.demo_requested.connect(self.add_demo_data)
        ctx.changes.cases_changed.connect(self._cases_changed)
        self._show_counts(self.case_list.model.shown_count, self.case_list.model.total_count)
        self._restore_window()
        self._update_actions()
        # Ctrl+E (export) and the like also from a text field (Linux binds Ctrl+E there).
        self._shortcuts_first = WindowShortcutsFirst(self, lambda: self.actions_by_name.values())
        self.case_list.table.setFocus()

    # ------------------------------------------------------------------ actions and menus

    def _action(self, name: str, text: str, slot, shortcut=None, icon_name: str = "") -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        self._action("new", self.tr("&New case"), self.new_case, QKeySequence.StandardKey.New, "new")
        self._action("open", self.tr("&Open"), self.tabs.open_selected, "Ctrl+O", "open")
        self._action("find", self.tr("&Find…"), self.find_case, QKeySequence.StandardKey.Find, "find")
        self._action("save", self.tr("Sa&ve"), self.save_current, QKeySequence.StandardKey.Save, "save")
        self._action("close_tab", self.tr("&Close tab"), self.tabs.close_current, QKeySequence.StandardKey.Close)
        self._action("quit", self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        self._action("status", self.tr("Change &status…"), self.change_status, "Ctrl+Shift+S", "status")
        self._action("delete", self.tr("De&lete…"), self.delete_selected, QKeySequence.StandardKey.Delete, "delete")
        self._action("cases", self.tr("&Cases"), self.show_cases, "Ctrl+1")
        self._action("contacts", self.tr("C&ontacts"), self.show_contacts, "Ctrl+2", "contacts")
        self._action("refresh", self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh)
        self._action("about", self.tr("&About Case Manager"), self.about, None, "about")
        self.actions_by_name["new"].setToolTip(self.tr("Open an empty case file (Ctrl+N)"))
        self.actions_by_name["open"].setToolTip(self.tr("Open the selected case (Enter)"))
        self.actions_by_name["contacts"].setToolTip(self.tr("People and organisations (Ctrl+2)"))
        # Delete only where the list has focus: in an editor the key deletes text.
        delete = self.actions_by_name["delete"]
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.case_list.table.addAction(delete)

    def _build_menus(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        for name, title, items in (
            ("file", self.tr("&File"), ["new", None, "close_tab", "quit"]),
            ("case", self.tr("&Case"), ["find", "open", "save", "status", None, "delete"]),
            ("view", self.tr("&View"), ["cases", "contacts", None, "refresh"]),
            ("help", self.tr("&Help"), ["about"]),
        ):
            menu = bar.addMenu(title)
            menu.setObjectName(f"menu_{name}")
            for item in items:
                if item is None:
                    sep = menu.addSeparator()
                    if name == "file":
                        self._file_tail = sep  # plugged-in file actions go above this
                else:
                    menu.addAction(a[item])
            self.menus[name] = menu
        self._columns_menu = self.menus["view"].addMenu(self.tr("Co&lumns"))
        self._columns_menu.aboutToShow.connect(self._fill_columns_menu)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setIconSize(QSize(22, 22))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("new", "open", "contacts"):
            self.toolbar.addAction(self.actions_by_name[name])
        self.addToolBar(self.toolbar)

    def add_action(self, menu_name: str, action: QAction, toolbar: bool = False) -> None:
        """Plug a feature's action into a menu ("file", "case", "view", "help", or a new
        one, made on first use) and optionally the toolbar."""
        menu = self.menus.get(menu_name)
        if menu is None:
            title = MENU_TITLES.get(menu_name)
            menu = QMenu(self.tr(title) if title else menu_name.title(), self)
            self.menuBar().insertMenu(self.menus["help"].menuAction(), menu)
            self.menus[menu_name] = menu
        if menu_name == "file":
            menu.insertAction(self._file_tail, action)
        else:
            menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        if action.parent() is None:
            action.setParent(self)
        if action.objectName():
            self.actions_by_name[action.objectName()] = action
        if action.objectName() == "import":
            self.import_action = action
            self.case_list.empty_panel.set_import_available(True)

    def _fill_columns_menu(self) -> None:
        self.case_list.fill_columns_menu(self._columns_menu)

    def _update_actions(self, *_args) -> None:
        has_case = self.tabs.has_current_case()
        for name in ("open", "status", "delete"):
            self.actions_by_name[name].setEnabled(has_case)
        self.actions_by_name["close_tab"].setEnabled(self.tabs.currentIndex() > 0)
        self.actions_by_name["save"].setEnabled(is_editor(self.tabs.currentWidget()))

    # ------------------------------------------------------------------ what is selected

    def current_reference(self) -> str | None:
        """The case the user is looking at: the open tab's case, else the list's."""
        return self.tabs.current_reference()

    def selected_references(self) -> list[str]:
        """The cases an action applies to (several when chosen in the list)."""
        if self.tabs.currentWidget() is self.case_list:
            return self.case_list.selected_references()
        ref = self.current_reference()
        return [ref] if ref else []

    # ------------------------------------------------------------------ tabs

    def editors(self) -> list[CaseEditor]:
        return self.tabs.editors()

    def open_case(self, reference: str | None) -> QWidget | None:
        return self.tabs.open_case(reference)

    def new_case(self) -> None:
        self.tabs.open_case(None)

    def save_current(self) -> None:
        """Case > Save (Ctrl+S): save the case in the tab shown."""
        editor = self.tabs.currentWidget()
        if is_editor(editor):
            editor.save()

    def _case_saved(self, reference: str) -> None:
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", reference), 8000)
        self.schedule_refresh()

    def _case_not_saved(self, reason: str) -> None:
        """Save refused (a date it cannot read…): the field is marked and focused; the
        status bar says why, so Ctrl+S never passes in silence."""
        self.statusBar().showMessage(self.tr("Not saved: %1").replace("%1", reason), 15000)

    def tell_exported(self, count: int, path: str) -> None:
        """What an export wrote, in the status bar."""
        self.statusBar().showMessage(
            self.tr("%Ln case(s) written to %1", "", count).replace("%1", path), 15000)

    def tell_imported(self, created: int, updated: int, skipped: int,
                      unchanged: int = 0) -> None:
        """What an import did, in the status bar (rows the same as their case apart from
        the updates)."""
        self.statusBar().showMessage(
            self.tr("Imported: %1 new, %2 updated, %4 unchanged, %3 skipped")
            .replace("%1", count_text(created)).replace("%2", count_text(updated))
            .replace("%3", count_text(skipped)).replace("%4", count_text(unchanged)), 15000)

    def close_tab(self, index: int) -> None:
        self.tabs.close_tab(index)

    def show_cases(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()

    def find_case(self) -> None:
        """Ctrl+F from any tab: the search of the page shown (contacts), else the case
        list's search box."""
        page = self.tabs.currentWidget()
        if page is not self.case_list and hasattr(page, "focus_search"):
            page.focus_search()
            return
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.filter_bar.focus_search()

    def show_contacts(self) -> None:
        if self.contacts_view is None:
            from ui.contacts.contacts_view import ContactsView

            self.contacts_view = ContactsView(self.ctx, self)
            self.contacts_view.open_case_requested.connect(self.open_case)
        self.tabs.show_view(self.contacts_view, "contacts", self.tr("Contacts"))
        self.contacts_view.search.setFocus()

    # ------------------------------------------------------------------ case operations

    def _case_name(self, reference: str) -> str | None:
        """The case's name as the caseworker sees it: from its open tab, else the list's
        current row ("" for a case without one); None when neither shows the case (the
        question then reads it, on the worker)."""
        from ui.editor.case_editor import CaseEditor  # loaded with the first tab

        editor = self.tabs.editor_for(reference)
        detail = editor.detail() if isinstance(editor, CaseEditor) else None
        if detail is not None:
            return detail.display_name or detail.name_native
        row = self._list_row(reference)
        return (row.display_name or row.name_native) if row is not None else None

    def _list_row(self, reference: str):
        """The list's row for this case when it is the current one (name, status)."""
        index = self.case_list.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if row is not None and row.reference == reference else None

    def change_status(self) -> None:
        reference = self.current_reference()
        if reference:
            row = self._list_row(reference)
            operations.change_status(self, self.ctx, reference, row.status if row else "")

    def delete_selected(self) -> None:
        reference = self.current_reference()
        if not reference:
            return
        def deleted() -> None:
            editor = self.tabs.editor_for(reference)
            if editor is not None:
                self.tabs.remove(editor)
            self.statusBar().showMessage(self.tr("Deleted case %s") % reference, 5000)

        operations.confirm_delete_case(self, self.ctx, reference, self._case_name(reference),
                                       deleted)

    def add_demo_data(self) -> None:
        button = self.case_list.empty_panel.demo_button
        button.setEnabled(False)
        self.demo_task = operations.add_demo_data(self, self.ctx, lambda: button.setEnabled(True))

    def _import(self) -> None:
        self.import_requested.emit()
        if self.import_action is not None:
            self.import_action.trigger()

    # ------------------------------------------------------------------ refreshing

    def refresh(self) -> None:
        self._refresh_timer.stop()
        self.case_list.refresh()
        if self.contacts_view is not None:
            self.contacts_view.reload()

    def schedule_refresh(self) -> None:
        """Refresh once the current event is handled: an editor's `saved` and the
        `cases_changed` it may announce as well make one query, not two."""
        self._refresh_timer.start()

    def _cases_changed(self, _references: list) -> None:
        self.schedule_refresh()

    def _show_sorting(self, column: int) -> None:
        """Say which order is on its way, and show the busy cursor over the list."""
        from ui.cases.case_table import column_title

        viewport = self.case_list.table.viewport()
        if column >= 0:
            self.sorting_label.setText(self.tr("Sorting by {column}…").format(
                column=column_title(column)))
            viewport.setCursor(Qt.CursorShape.BusyCursor)
        else:
            viewport.unsetCursor()
        self.sorting_label.setVisible(column >= 0)

    def _show_counts(self, shown: int, total: int) -> None:
        if shown != total:
            text = self.tr("{shown} of {total} shown").format(
                shown=count_text(shown), total=count_text(total))
        else:
            text = self.tr("%Ln case(s)", "", total)
        self.count_label.setText(text)
        self._update_actions()

    # ------------------------------------------------------------------ window

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Case Manager"),
            self.tr(
                "<h3>Case Manager %s</h3>"
                "<p>Offline case files for groups working for detainees and prisoners of war.</p>"
                "<p>Database: <b>%s</b> (%s)</p>"
                "<p>Licensed under the GNU GPL, version 3 or later.</p>"
            ) % (__version__, self.ctx.db.describe(), self.ctx.db.dialect),
        )

    def _restore_window(self) -> None:
        settings = self.ctx.settings
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1320, 820)
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)

    def save_window(self) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("main_window/state", self.saveState())
        self.case_list.save_header()
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.tabs.maybe_close_all():
            event.ignore()
            return
        self.save_window()
        if self.before_closing is not None and not self._closing:
            self._closing = True
            if self.before_closing(lambda: QTimer.singleShot(0, self.close)):
                event.ignore()
                return
        event.accept()

