"""What a command costs to start (issue 18): each command imports its own module only,
and opening a database does not read the whole file unless it was left open uncleanly.
No timings here: the figures are in benchmarks/results.md."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager import cli
from casemanager.store.database import open_database
from casemanager.store.open_marker import OpenMarker, left_open

ROOT = Path(__file__).resolve().parents[2]


def _registered(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_command_table_names_every_command_and_its_module():
    assert set(cli.COMMANDS) == _registered(cli.build_parser())
    for command, module in cli.COMMANDS.items():
        assert command in _registered(cli.build_parser(command)), module


@pytest.mark.parametrize(("argv", "command"), [
    (["list"], "list"),
    (["--db", "x.db", "show", "CM-0001"], "show"),
    (["--db=x.db", "--recovery-key", "due"], "due"),
    (["--help"], None),
    (["--d", "x.db", "list"], None),  # an abbreviation: the full parser decides
    (["lsit"], None),
    ([], None),
])
def test_the_command_word_is_found_only_when_certain(argv, command):
    assert cli.command_of(argv) == command


HEAVY = ("reportlab", "openpyxl", "rapidfuzz", "pysequoia", "alembic", "PIL", "python_calamine",
         "argon2", "cryptography",
         "casemanager.reports", "casemanager.lists", "casemanager.bundles", "PySide6",
         # PostgreSQL's dialect, on SQLite (store/privileges.py's ARRAY: 40-60 ms a command).
         "sqlalchemy.dialects.postgresql")


@pytest.mark.parametrize("command", [["list"], ["show", "CM-0001"], ["due"], ["stats"]])
def test_a_command_imports_no_heavy_library_it_does_not_use(tmp_path, command):
    path = tmp_path / "c.db"
    assert cli.main(["--db", str(path), "demo", "--cases", "3"]) == 0
    code = ("import sys, runpy\n"
            "sys.argv = ['casemanager'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('casemanager', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, "--db", str(path), *command],
                       capture_output=True, text=True, cwd=ROOT)
    loaded = set(r.stderr.split())
    assert "casemanager.store.models" in loaded, r.stderr[-500:]
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or
                   any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_a_clean_close_leaves_no_sign_and_a_killed_process_does(tmp_path):
    path = tmp_path / "c.db"
    open_database(str(path), create=True).dispose()
    assert left_open(path, in_use=False) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]
    db = open_database(str(path))
    # Open here: our own marker is held, so it is no sign, and the WAL is ours.
    assert left_open(path, in_use=True) == []
    db.dispose()
    # A marker nobody holds (its process was killed) is a sign; a held one is not.
    held = OpenMarker(path)
    stale = path.with_name(f"{path.name}.open-999999-dead")
    stale.write_text("")
    assert left_open(path, in_use=True) == [stale]
    open_database(str(path)).dispose()  # checked (it is whole), so the sign is cleared
    assert not stale.exists() and held.path is not None and held.path.exists()
    held.close()
    assert left_open(path, in_use=False) == []
