"""The bundle's self-check never waits on a dialog (issue 13, item 10).

`gui --smoke-test` on an encrypted database takes the passphrase from
$CASEMANAGER_PASSPHRASE or exits with one line; on a damaged database it says so on
stderr and exits 1. `.ci/selfcheck.sh` itself is run against the installed command.
The timeouts only stop a hang from blocking the suite; a hang fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASS = "Хорезм self-check 2024"
HANG = 120  # seconds; the smoke test itself closes its window after 1.5 s


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    full.pop("CASEMANAGER_PASSPHRASE", None)  # only what the test gives
    full.update(env or {})
    try:
        return subprocess.run([sys.executable, "-m", "casemanager", *args], capture_output=True,
                              text=True, env=full, timeout=HANG, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`casemanager {' '.join(args)}` hung (waiting on a dialog?)")


@pytest.fixture
def encrypted(tmp_path) -> Path:
    path = tmp_path / "enc.db"
    r = run("--db", str(path), "init", "--encrypt", env={"CASEMANAGER_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    return path


def test_smoke_test_opens_an_encrypted_database_with_the_passphrase_from_the_environment(
        encrypted):
    r = run("--db", str(encrypted), "gui", "--smoke-test", env={"CASEMANAGER_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("passphrase", [None, "wrong passphrase"])
def test_smoke_test_without_the_right_passphrase_exits_with_one_line(encrypted, passphrase):
    env = {"CASEMANAGER_PASSPHRASE": passphrase} if passphrase else None
    r = run("--db", str(encrypted), "gui", "--smoke-test", env=env)
    assert r.returncode == 1
    assert r.stderr.startswith("casemanager: error:") and len(r.stderr.strip().splitlines()) == 1
    assert ("CASEMANAGER_PASSPHRASE" if passphrase is None else "wrong passphrase") in r.stderr


def test_smoke_test_on_a_damaged_database_exits_with_one_line(tmp_path):
    path = tmp_path / "cases.db"
    assert run("--db", str(path), "demo", "--cases", "3").returncode == 0
    data = bytearray(path.read_bytes())
    data[4096:4096 * 3] = b"\xa5" * (4096 * 2)  # pages 2 and 3: the b-trees of tables
    path.write_bytes(bytes(data))
    r = run("--db", str(path), "gui", "--smoke-test")
    assert r.returncode == 1
    assert r.stderr.startswith("casemanager: error:") and "damaged" in r.stderr


def test_the_bundle_selfcheck_script_runs_to_the_end(tmp_path):
    exe = Path(sys.executable).parent / "casemanager"
    r = subprocess.run(["bash", str(ROOT / ".ci" / "selfcheck.sh"), str(exe)],
                       capture_output=True, text=True, timeout=4 * HANG, stdin=subprocess.DEVNULL,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "bundle self-check ok" in r.stdout
    assert "encrypted database ok" in r.stdout and "damaged database refused" in r.stdout
