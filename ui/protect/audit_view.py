"""The audit log in the GUI: the global log with filters and CSV export, and a case's
history (`CaseHistoryView`) for the case editor to embed.

Both read through casemanager.services.audit; rows are plain AuditRecord objects.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.services import audit as audit_log
from casemanager.services import contacts
from casemanager.services.audit import AuditQuery, AuditRecord
from casemanager.store.database import Database
from casemanager.system.safe_files import atomic_writer
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import local_time_text
from ui.operations.failures import failure_reason
from ui.operations.operation import Operation
from ui.protect import audit_words as words
from ui.widgets.columns import measure_few_rows

GLOBAL_LIMIT = 5000


class AuditModel(QAbstractTableModel):
    AT, USER, ACTION, CASE, WHAT, CHANGES = range(6)
    # Literal QT_TRANSLATE_NOOP strings so pyside6-lupdate sees them; headerData shows them.
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "When"),
        QT_TRANSLATE_NOOP("AuditModel", "User"),
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Case"),
        QT_TRANSLATE_NOOP("AuditModel", "Record"),
        QT_TRANSLATE_NOOP("AuditModel", "Changes"),
    )
    RecordRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None, *, with_case: bool = True) -> None:
        super().__init__(parent)
        self.records: list[AuditRecord] = []
        self.names: dict[int, str] = {}  # contacts the changes refer to, by id
        self.columns = [c for c in range(6) if with_case or c != self.CASE]

    def set_records(self, records: list[AuditRecord], names: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.records = records
        self.names = names or {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[self.columns[section]])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.records[index.row()]
        column = self.columns[index.column()]
        if role == self.RecordRole:
            return r
        if role == Qt.ItemDataRole.UserRole and column == self.AT:  # sort key
            return f"{r.at.isoformat()}|{r.id:012d}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return {
                self.AT: local_time_text(r.at),
                self.USER: r.actor,
                self.ACTION: words.record_action_text(r),
                self.CASE: r.case_reference,
                self.WHAT: words.record_entity_text(r),
                self.CHANGES: words.summary(r, 50, self.names),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CHANGES:
            tip = words.summary(r, 200, self.names).replace("; ", "\n")
            raw = words.raw_names(r)  # a server entry: its table and columns as stored
            return f"{tip}\n\n{stored_as()} {raw}" if raw else tip
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT and words.raw_names(r):
            return f"{stored_as()} {words.raw_names(r)}"
        return None


def stored_as() -> str:
    """Before a server entry's stored names, for whoever administers the server."""
    return QCoreApplication.translate("AuditModel", "In the database:")


def details_text(r: AuditRecord, names: dict[int, str] | None = None) -> str:
    """Everything about one entry, values in full, in the words of the forms."""
    lines = [f"{local_time_text(r.at)} · {r.actor} · {words.record_action_text(r)}"
             + (f" · {r.case_reference}" if r.case_reference else ""), ""]
    before = QCoreApplication.translate("AuditModel", "before:")
    after = QCoreApplication.translate("AuditModel", "after:")
    for name, (old, new) in r.changes.items():
        lines += [f"{words.record_field_label(r, name)}:",
                  f"  {before} {words.value_text(name, old, names) or '—'}",
                  f"  {after} {words.value_text(name, new, names) or '—'}"]
    if words.raw_names(r):
        lines += ["", f"{stored_as()} {words.raw_names(r)}"]
    return "\n".join(lines)


def referenced_names(db: Database, records: list[AuditRecord]) -> dict[int, str]:
    """The names of the contacts these entries refer to (an appeal's recipient…); read
    on the database worker with the entries."""

    def name(contact_id: int) -> str:
        info = contacts.get_contact(db, contact_id)
        return f"{info.name} ({info.organisation})" if info.organisation else info.name

    return words.contact_names(words.referenced_contacts(records), name)


def _table(model: AuditModel) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    measure_few_rows(view)  # a long log: fitted to the rows in sight, not 1,000 of them
    view.setWordWrap(False)
    return view, proxy


class _LogBase(QWidget):
    def _build(self, with_case: bool) -> QSplitter:
        self.model = AuditModel(self, with_case=with_case)
        self.table, self.proxy = _table(self.model)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        return split

    def _show_details(self, current: QModelIndex, _previous=None) -> None:
        record = current.data(AuditModel.RecordRole) if current.isValid() else None
        self.details.setPlainText(details_text(record, self.model.names) if record else "")


