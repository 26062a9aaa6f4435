"""The first-start question "who are you?" that "my cases" depends on."""

from __future__ import annotations

from editor_helpers import settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.services import cases
from casemanager.services.caseworker import caseworker_name, needs_caseworker_name
from casemanager.services.settings import organisation_name
from ui.context import AppContext
from ui.settings.caseworker_dialog import CaseworkerNameDialog, ask_caseworker_name


def test_name_is_asked_once_and_drives_my_cases(qtbot, sqlite_db):
    ctx = AppContext(db=sqlite_db, actor="tester")
    assert needs_caseworker_name(sqlite_db)
    dialog = CaseworkerNameDialog(ctx)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert dialog.edit.text() == ""  # the login ("root") is not offered as a name
    qtbot.keyClicks(dialog.edit, "Dilnoza")  # QTest types ASCII only
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    settle(qtbot)  # stored there too
    assert dialog.saved == "Dilnoza" and caseworker_name(sqlite_db) == "Dilnoza"
    assert organisation_name(sqlite_db) == ""  # left blank: still unnamed
    names: list[str] = []
    ask_caseworker_name(ctx, then=names.append)
    settle(qtbot)
    assert names == ["Dilnoza"]  # not asked again



def test_first_start_asks_for_the_organisation_too_and_documents_carry_it(qtbot, sqlite_db):
    import sys
    from pathlib import Path

    from editor_helpers import key_text
    from sqlalchemy import select

    from casemanager.reports.dossiers import render_dossier
    from casemanager.store.models import AuditEntry

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
    from dossier_case import pdf_text

    ctx = AppContext(db=sqlite_db, actor="root")
    ref = cases.create_case(sqlite_db, fields={"family_name": "Турсунов",
                                               "given_name": "Alisher"}).reference
    before = pdf_text(render_dossier(sqlite_db, [ref])[0])
    assert "Case Manager" not in before  # unnamed: nothing printed, no placeholder
    dialog = CaseworkerNameDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # until what is stored has been read, on the worker
    settle(qtbot)
    assert ok.isEnabled()
    assert dialog.edit.text() == "" and dialog.organisation.text() == ""
    assert dialog.edit.hasFocus() or dialog.focusWidget() is dialog.edit
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no name: said, not stored
    settle(qtbot)  # refused on the worker
    assert dialog.isVisible() and dialog.error.isVisible()
    assert needs_caseworker_name(sqlite_db)
    qtbot.keyClicks(dialog.edit, "Dilnoza Karimova")
    key_text(qtbot, dialog.organisation, "Голоса семей")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible()
    assert caseworker_name(sqlite_db) == "Dilnoza Karimova"
    assert organisation_name(sqlite_db) == "Голоса семей"
    with sqlite_db.session() as s:
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "set_setting"))
        assert set(entry.changes) == {"caseworker_name", "organisation_name"}
        assert entry.actor == "Dilnoza Karimova"  # who answered, not the login ("root")
    after = pdf_text(render_dossier(sqlite_db, [ref], lang="ru")[0])
    assert "Голоса семей" in after


def test_the_first_start_questions_are_read_on_the_worker(qtbot, sqlite_db, monkeypatch):
    """needs_caseworker_name and the overdue count never run on the GUI thread."""
    import threading

    import ui.settings.caseworker_dialog as name_module

    threads: list[int] = []

    def recording(real):
        def run(*args, **kwargs):
            threads.append(threading.get_ident())
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(name_module, "needs_caseworker_name",
                        recording(name_module.needs_caseworker_name))
    ctx = AppContext(db=sqlite_db, actor="tester")
    asked: list[str] = []
    ask_caseworker_name(ctx, then=asked.append)
    settle(qtbot)
    from ui.settings.caseworker_dialog import _asking

    dialog = next(iter(_asking))  # asked: nobody has given a name yet
    qtbot.addWidget(dialog)
    dialog.reject()
    assert asked == ["tester"]
    assert len(threads) == 1 and set(threads) == {ctx.worker.thread_id}
    assert ctx.worker.thread_id != threading.get_ident()


def test_a_refused_organisation_is_said_in_the_interface_s_language(qtbot, sqlite_db):
    """The organisation's refusal is the core's message: in a Russian window, Russian
    (it was put in as the core's English; tester A5's kind)."""
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    qapp = QApplication.instance()
    translators = i18n.install(qapp, "ru")
    try:
        dialog = CaseworkerNameDialog(AppContext(db=sqlite_db, actor="root"))
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot)
        dialog.edit.setText("Дилноза Каримова")
        dialog.organisation.setText("Г" * 1000)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        settle(qtbot)
        assert dialog.error.isVisible()
        assert dialog.error.text() == "Организация: длина 1\xa0000 знаков; не больше 200", \
            dialog.error.text()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")
