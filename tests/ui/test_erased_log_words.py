"""The audit view shows an erased family's edit as it stays in the log: who, when, which
fields, the values "(erased)" (services/log_erasure.py; tester A4)."""

from __future__ import annotations

from pathlib import Path

from casemanager.services import contacts
from casemanager.services.log_erasure import erase_contact_details
from casemanager.store.unit_of_work import UnitOfWork
from ui.context import AppContext
from ui.operations.operation import settled
from ui.protect.audit_view import AuditLogView

SHOTS = Path("/tmp/uidreuse-shots")
PHONE = "+998 93 414 27 68"


def test_an_erased_edit_reads_erased_in_the_audit_view(qtbot, sqlite_db):
    contact = contacts.create_contact(sqlite_db, fields={"name": "Зарина Турсунова"},
                                      channels=[("phone", "+998 90 555 12 34")])
    contacts.update_contact(sqlite_db, contact, fields={"address": "Bukhara"},
                            channels=[("phone", PHONE)], actor="pavel")
    with UnitOfWork(sqlite_db, "coordinator") as uow:
        contacts.delete_contact(sqlite_db, contact, uow=uow)
        uow.audit("withdraw", "contact", entity_id=contact, changes={"partner": (None, "Kyiv")})
        assert erase_contact_details(uow.session, contact) == 2
        uow.commit()
    view = AuditLogView(AppContext(sqlite_db, actor="tester"))
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitUntil(settled)
    rows = {r.action: r for r in view.model.records}
    assert rows["update"].actor == "pavel"
    assert rows["update"].changes["channels"] == ("(erased)", "(erased)")
    view.table.selectRow(next(i for i, r in enumerate(view.model.records)
                              if r.action == "update"))
    text = view.details.toPlainText()
    assert "(erased)" in text and PHONE not in text, text
    SHOTS.mkdir(exist_ok=True)
    view.grab().save(str(SHOTS / "audit-erased.png"))
