"""Who is working: asked once on first start, so "my cases" means something.

On a local file the name is stored with the data (casemanager.services.caseworker); on a shared
PostgreSQL server the database user is the caseworker and nothing is asked. Reading and
storing the name run on the database worker (ui/operations/operation.py).
"""

from __future__ import annotations

from collections.abc import Callable

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
from ui.operations.operation import Operation


class CaseworkerNameDialog(QDialog):
    """Asks for the caseworker's name and stores it on OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 name: str | None = None) -> None:
        """`name`: the name in use, when the caller has read it; else it is read here."""
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
        self.edit = QLineEdit()
        layout.addWidget(self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(420, 140)
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if name is not None:
            self._show_name(name)
        else:
            self._ok.setEnabled(False)
            Operation(ctx, parent=self, work=caseworker_name,
                      failure_title=self.windowTitle()).success(self._show_name).run()

    def _show_name(self, name: str) -> None:
        self.edit.setText(name)
        self.edit.selectAll()
        self._ok.setEnabled(True)

    def accept(self) -> None:
        name, actor = self.edit.text(), self.ctx.actor
        self._ok.setEnabled(False)
        Operation(self.ctx, parent=self, failure_title=self.windowTitle(),
                  work=lambda db: set_caseworker_name(db, name, actor=actor)
                  ).success(self._saved).finally_(lambda: self._ok.setEnabled(True)).run()

    def _saved(self, name: str) -> None:
        self.saved = name
        super().accept()


_asking: set[CaseworkerNameDialog] = set()


def ask_caseworker_name(ctx: AppContext, parent: QWidget | None = None, *,
                        force: bool = False,
                        then: Callable[[str], None] | None = None) -> Operation:
    """On first start (or with `force`, to change it) ask for the caseworker's name; then
    `then(name in use)`. Cancelling keeps the default (the login name). Whether to ask
    is read on the database worker; the window is not held up meanwhile."""

    def read(db) -> tuple[bool, str]:
        return needs_caseworker_name(db), caseworker_name(db)

    def decided(result: tuple[bool, str]) -> None:
        needed, name = result
        if not (force or needed):
            if then is not None:
                then(name)
            return
        dialog = CaseworkerNameDialog(ctx, parent, name)
        _asking.add(dialog)  # kept until answered, even without a parent
        dialog.finished.connect(lambda _code: _asking.discard(dialog))
        if then is not None:
            dialog.finished.connect(lambda _code: then(dialog.saved or name))
        dialog.open()

    return Operation(ctx, parent=parent, work=read).success(decided).run()
