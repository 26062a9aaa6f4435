"""Asking for the passphrase of an encrypted database, at start and after an idle lock.

`PassphraseForm` is the form itself (passphrase field with the error shown right under
it, and a "use the recovery key" mode that sets a new passphrase, since whoever needs
the recovery key has forgotten the old one). `UnlockDialog` puts it in a dialog for
start-up; the idle lock (idle_lock.py) puts it on its lock screen.

`ask_passphrase(target, parent)` is what application start-up calls: it returns the
passphrase to open the database with, "" for an unencrypted file, None on Cancel.

The check (Argon2 over the key file: about 0.3 s) runs on the database worker of the
window the form is in, or on the shared one before any window (ui/operations/
background.py `worker_for`); meanwhile the form says "Checking…" and waits, disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.store import key_file as crypto
from ui.operations.background import worker_for
from ui.operations.failures import failure_reason

CheckPassphrase = Callable[[str], None]
Recover = Callable[[str, str], None]


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setVisible(False)
    return label


def _secret_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class _Outcome(QObject):
    """Lives on the GUI thread; the check emits from the worker, Qt queues."""

    succeeded = Signal()
    failed = Signal(object)


class PassphraseForm(QWidget):
    """Passphrase entry with inline errors; `unlocked(passphrase)` once it checked out.

    `check(passphrase)` and `recover(recovery_key, new_passphrase)` raise a
    CaseManagerError (shown under the field) when they fail.
    """

    unlocked = Signal(str)

    def __init__(self, check: CheckPassphrase, recover: Recover | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check, self._recover = check, recover
        self.pages = QStackedWidget()

        page = QWidget()
        form = QVBoxLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.passphrase = _secret_field(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.error = _error_label()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        # tr() outside the f-string: lupdate does not read calls inside one.
        forgot = self.tr("Forgot it? Use the recovery key")
        self.recovery_link = QLabel(f"<a href='#'>{forgot}</a>")
        self.recovery_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                   | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.recovery_link.linkActivated.connect(lambda _: self.show_recovery(True))
        self.recovery_link.setVisible(recover is not None)
        for w in (self.passphrase, self.error, self.unlock_button, self.recovery_link):
            form.addWidget(w)
        self.pages.addWidget(page)

        page = QWidget()
        grid = QFormLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…")
        self.recovery_key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.recovery_key.setMinimumWidth(self.recovery_key.fontMetrics().horizontalAdvance("W" * 66))
        self.new_passphrase = _secret_field(self.tr("at least %d characters") % crypto.MIN_PASSPHRASE)
        self.repeat = _secret_field()
        self.recovery_error = _error_label()
        self.recover_button = QPushButton(self.tr("Unlock and set the new passphrase"))
        back_text = self.tr("Back to the passphrase")
        back = QLabel(f"<a href='#'>{back_text}</a>")
        back.linkActivated.connect(lambda _: self.show_recovery(False))
        grid.addRow(self.tr("Recovery key:"), self.recovery_key)
        grid.addRow(self.tr("New passphrase:"), self.new_passphrase)
        grid.addRow(self.tr("Repeat it:"), self.repeat)
        grid.addRow(self.recovery_error)
        grid.addRow(self.recover_button)
        grid.addRow(back)
        self.pages.addWidget(page)

        self.checking_note = QLabel(self.tr("Checking…"))
        self.checking_note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        layout.addWidget(self.checking_note)
        self._outcome = _Outcome(self)
        self._outcome.succeeded.connect(self._succeeded)
        self._outcome.failed.connect(self._refused)
        self._pending: tuple[QLabel, QLineEdit, Callable[[], None]] | None = None
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.recover_button.clicked.connect(self.try_recover)
        self.repeat.returnPressed.connect(self.try_recover)

    def show_recovery(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        (self.recovery_key if on else self.passphrase).setFocus()

    def is_checking(self) -> bool:
        """Whether a passphrase or recovery key is being checked (on the worker)."""
        return self._pending is not None

    def _busy(self, on: bool) -> None:
        self.checking_note.setVisible(on)
        for widget in (self.passphrase, self.unlock_button, self.recovery_key,
                       self.new_passphrase, self.repeat, self.recover_button):
            widget.setEnabled(not on)

    def _run(self, action: Callable[[], None], error: QLabel, field: QLineEdit,
             then: Callable[[], None]) -> None:
        """Run `action` (the check) off the GUI thread; `then()` here once it passed, or
        its refusal under `field`."""
        if self._pending is not None:
            return  # Enter pressed again while checking
        error.setVisible(False)
        self._pending = (error, field, then)
        self._busy(True)
        outcome = self._outcome

        def job() -> None:
            try:
                action()
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                result: tuple = (outcome.failed, exc)
            else:
                result = (outcome.succeeded,)
            try:
                result[0].emit(*result[1:])
            except RuntimeError:  # the form closed meanwhile: nobody to tell
                pass

        worker_for(self).submit(job)

    def _succeeded(self) -> None:
        pending, self._pending = self._pending, None
        self._busy(False)
        if pending is not None:
            pending[2]()

    def _refused(self, exc: BaseException) -> None:
        pending, self._pending = self._pending, None
        self._busy(False)
        if pending is None:
            return
        error, field, _then = pending
        if not isinstance(exc, CaseManagerError):
            raise exc  # a bug: to the last net
        if isinstance(exc, crypto.WrongPassphrase) and "recovery key does not" in str(exc):
            # The core's message names the file; here the caseworker knows which it is.
            error.setText(self.tr("That recovery key does not open this database."))
        elif isinstance(exc, crypto.WrongPassphrase) and "wrong passphrase" in str(exc):
            error.setText(self.tr("Wrong passphrase. Try again, or use the recovery key."))
        else:
            error.setText(failure_reason(exc))
        error.setVisible(True)
        field.selectAll()
        field.setFocus()

    def try_unlock(self) -> None:
        text = self.passphrase.text()

        def passed() -> None:
            self.passphrase.clear()
            self.unlocked.emit(text)

        self._run(lambda: self._check(text), self.error, self.passphrase, passed)

    def try_recover(self) -> None:
        key, new = self.recovery_key.text(), self.new_passphrase.text()
        # What needs no key file is checked here, at once.
        try:
            if new != self.repeat.text():
                raise CaseManagerError(self.tr("The two new passphrases differ."))
            crypto.check_passphrase(new)
        except CaseManagerError as exc:
            self.recovery_error.setText(failure_reason(exc))
            self.recovery_error.setVisible(True)
            self.recovery_key.selectAll()
            self.recovery_key.setFocus()
            return
        recover = self._recover
        assert recover is not None

        def passed() -> None:
            for w in (self.recovery_key, self.new_passphrase, self.repeat):
                w.clear()
            self.show_recovery(False)
            self.unlocked.emit(new)

        self._run(lambda: recover(key, new), self.recovery_error, self.recovery_key, passed)

    def clear(self) -> None:
        for w in (self.passphrase, self.recovery_key, self.new_passphrase, self.repeat):
            w.clear()
        self.error.setVisible(False)
        self.recovery_error.setVisible(False)
        self.show_recovery(False)


def file_checks(target: str) -> tuple[CheckPassphrase, Recover]:
    """Checks against the key file of an encrypted database that is not open yet."""

    def check(passphrase: str) -> None:
        crypto.unlock_key(target, passphrase=passphrase)

    def recover(recovery_key: str, new_passphrase: str) -> None:
        key = crypto.unlock_key(target, recovery_key=recovery_key)
        crypto.change_passphrase(target, key, new_passphrase)

    return check, recover


class UnlockDialog(QDialog):
    def __init__(self, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unlock Case Manager"))
        self.passphrase: str | None = None
        intro = QLabel(self.tr("<b>%s</b> is encrypted. Enter its passphrase.") % Path(target).name)
        intro.setWordWrap(True)
        self.form = PassphraseForm(*file_checks(target), parent=self)
        self.form.unlocked.connect(self._accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.passphrase.setFocus()

    def _accept(self, passphrase: str) -> None:
        self.passphrase = passphrase
        self.accept()


def needs_passphrase(target: str) -> bool:
    # Without its key file no passphrase can open it: open_database explains that instead.
    return (
        "://" not in target
        and crypto.is_encrypted_file(target)
        and crypto.keyfile_path(target).exists()
    )


def ask_passphrase(target: str, parent: QWidget | None = None) -> str | None:
    """The passphrase for `target` (checked), "" if it is not encrypted, None on Cancel."""
    if not needs_passphrase(target):
        return ""
    dialog = UnlockDialog(target, parent)
    return dialog.passphrase if dialog.exec() == QDialog.DialogCode.Accepted else None
