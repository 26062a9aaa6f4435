"""Rows older than their case (tester: an export read back in after CM-0005 was released
and its health corrected put it back to `reported` with the old health, and said only
"20 updated"). A row whose `updated_at` is older than a change made here to a field it
would change keeps our newer value of that field, and every report says so; its other
fields, rows newer than their case and rows without `updated_at` apply as before."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

HEALTH = "NEW: urgent insulin needed"


def _case(path: str, reference: str) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("SELECT * FROM cases WHERE reference = ?",
                                (reference,)).fetchone())
    conn.close()
    return row


def _history(path: str, reference: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT s.status, s.source, s.note FROM status_changes s JOIN cases c "
            "ON c.id = s.case_id WHERE c.reference = ? ORDER BY s.id", (reference,)).fetchall()
    conn.close()
    return rows


def _edit_after_export(cli, path: str, listed: Path) -> None:
    """The tester's sequence up to the import: 20 demo cases, the list, then CM-0005's
    health and capture place corrected and its status set to released."""
    assert cli("demo", "--cases", "20", "--seed", "3", db=path).returncode == 0
    assert cli("export", "-o", str(listed), db=path).returncode == 0
    done = cli("edit", "CM-0005", f"health={HEALTH}", "capture_place=corrected place",
               db=path)
    assert done.returncode == 0, done.stderr
    done = cli("status", "CM-0005", "released", "--note", "released yesterday", db=path)
    assert done.returncode == 0, done.stderr


def _rewrite(listed: Path, reference: str, **cells: str) -> None:
    text = listed.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["reference"] == reference:
            row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    listed.write_text(out.getvalue(), encoding="utf-8-sig")


SAID = ("1 row is older than its case (changed here after the list was written): kept "
        "our newer values of status, capture_place, health (CM-0005)")


def test_the_testers_old_list_keeps_the_newer_status_and_fields(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    listed = tmp_path / "old.csv"
    _edit_after_export(cli, path, listed)
    before = _case(path, "CM-0005")

    dry = cli("import", str(listed), "--dry-run", db=path)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.strip().splitlines()
    assert lines[-1] == ("old.csv: would import (dry run, nothing written) 20 rows: 0 new "
                         "cases, 0 updated, 20 unchanged, 0 skipped; " + SAID)
    warned = [line for line in lines if line.startswith("warning: row 6, ")]
    assert [w.split(",")[1].split(":")[0].strip() for w in warned] == [
        "status", "capture_place", "health"]
    assert "our newer value 'released' kept, the row's 'reported' not taken" in warned[0]

    report = json.loads(cli("import", str(listed), "--dry-run", "--format", "json",
                            db=path).stdout)
    (older,) = report["older_rows"]
    assert (older["row"], older["reference"], older["kept"]) == (6, "CM-0005", "ours")
    fields = {f["field"]: (f["ours"], f["theirs"]) for f in older["fields"]}
    assert fields["status"] == ("released", "reported")
    assert fields["health"][0] == HEALTH
    assert fields["capture_place"][0] == "corrected place"
    assert older["updated_at"] < older["fields"][0]["changed_here"]

    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert real.stdout.strip().splitlines()[-1] == (
        "old.csv: imported (import 1) 20 rows: 0 new cases, 0 updated, 20 unchanged, "
        "0 skipped; " + SAID)
    after = _case(path, "CM-0005")
    assert (after["status"], after["health"], after["capture_place"]) == (
        "released", HEALTH, "corrected place")
    assert (after["version"], after["updated_at"]) == (before["version"], before["updated_at"])
    history = _history(path, "CM-0005")
    assert history[-1][0] == "released" and history[-1][2] == "released yesterday"
    with sqlite3.connect(path) as conn:
        (changes,) = conn.execute(
            "SELECT changes FROM audit_entries WHERE action = 'import'").fetchone()
    conn.close()
    assert json.loads(changes)["older_rows"] == [
        "", "CM-0005 (row 6): kept ours: status, capture_place, health"]


def test_take_theirs_takes_the_older_values_and_says_so(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    listed = tmp_path / "old.csv"
    _edit_after_export(cli, path, listed)
    real = cli("import", str(listed), "--older-rows", "take-theirs", db=path)
    assert real.returncode == 0, real.stderr
    assert real.stdout.strip().splitlines()[-1].endswith(
        "1 updated, 19 unchanged, 0 skipped; 1 row is older than its case (changed here "
        "after the list was written): took the list's older values of status, "
        "capture_place, health (CM-0005)")
    assert _case(path, "CM-0005")["status"] == "reported"


def test_an_older_row_still_applies_fields_not_changed_here_since(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    listed = tmp_path / "old.csv"
    _edit_after_export(cli, path, listed)
    _rewrite(listed, "CM-0005", rank="sergeant", health="from the list")
    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert "0 new cases, 1 updated, 19 unchanged" in real.stdout
    after = _case(path, "CM-0005")
    assert (after["rank"], after["health"], after["status"]) == ("sergeant", HEALTH, "released")


def test_a_row_newer_than_its_case_updates_it(sqlite_path, cli, tmp_path):
    path = str(sqlite_path)
    listed = tmp_path / "old.csv"
    _edit_after_export(cli, path, listed)
    _rewrite(listed, "CM-0005", updated_at="2099-01-01 00:00:00", health="from the list")
    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert "older than" not in real.stdout
    after = _case(path, "CM-0005")
    assert (after["health"], after["status"], after["capture_place"]) == (
        "from the list", "reported", "Avdiivka")


def test_a_row_without_updated_at_updates_as_before(sqlite_path, cli, tmp_path):
    """Partners' own lists have no updated_at: nothing to compare, the row applies."""
    path = str(sqlite_path)
    listed = tmp_path / "old.csv"
    _edit_after_export(cli, path, listed)
    _rewrite(listed, "CM-0005", updated_at="")
    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert "older than" not in real.stdout
    assert _case(path, "CM-0005")["health"] != HEALTH


