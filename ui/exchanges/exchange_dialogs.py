"""Dialogs of the exchanges view: a new exchange, the batch release after a swap, and
matching a published list of names against our cases.

What they read and write runs on the database worker (ui/operations/operation.py); a
dialog closes when its operation has succeeded and stays open, with the failure shown
as one line, when it has not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.partialdate import PartialDate
from casemanager.services.exchanges import (
    NOT_LISTABLE,
    ExchangeDetail,
    add_cases,
    create_exchange,
    match_published_list,
    release_cases,
)
from casemanager.services.published_lists import MatchReport, parse_names, read_names
from ui.context import AppContext
from ui.followups.followup_widgets import fill_table, readonly_table
from ui.labels import count_text, word
from ui.operations.operation import Operation
from ui.widgets.fit import fit_to_screen
from ui.widgets.partial_date_edit import PartialDateEdit


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _date_reads(edit: PartialDateEdit) -> bool:
    """False, the field marked with its reason, when its text is not a date as the window
    writes dates (sent on, the core would read `11/20/2026` otherwise or not at all)."""
    if edit.is_valid():
        return True
    edit.mark_error()
    edit.setFocus()
    return False


class NewExchangeDialog(QDialog):
    """Record a negotiation round or swap: a (partial) date and a description."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: int | None = None
        self.setWindowTitle(self.tr("New exchange"))
        self.date = PartialDateEdit()  # read and hinted as the window writes dates
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            self.tr("Who negotiates, where, what was announced…"))
        self.description.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Date:"), self.date)
        form.addRow(self.tr("Description:"), self.description)
        self.buttons = _buttons(self, self.tr("Create"))
        form.addRow(self.buttons)
        self.resize(460, 240)

    def accept(self) -> None:
        if not _date_reads(self.date):
            return
        date, description, actor = (self.date.service_text(), self.description.toPlainText(),
                                    self.ctx.actor)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        Operation(self.ctx, parent=self, failure_title=self.windowTitle(),
                  work=lambda db: create_exchange(db, date=date, description=description,
                                                  actor=actor)
                  ).success(self._created).finally_(lambda: ok.setEnabled(True)).run()

    def _created(self, exchange_id: int) -> None:
        self.created_id = exchange_id
        super().accept()


class ReleaseDialog(QDialog):
    """After the swap: tick the cases released, give the date, release them in one step."""

    def __init__(self, ctx: AppContext, detail: ExchangeDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.released: list[str] = []
        self.setWindowTitle(self.tr("Mark released"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Exchange {title}: tick the people who were released.")
                                .format(title=detail.info.title)))
        self.list = QListWidget()
        for li in detail.listings:
            if li.released:
                continue
            native = f" · {li.name_native}" if li.name_native else ""
            item = QListWidgetItem(f"{li.reference}  {li.case_name}{native}")
            item.setData(Qt.ItemDataRole.UserRole, li.reference)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        picks = QHBoxLayout()
        self.all_button = QPushButton(self.tr("Tick all"))
        self.all_button.clicked.connect(lambda: self._tick(Qt.CheckState.Checked))
        none = QPushButton(self.tr("Tick none"))
        none.clicked.connect(lambda: self._tick(Qt.CheckState.Unchecked))
        for b in (self.all_button, none):
            b.setAutoDefault(False)
            picks.addWidget(b)
        picks.addStretch(1)
        self.count = QLabel()
        picks.addWidget(self.count)
        layout.addLayout(picks)
        form = QFormLayout()
        self.date = PartialDateEdit()
        self.date.setDate(PartialDate.today())  # as the window writes dates
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("e.g. Coordination HQ statement"))
        self.note = QLineEdit()
        form.addRow(self.tr("Released on:"), self.date)
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Note:"), self.note)
        layout.addLayout(form)
        self.buttons = _buttons(self, self.tr("Mark released"))
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update_count)
        self._update_count()
        self.resize(620, 460)

    def _tick(self, state: Qt.CheckState) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, references: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in references
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _update_count(self, *_args) -> None:
        n = len(self.checked())
        self.count.setText(self.tr("{n} of {total} ticked").format(n=count_text(n), total=count_text(self.list.count())))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(n > 0)

    def accept(self) -> None:
        if not _date_reads(self.date):
            return
        exchange_id, checked = self.detail.info.id, self.checked()
        date, source, note = self.date.service_text(), self.source.text(), self.note.text()
        actor = self.ctx.actor
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        Operation(self.ctx, parent=self, failure_title=self.windowTitle(),
                  work=lambda db: release_cases(db, exchange_id, checked, date=date,
                                                source=source, note=note, actor=actor)
                  ).success(self._released).announce("status", lambda refs: refs) \
            .finally_(self._update_count).run()

    def _released(self, references: list[str]) -> None:
        self.released = references
        super().accept()


