"""The main window: the case list in the first tab, open cases and the contacts
directory in further tabs, menus and a toolbar that feature modules extend through
`add_action`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QToolBar,
    QWidget,
)

from casemanager import __version__, demo
from casemanager.errors import CaseManagerError
from casemanager.services.cases import delete_case
from ui.background import run_in_background
from ui.case_list import CaseListView
from ui.case_table import ROW_ROLE
from ui.context import AppContext
from ui.icons import icon

DEMO_CASES = 50


class MainWindow(QMainWindow):
    """Feature modules plug in with `add_action("file", action, toolbar=True)`; an action
    whose objectName is "import" also drives the empty list's "Import a list…" button."""

    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Case Manager"))
        self.setObjectName("mainWindow")
        self.case_list = CaseListView(ctx, self)
        self.contacts_view: QWidget | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.addTab(self.case_list, icon("find"), self.tr("Cases"))
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabs.tabBar().setTabButton(0, side, None)  # the list is never closed
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._update_actions)
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
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)

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
        if self.case_list.model.rowCount():
            # A current row from the start: Enter opens it, the Case menu is ready.
            self.case_list.table.setCurrentIndex(self.case_list.model.index(0, 0))
        self._update_actions()
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
        tr = self.tr
        self._action("new", tr("&New case"), self.new_case, QKeySequence.StandardKey.New, "new")
        self._action("open", tr("&Open"), self.open_selected, "Ctrl+O", "open")
        self._action("close_tab", tr("&Close tab"), self.close_current_tab, QKeySequence.StandardKey.Close)
        self._action("quit", tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        self._action("status", tr("Change &status…"), self.change_status, "Ctrl+Shift+S", "status")
        self._action("delete", tr("&Delete…"), self.delete_selected, QKeySequence.StandardKey.Delete, "delete")
        self._action("cases", tr("&Cases"), self.show_cases, "Ctrl+1")
        self._action("contacts", tr("C&ontacts"), self.show_contacts, "Ctrl+2", "contacts")
        self._action("refresh", tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh)
        self._action("about", tr("&About Case Manager"), self.about, None, "about")
        self.actions_by_name["new"].setToolTip(tr("Open an empty case file (Ctrl+N)"))
        self.actions_by_name["open"].setToolTip(tr("Open the selected case (Enter)"))
        self.actions_by_name["contacts"].setToolTip(tr("People and organisations (Ctrl+2)"))
        # Delete only where the list has focus: in an editor the key deletes text.
        delete = self.actions_by_name["delete"]
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.case_list.table.addAction(delete)

    def _build_menus(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        for name, title, items in (
            ("file", self.tr("&File"), ["new", None, "close_tab", "quit"]),
            ("case", self.tr("&Case"), ["open", "status", None, "delete"]),
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
            menu = QMenu(menu_name.title(), self)
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
        has_case = bool(self.current_reference())
        for name in ("open", "status", "delete"):
            self.actions_by_name[name].setEnabled(has_case)
        self.actions_by_name["close_tab"].setEnabled(self.tabs.currentIndex() > 0)

    # ------------------------------------------------------------------ what is selected

    def current_reference(self) -> str | None:
        """The case the user is looking at: the open tab's case, else the list's."""
        widget = self.tabs.currentWidget()
        if widget is self.case_list:
            return self.case_list.current_reference()
        return getattr(widget, "reference", None) if self._is_editor(widget) else None

    def selected_references(self) -> list[str]:
        if self.tabs.currentWidget() is self.case_list:
            return self.case_list.selected_references()
        ref = self.current_reference()
        return [ref] if ref else []

    # ------------------------------------------------------------------ tabs

    @staticmethod
    def _is_editor(widget: QWidget | None) -> bool:
        return widget is not None and hasattr(widget, "maybe_close")

    def editors(self) -> list[QWidget]:
        widgets = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [w for w in widgets if self._is_editor(w)]

    def open_selected(self) -> None:
        if self.tabs.currentWidget() is self.case_list:
            for reference in self.case_list.selected_references()[:10]:
                self.open_case(reference)

    def new_case(self) -> None:
        self.open_case(None)

    def open_case(self, reference: str | None) -> QWidget | None:
        """Show a case in its tab, opening it if needed (None: a new case)."""
        for editor in self.editors():
            if reference and editor.reference == reference:
                self.tabs.setCurrentWidget(editor)
                return editor
        try:
            from ui.case_editor import CaseEditor
        except ImportError:
            QMessageBox.information(
                self, self.tr("Case Manager"), self.tr("The case editor is not part of this build.")
            )
            return None
        try:
            editor = CaseEditor(self.ctx, reference, self)
        except CaseManagerError as exc:  # deleted meanwhile, database gone…
            QMessageBox.warning(self, self.tr("Open case"), str(exc))
            self.refresh()
            return None
        editor.saved.connect(lambda ref, e=editor: self._editor_saved(e, ref))
        editor.closed.connect(lambda e=editor: self._remove_tab(e))
        title = self._case_title(reference)
        index = self.tabs.addTab(editor, icon("edit"), title)
        self.tabs.setTabToolTip(index, title)
        self.tabs.setCurrentIndex(index)
        return editor

    def _case_title(self, reference: str | None) -> str:
        """`CM-0012 Mamytov` when the list knows the name, else the reference."""
        index = self.case_list.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is not None and reference and row.reference == reference and row.family_name:
            return f"{row.reference} {row.family_name}"
        return reference or self.tr("New case")

    def _editor_saved(self, editor: QWidget, reference: str) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0 and not self.tabs.tabText(index).startswith(reference):
            self.tabs.setTabText(index, reference)
            self.tabs.setTabToolTip(index, reference)
        self.schedule_refresh()

    def _remove_tab(self, widget: QWidget) -> None:
        index = self.tabs.indexOf(widget)
        if index > 0:
            self.tabs.removeTab(index)
            if widget is not self.contacts_view:
                widget.deleteLater()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None or widget is self.case_list:
            return
        if self._is_editor(widget) and not widget.maybe_close():
            return
        self._remove_tab(widget)

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def show_cases(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()

    def show_contacts(self) -> None:
        if self.contacts_view is None:
            from ui.contacts_view import ContactsView

            self.contacts_view = ContactsView(self.ctx, self)
            self.contacts_view.open_case_requested.connect(self.open_case)
        if self.tabs.indexOf(self.contacts_view) < 0:
            self.tabs.addTab(self.contacts_view, icon("contacts"), self.tr("Contacts"))
        self.tabs.setCurrentWidget(self.contacts_view)
        self.contacts_view.search.setFocus()

    # ------------------------------------------------------------------ case operations

    def change_status(self) -> None:
        reference = self.current_reference()
        if not reference:
            return
        from ui.status_dialog import StatusDialog

        index = self.case_list.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        current = row.status if row is not None and row.reference == reference else ""
        StatusDialog(self.ctx, reference, current, self).exec()

    def delete_selected(self) -> None:
        reference = self.current_reference()
        if not reference:
            return
        index = self.case_list.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        name = row.display_name if row is not None and row.reference == reference else ""
        answer = QMessageBox.question(
            self,
            self.tr("Delete case"),
            self.tr(
                "Delete case %s (%s) with its whole file: contacts links, appeals, events, "
                "attachments?\n\nThis cannot be undone."
            ) % (reference, name or self.tr("no name")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_case(self.ctx.db, reference, actor=self.ctx.actor)
        except CaseManagerError as exc:
            QMessageBox.warning(self, self.tr("Delete case"), str(exc))
            return
        for editor in self.editors():
            if editor.reference == reference:
                self._remove_tab(editor)
        self.statusBar().showMessage(self.tr("Deleted case %s") % reference, 5000)
        self.ctx.changes.cases_changed.emit([reference])

    def add_demo_data(self) -> None:
        self.case_list.empty_panel.demo_button.setEnabled(False)

        def job(progress) -> int:
            progress(0, None, self.tr("Adding %d demo cases…") % DEMO_CASES)
            return demo.generate(self.ctx.db, cases=DEMO_CASES, seed=7, actor=self.ctx.actor)

        def done(_added: object) -> None:
            self.case_list.empty_panel.demo_button.setEnabled(True)
            self.ctx.changes.cases_changed.emit([])

        def failed(exc: BaseException) -> None:
            self.case_list.empty_panel.demo_button.setEnabled(True)
            QMessageBox.warning(self, self.tr("Add demo data"), str(exc))

        self.demo_task = run_in_background(
            self, self.tr("Adding demo data"), job, done, on_error=failed
        )

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

    def _show_counts(self, shown: int, total: int) -> None:
        if shown != total:
            text = self.tr("{shown} of {total} shown").format(shown=f"{shown:,}", total=f"{total:,}")
        elif total == 1:
            text = self.tr("1 case")
        else:
            text = self.tr("{n} cases").format(n=f"{total:,}")
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
            self.resize(1320, 820)
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)

    def save_window(self) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("main_window/state", self.saveState())
        self.case_list.save_header()
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in self.editors():
            self.tabs.setCurrentWidget(editor)
            if editor.is_dirty() and not editor.maybe_close():
                event.ignore()
                return
        self.save_window()
        event.accept()

