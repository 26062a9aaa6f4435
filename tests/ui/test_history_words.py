"""History in the words of the form (issue 17, item 12): labels instead of field names,
the contact's name instead of recipient_id, vocabulary words instead of codes, yes/no for
consent ticks, in English and in Russian."""

from __future__ import annotations

import re

import pytest
from editor_helpers import settle

from casemanager.services import cases, contacts, records
from tests.ui.editor_helpers import open_editor
from ui import i18n
from ui.protect.audit_view import AuditModel, details_text


@pytest.fixture
def history_case(ctx):
    ref = cases.create_case(ctx.db, fields={"family_name": "Tursunov", "sex": "male"},
                            actor="tester").reference
    embassy = contacts.create_contact(
        ctx.db, fields={"kind": "embassy", "name": "Embassy of Uzbekistan"}, actor="tester")
    mother = contacts.create_contact(
        ctx.db, fields={"kind": "relative", "name": "Турсунова Гульнора"}, actor="tester")
    contacts.link_contact(ctx.db, ref, mother, fields={"relationship": "mother",
                                                       "share_embassy": True}, actor="tester")
    records.add_appeal(ctx.db, ref, recipient_id=embassy, subject="Proof of life",
                       status="draft", actor="tester")
    return ref


def shown_changes(editor, qtbot) -> str:
    editor.tabs.setCurrentWidget(editor.history)  # built when first shown
    settle(qtbot)  # the history is read on the database worker
    view = editor.history.changes
    model = view.model
    rows = [model.index(r, c).data() for r in range(model.rowCount())
            for c in range(model.columnCount())]
    details = [details_text(rec, model.names) for rec in model.records]
    return "\n".join(str(x) for x in rows + details)


def test_history_shows_labels_names_and_words(ctx, qtbot, history_case):
    editor = open_editor(qtbot, ctx, history_case)
    editor.tabs.setCurrentWidget(editor.history)
    text = shown_changes(editor, qtbot)
    for raw in ("recipient_id", "share_embassy", "family_name", ": male", "draft", "→ 1"):
        assert raw not in text, raw
    assert "Recipient: — → Embassy of Uzbekistan" in text
    assert "Family name: — → Tursunov" in text
    assert "Sex: — → Male" in text
    assert "May be shared with embassies: — → yes" in text
    assert "appeal added" in text


def test_history_in_russian(ctx, qtbot, history_case, qapp):
    translators = i18n.install(qapp, "ru")
    try:
        editor = open_editor(qtbot, ctx, history_case)
        text = shown_changes(editor, qtbot)
        assert "Адресат: — → Embassy of Uzbekistan" in text
        assert "Фамилия: — → Tursunov" in text
        assert "Пол: — → Мужской" in text
        assert "recipient_id" not in text and "share_embassy" not in text
        assert AuditModel().headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Когда"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")


@pytest.fixture
def disclosed_case(ctx):
    """A case with a dossier and an appeal letter made for it (two ledger entries)."""
    from casemanager.reports.appeal_letter import make_appeal_letter
    from casemanager.reports.dossiers import make_dossier

    ref = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester").reference
    embassy = contacts.create_contact(
        ctx.db, fields={"kind": "embassy", "name": "Embassy of Uzbekistan"}, actor="tester")
    appeal = records.add_appeal(ctx.db, ref, recipient_id=embassy, subject="Proof of life",
                                status="draft", actor="tester")
    make_dossier(ctx.db, [ref], "en", "icrc", "ICRC Kyiv", actor="tester")
    make_appeal_letter(ctx.db, appeal, "en", actor="tester")
    return ref


def test_history_words_a_disclosure_in_russian(ctx, qtbot, disclosed_case, qapp):
    """Dossier and letter entries (issue 17, items 12/13): the record, the keys, the
    profile and the kind in the interface's words; hash and file name stay as data."""
    from ui.reports.disclosures_view import KIND, PROFILE

    translators = i18n.install(qapp, "ru")
    try:
        editor = open_editor(qtbot, ctx, disclosed_case)
        text = shown_changes(editor, qtbot)
        for raw in ("disclosure", "recipient:", "profile:", "sha256:", "Kind:", "filename",
                    "size:", "icrc", "→ dossier"):
            assert raw not in text, (raw, text)
        assert not re.search(r"→ letter(?!-CM)", text), text  # the file's name may say it
        assert "Адресат: — → ICRC Kyiv" in text
        assert "Профиль: — → МККК" in text
        assert "Вид: — → досье" in text
        assert "Вид: — → письмо" in text
        assert "SHA-256: — → " in text
        assert "Имя файла: — → letter-" in text and "Размер: — → " in text
        assert "подготовлено досье" in text and "подготовлено письмо" in text
        ledger = editor.history.disclosures.model
        settle(qtbot)
        kinds = {ledger.index(r, KIND).data() for r in range(ledger.rowCount())}
        profiles = {ledger.index(r, PROFILE).data() for r in range(ledger.rowCount())}
        assert kinds == {"досье", "письмо"}, kinds
        assert profiles == {"МККК", "письмо"}, profiles
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")


def test_history_words_an_export_in_russian(ctx, qtbot, qapp, tmp_path):
    # "export: дело — file: — → list.csv; format: — → csv" stood in the Russian History.
    from casemanager.lists.export import export_cases
    from casemanager.services.queries import case_ids

    ref = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester").reference
    export_cases(ctx.db, case_ids(ctx.db), tmp_path / "list.csv")
    translators = i18n.install(qapp, "ru")
    try:
        editor = open_editor(qtbot, ctx, ref)
        text = shown_changes(editor, qtbot)
        assert "выгружено в список (экспорт)" in text, text
        assert "Файл: — → list.csv" in text and "Формат: — → csv" in text, text
        for raw in ("file:", "format:", "export:"):
            assert raw not in text, (raw, text)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")
