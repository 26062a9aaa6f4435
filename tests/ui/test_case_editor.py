"""The case editor's form: create, edit, validation at the field, dirty prompt, conflicts."""

from __future__ import annotations

import threading

import pytest
from editor_helpers import (
    activate,
    field,
    make_context,
    open_editor,
    press_ctrl_s,
    save,
    settle,
    type_into,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event

from casemanager.domain.errors import ConflictError
from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases, queries
from casemanager.store.models import AuditEntry
from ui.labels import date_text
from ui.operations.operation import settled


@pytest.fixture
def ctx(sqlite_db, tmp_path):
    return make_context(sqlite_db, tmp_path)


def _new_case(qtbot, ctx):
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Турсунов")
    type_into(qtbot, field(editor, "given_name"), "Alisher")
    type_into(qtbot, field(editor, "name_native"), "Турсунов Алишер Бахтиёрович")
    type_into(qtbot, field(editor, "date_of_birth"), "03.1994")
    type_into(qtbot, field(editor, "citizenships"), "Узбекистан; RU")
    return editor


def test_create_case_through_the_form(qtbot, ctx):
    editor = _new_case(qtbot, ctx)
    assert editor.reference is None
    assert editor.is_dirty() and editor.windowTitle().endswith("•")
    # The parsed value is shown under the field while typing.
    hint = editor.person.form.bindings["date_of_birth"].message
    assert hint.isVisible() and "1994" in hint.text() and "03" not in hint.text()
    assert "Uzbekistan" in editor.person.form.bindings["citizenships"].message.text()

    announced = []
    ctx.changes.cases_changed.connect(announced.append)
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        press_ctrl_s(qtbot, field(editor, "given_name"))
    reference = saved.args[0]
    assert editor.reference == reference and reference.startswith("CM-")
    assert not editor.is_dirty() and not editor.windowTitle().endswith("•")
    assert announced == [[reference]]

    detail = cases.get_case(ctx.db, reference)
    assert detail.family_name == "Турсунов"
    assert detail.given_name == "Alisher"
    assert detail.name_native == "Турсунов Алишер Бахтиёрович"
    assert detail.date_of_birth == PartialDate(1994, 3)
    assert detail.citizenships == ("UZ", "RU")
    assert detail.priority == "normal" and detail.status == "reported"
    # Reloaded into the form as the window writes dates (as the case list shows it).
    assert field(editor, "date_of_birth").text() == "March 1994"
    assert field(editor, "citizenships").text() == "UZ; RU"


def test_edit_a_name_bumps_the_version_and_writes_the_audit(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    assert not editor.is_dirty()
    type_into(qtbot, field(editor, "family_name"), "Tursunow")
    assert editor.is_dirty()
    press_ctrl_s(qtbot, field(editor, "family_name"))
    assert not editor.is_dirty()

    detail = cases.get_case(ctx.db, created.reference)
    assert detail.family_name == "Tursunow"
    assert detail.version == created.version + 1
    with ctx.db.session() as session:  # no audit reader in the core yet: the ORM directly
        entry = (
            session.query(AuditEntry).filter_by(action="update").order_by(AuditEntry.id.desc())
        ).first()
    assert entry.case_reference == created.reference and entry.actor == "tester"
    assert entry.changes["family_name"] == ["Tursunov", "Tursunow"]
    # Only the edited field was sent: nothing else appears in the audit.
    assert set(entry.changes) == {"family_name"}


def test_bad_date_is_shown_at_the_field_and_nothing_is_saved(qtbot, ctx):
    editor = _new_case(qtbot, ctx)
    editor.tabs.setCurrentWidget(editor.notes)
    date = field(editor, "date_of_birth")
    type_into(qtbot, date, "31.02.1994")
    assert not save(qtbot, editor)
    assert editor.tabs.currentWidget() is editor.person
    binding = editor.person.form.bindings["date_of_birth"]
    assert binding.message.isVisible() and "31" in binding.message.text()
    assert "border" in date.styleSheet()
    assert queries.count_cases(ctx.db) == 0 and editor.reference is None
    # Correcting the text takes the mark away and the save goes through.
    type_into(qtbot, date, "1994")
    assert date.styleSheet() == ""
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, editor.reference).date_of_birth == PartialDate(1994)


def test_error_from_the_service_goes_to_its_field(qtbot, ctx):
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "place_of_birth"), "Андижан")
    press_ctrl_s(qtbot, field(editor, "place_of_birth"))
    assert editor.reference is None and queries.count_cases(ctx.db) == 0
    errors = editor.person.form.errors()
    assert list(errors) == ["family_name"] and "name" in errors["family_name"]
    assert editor.person.form.bindings["family_name"].message.isVisible()
    # Typing in the field clears its mark.
    type_into(qtbot, field(editor, "family_name"), "Каримов")
    assert editor.person.form.errors() == {}


