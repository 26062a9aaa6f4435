"""No traceback from the command line, ever (issue 12, item 3).

Each kind of input an adversary tried gets its own one-line message, exit status 1 and
no failure report (the last net, exit 2, is not what caught it). Everything runs as a
subprocess, as a partner's script would; arguments may be raw bytes (invalid UTF-8).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import ROOT, one_line, reports, run
from sqlalchemy import func, make_url, select

from casemanager.services import cases, contacts
from casemanager.store.database import open_database
from casemanager.store.models import Case

BIG = str(10**30)
TOO_BIG_ID = str(2**63)
LARGEST_ID = str(2**63 - 1)


@pytest.fixture
def state(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def path(sqlite_db, sqlite_path) -> Path:
    """A database with one case (CM-0001) and one contact."""
    cases.create_case(sqlite_db, fields={"family_name": "Tursunov", "given_name": "Alisher"})
    contacts.create_contact(sqlite_db, fields={"name": "Ministry", "kind": "government"})
    sqlite_db.dispose()
    return sqlite_path


# ---------------------------------------------------------------- huge numbers


@pytest.mark.parametrize("args", [
    ("due", "--days", BIG),
    ("audit", "--limit", BIG),
    ("list", "--limit", BIG),
    ("search", "Tursunov", "--limit", TOO_BIG_ID),
    ("letter", TOO_BIG_ID),
    ("exchange", "show", TOO_BIG_ID),
    ("exchange", "add", TOO_BIG_ID, "CM-0001"),
    ("merge", "--undo", TOO_BIG_ID),
    ("contact", "link", "CM-0001", TOO_BIG_ID),
    ("edit", "CM-0001", "rank=x", "--expect-version", TOO_BIG_ID),
    ("demo", "--cases", BIG),
    ("demo", "--cases", "1", "--seed", BIG),
    ("due", "--days", "1" * 5000),  # longer than Python converts to int
], ids=lambda a: " ".join(a)[:40])
def test_huge_numbers_are_refused_in_one_line(path, state, args):
    line = one_line(run(*args, db=path, state=state), state, "between")
    assert len(line) < 300  # a 5,000-digit number is not echoed in full


@pytest.mark.parametrize(("args", "needle"), [
    (("letter", LARGEST_ID), "no appeal"),
    (("exchange", "show", LARGEST_ID), "no exchange"),
    (("merge", "--undo", LARGEST_ID), LARGEST_ID),
    (("contact", "link", "CM-0001", LARGEST_ID), "no contact"),
], ids=lambda a: " ".join(a) if isinstance(a, tuple) else a)
def test_the_largest_possible_id_is_simply_not_found(path, state, args, needle):
    one_line(run(*args, db=path, state=state), state, needle)


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("args", [
    (b"list", b"--assigned-to", b"\xff"),
    (b"show", b"CM-\xff"),
    (b"new", b"family_name=Tursun\xffov"),
    (b"search", b"\xc3\x28"),
], ids=["list", "show", "new", "search"])
def test_invalid_utf8_in_arguments_is_refused(path, state, args):
    one_line(run(*args, db=path, state=state), state, "not valid UTF-8")


def test_a_100000_character_contact_query_is_refused(path, state):
    one_line(run("contact", "list", "--query", "a" * 100_000, db=path, state=state), state,
             "at most 300 characters")


@pytest.mark.parametrize("args", [("list", "--query"), ("search",)], ids=["list", "search"])
def test_100000_character_case_queries_answer_without_a_traceback(path, state, args):
    result = run(*args, "Tursunov " * 11_000, db=path, state=state)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and reports(state) == []


# ---------------------------------------------------------------- output paths


OUTPUTS = {
    "backup": ("backup", "-o"),
    "stats": ("stats", "--pdf"),
    "export": ("export", "-o"),
    "audit": ("audit", "-o"),
    "dossier": ("dossier", "CM-0001", "-o"),
}


TARGETS = {
    "empty": ("", "needs a file name"),
    "folder": ("{tmp}", "is a folder"),
    "root": ("/", "is a folder"),
    "missing-folder": ("{tmp}/no/such/folder/x.out", "does not exist"),
    "proc": ("/proc/version", "cannot create a file in /proc"),  # root may write elsewhere
    "device": ("/dev/null", "not a regular file"),
    "no-such-user": ("~nosuchuser/x.out", "~nosuchuser: no such user"),
}
# Every target with `stats --pdf`; two each with the other writers (one check serves all,
# and each run is a whole process).
CASES = [("stats", t) for t in TARGETS] + [
    ("backup", "empty"), ("backup", "proc"), ("export", "device"), ("export", "root"),
    ("audit", "proc"), ("audit", "missing-folder"), ("dossier", "folder"),
    ("dossier", "no-such-user"),
]


@pytest.mark.parametrize(("command", "target"), CASES, ids=[f"{c}-{t}" for c, t in CASES])
def test_bad_output_paths_are_refused_in_one_line(path, state, tmp_path, command, target):
    before = sorted(tmp_path.iterdir())
    name, needle = TARGETS[target]
    one_line(run(*OUTPUTS[command], name.format(tmp=tmp_path), db=path, state=state),
             state, needle)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # never replaced, even as root
    assert sorted(tmp_path.iterdir()) == before  # no temporary file left anywhere


@pytest.mark.parametrize("args", [("list",), ("init",), ("encrypt",)])
def test_a_database_under_an_unknown_users_home_is_one_line(state, args):
    one_line(run(*args, db="~nosuchuser/x.db", state=state), state, "~nosuchuser")


# ---------------------------------------------------------------- attachments


def test_attach_and_import_refuse_devices_pipes_and_folders(path, state, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for source in ("/dev/zero", str(fifo), str(tmp_path)):
        # A pipe nobody writes to would block a reader forever: refused before reading.
        one_line(run("attach", "CM-0001", source, db=path, state=state), state, source)
    for source in ("/dev/zero", str(fifo)):
        one_line(run("import", source, db=path, state=state), state, "not a regular file")
    show = run("show", "CM-0001", "--format", "json", db=path, state=state)
    assert b'"attachments": []' in show.stdout


def test_an_empty_db_argument_does_not_mean_the_default_database(state, tmp_path):
    # An empty $VAR in a script (`--db "$DB"`) must not act on the user's own database.
    one_line(run("list", db="", state=state, env={"XDG_DATA_HOME": str(tmp_path)}), state,
             "--db needs a file name")


# ---------------------------------------------------------------- the last net


# A bug planted in a real process: `list` runs a statement on a table that does not exist.
GUARD_SCRIPT = """
import sys
from sqlalchemy import text
from casemanager.cli import main

