"""A row changed beside the application on a real server leaves the server's own entry
(`direct_change`, migrations 0015/0016), naming the table and columns as stored. The
case's history in the window says them in the forms' words (Russian too), the stored
names one hover away; `casemanager audit` says them in words too, `--raw` as stored
(tester C1: `contact_channels`, `operation: — → UPDATE` in both)."""

from __future__ import annotations

import pytest
from editor_helpers import settle
from PySide6.QtCore import Qt

from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures
from tests.core.test_roles_contact_log import _mother
from ui.protect.audit_view import AuditModel, CaseHistoryView

pytestmark = pytest.mark.postgres

CHANGE = ("BEGIN; UPDATE contact_channels SET value = '+7 900 111 22 33' WHERE contact_id = {m} "
          "AND kind = 'phone'; UPDATE contacts SET address = 'Moscow, Lubyanka 2' WHERE id = {m}; "
          "COMMIT;")


def _changed_beside(office) -> str:  # noqa: F811
    refs = seed(office.owner, office)
    r = office.psql("caseworker", CHANGE.format(m=_mother(office)))
    assert r.returncode == 0, r.stderr
    return refs["open"]


def test_the_command_line_says_the_server_s_entries_in_words_and_raw_on_request(office):  # noqa: F811
    ref = _changed_beside(office)
    office.first_sign_in("coordinator")
    r = office.cli("coordinator", "audit", "--case", ref)
    assert r.returncode == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if "direct_change" in x]
    assert len(lines) == 2, r.stdout
    assert "contact's phone, e-mail or messenger" in lines[0] and "contact " in lines[1]
    assert "change: — → changed; phone: +998 90 123 45 67 → +7 900 111 22 33" in lines[0]
    assert "contact_channels" not in r.stdout and "UPDATE" not in r.stdout
    assert "operation" not in r.stdout
    r = office.cli("coordinator", "audit", "--case", ref, "--raw")
    assert r.returncode == 0, r.stderr
    assert "contact_channels" in r.stdout and "operation: — → UPDATE" in r.stdout


def test_the_case_history_says_them_in_the_forms_words_in_russian(office, qtbot, ctx_factory,  # noqa: F811
                                                                 russian):
    ref = _changed_beside(office)
    view = CaseHistoryView(ctx_factory(office.owner), ref)
    qtbot.addWidget(view)
    settle(qtbot)
    model = view.model
    rows = [r for r, rec in enumerate(model.records) if rec.action == "direct_change"]
    assert len(rows) == 2

    def cell(row: int, column: int, role=Qt.ItemDataRole.DisplayRole) -> str:
        return model.data(model.index(row, model.columns.index(column)), role)

    channel, contact = sorted(rows, key=lambda r: model.records[r].entity != "contact_channels")
    assert cell(channel, AuditModel.WHAT) == "телефон, эл. почта или мессенджер контакта"
    assert cell(channel, AuditModel.CHANGES) == (
        "Изменение: — → изменено; Телефон: +998 90 123 45 67 → +7 900 111 22 33")
    assert cell(contact, AuditModel.WHAT) == "контакт"
    assert cell(contact, AuditModel.CHANGES).startswith("Изменение: — → изменено; Адрес: ")
    # The stored names, for whoever administers the server: one hover away.
    tip = cell(channel, AuditModel.CHANGES, Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("В базе данных: contact_channels.operation, contact_channels.phone")
    assert cell(channel, AuditModel.WHAT, Qt.ItemDataRole.ToolTipRole) == (
        "В базе данных: contact_channels.operation, contact_channels.phone")
    # The application's own entry linking the contact names its field in words as well.
    changes = [cell(r, AuditModel.CHANGES) for r in range(len(model.records))]
    assert not [c for c in changes if "contact:" in c], changes
    assert any(c.startswith("Контакт: — → Дилноза Турсунова") for c in changes), changes
