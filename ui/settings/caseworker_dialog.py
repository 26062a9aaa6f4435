"""Who is working: asked once on first start, so "my cases" means something.

On a local file the name is stored with the data (casemanager.services.caseworker); on a shared
PostgreSQL server the database user is the caseworker and nothing is asked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.caseworker import (
    caseworker_name,
    needs_caseworker_name,
    set_caseworker_name,
)
from ui.context import AppContext
from ui.operations.failures import OPERATION_ERRORS, show_failure


class CaseworkerNameDialog(QDialog):
    """Asks for the caseworker's name and stores it on OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: str | None = None
        self.setWindowTitle(self.tr("Your name"))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr(
            "Your name as it appears in “Assigned to” on your cases. "
            "“My cases” and “my follow-ups” use it."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.edit = QLineEdit(caseworker_name(ctx.db))
        self.edit.selectAll()
        layout.addWidget(self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(420, 140)

    def accept(self) -> None:
        try:
            self.saved = set_caseworker_name(self.ctx.db, self.edit.text(), actor=self.ctx.actor)
        except OPERATION_ERRORS as exc:
            show_failure(self, self.windowTitle(), exc)
            return
        super().accept()


def ask_caseworker_name(ctx: AppContext, parent: QWidget | None = None, *,
                        force: bool = False) -> str:
    """On first start (or with `force`, to change it) ask for the caseworker's name;
    returns the name in use. Cancelling keeps the default (the login name)."""
    if force or needs_caseworker_name(ctx.db):
        dialog = CaseworkerNameDialog(ctx, parent)
        dialog.exec()
    return caseworker_name(ctx.db)
