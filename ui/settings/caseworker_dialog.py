"""Who is working, and for which organisation: asked once on first start, so "my cases"
means something and documents are headed by the organisation's name.

On a local file the name is stored with the data (casemanager.services.caseworker); on a shared
PostgreSQL server the database user is the caseworker and nothing is asked. The name field
starts empty (the login, such as "root", is not a caseworker's name); the organisation may
be left blank, and documents then print no name at all until it is given in Settings. Whether to ask is read
on the database worker (ui/operations/operation.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import ValidationError
from casemanager.services.caseworker import (
    caseworker_name,
    needs_caseworker_name,
    set_first_start,
    stored_caseworker_name,
)
from casemanager.services.settings import organisation_name
from ui.context import AppContext
from ui.operations.failures import OPERATION_ERRORS, show_failure
from ui.operations.operation import Operation


class CaseworkerNameDialog(QDialog):
    """Asks for the caseworker's name (and the organisation's, while it is unknown) and
    stores them on OK, as one action."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 name: str | None = None) -> None:
        """`name`: the name in use, when the caller has read it; else it is read here."""
        super().__init__(parent)
        self.ctx = ctx
        self.saved: str | None = None
        self.setWindowTitle(self.tr("Welcome to Case Manager"))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr(
            "Your name as it appears in “Assigned to” on your cases. "
            "“My cases” and “my follow-ups” use it."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.edit = QLineEdit(stored_caseworker_name(ctx.db))
        self.edit.setPlaceholderText(self.tr("e.g. Dilnoza Karimova"))
        form.addRow(self.tr("&Your name:"), self.edit)
        self.organisation = QLineEdit(organisation_name(ctx.db))
        self.organisation.setPlaceholderText(self.tr("as it should head dossiers and letters"))
        self.organisation.setToolTip(self.tr(
            "Heads every dossier page and signs cover letters and appeals. Left blank, "
            "documents carry no organisation name until it is given in Settings."))
        form.addRow(self.tr("&Organisation:"), self.organisation)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, 180)
        self.edit.setFocus()

    def accept(self) -> None:
        try:
            self.saved = set_first_start(self.ctx.db, self.edit.text(),
                                         self.organisation.text(), actor=self.ctx.actor)
        except ValidationError as exc:
            # At the field, in the dialog: a name is needed (Cancel keeps the login).
            self.error.setText(self.tr("Please give your name, or press Cancel.")
                               if exc.field == "caseworker_name"
                               else self.tr("Organisation: %1").replace("%1", exc.reason))
            self.error.show()
            (self.edit if exc.field == "caseworker_name" else self.organisation).setFocus()
            return
        except OPERATION_ERRORS as exc:
            show_failure(self, self.windowTitle(), exc)
            return
        super().accept()


_asking: set[CaseworkerNameDialog] = set()


def ask_caseworker_name(ctx: AppContext, parent: QWidget | None = None, *,
                        force: bool = False,
                        then: Callable[[str], None] | None = None) -> Operation:
    """On first start (or with `force`, to change it) ask for the caseworker's name and
    the organisation's; then `then(name in use)`. Cancelling keeps the default (the
    login name) and leaves the organisation unnamed. Whether to ask
    is read on the database worker; the window is not held up meanwhile."""

    def read(db) -> tuple[bool, str]:
        return needs_caseworker_name(db), caseworker_name(db)

    def decided(result: tuple[bool, str]) -> None:
        needed, name = result
        if not (force or needed):
            if then is not None:
                then(name)
            return
        dialog = CaseworkerNameDialog(ctx, parent)
        _asking.add(dialog)  # kept until answered, even without a parent
        dialog.finished.connect(lambda _code: _asking.discard(dialog))
        if then is not None:
            dialog.finished.connect(lambda _code: then(dialog.saved or name))
        dialog.open()

    return Operation(ctx, parent=parent, work=read).success(decided).run()
