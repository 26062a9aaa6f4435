"""Every word a Russian caseworker sees is Russian: the window, its tabs, an open case
with every dialog its sections open, the dialogs of every menu action, Qt's own file
dialog, and what the core says (a refusal at a field, an import report, a failure, a
progress text, a duplicate's reasons) — all driven through the real widgets.

The walk (russian_helpers.visible_texts) reads labels, buttons, headers, menus, tool
tips and titles, and fails on any Latin word that is not an acronym, a file format,
the program's name or a word of the data (names, places typed by caseworkers)."""

from __future__ import annotations

import datetime as dt

import pytest
from editor_helpers import field, open_case, open_editor, save, settle, type_into
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
)
from russian_helpers import data_words, english_words, visible_texts

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.domain.messages import msg
from casemanager.services.cases import create_case
from casemanager.services.records import add_record
from ui import features, i18n
from ui.labels import core_text, month_year_text, reason_text
from ui.main_window import MainWindow
from ui.operations.failures import failure_reason, show_failure
from ui.widgets.record_table import RecordTable


@pytest.fixture
def russian(qapp):
    translators = i18n.install(qapp, "ru")
    assert len(translators) == 2, "our Russian .qm and Qt's qtbase_ru.qm"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    i18n.install(qapp, "en")


@pytest.fixture
def no_modal(monkeypatch):
    """Modal dialogs are shown instead of run (a test cannot click them offscreen);
    Qt's static boxes and file choosers are answered "no" / nothing chosen."""
    shown: list[QDialog] = []

    def exec_(self):
        self.show()
        shown.append(self)
        return 0

    for cls in (QDialog, QMessageBox, QFileDialog):
        monkeypatch.setattr(cls, "exec", exec_)
    boxes: list[str] = []

    def box(_parent, title, text, *_args, **_kwargs):
        boxes.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.No

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(box))
    shown_boxes.clear()
    shown_boxes.append(boxes)
    for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    return shown


shown_boxes: list[list[str]] = []  # the static boxes of the running test (no_modal)


def _close_other_windows(window) -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not window:
            widget.close()


def test_every_visible_word_of_the_window_and_its_dialogs_is_russian(
        russian, no_modal, demo_ctx, qtbot):
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.resize(1320, 820)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    data = data_words(demo_ctx.db)
    found: dict[tuple[str, str, str], None] = {}
    walked: list[str] = []

    def walk(widget, label: str) -> None:
        walked.append(label)
        for where, text in english_words(visible_texts(widget), data):
            found.setdefault((label, where, text), None)

    def walk_new_windows(label: str) -> None:
        settle(qtbot)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget is not window:
                walk(widget, f"{label}: {widget.windowTitle()}")
        _close_other_windows(window)

    walk(window, "window")
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        settle(qtbot)
        walk(window, f"tab {window.tabs.tabText(i)}")
    # An open case, and the dialog behind every "Add…" of its sections.
    reference = window.case_list.model.index(0, 0).data()
    editor = open_case(qtbot, window, reference)
    for i in range(editor.tabs.count()):  # each section is built when first shown
        editor.tabs.setCurrentIndex(i)
        settle(qtbot)
        walk(window, f"editor {editor.tabs.tabText(i)}")
        for table in editor.tabs.currentWidget().findChildren(RecordTable):
            if table.add_button.isVisible() and table.add_button.isEnabled():
                table.add_button.click()
                walk_new_windows(f"add in {editor.tabs.tabText(i)}")
    # Every menu action that opens a view or a dialog.
    for name, action in list(window.actions_by_name.items()):
        if name in ("quit", "close_tab", "delete") or not action.isEnabled():
            continue
        before = len(shown_boxes[0])
        action.trigger()
        walk_new_windows(f"action {name}")
        for text in shown_boxes[0][before:]:
            for where, words in english_words([("box", text)], data):
                found.setdefault((f"action {name}", where, words), None)
        walk(window, f"after {name}")
    assert len(walked) > 40, walked  # the walk did reach the dialogs
    assert not list(found), "English in the Russian interface:\n" + "\n".join(
        f"{label} | {where} | {text!r}" for label, where, text in found)


def test_qt_file_dialog_is_russian(russian, qtbot):
    dialog = QFileDialog(None, "Импорт")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Перейти к:", "&Типы файлов:", "&Имя файла:"} <= labels
    buttons = {b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()}
    assert "Отмена" in buttons
    assert not english_words(visible_texts(dialog), frozenset({"wt", "coreru", "work"}))


def test_a_refusal_at_a_field_is_russian(russian, ctx, qtbot):
    created = create_case(ctx.db, fields={"family_name": "Karimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    type_into(qtbot, field(editor, "family_name"), "")
    assert not save(qtbot, editor)
    shown = editor.person.form.bindings["family_name"].message.text()
    assert shown == "для дела нужна фамилия, имя или имя в оригинале", shown


def test_core_messages_keep_english_for_the_command_line(russian):
    error = ValidationError("family_name", msg("is {length} characters long; at most {limit}",
                                               length=201, limit=200))
    assert str(error) == "family_name: is 201 characters long; at most 200"
    assert reason_text(error) == "длина 201 знаков; не больше 200"
    missing = NotFoundError(msg("no case {reference}", reference="CM-0404"))
    assert str(missing) == "no case CM-0404"
    assert failure_reason(missing) == "дела CM-0404 нет"
    assert failure_reason(error) == "Фамилия: длина 201 знаков; не больше 200"


def test_a_failure_box_is_russian(russian, monkeypatch, qtbot):
    seen = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, title, text: seen.append((title, text))))
    show_failure(None, QCoreApplication.translate("CaseEditor", "Cannot save"),
                 NotFoundError(msg("no contact with id {id}", id=7)))
    assert seen and seen[0][1].endswith("контакта с номером 7 нет"), seen


