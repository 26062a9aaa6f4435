"""The contacts directory: contacts with their linked cases, search, and adding and
editing a contact through the dialog with errors shown at the field."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from casemanager.services.cases import create_case
from casemanager.services.contacts import create_contact, link_contact, list_contacts
from ui.contacts.contact_dialog import ContactDialog
from ui.contacts.contacts_view import ContactsView
from ui.operations.operation import settled


def _setup(ctx):
    a = create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher"})
    b = create_case(ctx.db, fields={"family_name": "Каримов", "given_name": "Рустам"})
    mother = create_contact(
        ctx.db,
        fields={"kind": "relative", "name": "Гульнара Турсунова", "country": "UZ"},
        channels=[("phone", "+998 90 123 45 67"), ("email", "gulnara@example.org")],
    )
    lawyer = create_contact(ctx.db, fields={"kind": "lawyer", "name": "Olena Kovalenko"})
    link_contact(ctx.db, a.reference, mother, fields={"relationship": "mother"})
    link_contact(ctx.db, a.reference, lawyer)
    link_contact(ctx.db, b.reference, lawyer, fields={"relationship": "lawyer"})
    return a.reference, b.reference


def _choose(view: ContactsView, name: str) -> None:
    row = next(n for n, c in enumerate(view.model.contacts) if c.name == name)
    view.table.setCurrentIndex(view.model.index(row, 0))


def test_contact_shows_its_linked_cases_and_opens_them(ctx, qtbot):
    ref_a, ref_b = _setup(ctx)
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)  # the contacts are read on the database worker
    view.show()
    assert [c.name for c in view.model.contacts] == ["Olena Kovalenko", "Гульнара Турсунова"]
    assert view.model.index(1, 4).data() == "+998 90 123 45 67"
    assert view.model.index(1, 5).data() == "gulnara@example.org"
    assert view.model.index(0, 6).data() == "2"
    _choose(view, "Olena Kovalenko")
    items = [view.cases.item(i).text() for i in range(view.cases.count())]
    assert items[0].startswith(ref_a) and "Tursunov Alisher" in items[0]
    assert items[1].startswith(ref_b) and "(lawyer)" in items[1]
    _choose(view, "Гульнара Турсунова")
    assert view.cases.count() == 1 and "(mother)" in view.cases.item(0).text()
    assert "Uzbekistan" in view.details.text()
    with qtbot.waitSignal(view.open_case_requested) as opened:
        view.cases.itemActivated.emit(view.cases.item(0))
    assert opened.args == [ref_a]


def test_search_narrows_the_contacts(ctx, qtbot):
    _setup(ctx)
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)  # the contacts are read on the database worker
    view.search.setText("kovalenko")
    qtbot.waitUntil(lambda: len(view.model.contacts) == 1)
    assert view.model.contacts[0].name == "Olena Kovalenko"


def test_adding_a_contact_through_the_dialog(ctx, qtbot):
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)  # the contacts are read on the database worker
    assert view.model.rowCount() == 0
    dialog = ContactDialog(ctx, None, view)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("embassy"))
    qtbot.keyClicks(dialog.name, "Embassy of Tajikistan")
    qtbot.keyClicks(dialog.country, "Tajikistan")
    qtbot.keyClicks(dialog.emails, "consul.tj-example.org")  # no @: refused at the field
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(settled)  # saved (or refused) on the database worker
    assert dialog.result() == 0
    assert "not an e-mail address" in dialog.errors.text("email")
    assert not dialog.errors.labels["email"].isHidden()
    assert list_contacts(ctx.db) == []  # nothing written
    dialog.emails.clear()
    qtbot.keyClicks(dialog.emails, "consul@example.tj; info@example.tj")
    qtbot.keyClicks(dialog.phones, "+992 37 221 00 00")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(settled)
    assert dialog.result() == 1
    # The view hears of the new contact and shows it.
    qtbot.waitUntil(settled)
    assert [c.name for c in view.model.contacts] == ["Embassy of Tajikistan"]
    saved = view.model.contacts[0]
    assert saved.kind == "embassy" and saved.country == "TJ"
    assert saved.values("email") == ["consul@example.tj", "info@example.tj"]


def test_editing_a_contact_keeps_what_is_not_changed(ctx, qtbot):
    _setup(ctx)
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)  # the contacts are read on the database worker
    _choose(view, "Гульнара Турсунова")
    dialog = ContactDialog(ctx, view.current_contact(), view)
    qtbot.addWidget(dialog)
    assert dialog.phones.text() == "+998 90 123 45 67"
    dialog.name.clear()
    dialog.accept()
    qtbot.waitUntil(settled)
    assert dialog.errors.text("name") == "Is required"
    qtbot.keyClicks(dialog.country, "nowhere-land")
    dialog.name.setText("Гульнара Турсунова")
    dialog.country.setText("Narnia")
    dialog.accept()
    qtbot.waitUntil(settled)
    assert "not a known country" in dialog.errors.text("country")
    dialog.country.setText("UZ")
    qtbot.keyClicks(dialog.language, "uz")
    dialog.accept()
    qtbot.waitUntil(settled)
    contact = next(c for c in view.model.contacts if c.name == "Гульнара Турсунова")
    assert contact.language == "uz" and contact.values("phone") == ["+998 90 123 45 67"]
    assert len(contact.cases) == 1  # the link to the case survived
    assert view.current_contact().id == contact.id  # still selected after the reload


def test_save_and_delete_run_on_the_worker_and_the_view_reads_once(ctx, qtbot, monkeypatch):
    import casemanager.services.contacts as service
    import ui.contacts.contact_dialog as dialog_module
    import ui.contacts.contacts_view as view_module

    _setup(ctx)
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    threads: list[tuple[str, int]] = []

    def recording(name, real):
        def run(*args, **kwargs):
            threads.append((name, threading.get_ident()))
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(dialog_module, "update_contact",
                        recording("update", service.update_contact))
    monkeypatch.setattr(view_module, "delete_contact", recording("delete", service.delete_contact))
    reloads = []
    ctx.changes.contacts_changed.connect(lambda: reloads.append(1))
    _choose(view, "Olena Kovalenko")
    dialog = ContactDialog(ctx, view.current_contact(), view)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.language, "uk")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(settled)
    assert dialog.result() == 1 and reloads == [1]
    _choose(view, "Olena Kovalenko")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    view.delete_contact()
    qtbot.waitUntil(settled)
    assert reloads == [1, 1]
    assert [c.name for c in view.model.contacts] == ["Гульнара Турсунова"]
    assert [name for name, _ in threads] == ["update", "delete"]
    assert {thread for _, thread in threads} == {ctx.worker.thread_id} != {threading.get_ident()}


def test_linked_cases_read_first_in_the_interface_s_script(ctx, qtbot):
    # In the Russian window a contact's cases were listed by their Latin names only.
    from PySide6.QtCore import QLocale

    case = create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                       "name_native": "Турсунов Алишер"})
    mother = create_contact(ctx.db, fields={"kind": "relative", "name": "Гульнара"})
    link_contact(ctx.db, case.reference, mother, fields={"relationship": "mother"})
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian))
    try:
        view = ContactsView(ctx)
        qtbot.addWidget(view)
        qtbot.waitUntil(settled)
        _choose(view, "Гульнара")
        assert "Турсунов Алишер (Tursunov Alisher)" in view.cases.item(0).text()
    finally:
        QLocale.setDefault(before)
