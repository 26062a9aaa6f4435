"""Opening a case builds only the section shown (and the attachments); the others are
built, and filled from the case, when first shown: the GUI thread's cost of opening."""

from __future__ import annotations

from editor_helpers import open_editor, settle, type_into

from casemanager.services import cases, records


def test_only_the_shown_section_is_built_on_open(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov", "rank": "private"},
                                actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    assert set(editor._built) == {"person"}
    assert editor.tabs.count() == 9
    assert [editor.tabs.tabText(i) for i in range(3)] == ["Person", "Service and capture",
                                                          "Status"]
    # Clicking a tab builds its section in place, filled from the case already read.
    editor.tabs.setCurrentIndex(1)
    assert "service" in editor._built
    assert editor.tabs.currentWidget() is editor.service
    assert editor.service.form.widget("rank").text() == "private"


def test_a_section_built_after_a_record_shows_the_newest_records(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Karimov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    name = editor.person.form.widget("family_name")  # (field() would build every section)
    type_into(qtbot, name, "Karimow")  # unsaved: kept on reload
    records.add_event(ctx.db, created.reference, summary="Video", kind="media", date="2024-02")
    ctx.changes.cases_changed.emit([created.reference])  # a colleague added it
    settle(qtbot)
    assert "timeline" not in editor._built
    timeline = editor.timeline  # built now, from the newest read
    assert [e.summary for e in timeline.table.model.rows] == ["Video"]
    assert editor.is_dirty() and name.text() == "Karimow"


def test_a_new_case_builds_every_section(qtbot, ctx):
    editor = open_editor(qtbot, ctx, None)
    assert len(editor._built) == 9
    assert editor.status.form.widget("priority") is not None
