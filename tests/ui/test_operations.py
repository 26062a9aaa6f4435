"""One way to the database: operations on the context's one worker thread.

Real widgets driven as a person would; the timing is observed with waitSignal/waitUntil
and with events recorded by the services themselves, never with sleeps."""

from __future__ import annotations

import threading

from editor_helpers import field, open_editor, save, settle, type_into
from PySide6.QtWidgets import QLabel

from casemanager.services import cases
from ui.context import CaseChange
from ui.operations.background import run_in_background
from ui.operations.operation import Operation


def test_a_save_runs_on_the_worker_not_the_gui_thread(qtbot, ctx, monkeypatch):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    threads = []
    real = cases.update_case

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "update_case", recording)
    type_into(qtbot, field(editor, "rank"), "sergeant")
    assert save(qtbot, editor)
    assert threads == [ctx.worker.thread_id]
    assert threads[0] != threading.get_ident()
    assert cases.get_case(ctx.db, created.reference).rank == "sergeant"


def test_opening_a_case_reads_it_on_the_worker(qtbot, ctx, monkeypatch):
    from casemanager.services import access

    created = cases.create_case(ctx.db, fields={"family_name": "Karimov"}, actor="tester")
    threads = []
    real = access.open_case

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(access, "open_case", recording)
    editor = open_editor(qtbot, ctx, created.reference)
    assert threads == [ctx.worker.thread_id] and field(editor, "family_name").text() == "Karimov"


def test_operations_run_one_after_the_other_never_together(qtbot, ctx):
    events: list[tuple[str, int]] = []
    inside = threading.Lock()
    overlapped = []

    def work(n: int):
        def run(_db):
            if not inside.acquire(blocking=False):
                overlapped.append(n)
                return n
            try:
                events.append(("start", n))
                # Hand the GIL over a few times: a second thread would get in here.
                for _ in range(2000):
                    threading.Event().wait(0)
                events.append(("end", n))
            finally:
                inside.release()
            return n
        return run

    parent = QLabel()
    qtbot.addWidget(parent)
    done = []
    for n in range(5):
        Operation(ctx, parent=parent, work=work(n)).success(done.append).run()
    # A long job with a progress dialog goes into the same queue, after them.
    run_in_background(parent, "Long job", work(5), done.append, ctx=ctx)
    qtbot.waitUntil(lambda: len(done) == 6, timeout=20_000)
    assert overlapped == []
    assert done == [0, 1, 2, 3, 4, 5]  # FIFO
    assert events == [(kind, n) for n in range(6) for kind in ("start", "end")]


def test_a_stale_search_result_is_dropped(qtbot, ctx):
    view = QLabel()
    qtbot.addWidget(view)
    release = threading.Event()
    shown: list[str] = []

    def slow(db):
        release.wait(10)  # the first search is still running when the person types on
        return "tur"

    first = Operation(ctx, parent=view, work=slow, key="search").success(shown.append).run()
    second = Operation(ctx, parent=view, work=lambda db: "tursunov", key="search")
    second.success(shown.append).run()
    third_other_view = QLabel()
    qtbot.addWidget(third_other_view)
    other = Operation(ctx, parent=third_other_view, work=lambda db: "other", key="search")
    other.success(shown.append).run()
    release.set()
    qtbot.waitUntil(lambda: second.state == "done" and other.state == "done", timeout=10_000)
    assert first.state == "dropped"
    assert shown == ["tursunov", "other"]  # the overtaken result never reached the view


def test_an_editor_switched_quickly_shows_only_the_last_read(qtbot, ctx):
    """Reads overtaken by a newer one from the same editor are not shown."""
    created = cases.create_case(ctx.db, fields={"family_name": "Osmonov"}, actor="tester")
    editor = open_editor(qtbot, ctx, created.reference)
    loads = []
    real = editor._refreshed
    editor._refreshed = lambda result, announced: (loads.append(result[0].family_name),
                                                   real(result, announced))
    cases.update_case(ctx.db, created.reference, fields={"family_name": "Osmonow"},
                      expected_version=created.version, actor="other")
    for _ in range(3):
        editor._reload()
    settle(qtbot)
    assert loads == ["Osmonow"]
    assert field(editor, "family_name").text() == "Osmonow"


