"""Send to partner… and Receive from partner…: the window's side of partner bundles.

`open_send_dialog(ctx, references, parent)` sends the selected cases to a partner;
`open_receive_dialog(ctx, parent)` checks a partner's bundle (a dry run, shown field by
field) and takes it in when the caseworker says so. All the work is the core's
(casemanager.bundles), run on a worker thread; the dialogs only choose and show.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.bundles.keys import list_keys
from casemanager.bundles.pack import BUNDLE_PROFILES
from casemanager.bundles.receive import read_bundle_file, receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.domain.errors import CaseManagerError
from casemanager.system.safe_files import refuse_database_files
from ui.context import AppContext
from ui.i18n import current_language
from ui.labels import core_text
from ui.operations.background import run_in_background
from ui.operations.failures import failure_reason, show_failure
from ui.operations.operation import Operation


def _tr(text: str) -> str:
    # As in ui/features.py: lupdate files these (outside a class) under the empty context.
    return QCoreApplication.translate("", text)


class SendBundleDialog(QDialog):
    """Choose the partner and the profile, then where to save the bundle."""

    completed = Signal(str)

    def __init__(self, ctx: AppContext, references: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.references = ctx, list(references)
        self.setWindowTitle(self.tr("Send to partner"))
        # Wide enough for what is said after sending (the file's path, the partner, the
        # ledger), which wraps below and makes the dialog taller, never clipped.
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        form.addRow(self.tr("Cases:"), QLabel(", ".join(self.references)))
        self.partner = QComboBox()
        self.partner.setObjectName("partner")
        self.partner.setEnabled(False)  # until the keys are read
        form.addRow(self.tr("Partner:"), self.partner)
        self.profile = QComboBox()
        self.profile.setObjectName("profile")
        for name, text in (("partner", self.tr("A partner organisation")),
                           ("embassy", self.tr("An embassy or consulate")),
                           ("icrc", self.tr("The ICRC"))):
            self.profile.addItem(text, name)
        form.addRow(self.tr("Who it is for:"), self.profile)
        self.omits = QLabel()
        self.omits.setWordWrap(True)
        layout.addWidget(self.omits)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = QPushButton(self.tr("Send…"))
        self.send_button.setObjectName("send")
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.send_button.clicked.connect(self.send)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self._profile_changed()
        # The keys are read on the database worker; Send waits for them.
        self.keys_read = False
        self.send_button.setEnabled(False)
        self.status.setText(self.tr("Reading the keys…"))
        Operation(ctx, parent=self, work=list_keys, key="keys").success(self._keys_read) \
            .failure(lambda exc: self._blocked(failure_reason(exc))).run()

    def _keys_read(self, keys: list) -> None:
        self.keys_read = True
        self.status.setText("")
        for key in keys:
            if not key.own:
                self.partner.addItem(f"{key.name} ({key.grouped})", key.name)
        self.partner.setEnabled(True)
        if not any(k.own for k in keys):
            self._blocked(self.tr("This database has no key pair yet: run `casemanager "
                                  "keys init`."))
        elif self.partner.count() == 0:
            self._blocked(self.tr("No partner keys yet: add one with `casemanager keys add "
                                  "FILE --name NAME` after comparing its fingerprint."))
        else:
            self.send_button.setEnabled(True)

    def _blocked(self, why: str) -> None:
        self.status.setText(why)
        self.send_button.setEnabled(False)

    def _profile_changed(self) -> None:
        # In the interface's language (it said the English list in a Russian window).
        omitted = BUNDLE_PROFILES[self.profile.currentData()].omitted(current_language())
        self.omits.setText(self.tr("Leaves out: %s.") % "; ".join(omitted))

    def choose_save_path(self) -> str:
        """Where to write the bundle; empty: cancelled."""
        name = (f"{self.references[0]}" if len(self.references) == 1 else "cases") + ".pgp"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the bundle"), name,
                                              self.tr("OpenPGP bundles (*.pgp)"))
        return path

    def send(self) -> None:
        target = self.choose_save_path()
        if not target:
            return
        try:  # the save dialog's "Replace?" must never replace the open database
            refuse_database_files(target)
        except CaseManagerError as exc:
            self.status.setText(failure_reason(exc))
            show_failure(self, self.tr("Cannot send"), exc)
            self.completed.emit(str(exc))
            return
        refs, to, profile = self.references, self.partner.currentData(), \
            self.profile.currentData()
        actor = self.ctx.actor
        self.send_button.setEnabled(False)

        def job(_progress):
            return send_bundle(self.ctx.db, refs, to=to, output=target, profile=profile,
                               actor=actor)

        def done(sent) -> None:
            self.send_button.setEnabled(True)
            message = (self.tr("Saved %1 for %2 (%Ln case(s)), signed and encrypted; "
                               "recorded in the disclosure ledger.", "",
                               len(sent.references))
                       .replace("%1", str(sent.path)).replace("%2", sent.recipient))
            self.status.setText(message)
            self.adjustSize()  # taller for the wrapped lines, as wide as it was
            self.ctx.changes.cases_changed.emit(list(sent.references))
            self.completed.emit(message)

        def failed(exc: BaseException) -> None:
            self.send_button.setEnabled(True)
            self.status.setText(failure_reason(exc))
            self.adjustSize()
            self.completed.emit(str(exc))

        self._task = run_in_background(self, self.tr("Sending…"), job, done, failed,
                                        ctx=self.ctx)


class ReceiveBundleDialog(QDialog):
    """Choose a bundle, see what it would change, then take it in (or not)."""

    completed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = ""
        self._checked: bytes | None = None  # the bytes the last check read
        self.setWindowTitle(self.tr("Receive from partner"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Choose a bundle a partner sent you."))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setFont(QFont("monospace"))
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton(self.tr("Open a bundle…"))
        self.open_button.setObjectName("open")
        self.take_button = QPushButton(self.tr("Take it in"))
        self.take_button.setObjectName("take")
        self.take_button.setEnabled(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.open_button.clicked.connect(self.check)
        self.take_button.clicked.connect(self.take_in)

    def choose_open_path(self) -> str:
        """The bundle to read; empty: cancelled."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a bundle"), "",
                                              self.tr("OpenPGP bundles (*.pgp *.gpg *.asc);;All files (*)"))
        return path

    def _run(self, title: str, dry_run: bool) -> None:
        # "Take it in" takes in exactly the bytes that were checked: the file may have
        # been replaced since (by a sync folder, or by someone else).
        path, actor, checked = self.path, self.ctx.actor, self._checked
        self.open_button.setEnabled(False)
        self.take_button.setEnabled(False)

        def job(_progress):
            data = read_bundle_file(path) if dry_run or checked is None else checked
            return data, receive_bundle(self.ctx.db, data, dry_run=dry_run, actor=actor)

        def done(result) -> None:
            data, report = result
            self._checked = data if dry_run else None
            self.open_button.setEnabled(True)
            # The core's lines are Messages: in the interface's language here.
            self.report.setPlainText("\n".join(core_text(line) for line in report.lines()))
            if dry_run:
                self.status.setText(self.tr("Nothing is written yet. Take it in?"))
                self.take_button.setEnabled(True)
                message = self.tr("Checked")
            else:
                message = self.tr("Taken in: %Ln case(s).", "", len(report.cases))
                self.status.setText(message)
                self.ctx.changes.cases_changed.emit([])  # new cases too: reload all
            self.completed.emit(message)

        def failed(exc: BaseException) -> None:
            self._checked = None
            self.open_button.setEnabled(True)
            self.status.setText(self.tr("Refused: %s") % failure_reason(exc))
            self.report.clear()
            self.completed.emit(str(exc))

        self._task = run_in_background(self, title, job, done, failed, ctx=self.ctx)

    def check(self) -> None:
        path = self.choose_open_path()
        if not path:
            return
        self.path = path
        self._run(self.tr("Checking the bundle…"), dry_run=True)

    def take_in(self) -> None:
        self._run(self.tr("Taking the bundle in…"), dry_run=False)


