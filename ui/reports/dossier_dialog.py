"""The Dossier dialog: language, redaction profile, recipient; Preview, Print, Save as.

`open_dossier_dialog(ctx, references, parent)` is the entry point the main window's
Dossier action calls with the selected cases. The PDF is made on a worker thread
(ui/operations/background.py) by the core (casemanager.reports.dossiers). Saving and printing hand
the dossier to someone, so both are recorded in each case's disclosure ledger; a preview
stays on screen and records nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.redaction import PROFILES
from casemanager.reports.dossiers import (
    make_dossier,
    make_dossier_folder,
    record_delivered,
    render_dossier,
)
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP, current_language
from ui.icons import icon
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import failure_text
from ui.operations.operation import Operation
from ui.widgets.fit import fit_to_screen

_FAILED_STYLE = "color: #b00020;"  # the red the forms use for errors
LANGUAGES = (("en", "English"), ("ru", "Русский"))
# Where the dialog starts: the profile that leaves out the most (no family details even
# with consent), so a hurried click can only ever send too little.
SAFEST_PROFILE = "strict"
PROFILE_NAMES = {
    "internal": QT_TRANSLATE_NOOP("DossierDialog", "Internal use (the full file)"),
    "embassy": QT_TRANSLATE_NOOP("DossierDialog", "An embassy or consulate"),
    "icrc": QT_TRANSLATE_NOOP("DossierDialog", "The ICRC"),
    "public": QT_TRANSLATE_NOOP("DossierDialog", "Public use (media, campaigns)"),
    "strict": QT_TRANSLATE_NOOP("DossierDialog", "Strict redaction"),
}


def pdf_document(pdf: bytes, parent=None) -> QPdfDocument:
    """A QPdfDocument over bytes in memory: the dossier never touches the disk."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)  # owned by the document, so it lives as long as it
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of `pdf` on `printer` as an image at the printer's resolution
    (at most 300 dpi); returns the number of pages printed."""
    document = pdf_document(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise CaseManagerError(
            QCoreApplication.translate("DossierDialog", "The printer could not be started."))
    try:
        dpi = min(printer.resolution(), 300)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(QPoint(0, 0), scaled), image)
    finally:
        painter.end()
    return document.pageCount()


class PreviewDialog(QDialog):
    """The dossier on screen (QtPdf), page after page, fitted to the window's width."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 760, 900)  # its Close button stays on a 768-pixel screen
        self.document = pdf_document(pdf, self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)


