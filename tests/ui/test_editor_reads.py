"""Opening a case in the window leaves an entry in the log: who read which case, when."""

from __future__ import annotations

from editor_helpers import make_context, open_editor

from casemanager.services import audit as audit_log
from casemanager.services import cases


def test_opening_a_case_in_the_editor_leaves_a_view_entry(qtbot, sqlite_db, tmp_path):
    reference = cases.create_case(sqlite_db, fields={"family_name": "Турсунов"},
                                  actor="malika").reference
    ctx = make_context(sqlite_db, tmp_path)
    before = [e.action for e in audit_log.case_history(sqlite_db, reference)]
    assert before == ["create"]
    editor = open_editor(qtbot, ctx, reference)
    assert editor.reference == reference
    after = audit_log.case_history(sqlite_db, reference)
    assert [(e.actor, e.action) for e in after] == [("malika", "create"), ("tester", "view")]
