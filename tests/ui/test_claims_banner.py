"""Partners' claims in the case window: shown above the sections, decided with a click."""

from __future__ import annotations

from editor_helpers import field, make_context, open_editor, settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from casemanager.services import cases
from casemanager.store.models import AuditEntry, Case, PartnerClaim


def _claim(db, reference: str, name: str, value: str) -> None:
    # As receiving a bundle leaves it (casemanager.bundles.receive keeps a differing
    # value as the partner's claim); the bundle round trip itself is tested in the core.
    with db.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == reference))
        s.add(PartnerClaim(case_id=case_id, partner="Kyiv", field=name, value=value,
                           bundle_id="b-1"))
        s.commit()


def _button(banner, text: str, index: int = 0) -> QPushButton:
    return [b for b in banner.findChildren(QPushButton) if b.text() == text][index]


def test_the_caseworker_accepts_one_claim_and_keeps_ours_for_another(
        qtbot, sqlite_db, tmp_path, boxes):
    ctx = make_context(sqlite_db, tmp_path)
    ref = cases.create_case(sqlite_db, fields={
        "family_name": "Турсунов", "given_name": "Алишер", "capture_place": "near Avdiivka",
        "rank": "private"}).reference
    _claim(sqlite_db, ref, "capture_place", "near Pokrovsk")
    _claim(sqlite_db, ref, "rank", "sergeant")

    editor = open_editor(qtbot, ctx, ref)
    settle(qtbot)
    banner = editor.claims
    assert banner.isVisible()
    text = " ".join(label.text() for label in banner.findChildren(QLabel))
    assert "Kyiv says capture place is “near Pokrovsk” (ours: “near Avdiivka”)" in text
    assert "sergeant" in text

    qtbot.mouseClick(_button(banner, "Accept theirs", 0), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(banner.claims) == 1)
    settle(qtbot)
    assert cases.get_case(sqlite_db, ref).capture_place == "near Pokrovsk"
    assert field(editor, "capture_place").text() == "near Pokrovsk"  # the form shows it

    qtbot.mouseClick(_button(banner, "Keep ours"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert cases.get_case(sqlite_db, ref).rank == "private"
    with sqlite_db.session() as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.case_reference == ref)))
    assert {"accept_claim", "reject_claim"} <= actions
    assert boxes == []


def test_a_case_without_claims_shows_no_banner(qtbot, sqlite_db, tmp_path, boxes):
    ctx = make_context(sqlite_db, tmp_path)
    ref = cases.create_case(sqlite_db, fields={"family_name": "Tursunov"}).reference
    editor = open_editor(qtbot, ctx, ref)
    settle(qtbot)
    assert not editor.claims.isVisible()
    new = open_editor(qtbot, ctx)
    settle(qtbot)
    assert not new.claims.isVisible()
