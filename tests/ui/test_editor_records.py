"""The case editor's records, each saved by its dialog: status, appeals, events, contacts,
attachments (with the portrait and the viewer's temporary copy), documents, custody."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from editor_helpers import (
    field,
    key_text,
    make_context,
    open_editor,
    press_enter,
    save,
    settle,
    type_into,
)
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QDropEvent, QImage
from PySide6.QtWidgets import QMessageBox

from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases, contacts, records
from ui.editor.case_editor import CaseEditor
from ui.widgets.record_table import ROW_ROLE, RecordModel

CLICK = Qt.MouseButton.LeftButton


def tick(qtbot, box) -> None:
    """Click a check box on its indicator (its middle may be empty space)."""
    qtbot.mouseClick(box, CLICK, pos=QPoint(8, box.height() // 2))


@pytest.fixture
def ctx(sqlite_db, tmp_path):
    return make_context(sqlite_db, tmp_path)


@pytest.fixture
def case(ctx):
    return cases.create_case(
        ctx.db,
        fields={"family_name": "Турсунов", "given_name": "Алишер", "citizenships": "UZ"},
        actor="tester",
    )


@pytest.fixture
def yes(monkeypatch):
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


def test_change_status_through_the_dialog(qtbot, ctx, case):
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.status
    editor.tabs.setCurrentWidget(section)
    assert section.history.model.rowCount() == 1
    type_into(qtbot, field(editor, "assigned_to"), "Dilnoza")  # unsaved edit survives
    announced = []
    ctx.changes.cases_changed.connect(announced.append)

    qtbot.mouseClick(section.change_button, CLICK)
    dialog = section.current_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.status.setCurrentIndex(dialog.status.findData("detained"))
    type_into(qtbot, dialog.date, "05.2024")
    type_into(qtbot, dialog.source, "видео в Telegram")
    press_enter(qtbot, dialog.source)

    assert section.current_dialog is None
    assert section.history.model.rowCount() == 2
    # Newest fact first: the detention of 05.2024 is older than today's opening entry.
    newest = section.history.model.rows[1]
    assert (newest.status, newest.date, newest.source) == (
        "detained", PartialDate(2024, 5), "видео в Telegram"
    )
    assert section.status_label.text() == "Detained"
    assert announced == [[case.reference]]
    detail = cases.get_case(ctx.db, case.reference)
    assert detail.status == "detained" and len(detail.status_history) == 2
    # The status change was ours: saving the form's edit is no conflict.
    assert editor.is_dirty() and field(editor, "assigned_to").text() == "Dilnoza"
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, case.reference).assigned_to == "Dilnoza"


def test_a_status_dated_before_the_report_is_warned_not_refused(qtbot, ctx):
    reference = cases.create_case(ctx.db, fields={"family_name": "Овезова", "sex": "female",
                                                  "date_of_birth": "1999"},
                                  reported_on="05.2025", actor="tester").reference
    editor = open_editor(qtbot, ctx, reference)
    qtbot.mouseClick(editor.status.change_button, CLICK)
    dialog = editor.status.current_dialog
    assert not dialog.before_report.isVisible()
    type_into(qtbot, dialog.date, "03.2025")
    assert dialog.before_report.isVisible() and "reported" in dialog.before_report.text()
    type_into(qtbot, dialog.date, "2025")  # may be May or later: not wholly before
    assert not dialog.before_report.isVisible()
    type_into(qtbot, dialog.date, "2030-05-12")  # the future: said too
    assert dialog.before_report.isVisible() and "future" in dialog.before_report.text()
    type_into(qtbot, dialog.date, "1950-05-12")  # before birth (1999)
    assert dialog.before_report.isVisible() and "born" in dialog.before_report.text()
    type_into(qtbot, dialog.date, "2025-04-12")  # ISO reads alike in every window
    assert dialog.before_report.isVisible()
    press_enter(qtbot, dialog.date)  # a warning, not a refusal: it is stored
    qtbot.waitUntil(lambda: editor.status.current_dialog is None)
    assert len(cases.get_case(ctx.db, reference).status_history) == 2


def test_status_dialog_refuses_a_bad_date_at_the_field(qtbot, ctx, case):
    editor = open_editor(qtbot, ctx, case.reference)
    qtbot.mouseClick(editor.status.change_button, CLICK)
    dialog = editor.status.current_dialog
    type_into(qtbot, dialog.date, "2024-13")
    press_enter(qtbot, dialog.date)
    assert dialog.isVisible() and "date" in dialog.form.errors()
    dialog.reject()
    assert len(cases.get_case(ctx.db, case.reference).status_history) == 1


def test_add_an_appeal_with_a_follow_up_date(qtbot, ctx, case):
    embassy = contacts.create_contact(
        ctx.db, fields={"name": "Embassy of Uzbekistan", "kind": "embassy"}, actor="tester"
    )
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.appeals
    qtbot.mouseClick(section.table.add_button, CLICK)
    dialog = section.current_dialog
    qtbot.waitUntil(dialog.is_loaded)  # its list is read on the database worker
    dialog.recipient.setCurrentIndex(dialog.recipient.findData(embassy))
    type_into(qtbot, dialog.form.widget("subject"), "Consular access")
    type_into(qtbot, dialog.form.widget("sent_date"), "03.2024")
    assert dialog.status.currentData() == "sent"
    type_into(qtbot, dialog.form.widget("sent_date"), "")  # wiped out: a draft again
    assert dialog.status.currentData() == "draft"
    type_into(qtbot, dialog.form.widget("sent_date"), "03.2024")
    follow_up = dialog.form.widget("follow_up_date")
    type_into(qtbot, follow_up, "04.2024")  # a follow-up needs a day
    press_enter(qtbot, follow_up)
    assert dialog.isVisible() and "day" in dialog.form.errors().get("follow_up_date", "")
    type_into(qtbot, follow_up, "04/15/2024")  # as this (en_US) window writes dates
    press_enter(qtbot, follow_up)

    assert section.current_dialog is None  # closed (and deleted) after saving
    [appeal] = cases.get_case(ctx.db, case.reference).appeals
    assert appeal.recipient_id == embassy and appeal.subject == "Consular access"
    assert appeal.sent_date == PartialDate(2024, 3)
    assert appeal.follow_up_date == dt.date(2024, 4, 15) and appeal.status == "sent"  # a sent date moved the draft on
    # Opened again and its sent date wiped out: a draft again, not "sent" without a date.
    from ui.editor.dialogs.appeal_dialog import AppealDialog

    again = AppealDialog(ctx, case.reference, appeal)
    qtbot.addWidget(again)
    qtbot.waitUntil(again.is_loaded)
    assert again.status.currentData() == "sent"
    type_into(qtbot, again.form.widget("sent_date"), "")
    assert again.status.currentData() == "draft"
    again.reject()
    assert section.table.model.rowCount() == 1
    # A record is not an edit of the case: a colleague's open editor does not conflict.
    assert cases.get_case(ctx.db, case.reference).version == case.version


def test_edit_and_delete_an_appeal(qtbot, ctx, case, yes):
    appeal_id = records.add_appeal(ctx.db, case.reference, subject="Letter", actor="tester")
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.appeals
    section.table.select_row(0)
    qtbot.mouseClick(section.table.edit_button, CLICK)
    dialog = section.current_dialog
    qtbot.waitUntil(dialog.is_loaded)  # its list is read on the database worker
    status = dialog.form.widget("status")
    status.setCurrentIndex(status.findData("answered"))
    type_into(qtbot, dialog.form.widget("response_date"), "2024")
    press_enter(qtbot, dialog.form.widget("response_date"))
    assert cases.get_case(ctx.db, case.reference).appeals[0].status == "answered"

    section.table.select_row(0)
    qtbot.mouseClick(section.table.delete_button, CLICK)
    settle(qtbot)
    assert len(yes) == 1 and "Letter" in yes[0]
    assert cases.get_case(ctx.db, case.reference).appeals == ()
    assert section.table.model.rowCount() == 0 and appeal_id


def test_add_an_event_sorted_into_the_timeline(qtbot, ctx, case):
    records.add_event(ctx.db, case.reference, date="2024-05", summary="Video", actor="tester")
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.timeline
    qtbot.mouseClick(section.table.add_button, CLICK)
    dialog = section.current_dialog
    summary = dialog.form.widget("summary")
    summary.setFocus()
    key_text(qtbot, summary, "Звонок матери")
    type_into(qtbot, dialog.form.widget("source"), "mother")
    type_into(qtbot, dialog.date, "03/12/2023")  # as this (en_US) window writes dates
    press_enter(qtbot, dialog.date)
    rows = section.table.model.rows
    assert [r.summary for r in rows] == ["Звонок матери", "Video"]
    assert rows[0].date == PartialDate(2023, 3, 12) and rows[0].source == "mother"


def test_escape_cancels_a_dialog_without_saving(qtbot, ctx, case):
    editor = open_editor(qtbot, ctx, case.reference)
    qtbot.mouseClick(editor.timeline.table.add_button, CLICK)
    dialog = editor.timeline.current_dialog
    type_into(qtbot, dialog.form.widget("source"), "neighbour")
    qtbot.keyClick(dialog.form.widget("source"), Qt.Key.Key_Escape)
    assert editor.timeline.current_dialog is None
    assert cases.get_case(ctx.db, case.reference).events == ()


def test_an_event_needs_a_summary(qtbot, ctx, case):
    editor = open_editor(qtbot, ctx, case.reference)
    qtbot.mouseClick(editor.timeline.table.add_button, CLICK)
    dialog = editor.timeline.current_dialog
    press_enter(qtbot, dialog.date)
    assert dialog.isVisible() and "summary" in dialog.form.errors()
    dialog.reject()
    assert cases.get_case(ctx.db, case.reference).events == ()


def test_link_an_existing_contact_with_consent_flags(qtbot, ctx, case):
    contacts.create_contact(ctx.db, fields={"name": "ICRC Tashkent", "kind": "icrc"})
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.contacts
    qtbot.mouseClick(section.table.add_button, CLICK)
    dialog = section.current_dialog
    qtbot.waitUntil(dialog.is_loaded)  # its list is read on the database worker
    assert dialog.use_existing.isChecked()
    type_into(qtbot, dialog.contact.lineEdit(), "ICRC Tashkent — ICRC")
    type_into(qtbot, dialog.form.widget("relationship").lineEdit(), "tracing agency")
    tick(qtbot, dialog.form.widget("share_icrc"))
    dialog.accept()
    settle(qtbot)
    assert section.current_dialog is None
    [link] = cases.get_case(ctx.db, case.reference).contacts
    assert link.contact.name == "ICRC Tashkent" and link.relationship == "tracing agency"
    assert (link.share_embassy, link.share_icrc, link.share_media) == (False, True, False)

    section.table.select_row(0)
    qtbot.mouseClick(section.table.edit_button, CLICK)
    dialog = section.current_dialog
    assert dialog.form.widget("share_icrc").isChecked()
    tick(qtbot, dialog.form.widget("share_embassy"))
    relationship = dialog.form.widget("relationship").lineEdit()
    type_into(qtbot, relationship, "ICRC delegate")
    press_enter(qtbot, relationship)  # Enter in an editable combo accepts the dialog
    assert section.current_dialog is None
    [link] = cases.get_case(ctx.db, case.reference).contacts
    assert (link.share_embassy, link.share_icrc) == (True, True)
    assert link.relationship == "ICRC delegate"


def test_create_a_new_contact_and_link_it(qtbot, ctx, case, yes):
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.contacts
    qtbot.mouseClick(section.new_button, CLICK)
    dialog = section.current_dialog
    qtbot.waitUntil(dialog.is_loaded)  # its list is read on the database worker
    assert dialog.use_new.isChecked()
    type_into(qtbot, dialog.form.widget("email"), "not-an-address")
    dialog.accept()
    settle(qtbot)
    assert "name" in dialog.form.errors()  # the name is checked first
    type_into(qtbot, dialog.form.widget("name"), "Турсунова Гульнара")
    dialog.accept()
    settle(qtbot)
    assert "email" in dialog.form.errors()
    type_into(qtbot, dialog.form.widget("email"), "gulnara@example.org")
    type_into(qtbot, dialog.form.widget("relationship").lineEdit(), "mother")
    tick(qtbot, dialog.form.widget("share_embassy"))
    with qtbot.waitSignal(ctx.changes.contacts_changed, timeout=3000):
        dialog.accept()
        settle(qtbot)
    [link] = cases.get_case(ctx.db, case.reference).contacts
    assert link.contact.name == "Турсунова Гульнара" and link.contact.kind == "relative"
    assert link.contact.values("email") == ["gulnara@example.org"]
    assert link.relationship == "mother" and link.share_embassy
    assert len(contacts.list_contacts(ctx.db)) == 1  # the refused tries left nothing

    section.table.select_row(0)
    qtbot.mouseClick(section.table.delete_button, CLICK)
    settle(qtbot)
    assert cases.get_case(ctx.db, case.reference).contacts == ()
    assert len(contacts.list_contacts(ctx.db)) == 1  # unlinked, not deleted


def _png(path: Path, color: str) -> Path:
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


def test_attachments_portrait_and_private_viewer_copy(qtbot, ctx, case, tmp_path, monkeypatch):
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.attachments
    photo = _png(tmp_path / "photo.png", "#8080c0")
    letter = tmp_path / "письмо.txt"
    letter.write_text("Здравствуйте", encoding="utf-8")
    section.add_files([photo, letter])
    settle(qtbot)  # attached on the database worker
    added = section.last_added
    assert len(added) == 2 and section.list.count() == 2

    section.select_attachment(added[0])
    assert section.portrait_button.isEnabled()
    qtbot.mouseClick(section.portrait_button, CLICK)
    settle(qtbot)
    detail = cases.get_case(ctx.db, case.reference)
    assert detail.portrait is not None and detail.portrait.id == added[0]
    assert not editor.portrait.pixmap().isNull()
    section.select_attachment(added[1])
    assert not section.portrait_button.isEnabled()  # a text file cannot be a portrait

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(section.open_button, CLICK)
    settle(qtbot)  # the file is read on the database worker
    [url] = opened
    copy = Path(url.toLocalFile())
    assert copy.name == "письмо.txt" and copy.read_text(encoding="utf-8") == "Здравствуйте"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700
    editor.close()
    assert not copy.exists() and not copy.parent.parent.exists()


def test_viewer_copies_go_when_the_editor_is_dropped_without_closing(qtbot, ctx, case, tmp_path, monkeypatch):
    editor = CaseEditor(ctx, case.reference)  # not handed to qtbot: it is deleted here
    editor.attachments.add_files([_png(tmp_path / "p.png", "blue")])
    settle(qtbot)
    [att] = editor.attachments.last_added
    editor.attachments.select_attachment(att)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    with qtbot.waitSignal(editor.attachments.opened, timeout=10_000) as opened:
        editor.attachments.open_selected()
    copy = opened.args[0]
    assert copy.exists()
    destroyed = []
    editor.attachments.destroyed.connect(lambda *_: destroyed.append(True))
    editor.deleteLater()  # as a tab widget does with a removed tab
    qtbot.waitUntil(lambda: bool(destroyed), timeout=3000)
    assert not copy.exists()


def test_files_dropped_on_the_section_are_attached(qtbot, ctx, case, tmp_path):
    editor = open_editor(qtbot, ctx, case.reference)
    section = editor.attachments
    editor.tabs.setCurrentWidget(section)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_png(tmp_path / "x.png", "red")))])
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, CLICK, Qt.KeyboardModifier.NoModifier
    )
    section.dropEvent(event)
    settle(qtbot)
    assert [a.filename for a in cases.get_case(ctx.db, case.reference).attachments] == ["x.png"]


def test_delete_an_attachment_after_asking(qtbot, ctx, case, tmp_path, yes):
    editor = open_editor(qtbot, ctx, case.reference)
    editor.attachments.add_files([_png(tmp_path / "a.png", "green")])
    settle(qtbot)
    [att] = editor.attachments.last_added
    editor.attachments.select_attachment(att)
    qtbot.mouseClick(editor.attachments.delete_button, CLICK)
    settle(qtbot)
    assert "a.png" in yes[0]
    assert cases.get_case(ctx.db, case.reference).attachments == ()


def test_a_new_case_is_saved_before_its_first_record(qtbot, ctx):
    editor = open_editor(qtbot, ctx)
    qtbot.mouseClick(editor.timeline.table.add_button, CLICK)
    settle(qtbot)  # the first save runs on the database worker
    # No name yet: the case cannot be saved, the name field says why, no dialog opens.
    assert editor.reference is None and editor.timeline.current_dialog is None
    assert editor.tabs.currentWidget() is editor.person
    assert "family_name" in editor.person.form.errors()
    type_into(qtbot, field(editor, "family_name"), "Qodirov")
    qtbot.mouseClick(editor.timeline.table.add_button, CLICK)
    settle(qtbot)
    assert editor.reference is not None and not editor.is_dirty()
    assert editor.timeline.current_dialog is not None
    editor.timeline.current_dialog.reject()


def test_a_new_case_first_record_does_not_wait_on_the_gui_thread(qtbot, ctx, monkeypatch):
    """The first save of a new case is started, not waited for: no nested event loop
    (Operation.wait) runs; the dialog opens when the save's result is delivered."""
    from ui.operations.operation import Operation

    waits = []
    real_wait = Operation.wait
    monkeypatch.setattr(Operation, "wait", lambda op: (waits.append(op), real_wait(op))[1])
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Qodirov")
    qtbot.mouseClick(editor.timeline.table.add_button, CLICK)
    assert editor.reference is None and editor.timeline.current_dialog is None  # on its way
    qtbot.waitUntil(lambda: editor.timeline.current_dialog is not None, timeout=10_000)
    assert editor.reference is not None and waits == []
    editor.timeline.current_dialog.reject()


