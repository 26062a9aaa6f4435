"""History in the words of the form (issue 17, item 12): labels instead of field names,
the contact's name instead of recipient_id, vocabulary words instead of codes, yes/no for
consent ticks, in English and in Russian."""

from __future__ import annotations

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
