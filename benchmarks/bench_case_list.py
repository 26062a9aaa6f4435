"""The window at scale (issue 18): how long the main window takes to show its first page
of cases, the peak memory of the process that shows it, and whether sorting by each
column and filtering keep the GUI thread answering.

Size: `CM_BENCH_CASES` (or the older `BENCH_CASE_LIST_CASES`; default 100,000) demo cases
are made in the work folder, or `CM_BENCH_DB` (or `BENCH_CASE_LIST_DB`) names a demo
database made earlier, whose .db file is copied (never opened or changed; see
benchmarks/reuse.py). The copy is opened once first, so a schema upgrade is not timed.

Everything is measured in processes of their own (offscreen), so the memory figures are
those processes' peak RSS, not what an earlier benchmark left in this one:

- the window: built (its first load, the first page's ids and rows and the count of
  cases, runs before it shows, as in the application), shown, first page painted (the
  other ids are read on the database worker meanwhile: timed to when every id is there);
  then each action
  runs from the event loop while a 10 ms QTimer on the GUI thread records the longest
  gap between two ticks (a stall), until its result is shown and every operation has
  delivered (the whole action's time);
- the raw baselines, from the same run: sqlite3 reading every id in order (in the
  window's process, before the window), the stall probe over an idle event loop (same
  process), and the peak RSS of a process with the same imports, the QApplication, the
  database opened and every id read into a list, but no window.

Goals (issue 18 at 1,000,000 cases): first page ≤ 0.5 s after the window shows, peak
memory ≤ 300 MB, sorting by any column and filtering without blocking the GUI thread
(a stall over 50 ms counts as blocking, the goal of the GUI-thread stall benchmark).

`python benchmarks/bench_case_list.py --window DB OUT.json` (or `--baseline`) runs one
process alone.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from reuse import bench_cases, copy_database, reused_database  # noqa: E402

TICK_MS = 10
STALL_GOAL_MS = 50.0
FIRST_PAGE_GOAL_S = 0.5
PEAK_GOAL_MB = 300.0
SEARCH = "турсунов"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _imports():
    from PySide6.QtWidgets import QApplication

    from casemanager.store.database import open_database
    from ui.main_window import MainWindow

    return QApplication, open_database, MainWindow


def _raw_ids(path: str) -> tuple[float, list[int]]:
    """(ms, ids): sqlite3 reading every id in order, the list cannot beat it."""
    raw = sqlite3.connect(path)
    started = time.perf_counter()
    ids = [row[0] for row in raw.execute("SELECT id FROM cases ORDER BY id")]
    ms = (time.perf_counter() - started) * 1000
    raw.close()
    return ms, ids


def baseline(path: str, out: str) -> None:
    """The memory baseline: what the window's process holds before it builds a window."""
    QApplication, open_database, _ = _imports()
    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    _, ids = _raw_ids(path)
    app.processEvents()
    Path(out).write_text(json.dumps({"peak_mib": _peak_mib(), "ids": len(ids)}),
                         encoding="utf-8")
    db.dispose()
    os._exit(0)


