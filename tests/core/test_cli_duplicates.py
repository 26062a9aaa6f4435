"""`casemanager duplicates` and `casemanager merge` as a partner's script runs them."""

from __future__ import annotations

import json

from casemanager.services import cases, records
from casemanager.store.database import open_database


def seed(path):
    db = open_database(str(path))
    cases.create_case(db, fields={"name_native": "Турсунов Алишер", "date_of_birth": "1994",
                                  "citizenships": "UZ"})
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                  "date_of_birth": "1994-03-12", "citizenships": "UZ"})
    cases.create_case(db, fields={"family_name": "Karimov", "given_name": "Aziz"})
    records.add_event(db, "CM-0002", summary="Mother called", kind="call")
    db.dispose()


def test_list_dismiss_merge_and_undo(sqlite_path, cli):
    seed(sqlite_path)
    db = str(sqlite_path)
    out = cli("duplicates", "--format", "json", db=db)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["reference_a"], r["reference_b"]) for r in rows] == [("CM-0001", "CM-0002")]
    assert rows[0]["score"] == "0.80"  # 0.6 same name + 0.1 same year + 0.1 citizenship
    assert rows[0]["reasons"] == (
        "same name;compatible dates of birth (1994 / 1994-03-12);both citizens of UZ")
    table = cli("duplicates", db=db)
    assert "CM-0001" in table.stdout and "same name; compatible" in table.stdout

    out = cli("merge", "CM-0001", "CM-0002", db=db)
    assert out.returncode == 0, out.stderr
    # One of each, said as one (was "moved 1 events; 1 spelling(s) kept as aliases").
    assert "Merged CM-0002 into CM-0001: moved 1 event; 1 spelling kept as aliases." \
        in out.stdout
    undo_id = out.stdout.rsplit("--undo", 1)[1].strip()
    shown = json.loads(cli("show", "CM-0001", "--format", "json", db=db).stdout)
    assert "Tursunov Alisher" in json.dumps(shown, ensure_ascii=False)
    assert json.loads(cli("duplicates", "--format", "json", db=db).stdout) == []

    out = cli("merge", "--undo", undo_id, db=db)
    assert out.returncode == 0, out.stderr
    assert "CM-0002 is separate from CM-0001 again" in out.stdout
    assert len(json.loads(cli("duplicates", "--format", "json", db=db).stdout)) == 1

    out = cli("duplicates", "dismiss", "cm-0002", "CM-0001", db=db)
    assert out.returncode == 0, out.stderr
    assert json.loads(cli("duplicates", "--format", "json", db=db).stdout) == []


def test_bad_input_is_one_line_and_exit_1(sqlite_path, cli):
    seed(sqlite_path)
    db = str(sqlite_path)
    for args in (
        ("merge", "CM-0001"),
        ("merge", "CM-0001", "CM-0001"),
        ("merge", "CM-0001", "CM-0404"),
        ("merge", "--undo", "999"),
        ("merge", "--undo", "1", "CM-0001"),
        ("duplicates", "--min-score", "2"),
        ("duplicates", "dismiss", "CM-0001", "CM-0001"),
    ):
        out = cli(*args, db=db)
        assert out.returncode == 1, args
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, args
