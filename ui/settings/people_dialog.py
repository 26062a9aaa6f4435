"""Settings > People…: a coordinator's list of the server's people, to add a person with a
role (the first password is shown here once), change a role, disable or enable a login,
give someone who forgot their password a new first password (shown once too).

Everything goes through casemanager.services.access; the server decides (only coordinators may
manage people) and a refusal is shown as its one line. Offered only on a server and to
coordinators (the Settings dialog hides the button otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import CaseManagerError
from casemanager.services import access
from ui.context import AppContext
from ui.operations.failures import failure_reason
from ui.operations.operation import Operation


class PeopleDialog(QDialog):
    COLUMNS = ("login", "role", "enabled", "must_change_password")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("People"))
        layout = QVBoxLayout(self)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Login"), self.tr("Role"), self.tr("Can sign in"),
             self.tr("First password")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # An office's people at a glance: about ten rows before it scrolls.
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + 10 * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth())
        layout.addWidget(self.table, 1)

        selected = QHBoxLayout()
        self.role = QComboBox()
        for role in access.ROLES:
            self.role.addItem(self._role_title(role), role)
        self.change_role = QPushButton(self.tr("Give &role"))
        self.disable = QPushButton(self.tr("&Disable"))
        self.enable = QPushButton(self.tr("&Enable"))
        self.reset = QPushButton(self.tr("New first &password…"))
        self.reset.setToolTip(self.tr("For someone who forgot their password: a new first "
                                      "password, shown here once; they choose their own at "
                                      "their next sign-in"))
        for w in (self.role, self.change_role, self.disable, self.enable, self.reset):
            selected.addWidget(w)
        layout.addLayout(selected)

        add = QHBoxLayout()
        self.new_login = QLineEdit()
        self.new_login.setPlaceholderText(self.tr("login, e.g. malika.k"))
        self.new_role = QComboBox()
        for role in access.ROLES:
            self.new_role.addItem(self._role_title(role), role)
        self.new_role.setCurrentIndex(access.ROLES.index("caseworker"))
        self.add = QPushButton(self.tr("&Add person"))
        for part in (self.new_login, self.new_role, self.add):
            add.addWidget(part)
        layout.addLayout(add)

        # The first password is shown here once; it is never stored by Case Manager.
        self.first_password = QLineEdit()
        self.first_password.setReadOnly(True)
        self.first_password.hide()
        self.first_password_note = QLabel()
        self.first_password_note.setWordWrap(True)
        self.first_password_note.hide()
        layout.addWidget(self.first_password_note)
        layout.addWidget(self.first_password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.add.clicked.connect(self._add)
        self.change_role.clicked.connect(self._change_role)
        self.disable.clicked.connect(lambda: self._set_enabled(False))
        self.enable.clicked.connect(lambda: self._set_enabled(True))
        self.reset.clicked.connect(self._reset_password)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.setMinimumWidth(560)
        self.refresh()

    def _role_title(self, role: str) -> str:
        return {"coordinator": self.tr("Coordinator"), "caseworker": self.tr("Caseworker"),
                "volunteer": self.tr("Volunteer")}[role]

    def refresh(self) -> Operation:
        """Read the people again from the server, on the database worker."""
        self.message.hide()
        return Operation(self.ctx, parent=self, work=access.people, key="people") \
            .success(self._fill).failure(self._fail).run()

    def _fill(self, people: list[access.Person]) -> None:
        self.table.setRowCount(len(people))
        yes, no = self.tr("yes"), self.tr("no")
        for row, p in enumerate(people):
            cells = (p.login, self._role_title(p.role), yes if p.enabled else no,
                     self.tr("not changed yet") if p.must_change_password else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p)
                self.table.setItem(row, col, item)
        self._selection_changed()

    def selected(self) -> access.Person | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_person(self, login: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == login:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        person = self.selected()
        for w in (self.role, self.change_role, self.disable, self.enable, self.reset):
            w.setEnabled(person is not None)
        if person is not None:
            self.role.setCurrentIndex(access.ROLES.index(person.role))
            self.disable.setEnabled(person.enabled)
            self.enable.setEnabled(not person.enabled)

    def _fail(self, exc: BaseException) -> None:
        self.message.setText(failure_reason(exc))
        self.message.show()

    def _run(self, action: Callable[[Any], Any], login: str,
             then: Callable[[Any], None] | None = None) -> Operation:
        """`action(db)` on the database worker, then the people read again in the same
        operation; the table shows them with `login` selected."""
        self.message.hide()

        def work(db) -> tuple[Any, list[access.Person]]:
            return action(db), access.people(db)

        def done(result: tuple[Any, list[access.Person]]) -> None:
            if then is not None:
                then(result[0])
            self._fill(result[1])
            self.select_person(login)

        return Operation(self.ctx, parent=self, work=work).success(done) \
            .failure(self._fail).run()

    def _add(self) -> None:
        typed, role = self.new_login.text().strip(), self.new_role.currentData()
        login = access.normal_login(typed)

        def added(password: str) -> None:
            note = self.tr("First password of %1, shown only now: give it to them in person; "
                           "they choose their own at first sign-in.").replace("%1", login)
            if login != typed:
                note = self.tr("Login names are lower case: %1 is %2.").replace(
                    "%1", typed).replace("%2", login) + " " + note
            self._show_password(note, password)
            self.new_login.clear()

        self._run(lambda db: access.add_person(db, login, role), login, added)

    def _show_password(self, note: str, password: str) -> None:
        self.first_password_note.setText(note)
        self.first_password.setText(password)
        self.first_password_note.show()
        self.first_password.show()

    def _reset_password(self) -> None:
        person = self.selected()
        if person is None:
            return
        answer = QMessageBox.question(
            self, self.tr("New first password"),
            self.tr("Give %1 a new first password? The password they have now stops "
                    "working; they choose their own at their next sign-in.")
            .replace("%1", person.login))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def given(password: str) -> None:
            self._show_password(self.tr(
                "New first password of %1, shown only now: give it to them in person; "
                "they choose their own at their next sign-in.").replace("%1", person.login),
                password)

        self._run(lambda db: access.reset_password(db, person.login), person.login, given)

    def _change_role(self) -> None:
        person, role = self.selected(), self.role.currentData()
        if person is not None:
            self._run(lambda db: access.set_role(db, person.login, role), person.login)

    def _set_enabled(self, enabled: bool) -> None:
        person = self.selected()
        if person is not None:
            def said(still_open: int) -> None:
                if still_open:
                    # Never claim the sessions ended: the owner may not end them.
                    self.message.setText(self.tr(
                        "Could not end the sessions {login} has open now (the database's "
                        "owner lacks pg_signal_backend): they last until closed."
                    ).format(login=person.login))
                    self.message.show()

            self._run(lambda db: access.set_enabled(db, person.login, enabled), person.login,
                      then=said)


def people_offered_on(db) -> bool:
    """The Settings dialog shows People… on a server, to coordinators (on the worker)."""
    try:
        return access.session_role(db) == "coordinator"
    except CaseManagerError:
        return False

