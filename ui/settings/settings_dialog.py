"""File > Settings…: the organisation's name on dossiers, the backup count (kept with the
data), the caseworker's name, and this computer's interface language and idle lock
(QSettings, ui/settings/user_settings.py).

OK is one action: every value is checked first and a bad one is shown under its field
with nothing stored; then the data settings are written in one transaction.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import roles
from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.services import access
from casemanager.services.caseworker import caseworker_name, set_caseworker_name
from casemanager.services.settings import (
    BACKUP_KEEP,
    ORGANISATION_NAME,
    clean_setting,
    set_settings,
    setting_value,
)
from ui import i18n
from ui.context import AppContext
from ui.operations.failures import failure_reason
from ui.operations.operation import Operation
from ui.settings.people_dialog import PeopleDialog, people_offered_on
from ui.settings.user_settings import LANGUAGE, LOCK_AFTER_MINUTES, set_value, value
from ui.widgets.form_errors import FieldErrors


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)

        shared = QGroupBox(self.tr("Everyone using this database"))
        form = QFormLayout(shared)
        # Filled from the database worker (`_loaded`); OK waits for them.
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("as it should head dossiers and letters"))
        self.organisation.setToolTip(self.tr("Heads every dossier page and signs the cover letter"))
        self._row(form, ORGANISATION_NAME.key, self.tr("&Organisation name:"), self.organisation)
        self.backups = QSpinBox()
        self.backups.setRange(0, 9999)  # out-of-range values are refused with a reason
        self.backups.setSuffix(self.tr(" backups"))
        self._row(form, BACKUP_KEEP.key, self.tr("&Keep the last:"), self.backups)
        # On a server, coordinators manage who signs in with which role.
        self.people = QPushButton(self.tr("&People…"))
        self.people.setVisible(False)
        self.people.clicked.connect(lambda: PeopleDialog(ctx, self).exec())
        form.addRow(self.people)
        # On a server only coordinators change these (and a person's name there): the
        # others see them, read only, with this note (`_loaded`).
        self.coordinators_note = QLabel(self.tr(
            "Only a coordinator changes these on the server; you can read them."))
        self.coordinators_note.setWordWrap(True)
        self.coordinators_note.setStyleSheet("color: palette(placeholder-text);")
        self.coordinators_note.hide()
        form.addRow(self.coordinators_note)
        layout.addWidget(shared)

        personal = QGroupBox(self.tr("You, on this computer"))
        form = QFormLayout(personal)
        self.caseworker = QLineEdit()
        self._row(form, "caseworker_name", self.tr("&Your name:"), self.caseworker)
        self.language = QComboBox()
        system = i18n.LANGUAGES[i18n.system_language()]
        self.language.addItem(self.tr("As the system (%1)").replace("%1", system), "")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        current = str(value(ctx.settings, LANGUAGE))
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self._row(form, "language", self.tr("&Language:"), self.language)
        note = QLabel(self.tr("A new language shows after Case Manager is restarted."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(note)  # the whole row: a wrapped label squeezed beside nothing gets cut
        self.lock = QSpinBox()
        self.lock.setRange(0, 240)
        self.lock.setSpecialValueText(self.tr("Never"))
        self.lock.setSuffix(self.tr(" min"))
        self.lock.setValue(int(value(ctx.settings, LOCK_AFTER_MINUTES)))
        self._row(form, "lock", self.tr("Lock &after idle:"), self.lock)
        layout.addWidget(personal)

        self.errors.general = QLabel()
        self.errors.general.setStyleSheet("color: #b00020;")
        self.errors.general.setWordWrap(True)
        self.errors.general.hide()
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setEnabled(False)
        self._had_organisation = False  # as read (`_loaded`)
        self._read_values: dict[str, object] = {}  # what the database held (`_loaded`)
        self._read_name = ""
        self._may_change_shared = True
        self.loading = Operation(ctx, parent=self, work=_read,
                                 failure_title=self.windowTitle()).success(self._loaded).run()

    def _loaded(self, values: tuple[str, int, str, bool, bool]) -> None:
        organisation, keep, name, people, may_change = values
        self._had_organisation = bool(organisation)
        self.organisation.setText(organisation)
        self.backups.setValue(keep)
        self.caseworker.setText(name)
        self._read_values = self.data_values()
        self._read_name = name
        self.people.setVisible(people)
        self._may_change_shared = may_change
        if not may_change:  # read only, said once; this person's own settings stay theirs
            for widget in (self.organisation, self.caseworker):
                widget.setReadOnly(True)
            self.backups.setReadOnly(True)
            self.backups.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            self.caseworker.setToolTip(self.tr("On the server you are known by your login"))
            self.coordinators_note.show()
        self._ok.setEnabled(True)

    def _row(self, form: QFormLayout, name: str, title: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors.label_for(name, widget, box))
        form.addRow(title, box)
        label = form.labelForField(box)
        if isinstance(label, QLabel):
            label.setBuddy(widget)

    def data_values(self) -> dict[str, object]:
        values: dict[str, object] = {BACKUP_KEEP.key: self.backups.value()}
        # A name never given may stay blank; a name once given is required.
        if self.organisation.text().strip() or self._had_organisation:
            values[ORGANISATION_NAME.key] = self.organisation.text()
        return values

    def accept(self) -> None:
        """Check, then store on the database worker; the dialog closes once stored."""
        self.errors.clear()
        # Only what was changed is written: a personal setting alone (the idle lock)
        # touches nothing on the server, whatever the role may change there.
        values = {key: new for key, new in self.data_values().items()
                  if self._read_values.get(key) != new}
        typed = self.caseworker.text()
        actor = self.ctx.actor
        name: str | None = typed
        if " ".join(typed.split()) == " ".join(self._read_name.split()):
            name = None  # unchanged: not written
        if not self._may_change_shared:
            values, name = {}, None

        def work(db) -> str:
            for key, new in values.items():
                clean_setting(key, new)  # all checked before anything is stored
            who = actor
            if name is not None and " ".join(name.split()) != caseworker_name(db):
                set_caseworker_name(db, name, actor=actor)
                who = caseworker_name(db)
            if values:
                set_settings(db, values, actor=who)
            return who

        self._ok.setEnabled(False)
        Operation(self.ctx, parent=self, work=work).success(self._stored) \
            .failure(self._not_stored).finally_(lambda: self._ok.setEnabled(True)).run()

    def _stored(self, actor: str) -> None:
        self.ctx.actor = actor
        set_value(self.ctx.settings, LANGUAGE, self.language.currentData())
        set_value(self.ctx.settings, LOCK_AFTER_MINUTES, self.lock.value())
        self.ctx.settings.sync()
        super().accept()

    def _not_stored(self, exc: BaseException) -> None:
        self.errors.show(exc if isinstance(exc, ValidationError)
                         else ValidationError("", failure_reason(exc)))


def _read(db) -> tuple[str, int, str, bool, bool]:
    """On the worker: what the dialog shows from the database, and whether this login
    may change the settings kept there (on a server, coordinators and the owner)."""
    try:
        may_change = roles.may(access.role_of(db), "org_settings")
    except CaseManagerError:
        may_change = True  # the server still decides, in one line
    return (str(setting_value(db, ORGANISATION_NAME.key)), int(setting_value(db, BACKUP_KEEP.key)),
            caseworker_name(db), people_offered_on(db), may_change)


def open_settings_dialog(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Show the dialog modally; True when the settings were saved."""
    dialog = SettingsDialog(ctx, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
