"""Export and import of 100,000 demo cases, beside raw baselines measured in the same run.

Baselines: the `sqlite3` command-line tool writing the same columns as CSV (one SQL
query, no validation, no formula guard) and a plain `executemany` of the exported rows
into a table of 24 text columns (parsing the CSV included, no validation). Peak memory
of the export is measured with tracemalloc at 10,000 and 100,000 cases: flat means the
two are close.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import time
import tracemalloc
from pathlib import Path

from casemanager.lists.export import export_cases
from casemanager.lists.importer import import_file
from casemanager.services import demo
from casemanager.services.interchange import COLUMNS
from casemanager.services.queries import case_ids
from casemanager.store.database import open_database

CASES = int(os.environ.get("CM_BENCH_LISTS_CASES", "100000"))  # smaller for a trial run

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


def _peak_export(db, ids, out: Path) -> float:
    tracemalloc.start()
    try:
        export_cases(db, ids, out)
        return tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()


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


def _fresh(work: Path, name: str, template: Path):
    path = work / name
    shutil.copy(template, path)
    return open_database(str(path))


def run(work: Path) -> str:
    template = work / "template.db"
    open_database(str(template), create=True).dispose()
    source_path = work / "source.db"
    shutil.copy(template, source_path)
    source = open_database(str(source_path))
    gen_s, _ = _timed(lambda: demo.generate(source, cases=CASES, seed=7))
    ids = case_ids(source)

    csv_out, xlsx_out = work / "cases.csv", work / "cases.xlsx"
    csv_s, _ = _timed(lambda: export_cases(source, ids, csv_out))
    xlsx_s, _ = _timed(lambda: export_cases(source, ids, xlsx_out))
    raw_out = work / "raw.csv"
    sqlite_bin = shutil.which("sqlite3")
    if sqlite_bin:
        raw_s, _ = _timed(lambda: subprocess.run(
            [sqlite_bin, str(source_path)], input=SQLITE_EXPORT.format(out=raw_out),
            text=True, check=True, capture_output=True))
        raw_line = f"| `sqlite3` CLI CSV export, same columns (baseline) | {raw_s:.1f} s |"
    else:
        raw_line = "| `sqlite3` CLI CSV export (baseline) | not installed |"
    peak_small = _peak_export(source, ids[:10_000], work / "peak10k.csv")
    peak_large = _peak_export(source, ids, work / "peak100k.csv")
    peak_xlsx = _peak_export(source, ids, work / "peak100k.xlsx")
    source.dispose()

    target = _fresh(work, "target_csv.db", template)
    imp_csv_s, report = _timed(lambda: import_file(target, csv_out))
    assert report.written and report.created == CASES, report.summary()
    target.dispose()
    target = _fresh(work, "target_xlsx.db", template)
    imp_xlsx_s, report = _timed(lambda: import_file(target, xlsx_out))
    assert report.written and report.created == CASES, report.summary()
    dry_s, _ = _timed(lambda: import_file(target, csv_out, dry_run=True))
    target.dispose()
    many_s, count = _timed(lambda: _executemany(csv_out, work / "raw.db"))
    assert count == CASES

    mb = csv_out.stat().st_size / 1048576
    xmb = xlsx_out.stat().st_size / 1048576
    return "\n".join([
        f"## Case lists: export and import of {CASES:,} cases",
        "",
        f"Demo data generated in {gen_s:.0f} s (not part of the figures). "
        f"CSV {mb:.0f} MB, XLSX {xmb:.0f} MB; SQLite file database.",
        "",
        "| step | time |",
        "|---|---|",
        f"| export CSV (`export_cases`) | {csv_s:.1f} s ({CASES / csv_s:,.0f} cases/s) |",
        f"| export XLSX (openpyxl write-only) | {xlsx_s:.1f} s ({CASES / xlsx_s:,.0f} cases/s) |",
        raw_line,
        f"| import CSV into an empty database (validate all, then write; one transaction) | "
        f"{imp_csv_s:.1f} s ({CASES / imp_csv_s:,.0f} rows/s) |",
        f"| import XLSX into an empty database | {imp_xlsx_s:.1f} s "
        f"({CASES / imp_xlsx_s:,.0f} rows/s) |",
        f"| dry run of the CSV against those {CASES:,} cases (every row an update) | "
        f"{dry_s:.1f} s |",
        f"| plain `executemany` of the same CSV into a 24-column text table (baseline) | "
        f"{many_s:.1f} s |",
        "",
        f"Peak Python memory of the CSV export (tracemalloc): {peak_small:.1f} MB for "
        f"10,000 cases, {peak_large:.1f} MB for {CASES:,}; XLSX export of {CASES:,}: "
        f"{peak_xlsx:.1f} MB.",
    ])


if __name__ == "__main__":  # pragma: no cover - `python benchmarks/bench_lists.py`
    import sys
    import tempfile

    sys.setrecursionlimit(10_000)
    folder = Path(tempfile.mkdtemp(prefix="cm-bench-lists-"))
    try:
        print(run(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
