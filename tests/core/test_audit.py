"""Reading the audit log: per-case history, filters, CSV/JSON, the `audit` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select, update

from casemanager.domain.errors import ValidationError
from casemanager.services import audit as audit_log
from casemanager.services import cases
from casemanager.services.audit import AuditQuery
from casemanager.store.database import open_database
from casemanager.store.models import AuditEntry


def make_history(db) -> tuple[str, str]:
    a = cases.create_case(db, fields={"family_name": "Собиров", "given_name": "Anvar"},
                          actor="malika").reference
    b = cases.create_case(db, fields={"family_name": "Турсунов"}, actor="oleg").reference
    v = cases.get_case(db, a).version
    cases.update_case(db, a, fields={"given_name": "Анвар", "notes": "звонок, 3 строки\nдве"},
                      expected_version=v, actor="oleg")
    cases.change_status(db, b, status="released", actor="malika")
    cases.delete_case(db, b, actor="malika")
    # One entry a year ago, to filter by date.
    with db.session() as s:
        first = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id).limit(1))
        s.execute(update(AuditEntry).where(AuditEntry.id == first)
                  .values(at=dt.datetime(2023, 5, 1, 10, 0)))
        s.commit()
    return a, b


def test_history_filters_and_csv(db):
    a, b = make_history(db)
    hist = audit_log.case_history(db, a)
    assert [r.action for r in hist] == ["create", "update"]
    assert hist[1].changes["given_name"] == ("Anvar", "Анвар")
    assert hist[1].actor == "oleg"
    # A deleted case keeps its history.
    assert [r.action for r in audit_log.case_history(db, b)] == [
        "create", "change_status", "delete"]
    assert {r.actor for r in audit_log.entries(db, AuditQuery(user="malika"))} == {"malika"}
    assert len(audit_log.entries(db, AuditQuery(user="malika"))) == 3
    old = audit_log.entries(db, AuditQuery(until=dt.date(2023, 12, 31)))
    assert [r.case_reference for r in old] == [a]
    recent = audit_log.entries(db, AuditQuery(since=dt.date(2024, 1, 1)))
    assert len(recent) == 4 and recent[0].action == "delete"  # newest first
    assert audit_log.users(db) == ["malika", "oleg"]

    out = io.StringIO()
    n = audit_log.write_csv(audit_log.case_history(db, a), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == len(rows) >= 4
    note = [r for r in rows if r["field"] == "notes"][0]
    assert note["new"] == "звонок, 3 строки\nдве" and note["user"] == "oleg"


def test_dates_must_be_whole_days():
    assert audit_log.parse_day("12.03.2024") == dt.date(2024, 3, 12)
    for bad in ("2024-03", "yesterday", "2024-02-30"):
        with pytest.raises(ValidationError):
            audit_log.parse_day(bad)


def test_audit_command(cli, sqlite_path, tmp_path):
    db = open_database(str(sqlite_path))
    a, _ = make_history(db)
    db.dispose()
    r = cli("audit", "--case", a, "--format", "json", db=str(sqlite_path))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [d["action"] for d in data] == ["create", "update"]
    assert data[1]["changes"]["given_name"] == {"old": "Anvar", "new": "Анвар"}
    r = cli("audit", "--user", "oleg", db=str(sqlite_path))
    assert r.returncode == 0 and "Анвар" in r.stdout and "malika" not in r.stdout
    out = tmp_path / "log.csv"
    r = cli("audit", "--since", "2024-01-01", "--format", "csv", "-o", str(out), db=str(sqlite_path))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfat_utc,user,action")
    r = cli("audit", "--since", "March", db=str(sqlite_path))
    assert r.returncode == 1 and r.stderr.startswith("casemanager: error: --since:")
