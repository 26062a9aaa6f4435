"""Windows and commands on one database file, as an office uses it: nothing acknowledged
is ever lost (issue 12).

Real processes throughout: application windows (offscreen) with a file dialog open over
the database's folder, saving in the case editor, importing and backing up, while
`casemanager` commands read and write the same file. At the end every write that any
side acknowledged is there and SQLite's integrity check says ok.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("window_process.py")


class Window:
    def __init__(self, database: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(database)], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        )
        assert self.read() == "ready"

    def read(self) -> str:
        line = self.proc.stdout.readline().strip()
        assert line, self.proc.stderr.read()
        return line

    def send(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def do(self, command: str) -> str:
        self.send(command)
        reply = self.read()
        assert reply.startswith("ok"), reply
        return reply

    def quit(self) -> None:
        self.send("quit")
        assert self.proc.wait(timeout=60) == 0, self.proc.stderr.read()


def cli(database: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "casemanager", "--db", str(database), *args],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_list(path: Path, names: list[str]) -> Path:
    path.write_text("family_name,given_name\n" + "".join(f"{n},Nodira\n" for n in names),
                    encoding="utf-8")
    return path


def test_no_acknowledged_write_is_lost(sqlite_path, tmp_path):
    expected: list[str] = []
    deadline = time.monotonic() + 240
    for round_ in range(3):
        if time.monotonic() > deadline:
            break
        first, second = Window(sqlite_path), Window(sqlite_path)
        try:
            for window in (first, second):
                window.do("dialog")  # both keep a file dialog open over the folder
            cli(sqlite_path, "list")
            cli(sqlite_path, "new", f"family_name=Абдуллаев{round_}", "given_name=Ravshan")
            expected.append(f"Абдуллаев{round_}")
            first.do(f"save Karimov{round_}")
            second.do(f"save Yusupova{round_}")
            expected += [f"Karimov{round_}", f"Yusupova{round_}"]
            names = [f"Imported{round_}x{i}" for i in range(3)]
            assert first.do(f"import {write_list(tmp_path / f'list{round_}.csv', names)}") \
                == "ok imported True"
            expected += names
            # The window backs up while a command writes.
            first.send(f"backup {tmp_path / f'backup{round_}.db'}")
            cli(sqlite_path, "new", f"family_name=Рахимова{round_}", "given_name=Dilnoza")
            expected.append(f"Рахимова{round_}")
            assert first.read() == "ok backup"
            second.do(f"save Tursunov{round_}")
            expected.append(f"Tursunov{round_}")
        finally:
            for window in (first, second):
                if window.proc.poll() is None:
                    window.quit()
        listed = cli(sqlite_path, "list", "--format", "json")
        for name in expected:
            assert name in listed, name
    conn = sqlite3.connect(sqlite_path)
    try:
        stored = {r[0] for r in conn.execute("SELECT family_name FROM cases")}
        assert set(expected) <= stored
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
