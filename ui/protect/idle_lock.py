"""Locking the application when the caseworker walks away (idle time) or asks (Ctrl+L).

Locking covers the main window with a lock screen, hides every other window, disables
the window's actions (so no shortcut opens a case underneath), clears the clipboard,
closes the database connections and, for an encrypted database, forgets its key. To
return: the passphrase (or the recovery key), or for an unencrypted database the login
name, which only guards against a passer-by (docs/security.md).

`install_idle_lock(main_window, ctx)` is all the application needs to call.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QClipboard,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.operations.background import cancel_running
from ui.protect.unlock_dialog import PassphraseForm

LOCK_MINUTES_KEY = "privacy/lock_after_minutes"
DEFAULT_LOCK_MINUTES = 10
LOCK_SHORTCUT = "Ctrl+L"
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


def lock_minutes(ctx: AppContext) -> int:
    """Idle minutes before locking (0: never), from the user's settings."""
    try:
        raw: Any = ctx.settings.value(LOCK_MINUTES_KEY, DEFAULT_LOCK_MINUTES)  # as stored
        return max(0, int(raw))
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES


class LockScreen(QFrame):
    """An opaque cover over the main window with the way back in."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #2b2f36; } QLabel { color: #f0f0f0; }")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Link, QColor("#9ecbff"))  # readable on dark
        self.setPalette(palette)
        self.ctx = ctx
        title = QLabel(self.tr("Case Manager is locked"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        panel = QWidget()
        panel.setMaximumWidth(420)
        inner = QVBoxLayout(panel)
        inner.addWidget(title)
        if ctx.db.encrypted:
            inner.addWidget(QLabel(self.tr("Enter the passphrase to continue.")))
            self.form: PassphraseForm | _NameForm = PassphraseForm(self._check, self._recover,
                                                                   self)
            self.form.setStyleSheet("QLineEdit { color: black; background: white; }")
        else:
            inner.addWidget(QLabel(self.tr("Type your login name (%s) to continue.") % ctx.actor))
            self.form = _NameForm(ctx.actor, self)
        inner.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _check(self, passphrase: str) -> None:
        self.ctx.db.unlock(passphrase=passphrase)

    def _recover(self, recovery_key: str, new_passphrase: str) -> None:
        from casemanager.store.key_file import change_passphrase

        self.ctx.db.unlock(recovery_key=recovery_key)
        assert self.ctx.db.path is not None and self.ctx.db.key is not None
        change_passphrase(self.ctx.db.path, self.ctx.db.key.get(), new_passphrase)

    def focus_entry(self) -> None:
        entry = self.form.findChild(QLineEdit)
        if entry is not None:
            entry.setFocus()


class _NameForm(QWidget):
    """For unencrypted databases: the login name, against a passer-by."""

    unlocked = Signal(str)

    def __init__(self, expected: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.expected = expected
        self.name = QLineEdit()
        self.name.setStyleSheet("color: black; background: white;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #ff8a80;")
        self.error.setVisible(False)
        button = QPushButton(self.tr("Unlock"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.name, self.error, button):
            layout.addWidget(w)
        button.clicked.connect(self.try_unlock)
        self.name.returnPressed.connect(self.try_unlock)

    def try_unlock(self) -> None:
        if self.name.text().strip().casefold() == self.expected.casefold():
            self.name.clear()
            self.error.setVisible(False)
            self.unlocked.emit("")
        else:
            self.error.setText(self.tr("That is not the name of who is working."))
            self.error.setVisible(True)


class IdleLock(QObject):
    """Watches for user activity application-wide; locks after the idle time or on Ctrl+L."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, main_window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(main_window)
        self.window, self.ctx = main_window, ctx
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._title = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        # Ctrl+L is caught in the application-wide event filter rather than by a
        # QShortcut: it must work in every window, over any widget's own use of the key.
        self.sequence = QKeySequence(LOCK_SHORTCUT)
        self.restart_timer()
        app = QApplication.instance()
        assert app is not None  # the lock is made by the running window
        app.installEventFilter(self)
        main_window.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def restart_timer(self) -> None:
        minutes = lock_minutes(self.ctx)
        if minutes and not self.is_locked:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if (kind == QEvent.Type.KeyPress and not self.is_locked
                and isinstance(event, QKeyEvent) and self._is_lock_key(event)):
            self.lock()
            return True
        if kind in _ACTIVITY and not self.is_locked:
            self.timer.start()  # restart: the caseworker is here
        elif kind == QEvent.Type.Resize and watched is self.window and self.screen is not None:
            self.screen.setGeometry(self.window.rect())
        return False

    def _is_lock_key(self, event: QKeyEvent) -> bool:
        combo = QKeySequence(event.keyCombination())
        return combo.matches(self.sequence) == QKeySequence.SequenceMatch.ExactMatch

    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        for w in QApplication.topLevelWidgets():
            if w is not self.window and w.isVisible() and not isinstance(w, LockScreen):
                w.hide()
                self._hidden.append(w)
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(self.tr("Case Manager (locked)"))
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        # Connections closed and the key of an encrypted database forgotten once what is
        # already queued on the worker (a save just started) has run with it: FIFO.
        self.ctx.locked = True
        if self.ctx.db.key is not None:
            # A backup on its lane holds a connection with the key: cancelled, so that
            # the key is not kept while the window is locked (the hourly check makes
            # the daily backup again once unlocked).
            cancel_running(self.ctx.maintenance)
        self.ctx.worker.submit(self.ctx.db.lock)
        self.screen = LockScreen(self.ctx, self.window)
        self.screen.form.unlocked.connect(self._unlocked)
        self.screen.setGeometry(self.window.rect())
        self.screen.show()
        self.screen.raise_()
        self.screen.focus_entry()
        self.locked.emit()

    def _unlocked(self, _passphrase: str) -> None:
        if self.screen is None:
            return
        self.screen.hide()
        self.screen.deleteLater()
        self.screen = None
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        for w in self._hidden:
            # Not a progress dialog whose work ended while locked (a backup on its lane).
            if shiboken6.isValid(w) and not w.property("finished"):
                w.show()
        self._hidden = []
        self.window.setWindowTitle(self._title)
        self.restart_timer()
        self.ctx.locked = False
        waiting, self.ctx.after_unlock = self.ctx.after_unlock, []
        for show in waiting:  # failures while locked, now that someone is here to read them
            show()
        self.unlocked.emit()

    def unlock_with(self, secret: str) -> None:
        """Unlock programmatically (used by tests and by a future single sign-on)."""
        if self.screen is None:
            return
        form = self.screen.form
        if isinstance(form, PassphraseForm):
            form.passphrase.setText(secret)
            form.try_unlock()
        elif isinstance(form, _NameForm):
            form.name.setText(secret)
            form.try_unlock()


def install_idle_lock(main_window: QMainWindow, ctx: AppContext) -> IdleLock:
    """Lock `main_window` after the idle time in the settings and on Ctrl+L."""
    return IdleLock(main_window, ctx)
