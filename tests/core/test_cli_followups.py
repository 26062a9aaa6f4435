"""`due`, `exchange` and `stats` run as a partner's script would: as subprocesses, with
good and bad input (bad input: one line on stderr, exit 1, data untouched)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casemanager.services import cases, records
from casemanager.store.database import open_database


@pytest.fixture
def path(sqlite_path):
    db = open_database(str(sqlite_path))
    today = dt.date.today()
    a = cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                      "name_native": "Турсунов Алишер",
                                      "assigned_to": "tester"}).reference
    b = cases.create_case(db, fields={"family_name": "Zhumabekov", "given_name": "Nurlan",
                                      "assigned_to": "Marat"}).reference
    cases.create_case(db, fields={"family_name": "Khasanov", "given_name": "Rustam"})
    records.add_task(db, a, title="Call the mother", due_date=today - dt.timedelta(days=2))
    records.add_appeal(db, b, subject="Consular access", status="sent",
                       follow_up_date=today + dt.timedelta(days=3))
    records.add_appeal(db, b, subject="Far away", status="sent",
                       follow_up_date=today + dt.timedelta(days=40))
    db.dispose()
    return str(sqlite_path)


def one_line_error(result, needle: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_due(path, cli):
    out = cli("due", "--format", "json", db=path)
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert [(i["kind"], i["bucket"], i["reference"]) for i in items] == [
        ("task", "overdue", "CM-0001"), ("appeal", "week", "CM-0002")]
    everything = json.loads(cli("due", "--days", "60", "--format", "json", db=path).stdout)
    assert [i["bucket"] for i in everything] == ["overdue", "week", "later"]
    mine = json.loads(cli("due", "--mine", "--format", "json", db=path).stdout)
    assert [i["reference"] for i in mine] == ["CM-0001"]  # $CASEMANAGER_USER is tester
    table = cli("due", "--assignee", "Marat", db=path)
    assert "Consular access" in table.stdout and "Call the mother" not in table.stdout
    assert "This week" in table.stdout


def test_due_bad_input(path, cli):
    one_line_error(cli("due", "--days", "-3", db=path), "--days")
    one_line_error(cli("due", "--days", "soon", db=path), "invalid int")
    one_line_error(cli("due", "--mine", "--assignee", "X", db=path), "not allowed")


def test_exchange_commands(path, cli, tmp_path):
    new = cli("exchange", "new", "--date", "03.2026", "-d", "Round 12", db=path)
    assert new.returncode == 0, new.stderr
    ex = new.stdout.strip()
    added = cli("exchange", "add", ex, "CM-0001", "2", "CM-0003", db=path)
    assert added.returncode == 0 and "3 cases added" in added.stdout
    names = tmp_path / "names.txt"
    names.write_text("1. ТУРСУНОВ Алишер, 1994 г.р.\n2. Jumabekov Nurlan\n3. Иванов Иван\n",
                     encoding="utf-8")
    match = cli("exchange", "match", str(names), "--exchange", ex, "--format", "json", db=path)
    assert match.returncode == 0, match.stderr
    report = json.loads(match.stdout)
    assert [m["reference"] for m in report["ours"]] == ["CM-0001", "CM-0002"]
    assert [m["reference"] for m in report["missing"]] == ["CM-0003"]
    assert report["no_case"] == ["Иванов Иван"]
    pasted = cli("exchange", "match", "-", db=path, input="Khasanov Rustam\n")
    assert "CM-0003" in pasted.stdout and "Ours, missing from the list: 2" in pasted.stdout
    released = cli("exchange", "release", ex, "CM-0001", "CM-0002", "--date", "2026-03-05",
                   db=path)
    assert released.returncode == 0 and "2 cases marked released" in released.stdout
    shown = json.loads(cli("exchange", "show", ex, "--format", "json", db=path).stdout)
    assert shown["released"] == 2 and shown["date"] == "2026-03"
    assert [c["status"] for c in shown["cases"]] == ["released", "released", "exchange_listed"]
    case = json.loads(cli("show", "CM-0001", "--format", "json", db=path).stdout)
    assert case["status"] == "released"
    listing = json.loads(cli("exchange", "list", "--format", "json", db=path).stdout)
    assert listing == [{"id": int(ex), "date": "2026-03", "description": "Round 12",
                        "listed": 3, "released": 2}]


def test_exchange_bad_input(path, cli, tmp_path):
    one_line_error(cli("exchange", "new", "--date", "2026-13", db=path), "date")
    one_line_error(cli("exchange", "show", "42", db=path), "no exchange with id 42")
    ex = cli("exchange", "new", "-d", "Round", db=path).stdout.strip()
    one_line_error(cli("exchange", "add", ex, "CM-0001", "CM-0999", db=path), "CM-0999")
    shown = json.loads(cli("exchange", "show", ex, "--format", "json", db=path).stdout)
    assert shown["cases"] == []  # all or nothing
    one_line_error(cli("exchange", "release", ex, "CM-0001", db=path), "not on this exchange")
    one_line_error(cli("exchange", "match", str(tmp_path / "none.csv"), db=path), "no file")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    one_line_error(cli("exchange", "match", str(empty), db=path), "no names")
    one_line_error(cli("exchange", "frobnicate", db=path), "invalid choice")


def test_stats_table_pdf_and_bad_input(path, cli, tmp_path):
    out = cli("stats", db=path)
    assert out.returncode == 0, out.stderr
    assert "3 cases, 3 open" in out.stdout and "Overdue follow-ups: 1" in out.stdout
    pdf = tmp_path / "report.pdf"
    made = cli("stats", "--mine", "--pdf", str(pdf), "--format", "json", db=path)
    assert made.returncode == 0 and json.loads(made.stdout)["total"] == 1
    assert pdf.read_bytes().startswith(b"%PDF")
    one_line_error(cli("stats", "--pdf", str(tmp_path / "no" / "r.pdf"), db=path), "does not exist")
    one_line_error(cli("stats", "--format", "xml", db=path), "invalid choice")