class AuditLogView(_LogBase):
    """The global log: filter by case, user, action and days; export what is shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Audit log"))
        self.case = QLineEdit()
        self.case.setPlaceholderText(self.tr("Case, e.g. CM-0012"))
        self.user = QComboBox()
        self.action = QComboBox()
        self.since = QLineEdit()
        self.since.setPlaceholderText(self.tr("From 01.03.2024"))
        self.until = QLineEdit()
        self.until.setPlaceholderText(self.tr("To 31.03.2024"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.count = QLabel()
        apply_button = QPushButton(self.tr("Show"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        bar = QHBoxLayout()
        for w in (self.case, self.user, self.action, self.since, self.until, apply_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        foot = QHBoxLayout()
        foot.addWidget(self.error)
        foot.addStretch(1)
        foot.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self._build(with_case=True))
        layout.addLayout(foot)
        for w in (self.case, self.since, self.until):
            w.returnPressed.connect(self.refresh)
        self.user.activated.connect(self.refresh)
        self.action.activated.connect(self.refresh)
        apply_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(lambda: self.export_csv())
        ctx.changes.cases_changed.connect(lambda _refs: self.refresh())
        for combo, everyone in ((self.user, self.tr("All users")),
                                (self.action, self.tr("All actions"))):
            combo.addItem(everyone, None)
        self.refresh()

    def _fill_choices(self, users: list[str], actions: list[str]) -> None:
        for combo, everyone, values in (
            (self.user, self.tr("All users"), users),
            (self.action, self.tr("All actions"), actions),
        ):
            current = combo.currentData()
            combo.clear()
            combo.addItem(everyone, None)
            for v in values:
                combo.addItem(words.action_text(v) if combo is self.action else v, v)
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def query(self) -> AuditQuery:
        """The filters as typed; raises ValidationError naming a bad date."""
        since = self.since.text().strip()
        until = self.until.text().strip()
        return AuditQuery(
            case=self.case.text().strip() or None,
            user=self.user.currentData(),
            action=self.action.currentData(),
            since=audit_log.parse_day(since, self.tr("From")) if since else None,
            until=audit_log.parse_day(until, self.tr("To")) if until else None,
            limit=GLOBAL_LIMIT,
        )

    def refresh(self) -> Operation | None:
        """Read the entries the filters ask for (and the users and actions to filter
        by) on the database worker; a newer refresh wins."""
        try:
            query = self.query()
        except CaseManagerError as exc:
            self.error.setText(failure_reason(exc))
            return None
        self.error.clear()

        def work(db) -> tuple[list[str], list[str], list[AuditRecord], dict[int, str]]:
            records = audit_log.entries(db, query)
            return (audit_log.users(db), audit_log.actions(db), records,
                    referenced_names(db, records))

        return Operation(self.ctx, parent=self, work=work, key="entries",
                         failure_title=self.windowTitle()).success(self._show).run()

    def _show(self, result: tuple[list[str], list[str], list[AuditRecord], dict[int, str]]) -> None:
        users, actions, records, names = result
        self._fill_choices(users, actions)
        self.model.set_records(records, names)
        self.table.sortByColumn(AuditModel.AT, Qt.SortOrder.DescendingOrder)
        more = self.tr(" (the newest; narrow the filters)") if len(records) >= GLOBAL_LIMIT else ""
        self.count.setText(self.tr("%Ln entries", "", len(records)) + more)

    def export_csv(self, path: str | None = None) -> str | None:
        """Write the entries shown (all of them, not only the visible rows) as CSV."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit log"),
                                                  "audit-log.csv", "CSV (*.csv)")
            if not path:
                return None
        try:  # private (0600) and whole: the log names people and what changed
            with atomic_writer(path, "w", encoding="utf-8-sig", newline="") as fh:
                audit_log.write_csv(self.model.records, fh)
        except CaseManagerError as exc:
            QMessageBox.warning(self, self.tr("Export"), failure_reason(exc))
            return None
        return path


class CaseHistoryView(_LogBase):
    """One case's history, oldest first; embeddable in the case editor."""

    def __init__(self, ctx: AppContext, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = reference
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build(with_case=False))
        ctx.changes.cases_changed.connect(self._on_cases_changed)
        self.refresh()

    def set_reference(self, reference: str) -> None:
        self.reference = reference
        self.refresh()

    def _on_cases_changed(self, refs: list) -> None:
        if not refs or self.reference in refs:
            self.refresh()

    def refresh(self) -> Operation:
        """Read the case's history on the database worker; a newer refresh wins (a case
        deleted meanwhile shows none)."""
        reference = self.reference

        def work(db) -> tuple[list[AuditRecord], dict[int, str]]:
            records = audit_log.case_history(db, reference)
            return records, referenced_names(db, records)

        return Operation(self.ctx, parent=self, work=work, key="history") \
            .success(self._show).failure(lambda _exc: self._show(([], {}))).run()

    def _show(self, result: tuple[list[AuditRecord], dict[int, str]]) -> None:
        self.model.set_records(*result)
        self.table.sortByColumn(AuditModel.AT, Qt.SortOrder.AscendingOrder)
