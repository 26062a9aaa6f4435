"""A second start on a database that a window has open offers to switch to that window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from casemanager.store import locks as db_guard
from ui import app
from ui.single_window import ask_first_window_to_show

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def first_window(sqlite_path):
    """A real application process, offscreen, with the database open."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "casemanager", "--db", str(sqlite_path), "gui"],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ask_first_window_to_show(str(sqlite_path), timeout_ms=200):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the first window never started"
        time.sleep(0.2)
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_second_window_names_the_first_and_switches(first_window, sqlite_path, qapp, monkeypatch):
    assert db_guard.claimed_by(sqlite_path) == first_window.pid
    shown = []

    def choose_switch(box: QMessageBox) -> int:
        shown.append(box.text())
        [switch] = [b for b in box.buttons()
                    if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        switch.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_switch)
    assert app.run(str(sqlite_path)) == 0
    assert shown == [f"This database is already open in Case Manager (process {first_window.pid})."]
    # Still the first window's: the second start took no claim and left nothing open.
    assert db_guard.claimed_by(sqlite_path) == first_window.pid


def test_a_command_beside_the_window_reads_and_writes(first_window, sqlite_path):
    run = [sys.executable, "-m", "casemanager", "--db", str(sqlite_path)]
    made = subprocess.run([*run, "new", "family_name=Турсунов", "given_name=Farrukh"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert made.returncode == 0, made.stderr
    listed = subprocess.run([*run, "list"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Турсунов" in listed.stdout
    copy = str(sqlite_path) + ".copy"
    assert subprocess.run([*run, "backup", "-o", copy], cwd=ROOT, timeout=120,
                          capture_output=True).returncode == 0
    refused = subprocess.run([*run, "restore", copy],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"casemanager: error: cannot restore: cases.db is open in Case Manager "
        f"(process {first_window.pid}); close it there first\n"
    )
