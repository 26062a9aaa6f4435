"""`casemanager export` and `casemanager import` as a partner's script runs them."""

from __future__ import annotations

import csv
import io
import json

from casemanager.services import cases


def _seed(path):
    from casemanager.store.database import open_database

    db = open_database(str(path))
    cases.create_case(db, fields={"family_name": "Tursunov", "name_native": "Турсунов Алишер",
                                  "status": "detained", "capture_date": "03.2024"})
    cases.create_case(db, fields={"family_name": "Ivanov", "status": "released"})
    db.dispose()


def test_export_with_filters_and_columns_then_import_elsewhere(cli, sqlite_path, tmp_path,
                                                               sqlite_template):
    _seed(sqlite_path)
    out = tmp_path / "detained.csv"
    done = cli("export", "-o", str(out), "--status", "detained",
               "--columns", "reference,name_native,capture_date", db=str(sqlite_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows == [["reference", "name_native", "capture_date"],
                    ["CM-0001", "Турсунов Алишер", "2024-03"]]
    xlsx = tmp_path / "all.xlsx"
    assert cli("export", "-o", str(xlsx), db=str(sqlite_path)).returncode == 0
    other = tmp_path / "other.db"
    other.write_bytes(sqlite_template.read_bytes())
    dry = cli("import", str(xlsx), "--dry-run", db=str(other))
    assert dry.returncode == 0 and "would import" in dry.stdout
    assert json.loads(cli("list", "--format", "json", db=str(other)).stdout) == []
    done = cli("import", str(xlsx), db=str(other))
    assert done.returncode == 0, done.stderr
    assert "2 new cases" in done.stdout
    listed = json.loads(cli("list", "--format", "json", db=str(other)).stdout)
    assert [r["family_name"] for r in listed] == ["Tursunov", "Ivanov"]


def test_rejected_import_one_line_on_stderr_report_on_stdout(cli, sqlite_path, tmp_path):
    _seed(sqlite_path)
    path = tmp_path / "bad.csv"
    path.write_text("Фамилия;Дата рождения\nПетров;31.02.1990\nСидоров;1990\n;\n", encoding="utf-8")
    done = cli("import", str(path), db=str(sqlite_path))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "1 of 2 rows rejected" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout.strip() == "row 2, date_of_birth: day 31 does not exist in 02.1990"
    as_json = cli("import", str(path), "--format", "json", db=str(sqlite_path))
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and report["written"] is False
    assert report["problems"] == [{"row": 2, "column": "date_of_birth",
                                   "reason": "day 31 does not exist in 02.1990"}]
    assert len(json.loads(cli("list", "--format", "json", db=str(sqlite_path)).stdout)) == 2


def test_duplicates_need_a_choice_on_the_command_line(cli, sqlite_path, tmp_path):
    _seed(sqlite_path)
    path = tmp_path / "dup.csv"
    path.write_text("surname\nTursunow\n", encoding="utf-8")
    asked = cli("import", str(path), db=str(sqlite_path))
    assert asked.returncode == 1 and "--on-duplicate" in asked.stderr
    assert asked.stdout.startswith("row 2: Tursunow may be CM-0001 Tursunov")
    dry = cli("import", str(path), "--dry-run", db=str(sqlite_path))
    assert dry.returncode == 0 and "1 likely duplicate awaiting a choice" in dry.stdout
    skipped = cli("import", str(path), "--on-duplicate", "skip", db=str(sqlite_path))
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout


def test_hostile_file_and_bad_arguments_are_one_line(cli, sqlite_path, tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    for args in (["import", str(path)], ["import", str(tmp_path / "missing.csv")],
                 ["export", "-o", str(tmp_path / "x.csv"), "--columns", "nickname"],
                 ["export", "-o", str(tmp_path / "no" / "x.csv")]):
        done = cli(*args, db=str(sqlite_path))
        assert done.returncode == 1, args
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("casemanager: error:")
