"""Issue 17 item 10: a new case is the caseworker's own (in the window and from
`casemanager new`) unless another assignee is given."""

from __future__ import annotations

from editor_helpers import field, make_context, open_editor, save, type_into

from casemanager.services import cases
from casemanager.services.caseworker import set_caseworker_name


def test_a_case_made_in_the_window_is_assigned_to_its_maker(qtbot, sqlite_db, tmp_path):
    set_caseworker_name(sqlite_db, "Дилноза Каримова")
    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    assigned = field(editor, "assigned_to")
    assert assigned.text() == "Дилноза Каримова"  # in view before saving, changeable
    type_into(qtbot, field(editor, "family_name"), "Турсунов")
    assert save(qtbot, editor)
    detail = cases.get_case(sqlite_db, editor._reference)
    assert detail.assigned_to == "Дилноза Каримова"

    other = open_editor(qtbot, ctx)
    type_into(qtbot, field(other, "family_name"), "O'Brien")
    type_into(qtbot, field(other, "assigned_to"), "Marat")
    assert save(qtbot, other)
    assert cases.get_case(sqlite_db, other._reference).assigned_to == "Marat"


def test_casemanager_new_assigns_the_case_to_its_maker(sqlite_db, sqlite_path, cli):
    set_caseworker_name(sqlite_db, "Anna")
    db = str(sqlite_path)
    mine = cli("new", "family_name=Турсунов", "given_name=Алишер", db=db)
    assert mine.returncode == 0, mine.stderr
    assert cases.get_case(sqlite_db, mine.stdout.strip()).assigned_to == "Anna"
    given = cli("new", "family_name=Karimov", "assigned_to=Marat", "--force", db=db)
    assert cases.get_case(sqlite_db, given.stdout.strip()).assigned_to == "Marat"
    nobody = cli("new", "family_name=Rakhimov", "assigned_to=", "--force", db=db)
    assert cases.get_case(sqlite_db, nobody.stdout.strip()).assigned_to == ""


def test_new_case_report_date_and_history_in_the_order_of_the_facts(qtbot, sqlite_db,
                                                                     tmp_path):
    """Issue 17 item 15: a new case's "Reported on" dates its opening entry; a back-dated
    status sorts by its date, not by when it was typed."""
    from editor_helpers import key_text

    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    reported = field(editor, "reported_on")
    assert not editor.status._reported_box.isHidden()
    type_into(qtbot, field(editor, "family_name"), "Турсунов")
    reported.setFocus()
    key_text(qtbot, reported, "05.2023")
    assert save(qtbot, editor)
    ref = editor._reference
    assert editor.status._reported_box.isHidden()  # only while the case is new
    cases.change_status(sqlite_db, ref, status="detained", date="2022-11", source="video")
    cases.change_status(sqlite_db, ref, status="confirmed", date="2024-01", source="ICRC")
    again = open_editor(qtbot, ctx, ref)
    shown = [(row.date.iso(), row.status) for row in again.status.history.model.rows]
    # Newest fact first, as the history table shows it.
    assert shown == [("2024-01", "confirmed"), ("2023-05", "reported"), ("2022-11", "detained")]


def test_without_a_name_given_a_new_case_is_nobody_s_not_root_s(qtbot, sqlite_db, sqlite_path,
                                                                tmp_path, cli, monkeypatch):
    # First start cancelled, no $CASEMANAGER_USER: the computer's login ("root") named
    # the assignee of every new case.
    monkeypatch.delenv("CASEMANAGER_USER", raising=False)
    ctx = make_context(sqlite_db, tmp_path)
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Турсунов")
    assert field(editor, "assigned_to").text() == ""
    assert save(qtbot, editor)
    assert cases.get_case(sqlite_db, editor._reference).assigned_to == ""
    made = cli("new", "family_name=Karimov", "--force", db=str(sqlite_path))
    assert made.returncode == 0, made.stderr
    assert cases.get_case(sqlite_db, made.stdout.strip()).assigned_to == ""