@pytest.mark.parametrize("kind", ["xlsx"])
def test_an_older_xlsx_list_keeps_the_newer_values(sqlite_path, cli, tmp_path, kind):
    path = str(sqlite_path)
    listed = tmp_path / f"old.{kind}"
    _edit_after_export(cli, path, listed)
    real = cli("import", str(listed), db=path)
    assert real.returncode == 0, real.stderr
    assert real.stdout.strip().splitlines()[-1].endswith(SAID)
    after = _case(path, "CM-0005")
    assert (after["status"], after["health"]) == ("released", HEALTH)


def test_a_partners_newer_row_updates_a_case_their_older_list_created(sqlite_path, cli,
                                                                      tmp_path):
    """A case a list created keeps the list's time while its creation (audit entry, first
    status) is logged at the import's: neither is a change made here after a later list."""
    path = str(sqlite_path)
    first = tmp_path / "p1.csv"
    first.write_text("family_name,given_name,status,health,updated_at\r\n"
                     "Tursunov,Alisher,reported,ok,2025-01-01 00:00:00\r\n", encoding="utf-8")
    assert cli("import", str(first), db=path).returncode == 0
    assert cli("edit", "CM-0001", "rank=private", db=path).returncode == 0
    later = tmp_path / "p2.csv"
    later.write_text("reference,family_name,given_name,status,health,updated_at\r\n"
                     "CM-0001,Tursunov,Alisher,released,bad,2025-06-01 00:00:00\r\n",
                     encoding="utf-8")
    real = cli("import", str(later), db=path)
    assert real.returncode == 0, real.stderr
    assert "older than" not in real.stdout
    after = _case(path, "CM-0001")
    assert (after["status"], after["health"], after["rank"]) == ("released", "bad", "private")
