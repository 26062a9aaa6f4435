"""Export and import of 100,000 demo cases, beside raw baselines measured in the same run.

Baselines: the `sqlite3` command-line tool writing the same columns as CSV (one SQL
query, no validation, no formula guard) and a plain `executemany` of the exported rows
into a table of 24 text columns (parsing the CSV included, no validation). Each step
runs in its own process, whose peak RSS is measured at 10,000 and 100,000 cases: flat
means the two are close.
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from casemanager.lists.export import export_cases
from casemanager.lists.importer import import_file
from casemanager.services import demo
from casemanager.services.interchange import COLUMNS
from casemanager.services.queries import case_ids
from casemanager.store.database import open_database

CASES = int(os.environ.get("CM_BENCH_LISTS_CASES", "100000"))  # smaller for a trial run
SMALL = 10_000  # the same steps on this many cases: memory is flat when the peaks agree
ROOT = Path(__file__).resolve().parent.parent

SQLITE_EXPORT = """
.headers on
.mode csv
.output {out}
SELECT c.reference, c.status, c.priority, c.family_name, c.given_name, c.patronymic,
  c.name_native,
  (SELECT group_concat(spelling, ';') FROM
     (SELECT spelling FROM aliases WHERE case_id = c.id ORDER BY position)) AS aliases,
  c.sex, c.date_of_birth, c.place_of_birth,
  (SELECT group_concat(country, ';') FROM
     (SELECT country FROM citizenships WHERE case_id = c.id ORDER BY position)) AS citizenships,
  c.home_region, c.recruitment, c.affiliation, c.unit, c.rank, c.capture_date,
  c.capture_place,
  (SELECT CASE WHEN disclosed THEN facility ELSE 'location not disclosed' END
     FROM custody_periods WHERE case_id = c.id ORDER BY id DESC LIMIT 1) AS detention_place,
  c.health, c.assigned_to,
  (SELECT group_concat(tag, ';') FROM
     (SELECT tag FROM case_tags WHERE case_id = c.id ORDER BY tag)) AS tags,
  c.updated_at
FROM cases c ORDER BY c.id;
"""


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _cpu(fn):
    """(CPU seconds of this process and its children, result): on a shared, loaded
    machine the wall clock says more about the neighbours than about the step."""
    before = _cpu_now()
    result = fn()
    return _cpu_now() - before, result


def _cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _step(kind: str, db_path: Path, file: Path, count: int = 0
          ) -> tuple[float, float, float]:
    """Run one export or import in a fresh process: (seconds, peak RSS in MB of that
    process, read with resource.getrusage). A fresh process measures the step alone:
    flat memory means the same peak for 10,000 and 100,000 cases."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, __file__, "--step", kind, str(db_path), str(file), str(count)],
        capture_output=True, text=True, check=True, env=env)
    seconds, cpu, rss = done.stdout.split()[-3:]
    return float(seconds), float(cpu), float(rss)


