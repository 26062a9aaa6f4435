"""The case editor: one detainee's whole file, in sections.

The case's own fields (names, dates, service...) are edited in forms and saved together
with Ctrl+S: `create_case` for a new case, `update_case(expected_version=...)` for an
existing one, so a colleague's save in the meantime is reported (ConflictDialog) and
never overwritten silently. Records hanging off the case (documents, custody, status
changes, contacts, appeals, events, attachments) are saved at once by their dialogs, one
transaction each, and leave the version alone. A new case is saved automatically before
its first record is added, because a record needs its case to exist; the case's name is
required for that, and the editor says so at the name field when it is missing.

A new case that looks like someone already held is not saved at once: a notice above
the sections names the candidates (DuplicateBanner), with "Open CM-0091" and "Keep both".

For the main window: `CaseEditor(ctx, reference_or_None)`; signals `saved(reference)`,
`closed()` and `open_requested(reference)` (open that case); `is_dirty()`, `save()`, `maybe_close()` (Save / Discard / Cancel),
`delete()`, `reference`. The window title carries the reference and name, with " •"
while there are unsaved edits (`windowTitleChanged` for a tab's text). Closing the
widget (or `dispose()` when it is dropped otherwise) removes the temporary copies of
attachments opened in the system viewer. Every save announces
`ctx.changes.cases_changed.emit([reference])`; an editor without unsaved edits follows
such announcements from elsewhere.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.dto import CaseDetail
from casemanager.domain.errors import CaseManagerError, ConflictError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.services import access, attachments, cases
from casemanager.services.duplicate_check import possible_duplicates
from ui.context import AppContext
from ui.editor.appeals_section import AppealsSection
from ui.editor.attachments_section import AttachmentsSection
from ui.editor.contacts_section import ContactsSection
from ui.editor.dialogs.conflict_dialog import Choice, ConflictDialog
from ui.editor.duplicate_banner import DuplicateBanner
from ui.editor.history_section import HistorySection
from ui.editor.labels import word
from ui.editor.notes_section import NotesSection
from ui.editor.person_section import PersonSection
from ui.editor.section import Section
from ui.editor.service_section import ServiceSection
from ui.editor.status_section import StatusSection
from ui.editor.timeline_section import TimelineSection
from ui.icons import icon
from ui.labels import country_name, reason_text
from ui.operations.failures import OPERATION_ERRORS, show_failure
from ui.widgets.checked_line_edit import CheckedLineEdit
from ui.widgets.focus import first_focusable

PORTRAIT = 56


class CaseEditor(QWidget):
    saved = Signal(str)
    closed = Signal()
    open_requested = Signal(str)  # the caseworker wants another case (a likely duplicate)

    def __init__(self, ctx: AppContext, reference: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._reference: str | None = None
        self._base: CaseDetail | None = None  # what the forms were loaded from
        self._version: int | None = None  # the version the next save expects
        self._edited: set[str] = set()
        self._announcing = False
        self._closed = False
        self.conflict_dialog: ConflictDialog | None = None
        self._portrait_shown: int | None = None
        self._keep_both = False  # the caseworker chose to save beside a likely duplicate
        self.duplicates = DuplicateBanner(self)
        self.duplicates.keep_both.connect(self._keep_both_and_save)
        self.duplicates.open_requested.connect(self.open_requested)

        self.portrait = QLabel()
        self.portrait.setFixedSize(PORTRAIT, PORTRAIT)
        self.portrait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color: #5f6368;")
        self.save_button = QPushButton(icon("save"), self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the case (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        header = QHBoxLayout()
        header.addWidget(self.portrait)
        header.addLayout(titles, 1)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.person = PersonSection(self)
        self.service = ServiceSection(self)
        self.status = StatusSection(self)
        self.contacts = ContactsSection(self)
        self.appeals = AppealsSection(self)
        self.timeline = TimelineSection(self)
        self.attachments = AttachmentsSection(self)
        self.notes = NotesSection(self)
        self.history = HistorySection(self)
        self.sections: list[Section] = [
            self.person, self.service, self.status, self.contacts,
            self.appeals, self.timeline, self.attachments, self.notes, self.history,
        ]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for section in self.sections:
            self.tabs.addTab(section, section.title)
            if section.form is not None:
                section.form.changed.connect(self._field_edited)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.tabs, 1)
        # Ctrl+S of an editor on its own; the main window turns it off for its Save action.
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        ctx.changes.cases_changed.connect(self._cases_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.attachments.cleanup)
        self.resize(1100, 720)

        if reference is None:
            self._load(None)
        else:
            # Opening a case to read it leaves an entry in the log (who, which, when).
            self._load(access.open_case(ctx.db, reference, actor=ctx.actor))

    # ------------------------------------------------------------ state

    @property
    def reference(self) -> str | None:
        return self._reference

    def is_dirty(self) -> bool:
        return bool(self._edited)

    def detail(self) -> CaseDetail | None:
        return self._base

    def focus_first(self) -> None:
        """Put the cursor where the work starts: a new case's family name, an opened
        case's first field on the page shown (the family name on Person)."""
        if self._reference is None:
            self.tabs.setCurrentWidget(self.person)
        section = self.tabs.currentWidget()
        if section.form is not None and section.form.bindings:
            target = next(iter(section.form.bindings.values())).widget
        else:
            target = first_focusable(section) or section
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forms(self):
        return [s.form for s in self.sections if s.form is not None]

    def _field_edited(self, name: str) -> None:
        was_dirty = self.is_dirty()
        self._edited.add(name)
        if not was_dirty:
            self._update_title()

    def _load(self, detail: CaseDetail | None) -> None:
        """Fill every section from the case; the forms' edits are dropped."""
        self._base = detail
        self._reference = detail.reference if detail else None
        self._version = detail.version if detail else None
        self._edited.clear()
        for section in self.sections:
            section.load(detail)
        if detail is None:
            self.status.form.set_values({"priority": "normal"})
        self._show_header(detail)

    def _show_header(self, detail: CaseDetail | None) -> None:
        if detail is None:
            self.heading.setText(self.tr("New case"))
            self.subheading.setText(self.tr("Not saved yet"))
            self.portrait.setPixmap(_no_portrait())
        else:
            name = detail.display_name or detail.name_native
            self.heading.setText(f"{detail.reference}   {name}")
            parts = [word(detail.status)]
            if detail.name_native and detail.name_native != name:
                parts.append(detail.name_native)
            if detail.citizenships:
                parts.append(", ".join(country_name(c) for c in detail.citizenships))
            self.subheading.setText("  ·  ".join(parts))
            self._show_portrait(detail)
        self._update_title()

    def _show_portrait(self, detail: CaseDetail) -> None:
        shown = detail.portrait.id if detail.portrait is not None else None
        if shown == self._portrait_shown and shown is not None:
            return  # the same picture: not read and decoded again
        self._portrait_shown = shown
        image = QImage()
        if detail.portrait is not None:
            image.loadFromData(attachments.attachment_data(self.ctx.db, detail.portrait.id))
        if image.isNull():
            self.portrait.setPixmap(_no_portrait())
            return
        scaled = image.scaled(
            PORTRAIT, PORTRAIT, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.portrait.setPixmap(QPixmap.fromImage(scaled))

    def _update_title(self) -> None:
        if self._base is None:
            title = self.tr("New case")
        else:
            name = self._base.display_name or self._base.name_native
            title = f"{self._base.reference} {name}".strip()
        self.setWindowTitle(title + (" •" if self.is_dirty() else ""))

    # ------------------------------------------------------------ saving

    def _form_values(self, names: set[str] | None = None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for form in self._forms():
            values.update(form.values(names))
        return values

    def _local_errors(self) -> bool:
        """Fields the editor already knows are wrong (a date it cannot read...)."""
        for section in self.sections:
            if section.form is None:
                continue
            for name, binding in section.form.bindings.items():
                widget = binding.widget
                if isinstance(widget, CheckedLineEdit) and not widget.is_valid():
                    widget.mark_error()
                    self.show_field_error(name, widget.error())
                    return True
        return False

    def show_field_error(self, field: str, reason: str) -> bool:
        """Show a service's refusal at its field (and bring that section forward)."""
        for section in self.sections:
            if section.form is not None and section.form.has(field):
                self.tabs.setCurrentWidget(section)
                section.form.show_error(field, reason)
                return True
        QMessageBox.warning(self, self.tr("Cannot save"), f"{field}: {reason}")
        return False

    def save(self) -> bool:
        """Save the forms; True when saved (or nothing to save)."""
        for form in self._forms():
            form.clear_errors()
        if self._local_errors():
            return False
        if self._reference is None and not self._keep_both and self._warn_of_duplicates():
            return False
        try:
            if self._reference is None:
                detail = cases.create_case(
                    self.ctx.db, fields=self._form_values(), actor=self.ctx.actor
                )
            else:
                if not self._edited:
                    return True
                detail = cases.update_case(
                    self.ctx.db, self._reference, fields=self._form_values(self._edited),
                    expected_version=self._version, actor=self.ctx.actor,
                )
        except ValidationError as exc:
            self.show_field_error(exc.field, reason_text(exc))
            return False
        except ConflictError:
            self._conflict()
            return False
        except OPERATION_ERRORS as exc:
            show_failure(self, self.tr("Cannot save"), exc)
            return False
        self.duplicates.hide()
        self._load(detail)
        self.saved.emit(detail.reference)
        self._announce()
        return True

    def _warn_of_duplicates(self) -> bool:
        """Show the cases this new one may duplicate; True when there are some."""
        try:
            found = possible_duplicates(self.ctx.db, self._form_values())
        except ValidationError:
            return False  # create_case shows the refusal at its field
        except CaseManagerError as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), str(exc))
            return True
        if not found:
            self.duplicates.hide()
            return False
        self.duplicates.show_candidates(found)
        return True

    def _keep_both_and_save(self) -> None:
        self._keep_both = True
        self.duplicates.hide()
        self.save()

    def _announce(self) -> None:
        self._announcing = True
        try:
            self.ctx.changes.cases_changed.emit([self._reference])
        finally:
            self._announcing = False

    def _label(self, field: str) -> str:
        for form in self._forms():
            if form.has(field):
                return form.bindings[field].label or field
        return field

    def _conflict(self) -> None:
        assert self._reference is not None and self._base is not None
        try:
            fresh = cases.get_case(self.ctx.db, self._reference)
        except OPERATION_ERRORS as exc:  # deleted meanwhile
            show_failure(self, self.tr("Cannot save"), exc)
            return
        mine = self._form_values(self._edited)
        rows = []
        for form in self._forms():
            for name in form.bindings:
                theirs = as_text(getattr(fresh, name))
                if theirs != as_text(getattr(self._base, name)):
                    ours = as_text(mine[name]) if name in mine else ""
                    rows.append((self._label(name), theirs, ours))
        if fresh.status != self._base.status:
            rows.insert(0, (self.tr("Status"), word(fresh.status), ""))
        dialog = ConflictDialog(self._reference, rows, self)
        dialog.finished.connect(lambda _r: self._conflict_answered(dialog, fresh, mine))
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_answered(self, dialog: ConflictDialog, fresh: CaseDetail, mine: dict) -> None:
        self.conflict_dialog = None
        if dialog.choice is Choice.CANCEL:
            return
        self._load(fresh)
        if dialog.choice is Choice.MERGE:
            for form in self._forms():
                form.set_values({k: v for k, v in mine.items() if form.has(k)})
            self._edited = set(mine)
            self._update_title()
        self._announce()

    # ------------------------------------------------------------ records

    def ensure_reference(self) -> str | None:
        if self._reference is None:
            self.save()
        return self._reference

    def records_changed(self) -> None:
        """A dialog saved a record: show it, keeping the form's unsaved edits."""
        if self._reference is None:
            return
        try:
            detail = cases.get_case(self.ctx.db, self._reference)
        except OPERATION_ERRORS as exc:  # deleted by someone else meanwhile
            show_failure(self, self.tr("Case"), exc)
            return
        if not self.is_dirty():
            self._load(detail)
        else:
            # A status change here bumps the version by one: that is ours, not a
            # colleague's save, so the next save expects it. Anything more stays
            # unexplained and is reported as a conflict at the save.
            base = self._base
            if base and detail.version == base.version + 1 and detail.status != base.status:
                self._base = base = _with_status(base, detail)
                self._version = detail.version
            for section in self.sections:
                section.show_records(detail)
            self._show_portrait(detail)
        self._announce()

    def _cases_changed(self, references: list) -> None:
        if self._announcing or self._reference is None or self._closed:
            return
        if references and self._reference not in references:
            return
        try:
            detail = cases.get_case(self.ctx.db, self._reference)
        except CaseManagerError:
            return  # deleted elsewhere; the main window closes the editor
        if not self.is_dirty():
            self._load(detail)
        else:
            # Unsaved edits stay, and so does the version they were made on (a save will
            # report the colleague's change); the record lists show what is there now.
            for section in self.sections:
                section.show_records(detail)

    # ------------------------------------------------------------ closing

    def maybe_close(self) -> bool:
        """Ask about unsaved edits; True when the editor may close."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to %1?").replace("%1", self.windowTitle().rstrip(" •")),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._load(self._base)  # the edits are dropped, as the user said
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.maybe_close():
            event.ignore()
            return
        self.dispose()
        event.accept()

    def dispose(self) -> None:
        """Forget temporary files and tell the main window; called once when closing."""
        if self._closed:
            return
        self._closed = True
        self.attachments.cleanup()
        self.closed.emit()

    def delete(self) -> bool:
        """Delete the case after asking; True when deleted."""
        if self._reference is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Delete case"),
            self.tr("Delete %1 with all its records and attachments? This cannot be undone.")
            .replace("%1", self.windowTitle().rstrip(" •")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        reference = self._reference
        try:
            cases.delete_case(self.ctx.db, reference, actor=self.ctx.actor)
        except OPERATION_ERRORS as exc:
            show_failure(self, self.tr("Delete case"), exc)
            return False
        self._edited.clear()
        self.ctx.changes.cases_changed.emit([reference])
        self.dispose()
        return True


def _no_portrait() -> QPixmap:
    """A neutral outline where the portrait goes, until a photo is set as portrait."""
    pixmap = QPixmap(PORTRAIT, PORTRAIT)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e0e0e0"))
    painter.drawRoundedRect(0, 0, PORTRAIT, PORTRAIT, 6, 6)
    painter.setBrush(QColor("#9e9e9e"))
    painter.drawEllipse(PORTRAIT // 2 - 10, 10, 20, 22)
    painter.drawRoundedRect(PORTRAIT // 2 - 19, 36, 38, 30, 14, 14)
    painter.end()
    return pixmap


def _with_status(base: CaseDetail, fresh: CaseDetail) -> CaseDetail:
    return dataclasses.replace(
        base, version=fresh.version, status=fresh.status, status_history=fresh.status_history
    )
