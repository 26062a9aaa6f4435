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
from ui.labels import reason_text
from ui.operations.failures import show_failure
from ui.operations.operation import Operation


class CaseworkerNameDialog(QDialog):
    """Asks for the caseworker's name (and the organisation's, while it is unknown) and
    stores them on OK, as one action."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 known: tuple[str, str] | None = None) -> None:
        """`known`: the stored caseworker's and organisation's names, when the caller has
        read them; else they are read on the database worker (OK waits for them)."""
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
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("e.g. Dilnoza Karimova"))
        form.addRow(self.tr("&Your name:"), self.edit)
        self.organisation = QLineEdit()
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
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._busy = False
        if known is not None:
            self._known(known)
        else:
            self._ok.setEnabled(False)
            self._busy = True
            Operation(ctx, parent=self, work=_stored, failure_title=self.windowTitle()) \
                .success(self._known).run()

    def _known(self, known: tuple[str, str]) -> None:
        name, organisation = known
        if not self.edit.text():
            self.edit.setText(name)
        if not self.organisation.text():
            self.organisation.setText(organisation)
        self._busy = False
        self._ok.setEnabled(True)

    def accept(self) -> None:
        """Stored on the database worker; the dialog closes once stored."""
        if self._busy:
            return
        name, organisation, actor = self.edit.text(), self.organisation.text(), self.ctx.actor
        self._busy = True
        self._ok.setEnabled(False)

        def stored(saved: str) -> None:
            self.saved = saved
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, ValidationError):
                show_failure(self, self.windowTitle(), exc)
                return
            # At the field, in the dialog: a name is needed (Cancel keeps the login).
            self.error.setText(self.tr("Please give your name, or press Cancel.")
                               if exc.field == "caseworker_name"
                               else self.tr("Organisation: %1").replace("%1", reason_text(exc)))
            self.error.show()
            (self.edit if exc.field == "caseworker_name" else self.organisation).setFocus()

        def ended() -> None:
            self._busy = False
            self._ok.setEnabled(True)

        # The answer is the caseworker's first entry in the log, under the name they give
        # (the login, "root" on many laptops, says nothing about who did it).
        who = " ".join(name.split())[:100] or actor
        Operation(self.ctx, parent=self,
                  work=lambda db: set_first_start(db, name, organisation, actor=who)) \
            .success(stored).failure(refused).finally_(ended).run()


def _stored(db) -> tuple[str, str]:
    """On the worker: the names stored so far (the login is not offered as a name)."""
    return stored_caseworker_name(db), organisation_name(db)


_asking: set[CaseworkerNameDialog] = set()


def ask_caseworker_name(ctx: AppContext, parent: QWidget | None = None, *,
                        force: bool = False,
                        then: Callable[[str], None] | None = None) -> Operation:
    """On first start (or with `force`, to change it) ask for the caseworker's name and
    the organisation's; then `then(name in use)`. Cancelling keeps the default (the
    login name) and leaves the organisation unnamed. Whether to ask
    is read on the database worker; the window is not held up meanwhile."""

    def read(db) -> tuple[bool, str, tuple[str, str]]:
        return needs_caseworker_name(db), caseworker_name(db), _stored(db)

    def decided(result: tuple[bool, str, tuple[str, str]]) -> None:
        needed, name, known = result
        if not (force or needed):
            if then is not None:
                then(name)
            return
        dialog = CaseworkerNameDialog(ctx, parent, known)
        _asking.add(dialog)  # kept until answered, even without a parent
        dialog.finished.connect(lambda _code: _asking.discard(dialog))
        if then is not None:
            dialog.finished.connect(lambda _code: then(dialog.saved or name))
        dialog.open()

    return Operation(ctx, parent=parent, work=read).success(decided).run()
