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
`delete()`, `reference`.

Every read and write runs as an Operation on the context's database worker
(ui/operations/operation.py), never on the GUI thread: opening the case (`loaded` when
it is shown, `open_failed(exc)` when it cannot be), saving (`save_finished(ok)`), the
reloads after a record or a colleague's change (a newer reload drops an older one's
result) and deleting. `save(wait=True)` waits for the save with the event loop running,
where Qt needs an answer at once (closing with "Save"); a new case's first record waits
for its save without blocking (`ensure_reference(then)`). The window title carries the reference and name, with " •"
while there are unsaved edits (`windowTitleChanged` for a tab's text). Closing the
widget (or `dispose()` when it is dropped otherwise) removes the temporary copies of
attachments opened in the system viewer. Every save announces
`ctx.changes.cases_changed.emit([reference])`; an editor without unsaved edits follows
such announcements from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
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

from casemanager.domain.countries import country_code
from casemanager.domain.dto import CaseDetail, PossibleDuplicate
from casemanager.domain.errors import ConflictError, MergedCaseError, ValidationError
from casemanager.domain.fields import as_text
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.plausibility import CHECKED_DATES, DateWarning, date_warnings
from casemanager.domain.transliteration import has_cyrillic
from casemanager.services import access, attachments, cases
from casemanager.services.caseworker import default_assignee
from casemanager.services.duplicate_check import possible_duplicates
from ui import permissions
from ui.context import AppContext, CaseChange
from ui.editor.appeals_section import AppealsSection
from ui.editor.attachments_section import AttachmentsSection, thumbnails
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
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import country_name, date_text, read_date, reason_text
from ui.operations.failures import failure_reason, show_failure
from ui.operations.operation import Operation
from ui.partners.claims_banner import ClaimsBanner
from ui.widgets.checked_line_edit import CheckedLineEdit
from ui.widgets.focus import first_focusable
from ui.widgets.partial_date_edit import PartialDateEdit

PORTRAIT = 56

# The editor's sections in their order: attribute name, class, the tab's title (the
# class's own translation context, so the tab shows translated before it is built).
_SECTIONS: tuple[tuple[str, type[Section], str], ...] = (
    ("person", PersonSection, QT_TRANSLATE_NOOP("PersonSection", "Person")),
    ("service", ServiceSection, QT_TRANSLATE_NOOP("ServiceSection", "Service and capture")),
    ("status", StatusSection, QT_TRANSLATE_NOOP("StatusSection", "Status")),
    ("contacts", ContactsSection, QT_TRANSLATE_NOOP("ContactsSection", "Contacts")),
    ("appeals", AppealsSection, QT_TRANSLATE_NOOP("AppealsSection", "Appeals")),
    ("timeline", TimelineSection, QT_TRANSLATE_NOOP("TimelineSection", "Timeline")),
    ("attachments", AttachmentsSection,
     QT_TRANSLATE_NOOP("AttachmentsSection", "Attachments")),
    ("notes", NotesSection, QT_TRANSLATE_NOOP("NotesSection", "Notes")),
    ("history", HistorySection, QT_TRANSLATE_NOOP("HistorySection", "History")),
)


# Dates checked for plausibility as they are typed (casemanager.domain.plausibility).
_CHECKED_DATES = CHECKED_DATES  # the core says which dates it checks


def _readable(text: object) -> bool:
    try:
        read_date(str(text or ""))  # as the date fields read it
    except ValueError:
        return not str(text or "").strip()
    return True

def _date_shown(text: str) -> str:
    """A date the core wrote (ISO), as the window writes dates."""
    try:
        return date_text(PartialDate.parse(text)) if text else ""
    except ValueError:
        return text


def _names_first_and_second(detail: CaseDetail) -> tuple[str, str]:
    """(the name that heads the case, the other spelling or ""): the one the interface's
    readers read first (the native one in a Russian window, as the lists show it)."""
    name, other = detail.display_name, detail.name_native
    if other == name:
        other = ""
    if other and QLocale().script() == QLocale.Script.CyrillicScript and has_cyrillic(other):
        return other, name
    return name, other


class CaseEditor(QWidget):
    saved = Signal(str)
    save_finished = Signal(bool)  # a save ended: True saved (or nothing to save)
    save_refused = Signal(str)  # why nothing was saved: "Date of birth: <the reason>"
    loaded = Signal()  # the case has been read and is shown
    open_failed = Signal(object)  # the case could not be opened (the exception)
    closed = Signal()
    open_requested = Signal(str)  # the caseworker wants another case (a likely duplicate)

    def __init__(self, ctx: AppContext, reference: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._reference: str | None = None
        self._base: CaseDetail | None = None  # what the forms were loaded from
        self._latest: CaseDetail | None = None  # the newest read (the record lists show it)
        self._version: int | None = None  # the version the next save expects
        self._edited: set[str] = set()
        self._closed = False
        self._loading = False
        self._assignee_pending = False  # a new case's default assignee, on its way
        self._save_op: Operation | None = None
        self._save_ok = False
        self._edited_while_saving: set[str] = set()  # typed after the save took the values
        self._save_again = False  # Ctrl+S pressed again while a save ran
        self.conflict_dialog: ConflictDialog | None = None
        # A save refused because the case was merged into another: the box saying so.
        self.merged_dialog: QMessageBox | None = None
        self._merged_into = ""  # the case this one was merged into: shown read-only
        self._portrait_shown: int | None = None
        self._portrait_data: bytes | None = None  # read by the last operation, not shown yet
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
        # A coordinator on a server restricts a case (or lifts it) here; the others see
        # only that it is restricted, in the subheading (`_show_header`).
        self.restrict_button = QPushButton()
        self.restrict_button.setToolTip(self.tr(
            "A restricted case is seen only by coordinators, its caseworker and the "
            "people named on it"))
        self.restrict_button.clicked.connect(self.toggle_restricted)
        self.restrict_button.hide()
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
        header.addWidget(self.restrict_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        # The sections are built when first shown (the first one just after the editor):
        # building all nine cost about 150 ms of GUI-thread time on every open. A new case builds them all, since its
        # first save takes every form's values. Asking for a section (`self.notes`,
        # `self.sections`) builds it.
        self._built: dict[str, Section] = {}
        self._thumbnails: dict = {}  # read before the attachments section was built
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for name, kind, title in _SECTIONS:
            if reference is None:
                section = self._make(name, kind)
                self.tabs.addTab(section, section.title)
            else:
                self.tabs.addTab(QWidget(), QCoreApplication.translate(kind.__name__, title))
        self.tabs.currentChanged.connect(self._tab_shown)
        if reference is not None:
            # The first section is built in the next turn of the event loop, while the
            # case is read on the worker: the tab shows at once, "Opening…".
            QTimer.singleShot(0, self, self._build_shown)

        permissions.apply_to_editor(self)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.duplicates)
        # A case merged into another is kept only so that the merge can be undone: it
        # is shown read-only, with the way to the kept case.
        self.merged_banner = QWidget()
        self.merged_banner.setObjectName("merged_banner")
        self.merged_banner.setStyleSheet(
            "#merged_banner { background: #fdecea; border: 1px solid #e0a39d; "
            "border-radius: 4px; }")
        self.merged_label = QLabel()
        self.merged_label.setWordWrap(True)
        self.merged_open_button = QPushButton()
        self.merged_open_button.clicked.connect(
            lambda _checked=False: self.open_requested.emit(self._merged_into))
        merged_row = QHBoxLayout(self.merged_banner)
        merged_row.addWidget(self.merged_label, 1)
        merged_row.addWidget(self.merged_open_button)
        self.merged_banner.hide()
        layout.addWidget(self.merged_banner)
        # Partners' values that differ from ours wait here for the caseworker's choice.
        self.claims = ClaimsBanner(ctx, self)
        self.claims.ready = self._saved_before_claim
        layout.addWidget(self.claims)
        layout.addWidget(self.tabs, 1)
        # Ctrl+S of an editor on its own; the main window turns it off for its Save action.
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        ctx.changes.changed.connect(self._cases_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._cleanup_attachments)
        self.resize(1100, 720)

        if reference is None:
            self._load(None)
        else:
            self._open(reference)

    # ------------------------------------------------------------ sections

    def _make(self, name: str, kind: type[Section]) -> Section:
        section = kind(self)
        self._built[name] = section
        section.setEnabled(not self._merged_into)  # built late, after the case was read
        if section.form is not None:
            section.form.changed.connect(self._field_edited)
            if any(section.form.has(n) for n in _CHECKED_DATES):
                # Built late (lazily): its dates are weighed once it holds the case.
                QTimer.singleShot(0, self, self._check_dates)
        return section

    def _section(self, name: str) -> Section:
        """The section `name`, built (and filled from the case) on first use."""
        built = self._built.get(name)
        if built is not None:
            return built
        index = next(i for i, (n, _k, _t) in enumerate(_SECTIONS) if n == name)
        section = self._make(name, _SECTIONS[index][1])
        if name == "attachments" and self._thumbnails:
            section.add_thumbnails(self._thumbnails)  # type: ignore[attr-defined]
            self._thumbnails = {}
        if not self._loading:
            section.load(self._base)
            if self._latest is not self._base:  # records read since, edits kept
                section.show_records(self._latest)
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, section, section.title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()
        return section

    def _thumbnails_known(self) -> frozenset[int]:
        built = self._built.get("attachments")
        if built is not None:
            return built.thumbnails_known()  # type: ignore[attr-defined]
        return frozenset(self._thumbnails)

    def _add_thumbnails(self, images: dict) -> None:
        """Thumbnails read with the case: to the attachments section, or kept for it
        until it is first shown."""
        built = self._built.get("attachments")
        if built is not None:
            built.add_thumbnails(images)  # type: ignore[attr-defined]
        else:
            self._thumbnails.update(images)

    def _build_shown(self) -> None:
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(_SECTIONS):
            self._section(_SECTIONS[index][0])

    def _built_sections(self) -> list[Section]:
        """The sections built so far, in their order (the others have nothing to keep)."""
        return [self._built[n] for n, _k, _t in _SECTIONS if n in self._built]

    @property
    def sections(self) -> list[Section]:
        """Every section (building those not shown yet)."""
        return [self._section(n) for n, _k, _t in _SECTIONS]

    person = property(lambda self: self._section("person"))
    service = property(lambda self: self._section("service"))
    status = property(lambda self: self._section("status"))
    contacts = property(lambda self: self._section("contacts"))
    appeals = property(lambda self: self._section("appeals"))
    timeline = property(lambda self: self._section("timeline"))
    attachments = property(lambda self: self._section("attachments"))
    notes = property(lambda self: self._section("notes"))
    history = property(lambda self: self._section("history"))

    # ------------------------------------------------------------ state

    @property
    def reference(self) -> str | None:
        return self._reference

    def is_dirty(self) -> bool:
        return bool(self._edited)

    def is_loaded(self) -> bool:
        """Whether the case has been read (a new case: at once)."""
        return not self._loading and not self._assignee_pending

    def is_saving(self) -> bool:
        return self._save_op is not None

    def _open(self, reference: str) -> None:
        """Read the case on the worker; the forms wait, disabled, until it is here."""
        self._reference = reference
        self._loading = True
        self.heading.setText(reference)
        self.subheading.setText(self.tr("Opening…"))
        self.portrait.setPixmap(_no_portrait())
        self.tabs.setEnabled(False)
        self.save_button.setEnabled(False)
        actor = self.ctx.actor

        known = self._thumbnails_known()

        def work(db) -> tuple[CaseDetail, bytes | None, dict]:
            # Opening a case to read it leaves an entry in the log (who, which, when).
            detail = access.open_case(db, reference, actor=actor)
            # The country field looks names up in an index built on first use (60 ms):
            # built here, not when the form is filled on the GUI thread.
            country_code("UZ")
            return detail, _portrait_bytes(db, detail, None), thumbnails(db, detail, known)

        def shown(result: tuple[CaseDetail, bytes | None, dict]) -> None:
            self._loading = False
            self.tabs.setEnabled(True)
            self.save_button.setEnabled(True)
            self._portrait_data = result[1]
            self._add_thumbnails(result[2])
            self._load(result[0])
            self.loaded.emit()
            if getattr(self, "_focus_when_loaded", False):
                self._focus_when_loaded = False
                self.focus_first()

        def failed(exc: BaseException) -> None:
            self._loading = False
            self.open_failed.emit(exc)

        # Sent to the worker once the first section is built (queued before this): built
        # while the worker read, the forms waited for the GIL between Qt's calls and the
        # window stalled two to four times the build's own time.
        Operation(self.ctx, parent=self, work=work, key="read").success(shown).failure(
            failed).run_next_turn()

    def _reload(self, *, announce: bool = False, then: Callable[[], None] | None = None) -> None:
        """Read the case again on the worker; a newer reload drops this one's result.
        With `announce`, tell the other views once it is read (a record was saved)."""
        reference, portrait = self._reference, self._portrait_shown
        if reference is None:
            return

        known = self._thumbnails_known()

        def work(db) -> tuple[CaseDetail, bytes | None, dict]:
            detail = cases.get_case(db, reference)
            return detail, _portrait_bytes(db, detail, portrait), thumbnails(db, detail, known)

        def failed(exc: BaseException) -> None:
            if announce:  # deleted by someone else meanwhile
                show_failure(self, self.tr("Case"), exc)
            # else: deleted elsewhere; the main window closes the editor

        op = Operation(self.ctx, parent=self, work=work, key="read").failure(failed)

        def shown(result: tuple[CaseDetail, bytes | None, dict]) -> None:
            self._refreshed(result, announce)
            if then is not None:
                then()

        op.success(shown)
        if announce:
            op.announce("records", [reference])
        op.run()

    def detail(self) -> CaseDetail | None:
        return self._base

    def focus_first(self) -> None:
        """Put the cursor where the work starts: a new case's family name, an opened
        case's first field on the page shown (the family name on Person). Asked while
        the case is still being read, it happens once the case shows."""
        if self._loading:
            self._focus_when_loaded = True
            return
        if self._reference is None:
            self.tabs.setCurrentWidget(self.person)
        index = self.tabs.currentIndex()
        # The page shown may still be a placeholder: build its section now.
        section = (self._section(_SECTIONS[index][0]) if 0 <= index < len(_SECTIONS)
                   else self.tabs.currentWidget())
        form = section.form if isinstance(section, Section) else None
        if form is not None and form.bindings:
            target = next(iter(form.bindings.values())).widget
        else:
            target = first_focusable(section) or section
        if self.isVisible() and not self.window().isActiveWindow():
            self.window().activateWindow()  # the case was asked for: its window is the work
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forms(self):
        """The forms built so far: a section never shown has no edits."""
        return [s.form for s in self._built_sections() if s.form is not None]

    def _field_edited(self, name: str) -> None:
        was_dirty = self.is_dirty()
        self._edited.add(name)
        if self._save_op is not None:  # not in the values on their way: kept after it
            self._edited_while_saving.add(name)
        if not was_dirty:
            self._update_title()
        if name in _CHECKED_DATES:
            # After the field's own handlers have read the new text (its value and hint).
            QTimer.singleShot(0, self, self._check_dates)

    def _check_dates(self) -> None:
        """Unlikely dates (a capture in the future, a child, captured before birth) are
        said under their fields as they are typed; they are kept and saved as typed."""
        forms = {name: form for form in self._forms() for name in _CHECKED_DATES
                 if form.has(name)}
        values = {name: form.value(name) for name, form in forms.items()}
        for name in _CHECKED_DATES:  # a section not built yet: the case as read
            if name not in values and self._base is not None:
                values[name] = getattr(self._base, name, None)
        found = {w.field: w for w in date_warnings(values)}
        for name, form in forms.items():
            typed = getattr(form.widget(name), "text", lambda: "")()
            if not _readable(typed):
                # Not a date at all: the field's own reason, not a stale warning.
                if form.bindings[name].warning:
                    form.show_warning(name, "")
                continue
            warning = found.get(name)
            text = self._warning_text(warning) if warning else ""
            if text == form.bindings[name].warning:
                continue  # unchanged: the field's own message (a bad date) stays
            if not text and not _readable(values[name]):
                form.bindings[name].warning = ""  # the field says why it cannot be read
                continue
            form.show_warning(name, text)

    def _warning_text(self, warning: DateWarning) -> str:
        if warning.code == "future":
            return self.tr("This date is in the future: is the year right? (kept as typed)")
        if warning.code == "before_birth":
            return self.tr("Before the date of birth: is one of the years wrong? "
                           "(kept as typed)")
        if warning.code == "child":
            text = (self.tr("Makes the person %1 when captured: a child? (kept as typed)")
                    if warning.at_capture else
                    self.tr("Makes the person %1 today: a child? (kept as typed)"))
        else:
            text = (self.tr("Makes the person %1 when captured: is the year right? "
                            "(kept as typed)") if warning.at_capture else
                    self.tr("Makes the person %1 today: is the year right? (kept as typed)"))
        return text.replace("%1", warning.ages)

    def _load(self, detail: CaseDetail | None, keep: set[str] | frozenset[str] = frozenset()
              ) -> None:
        """Fill every section from the case; the forms' edits are dropped, except the
        fields in `keep` (typed while a save ran), which stay as typed and unsaved."""
        self._base = self._latest = detail
        self._reference = detail.reference if detail else None
        self._version = detail.version if detail else None
        self._edited = set(keep)
        for section in self._built_sections():
            if keep and section.form is not None and detail is not None:
                form = section.form
                form.set_values({name: getattr(detail, name, None)
                                 for name in form.bindings if name not in keep})
                section.show_records(detail)
            else:
                section.load(detail)
        self._check_dates()
        if detail is None:
            self.status.form.set_values({"priority": "normal"})
            self._ask_assignee()
        self._show_header(detail)
        self.claims.show_for(self._reference)

    def _ask_assignee(self) -> None:
        """A new case is the caseworker's own until they assign it to someone else: their
        name is read on the database worker and shown once here, unless they typed
        another meanwhile (a save before it arrives looks it up itself)."""
        self._assignee_pending = True

        def arrived(name: str) -> None:
            self._assignee_pending = False
            form = self.status.form
            if (self._reference is None and "assigned_to" not in self._edited
                    and not form.value("assigned_to")):
                form.set_values({"assigned_to": name})

        def failed(_exc: BaseException) -> None:
            self._assignee_pending = False  # the field stays empty, as typed

        Operation(self.ctx, parent=self, work=default_assignee, key="assignee") \
            .success(arrived).failure(failed).run()

    def _show_header(self, detail: CaseDetail | None) -> None:
        if detail is None:
            self.heading.setText(self.tr("New case"))
            self.subheading.setText(self.tr("Not saved yet"))
            self.portrait.setPixmap(_no_portrait())
        else:
            name, other = _names_first_and_second(detail)
            self.heading.setText(f"{detail.reference}   {name}")
            parts = [word("status", detail.status)]
            if other and other != name:
                parts.append(other)
            if detail.citizenships:
                parts.append(", ".join(country_name(c) for c in detail.citizenships))
            if detail.restricted:
                parts.append(self.tr("Restricted"))
            self.subheading.setText("  ·  ".join(parts))
            self._show_portrait(detail)
        self._show_restriction(detail)
        self._show_merged(detail)
        self._update_title()

    def _show_restriction(self, detail: CaseDetail | None) -> None:
        shown = detail is not None and permissions.may(self.ctx, "restrict_case")
        self.restrict_button.setVisible(shown)
        if detail is not None:
            self.restrict_button.setText(self.tr("Lift the restriction") if detail.restricted
                                         else self.tr("Restrict"))

    def toggle_restricted(self) -> None:
        """Restrict the case (or lift it), on the worker; unsaved edits are saved first."""
        detail = self._base
        if detail is None or (self.is_dirty() and not self.save(wait=True)):
            return
        reference, want, actor = detail.reference, not detail.restricted, self.ctx.actor

        def work(db) -> None:
            access.restrict_case(db, reference, restricted=want, actor=actor)

        self.restrict_button.setEnabled(False)
        def failed(exc: BaseException) -> None:
            show_failure(self, self.tr("Restrict"), exc)

        Operation(self.ctx, parent=self, work=work, key="restrict") \
            .success(lambda _none: self._reload()) \
            .failure(failed) \
            .finally_(lambda: self.restrict_button.setEnabled(True)) \
            .announce("edited", [reference]).run()

    def _show_portrait(self, detail: CaseDetail) -> None:
        shown = detail.portrait.id if detail.portrait is not None else None
        if shown == self._portrait_shown and shown is not None:
            return  # the same picture: not read and decoded again
        data, self._portrait_data = self._portrait_data, None
        if shown is not None and data is None:
            return  # not read with this detail (shown already, or read again later)
        self._portrait_shown = shown
        image = QImage()
        if data:
            image.loadFromData(data)
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
            name = _names_first_and_second(self._base)[0]
            title = f"{self._base.reference} {name}".strip()
        self.setWindowTitle(title + (" •" if self.is_dirty() else ""))

    # ------------------------------------------------------------ saving

    def _form_values(self, names: set[str] | None = None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for form in self._forms():
            values.update(form.values(names))
        values.pop("reported_on", None)  # dates the opening status entry, not a field
        return values

    def _local_errors(self) -> bool:
        """Fields the editor already knows are wrong (a date it cannot read...)."""
        for section in self._built_sections():
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
        """Show a service's refusal at its field (and bring that section forward); the
        window's status bar says it too (`save_refused`)."""
        self.save_refused.emit(f"{self._label(field).replace('&', '').rstrip(':')}: {reason}")
        for section in self.sections:
            if section.form is not None and section.form.has(field):
                self.tabs.setCurrentWidget(section)
                section.form.show_error(field, reason)
                return True
        QMessageBox.warning(self, self.tr("Cannot save"), f"{field}: {reason}")
        return False

    def save(self, *, wait: bool = False) -> bool:
        """Start saving the forms on the worker; False when the editor already knows it
        cannot (a field it cannot read, a case still opening). `save_finished(ok)` tells
        how it ended; with `wait`, the event loop runs until then and the answer is
        returned (closing with "Save", a record added to a new case)."""
        if self._save_op is not None:  # a second Ctrl+S while the first one runs
            if not wait:
                # Saved once the first one has ended, from the version it stored.
                self._save_again = True
                return True
            if not self._wait_for_save():
                return False
            # Edits typed meanwhile are still unsaved: saved below, from the new version.
        for form in self._forms():
            form.clear_errors()
        if self._loading or self._local_errors():
            return False
        if self._reference is not None and not self._edited:
            self.save_finished.emit(True)
            return True
        reference, actor = self._reference, self.ctx.actor
        check_duplicates = reference is None and not self._keep_both
        edited = set(self._edited)
        fields = self._form_values() if reference is None else self._form_values(edited)
        version = self._version
        reported_on = self.status.form.value("reported_on") or None if reference is None else None
        # Saved before the caseworker's name arrived: the default is looked up with it.
        assign_default = (reference is None and self._assignee_pending
                            and "assigned_to" not in self._edited
                            and not fields.get("assigned_to"))

        def work(db) -> tuple[str, object]:
            if reference is None:
                if check_duplicates:
                    found: Sequence[PossibleDuplicate]
                    try:
                        found = possible_duplicates(db, fields)
                    except ValidationError:
                        found = ()  # create_case shows the refusal at its field
                    if found:
                        return "duplicates", found
                if assign_default:
                    fields["assigned_to"] = default_assignee(db)
                return "saved", cases.create_case(db, fields=fields, reported_on=reported_on,
                                                  actor=actor)
            try:
                return "saved", cases.update_case(
                    db, reference, fields=fields, expected_version=version, actor=actor)
            except MergedCaseError as exc:
                return "merged", exc  # merged into another case meanwhile: not a conflict
            except ConflictError as exc:
                return "conflict", exc  # its `changes` say what the colleague saved

        def written(result: tuple[str, object]) -> list[str] | None:
            outcome, value = result
            return [value.reference] if outcome == "saved" else None  # type: ignore[attr-defined]

        self._save_ok = False
        self._save_again = False
        self._edited_while_saving = set()
        self.save_button.setEnabled(False)
        op = self._save_op = Operation(self.ctx, parent=self, work=work, key="save")
        op.success(self._save_done).failure(self._save_failed).finally_(self._save_ended)
        # Announced by the operation: even when this editor has closed meanwhile, the
        # other views (the case list) learn of the save.
        op.announce("created" if reference is None else "edited", written).run()
        if wait:
            op.wait()
            return self._save_ok
        return True

    def _save_done(self, result: tuple[str, object]) -> None:
        outcome, value = result
        if outcome == "duplicates":
            self.duplicates.show_candidates(value)  # type: ignore[arg-type]
            return
        if outcome == "conflict":
            self._conflict(value)  # type: ignore[arg-type]
            return
        if outcome == "merged":
            self._merged(value)  # type: ignore[arg-type]
            return
        detail: CaseDetail = value  # type: ignore[assignment]
        self.duplicates.hide()
        # Fields typed while the save ran keep their text and stay unsaved; the others
        # show what was stored, and the next save expects the version it made.
        self._load(detail, keep=self._edited_while_saving)
        self._save_ok = True
        self.saved.emit(detail.reference)

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_field_error(exc.field, reason_text(exc))
        else:
            show_failure(self, self.tr("Cannot save"), exc)

    def _save_ended(self) -> None:
        self._save_op = None
        self._edited_while_saving = set()
        again, self._save_again = self._save_again, False
        self.save_button.setEnabled(not self._merged_into)
        self.save_finished.emit(self._save_ok)
        if again and self._save_ok and self.is_dirty() and not self._closed:
            self.save()  # the Ctrl+S pressed while the first save ran

    def _wait_for_save(self) -> bool:
        """Wait, the event loop running, for the save on its way (and one asked for
        meanwhile); whether the last one succeeded."""
        while self._save_op is not None:
            self._save_op.wait()
        return self._save_ok

    def _keep_both_and_save(self) -> None:
        self._keep_both = True
        self.duplicates.hide()
        self.save()

    def _announce(self, kind: str = "edited") -> None:
        self.ctx.changes.announce([self._reference] if self._reference else [], kind, self)

    def _label(self, field: str) -> str:
        for form in self._forms():
            if form.has(field):
                return form.bindings[field].label or field
        return field

    def _merged(self, error: MergedCaseError) -> None:
        """The save was refused: the case was merged into `error.kept` since it was
        opened. Say so (with the way to the kept case), and show the case as it now is,
        read-only; the edits stay in the forms, to be made again in the kept case."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot save"),
                          f"{self.tr('Cannot save')}: {failure_reason(error)}",
                          QMessageBox.StandardButton.NoButton, self)
        open_kept = box.addButton(self.tr("Open %1").replace("%1", error.kept),
                                  QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_kept)

        def answered(_result: int) -> None:
            self.merged_dialog = None
            if box.clickedButton() is open_kept:
                self.open_requested.emit(error.kept)

        box.finished.connect(answered)
        self.merged_dialog = box
        box.open()
        self._reload()

    def _show_merged(self, detail: CaseDetail | None) -> None:
        """A case merged into another reads as such and cannot be edited here."""
        self._merged_into = detail.merged_into if detail is not None else ""
        merged = bool(self._merged_into)
        if merged:
            self.merged_label.setText(self.tr(
                "This case was merged into %1. It is kept, closed and read-only, so that "
                "the merge can be undone: make changes in %1.").replace("%1", self._merged_into))
            self.merged_open_button.setText(self.tr("Open %1").replace("%1", self._merged_into))
        self.merged_banner.setVisible(merged)
        self.save_button.setEnabled(not merged and self._save_op is None)
        for section in self._built_sections():
            section.setEnabled(not merged)

    def _conflict(self, error: ConflictError) -> None:
        """Show what the colleague changed, from `error.changes` (field -> (their value
        now, ours)): the fields whose value now differs from what these forms loaded."""
        assert self._reference is not None and self._base is not None
        mine = self._form_values(self._edited)
        rows = []
        for form in [s.form for s in self.sections if s.form is not None]:
            for name in form.bindings:
                if name not in error.changes:
                    continue
                theirs = error.changes[name][0]
                if theirs != as_text(getattr(self._base, name)):
                    ours = as_text(mine[name]) if name in mine else ""
                    if isinstance(form.widget(name), PartialDateEdit):
                        theirs, ours = _date_shown(theirs), _date_shown(ours)
                    rows.append((self._label(name), theirs, ours))
        status = error.changes.get("status")
        if status is not None and status[0] != self._base.status:
            rows.insert(0, (self.tr("Status"), word("status", status[0]), ""))
        dialog = ConflictDialog(self._reference, rows, self)
        dialog.finished.connect(lambda _r: self._conflict_answered(dialog, mine))
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_answered(self, dialog: ConflictDialog, mine: dict) -> None:
        self.conflict_dialog = None
        if dialog.choice is Choice.CANCEL:
            return
        assert self._reference is not None
        reference, choice = self._reference, dialog.choice

        def loaded(fresh: CaseDetail) -> None:
            self._load(fresh)
            if choice is Choice.MERGE:
                for form in self._forms():
                    form.set_values({k: v for k, v in mine.items() if form.has(k)})
                self._edited = set(mine)
                self._update_title()

        # The colleague's version, read on the worker (a case deleted meanwhile: one line).
        Operation(self.ctx, parent=self, work=lambda db: cases.get_case(db, reference),
                  key="load", failure_title=self.tr("Case")).success(loaded).run()

    # ------------------------------------------------------------ records

    def ensure_reference(self, then: Callable[[str], None] | None = None) -> str | None:
        """The case's reference, and `then(reference)`: at once for a saved case; for a
        new one once its first save (started here, on the worker) has succeeded, None
        being returned meanwhile. A save refused (no name yet) says so at its field and
        `then` is not called."""
        if self._reference is not None:
            if then is not None:
                then(self._reference)
            return self._reference

        def finished(ok: bool) -> None:
            self.save_finished.disconnect(finished)
            if ok and self._reference is not None and then is not None:
                then(self._reference)

        self.save_finished.connect(finished)
        if not self.save():  # refused before it started (a field it cannot read)
            self.save_finished.disconnect(finished)
        return None

    def records_changed(self, then: Callable[[], None] | None = None) -> None:
        """A dialog saved a record: show it, keeping the form's unsaved edits, then
        tell the other views; and `then()` once it shows."""
        self._reload(announce=True, then=then)

    def _refreshed(self, result: tuple[CaseDetail, bytes | None, dict], announced: bool) -> None:
        detail, self._portrait_data, thumbs = result
        self._add_thumbnails(thumbs)
        if self._closed:
            return
        if not self.is_dirty():
            self._load(detail)
            return
        # Unsaved edits stay, and so does the version they were made on: records and
        # status changes leave it alone (Core UPDATEs), so only a colleague's save moves
        # it, and the save reports that. The record lists show what is there now.
        self._latest = detail
        for section in self._built_sections():
            section.show_records(detail)
        self._show_portrait(detail)
        if detail.merged_into or self._merged_into:
            # Merged (or unmerged) meanwhile: the header says so, its status "closed".
            self._show_header(detail)

    def _saved_before_claim(self) -> bool:
        """Before a partner's claim is accepted or rejected (written to the case): unsaved
        edits are saved first, as the caseworker agrees; else the edits would be made on
        an older version of the case and their save refused as someone else's change."""
        if self._save_op is not None:
            self._wait_for_save()
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("%1 has changes that are not saved. Save them before deciding on the "
                    "partner's value?").replace("%1", self.windowTitle().rstrip(" •")),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer != QMessageBox.StandardButton.Save:
            return False
        return self.save(wait=True) and not self.is_dirty()

    def _cases_changed(self, change: CaseChange) -> None:
        if change.initiator is self or self._reference is None or self._closed:
            return  # our own announcement: we have the result already
        if self._loading or not change.touches(self._reference):
            return
        self._reload()

    # ------------------------------------------------------------ closing

    def maybe_close(self) -> bool:
        """Ask about unsaved edits; True when the editor may close. A save on its way is
        waited for first: only what is still unsaved after it is asked about."""
        if self._save_op is not None:
            self._wait_for_save()
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
            return self.save(wait=True)
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
        self._cleanup_attachments()
        self.closed.emit()

    def _cleanup_attachments(self) -> None:
        """Remove the viewer copies (only the attachments section makes them)."""
        built = self._built.get("attachments")
        if built is not None:
            built.cleanup()  # type: ignore[attr-defined]

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
        reference, actor = self._reference, self.ctx.actor

        def deleted(_result: object) -> None:
            self._edited.clear()
            self.dispose()

        Operation(
            self.ctx, parent=self, work=lambda db: cases.delete_case(db, reference, actor=actor),
            failure_title=self.tr("Delete case"),
        ).success(deleted).announce("deleted", [reference]).run()
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



def _portrait_bytes(db, detail: CaseDetail, shown: int | None) -> bytes | None:
    """The portrait's bytes, read on the worker with the case; None when there is none
    or it is the one already shown (not read and decoded again)."""
    if detail.portrait is None or detail.portrait.id == shown:
        return None
    return attachments.attachment_data(db, detail.portrait.id)
