"""How long the window stops answering while it works: the GUI-thread stall probe.

A QTimer ticks every 10 ms on the GUI thread and records the longest gap between two
ticks while the main window (QT_QPA_PLATFORM=offscreen) does one action on a large demo
database: open a case, save it, change its status, merge two cases, undo the merge, make
an appeal letter, read an attachment, import a list, export every case. A gap is time
the GUI thread spent elsewhere: in a query, in Python, in painting. The raw baseline is
the same probe over an idle event loop in the same process. Goal: no action over 50 ms.

Each action runs twice, in a subprocess each: on this tree ("after") and on a checkout
of the commit the database worker was started from ("before", `git archive` of
BENCH_STALL_BASE, default the merge base with main), so both figures come from the same
run on the same database. `BENCH_STALL_DB=/path/to/demo.db` reuses a demo database (it
is copied, never changed); otherwise BENCH_STALL_CASES (default 100000) demo cases are
made in the work folder first (about eight minutes for 100,000).

`python benchmarks/bench_gui_stall.py --probe DB OUT.json` runs the probe alone, against
whatever `casemanager`/`ui` BENCH_SOURCE points at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
SOURCE = Path(os.environ.get("BENCH_SOURCE", HERE.parent))

ACTIONS = ["idle (raw baseline)", "open a case", "save the case", "change status",
           "merge two cases", "undo the merge", "make an appeal letter",
           "read an attachment", "import 2,000 cases", "export all cases (CSV)"]
TICK_MS = 10


# ---------------------------------------------------------------------------- the probe


def probe(db_path: str, out: str) -> None:
    sys.path.insert(0, str(SOURCE))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QDesktopServices, QImage
    from PySide6.QtWidgets import QApplication

    from casemanager.services import attachments, cases, contacts, records
    from casemanager.services.duplicates import DuplicatePair
    from casemanager.store.database import open_database
    from ui import features
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.operations.background import run_in_background

    try:
        from ui.operations.operation import settled
    except ImportError:  # before: everything happened on the GUI thread or the pool
        def settled() -> bool:
            return True

    app = QApplication.instance() or QApplication([])
    db = open_database(db_path)
    work = Path(out).parent

    # ---- set-up, not measured: an appeal with a recipient, a picture and a list to import
    reference, other = "CM-0042", "CM-0043"
    embassy = contacts.create_contact(db, fields={"name": "Embassy", "kind": "embassy"})
    records.add_appeal(db, reference, recipient_id=embassy, subject="Consular access",
                       sent_date="2025-02", actor="bench")
    picture = work / "photo.png"
    image = QImage(900, 1200, QImage.Format.Format_RGB32)
    image.fill(0x8080C0)
    image.save(str(picture))
    attachments.add_attachment_file(db, reference, picture, actor="bench")
    listing = work / "list.csv"
    listing.write_text("family_name,given_name,date_of_birth\n" + "".join(
        f"Bench{i},Imported,19{50 + i % 50}\n" for i in range(2000)), encoding="utf-8")
    opened: list = []
    QDesktopServices.openUrl = staticmethod(lambda url: opened.append(url) or True)

    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, actor="bench", settings=settings)
    window = MainWindow(ctx)
    features.install(window)
    collector = None
    try:  # as the application does before its event loop starts
        from ui.operations import garbage

        collector = garbage.install(QApplication.instance())
    except ImportError:
        from ui.app import quiet_garbage_collection  # older trees: thresholds only

        quiet_garbage_collection()
    try:  # the GUI thread's beat, as ui.app.application() installs it
        from ui.operations import turns

        turns.install(QApplication.instance())
    except ImportError:
        pass  # older trees
    try:  # the status bar's overdue count follows every change, as in the application
        from ui.followups.due_indicator import install_due_indicator

        window.due_indicator = install_due_indicator(window)
    except ImportError:
        pass
    window.show()
    if collector is not None and hasattr(collector, "settle_after_start"):
        collector.settle_after_start()  # as ui.app.open_window does once the window shows
    for _ in range(20):
        app.processEvents()

    longest = {"gap": 0.0, "cpu": 0.0}
    last = {"t": None, "cpu": None}

    def tick() -> None:
        # Wall time between ticks, and the GUI thread's own CPU time between them: on a
        # loaded machine the first also counts waiting for a core (or the GIL).
        now, cpu = time.perf_counter(), time.thread_time()
        if last["t"] is not None:
            longest["gap"] = max(longest["gap"], now - last["t"])
            longest["cpu"] = max(longest["cpu"], cpu - last["cpu"])
        last["t"], last["cpu"] = now, cpu

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()

    def measure(action, done, timeout_s: float = 300.0) -> dict:
        """Start `action` from the event loop, run it until `done()` and every operation
        has delivered its result, plus 100 ms for what a result sets off."""
        loop = QEventLoop()
        started = time.perf_counter()
        state = {"begun": False, "finished_at": None}

        def begin() -> None:
            last["t"], last["cpu"] = time.perf_counter(), time.thread_time()
            longest["gap"] = longest["cpu"] = 0.0
            state["begun"] = True
            action()

        def check() -> None:
            if not state["begun"]:
                return
            now = time.perf_counter()
            if state["finished_at"] is None and done() and settled():
                state["finished_at"] = now
            if state["finished_at"] is not None and now - state["finished_at"] > 0.1:
                loop.quit()
            if now - started > timeout_s:
                loop.quit()

        checker = QTimer()
        checker.setInterval(5)
        checker.timeout.connect(check)
        checker.start()
        QTimer.singleShot(50, begin)
        loop.exec()
        checker.stop()
        total = (state["finished_at"] or time.perf_counter()) - started - 0.05
        return {"stall_ms": round(longest["gap"] * 1000, 1),
                "cpu_ms": round(longest["cpu"] * 1000, 1), "total_ms": round(total * 1000)}

    results: dict[str, dict] = {}
    holder: dict = {}

    # idle: the same loop, nothing to do
    results[ACTIONS[0]] = measure(lambda: None, lambda: True)

    # open
    def open_case() -> None:
        holder["editor"] = window.open_case(reference)

    def editor_ready() -> bool:
        editor = holder.get("editor")
        return editor is not None and getattr(editor, "is_loaded", lambda: True)()

    results[ACTIONS[1]] = measure(open_case, editor_ready)
    editor = holder["editor"]

    # save: an edit typed into a field first (not measured)
    from PySide6.QtTest import QTest

    rank = editor.service.form.widget("rank") if editor.service.form.has("rank") else None
    if rank is None:
        for section in editor.sections:
            if section.form is not None and section.form.has("rank"):
                rank = section.form.widget("rank")
    rank.setFocus()
    QTest.keyClicks(rank, "sergeant")
    results[ACTIONS[2]] = measure(editor.save, lambda: not editor.is_dirty())

    # status: the dialog is opened and filled (not measured), OK is measured
    editor.status.change_status()
    dialog = editor.status.current_dialog
    dialog.source.setText("bench")
    results[ACTIONS[3]] = measure(dialog.accept, lambda: editor.status.current_dialog is None)

    # merge: the duplicates view compares the pair (reads both) and merges
    from ui.duplicates.duplicates_view import DuplicatesView

    view = DuplicatesView(ctx)
    view.refresh = lambda: None  # a full search of 100,000 cases is not what is measured
    a, b = cases.get_case(db, reference), cases.get_case(db, other)
    pair = DuplicatePair(a.id, a.reference, a.display_name, b.id, b.reference,
                         b.display_name, 0.9, ("bench",))
    view.model.set_pairs([pair])
    view.table.selectRow(0)
    merge_state = {"asked": False}

    def merged() -> bool:
        dialog = view.merge_dialog
        if dialog is None:
            return False
        if not merge_state["asked"]:
            merge_state["asked"] = True
            dialog.keep_a.setChecked(True)
            dialog.do_merge()
            return False
        return bool(view._note)

    view._note = ""
    view.merge_dialog = None
    results[ACTIONS[4]] = measure(view.compare, merged)

    view._note = ""
    results[ACTIONS[5]] = measure(view.undo_last_merge, lambda: bool(view._note))

    # letter
    editor.appeals.table.select_row(0)
    before_letter = len(editor.attachments.items)
    results[ACTIONS[6]] = measure(editor.appeals.make_letter,
                                  lambda: len(editor.attachments.items) > before_letter)

    # read an attachment (the picture, 900×1200)
    picture_id = next(i for i, att in editor.attachments.items.items()
                      if att.filename == "photo.png")
    editor.attachments.select_attachment(picture_id)
    results[ACTIONS[7]] = measure(editor.attachments.open_selected, lambda: bool(opened))

    # import and export, as their dialogs start them (the wizard's job, then its announce)
    from casemanager.lists.export import export_cases
    from casemanager.lists.importer import import_file
    from casemanager.services.queries import CaseFilter, case_ids

    finished: list = []

    def run_import() -> None:
        def job(progress):
            return import_file(db, listing, on_duplicate="add", actor="bench",
                               progress=progress)

        def done(_report) -> None:
            finished.append("import")
            ctx.changes.cases_changed.emit([])

        holder["task"] = run_in_background(window, "Importing cases", job, done)

    results[ACTIONS[8]] = measure(run_import, lambda: "import" in finished)

    def run_export() -> None:
        def job(progress):
            ids = case_ids(db, CaseFilter())
            return export_cases(db, ids, work / "all.csv", fmt="csv", progress=progress)

        holder["task"] = run_in_background(window, "Exporting cases", job,
                                           lambda _n: finished.append("export"))

    results[ACTIONS[9]] = measure(run_export, lambda: "export" in finished)

    timer.stop()
    worker = getattr(ctx, "worker", None)
    if worker is not None:
        worker.stop()
    Path(out).write_text(json.dumps(results), encoding="utf-8")
    db.dispose()  # removes the open marker: os._exit skips it, and the next open would
    # take the file as shut down uncleanly and run the whole-file quick check
    os._exit(0)  # no teardown of 100,000 cases' worth of Qt objects to wait for


# ---------------------------------------------------------------------------- the runs


def _checkout(base: str, dest: Path) -> Path:
    repo = HERE.parent
    if base == "":
        base = subprocess.run(["git", "-C", str(repo), "merge-base", "HEAD", "main"],
                              capture_output=True, text=True, check=True).stdout.strip()
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", base],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    for qm in (repo / "resources" / "translations").glob("*.qm"):
        shutil.copy(qm, dest / "resources" / "translations" / qm.name)
    return dest


def _run_probe(source: Path, db: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    copy = work / "demo.db"
    shutil.copy(db, copy)
    out = work / "result.json"
    env = dict(os.environ, BENCH_SOURCE=str(source), PYTHONPATH=str(source))
    subprocess.run([sys.executable, str(HERE / "bench_gui_stall.py"), "--probe", str(copy),
                    str(out)], env=env, cwd=str(source), check=True, timeout=3600)
    result = json.loads(out.read_text(encoding="utf-8"))
    copy.unlink()
    return result


def run(work: Path) -> str:
    db = os.environ.get("BENCH_STALL_DB")
    cases = int(os.environ.get("BENCH_STALL_CASES", "100000"))
    if db:
        db_path = Path(db)
        with_cases = _count(db_path)
    else:
        sys.path.insert(0, str(HERE.parent))
        from casemanager.services import demo
        from casemanager.store.database import open_database

        db_path = work / "demo.db"
        demo_db = open_database(str(db_path), create=True)
        demo.generate(demo_db, cases=cases, seed=7, actor="bench")
        demo_db.dispose()
        with_cases = cases
    base = os.environ.get("BENCH_STALL_BASE", "")
    before_tree = _checkout(base, work / "before-src")
    before = _run_probe(before_tree, db_path, work / "before")
    after = _run_probe(HERE.parent, db_path, work / "after")
    lines = [
        f"## GUI-thread stalls ({with_cases:,} demo cases, sqlite)",
        "",
        "Longest gap between two ticks of a 10 ms QTimer on the GUI thread while the",
        "action runs (offscreen). Before: the commit the database worker started from;",
        "after: this tree. Goal: under 50 ms. The whole action's time beside it.",
        "",
        "Each stall is given as wall time / the GUI thread's own CPU time in that gap",
        "(on a loaded machine the wall time includes waiting for a core).",
        "",
        "| action | before: longest stall | after: longest stall | before / after: whole action |",
        "|---|---:|---:|---:|",
    ]
    for action in ACTIONS:
        b, a = before.get(action, {}), after.get(action, {})
        lines.append(
            f"| {action} | {b.get('stall_ms', '—')} / {b.get('cpu_ms', '—')} ms "
            f"| {a.get('stall_ms', '—')} / {a.get('cpu_ms', '—')} ms "
            f"| {b.get('total_ms', '—')} / {a.get('total_ms', '—')} ms |")
    return "\n".join(lines)


def _count(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--probe":
        probe(sys.argv[2], sys.argv[3])
    else:
        import tempfile

        print(run(Path(tempfile.mkdtemp(prefix="cm-bench-gui_stall-"))))
