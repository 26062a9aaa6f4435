"""The overview: where all cases stand. Counts by status, citizenship, recruitment and
priority as bar charts (each also as a table), cases with no update for 90 days, overdue
follow-ups and recent changes; "my cases" only on request; saved as a one-page PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.fields import as_text
from casemanager.reports.overview_pdf import write_overview_pdf
from casemanager.services.caseworker import caseworker_name
from casemanager.services.overview import NOT_RECORDED, STALE_DAYS, Overview, overview
from ui.context import AppContext
from ui.followups.followup_widgets import BarChart, fill_table, readonly_table
from ui.icons import icon
from ui.labels import (
    core_text,
    count_text,
    country_name,
    local_time_text,
    person_name_text,
    word_in,
)
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import failure_reason, show_failure
from ui.operations.operation import Operation


class CountPanel(QGroupBox):
    """One breakdown: a bar chart, and the same figures as a table on the next tab."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.chart = BarChart()
        self.table = readonly_table([self.tr("Value"), self.tr("Cases"), self.tr("Share")])
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        chart_page = QWidget()
        cl = QVBoxLayout(chart_page)
        cl.setContentsMargins(4, 6, 4, 4)
        cl.addWidget(self.chart)
        cl.addStretch(1)
        self.tabs.addTab(chart_page, self.tr("Chart"))
        self.tabs.addTab(self.table, self.tr("Table"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)

    def set_rows(self, rows: list[tuple[str, int]], total: int) -> None:
        self.chart.set_rows(rows)
        fill_table(self.table, [
            [label, n, f"{100 * n / total:.0f} %" if total else ""] for label, n in rows
        ])


def _pretty(vocabulary: str, value: str) -> str:
    """A code of `vocabulary` as its (translated) word; the overview's own "not recorded"
    row in its words; other codes readable."""
    return word_in((vocabulary, "overview"), value)


class OverviewView(QWidget):
    case_activated = Signal(str)
    pdf_saved = Signal(str)  # the path, once the report is written
    refreshed = Signal()  # new figures are on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.me = ctx.actor  # until the caseworker's name is read with the figures
        self.overview: Overview | None = None
        self.task: BackgroundTask | None = None

        self.mine = QCheckBox(self.tr("My cases only ({name})").format(name=self.me))
        self.mine.toggled.connect(self.refresh)
        self.summary = QLabel()
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        refresh = QPushButton(icon("status"), self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(icon("dossier"), self.tr("Save as PDF…"))
        self.pdf_button.clicked.connect(self.choose_pdf)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.mine)
        bar.addWidget(refresh)
        bar.addWidget(self.pdf_button)

        self.panels = {
            "status": CountPanel(self.tr("By status")),
            "citizenship": CountPanel(self.tr("By citizenship")),
            "recruitment": CountPanel(self.tr("By recruitment")),
            "priority": CountPanel(self.tr("By priority")),
        }
        grid = QGridLayout()
        for i, panel in enumerate(self.panels.values()):
            grid.addWidget(panel, i // 2, i % 2)

        self.stale = readonly_table([self.tr("Case"), self.tr("Name"), self.tr("Status"), self.tr("Assigned to"), self.tr("Days without update"), self.tr("Last update")])
        self.overdue = readonly_table([self.tr("Due"), self.tr("Days late"), self.tr("Case"), self.tr("Name"), self.tr("What"), self.tr("Assigned to")])
        self.recent = readonly_table([self.tr("When (UTC)"), self.tr("Who"), self.tr("Action"), self.tr("Case"), self.tr("Fields")])
        for table in (self.stale, self.overdue, self.recent):
            table.setMinimumHeight(220)
            table.doubleClicked.connect(lambda index, t=table: self._activated(t, index))
        self.lists = QTabWidget()
        self.lists.addTab(self.stale, "")
        self.lists.addTab(self.overdue, "")
        self.lists.addTab(self.recent, self.tr("Recent changes"))

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.addLayout(grid)
        cl.addWidget(self.lists, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.summary.setText(self.tr("Counting…"))
        self.pdf_button.setEnabled(False)
        ctx.changes.cases_changed.connect(self._cases_changed)
        self.refresh()

    def assignee(self) -> str | None:
        return self.me if self.mine.isChecked() else None

    def refresh(self) -> None:
        """Read the figures (and the caseworker's name) on the database worker; a newer
        refresh wins; `refreshed` fires once they are shown."""
        mine = self.mine.isChecked()

        def work(db) -> tuple[str, Overview]:
            me = caseworker_name(db)
            return me, overview(db, assignee=me if mine else None)

        def read(result: tuple[str, Overview]) -> None:
            if result[0] != self.me:
                self.me = result[0]
                self.mine.setText(self.tr("My cases only ({name})").format(name=self.me))
            self._show(result[1])

        Operation(self.ctx, parent=self, work=work, key="overview").success(read) \
            .failure(self._load_failed).run()

    def _load_failed(self, exc: object) -> None:
        self.summary.setText(self.tr("The overview could not be read: {error}").format(
            error=failure_reason(exc)))  # type: ignore[arg-type]

    def _show(self, ov: Overview) -> None:
        self.overview = ov
        scope = self.tr("My cases") if ov.assignee else self.tr("All cases")
        summary = self.tr("{scope}: {total} · {open} open").format(
            scope=scope, total=count_text(ov.total), open=count_text(ov.open_cases))
        if "appeals" in ov.left_out:  # a volunteer: the follow-ups are their tasks
            summary += " · " + self.tr("appeals are not counted (your role does not see them)")
        self.summary.setText(summary)
        self.panels["status"].set_rows([(_pretty("status", s), n) for s, n in ov.by_status], ov.total)
        self.panels["citizenship"].set_rows(
            [(_pretty("overview", c) if c == NOT_RECORDED else f"{country_name(c)} ({c})", n)
             for c, n in ov.by_citizenship], ov.total)
        self.panels["recruitment"].set_rows(
            [(_pretty("recruitment", s), n) for s, n in ov.by_recruitment], ov.total)
        self.panels["priority"].set_rows([(_pretty("priority", s), n) for s, n in ov.by_priority], ov.total)
        fill_table(self.stale, [[s.reference, person_name_text(s.case_name, s.case_name_native),
                                 _pretty("status", s.status), s.assigned_to,
                                 s.days, s.updated_at] for s in ov.stale],
                   keys=[s.reference for s in ov.stale])
        fill_table(self.overdue, [[i.due, -i.days, i.case_reference,
                                   person_name_text(i.case_name, i.case_name_native),
                                   core_text(i.title), i.assignee] for i in ov.overdue],
                   keys=[as_text(i.due) for i in ov.overdue])
        fill_table(self.recent, [[local_time_text(c.at), c.actor, _pretty("overview", c.action),
                                  c.case_reference, c.fields] for c in ov.recent])
        self.lists.setTabText(0, self.tr("No update for {days} days ({n})").format(
            days=STALE_DAYS, n=count_text(ov.stale_count)))
        self.lists.setTabText(1, self.tr("Overdue follow-ups ({n})").format(
            n=count_text(ov.overdue_count)))
        self.pdf_button.setEnabled(True)
        self.refreshed.emit()

    def _cases_changed(self, _references: list) -> None:
        self.refresh()

    def _activated(self, table: QTableWidget, index) -> None:
        column = 0 if table is self.stale else 2 if table is self.overdue else 3
        item = table.item(index.row(), column)
        if item is not None and item.text():
            self.case_activated.emit(item.text())

    def choose_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the overview as PDF"), "overview.pdf", self.tr("PDF (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_pdf(path)

    def save_pdf(self, path: str | Path) -> BackgroundTask | None:
        """Write the report off the GUI thread; `pdf_saved` fires with the path."""
        ov = self.overview
        if ov is None:
            return None
        self.pdf_button.setEnabled(False)

        def job(progress):
            progress(0, 1, self.tr("Writing the report…"))
            return str(write_overview_pdf(ov, path))

        def done(result: object) -> None:
            self.pdf_button.setEnabled(True)
            self.pdf_saved.emit(str(result))

        def failed(exc: BaseException) -> None:
            self.pdf_button.setEnabled(True)
            show_failure(self, self.tr("Save as PDF failed"), exc)

        self.task = run_in_background(self, self.tr("Saving the overview"), job, done, failed,
                                      ctx=self.ctx)
        return self.task