def open_send_dialog(ctx: AppContext, references: Sequence[str],
                     parent: QWidget | None = None) -> SendBundleDialog | None:
    """Case > Send to partner…: the dialog for the selected cases (none: do nothing)."""
    if not references:
        return None
    dialog = SendBundleDialog(ctx, references, parent)
    dialog.show()
    return dialog


def open_receive_dialog(ctx: AppContext, parent: QWidget | None = None) -> ReceiveBundleDialog:
    """File > Receive from partner…"""
    dialog = ReceiveBundleDialog(ctx, parent)
    dialog.show()
    return dialog


def saved_first(editors: Sequence, references: Sequence[str],
                parent: QWidget | None = None) -> bool:
    """Before sending `references`: an open case with unsaved edits is saved first, or
    sent as it is saved, as the caseworker chooses (the bundle is made from the database).
    False: cancelled, or the save failed."""
    wanted = set(references)
    for editor in editors:
        if editor.reference not in wanted or not editor.is_dirty():
            continue
        answer = QMessageBox.question(
            parent, _tr("Unsaved changes"),
            _tr("%1 has changes that are not saved. The bundle holds the case as it is "
                "saved: save the changes first?").replace("%1", editor.reference),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save and not (
                editor.save(wait=True) and not editor.is_dirty()):
            return False
    return True


def saved_before_receiving(editors: Sequence, parent: QWidget | None = None) -> bool:
    """Before taking in a bundle: open cases with unsaved edits are saved first, or left
    as they are, as the caseworker chooses (a bundle may change any case, and an edit
    saved over it afterwards would meet a conflict). False: cancelled, or a save failed."""
    dirty = [editor for editor in editors if editor.is_dirty()]
    if not dirty:
        return True
    answer = QMessageBox.question(
        parent, _tr("Unsaved changes"),
        _tr("%1 has changes that are not saved, and the bundle may change it too: save "
            "the changes first?").replace("%1", ", ".join(e.reference for e in dirty)),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    if answer == QMessageBox.StandardButton.Save:
        return all(editor.save(wait=True) and not editor.is_dirty() for editor in dirty)
    return True


def install(window, action) -> None:
    """Add the two actions to the main window (`action` is ui.features._action)."""
    ctx = window.ctx

    def send() -> None:
        references = window.selected_references()
        if not saved_first(window.editors(), references, window):
            return
        window._send_dialog = open_send_dialog(ctx, references, window)

    def receive() -> None:
        if not saved_before_receiving(window.editors(), window):
            return
        window._receive_dialog = open_receive_dialog(ctx, window)

    window.add_action("case", action(window, "send_to_partner", _tr("Send to &partner…"),
                                     send, tip=_tr("Send the selected cases to a partner, "
                                                         "signed and encrypted")))
    window.add_action("file", action(window, "receive_from_partner",
                                     _tr("Receive from &partner…"), receive,
                                     tip=_tr("Take in a bundle a partner sent")))
