"""How long the case list waits for its first page while the daily backup runs.

The tester's finding (1,000,000 cases): the daily backup ran on the window's one
database worker, so for the 4½ minutes of its copy the case list's reads waited behind
it (rows "…"). This measures, in one offscreen process per run:

- the window on a copy of a demo database, shown, its first page painted;
- the daily backup started (`install_daily_backup`, no backup made before, so it is due);
- the moment the copy reports its first step, the case list is queried again (as after
  a search or a sort): the time until its ids are there and until the first row reads
  something else than "…"; and a save (a new case, on the window's worker) is timed too;
- how long the whole backup took, and the process's CPU time (user + sys);
- the baseline, in the same process before the backup: the same query of the list with
  no backup running.

`python benchmarks/bench_backup_lane.py DB.db XDG_FOLDER` prints one JSON line. DB.db is
written to (a case is saved): pass a copy. Run it with PYTHONPATH set to the tree to
measure (an older worktree for the "before" figures).
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db_path: str, xdg: str) -> dict:
    os.environ["XDG_DATA_HOME"] = xdg
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from casemanager.services import cases
    from casemanager.store.database import open_database
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.operations.operation import Operation, settled
    from ui.protect.backup_actions import install_daily_backup

    app = QApplication.instance() or QApplication([])
    db = open_database(db_path)
    ctx = AppContext(db=db, actor="bench", settings=QSettings(
        os.path.join(xdg, "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    window.show()
    model = window.case_list.model

    def wait(condition, limit_s: float = 1200.0) -> None:
        deadline = time.monotonic() + limit_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("gave up waiting")
            app.processEvents()
            time.sleep(0.002)

    def first_row_shown() -> bool:
        return model.rowCount() > 0 and model.index(0, 1).data() != "…"

    wait(lambda: settled() and first_row_shown())
    # The baseline: the same query of the list with no backup running.
    idle_ids: list[float] = []
    t_idle = time.perf_counter()
    model.reload(then=lambda: idle_ids.append(time.perf_counter()))
    wait(lambda: bool(idle_ids))
    wait(first_row_shown)
    idle_rows = time.perf_counter() - t_idle
    wait(settled)
    cpu0 = time.process_time()
    t_start = time.perf_counter()
    timer = install_daily_backup(window, ctx, check_every_ms=24 * 3_600_000)
    wait(lambda: getattr(timer, "task", None) is not None)
    task = timer.task
    copying: list[float] = []
    task.signals.progressed.connect(
        lambda done, _total, _m: copying.append(time.perf_counter()) if done > 0 else None)
    wait(lambda: bool(copying) or task.finished)
    assert copying, "the backup ended before its copy reported a step"
    t0 = time.perf_counter()
    ids_at: list[float] = []
    model.reload(then=lambda: ids_at.append(time.perf_counter()))
    saved_at: list[float] = []
    Operation(ctx, parent=window, work=lambda d: cases.create_case(
        d, fields={"family_name": "Saved during the backup"}, actor="bench")) \
        .success(lambda _r: saved_at.append(time.perf_counter())).run()
    wait(lambda: bool(ids_at))
    wait(first_row_shown)
    t_rows = time.perf_counter()
    wait(lambda: bool(saved_at))
    backup_running_at_rows = not task.finished
    wait(lambda: task.finished)
    t_end = time.perf_counter()
    state = task.state
    wait(settled)
    cpu = time.process_time() - cpu0
    timer.stop()
    ctx.worker.stop()
    ctx.maintenance.stop() if hasattr(ctx, "maintenance") else None
    window.close()
    db.dispose()
    return {
        "backup_state": state,
        "idle_first_row_s": round(idle_rows, 3),
        "list_ids_wait_s": round(ids_at[0] - t0, 3),
        "first_row_wait_s": round(t_rows - t0, 3),
        "save_wait_s": round(saved_at[0] - t0, 3),
        "backup_still_running_when_rows_shown": backup_running_at_rows,
        "backup_total_s": round(t_end - t_start, 3),
        "backup_after_query_s": round(t_end - t0, 3),
        "cpu_s": round(cpu, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
