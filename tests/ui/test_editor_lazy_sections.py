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


def test_the_case_is_read_after_the_first_section_is_built(qtbot, ctx, monkeypatch):
    """Built while the worker read the case, the Person section's Qt calls each waited for
    the GIL: the window stalled two to four times the build's own time. The read starts
    once the section is built."""
    from ui.editor import case_editor

    created = cases.create_case(ctx.db, fields={"family_name": "Юсупов"}, actor="tester")
    editors: list = []
    built_when_read: list[object] = []  # at the moment the read was handed to the worker
    real_open, real_submit = case_editor.access.open_case, ctx.worker.submit
    running: dict[str, object] = {}

    def open_case(db, reference, **kwargs):
        built_when_read.append(running["state"])
        return real_open(db, reference, **kwargs)

    def submit(job):
        # The editor's state when each job was handed to the worker, known to the job.
        state = set(editors[0]._built) if editors else "inside the constructor"

        def run():
            running["state"] = state
            job()

        real_submit(run)

    monkeypatch.setattr(case_editor.access, "open_case", open_case)
    monkeypatch.setattr(ctx.worker, "submit", submit)
    editor = case_editor.CaseEditor(ctx, created.reference)
    editors.append(editor)
    qtbot.addWidget(editor)
    qtbot.waitUntil(editor.is_loaded)
    assert built_when_read == [{"person"}]
    assert editor.person.form.widget("family_name").text() == "Юсупов"


def test_the_database_worker_hands_the_gil_back_quickly():
    """While the worker runs Python, the GUI thread takes the GIL back within 0.5 ms
    after each Qt call (CPython's 5 ms made a progress update stall 70–220 ms)."""
    import sys

    from ui.operations.worker import GIL_SWITCH_INTERVAL_S, DatabaseWorker

    before = sys.getswitchinterval()
    worker = DatabaseWorker("test-gil")
    try:
        sys.setswitchinterval(0.005)
        done: list[int] = []
        worker.submit(lambda: done.append(1))
        worker.stop()
        assert done == [1]
        assert sys.getswitchinterval() <= GIL_SWITCH_INTERVAL_S
    finally:
        sys.setswitchinterval(before)
