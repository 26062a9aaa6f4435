"""Send to partner… and Receive from partner… driven as a caseworker would, between two
organisations' databases with real keys; then the other side's cases are checked."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from dossier_case import PHONE, make_case  # noqa: E402

from casemanager.bundles import keys  # noqa: E402
from casemanager.reports.dossiers import list_disclosures  # noqa: E402
from casemanager.services.cases import get_case  # noqa: E402
from casemanager.services.queries import list_cases  # noqa: E402
from casemanager.store.database import open_database  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.partners.bundle_dialogs import ReceiveBundleDialog, SendBundleDialog  # noqa: E402


def _ctx(db, tmp_path, name):
    return AppContext(db=db, actor="tester", settings=QSettings(
        str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def two_orgs(sqlite_template, tmp_path, qapp):
    dbs = []
    for name in ("bishkek", "kyiv"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.db")
        db = open_database(str(tmp_path / f"{name}.db"))
        keys.init_keys(db, user_id=name.title())
        dbs.append(db)
    bishkek, kyiv = dbs
    keys.add_partner_key(bishkek, keys.export_public_key(kyiv).encode(), name="Kyiv")
    keys.add_partner_key(kyiv, keys.export_public_key(bishkek).encode(), name="Bishkek")
    yield _ctx(bishkek, tmp_path, "b"), _ctx(kyiv, tmp_path, "k")
    for db in dbs:
        db.dispose()


def click_and_wait(qtbot, dialog, button) -> str:
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_send_then_receive_in_the_window(qtbot, two_orgs, tmp_path):
    bishkek, kyiv = two_orgs
    ref = make_case(bishkek.db, share_icrc=True)
    send = SendBundleDialog(bishkek, [ref])
    qtbot.addWidget(send)
    assert not send.send_button.isEnabled()  # the keys are read on the database worker
    qtbot.waitUntil(lambda: send.keys_read)
    assert send.partner.currentData() == "Kyiv"
    send.profile.setCurrentIndex(send.profile.findData("icrc"))
    assert "items marked confidential" in send.omits.text()
    out = tmp_path / "to-kyiv.pgp"
    send.choose_save_path = lambda: str(out)
    message = click_and_wait(qtbot, send, send.send_button)
    assert "recorded in the disclosure ledger" in message, message
    (entry,) = list_disclosures(bishkek.db, ref)
    assert (entry.kind, entry.recipient, entry.profile) == ("bundle", "Kyiv", "icrc")

    receive = ReceiveBundleDialog(kyiv)
    qtbot.addWidget(receive)
    receive.choose_open_path = lambda: str(out)
    assert click_and_wait(qtbot, receive, receive.open_button) == "Checked"
    assert "(new case)" in receive.report.toPlainText()
    assert list_cases(kyiv.db) == [] and receive.take_button.isEnabled()
    # The file changes after the check: what was checked is what is taken in.
    checked = out.read_bytes()
    out.write_bytes(b"replaced after the check")
    message = click_and_wait(qtbot, receive, receive.take_button)
    out.write_bytes(checked)
    assert message == "Taken in: 1 case."
    (row,) = list_cases(kyiv.db)
    got = get_case(kyiv.db, row.reference)
    assert got.name_native == "Турсунов Алишер Бахтиёрович"
    # The family consented to the ICRC: under the icrc profile their phone travels.
    mother = next(c for c in got.contacts if c.relationship == "mother")
    assert PHONE in mother.contact.values("phone")

    # The same bundle again is refused, in the dialog's words, and nothing changes.
    again = ReceiveBundleDialog(kyiv)
    qtbot.addWidget(again)
    again.choose_open_path = lambda: str(out)
    assert "already received" in click_and_wait(qtbot, again, again.open_button)
    assert "Refused" in again.status.text() and not again.take_button.isEnabled()
    assert len(list_cases(kyiv.db)) == 1


def test_send_says_what_is_missing_without_keys(qtbot, sqlite_db, tmp_path, qapp):
    ref = make_case(sqlite_db)
    dialog = SendBundleDialog(_ctx(sqlite_db, tmp_path, "x"), [ref])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.keys_read)
    assert "keys init" in dialog.status.text() and not dialog.send_button.isEnabled()
