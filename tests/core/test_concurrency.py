"""Two people saving the same case: the second gets a conflict naming what changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager.domain.errors import ConflictError
from casemanager.services import audit as audit_log
from casemanager.services import cases
from casemanager.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
PERSON = {"family_name": "Хасанов", "given_name": "Farrukh", "notes": "first interview"}


def test_second_save_over_a_newer_version_conflicts(db):
    ref = cases.create_case(db, fields=PERSON, actor="anna").reference
    # A second application instance: its own engine and connections on the same database.
    other = open_database(db.target)
    try:
        opened_here = cases.get_case(db, ref)
        opened_there = cases.get_case(other, ref)
        cases.update_case(other, ref, fields={"family_name": "Хасанова", "notes": "second"},
                          expected_version=opened_there.version, actor="bakhrom")
        with pytest.raises(ConflictError) as err:
            cases.update_case(db, ref, fields={"given_name": "Farukh"},
                              expected_version=opened_here.version, actor="anna")
    finally:
        other.dispose()
    conflict = err.value
    assert "bakhrom" in str(conflict) and "nothing was overwritten" in str(conflict)
    assert conflict.changes["family_name"] == ("Хасанова", "Хасанов")
    assert conflict.changes["notes"] == ("second", "first interview")
    assert conflict.changes["given_name"] == ("Farrukh", "Farukh")
    now = cases.get_case(db, ref)
    assert (now.family_name, now.given_name, now.notes) == ("Хасанова", "Farrukh", "second")
    # The refused save left no audit entry; reloading and saving again works.
    assert [r.action for r in audit_log.case_history(db, ref)] == ["create", "update"]
    cases.update_case(db, ref, fields={"given_name": "Farukh"}, expected_version=now.version)
    assert cases.get_case(db, ref).given_name == "Farukh"


EDITOR = """
import json, sys
from casemanager.store.database import open_database
from casemanager.domain.errors import ConflictError
from casemanager.services import cases
db = open_database(sys.argv[1])
ref, field, value = sys.argv[2:5]
opened = cases.get_case(db, ref)
print("opened", opened.version, flush=True)
sys.stdin.readline()  # the caseworker types, then presses Save
try:
    cases.update_case(db, ref, fields={field: value}, expected_version=opened.version)
    print(json.dumps({"saved": True}), flush=True)
except ConflictError as exc:
    print(json.dumps({"saved": False, "message": str(exc), "changes": exc.changes}), flush=True)
"""


def editor(path: Path, ref: str, field: str, value: str, user: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASEMANAGER_USER": user}
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), ref, field, value],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            encoding="utf-8", env=env)
    assert proc.stdout.readline().startswith("opened")
    return proc


def save(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate("\n", timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def test_two_application_processes_on_one_sqlite_file(sqlite_path):
    db = open_database(str(sqlite_path))
    ref = cases.create_case(db, fields=PERSON).reference
    db.dispose()
    first = editor(sqlite_path, ref, "health", "ранение ноги", "dilnoza")
    second = editor(sqlite_path, ref, "health", "здоров", "timur")
    assert save(second) == {"saved": True}
    result = save(first)
    assert result["saved"] is False
    assert "timur" in result["message"]
    assert result["changes"]["health"] == ["здоров", "ранение ноги"]
    db = open_database(str(sqlite_path))
    assert cases.get_case(db, ref).health == "здоров"
    db.dispose()