def test_unknown_country_is_refused_at_the_field(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Karimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "citizenships"), "UZ; Narnia")
    assert not save(qtbot, editor)
    assert "Narnia" in editor.person.form.bindings["citizenships"].message.text()
    assert cases.get_case(ctx.db, created.reference).version == created.version


def test_dirty_editor_asks_before_closing(qtbot, ctx, monkeypatch):
    created = cases.create_case(ctx.db, fields={"family_name": "Rakhimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    assert editor.maybe_close()  # nothing edited: no question
    type_into(qtbot, field(editor, "given_name"), "Bekzod")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert editor.maybe_close() is False
    assert editor.is_dirty() and field(editor, "given_name").text() == "Bekzod"
    assert editor.maybe_close() is True
    assert len(asked) == 2 and created.reference in asked[0]
    assert not editor.is_dirty() and field(editor, "given_name").text() == ""
    assert cases.get_case(ctx.db, created.reference).given_name == ""


def test_save_answer_in_the_close_prompt_saves(qtbot, ctx, monkeypatch):
    created = cases.create_case(ctx.db, fields={"family_name": "Rakhimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "rank"), "рядовой")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(editor.closed, timeout=5000):
        editor.close()
    assert cases.get_case(ctx.db, created.reference).rank == "рядовой"


def test_conflicting_saves_are_reported_not_overwritten(qtbot, ctx):
    created = cases.create_case(
        ctx.db, fields={"family_name": "Tursunov", "unit": "unknown"}, actor="tester"
    )
    first = open_editor(qtbot, ctx, created.reference)
    second = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(first, "family_name"), "Tursunov-first")
    type_into(qtbot, field(second, "family_name"), "Tursunov-second")
    assert save(qtbot, first)
    assert not save(qtbot, second)

    dialog = second.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    labels = [row[0] for row in dialog.rows]
    assert labels == ["Family name"]
    assert dialog.rows[0][1:] == ("Tursunov-first", "Tursunov-second")
    assert "Tursunov-first" in dialog.text()
    assert cases.get_case(ctx.db, created.reference).family_name == "Tursunov-first"

    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert second.conflict_dialog is None
    settle(qtbot)  # the colleague's version is read on the database worker
    assert field(second, "family_name").text() == "Tursunov-first"
    assert not second.is_dirty()
    # Now up to date, the second editor's next save goes through.
    type_into(qtbot, field(second, "unit"), "3rd brigade")
    assert save(qtbot, second)
    detail = cases.get_case(ctx.db, created.reference)
    assert (detail.family_name, detail.unit) == ("Tursunov-first", "3rd brigade")


def test_clean_editor_follows_a_colleagues_save(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    first = open_editor(qtbot, ctx, created.reference)
    second = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(first, "family_name"), "Tursunow")
    assert save(qtbot, first)
    # The second editor had no edits of its own: it shows the new version at once.
    assert field(second, "family_name").text() == "Tursunow"
    type_into(qtbot, field(second, "rank"), "sergeant")
    assert save(qtbot, second)
    assert cases.get_case(ctx.db, created.reference).family_name == "Tursunow"


def test_conflict_merge_keeps_my_edits_on_top(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    first = open_editor(qtbot, ctx, created.reference)
    second = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(second, "rank"), "sergeant")
    type_into(qtbot, field(first, "family_name"), "Tursunow")
    assert save(qtbot, first)
    assert not save(qtbot, second)
    qtbot.mouseClick(second.conflict_dialog.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert field(second, "family_name").text() == "Tursunow"
    assert field(second, "rank").text() == "sergeant" and second.is_dirty()
    assert save(qtbot, second)
    detail = cases.get_case(ctx.db, created.reference)
    assert (detail.family_name, detail.rank) == ("Tursunow", "sergeant")


def test_tab_goes_through_the_names_in_order(qtbot, ctx):
    editor = open_editor(qtbot, ctx)
    activate(qtbot, editor)
    order = ["family_name", "given_name", "patronymic", "name_native", "name_latin", "aliases"]
    field(editor, order[0]).setFocus()
    for here, there in zip(order, order[1:], strict=False):
        qtbot.keyClick(field(editor, here), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field(editor, there)


def test_delete_the_case_after_asking(qtbot, ctx, monkeypatch):
    created = cases.create_case(ctx.db, fields={"family_name": "Rakhimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    assert not editor.delete()
    assert queries.count_cases(ctx.db) == 1
    announced = []
    ctx.changes.cases_changed.connect(announced.append)
    with qtbot.waitSignal(editor.closed, timeout=3000):
        assert editor.delete()
    assert queries.count_cases(ctx.db) == 0 and announced == [[created.reference]]


def test_dirty_editor_shows_new_records_but_keeps_its_edits(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    first = open_editor(qtbot, ctx, created.reference)
    second = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(second, "rank"), "sergeant")
    qtbot.mouseClick(first.status.change_button, Qt.MouseButton.LeftButton)
    dialog = first.status.current_dialog
    dialog.status.setCurrentIndex(dialog.status.findData("missing"))
    dialog.accept()
    settle(qtbot)
    assert second.status.history.model.rowCount() == 2
    assert field(second, "rank").text() == "sergeant" and second.is_dirty()
    # The status keeps its own history, so it does not conflict with the open edit:
    # both the colleague's status and this editor's rank are kept.
    assert save(qtbot, second)
    saved = cases.get_case(ctx.db, created.reference)
    assert saved.status == "missing" and saved.rank == "sergeant"


def test_history_shows_partners_references_and_the_import(qtbot, ctx, tmp_path):
    from casemanager.lists.importer import import_file

    path = tmp_path / "acc.csv"
    path.write_text("reference,family_name\nACC-001,Tursunov\n", encoding="utf-8")
    report = import_file(ctx.db, path, source="Partner NGO")
    editor = open_editor(qtbot, ctx, "CM-0001")
    editor.tabs.setCurrentWidget(editor.history)
    qtbot.waitUntil(lambda: editor.history.provenance.isVisible(), timeout=10_000)
    text = editor.history.provenance.text()
    assert "Partners' references: Partner NGO: ACC-001" in text
    assert f"Created by import {report.import_id}: acc.csv (Partner NGO)" in text


class _Statements:
    """SQL statements the database runs while counting (SQLAlchemy's cursor event)."""

    def __init__(self, qtbot, db) -> None:
        # SQLAlchemy's listeners are a deque the worker thread iterates while it runs a
        # statement: adding or removing one meanwhile raised "deque mutated during
        # iteration" in the worker (the history tab loading after the save). Only with
        # every operation done.
        self.qtbot, self.engine, self.seen = qtbot, db.engine, []
        qtbot.waitUntil(settled)
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append(" ".join(statement.split()))

    def close(self) -> None:
        self.qtbot.waitUntil(settled)
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def full_reads(self) -> int:
        """How many times the whole case was read (each full read loads its aliases)."""
        return sum(1 for s in self.seen if s.startswith("SELECT aliases.case_id, aliases.id"))


def test_a_save_reads_the_case_once_and_shows_what_it_saved(qtbot, ctx):
    created = cases.create_case(
        ctx.db, fields={"family_name": "Tursunov", "aliases": "Tursunow", "tags": ["video"]},
        actor="tester",
    )
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "rank"), "sergeant")
    counter = _Statements(qtbot, ctx.db)
    try:
        assert save(qtbot, editor)
    finally:
        counter.close()
    # update_case's own load is the only one: its CaseDetail is what the editor shows.
    assert counter.full_reads() == 1
    assert editor.detail() == cases.get_case(ctx.db, created.reference)
    assert editor.detail().version == created.version + 1 and not editor.is_dirty()


def test_conflict_dialog_shows_the_changes_the_conflict_carries(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "rank"), "sergeant")
    # A colleague's save, then someone's status change (which keeps the version).
    cases.update_case(ctx.db, created.reference, fields={"family_name": "Tursunow"},
                      expected_version=created.version, actor="bakhrom")
    cases.change_status(ctx.db, created.reference, status="detained", actor="dilnoza")
    with pytest.raises(ConflictError) as err:
        cases.update_case(ctx.db, created.reference, fields={"rank": "sergeant"},
                          expected_version=created.version)
    counter = _Statements(qtbot, ctx.db)
    try:
        assert not save(qtbot, editor)
    finally:
        counter.close()
    assert counter.full_reads() == 1  # no second read: the rows come from the conflict
    dialog = editor.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows == [
        ("Status", "Detained", ""),
        ("Family name", err.value.changes["family_name"][0], ""),
    ]
    assert err.value.changes["family_name"][0] == "Tursunow"
    assert "Tursunow" in dialog.text() and "Detained" in dialog.text()

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert field(editor, "family_name").text() == "Tursunow"
    assert field(editor, "rank").text() == "sergeant" and editor.is_dirty()
    assert save(qtbot, editor)
    saved = cases.get_case(ctx.db, created.reference)
    assert (saved.family_name, saved.rank, saved.status) == ("Tursunow", "sergeant", "detained")


def _ctrl_s_while_busy(qtbot, editor, widget) -> threading.Event:
    """Ctrl+S with the worker busy ahead of the save (FIFO): the save waits, not done,
    until the returned gate is set. Nothing is waited for here."""
    gate = threading.Event()
    editor.ctx.worker.submit(lambda: gate.wait(10))
    activate(qtbot, widget)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Control)  # QTest leaves Ctrl down until a next key
    assert editor.is_saving()
    return gate


def test_an_edit_typed_while_the_save_runs_stays_unsaved_and_the_next_save_stores_it(
        named_ctx, qtbot):
    editor = open_editor(qtbot, named_ctx, "CM-0002")
    type_into(qtbot, field(editor, "rank"), "sergeant")
    gate = _ctrl_s_while_busy(qtbot, editor, field(editor, "rank"))
    type_into(qtbot, field(editor, "given_name"), "Bakhtiyor2")  # the save has not run yet
    gate.set()
    qtbot.waitUntil(lambda: not editor.is_saving(), timeout=10_000)
    settle(qtbot)
    stored = cases.get_case(named_ctx.db, "CM-0002")
    assert (stored.rank, stored.given_name) == ("sergeant", "Bakhtiyor")
    # The later edit is still in its field, and still unsaved (closing would ask).
    assert field(editor, "given_name").text() == "Bakhtiyor2"
    assert field(editor, "rank").text() == "sergeant"
    assert editor.is_dirty() and editor.windowTitle().endswith(" •")
    assert save(qtbot, editor)  # from the version the first save made: no conflict
    stored = cases.get_case(named_ctx.db, "CM-0002")
    assert (stored.rank, stored.given_name) == ("sergeant", "Bakhtiyor2")
    assert not editor.is_dirty() and editor.conflict_dialog is None


def test_ctrl_s_pressed_again_while_a_save_runs_saves_the_later_edit_after_it(
        named_ctx, qtbot):
    editor = open_editor(qtbot, named_ctx, "CM-0002")
    type_into(qtbot, field(editor, "rank"), "sergeant")
    gate = _ctrl_s_while_busy(qtbot, editor, field(editor, "rank"))
    given = field(editor, "given_name")
    type_into(qtbot, given, "Bakhtiyor2")
    qtbot.keyClick(given, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # again
    qtbot.keyClick(given, Qt.Key.Key_Control)
    assert editor.is_saving()
    gate.set()
    settle(qtbot)
    stored = cases.get_case(named_ctx.db, "CM-0002")
    assert (stored.rank, stored.given_name) == ("sergeant", "Bakhtiyor2")
    assert given.text() == "Bakhtiyor2"
    assert not editor.is_dirty() and editor.conflict_dialog is None


def test_closing_while_a_save_runs_waits_for_it_and_asks_nothing(named_ctx, qtbot, monkeypatch):
    editor = open_editor(qtbot, named_ctx, "CM-0002")
    type_into(qtbot, field(editor, "family_name"), "Renamed")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
        asked.append(a), QMessageBox.StandardButton.Discard)[1])
    gate = _ctrl_s_while_busy(qtbot, editor, field(editor, "family_name"))
    gate.set()  # the save runs now, its result not yet delivered
    assert editor.maybe_close()
    assert asked == []  # nothing was unsaved once the save had ended
    assert cases.get_case(named_ctx.db, "CM-0002").family_name == "Renamed"


def test_conflict_dialog_writes_dates_as_the_window_does(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "date_of_birth"), date_text(PartialDate(1994, 3, 12)))
    cases.update_case(ctx.db, created.reference, fields={"date_of_birth": "1994-03-21"},
                      expected_version=created.version, actor="bakhrom")
    assert not save(qtbot, editor)
    dialog = editor.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows == [("Date of birth", date_text(PartialDate(1994, 3, 21)),
                            date_text(PartialDate(1994, 3, 12)))]
    assert "1994-03" not in dialog.text()
    # Merged: their version with this date typed again, written as the window writes it.
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert field(editor, "date_of_birth").text() == date_text(PartialDate(1994, 3, 12))
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, created.reference).date_of_birth == PartialDate(1994, 3, 12)


@pytest.mark.parametrize(("language", "first", "second"), [
    ("en_GB", "Khasanov Doston", "Хасанов Достон"),
    ("ru_RU", "Хасанов Достон", "Khasanov Doston"),
])
def test_the_case_is_headed_by_the_name_its_readers_read_first(qtbot, ctx, language, first,
                                                               second):
    from PySide6.QtCore import QLocale

    created = cases.create_case(ctx.db, fields={
        "family_name": "Khasanov", "given_name": "Doston", "name_native": "Хасанов Достон"},
        actor="tester")
    before = QLocale()
    QLocale.setDefault(QLocale(language))
    try:
        editor = open_editor(qtbot, ctx, created.reference)
        assert editor.heading.text() == f"{created.reference}   {first}"
        assert second in editor.subheading.text()
        assert editor.windowTitle() == f"{created.reference} {first}"
    finally:
        QLocale.setDefault(before)
