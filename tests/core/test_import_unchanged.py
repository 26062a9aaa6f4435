"""Rows that repeat what their case holds are "unchanged", not "updated" (tester: our own
export read back in was reported as "100000 updated"): in the dry run, in the real
import, in the JSON report and in what the import writes (nothing for those rows)."""

from __future__ import annotations

import csv
import json
import sqlite3


def _counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        out = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
               for table in ("audit_entries", "status_changes", "custody_periods",
                             "external_references", "import_cases", "name_keys")}
        out["stamps"] = hash(tuple(conn.execute(
            "SELECT updated_at, version FROM cases ORDER BY id").fetchall()))
    conn.close()
    return out


def test_an_export_read_back_in_is_all_unchanged(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    assert cli("demo", "--cases", "40", "--seed", "6", db=path).returncode == 0
    listed = tmp_path / "all.csv"
    assert cli("export", "-o", str(listed), db=path).returncode == 0

    dry = cli("import", str(listed), "--dry-run", db=path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip().splitlines()[-1] == (
        "all.csv: would import (dry run, nothing written) 40 rows: 0 new cases, "
        "0 updated, 40 unchanged, 0 skipped")
    report = json.loads(cli("import", str(listed), "--dry-run", "--format", "json",
                            db=path).stdout)
    assert (report["updated"], report["unchanged"]) == (0, 40)

    before = _counts(path)
    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert real.stdout.strip().splitlines()[-1].endswith(
        "40 rows: 0 new cases, 0 updated, 40 unchanged, 0 skipped")
    after = _counts(path)
    # The import's own entry, and nothing for its rows: no status history, no custody,
    # no record of the import touching a case, no new stamp or version.
    assert after == {**before, "audit_entries": before["audit_entries"] + 1}
    with sqlite3.connect(path) as conn:
        (changes,) = conn.execute("SELECT changes FROM audit_entries "
                                  "WHERE action = 'import'").fetchone()
        record = conn.execute("SELECT created, updated, skipped FROM imports").fetchone()
    conn.close()
    assert json.loads(changes)["updated"] == ["", "0"]
    assert json.loads(changes)["unchanged"] == ["", "40"]
    assert record == (0, 0, 0)


def test_changed_and_unchanged_rows_are_counted_apart(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    assert cli("demo", "--cases", "12", "--seed", "2", db=path).returncode == 0
    listed = tmp_path / "all.csv"
    assert cli("export", "-o", str(listed), db=path).returncode == 0
    with listed.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[3]["health"] = "new wound reported"
    rows[7]["status"] = "released" if rows[7]["status"] != "released" else "repatriated"
    with listed.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    summary = "12 rows: 0 new cases, 2 updated, 10 unchanged, 0 skipped"
    dry = cli("import", str(listed), "--dry-run", db=path)
    assert dry.stdout.strip().splitlines()[-1].endswith(summary), dry.stdout
    before = _counts(path)
    real = cli("import", str(listed), db=path)
    assert real.stdout.strip().splitlines()[-1].endswith(summary), real.stdout
    after = _counts(path)
    assert after["audit_entries"] == before["audit_entries"] + 3  # two cases, the import
    assert after["status_changes"] == before["status_changes"] + 1
    assert after["import_cases"] == before["import_cases"] + 2
