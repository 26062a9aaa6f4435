"""The tabs of the main window: the case list first (never closed), then each open
case in its own CaseEditor, and views such as the contacts directory.

A case is open at most once: opening it again shows its tab. Closing a tab whose
editor has unsaved changes asks first (the editor's `maybe_close`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QTabBar, QTabWidget, QWidget

from ui.cases.case_list import CaseListView
from ui.context import AppContext
from ui.icons import icon
from ui.operations.failures import show_failure
from ui.widgets.focus import first_focusable

if TYPE_CHECKING:  # made on demand: imported then
    from ui.editor.case_editor import CaseEditor

UNSAVED = " •"  # after the title of a tab whose case has unsaved edits
MAX_OPEN_AT_ONCE = 10  # "Open" on a large selection opens this many, not hundreds
PRELOAD_AFTER_MS = 300  # after the window's first paint


def _preload_editor() -> None:
    try:
        import ui.editor.case_editor  # noqa: F401 - imported for later
    except ImportError:  # a build without the editor: open_case says so
        pass


def is_editor(widget: QWidget | None) -> TypeGuard[CaseEditor]:
    return widget is not None and hasattr(widget, "maybe_close")


class CaseTabs(QTabWidget):
    """Emits `case_saved(reference)` when any open editor saved."""

    case_saved = Signal(str)
    case_not_saved = Signal(str)  # why an editor saved nothing (its field and reason)
    open_failed = Signal()  # a case could not be opened: the list may be stale

    def __init__(self, ctx: AppContext, case_list: CaseListView, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.case_list = ctx, case_list
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.addTab(case_list, icon("find"), self.tr("Cases"))
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabBar().setTabButton(0, side, None)  # the list is never closed
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._focus_page)
        self._kept: set[int] = set()  # views reused after closing (not deleted)
        # The editor's modules are imported once the window has shown, not on the first
        # open: importing them cost the first opened case 60-130 ms on the GUI thread.
        # Not at once: the window's first paint comes first (at 0 ms the import, with
        # reportlab, ran before it and held the first page back for 0.2-1 s).
        QTimer.singleShot(PRELOAD_AFTER_MS, _preload_editor)

    # ------------------------------------------------------------------ editors

    def editors(self) -> list[CaseEditor]:
        widgets = (self.widget(i) for i in range(self.count()))
        return [w for w in widgets if is_editor(w)]

    def editor_for(self, reference: str) -> QWidget | None:
        return next((e for e in self.editors() if e.reference == reference), None)

    def has_current_case(self) -> bool:
        """Whether the user is looking at a case (what current_reference would name),
        asked without reading anything: the window enables its actions by it."""
        widget = self.currentWidget()
        if widget is self.case_list:
            return self.case_list.has_current()
        return bool(getattr(widget, "reference", None)) if is_editor(widget) else False

    def current_reference(self) -> str | None:
        """The case the user is looking at: the open tab's case, else the list's."""
        widget = self.currentWidget()
        if widget is self.case_list:
            return self.case_list.current_reference()
        return getattr(widget, "reference", None) if is_editor(widget) else None

    def open_case(self, reference: str | None) -> QWidget | None:
        """Show a case in its tab, opening it if needed (None: a new case)."""
        existing = self.editor_for(reference) if reference else None
        if existing is not None:
            self.setCurrentWidget(existing)
            return existing
        try:
            # Imported here: the editor is its own module, and the list works without it.
            from ui.editor.case_editor import CaseEditor
        except ImportError:
            QMessageBox.information(
                self, self.tr("Case Manager"), self.tr("The case editor is not part of this build.")
            )
            return None
        # The editor reads the case on the database worker; until then its tab shows
        # "Opening…". When it cannot be read (deleted meanwhile, database gone…), the
        # tab goes and the reason is shown, as a failure to open always was.
        editor = CaseEditor(self.ctx, reference, self)
        editor.open_failed.connect(lambda exc, e=editor: self._open_failed(e, exc))
        own_save = getattr(editor, "save_shortcut", None)
        if own_save is not None:
            own_save.setEnabled(False)  # the window's Case > Save (Ctrl+S) saves
        editor.saved.connect(lambda ref, e=editor: self._saved(e, ref))
        if hasattr(editor, "save_refused"):
            editor.save_refused.connect(self.case_not_saved)
        if hasattr(editor, "loaded"):
            editor.loaded.connect(lambda e=editor: self._retitle(e))
        editor.closed.connect(lambda e=editor: self.remove(e))
        editor.open_requested.connect(self.open_case)
        editor.windowTitleChanged.connect(lambda _t, e=editor: self._mark_unsaved(e))
        title = self._title(reference)
        index = self.addTab(editor, icon("edit"), title)
        self.setTabToolTip(index, title)
        self.setCurrentIndex(index)
        if hasattr(editor, "focus_first"):
            editor.focus_first()  # not the first button the tab's focus chain finds
        return editor

    def _open_failed(self, editor: QWidget, exc: BaseException) -> None:
        self.remove(editor)
        show_failure(self, self.tr("Open case"), exc)
        self.open_failed.emit()

    def open_selected(self) -> None:
        if self.currentWidget() is self.case_list:
            for reference in self.case_list.selected_references()[:MAX_OPEN_AT_ONCE]:
                self.open_case(reference)

    def _title(self, reference: str | None) -> str:
        """`CM-0012 Mamytov` when the list has the name at hand, else the reference (the
        editor's case, once read, retitles the tab)."""
        index = self.case_list.table.currentIndex()
        row = self.case_list.model.cached_row(index.row()) if index.isValid() else None
        if row is not None and reference and row.reference == reference and row.family_name:
            return f"{row.reference} {row.family_name}"
        return reference or self.tr("New case")

    def _saved(self, editor: QWidget, reference: str) -> None:
        self._retitle(editor, reference)
        self.case_saved.emit(reference)

    def _retitle(self, editor: QWidget, reference: str = "") -> None:
        """The tab's title from the case as the editor holds it (read, or just saved):
        a case renamed and saved shows its new name."""
        index = self.indexOf(editor)
        if index < 0:
            return
        detail = getattr(editor, "detail", lambda: None)()
        if detail is not None:
            title = (f"{detail.reference} {detail.family_name}" if detail.family_name
                     else detail.reference)
        elif reference and not self.tabText(index).startswith(reference):
            title = reference
        else:
            title = self.tabText(index).removesuffix(UNSAVED)
        self.setTabText(index, title)
        self.setTabToolTip(index, title)
        self._mark_unsaved(editor)

    def _mark_unsaved(self, editor: QWidget) -> None:
        """A case with unsaved edits has " •" after its tab's title (and a tooltip)."""
        index = self.indexOf(editor)
        if index < 0:
            return
        title = self.tabText(index).removesuffix(UNSAVED)
        dirty = bool(getattr(editor, "is_dirty", lambda: False)())
        self.setTabText(index, title + (UNSAVED if dirty else ""))
        self.setTabToolTip(index, self.tr("%1 (unsaved changes)").replace("%1", title)
                           if dirty else title)

    def maybe_close_all(self) -> bool:
        """Ask each editor with unsaved changes; False when the user cancelled."""
        for editor in self.editors():
            if editor.is_dirty():
                self.setCurrentWidget(editor)
                if not editor.maybe_close():
                    return False
        return True

    # ------------------------------------------------------------------ any tab

    def _focus_page(self, index: int) -> None:
        """Give the page shown the keyboard: its first field (an editor), the list, or
        its first control; never leave the window without a focus widget, or no key
        and no shortcut reaches anything."""
        widget = self.widget(index)
        if widget is None:
            return
        focused = QApplication.focusWidget()
        if focused is not None and (focused is widget or widget.isAncestorOf(focused)):
            return
        if hasattr(widget, "focus_first"):
            widget.focus_first()
        elif widget is self.case_list:
            self.case_list.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            (first_focusable(widget) or widget).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_view(self, widget: QWidget, icon_name: str, title: str) -> None:
        """Show a reusable view (e.g. contacts) in a tab, adding it when closed."""
        self._kept.add(id(widget))
        if self.indexOf(widget) < 0:
            self.addTab(widget, icon(icon_name), title)
        self.setCurrentWidget(widget)

    def remove(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index > 0:
            self.removeTab(index)
            if id(widget) not in self._kept:
                widget.deleteLater()

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget is None or widget is self.case_list:
            return
        if is_editor(widget) and not widget.maybe_close():
            return
        self.remove(widget)

    def close_current(self) -> None:
        self.close_tab(self.currentIndex())
