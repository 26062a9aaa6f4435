"""Plugs the feature modules into the main window: one place that says which menu and
toolbar entries exist beyond the case list itself.

Each feature lives in its own module with an `open_…` entry point; this module only
makes the actions and connects them, so the main window stays small and a test can
build a bare window without them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from ui.icons import icon


def _tr(text: str) -> str:
    return QCoreApplication.translate("Features", text)


def _action(window, name: str, text: str, slot: Callable[[], object], *, icon_name: str = "",
            shortcut: str | QKeySequence | None = None, tip: str = "") -> QAction:
    action = QAction(icon(icon_name) if icon_name else QAction(window).icon(), text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def install(window) -> None:
    """Add every feature's actions to `window` (a ui.main_window.MainWindow)."""
    ctx = window.ctx

    def dossier() -> None:
        from ui.dossier_dialog import open_dossier_dialog

        window._dossier_dialog = open_dossier_dialog(ctx, window.selected_references(), window)

    window.add_action(
        "case",
        _action(window, "dossier", _tr("&Dossier…"), dossier, icon_name="dossier",
                shortcut="Ctrl+P", tip=_tr("Make a PDF dossier of the selected cases (Ctrl+P)")),
        toolbar=True,
    )