def window(path: str, out: str) -> None:
    QApplication, open_database, MainWindow = _imports()
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from casemanager.services.queries import CaseFilter
    from ui import features
    from ui.cases.case_table import COLUMNS, column_title
    from ui.context import AppContext
    from ui.operations import garbage, turns
    from ui.operations.operation import settled

    app = QApplication.instance() or QApplication([])
    collector = garbage.install(app)  # as ui.app.application() does
    turns.install(app)
    db = open_database(path)
    raw_ms, ids = _raw_ids(path)
    del ids
    settings = QSettings(str(Path(out).parent / "settings.ini"), QSettings.Format.IniFormat)
    result: dict = {"raw_ids_ms": raw_ms, "rss_before_mib": _rss_mib()}

    # ---- the first page: built (first load before it shows), shown, painted. The
    # model's first load (the core's case_id_array, count_cases and rows_for_ids, direct
    # before the window shows) is timed inside the build by wrapping the names the model
    # calls.
    import ui.cases.case_table as case_table

    in_build: dict[str, float] = {}

    def timed(name: str, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                if building:
                    in_build[name] = in_build.get(name, 0.0) + time.perf_counter() - t0
        return wrapper

    building = True
    for name in ("case_id_array", "count_cases", "rows_for_ids"):
        setattr(case_table, name, timed(name, getattr(case_table, name)))
    started = time.perf_counter()
    win = MainWindow(AppContext(db=db, actor="bench", settings=settings))
    features.install(win)
    win.resize(1320, 820)
    built = time.perf_counter()
    built_cpu = time.thread_time()
    building = False
    win.show()
    if not collector.frozen:
        collector.settle_after_start()  # as ui.app.open_window does once the window shows
    model = win.case_list.model
    table = win.case_list.table

    def visible_rows() -> range:
        top = max(table.rowAt(0), 0)
        bottom = table.rowAt(table.viewport().height() - 1)
        return range(top, (bottom if bottom >= 0 else model.rowCount() - 1) + 1)

    def rows_at_hand() -> bool:
        return all(model.cached_row(r) is not None for r in visible_rows())

    def page_shown() -> bool:
        return not model.loading and rows_at_hand()

    win.grab()  # one paint (offscreen, nothing paints unasked): the rows on screen
    while not rows_at_hand():  # were read before the window showed; else they come now
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        win.grab()
    painted = time.perf_counter()
    result.update(built_s=built - started, in_build_s=in_build, shown_to_painted_s=painted - built,
                  shown_to_painted_cpu_s=time.thread_time() - built_cpu,
                  first_page_s=painted - started, rss_after_mib=_rss_mib(),
                  peak_first_page_mib=_peak_mib(),
                  total=model.total_count, rows_on_screen=len(visible_rows()))
    while model.loading or not settled():  # every id, read on the worker after show
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    result.update(every_id_s=time.perf_counter() - built, rss_every_id_mib=_rss_mib(),
                  peak_every_id_mib=_peak_mib())
    settle = time.perf_counter() + 2.0  # what follows the first show (the collector's settling)
    while time.perf_counter() < settle:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    # ---- the stall probe
    longest = {"gap": 0.0, "cpu": 0.0}
    last = {"t": time.perf_counter(), "cpu": time.thread_time()}

    def tick() -> None:
        # Wall time between ticks, and the GUI thread's own CPU time between them: on a
        # loaded machine the first also counts waiting for a core (or the GIL).
        now, cpu = time.perf_counter(), time.thread_time()
        longest["gap"] = max(longest["gap"], now - last["t"])
        longest["cpu"] = max(longest["cpu"], cpu - last["cpu"])
        last["t"], last["cpu"] = now, cpu

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()

    def measure(action, done, timeout_s: float = 900.0, profiler=None) -> dict:
        """Start `action` from the event loop; run until `done()` and every operation
        has delivered, plus 100 ms for what a result sets off. With a cProfile
        `profiler`, the GUI thread is profiled meanwhile (the worker thread is not)."""
        loop = QEventLoop()
        state: dict = {"begun": None, "finished": None}

        def begin() -> None:
            last["t"], last["cpu"] = time.perf_counter(), time.thread_time()
            longest["gap"] = longest["cpu"] = 0.0
            state["begun"] = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            action()
            table.viewport().update()  # the view paints the rows it now shows

        def check() -> None:
            if state["begun"] is None:
                return
            now = time.perf_counter()
            if state["finished"] is None and done() and settled():
                state["finished"] = now
            if state["finished"] is not None and now - state["finished"] > 0.1:
                loop.quit()
            if now - state["begun"] > timeout_s:
                loop.quit()

        checker = QTimer()
        checker.setInterval(5)
        checker.timeout.connect(check)
        checker.start()
        QTimer.singleShot(50, begin)
        loop.exec()
        checker.stop()
        if profiler is not None:
            profiler.disable()
        end = state["finished"] or time.perf_counter()
        return {"stall_ms": round(longest["gap"] * 1000, 1),
                "cpu_ms": round(longest["cpu"] * 1000, 1),
                "total_ms": round((end - state["begun"]) * 1000),
                "shown": model.shown_count, "timed_out": state["finished"] is None,
                "peak_mib": _peak_mib(), "rss_mib": _rss_mib()}

    actions: list[tuple[str, dict]] = []
    idle_until = {"t": 0.0}

    def idle() -> None:
        idle_until["t"] = time.perf_counter() + 1.0

    actions.append(("idle event loop for 1 s (raw baseline)",
                    measure(idle, lambda: time.perf_counter() > idle_until["t"])))
    actions.append(("repaint the rows on screen, cached (raw baseline: painting alone)",
                    measure(lambda: table.viewport().repaint(), lambda: True)))
    actions.append(("scroll to the middle, its rows painted", measure(
        lambda: table.scrollTo(model.index(model.rowCount() // 2, 0)), page_shown)))
    actions.append(("scroll back to the top", measure(lambda: table.scrollToTop(), page_shown)))
    replay: dict[str, Callable[[], object]] = {}  # each sort and filter, by its name
    for column in [*range(1, len(COLUMNS)), 0]:
        replay[f"sort by {column_title(column).lower()}"] = (
            lambda c=column: table.sortByColumn(c, Qt.SortOrder.AscendingOrder))
    follow_up = next(n for n, c in enumerate(COLUMNS) if c.key == "next_follow_up")
    replay["sort by next follow-up, descending"] = (
        lambda: table.sortByColumn(follow_up, Qt.SortOrder.DescendingOrder))
    filters = [
        (f"search '{SEARCH}'", CaseFilter(query=SEARCH)),
        ("filter status = detained", CaseFilter(statuses=("detained",))),
        ("filter citizenship = UZ", CaseFilter(citizenship="UZ")),
        ("filter priority = urgent", CaseFilter(priority="urgent")),
        ("filter status = detained and search 'karimov'",
         CaseFilter(statuses=("detained",), query="karimov")),
        ("clear the filter (every case again)", CaseFilter()),
    ]
    for name, case_filter in filters:
        replay[name] = lambda f=case_filter: model.set_filter(f)
    # A filter and its clearing under a computed sort: the session a tester saw reach
    # 346 MB (issue 18, item 5; branch window1m2).
    detained = CaseFilter(statuses=("detained",))
    replay["sort by next follow-up, then filter status = detained"] = lambda: (
        table.sortByColumn(follow_up, Qt.SortOrder.AscendingOrder), model.set_filter(detained))
    replay["search 'karimov' within it (by next follow-up)"] = (
        lambda: model.set_filter(CaseFilter(statuses=("detained",), query="karimov")))
    replay["clear the filter (by next follow-up)"] = lambda: model.set_filter(CaseFilter())
    for name, act in replay.items():
        actions.append((name, measure(act, page_shown)))

    result["peak_mib"] = _peak_mib()  # before the profiling below, which reads ids again

    # ---- why: the GUI thread profiled through the action that stalled it longest (run
    # again from the same starting point), and the first load's stages timed alone
    named = dict(actions)
    worst = max((n for n, _ in actions if n.startswith(("sort", "search", "filter"))),
                key=lambda n: named[n]["stall_ms"])
    if named[worst]["stall_ms"] > STALL_GOAL_MS:
        import cProfile
        import pstats

        if worst.startswith("sort"):  # from another order, as measured
            column = 1 if worst == f"sort by {column_title(0).lower()}" else 0
            measure(lambda: table.sortByColumn(column, Qt.SortOrder.AscendingOrder), page_shown)
        else:  # from another filter
            other = CaseFilter(statuses=("detained",)) if named[worst]["shown"] == model.total_count \
                else CaseFilter()
            measure(lambda: model.set_filter(other), page_shown)
        profiler = cProfile.Profile()
        rerun = measure(replay[worst], page_shown, profiler=profiler)
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:8]
        result["profile"] = {"action": worst, "stall_ms": rerun["stall_ms"],
                             "total_ms": rerun["total_ms"], "top": [
            [f"{Path(f).name}:{line}({fn})" if line else fn.split(" at 0x")[0].lstrip("<"),
             calls, own * 1000, cumulative * 1000]
            for (f, line, fn), (_, calls, own, cumulative, _) in top]}
    timer.stop()
    from casemanager.services.queries import case_id_array, rows_for_ids

    stages = {}
    t0 = time.perf_counter()
    every = list(case_id_array(db, CaseFilter()))
    stages["case_id_array: every id, by reference"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows_for_ids(db, every[:100])
    stages["rows_for_ids: the first page of 100"] = time.perf_counter() - t0
    for column in ("family_name", "given_name", "name_native", "next_follow_up"):
        t0 = time.perf_counter()
        case_id_array(db, CaseFilter(), sort=column)
        stages[f"case_id_array: every id, by {column}"] = time.perf_counter() - t0
    result["stages_s"] = stages
    result["actions"] = actions
    result["pages_fetched"] = model.pages_fetched
    worker = getattr(win.ctx, "worker", None)
    if worker is not None:
        worker.stop()
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    maintenance = getattr(win.ctx, "maintenance", None)
    if maintenance is not None:
        maintenance.stop()
    db.dispose()  # its open marker goes: the next run's open skips the whole-file check
    os._exit(0)  # no teardown of a million cases' worth of Qt objects to wait for


def _child(mode: str, path: Path, work: Path) -> dict:
    out = work / f"{mode}.json"
    subprocess.run([sys.executable, str(Path(__file__).resolve()), f"--{mode}", str(path),
                    str(out)], check=True, cwd=str(HERE.parent), timeout=7200)
    return json.loads(out.read_text(encoding="utf-8"))


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(work: Path, own_copy: Path | None = None) -> str:
    """Measure and return the results' section. `own_copy`: a copy of a demo database
    made for this run (it may be changed), used in place instead of copied again."""
    path = own_copy or work / "cases.db"
    source = reused_database("BENCH_CASE_LIST_DB")
    if own_copy is not None:
        made = f"a copy of {source}" if source is not None else f"{own_copy}"
    elif source is not None:
        copy_database(source, path)
        made = f"copied from {source}"
    else:
        cases = bench_cases("BENCH_CASE_LIST_CASES")
        subprocess.run([sys.executable, "-m", "casemanager", "--db", str(path), "demo",
                        "--cases", str(cases), "--seed", "3"], check=True,
                       stdout=subprocess.DEVNULL, cwd=str(HERE.parent))
        made = "generated by `casemanager demo`"
    from casemanager.store.database import open_database

    open_database(str(path)).dispose()  # any schema upgrade now, not in a figure
    base = _child("baseline", path, work)
    win = _child("window", path, work)
    total = win["total"]
    peak_mb = win["peak_mib"] * 1.048576
    load = os.getloadavg()[0]
    sorts = [(n, a) for n, a in win["actions"] if n.startswith("sort")]
    others = [(n, a) for n, a in win["actions"] if not n.startswith(("sort", "idle", "scroll", "repaint"))]
    worst_sort = max(sorts, key=lambda x: x[1]["stall_ms"])
    worst_filter = max(others, key=lambda x: x[1]["stall_ms"])
    idle = win["actions"][0][1]["stall_ms"]
    paint = win["actions"][1][1]["stall_ms"]
    lines = [
        f"## Case list ({total:,} cases, sqlite)",
        "",
        f"The main window over {total:,} demo cases ({made}), offscreen, in a process of "
        f"its own; the memory baseline is another process with the same imports, the "
        f"QApplication, the database opened and its {base['ids']:,} ids read into a list. "
        f"Load average when measured: {load:.1f} on {os.cpu_count()} cores (shared machine).",
        "",
        "| what | the window | raw baseline, same run |",
        "|---|---|---|",
        f"| first page: window built (its first load: the first page's ids and rows and "
        f"the count, before it shows) + shown and painted | {win['first_page_s']:.2f} s "
        f"({win['built_s']:.2f} + {win['shown_to_painted_s']:.2f} s, the GUI thread's CPU "
        f"from show {win.get('shown_to_painted_cpu_s', float('nan')):.2f} s; "
        f"{win['rows_on_screen']} rows on screen) | — |",
        f"| every id read on the worker, from show | {win['every_id_s']:.2f} s "
        f"(RSS then {win['rss_every_id_mib']:.0f} MiB, peak {win['peak_every_id_mib']:.0f} MiB) "
        f"| sqlite3 reads every id in order: {win['raw_ids_ms']:.0f} ms |",
        f"| peak RSS of the process | {win['peak_mib']:.0f} MiB ({peak_mb:.0f} MB); "
        f"{win['peak_first_page_mib']:.0f} MiB up to the first page, "
        f"{win['rss_after_mib'] - win['rss_before_mib']:.0f} MiB of it added by the window "
        f"| {base['peak_mib']:.0f} MiB (no window) |",
        f"| pages of 100 rows fetched in all of the below | {win['pages_fetched']} | — |",
        "",
        "Each action from the event loop: the longest GUI-thread stall (gap between two "
        f"ticks of a {TICK_MS} ms QTimer) while it runs, and the whole action until its "
        "rows are painted and every operation has delivered.",
        "",
        "A stall is given as wall time / the GUI thread's own CPU time in that gap (on a "
        "loaded machine the wall time also counts waiting for a core or the GIL).",
        "",
        "The last column is the process's RSS after the action and its peak so far: the "
        "action that raised the peak is where the memory goes.",
        "",
        "| action | longest stall | whole action | cases shown | RSS after / peak |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, a in win["actions"]:
        late = " (timed out)" if a["timed_out"] else ""
        lines.append(f"| {name} | {a['stall_ms']:.0f} / {a['cpu_ms']:.0f} ms "
                     f"| {a['total_ms']:,} ms{late} | {a['shown']:,} "
                     f"| {a['rss_mib']:.0f} / {a['peak_mib']:.0f} MiB |")
    lines += [
        "",
        f"Goals (issue 18): first page ≤ {FIRST_PAGE_GOAL_S} s after the window shows — "
        f"{_met(win['shown_to_painted_s'] <= FIRST_PAGE_GOAL_S)} "
        f"({win['shown_to_painted_s']:.2f} s from show; {win['first_page_s']:.2f} s "
        f"counted from the start of building the window); peak memory ≤ {PEAK_GOAL_MB:.0f} MB — {_met(peak_mb <= PEAK_GOAL_MB)} "
        f"({peak_mb:.0f} MB); sorting by any column without blocking the GUI thread (no "
        f"stall over {STALL_GOAL_MS:.0f} ms) — {_met(worst_sort[1]['stall_ms'] <= STALL_GOAL_MS)} "
        f"(longest {worst_sort[1]['stall_ms']:.0f} ms, {worst_sort[0]}); filtering likewise — "
        f"{_met(worst_filter[1]['stall_ms'] <= STALL_GOAL_MS)} (longest "
        f"{worst_filter[1]['stall_ms']:.0f} ms, {worst_filter[0]}); baselines: idle "
        f"{idle:.0f} ms, one paint of the rows on screen {paint:.0f} ms.",
    ]
    first_missed = win["shown_to_painted_s"] > FIRST_PAGE_GOAL_S
    stages = win["stages_s"]
    if first_missed or "profile" in win:
        lines += ["", "Where the time goes (same process; first each core call alone after the "
                  "actions above, on the GUI thread):", "", "```"]
        lines += [f"{seconds * 1000:8.0f} ms  {name}" for name, seconds in stages.items()]
        if first_missed:
            inside = win["in_build_s"]
            lines.append(f"the window's build, {win['built_s'] * 1000:.0f} ms, timed inside:")
            for name, what in (("case_id_array", "the first page's ids, by reference"),
                               ("count_cases", "how many cases"),
                               ("rows_for_ids", "the first page's rows")):
                lines.append(f"{inside.get(name, 0.0) * 1000:8.0f} ms  {name}: {what}")
            rest = win["built_s"] - sum(inside.values())
            lines.append(f"{rest * 1000:8.0f} ms  the rest: widgets, menus, features")
        if "profile" in win:
            prof = win["profile"]
            lines.append(f"cProfile of the GUI thread through \"{prof['action']}\" run "
                         f"again (longest stall {prof['stall_ms']:.0f} ms, whole action "
                         f"{prof['total_ms']:,} ms under the profiler), most own time; "
                         "a stall's wall time beyond its CPU time (the table) is waiting "
                         "for a core or for the GIL, which no profile of this thread shows:")
            lines += [f"  {own:7.1f} ms own {cumulative:8.1f} ms cumulative {calls:8,} "
                      f"calls  {where}" for where, calls, own, cumulative in prof["top"]]
        lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--window", "--baseline"):
        (window if sys.argv[1] == "--window" else baseline)(sys.argv[2], sys.argv[3])
    else:
        import tempfile

        # --on-copy COPY.db: measure a copy made for this run in place (a million cases'
        # file is 3.4 GB: no second copy).
        copy = Path(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[1] == "--on-copy" else None
        print(run(Path(tempfile.mkdtemp(prefix="cm-bench-case-list-")), copy))