def test_documents_and_custody_with_location_not_disclosed(qtbot, ctx, case):
    editor = open_editor(qtbot, ctx, case.reference)
    qtbot.mouseClick(editor.person.documents.add_button, CLICK)
    dialog = editor.person.current_dialog
    type_into(qtbot, dialog.form.widget("number"), "FA1234567")
    type_into(qtbot, dialog.form.widget("issuing_country"), "Узбекистан")
    press_enter(qtbot, dialog.form.widget("number"))
    [doc] = cases.get_case(ctx.db, case.reference).documents
    assert (doc.doc_type, doc.number, doc.issuing_country) == ("passport", "FA1234567", "UZ")

    qtbot.mouseClick(editor.service.custody.add_button, CLICK)
    dialog = editor.service.current_dialog
    tick(qtbot, dialog.hidden)
    assert not dialog.facility.isEnabled()
    type_into(qtbot, dialog.form.widget("date_from"), "2023")
    press_enter(qtbot, dialog.form.widget("date_from"))
    [period] = cases.get_case(ctx.db, case.reference).custody
    assert not period.disclosed and period.place == "location not disclosed"
    assert editor.service.custody.model.rowCount() == 1


def test_record_model_passes_the_model_tester(qtmodeltester, ctx, case):
    records.add_event(ctx.db, case.reference, date="2024", summary="Первый\nзвонок")
    records.add_event(ctx.db, case.reference, summary="undated")
    model = RecordModel([("Date", lambda e: e.date), ("Summary", lambda e: e.summary)])
    model.set_rows(cases.get_case(ctx.db, case.reference).events)
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "undated"  # undated events come first
    assert model.index(1, 1).data() == "Первый звонок"  # one line in the table
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "Первый\nзвонок"
    assert model.index(1, 0).data(ROW_ROLE).date == PartialDate(2024)


