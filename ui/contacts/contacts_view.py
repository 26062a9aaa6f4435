"""The contacts directory: every person and organisation with kind, country, phones and
e-mails and the cases each is linked to; add, edit and delete through a small dialog."""

from __future__ import annotations

from html import escape as _esc
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import vocab
from casemanager.domain.dto import ContactInfo
from casemanager.services.contacts import delete_contact, list_contacts
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import country_label, person_name_text, relationship_text, word
from ui.operations.operation import Operation

_ROOT = QModelIndex()  # the invisible root: a flat table has no other parent
LIMIT = 2000  # past this the search narrows; nobody scrolls through more by hand
HEADERS = (
    (QT_TRANSLATE_NOOP("ContactsModel", "Name"), 26),
    (QT_TRANSLATE_NOOP("ContactsModel", "Kind"), 10),
    (QT_TRANSLATE_NOOP("ContactsModel", "Organisation"), 22),
    (QT_TRANSLATE_NOOP("ContactsModel", "Country"), 8),
    (QT_TRANSLATE_NOOP("ContactsModel", "Phones"), 18),
    (QT_TRANSLATE_NOOP("ContactsModel", "E-mails"), 26),
    (QT_TRANSLATE_NOOP("ContactsModel", "Cases"), 10),
)
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1


class ContactsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts: list[ContactInfo] = []

    def set_contacts(self, contacts: list[ContactInfo]) -> None:
        self.beginResetModel()
        self.contacts = contacts
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.contacts)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ContactsModel", HEADERS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        c = self.contacts[index.row()]
        if role == CONTACT_ROLE:
            return c
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 6:
            n = len(c.cases)
            if role == Qt.ItemDataRole.ToolTipRole:
                return ", ".join(ref for ref, _name, _rel in c.cases[:30]) or None
            return str(n) if n else ""
        return (
            c.name, word("contact_kind", c.kind), c.organisation, c.country,
            "; ".join(c.values("phone")), "; ".join(c.values("email")),
        )[column]


class ContactsView(QWidget):
    """Emits `open_case_requested(reference)` when a linked case is double-clicked."""

    open_case_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText(self.tr("Search contacts by name or organisation…"))
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Any kind"), "")
        for kind in vocab.CONTACT_KINDS:
            self.kind.addItem(word("contact_kind", kind), kind)
        self.add_button = QPushButton(icon("add"), self.tr("&Add…"), self)
        self.edit_button = QPushButton(icon("edit"), self.tr("&Edit…"), self)
        self.delete_button = QPushButton(icon("remove"), self.tr("&Delete…"), self)
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(self.edit_contact)
        self.delete_button.clicked.connect(self.delete_contact)

        self.model = ContactsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        char = self.fontMetrics().averageCharWidth()
        for n, (_title, chars) in enumerate(HEADERS):
            self.table.setColumnWidth(n, chars * char + 16)
        # The kind column fits its longest word in the interface language.
        kinds = max(self.fontMetrics().horizontalAdvance(word("contact_kind", k)) for k in vocab.CONTACT_KINDS)
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), kinds + 16))
        self.table.activated.connect(lambda _i: self.edit_contact())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())

        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.cases = QListWidget(self)
        self.cases.setObjectName("linkedCases")
        self.cases.itemActivated.connect(self._open_case)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.details)
        self.cases_label = QLabel(self.tr("Linked cases (double-click to open)"), side)
        side_layout.addWidget(self.cases_label)
        side_layout.addWidget(self.cases, 1)

        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 320])

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.kind)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(self.reload)
        ctx.changes.contacts_changed.connect(self.reload)
        # Ctrl+F is the main window's Find action: on this tab it calls focus_search.
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_contact(self) -> ContactInfo | None:
        index = self.table.currentIndex()
        return index.data(CONTACT_ROLE) if index.isValid() else None

    def reload(self) -> None:
        """Query the contacts again on the database worker, keeping the current one
        selected; typing on drops the result of a search it overtook."""
        self._timer.stop()
        query, kind = self.search.text(), self.kind.currentData() or ""
        Operation(
            self.ctx, parent=self, key="search",
            work=lambda db: list_contacts(db, query=query, kind=kind, limit=LIMIT + 1),
        ).success(self._show_contacts).run()

    def _show_contacts(self, contacts: list) -> None:
        current = self.current_contact()
        more = len(contacts) > LIMIT
        self.model.set_contacts(contacts[:LIMIT])
        if more:
            self.count_label.setText(
                self.tr("The first %Ln contact(s) are shown; search to find others.", "",
                        LIMIT))
        else:
            self.count_label.setText(self.tr("%Ln contact(s)", "", len(contacts)))
        row = next(
            (n for n, c in enumerate(self.model.contacts) if current and c.id == current.id), 0
        )
        if self.model.contacts:
            self.table.selectRow(row)
        self._show_details()

    def _show_details(self) -> None:
        c = self.current_contact()
        self.edit_button.setEnabled(c is not None)
        self.delete_button.setEnabled(c is not None)
        self.cases.clear()
        if c is None:
            self.details.setText("")
            return
        lines = [f"<b>{_esc(c.name)}</b> — {_esc(word('contact_kind', c.kind))}"]
        for label, text in (
            (self.tr("Organisation"), c.organisation),
            (self.tr("Address"), c.address.replace("\n", ", ")),
            (self.tr("Country"), country_label(c.country) if c.country else ""),
            (self.tr("Language"), c.language),
        ):
            if text:
                lines.append(f"{_esc(label)}: {_esc(text)}")
        for channel in c.channels:
            label = f" ({_esc(channel.label)})" if channel.label else ""
            lines.append(f"{_esc(word('channel_kind', channel.kind))}: {_esc(channel.value)}{label}")
        if c.notes:
            lines.append(f"<i>{_esc(c.notes)}</i>")
        self.details.setText("<br>".join(lines))
        natives = dict(c.case_native_names)
        for reference, name, relationship in c.cases:
            name = person_name_text(name, natives.get(reference, ""))
            text = f"{reference}  {name}" + (
                f"  ({relationship_text(relationship)})" if relationship else "")
            item = QListWidgetItem(text, self.cases)
            item.setData(Qt.ItemDataRole.UserRole, reference)
        self.cases_label.setVisible(bool(c.cases))

    def _open_case(self, item: QListWidgetItem) -> None:
        self.open_case_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def add_contact(self) -> None:
        from ui.contacts.contact_dialog import ContactDialog

        ContactDialog(self.ctx, None, self).exec()

    def edit_contact(self) -> None:
        from ui.contacts.contact_dialog import ContactDialog

        contact = self.current_contact()
        if contact is not None:
            ContactDialog(self.ctx, contact, self).exec()

    def delete_contact(self) -> None:
        c = self.current_contact()
        if c is None:
            return
        linked = self.tr(" It is linked to %Ln case(s); the links go too.", "", len(c.cases))
        answer = QMessageBox.question(
            self,
            self.tr("Delete contact"),
            self.tr("Delete %s?") % c.name + (linked if c.cases else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        contact_id, actor = c.id, self.ctx.actor
        Operation(self.ctx, parent=self, failure_title=self.tr("Delete contact"),
                  work=lambda db: delete_contact(db, contact_id, actor=actor)
                  ).success(lambda _r: self.ctx.changes.contacts_changed.emit()).run()