def _child(kind: str, db_path: str, file: str, count: int) -> None:
    """The measured step (`python bench_lists.py --step KIND DB FILE COUNT`)."""
    db = open_database(db_path)
    cpu = _cpu_now()
    if kind == "export":
        ids = case_ids(db)[: count or None]
        cpu = _cpu_now()
        seconds, _ = _timed(lambda: export_cases(db, ids, Path(file)))
    else:
        dry = kind == "dry-run"
        seconds, report = _timed(lambda: import_file(db, Path(file), dry_run=dry))
        assert dry or (report.written and report.created == count), report.summary()
    cpu = _cpu_now() - cpu
    db.dispose()
    print(f"{seconds:.3f} {cpu:.3f} {_peak_rss_mb():.1f}")


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux keeps getrusage's ru_maxrss across exec (a child
    of a large parent reports the parent's peak), so its own high-water mark, VmHWM,
    is read where /proc has it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _executemany(csv_path: Path, target: Path) -> int:
    conn = sqlite3.connect(target)
    conn.execute(f"CREATE TABLE rows ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        marks = ", ".join("?" for _ in COLUMNS)
        with conn:
            conn.executemany(f"INSERT INTO rows VALUES ({marks})", reader)
    count = conn.execute("SELECT count(*) FROM rows").fetchone()[0]
    conn.close()
    return count


def _fresh(work: Path, name: str, template: Path) -> Path:
    path = work / name
    shutil.copy(template, path)
    return path


def run(work: Path) -> str:
    template = work / "template.db"
    open_database(str(template), create=True).dispose()
    source_path = work / "source.db"
    shutil.copy(template, source_path)
    source = open_database(str(source_path))
    gen_s, _ = _timed(lambda: demo.generate(source, cases=CASES, seed=7))
    source.dispose()
    small = min(SMALL, CASES)

    csv_out, xlsx_out = work / "cases.csv", work / "cases.xlsx"
    csv_small, xlsx_small = work / "small.csv", work / "small.xlsx"
    csv_s, csv_cpu, csv_rss = _step("export", source_path, csv_out, CASES)
    xlsx_s, xlsx_cpu, xlsx_rss = _step("export", source_path, xlsx_out, CASES)
    _s, _c, csv_small_rss = _step("export", source_path, csv_small, small)
    _s, _c, xlsx_small_rss = _step("export", source_path, xlsx_small, small)
    raw_out = work / "raw.csv"
    sqlite_bin = shutil.which("sqlite3")
    raw_s = raw_cpu = 0.0
    if sqlite_bin:
        raw_cpu, (raw_s, _) = _cpu(lambda: _timed(lambda: subprocess.run(
            [sqlite_bin, str(source_path)], input=SQLITE_EXPORT.format(out=raw_out),
            text=True, check=True, capture_output=True)))
        raw_line = (f"| `sqlite3` CLI CSV export, same columns (baseline) | {raw_s:.1f} s | "
                    f"{raw_cpu:.1f} s | |")
    else:
        raw_line = "| `sqlite3` CLI CSV export (baseline) | not installed | | |"

    imp_csv_s, imp_csv_cpu, imp_csv_rss = _step("import", _fresh(work, "t1.db", template),
                                                csv_out, CASES)
    imp_xlsx_s, imp_xlsx_cpu, imp_xlsx_rss = _step("import", _fresh(work, "t2.db", template),
                                                   xlsx_out, CASES)
    _s, _c, imp_csv_small_rss = _step("import", _fresh(work, "t3.db", template), csv_small,
                                      small)
    _s, _c, imp_xlsx_small_rss = _step("import", _fresh(work, "t4.db", template), xlsx_small,
                                       small)
    dry_s, dry_cpu, dry_rss = _step("dry-run", work / "t1.db", csv_out, CASES)
    many_cpu, (many_s, count) = _cpu(lambda: _timed(
        lambda: _executemany(csv_out, work / "raw.db")))
    assert count == CASES

    mb = csv_out.stat().st_size / 1048576
    xmb = xlsx_out.stat().st_size / 1048576
    ratio = f" ({csv_cpu / raw_cpu:.1f}× the `sqlite3` CLI)" if raw_cpu else ""
    many_ratio = f" ({imp_csv_cpu / many_cpu:.0f}× the `executemany`)" if many_cpu else ""
    return "\n".join([
        f"## Case lists: export and import of {CASES:,} cases",
        "",
        f"Demo data generated in {gen_s:.0f} s (not part of the figures). "
        f"CSV {mb:.0f} MB, XLSX {xmb:.0f} MB; SQLite file database. Each step runs in a "
        "fresh process; its peak memory is that process's peak RSS (VmHWM; "
        "resource.getrusage where /proc is missing), "
        f"interpreter and libraries included, for {small:,} and for {CASES:,} cases.",
        "",
        f"| step | wall time | CPU time | peak RSS, {small:,} / {CASES:,} |",
        "|---|---|---|---|",
        f"| export CSV (`export_cases`) | {csv_s:.1f} s | {csv_cpu:.1f} s{ratio} | "
        f"{csv_small_rss:.0f} / {csv_rss:.0f} MB |",
        f"| export XLSX | {xlsx_s:.1f} s | {xlsx_cpu:.1f} s | "
        f"{xlsx_small_rss:.0f} / {xlsx_rss:.0f} MB |",
        raw_line,
        f"| import CSV into an empty database (checked and written in one pass, one "
        f"transaction) | {imp_csv_s:.1f} s | {imp_csv_cpu:.1f} s{many_ratio} | "
        f"{imp_csv_small_rss:.0f} / {imp_csv_rss:.0f} MB |",
        f"| import XLSX into an empty database | {imp_xlsx_s:.1f} s | {imp_xlsx_cpu:.1f} s | "
        f"{imp_xlsx_small_rss:.0f} / {imp_xlsx_rss:.0f} MB |",
        f"| dry run of the CSV against those {CASES:,} cases (every row an update) | "
        f"{dry_s:.1f} s | {dry_cpu:.1f} s | — / {dry_rss:.0f} MB |",
        f"| plain `executemany` of the same CSV into a 24-column text table (baseline) | "
        f"{many_s:.1f} s | {many_cpu:.1f} s | |",
    ])


if __name__ == "__main__":  # pragma: no cover - `python benchmarks/bench_lists.py`
    import tempfile

    sys.setrecursionlimit(10_000)
    if sys.argv[1:2] == ["--step"]:
        _child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        raise SystemExit(0)
    folder = Path(tempfile.mkdtemp(prefix="cm-bench-lists-"))
    try:
        print(run(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