def test_the_initiator_refreshes_once_and_others_follow(qtbot, ctx):
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    first = open_editor(qtbot, ctx, created.reference)
    second = open_editor(qtbot, ctx, created.reference)
    changes: list[CaseChange] = []
    ctx.changes.changed.connect(changes.append)
    reads = {first: 0, second: 0}
    for editor in (first, second):
        original = editor._reload

        def counted(*args, _editor=editor, _original=original, **kwargs):
            reads[_editor] += 1
            return _original(*args, **kwargs)

        editor._reload = counted

    type_into(qtbot, field(first, "family_name"), "Tursunow")
    assert save(qtbot, first)
    assert [(c.references, c.kind, c.initiator) for c in changes] == [
        ((created.reference,), "edited", first)]
    assert reads == {first: 0, second: 1}  # the saver has its result; the other reads once
    assert field(second, "family_name").text() == "Tursunow"


def test_a_failure_of_an_operation_is_shown_as_one_line(qtbot, ctx, boxes):
    parent = QLabel()
    qtbot.addWidget(parent)
    op = Operation(ctx, parent=parent, work=lambda db: cases.get_case(db, "CM-9999"),
                   failure_title="Open case").run()
    qtbot.waitUntil(lambda: op.state == "failed", timeout=10_000)
    assert len(boxes) == 1 and boxes[0][:2] == ("warning", "Open case")
    assert boxes[0][2].startswith("Open case: ") and "\n" not in boxes[0][2]


def test_a_result_for_a_closed_widget_is_dropped(qtbot, ctx):
    parent = QLabel()
    release = threading.Event()
    shown = []
    op = Operation(ctx, parent=parent, work=lambda db: release.wait(10)).success(shown.append)
    op.run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: op.state != "queued", timeout=10_000)
    assert op.state == "dropped" and shown == []


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_a_write_whose_widget_closed_is_still_announced(qtbot, ctx):
    """Only the success callback goes with the widget: the write happened, and the other
    views must hear of it (with no initiator, it being gone)."""
    created = cases.create_case(ctx.db, fields={"family_name": "Tursunov"}, actor="tester")
    parent = QLabel()
    release = threading.Event()
    shown, changes = [], []
    ctx.changes.changed.connect(changes.append)

    def write(db):
        release.wait(10)
        return cases.update_case(db, created.reference, fields={"family_name": "Tursunow"},
                                 expected_version=created.version, actor="tester")

    op = Operation(ctx, parent=parent, work=write).success(shown.append)
    op.announce("edited", lambda detail: [detail.reference]).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: op.state != "queued", timeout=10_000)
    assert op.state == "dropped" and shown == []
    assert [(c.references, c.kind, c.initiator) for c in changes] == [
        ((created.reference,), "edited", None)]


def test_nothing_written_announces_nothing(qtbot, ctx):
    parent = QLabel()
    qtbot.addWidget(parent)
    changes = []
    ctx.changes.changed.connect(changes.append)
    op = Operation(ctx, parent=parent, work=lambda db: None).announce("edited", lambda r: r)
    op.run()
    qtbot.waitUntil(lambda: op.state == "done", timeout=10_000)
    assert changes == []


def test_an_operation_run_next_turn_counts_at_once_and_runs_after_this_turn(qtbot, ctx):
    from ui.operations.operation import settled

    order: list[str] = []
    owner = QLabel()
    op = Operation(ctx, parent=owner, work=lambda db: order.append("work")).run_next_turn()
    order.append("this turn")
    assert not settled()  # a test's settle() waits for it
    settle(qtbot)
    assert order == ["this turn", "work"] and op.state == "done"


def test_an_operation_run_next_turn_whose_widget_went_first_never_runs(qtbot, ctx):
    from ui.operations.operation import settled

    ran: list[int] = []
    owner = QLabel()
    op = Operation(ctx, parent=owner, work=lambda db: ran.append(1)).run_next_turn()
    import shiboken6

    shiboken6.delete(owner)  # closed in this same turn
    qtbot.waitUntil(settled, timeout=5_000)
    assert ran == [] and op.state == "dropped"
