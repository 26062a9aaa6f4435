"""The Import wizard: choose a list, see how its columns are read, see problems, confirm.

Pages: the file (and the partner it comes from, the source of its references); the
column mapping (an editable choice per column in the file) with the first rows and the
decisions taken about the file (encoding, header row, columns read together); the check
(every problem by row and column, every warning, and each likely duplicate with a skip /
update / add choice); the confirmation, which after the import shows its summary and
offers to show the cases it created or changed (`show_cases_requested(import_id)`).
The check and the import run off the GUI thread with progress and Cancel; the import
writes all rows or none. Entry point: `open_import_wizard(ctx, parent)`.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.progress import Cancelled
from casemanager.lists.columns import NOTES, check_mapping
from casemanager.lists.importer import Duplicate, ImportReport, Preview, import_file, preview
from casemanager.services.interchange import COLUMNS
from ui.context import AppContext
from ui.icons import icon
from ui.labels import core_text, count_text, date_text, person_name_text, reason_text
from ui.lists.export_dialog import column_title
from ui.lists.import_tables import (
    CHOICES,
    WRAPPED_ROWS,
    ChoiceDelegate,
    DuplicatesModel,
    ProblemsModel,
    choice_width,
    fit_row_numbers,
    report_table,
)
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import failure_reason, failure_text
from ui.widgets.columns import measure_few_rows
from ui.widgets.fit import fit_to_screen

SETTING_FOLDER = "import/folder"
_ERROR_STYLE = "color: #b00020;"
_WARNING_STYLE = "color: #8a5a00;"
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
              "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "cp1251": "Windows-1251"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    measure_few_rows(table)
    return table


def _birth(iso: str) -> str:
    """` (March 1994)`: a date of birth the check read (ISO), as the window writes dates."""
    return f" ({date_text(PartialDate.parse(iso))})" if iso else ""


def _item(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setToolTip(str(text))
    return item


def _sentence(text: str) -> str:
    """A note of the core as a list item: its first letter capitalised."""
    return text[:1].upper() + text[1:]


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose a case list"))
        self.setSubTitle(self.tr(
            "A CSV file (UTF-8, UTF-16 or Windows-1251; commas or semicolons) or an Excel "
            "workbook (.xlsx). The first row must name the columns."
        ))
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Path to a .csv or .xlsx file"))
        self.path.textChanged.connect(self._changed)
        browse = QPushButton(self.tr("Browse…"))
        browse.setIcon(icon("open"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("e.g. the partner organisation's name"))
        source_label = QLabel(self.tr(
            "From whom (the source of the list's own case numbers; empty: the file's name):"))
        source_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(source_label)
        layout.addWidget(self.source)
        layout.addStretch()

    def _changed(self) -> None:
        self.error.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def browse(self) -> None:
        folder = str(self.w.ctx.settings.value(SETTING_FOLDER, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import cases"), folder,
            self.tr("Case lists (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip()).expanduser()
        try:
            self.w.preview = preview(path)
        except CaseManagerError as exc:  # the file as a whole is refused: say why, stay here
            self.error.setText(failure_reason(exc))
            return False
        self.w.ctx.settings.setValue(SETTING_FOLDER, str(path.parent))
        self.w.source = self.source.text().strip()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.combos: list[QComboBox] = []
        self.setTitle(self.tr("How the columns are read"))
        self.mapping = _table([self.tr("Column in the file"), self.tr("Read as"),
                               self.tr("First value")])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rows = _table([])
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notes)
        layout.addWidget(self.mapping, 3)
        layout.addWidget(QLabel(self.tr("The first rows of the file:")))
        layout.addWidget(self.rows, 2)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None  # the file page made it
        self.setSubTitle(self.tr("%1: %2. Columns not recognised are ignored unless you choose "
                                 "what they hold.").replace("%1", p.path.name).replace(
            "%2", self._describe(p)))
        self.notes.setText("\n".join(f"• {_sentence(core_text(n))}" for n in p.notes))
        self.notes.setVisible(bool(p.notes))
        self.combos = []
        self.mapping.setRowCount(len(p.headers))
        first = p.rows[0][1] if p.rows else ()
        for row, (header, column) in enumerate(zip(p.headers, p.mapping, strict=True)):
            self.mapping.setItem(row, 0, _item(header))
            combo = QComboBox()
            combo.addItem(self.tr("(ignore this column)"), None)
            combo.addItem(self.tr("(keep in the case's notes)"), NOTES)
            for name in COLUMNS:
                combo.addItem(f"{column_title(name)}  ({name})", name)
            combo.setCurrentIndex(combo.findData(column) if column else 0)
            combo.currentIndexChanged.connect(self._validate)
            self.combos.append(combo)
            self.mapping.setCellWidget(row, 1, combo)
            sample = first[row] if row < len(first) else ""
            self.mapping.setItem(row, 2, _item(sample.replace("\n", " ⏎ ")))
        self.mapping.resizeColumnsToContents()
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rows.setColumnCount(len(p.headers) + 1)
        self.rows.setHorizontalHeaderLabels([self.tr("Row"), *p.headers])
        self.rows.setRowCount(len(p.rows))
        for r, (number, cells) in enumerate(p.rows):
            self.rows.setItem(r, 0, _item(number))
            for c, cell in enumerate(cells[: len(p.headers)]):
                self.rows.setItem(r, c + 1, _item(cell.replace("\n", " ⏎ ")))
        self.rows.resizeColumnsToContents()
        for c in range(self.rows.columnCount()):
            self.rows.setColumnWidth(c, min(self.rows.columnWidth(c), 220))
        self._validate()

    def _describe(self, p: Preview) -> str:
        if p.kind == "xlsx":
            return self.tr("Excel workbook")
        sep = {",": self.tr("commas"), ";": self.tr("semicolons"), "\t": self.tr("tabs")}
        encoding = _ENCODINGS.get(p.encoding, p.encoding)
        return self.tr("CSV, %1, separated by %2").replace("%1", encoding).replace(
            "%2", sep.get(p.delimiter, p.delimiter))

    def chosen(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def _validate(self, *_args) -> None:
        assert self.w.preview is not None  # the file page made it
        try:
            check_mapping(self.w.preview.headers, self.chosen())
        except CaseManagerError as exc:
            self.error.setText(reason_text(exc))
        else:
            self.error.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.error.text()

    def validatePage(self) -> bool:
        self.w.mapping = self.chosen()
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.task: BackgroundTask | None = None
        self.setTitle(self.tr("Checking every row"))
        self.setSubTitle(self.tr("Every row is checked before anything is written."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        # Models, not an item per cell: a refused file can have 40,000 problems and a
        # list 10,000 likely duplicates (ui.lists.import_tables).
        self.problems_model = ProblemsModel(
            [self.tr("Row"), self.tr("Column"), self.tr("Problem")], column_title, core_text,
            self)
        self.problems = report_table(self.problems_model)
        self._fit(self.problems, stretch=(2,))
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.warnings_label = QLabel(self.tr(
            "Imported as they are, but worth a look (or fix them in the file):"))
        self.warnings_label.setStyleSheet(_WARNING_STYLE)
        self.warnings_model = ProblemsModel(
            [self.tr("Row"), self.tr("Column"), self.tr("Warning")], column_title, core_text,
            self)
        self.warnings = report_table(self.warnings_model)
        self._fit(self.warnings, stretch=(2,))
        self.duplicates_label = QLabel(self.tr(
            "These rows look like cases already in the database. Choose for each:"))
        self.duplicates_model = DuplicatesModel(
            [self.tr("Row"), self.tr("Person in the file"), self.tr("May be"),
             self.tr("Choice")], self._describe, self)
        self.duplicates = report_table(self.duplicates_model)
        self.duplicates.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        choice = ChoiceDelegate(self.duplicates)
        self.duplicates.setItemDelegateForColumn(DuplicatesModel.CHOICE, choice)
        self.duplicates.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.duplicates.clicked.connect(self._clicked)
        # The person and the case they may be share the width (the case was cut to "…"
        # when the person's column was fitted to its longest name).
        self._fit(self.duplicates, stretch=(DuplicatesModel.PERSON, DuplicatesModel.MAY_BE))
        header = self.duplicates.horizontalHeader()
        header.setSectionResizeMode(DuplicatesModel.CHOICE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DuplicatesModel.CHOICE, choice_width(self.duplicates.fontMetrics()))
        # Many rows at once: select them (Ctrl+A for all), then choose.
        self.choose_many = QWidget()
        many = QHBoxLayout(self.choose_many)
        many.setContentsMargins(0, 0, 0, 0)
        many.addWidget(QLabel(self.tr("For the selected rows:")))
        self.choose_buttons: dict[str, QPushButton] = {}
        for key, label in ((CHOICES[0][0], self.tr("Skip")),
                           (CHOICES[1][0], self.tr("Update the case")),
                           (CHOICES[2][0], self.tr("Add as new"))):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, key=key: self.choose_selected(key))
            many.addWidget(button)
            self.choose_buttons[key] = button
        many.addStretch(1)
        # Rows "Update the case" was not taken for (each may be any of several cases).
        self.kept_note = QLabel()
        self.kept_note.setWordWrap(True)
        self.kept_note.hide()
        self.duplicates.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.choose_many)
        layout.addWidget(self.kept_note)
        for widget in (self.problems, self.duplicates, self.warnings, self.duplicates_label,
                       self.choose_many, self.warnings_label, self.notes):
            widget.hide()  # until the check finds some

    @staticmethod
    def _fit(table: QTableView, *, stretch: tuple[int, ...]) -> None:
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _describe(self, d: Duplicate) -> tuple[str, str]:
        """(the person in the file, the cases or earlier rows they may be)."""
        name = person_name_text(d.name, d.native) + _birth(d.date_of_birth)
        may_be = "; ".join(
            (self.tr("row %1:").replace("%1", count_text(m.row)) if m.row else m.reference)
            + f" {person_name_text(m.name, m.native)}" + _birth(m.date_of_birth)
            for m in d.matches)
        return name, may_be

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == DuplicatesModel.CHOICE:
            self.duplicates.edit(index)

    def _selection_changed(self, *_args) -> None:
        chosen = bool(self.duplicates.selectionModel().selectedRows())
        for button in self.choose_buttons.values():
            button.setEnabled(chosen)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.duplicates.selectionModel().selectedRows())

    def choose_selected(self, key: str) -> None:
        """The same choice for every selected row; "Update the case" is not taken for a
        row that may be any of several cases (the import would refuse it): said so."""
        kept = self.duplicates_model.set_choice(self.selected_rows(), key)
        self.kept_note.setText(self.tr(
            "%Ln row(s) may be any of several cases and were left as they were: put the "
            "reference of the case to update in the file, or add or skip them.", "",
            len(kept)))
        self.kept_note.setVisible(bool(kept))

    def choice(self, row: int) -> str:
        """The choice for the file's row `row` (skip / update / add)."""
        return self.duplicates_model.choices[row]

    def initializePage(self) -> None:
        self.w.report = None
        self.status.setText(self.tr("Checking…"))
        self.problems_model.set_problems([])
        self.problems.setWordWrap(False)
        self.warnings_model.set_problems([])
        self.duplicates_model.set_duplicates([])
        for widget in (self.problems, self.duplicates, self.warnings, self.duplicates_label,
                       self.choose_many, self.kept_note, self.warnings_label, self.notes):
            widget.hide()
        assert self.w.preview is not None  # the file page made it
        db, path, mapping, source = (self.w.ctx.db, self.w.preview.path, self.w.mapping,
                                     self.w.source)

        def job(progress):
            return import_file(db, path, mapping=mapping, dry_run=True, progress=progress,
                               source=source)

        self.task = run_in_background(self, self.tr("Checking the list"), job, self._checked,
                                      self._failed, ctx=self.w.ctx)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(failure_text(self.tr("The check failed: %1"), exc))
        self.status.setStyleSheet(_ERROR_STYLE)
        self.completeChanged.emit()

    def _checked(self, report: ImportReport) -> None:
        self.w.report = report
        self.status.setStyleSheet("")
        if report.problems:
            self.status.setStyleSheet(_ERROR_STYLE)
            self.status.setText(self.tr(
                "%1 of %Ln row(s) cannot be imported. Nothing will be imported until they "
                "are fixed: correct them in the file and import it again.", "", report.rows
            ).replace("%1", count_text(report.rejected_rows)))
            self.problems_model.set_problems(report.problems)
            fit_row_numbers(self.problems, max(p.row for p in report.problems))
            self.problems.show()
            if len(report.problems) <= WRAPPED_ROWS:  # few: long reasons wrapped, whole
                self.problems.setWordWrap(True)
                self.problems.resizeRowsToContents()
        else:
            self.status.setText(self.tr("All %Ln row(s) can be imported.", "", report.rows))
        if report.notes:
            self.notes.setText("\n".join(f"• {_sentence(core_text(n))}" for n in report.notes))
            self.notes.show()
        if report.warnings:
            self.warnings_label.show()
            self.warnings_model.set_problems(report.warnings)
            fit_row_numbers(self.warnings, max(p.row for p in report.warnings))
            self.warnings.show()
        if report.duplicates and not report.problems:
            self.duplicates_label.show()
            self.duplicates_model.set_duplicates(report.duplicates)
            fit_row_numbers(self.duplicates, max(d.row for d in report.duplicates))
            self.duplicates.show()
            self.choose_many.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        report = self.w.report
        return report is not None and not report.problems and report.rows > 0

    def validatePage(self) -> bool:
        self.w.decisions = dict(self.duplicates_model.choices)
        return True


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Ready to import"))
        self.setSubTitle(self.tr("Nothing has been written yet."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.show_cases = QPushButton(self.tr("Show the cases created or changed"))
        self.show_cases.clicked.connect(wizard._show_cases)
        self.show_cases.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_cases, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.show_ready()
        report = self.w.report
        assert report is not None  # the check page made it
        decisions = list(self.w.decisions.values())
        new = report.created + decisions.count("add")
        updated = report.updated + decisions.count("update")
        skipped = decisions.count("skip")
        # "1 row", "2 rows" (Qt's plural forms, digits grouped); the counts below are
        # worded "label: count", which needs no plural.
        rows = self.tr("<p><b>%Ln</b> row(s) from <b>%1</b>:</p>", "", report.rows)
        # Rows that repeat what their case holds are said apart: an office's own export
        # read back in is no update of every case.
        self.summary.setText(rows.replace("%1", report.file) + self.tr(
            "<ul><li>new cases: %1</li>"
            "<li>existing cases updated: %2 (only from filled cells; nothing is erased)</li>"
            "<li>rows the same as their case (nothing to change): %4</li>"
            "<li>rows skipped: %3</li></ul><p>All rows are written together in one step, "
            "or none are. Press <b>Import</b> to start.</p>"
        ).replace("%1", count_text(new)).replace("%2", count_text(updated)).replace(
            "%3", count_text(skipped)).replace("%4", count_text(report.unchanged))
            + _older_paragraph(report))

    def show_ready(self) -> None:
        self.setTitle(self.tr("Ready to import"))
        self.setSubTitle(self.tr("Nothing has been written yet."))
        self.summary.setStyleSheet("")

    def show_refused(self, report: ImportReport) -> None:
        """The import refused rows (nothing was written): the summary, then each row's
        problem (the first 20), and what to do."""
        self.setTitle(self.tr("Nothing was imported"))
        self.setSubTitle(self.tr("Go Back to change the choices for these rows, or correct "
                                 "the file and start again."))
        lines = report.lines()
        shown = "".join(f"<li>{html.escape(line)}</li>" for line in lines[:20])
        more = (self.tr("<p>… and %1 more.</p>").replace("%1", count_text(len(lines) - 20))
                if len(lines) > 20 else "")
        self.summary.setStyleSheet(_ERROR_STYLE)
        self.summary.setText(f"<p>{html.escape(core_text(report.summary()))}</p>"
                             f"<ul>{shown}</ul>{more}")

    def show_failed(self, exc: BaseException) -> None:
        """The import stopped: say so in the page's title and why in its text."""
        if isinstance(exc, Cancelled):
            self.setTitle(self.tr("Import cancelled"))
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("The import was cancelled."))
        else:
            self.setTitle(self.tr("Import failed"))
            self.summary.setStyleSheet(_ERROR_STYLE)
            self.summary.setText(self.tr("The import failed: %1").replace(
                "%1", html.escape(failure_reason(exc))))
        # All rows or none (casemanager.lists.importer): a failed import wrote nothing.
        self.setSubTitle(self.tr("Nothing was written. Press Import to try again."))


class ImportWizard(QWizard):
    # The caseworker asked to see the cases this import created or changed.
    show_cases_requested = Signal(int)
    imported = Signal(object)  # the ImportReport of an import that wrote cases

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = ""
        self.preview: Preview | None = None
        self.mapping: list[str | None] = []
        self.report: ImportReport | None = None
        self.decisions: dict[int, str] = {}
        self.result_report: ImportReport | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Import cases"))
        self.setWindowIcon(icon("import"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.confirm_page):
            self.addPage(page)
        fit_to_screen(self, 820, 600)

    def accept(self) -> None:
        if self.result_report is not None and self.result_report.written:
            super().accept()
            return
        if self.task is not None and not self.task.finished:
            return
        assert self.preview is not None  # the file page made it
        db, path, actor = self.ctx.db, self.preview.path, self.ctx.actor
        mapping, decisions, source = self.mapping, dict(self.decisions), self.source

        def job(progress):
            return import_file(db, path, mapping=mapping, decisions=decisions, actor=actor,
                               progress=progress, source=source)

        def done(report: ImportReport) -> None:
            self.result_report = report
            if report.written:
                self.ctx.changes.cases_changed.emit([])
                self._imported(report)
                self.imported.emit(report)
            else:  # refused (a choice it cannot follow, the file changed): say which
                # rows and why, and let the caseworker go back to change the choices
                self.task = None
                self.confirm_page.show_refused(report)
                self.button(QWizard.WizardButton.BackButton).setEnabled(True)
                self.button(QWizard.WizardButton.FinishButton).setEnabled(True)

        def failed(exc: BaseException) -> None:  # cancelled or refused: nothing was written
            self.task = None
            self.confirm_page.show_failed(exc)
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.button(QWizard.WizardButton.BackButton).setEnabled(True)

        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.task = run_in_background(self, self.tr("Importing cases"), job, done, failed,
                                      ctx=self.ctx)
        # Not modal: the wizard's own Cancel (and Escape, and closing it) cancels the
        # import too; it looked enabled and did nothing while every row was written.
        self.task.dialog.setWindowModality(Qt.WindowModality.NonModal)

    def reject(self) -> None:
        """Cancel: while the import runs, cancel it (all rows or none: nothing is
        written) and say so on the last page; while the check runs, stop it and close."""
        task = self.task
        if task is not None and not task.finished:
            task.cancel()
            cancel = self.button(QWizard.WizardButton.CancelButton)
            cancel.setEnabled(False)  # until the import has stopped
            task.done.connect(lambda _report: cancel.setEnabled(True))
            task.error.connect(lambda _exc: cancel.setEnabled(True))
            return
        check = self.check_page.task
        if check is not None and not check.finished:
            check.cancel()
        super().reject()

    def _imported(self, report: ImportReport) -> None:
        """The summary, and one click to the cases created or changed; Finish closes."""
        page = self.confirm_page
        page.setTitle(self.tr("Imported"))
        page.setSubTitle(self.tr("The list is in the database (import %1).").replace(
            "%1", str(report.import_id)))
        text = self.tr(
            "<p>Rows read: %1. New cases: <b>%2</b>. Updated: <b>%3</b>. Unchanged (the "
            "same as their case): %4. Skipped: %5.</p>")
        for at, count in enumerate((report.rows, report.created, report.updated,
                                    report.unchanged, report.skipped), 1):
            text = text.replace(f"%{at}", count_text(count))
        page.summary.setText(text + _older_paragraph(report))
        page.show_cases.setVisible(report.created + report.updated > 0)
        # Written: nothing to cancel or go back to; Close is the one way out, focused.
        self.setButtonLayout([QWizard.WizardButton.Stretch, QWizard.WizardButton.FinishButton])
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setText(self.tr("Close"))
        finish.setEnabled(True)
        if isinstance(finish, QPushButton):  # QWizard's buttons are
            finish.setDefault(True)
        finish.setFocus()

    def _show_cases(self) -> None:
        if self.result_report is not None and self.result_report.import_id is not None:
            self.show_cases_requested.emit(self.result_report.import_id)
        self.accept()


def _older_paragraph(report: ImportReport) -> str:
    """Rows older than their case (changed here after the list was written): which
    newer values were kept, as a paragraph in the warning colour; "" when none. Each
    row and field is in the check page's warnings."""
    text = report.older_text()
    if not text:
        return ""
    return f'<p style="{_WARNING_STYLE}">{html.escape(core_text(text))}</p>'


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    wizard.open()
    return wizard
