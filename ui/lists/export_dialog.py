"""The Export dialog: write the current list (its filter and search) to CSV or Excel.

Format, columns and folder are remembered in the user's settings. The export runs off
the GUI thread with progress and Cancel (ui/operations/background.py); the file appears only when
complete. Entry point: `open_export_dialog(ctx, case_filter, parent)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.lists.export import export_cases
from casemanager.services.interchange import COLUMNS
from casemanager.services.queries import CaseFilter, case_ids, count_cases
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import count_text
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import failure_text
from ui.operations.operation import Operation
from ui.protect.audit_words import FIELDS, field_label
from ui.widgets.fit import fit_to_screen

SETTING_COLUMNS = "export/columns"
SETTING_FORMAT = "export/format"
SETTING_FOLDER = "export/folder"
FORMATS = ("csv", "xlsx")  # the formats the export writes, by their file extension


# Interchange columns the forms do not label (the rest are the forms' labels).
_TITLES = {
    "reference": QT_TRANSLATE_NOOP("ExportDialog", "Reference"),
    "detention_place": QT_TRANSLATE_NOOP("ExportDialog", "Place of detention"),
    "updated_at": QT_TRANSLATE_NOOP("ExportDialog", "Last changed"),
    "external_references": QT_TRANSLATE_NOOP("ExportDialog", "Partners' references"),
    "cells": QT_TRANSLATE_NOOP("ExportDialog", "Cells"),
    "cell": QT_TRANSLATE_NOOP("ExportDialog", "Cell"),
}


def column_title(name: str) -> str:
    """`date_of_birth` -> "Date of birth" (translated: the forms' label), for people;
    files keep the column names. The import report's "column B" too."""
    if name in _TITLES:
        return QCoreApplication.translate("ExportDialog", _TITLES[name])
    if name in FIELDS:
        return field_label(name)
    if name.startswith("column "):
        return QCoreApplication.translate("ExportDialog", "column %1").replace("%1", name[7:])
    return name.replace("_", " ").capitalize()


class ExportDialog(QDialog):
    exported = Signal(int, str)  # cases written, to which file

    def __init__(self, ctx: AppContext, case_filter: CaseFilter, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.case_filter = ctx, case_filter
        self.task: BackgroundTask | None = None
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Export cases"))
        self.setWindowIcon(icon("export"))
        self.scope = (self.tr("All cases") if case_filter.is_empty()
                      else self.tr("Cases in the current list (its filter and search)"))
        # Counted on the database worker; the export itself does not wait for it.
        self.count: int | None = None
        counting = self.tr("counting…")
        self.summary = QLabel(f"<b>{self.scope}:</b> {counting}")
        Operation(ctx, parent=self, work=lambda db: count_cases(db, case_filter),
                  key="count").success(self._counted).failure(self._not_counted).run()

        self.csv = QRadioButton(self.tr("CSV (UTF-8, for any program)"))
        self.xlsx = QRadioButton(self.tr("Excel workbook (.xlsx)"))
        group = QButtonGroup(self)
        group.addButton(self.csv)
        group.addButton(self.xlsx)
        fmt = str(ctx.settings.value(SETTING_FORMAT, "xlsx"))
        (self.csv if fmt == "csv" else self.xlsx).setChecked(True)
        formats = QHBoxLayout()
        formats.addWidget(self.xlsx)
        formats.addWidget(self.csv)
        formats.addStretch()
        group.buttonToggled.connect(self._format_changed)

        self.columns = QListWidget()
        chosen = self._remembered_columns()
        for name in COLUMNS:
            item = QListWidgetItem(column_title(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        self.columns.itemChanged.connect(self._validate)
        all_button = QPushButton(self.tr("All"))
        none_button = QPushButton(self.tr("None"))
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        picks = QHBoxLayout()
        picks.addWidget(all_button)
        picks.addWidget(none_button)
        picks.addStretch()

        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Choose where to save the list"))
        self.path.textChanged.connect(self._path_changed)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)

        note = QLabel(self.tr(
            "Cells that begin with = + - or @ are written with a leading apostrophe, so "
            "spreadsheets show them as text instead of running them as formulas. "
            "Importing the file removes it again."
        ))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setIcon(icon("export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Format:"), formats)
        form.addRow(self.tr("File:"), where)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Columns, in this order:")))
        layout.addWidget(self.columns, 1)
        layout.addLayout(picks)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 480, 620)
        self._validate()

    # ------------------------------------------------------------ state

    def _counted(self, count: int) -> None:
        self.count = count
        self.summary.setText(f"<b>{self.scope}: {count_text(count)}</b>")

    def _not_counted(self, _exc: BaseException) -> None:
        # Only the count is missing: the export says for itself if the database fails.
        self.summary.setText(f"<b>{self.scope}</b>")

    def _remembered_columns(self) -> set[str]:
        saved = self.ctx.settings.value(SETTING_COLUMNS, "")
        names = {n for n in str(saved or "").split(",") if n in COLUMNS}
        return names or set(COLUMNS)

    def chosen_columns(self) -> list[str]:
        out = []
        for row in range(self.columns.count()):
            item = self.columns.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.columns.count()):
            self.columns.item(row).setCheckState(state)

    def _format_changed(self, *_args) -> None:
        text = self.path.text().strip()
        if text and Path(text).suffix.lower() != "." + self.fmt():
            self.path.setText(str(self.target()))

    def _path_changed(self, text: str) -> None:
        """A file name typed with a format's extension chooses that format: one format is
        never written under another's extension."""
        suffix = Path(text.strip()).suffix.lower().lstrip(".")
        if suffix in FORMATS and suffix != self.fmt():
            (self.csv if suffix == "csv" else self.xlsx).setChecked(True)
        self._validate()

    def target(self) -> Path:
        """The file to write: as typed, with the chosen format's extension when it has
        none of the formats' own (`cases` -> `cases.xlsx`, `cases.csv` stays; switching
        the format changes `cases.csv` to `cases.xlsx`)."""
        typed = Path(self.path.text().strip()).expanduser()
        suffix = typed.suffix.lower().lstrip(".")
        if suffix == self.fmt():
            return typed
        if suffix in FORMATS:
            return typed.with_suffix("." + self.fmt())
        return typed.with_name(typed.name + "." + self.fmt())

    def _validate(self, *_args) -> None:
        problem = ""
        if not self.chosen_columns():
            problem = self.tr("Choose at least one column.")
        self.error.setText(problem)
        self.export_button.setEnabled(not problem and bool(self.path.text().strip()))

    def browse(self) -> None:
        folder = str(self.ctx.settings.value(SETTING_FOLDER, str(Path.home())))
        suggested = str(Path(folder) / f"cases.{self.fmt()}")
        filters = self.tr("Excel workbook (*.xlsx)") if self.fmt() == "xlsx" else self.tr(
            "CSV file (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export cases"), suggested, filters)
        if path:
            if not path.lower().endswith("." + self.fmt()):
                path += "." + self.fmt()
            self.path.setText(path)

    # ------------------------------------------------------------ run

    def start(self) -> None:
        target = self.target()
        if str(target) != self.path.text().strip():
            self.path.setText(str(target))  # the caseworker sees the name that is written
        columns, fmt = self.chosen_columns(), self.fmt()
        self.ctx.settings.setValue(SETTING_COLUMNS, ",".join(columns))
        self.ctx.settings.setValue(SETTING_FORMAT, fmt)
        self.ctx.settings.setValue(SETTING_FOLDER, str(target.parent))
        db, case_filter = self.ctx.db, self.case_filter

        def job(progress):
            ids = case_ids(db, case_filter)
            return export_cases(db, ids, target, fmt=fmt, columns=columns, progress=progress)

        def done(count: int) -> None:
            self.written = target
            self.exported.emit(count, str(target))
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(failure_text(self.tr("The export failed: %1"), exc))
            self.export_button.setEnabled(True)

        self.export_button.setEnabled(False)
        self.error.setText("")
        self.task = run_in_background(self, self.tr("Exporting cases"), job, done, failed,
                                      ctx=self.ctx)


def open_export_dialog(
    ctx: AppContext, case_filter: CaseFilter, parent: QWidget | None = None
) -> ExportDialog:
    dialog = ExportDialog(ctx, case_filter, parent)
    dialog.open()
    return dialog