def broken(args, ctx):  # a real failing statement, carrying a name as its parameter
    with ctx.database().engine.connect() as conn:
        conn.execute(text("SELECT * FROM no_such_table WHERE name = :n"), {"n": sys.argv[2]})

import casemanager.cli.cases as cases
cases.cmd_list = broken
sys.exit(main(["--db", sys.argv[1], "list"]))
"""


def test_an_unexpected_failure_is_one_line_a_private_report_and_status_2(path, state):
    canary = "Canary-Yusupova-1977"
    env = {**os.environ, "XDG_STATE_HOME": str(state),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-c", GUARD_SCRIPT, str(path), canary],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("casemanager: unexpected failure (OperationalError)")
    (report,) = reports(state)
    assert str(report) in lines[0]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text()
    assert "no_such_table" in text and "parameters withheld" in text
    assert "command: list" in text and "in broken" in text
    assert canary not in text and canary not in result.stderr


# ---------------------------------------------------------------- a server that dies


@pytest.mark.postgres
def test_the_server_dying_during_an_import_is_one_line_without_case_data(pg_server, pg_db,
                                                                         tmp_path, state):
    import psycopg

    url = pg_db.target
    dbname = make_url(url).database
    pg_db.dispose()
    canary = "Zzcanaryov"
    rows = ["family_name,given_name,citizenships"]
    rows += [f"{canary}{n},Alisher,UZ" for n in range(200)]
    source = tmp_path / "list.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    admin = psycopg.connect(host=str(pg_server.socket), port=pg_server.port, user="postgres",
                            dbname=dbname)
    try:
        # The import writes its cases, then waits on this lock inside its transaction;
        # there its server process is ended, as when the server dies mid-import.
        admin.execute("LOCK TABLE audit_entries IN ACCESS EXCLUSIVE MODE")
        cmd = [sys.executable, "-m", "casemanager", "--db", url, "import", str(source),
               "--on-duplicate", "add"]
        env = {**os.environ, "XDG_STATE_HOME": str(state),
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        watcher = psycopg.connect(host=str(pg_server.socket), port=pg_server.port,
                                  user="postgres", dbname="postgres", autocommit=True)
        with watcher:
            ended = 0
            while not ended and proc.poll() is None:
                ended = len(watcher.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND wait_event_type = 'Lock'", (dbname,)).fetchall())
        out, err = proc.communicate(timeout=300)
    finally:
        admin.rollback()
        admin.close()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    assert ended, err.decode()  # the import was caught waiting, not finished before
    line = one_line(result, state, "lost the connection to the database")
    assert canary not in line and "SQL" not in line and "parameters" not in line
    check = open_database(url)
    with check.session() as session:
        assert session.scalar(select(func.count(Case.id))) == 0  # all rows or none
    check.dispose()
