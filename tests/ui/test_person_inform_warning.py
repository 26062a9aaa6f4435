"""A phone number typed into "Person to inform" (free text the family's consent flags
cannot see into) is answered with a hint: the family's phone belongs in Contacts."""

from __future__ import annotations

from editor_helpers import open_editor, type_into

from casemanager.services import cases


def test_a_phone_in_person_to_inform_shows_the_hint(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    person = editor.person
    field = person.form.widget("person_to_inform")
    type_into(qtbot, field, "Мать — Нигора Абдурахмонова")
    assert not person.inform_warning.isVisibleTo(editor)
    type_into(qtbot, field, "Мать — Нигора, +998 91 444 55 66, Андижан ул. Навои 15")
    assert person.inform_warning.isVisibleTo(editor)
    assert "Contacts" in person.inform_warning.text()
    type_into(qtbot, field, "Мать, Андижан ул. Навои 15")  # a house number is no phone
    assert not person.inform_warning.isVisibleTo(editor)