class DossierDialog(QDialog):
    """Choose language, profile and recipient, then preview, print or save the dossier."""

    # A message for the user once a save or print has finished (tests wait for it).
    completed = Signal(str)

    def __init__(self, ctx: AppContext, references: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.references = list(references)
        self.preview: PreviewDialog | None = None
        self._task: BackgroundTask | None = None
        many = len(self.references) > 1
        self.setWindowTitle(self.tr("Dossier – %s") % (
            self.tr("%Ln cases", "", len(self.references)) if many else self.references[0]))
        self.setWindowIcon(icon("dossier"))

        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.profile = QComboBox()
        for code in PROFILES:
            self.profile.addItem(self.tr(PROFILE_NAMES[code]), code)
        self.omits = QLabel()
        self.omits.setWordWrap(True)
        self.omits.setStyleSheet("color: palette(placeholder-text);")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("e.g. Embassy of Uzbekistan in Kyiv"))
        self.recipient.setToolTip(self.tr("Printed on the cover letter and the page header, "
                                          "and kept in the disclosure ledger"))
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Prepared for:"), self.profile)
        form.addRow("", self.omits)
        form.addRow(self.tr("&Recipient:"), self.recipient)

        self.one_file = QRadioButton(self.tr("One PDF, opening with a cover letter"))
        self.per_case = QRadioButton(self.tr("One PDF per case, into a folder"))
        self.one_file.setChecked(True)
        self.layout_group = QButtonGroup(self)
        self.layout_group.addButton(self.one_file)
        self.layout_group.addButton(self.per_case)
        if many:
            form.addRow(self.tr("Files:"), self.one_file)
            form.addRow("", self.per_case)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.print_button = QPushButton(icon("dossier"), self.tr("&Print…"))
        self.save_button = QPushButton(icon("save"), self.tr("&Save as…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_dossier)
        self.save_button.clicked.connect(self.save_dossier)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.per_case.toggled.connect(self._layout_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)
        # The last language is offered again (window state, not data); until one is chosen,
        # dossiers are in the language the interface is read in. The profile starts on the
        # safest one: a dossier for outsiders must never go out as the full file because
        # the last one was internal. A recipient typed before brings back its profile.
        self._select(self.language, ctx.settings.value("dossier/lang", current_language()))
        self._select(self.profile, SAFEST_PROFILE)
        known = self._profiles_by_recipient()
        completer = QCompleter(sorted(known), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.recipient.setCompleter(completer)
        self.recipient.textChanged.connect(self._recipient_changed)
        self._profile_changed()
        self.resize(520, self.sizeHint().height())

    # ------------------------------------------------------------------ choices

    @property
    def lang(self) -> str:
        return self.language.currentData()

    @property
    def profile_name(self) -> str:
        return self.profile.currentData()

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _profiles_by_recipient(self) -> dict[str, str]:
        """Recipient as typed -> the profile last used for them (window state, not data)."""
        try:
            raw: Any = self.ctx.settings.value("dossier/profiles_by_recipient", "{}")  # as stored
            known = json.loads(raw)
        except (TypeError, ValueError):
            return {}
        return {k: v for k, v in known.items() if v in PROFILES} if isinstance(known, dict) else {}

    def _recipient_changed(self, text: str) -> None:
        wanted = text.strip().casefold()
        for recipient, profile in self._profiles_by_recipient().items():
            if recipient.casefold() == wanted:
                # The full file is never chosen by memory: a name once used for it (or
                # typed alike) must not send an embassy everything unasked.
                if profile != "internal":
                    self._select(self.profile, profile)
                return

    def _remember(self) -> None:
        self.ctx.settings.setValue("dossier/lang", self.lang)
        recipient = self.recipient.text().strip()
        if recipient:
            known = self._profiles_by_recipient()
            known = {k: v for k, v in known.items() if k.casefold() != recipient.casefold()}
            known[recipient] = self.profile_name
            self.ctx.settings.setValue("dossier/profiles_by_recipient",
                                       json.dumps(known, ensure_ascii=False))

    def _profile_changed(self) -> None:
        omitted = PROFILES[self.profile_name].omitted(current_language())
        self.omits.setText(self.tr("Leaves out: %s.") % "; ".join(omitted) if omitted
                           else self.tr("Leaves nothing out: for the organisation's own file."))

    def _layout_changed(self) -> None:
        # A folder of files is saved, not printed or previewed as one document.
        self.print_button.setEnabled(not self.per_case.isChecked())
        self.preview_button.setEnabled(not self.per_case.isChecked())

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(not busy)
        if not busy:
            self._layout_changed()

    def _run(self, title: str, job, on_done) -> None:
        self._remember()
        self._busy(True)
        self.status.setStyleSheet("")
        self.status.setText("")  # an earlier failure is not this run's

        def done(result) -> None:
            self._busy(False)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._busy(False)
            message = failure_text(self.tr("Failed: %1"), exc)
            self.status.setStyleSheet(_FAILED_STYLE)
            self.status.setText(message)
            self.completed.emit(message)

        self._task = run_in_background(self, title, job, done, failed, ctx=self.ctx)

    def _recorded(self, message: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(message)
        self.ctx.changes.cases_changed.emit(list(self.references))
        self.completed.emit(message)

    # ------------------------------------------------------------------ preview

    def show_preview(self) -> None:
        refs, lang, profile = self.references, self.lang, self.profile_name
        recipient = self.recipient.text().strip()

        def job(progress):
            return render_dossier(self.ctx.db, refs, lang=lang, profile=profile,
                                  recipient=recipient, progress=progress)[0]

        def done(pdf: bytes) -> None:
            self.preview = PreviewDialog(pdf, self.windowTitle(), self)
            self.preview.show()
            self.completed.emit(self.tr("Preview shown"))

        self._run(self.tr("Preparing the preview…"), job, done)

    # ------------------------------------------------------------------ save

    def choose_save_path(self) -> str:
        """The file (or, one file per case, the folder) to save to; empty: cancelled."""
        if self.per_case.isChecked():
            return QFileDialog.getExistingDirectory(self, self.tr("Save the dossiers into"))
        name = f"{self.references[0]}.pdf" if len(self.references) == 1 else "dossiers.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the dossier"), name,
                                              self.tr("PDF files (*.pdf)"))
        return path

    def save_dossier(self) -> None:
        target = self.choose_save_path()
        if not target:
            return
        refs, lang, profile = self.references, self.lang, self.profile_name
        recipient, actor, per_case = self.recipient.text().strip(), self.ctx.actor, \
            self.per_case.isChecked()

        def job(progress):
            if per_case:
                return make_dossier_folder(self.ctx.db, refs, target, lang, profile, recipient,
                                           progress, actor=actor)
            make_dossier(self.ctx.db, refs, lang, profile, recipient, progress,
                         output=target, actor=actor)
            return [Path(target)]

        def done(paths: list[Path]) -> None:
            where = paths[0] if len(paths) == 1 else paths[0].parent
            self._recorded(self.tr("Saved to %s and recorded in the disclosure ledger.")
                           % where)

        self._run(self.tr("Making the dossier…"), job, done)

    # ------------------------------------------------------------------ print

    def ask_printer(self) -> QPrinter | None:
        """The printer the user chose in the print dialog; None: cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_dossier(self) -> None:
        printer = self.ask_printer()
        if printer is None:
            return
        self._printer = printer
        refs, lang, profile = self.references, self.lang, self.profile_name
        recipient, actor = self.recipient.text().strip(), self.ctx.actor

        def job(progress):
            # Rendered only: the ledger records the dossier once it has really printed.
            return render_dossier(self.ctx.db, refs, lang=lang, profile=profile,
                                  recipient=recipient, progress=progress)

        def failed(exc: BaseException) -> None:
            message = failure_text(self.tr("Failed: %1"), exc)
            self.status.setStyleSheet(_FAILED_STYLE)
            self.status.setText(message)
            self.completed.emit(message)

        def done(result) -> None:
            pdf, cases = result
            try:
                pages = print_pdf(pdf, printer)  # painting happens here, on the GUI thread
            except Exception as exc:  # noqa: BLE001 - a printer's failure is any kind
                failed(exc)
                return
            # Printed: the ledger entry is written on the database worker.
            Operation(self.ctx, parent=self,
                      work=lambda db: record_delivered(db, cases, pdf, recipient=recipient,
                                                       profile=profile, actor=actor)
                      ).success(lambda _r: self._recorded(
                          self.tr("Sent %Ln page(s) to the printer; recorded in the "
                                  "disclosure ledger.", "", pages))).failure(failed).run()

        self._run(self.tr("Making the dossier…"), job, done)


def open_dossier_dialog(ctx: AppContext, references: Sequence[str],
                        parent: QWidget | None = None) -> DossierDialog | None:
    """The Dossier action: show the dialog for the selected cases (none: do nothing)."""
    if not references:
        return None
    dialog = DossierDialog(ctx, references, parent)
    dialog.show()
    return dialog
