"""Windows no larger than the screen they open on (a 1024×700 or 1366×768 laptop)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN_W, MARGIN_H = 24, 48  # the window's frame and title bar, and a panel


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, made smaller where the screen is smaller."""
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - MARGIN_W)
        height = min(height, available.height() - MARGIN_H)
    widget.resize(max(width, widget.minimumSizeHint().width()), max(height, 200))