def test_appeal_letter_is_made_and_attached(qtbot, sqlite_db, tmp_path):
    import io

    from editor_helpers import make_context, open_editor
    from pypdf import PdfReader

    from casemanager.services import attachments, cases, contacts, records

    ctx = make_context(sqlite_db, tmp_path)
    ref = cases.create_case(ctx.db, fields={"family_name": "Турсунов", "given_name": "Алишер"},
                            actor="tester").reference
    embassy = contacts.create_contact(ctx.db, fields={"name": "Embassy of Uzbekistan",
                                                      "kind": "embassy"})
    records.add_appeal(ctx.db, ref, recipient_id=embassy, subject="Consular access",
                       sent_date="2025-02")
    editor = open_editor(qtbot, ctx, ref)
    section = editor.appeals
    assert not section.letter_button.isEnabled()
    section.table.select_row(0)
    assert section.letter_button.isEnabled()
    with qtbot.waitSignal(section.letter_made, timeout=30_000) as made:
        section.make_letter()
    settle(qtbot)
    attachment_id = made.args[0]
    assert editor.tabs.currentWidget() is editor.attachments
    assert editor.attachments.selected().id == attachment_id
    text = "".join(p.extract_text() for p in PdfReader(
        io.BytesIO(attachments.attachment_data(ctx.db, attachment_id))).pages)
    assert "Турсунов" in text and "Embassy of Uzbekistan" in text


def test_attaching_files_runs_on_the_worker_and_the_list_reads_once(qtbot, ctx, case, tmp_path,
                                                                    monkeypatch):
    import threading

    from casemanager.services import attachments as service

    editor = open_editor(qtbot, ctx, case.reference)
    threads: list[int] = []
    real = service.add_attachment_file

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "add_attachment_file", recording)
    reads = []
    original = editor._refreshed
    editor._refreshed = lambda result, announced: (reads.append(1), original(result, announced))
    with qtbot.waitSignal(editor.attachments.files_added, timeout=10_000) as added:
        editor.attachments.add_files([_png(tmp_path / "a.png", "green"),
                                      _png(tmp_path / "b.png", "blue")])
    settle(qtbot)
    assert len(added.args[0]) == 2 and editor.attachments.list.count() == 2
    assert threads and set(threads) == {ctx.worker.thread_id} != {threading.get_ident()}
    assert reads == [1]  # one read of the case for both files