class MatchDialog(QDialog):
    """Paste or load a published list; see who on it is ours, who of ours is missing,
    and whom we have no case for."""

    def __init__(self, ctx: AppContext, exchange_id: int | None, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exchange_id = exchange_id
        self.report: MatchReport | None = None
        self.setWindowTitle(self.tr("Match a published list"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("Paste the list (one name a line) or load a file:")))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("1. Турсунов Алишер Бахтиёрович, 1994\n2. Tursunov Alisher")
        lv.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Load file…"))
        self.load_button.clicked.connect(self.choose_file)
        self.match_button = QPushButton(self.tr("Match"))
        self.match_button.setDefault(True)
        self.match_button.clicked.connect(self.run_match)
        row.addWidget(self.load_button)
        row.addStretch(1)
        row.addWidget(self.match_button)
        lv.addLayout(row)

        self.tabs = QTabWidget()
        self.ours = readonly_table([self.tr("Name on the list"), self.tr("Case"), self.tr("Our name"), self.tr("Status"), self.tr("Score"), self.tr("Also possible")])
        self.missing = readonly_table([self.tr("Case"), self.tr("Name"), self.tr("Native name"), self.tr("Status")])
        self.unknown = readonly_table([self.tr("Name on the list")])
        self.tabs.addTab(self.ours, self.tr("On the list, ours"))
        self.tabs.addTab(self.missing, self.tr("Ours, not on it"))
        self.tabs.addTab(self.unknown, self.tr("No case for"))
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        scope = (self.tr("Compared with the list of exchange {title}.").format(title=title)
                 if exchange_id is not None
                 else self.tr("Compared with every case listed for an exchange."))
        self.summary = QLabel(scope)
        self.summary.setWordWrap(True)
        rv.addWidget(self.summary)
        rv.addWidget(self.tabs, 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([250, 750])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # The list is official: put those of ours on it onto this exchange's list too.
        self.add_button = close.addButton(self.tr("Put ours on this exchange's list"),
                                          QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.setEnabled(False)
        self.add_button.setVisible(exchange_id is not None)
        self.add_button.clicked.connect(self.add_matched)
        self.added: list[str] = []
        layout.addWidget(close)
        self.scope = scope
        fit_to_screen(self, 1000, 560)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a list of names"), "",
            self.tr("Lists (*.csv *.xlsx *.txt);;All files (*)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> Operation:
        """Read the file and match its names, on the worker."""
        exchange_id = self.exchange_id

        def work(db) -> tuple[list[str], MatchReport]:
            names = read_names(path)
            return names, match_published_list(db, names, exchange_id=exchange_id)

        def loaded(result: tuple[list[str], MatchReport]) -> None:
            self.text.setPlainText("\n".join(result[0]))
            self._show_report(result[1])

        return Operation(self.ctx, parent=self, work=work, key="match",
                         failure_title=self.windowTitle()).success(loaded).run()

    def run_match(self) -> Operation:
        """Match the names in the text on the worker; a newer match wins."""
        names, exchange_id = parse_names(self.text.toPlainText()), self.exchange_id
        return Operation(self.ctx, parent=self, key="match", failure_title=self.windowTitle(),
                         work=lambda db: match_published_list(db, names,
                                                              exchange_id=exchange_id)
                         ).success(self._show_report).run()

    def _show_report(self, report: MatchReport) -> None:
        self.report = report
        fill_table(self.ours, [[m.name, m.reference, m.case_name, word("status", m.status),
                                m.score, " ".join(m.alternatives)] for m in report.matched])
        fill_table(self.missing, [[c.reference, c.case_name, c.name_native,
                                   word("status", c.status)] for c in report.missing])
        fill_table(self.unknown, [[n] for n in report.unmatched])
        self.tabs.setTabText(0, self.tr("On the list, ours ({n})").format(
            n=count_text(len(report.matched))))
        self.tabs.setTabText(1, self.tr("Ours, not on it ({n})").format(
            n=count_text(len(report.missing))))
        self.tabs.setTabText(2, self.tr("No case for ({n})").format(
            n=count_text(len(report.unmatched))))
        namesakes = sum(1 for m in report.matched if m.alternatives)
        extra = ""
        if namesakes == 1:
            extra = self.tr(" One name fits more than one case: check “Also possible”.")
        elif namesakes:
            extra = self.tr(" {n} names fit more than one case: check “Also possible”.").format(
                n=count_text(namesakes))
        self.summary.setText(self.scope + extra)
        self.add_button.setEnabled(bool(self._addable()))

    def _addable(self) -> list[str]:
        if self.report is None or self.exchange_id is None:
            return []
        return [m.reference for m in self.report.matched
                if m.status not in NOT_LISTABLE and m.status != "exchange_listed"]

    def add_matched(self) -> Operation | None:
        """Put the matched cases not yet listed on the exchange's list (one transaction),
        then match again, on the worker."""
        refs, exchange_id = self._addable(), self.exchange_id
        if not refs or exchange_id is None:
            return None
        names, actor = parse_names(self.text.toPlainText()), self.ctx.actor

        def work(db) -> tuple[list[str], MatchReport]:
            added = add_cases(db, exchange_id, refs, actor=actor, source="published list")
            return added, match_published_list(db, names, exchange_id=exchange_id)

        def done(result: tuple[list[str], MatchReport]) -> None:
            self.added = result[0]
            self._show_report(result[1])

        self.add_button.setEnabled(False)
        return (Operation(self.ctx, parent=self, work=work, key="match",
                          failure_title=self.windowTitle())
                .success(done).announce("exchange", lambda result: result[0]).run())
