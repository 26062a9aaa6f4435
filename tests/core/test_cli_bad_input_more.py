"""More bad input a tester found exiting 2 (the last net) or hanging: each is one line on
stderr and exit 1 now, with nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casemanager", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_numbers_urls_names_and_variables_out_of_range(sqlite_path, tmp_path):
    one_line(run("--db", str(sqlite_path), "list", "--import", "9" * 30), "not between")
    one_line(run("--db", str(sqlite_path), "claims", "accept", "9" * 30), "not between")
    one_line(run("--db", "postgresql+psycopg://[::1", "list"), "not a valid URL")
    one_line(run("--db", str(tmp_path / ("a" * 300 + ".db")), "init"), "File name too long")
    one_line(run("--db", str(sqlite_path), "encrypt",
                 env={"CASEMANAGER_PASSPHRASE": "\udcff\udcfe"}), "not valid UTF-8")


def test_key_files_and_checksums_that_are_not_plain_files(sqlite_path, tmp_path):
    nested = tmp_path / "deep.db"
    nested.write_bytes(b"not sqlite")
    Path(f"{nested}.keys").write_text("[" * 100_000 + "]" * 100_000)
    one_line(run("--db", str(nested), "list", env={"CASEMANAGER_PASSPHRASE": "x" * 12}),
             "not a Case Manager key file")
    piped = tmp_path / "piped.db"
    piped.write_bytes(b"not sqlite")
    os.mkfifo(f"{piped}.keys")
    one_line(run("--db", str(piped), "list", env={"CASEMANAGER_PASSPHRASE": "x" * 12}),
             "not a regular file")
    backup = tmp_path / "copy.db"
    assert run("--db", str(sqlite_path), "backup", "-o", str(backup)).returncode == 0
    Path(f"{backup}.sha256").unlink()
    os.mkfifo(f"{backup}.sha256")
    one_line(run("--db", str(sqlite_path), "restore", str(backup)), "not a regular file")
    listed = run("--db", str(sqlite_path), "list", "--format", "json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_a_file_that_is_not_a_database_is_named_not_asked_a_passphrase_for(
        sqlite_path, tmp_path):
    """A CSV given as --db or as a backup: one line saying what it is not, no passphrase
    prompt (the file never had one), nothing written."""
    listed = tmp_path / "list.csv"
    listed.write_text("family_name,given_name\nТурсунов,Алишер\n", encoding="utf-8")
    env = {"CASEMANAGER_PASSPHRASE": ""}
    result = run("--db", str(listed), "check", env=env)
    one_line(result, "list.csv is not a Case Manager database")
    assert "Passphrase" not in result.stderr
    before = Path(sqlite_path).read_bytes()
    result = run("--db", str(sqlite_path), "restore", str(listed), env=env)
    one_line(result, "list.csv is not a Case Manager backup")
    assert Path(sqlite_path).read_bytes() == before


def test_wording_of_records_and_undone_merges(sqlite_path):
    ref = run("--db", str(sqlite_path), "new", "family_name=Каримов").stdout.strip()
    result = run("--db", str(sqlite_path), "add", "appeal", ref, "colour=red")
    one_line(result, "is not a field of an appeal")
