"""The exchanges view: negotiation rounds and swaps, the cases on each list, the batch
release after a swap, and matching published lists of names.

The main window puts the case list's selection on the current exchange's list through
`add_cases(references)`.

Every read and write runs on the database worker (ui/operations/operation.py): the list
of exchanges and the shown exchange are read in one operation, a newer read winning; an
action returns the refreshed view with its result, so the view does not read again from
its own announcement.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casemanager.services import exchanges
from casemanager.services.exchanges import ExchangeDetail
from ui.context import AppContext, CaseChange
from ui.exchanges.exchange_dialogs import MatchDialog, NewExchangeDialog, ReleaseDialog
from ui.followups.followup_widgets import fill_table, readonly_table, selected_keys
from ui.icons import icon
from ui.labels import count_text, date_text, word
from ui.operations.operation import Operation


class ExchangesView(QWidget):
    case_activated = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: ExchangeDetail | None = None
        self.dialog: QDialog | None = None  # the open dialog, kept for callers and tests

        # Two lines an exchange: its date and description, then its counts.
        self.exchanges = QListWidget()
        self.exchanges.setWordWrap(True)
        self.exchanges.setSpacing(2)
        self.exchanges.itemSelectionChanged.connect(self._exchange_selected)
        new = QPushButton(icon("new"), self.tr("New exchange…"))
        new.clicked.connect(self.open_new_dialog)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Exchanges"))
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        lv.addWidget(heading)
        lv.addWidget(self.exchanges, 1)
        lv.addWidget(new, 0, Qt.AlignmentFlag.AlignLeft)

        self.title = QLabel(self.tr("Select an exchange, or create one."))
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.counts = QLabel()
        self.listings = readonly_table([self.tr("Case"), self.tr("Name"), self.tr("Native name"), self.tr("Status"), self.tr("Added"), self.tr("Released")],
            multi=True)
        self.listings.doubleClicked.connect(self._listing_activated)
        self.add_button = QPushButton(icon("add"), self.tr("Add cases…"))
        self.add_button.clicked.connect(self.ask_references)
        self.release_button = QPushButton(self.tr("Mark released…"))
        self.release_button.clicked.connect(self.open_release_dialog)
        self.match_button = QPushButton(icon("find"), self.tr("Match a published list…"))
        self.match_button.clicked.connect(self.open_match_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.release_button)
        buttons.addStretch(1)
        buttons.addWidget(self.match_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.title)
        rv.addWidget(self.counts)
        rv.addWidget(self.listings, 1)
        rv.addLayout(buttons)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 850])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        ctx.changes.changed.connect(self._cases_changed)
        self.refresh()

    # ---------------------------------------------------------------- data

    def current_exchange_id(self) -> int | None:
        items = self.exchanges.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def refresh(self) -> Operation:
        """Read the exchanges and the one shown (the one selected, else the first) on the
        worker; a newer refresh wins."""
        keep = self.current_exchange_id()
        return Operation(self.ctx, parent=self, work=lambda db: _read(db, keep), key="read",
                         failure_title=self.tr("Exchanges")).success(self._fill).run()

    def _fill(self, result: tuple[list, ExchangeDetail | None]) -> None:
        infos, detail = result
        self.exchanges.blockSignals(True)
        self.exchanges.clear()
        for info in infos:
            counts = self.tr("{listed} listed · {released} released").format(
                listed=count_text(info.listed), released=count_text(info.released))
            item = QListWidgetItem(f"{info.title}\n{counts}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.description)
            self.exchanges.addItem(item)
            if detail is not None and info.id == detail.info.id:
                self.exchanges.setCurrentItem(item)
        self.exchanges.blockSignals(False)
        self._show(detail)

    def select_exchange(self, exchange_id: int) -> None:
        for r in range(self.exchanges.count()):
            item = self.exchanges.item(r)
            if item.data(Qt.ItemDataRole.UserRole) == exchange_id:
                self.exchanges.setCurrentItem(item)
                self._exchange_selected()
                return

    def _exchange_selected(self) -> None:
        exchange_id = self.current_exchange_id()
        if exchange_id is None:
            self._show(None)
            return
        Operation(self.ctx, parent=self, work=lambda db: _read(db, exchange_id), key="read",
                  failure_title=self.tr("Exchanges")).success(self._fill).run()

    def _show(self, detail: ExchangeDetail | None) -> None:
        self.detail = detail
        has = detail is not None
        for b in (self.add_button, self.release_button):
            b.setEnabled(has)
        if detail is None:
            self.title.setText(self.tr("Select an exchange, or create one."))
            self.counts.setText("")
            fill_table(self.listings, [])
            return
        self.title.setText(self.tr("Exchange {title}").format(title=detail.info.title))
        self.title.setToolTip(detail.info.description)
        waiting = detail.info.listed - detail.info.released
        self.counts.setText(self.tr("{listed} on the list · {released} released · {waiting} "
                                    "waiting").format(listed=count_text(detail.info.listed),
                                                      released=count_text(detail.info.released),
                                                      waiting=count_text(waiting)))
        self.release_button.setEnabled(waiting > 0)
        fill_table(self.listings, [
            [li.reference, li.case_name, li.name_native, word("status", li.status),
             f"{date_text(li.added_at)}, {li.added_by}" if li.added_by else date_text(li.added_at),
             date_text(li.released_date)]
            for li in detail.listings
        ], keys=[li.reference for li in detail.listings])

    def selected_listings(self) -> list[str]:
        return selected_keys(self.listings)

    def _cases_changed(self, change: CaseChange) -> None:
        if change.initiator is not self:  # its own actions bring their refreshed view
            self.refresh()

    def _listing_activated(self, index) -> None:
        item = self.listings.item(index.row(), 0)
        if item is not None:
            self.case_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    # ---------------------------------------------------------------- actions

    def add_cases(self, references: list[str]) -> Operation | None:
        """Put cases (e.g. the case list's selection) on the current exchange's list, on
        the worker; the operation's result is (references added, the refreshed view)."""
        exchange_id = self.current_exchange_id()
        if exchange_id is None:
            QMessageBox.information(self, self.tr("Add cases"),
                                    self.tr("Select or create an exchange first."))
            return None
        actor = self.ctx.actor

        def work(db) -> tuple[list[str], tuple]:
            added = exchanges.add_cases(db, exchange_id, references, actor=actor)
            return added, _read(db, exchange_id)

        return (Operation(self.ctx, parent=self, work=work, failure_title=self.tr("Add cases"))
                .success(lambda result: self._fill(result[1]))
                .announce("exchange", lambda result: result[0]).run())

    def ask_references(self) -> None:
        text, ok = QInputDialog.getText(
            self, self.tr("Add cases"),
            self.tr("References of the cases to put on the list (e.g. CM-0012 CM-0040):"))
        if ok and text.strip():
            self.add_cases([r for r in re.split(r"[\s,;]+", text) if r])

    def open_new_dialog(self) -> NewExchangeDialog:
        dialog = NewExchangeDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._created(dialog.created_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _created(self, exchange_id: int | None) -> None:
        Operation(self.ctx, parent=self, work=lambda db: _read(db, exchange_id), key="read",
                  failure_title=self.tr("Exchanges")).success(self._fill).run()

    def open_release_dialog(self) -> ReleaseDialog | None:
        if self.detail is None:
            return None
        dialog = ReleaseDialog(self.ctx, self.detail, self)
        selected = self.selected_listings()
        if selected:
            dialog.set_checked(selected)
        # The dialog announces the release; the view reads again from the announcement.
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_match_dialog(self) -> MatchDialog:
        title = self.detail.info.title if self.detail is not None else ""
        exchange_id = self.detail.info.id if self.detail is not None else None
        dialog = MatchDialog(self.ctx, exchange_id, title, self)
        self.dialog = dialog
        dialog.open()
        return dialog


def _read(db, exchange_id: int | None) -> tuple[list, ExchangeDetail | None]:
    """On the worker: every exchange, and the one to show (`exchange_id` when it still
    exists, else the first; None when there are none)."""
    infos = exchanges.list_exchanges(db)
    ids = [info.id for info in infos]
    shown = exchange_id if exchange_id in ids else (ids[0] if ids else None)
    return infos, exchanges.get_exchange(db, shown) if shown is not None else None
