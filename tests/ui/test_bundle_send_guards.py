"""The window's side of issue 20's tester's findings 1, 7, 11, 12 and 21: Send to
partner… never replaces the open database, refuses a merged case, asks about unsaved
edits; a partner's claim decided while the case has unsaved edits saves them first."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from dossier_case import make_case  # noqa: E402
from editor_helpers import field, open_editor, save, settle, type_into  # noqa: E402

from casemanager.bundles import keys  # noqa: E402
from casemanager.bundles.receive import receive_bundle  # noqa: E402
from casemanager.bundles.send import send_bundle  # noqa: E402
from casemanager.reports.dossiers import list_disclosures  # noqa: E402
from casemanager.services import cases  # noqa: E402
from casemanager.services.merge import merge_cases  # noqa: E402
from casemanager.services.queries import list_cases  # noqa: E402
from casemanager.store.database import open_database  # noqa: E402
from tests.ui.test_window_keys import full_window  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.partners.bundle_dialogs import SendBundleDialog  # noqa: E402


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


def _send(qtbot, dialog, target: str) -> str:
    qtbot.waitUntil(lambda: dialog.keys_read)
    dialog.choose_save_path = lambda: target
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_send_never_replaces_the_open_database(qtbot, two_orgs, tmp_path, boxes):
    bishkek, _kyiv = two_orgs
    ref = make_case(bishkek.db)
    path = bishkek.db.path
    with bishkek.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    (tmp_path / "alias.db").symlink_to(path)
    before = _digest(path)
    for target in (str(path), str(tmp_path / "alias.db"), f"{path}-wal"):
        dialog = SendBundleDialog(bishkek, [ref])
        qtbot.addWidget(dialog)
        message = _send(qtbot, dialog, target)
        assert "open database" in message, message
        assert "open database" in dialog.status.text()
        assert _digest(path) == before
    # Said in a box too: the save dialog's own "Replace?" was just answered Yes.
    assert [kind for kind, _t, _x in boxes] == ["warning"] * 3
    assert all("open database" in text for _k, _t, text in boxes)
    assert list_disclosures(bishkek.db, ref) == []
    assert [c.reference for c in list_cases(bishkek.db)] == [ref]


def test_send_refuses_a_merged_case_and_fits_what_it_says(qtbot, two_orgs, tmp_path):
    bishkek, _kyiv = two_orgs
    keep = make_case(bishkek.db)
    gone = cases.create_case(bishkek.db, fields={"family_name": "Tursunov",
                                                 "given_name": "Alisher"}).reference
    merge_cases(bishkek.db, keep, gone)
    dialog = SendBundleDialog(bishkek, [gone])
    qtbot.addWidget(dialog)
    dialog.show()
    message = _send(qtbot, dialog, str(tmp_path / "gone.pgp"))
    assert f"{gone} was merged into {keep}; send {keep}" in message
    assert not (tmp_path / "gone.pgp").exists()
    # After sending, the dialog shows the whole message (the file's long path wraps).
    dialog = SendBundleDialog(bishkek, [keep])
    qtbot.addWidget(dialog)
    dialog.show()
    deep = tmp_path / ("a-long-folder-name-" * 4) / "to-kyiv.pgp"
    deep.parent.mkdir()
    message = _send(qtbot, dialog, str(deep))
    assert "(1 case)" in message, message
    qtbot.waitUntil(lambda: dialog.status.height() >= dialog.status.heightForWidth(
        dialog.status.width()))
    assert dialog.status.width() <= dialog.width()
    grab = dialog.grab()
    grab.save(str(tmp_path / "sent.png"))


def _claim(two_orgs, tmp_path) -> str:
    """A case of Bishkek's with Kyiv's claim on its capture place."""
    bishkek, kyiv = two_orgs
    ref = make_case(bishkek.db)
    sent = send_bundle(bishkek.db, [ref], to="Kyiv", output=tmp_path / "b2k.pgp")
    receive_bundle(kyiv.db, (tmp_path / "b2k.pgp").read_bytes())
    (theirs,) = list_cases(kyiv.db)
    cases.update_case(kyiv.db, theirs.reference, fields={"capture_place": "near Pokrovsk"})
    send_bundle(kyiv.db, [theirs.reference], to="Bishkek", output=tmp_path / "k2b.pgp")
    report = receive_bundle(bishkek.db, (tmp_path / "k2b.pgp").read_bytes())
    assert report.cases[0].claims and sent.references == (ref,)
    return ref


def test_accepting_a_claim_with_unsaved_edits_saves_them_first(qtbot, two_orgs,
                                                               tmp_path, monkeypatch):
    bishkek, _kyiv = two_orgs
    ref = _claim(two_orgs, tmp_path)
    editor = open_editor(qtbot, bishkek, ref)
    settle(qtbot)
    assert editor.claims.isVisible()
    editor.tabs.setCurrentWidget(editor.service)
    type_into(qtbot, field(editor, "unit"), "the 5th brigade")
    assert editor.is_dirty()
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    accept = next(b for b in editor.claims.findChildren(QPushButton)
                  if b.text() == "Accept theirs")
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)  # Cancel: nothing happens
    settle(qtbot)
    assert len(asked) == 1 and "not saved" in asked[0]
    assert editor.is_dirty() and editor.claims.isVisible()
    assert cases.get_case(bishkek.db, ref).capture_place == "near Avdiivka"
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)  # Save: saved, then accepted
    settle(qtbot)
    qtbot.waitUntil(lambda: not editor.claims.isVisible())
    stored = cases.get_case(bishkek.db, ref)
    assert (stored.unit, stored.capture_place) == ("the 5th brigade", "near Pokrovsk")
    assert not editor.is_dirty()
    assert field(editor, "capture_place").text() == "near Pokrovsk"
    # The next edit saves without a conflict with "someone else".
    type_into(qtbot, field(editor, "unit"), "the 6th brigade")
    assert save(qtbot, editor)
    assert cases.get_case(bishkek.db, ref).unit == "the 6th brigade"


def test_send_to_partner_asks_about_unsaved_edits(named_ctx, qtbot, monkeypatch):
    window = full_window(named_ctx, qtbot)
    ref = list_cases(named_ctx.db)[0].reference
    editor = window.open_case(ref)
    settle(qtbot)
    editor.tabs.setCurrentWidget(editor.service)
    type_into(qtbot, field(editor, "unit"), "typed, not saved")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    action = window.actions_by_name["send_to_partner"]
    action.trigger()  # Cancel: no dialog, nothing saved
    assert len(asked) == 1 and ref in asked[0] and "as it is saved" in asked[0]
    assert getattr(window, "_send_dialog", None) is None and editor.is_dirty()
    action.trigger()  # Save: saved, then the dialog
    settle(qtbot)
    assert not editor.is_dirty()
    assert cases.get_case(named_ctx.db, ref).unit == "typed, not saved"
    assert isinstance(window._send_dialog, SendBundleDialog)
    window._send_dialog.close()


def test_the_receive_dialog_offers_armored_bundles(qtbot, two_orgs, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.partners.bundle_dialogs import ReceiveBundleDialog

    bishkek, _kyiv = two_orgs
    offered: list[str] = []

    def chooser(_parent, _title, _folder, filters, *_a, **_k):
        offered.append(filters)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(chooser))
    dialog = ReceiveBundleDialog(bishkek)
    qtbot.addWidget(dialog)
    assert dialog.choose_open_path() == ""
    (first,) = offered
    assert "*.asc" in first.split(";;")[0]  # `gpg --armor` bundles are not hidden


def test_receive_from_partner_asks_about_unsaved_edits(named_ctx, qtbot, monkeypatch):
    """Re-test finding of issue 20: receiving while a case had unsaved edits gave no
    warning, and Save then met a conflict with the bundle's change."""
    from ui.partners.bundle_dialogs import ReceiveBundleDialog

    window = full_window(named_ctx, qtbot)
    ref = list_cases(named_ctx.db)[0].reference
    editor = window.open_case(ref)
    settle(qtbot)
    editor.tabs.setCurrentWidget(editor.service)
    type_into(qtbot, field(editor, "unit"), "typed before receiving")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    action = window.actions_by_name["receive_from_partner"]
    action.trigger()  # Cancel: no dialog, nothing saved
    assert len(asked) == 1 and ref in asked[0] and "bundle may change it" in asked[0]
    assert getattr(window, "_receive_dialog", None) is None and editor.is_dirty()
    action.trigger()  # Save: saved, then the dialog
    settle(qtbot)
    assert not editor.is_dirty()
    assert cases.get_case(named_ctx.db, ref).unit == "typed before receiving"
    assert isinstance(window._receive_dialog, ReceiveBundleDialog)
    window._receive_dialog.close()
    # Nothing unsaved: no question.
    action.trigger()
    assert len(asked) == 2
    window._receive_dialog.close()
