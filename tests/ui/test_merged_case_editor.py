"""The editor of a case merged into another meanwhile (by a colleague's `merge`): its
save is refused with the merge named, nothing is written, and it reads as merged."""

from __future__ import annotations

import pytest
from editor_helpers import field, make_context, open_editor, save, settle, type_into
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from casemanager.services import cases
from casemanager.store.models import AuditEntry
from tests.conftest import run_cli


@pytest.fixture
def ctx(sqlite_db, tmp_path):
    return make_context(sqlite_db, tmp_path)


def _audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_saving_a_case_merged_meanwhile_names_the_merge_and_writes_nothing(qtbot, ctx):
    kept = cases.create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                             "rank": "private"}, actor="tester")
    other = cases.create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                              "rank": "corporal"}, actor="tester")
    editor = open_editor(qtbot, ctx, other.reference)
    # A colleague merges it into the kept case, from the command line.
    done = run_cli("merge", kept.reference, other.reference, db=str(ctx.db.path),
                   env={"CASEMANAGER_USER": "olena"})
    assert done.returncode == 0, done.stderr
    before = _audit_count(ctx.db)
    type_into(qtbot, field(editor, "rank"), "sergeant")
    assert not save(qtbot, editor)

    assert editor.conflict_dialog is None  # not a colleague's save: the merge
    box = editor.merged_dialog
    assert box is not None and box.isVisible()
    text = box.text()
    assert f"{other.reference} was merged into {kept.reference}" in text
    assert "by olena" in text and f"make the change in {kept.reference}" in text
    assert _audit_count(ctx.db) == before
    assert cases.get_case(ctx.db, other.reference).rank == "corporal"
    assert cases.get_case(ctx.db, kept.reference).rank == "private"

    # Read again, it shows as merged and read-only, the edit still in view.
    settle(qtbot)
    assert editor.merged_banner.isVisible()
    assert kept.reference in editor.merged_label.text()
    assert not editor.save_button.isEnabled()
    assert not field(editor, "rank").isEnabled()
    assert "Closed" in editor.subheading.text()
    assert field(editor, "rank").text() == "sergeant"

    # The box's button opens the kept case.
    asked: list[str] = []
    editor.open_requested.connect(asked.append)
    opener = next(b for b in box.buttons() if kept.reference in b.text())
    qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
    assert asked == [kept.reference]
    assert editor.merged_dialog is None


def test_an_editor_opened_on_a_merged_case_is_read_only_until_the_merge_is_undone(qtbot, ctx):
    kept = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    other = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    from casemanager.services.merge import merge_cases, undo_merge

    merge = merge_cases(ctx.db, kept.reference, other.reference, actor="tester")
    editor = open_editor(qtbot, ctx, other.reference)
    assert editor.merged_banner.isVisible() and not editor.save_button.isEnabled()
    editor.close()
    undo_merge(ctx.db, merge.audit_id, actor="tester")
    editor = open_editor(qtbot, ctx, other.reference)
    assert not editor.merged_banner.isVisible() and editor.save_button.isEnabled()
    type_into(qtbot, field(editor, "rank"), "sergeant")
    assert save(qtbot, editor)
    assert cases.get_case(ctx.db, other.reference).rank == "sergeant"