def test_the_import_report_is_russian(russian, named_ctx, tmp_path, qtbot):
    from ui.lists.import_wizard import ImportWizard

    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name,date_of_birth,status\n"
                    "Ivanov,Ivan,31.02.1990,detained\n"
                    ",,,detained\n", encoding="utf-8")
    wizard = ImportWizard(named_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    page = wizard.check_page
    model = page.problems.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    reasons = [model.index(r, 2).data() for r in range(model.rowCount())]
    columns = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert "для нового дела нужна фамилия, имя или имя в оригинале" in reasons, reasons
    assert any("31" in r and "феврал" in r and "day" not in r for r in reasons), reasons
    assert "Фамилия" in columns and "Дата рождения" in columns, columns
    assert not english_words(visible_texts(wizard), data_words(named_ctx.db) | {"ivanov", "ivan"})


def test_the_import_duplicate_step_is_russian(russian, named_ctx, tmp_path, qtbot):
    """The check page's choice for a row that looks like a case already in the database."""
    from ui.lists.import_wizard import ImportWizard

    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name,status\nTursunov,Alisher,detained\n",
                    encoding="utf-8")
    wizard = ImportWizard(named_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    page = wizard.check_page
    model = page.duplicates.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    choice = model.index(0, 3)
    assert choice.data() == "Пропустить эту строку"
    page.duplicates.edit(choice)
    combo = page.duplicates.indexWidget(choice)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Пропустить эту строку", "Обновить то дело", "Добавить как новое дело"]
    page.duplicates.closePersistentEditor(choice)
    # The case it may be, by its Cyrillic name first (it was the Latin name only).
    assert "Турсунов Алишер (Tursunov Alisher)" in model.index(0, 2).data()
    assert not english_words(visible_texts(wizard),
                             data_words(named_ctx.db) | {"tursunov", "alisher"})


def test_progress_texts_are_russian(russian, qtbot):
    """A core progress text is put into words before it crosses the signal (which keeps
    only the plain English string)."""
    import threading

    from casemanager.domain.progress import Cancelled
    from ui.operations.background import _Runnable, _Signals

    signals = _Signals()
    seen: list[str] = []
    signals.progressed.connect(lambda _done, _total, text: seen.append(text))
    _Runnable(lambda _p: None, signals, threading.Event())._progress(
        1, 2, msg("Exporting cases… {done} of {total}", done="1", total="2"))
    assert seen == ["Экспорт дел… 1 из 2"]
    assert core_text(Cancelled().args[0]) == "отменено; ничего не изменено"


def test_the_due_list_shows_the_native_name(russian, named_ctx, qtbot):
    from ui.followups.due_view import DueView

    reference = "CM-0001"
    add_record(named_ctx.db, reference, "task",
               fields={"title": "Позвонить матери", "due_date": dt.date.today().isoformat()},
               actor="tester")
    view = DueView(named_ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    names = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert "Турсунов Алишер (Tursunov Alisher)" in names, names  # Cyrillic first in Russian


def test_month_names_are_lower_case_in_running_text(russian):
    class WindowsLikeLocale(QLocale):
        """Windows gives the standalone month name capitalised ("Январь")."""

        def standaloneMonthName(self, month, kind=QLocale.FormatType.LongFormat):  # noqa: N802
            return super().standaloneMonthName(month, kind).capitalize()

    assert month_year_text(1999, 1, WindowsLikeLocale("ru")) == "январь 1999"
    assert month_year_text(1999, 1, QLocale("ru")) == "январь 1999"
    assert month_year_text(1999, 1, QLocale("en")) == "January 1999"


def test_the_russian_dossier_prints_the_appeal_channel_in_russian(named_ctx):
    from casemanager.reports.labels import Labels

    assert Labels("ru").term("appeal_channel", "letter") == "письмо"
    assert Labels("en").term("appeal_channel", "letter") == "letter"


def test_text_the_program_stored_is_shown_in_russian(russian, named_ctx, qtbot):
    """A status entry's source the program wrote ("case opened") reads as the Russian
    dossier prints it; what a caseworker typed stays as typed."""
    editor = open_editor(qtbot, named_ctx, "CM-0001")
    editor.tabs.setCurrentWidget(editor.status)
    settle(qtbot)
    model = editor.status.history.model
    sources = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert "дело открыто" in sources, sources


def test_a_suggested_relationship_is_shown_in_russian(russian, named_ctx, qtbot):
    """Linked from an English window, "wife" is stored; a Russian window says «жена»,
    as the dossier prints it. What a caseworker typed themselves stays as typed."""
    from casemanager.services.case_contacts import create_linked_contact
    from ui.labels import relationship_text

    create_linked_contact(named_ctx.db, "CM-0001", fields={"name": "Турсунова Нилуфар"},
                          link={"relationship": "wife"}, actor="tester")
    create_linked_contact(named_ctx.db, "CM-0001", fields={"name": "Карим Ака"},
                          link={"relationship": "сосед по лагерю"}, actor="tester")
    assert relationship_text("Wife") == "жена"
    assert relationship_text("сосед по лагерю") == "сосед по лагерю"
    editor = open_editor(qtbot, named_ctx, "CM-0001")
    section = editor._section("contacts")
    settle(qtbot)
    (table,) = section.findChildren(RecordTable)
    model = table.model  # the RecordTable keeps its model as an attribute
    shown = [str(model.index(r, c).data() or "")
             for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert "жена" in shown and "сосед по лагерю" in shown, shown
    assert "wife" not in shown, shown
