"""What every command gets: the parsed arguments and a lazily opened database."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

from casemanager.cli.errors import UsageError  # noqa: F401 (re-exported to the commands)
from casemanager.domain.progress import Cancelled
from casemanager.store.database import Database, is_url, open_database
from casemanager.system.paths import default_database
from casemanager.system.safe_files import expand_home

# The largest integer SQLite and PostgreSQL's bigint hold: larger ids cannot exist.
MAX_ID = 2**63 - 1


def whole_number(low: int, high: int, what: str = "the number") -> Callable[[str], int]:
    """An argparse `type` for an int in [low, high]: a larger one is refused as bad
    input (one line, status 1) before it can overflow a date or an SQL integer."""

    def parse(text: str) -> int:
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        try:
            value = int(text)  # ValueError: argparse says "invalid int value: 'TEXT'"
        except ValueError:
            if not text.strip().lstrip("+-").isdigit():
                raise
            value = high + 1  # more digits than Python converts (4,300): out of range
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} {shown} is not between {low:,} and {high:,}")
        return value

    parse.__name__ = "int"
    return parse


record_id = whole_number(1, MAX_ID, "the id")  # an argparse `type` for a record id



class _Unlock(TypedDict, total=False):
    """What opens an encrypted file: `open_database`'s keyword arguments."""

    passphrase: str
    recovery_key: str

class UpgradeReport:
    """The progress of a schema upgrade on opening (the first command after an update):
    a line on stderr per step, and Ctrl-C stops it cleanly (the database unchanged, the
    copy removed: casemanager.store.upgrade), never half way nor with a traceback.

    Opening runs on a thread of its own while the main thread waits, so Ctrl-C is heard
    at once (Python runs a signal's handler on the main thread only, and not while that
    thread is inside one long SQLite operation): it is said on stderr and asks the
    upgrade to stop at its next progress call, which comes within a fraction of a second
    inside a statement, or at the end of one operation SQLite does not interrupt (a
    table's pages cleared by DROP TABLE, with secure_delete: seconds at 1,000,000 cases).
    It never lands between the commit and what follows it.
    """

    def __init__(self) -> None:
        self.said: str | None = None
        self.interrupted = False

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.interrupted:
            raise Cancelled()
        if message and message != self.said:
            self.said = message
            print(f"casemanager: {message}", file=sys.stderr, flush=True)

    def _interrupt(self, _signum: int, _frame: object) -> None:
        if self.said is not None and not self.interrupted:
            print("casemanager: stopping the upgrade…", file=sys.stderr, flush=True)
        self.interrupted = True

    def run(self, job: Callable[[], Database]) -> Database:
        """`job()` (opening, with this as its progress) on a thread, Ctrl-C heard meanwhile;
        its result or its exception. Ctrl-C when nothing could be stopped (opening had
        no upgrade to do, or it had just finished) is a KeyboardInterrupt afterwards."""
        if threading.current_thread() is not threading.main_thread():
            return job()
        outcome: dict[str, Any] = {}

        def opening() -> None:
            try:
                outcome["db"] = job()
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                outcome["error"] = exc

        previous = signal.signal(signal.SIGINT, self._interrupt)
        try:
            worker = threading.Thread(target=opening, name="casemanager-open", daemon=True)
            worker.start()
            while worker.is_alive():
                worker.join(0.1)
        finally:
            signal.signal(signal.SIGINT, previous)
        if "error" in outcome:
            raise outcome["error"]
        db: Database = outcome["db"]
        if self.interrupted:
            CliContext._say_upgrade(db)  # done before Ctrl-C could stop it: said anyway
            db.dispose()
            raise KeyboardInterrupt
        return db


class CliContext:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._db: Database | None = None

    @property
    def target(self) -> str:
        """The database: --db, else $CASEMANAGER_DB, else the default; `~` expanded."""
        if self.args.db is not None and not self.args.db.strip():
            # An empty $VAR in a script must not quietly mean the default database.
            raise UsageError("--db needs a file name or URL")
        target = self.args.db or default_database()
        return target if is_url(target) else str(expand_home(target))

    def database(self, *, create: bool = False, quick_check: bool | None = None) -> Database:
        """The database, opened at first use (`quick_check`: see open_database)."""
        if self._db is None:
            report = UpgradeReport()
            unlock = self.unlock_arguments()  # a passphrase is asked on this thread
            self._db = report.run(lambda: open_database(
                self.target, create=create, quick_check=quick_check, progress=report, **unlock))
            self._require_own_password(self._db)
            self._db.actor = self._caseworker(self._db)
            self._say_upgrade(self._db)
        return self._db

    @staticmethod
    def _say_upgrade(db: Database) -> None:
        """One line on stderr when opening upgraded the schema: it takes time, and the
        copy kept beside the file holds every case (its place matters)."""
        line = db.upgrade_note()
        if line is None:
            return
        print(f"casemanager: {line}", file=sys.stderr)

    @staticmethod
    def _caseworker(db: Database) -> str | None:
        """The name the caseworker gave (in the window's first start or `settings`), so
        the command line logs what they do under the same name as the window;
        $CASEMANAGER_USER still wins. None when no name was given."""
        if os.environ.get("CASEMANAGER_USER"):
            return None
        from sqlalchemy.exc import SQLAlchemyError

        from casemanager.services.caseworker import stored_caseworker_name

        try:
            return stored_caseworker_name(db) or None
        except SQLAlchemyError:  # a database too old or too damaged to say: the login
            return None

    def _require_own_password(self, db: Database) -> None:
        """A login still on the first password `user add` showed may only replace it."""
        from casemanager.services.access import must_change_password

        if getattr(self.args, "func", None) is not None and \
                getattr(self.args.func, "__name__", "") == "cmd_password":
            return
        if must_change_password(db):
            db.dispose()
            self._db = None
            raise UsageError("choose your own password first: `casemanager user password` "
                             "(the first one was shown to the coordinator)")

    def unlock_arguments(self) -> _Unlock:
        """The passphrase (or recovery key) when the target is an encrypted file."""
        from casemanager.cli import secrets
        from casemanager.store.key_file import is_encrypted_file, keyfile_path

        if is_url(self.target) or not is_encrypted_file(self.target):
            return {}
        key = keyfile_path(self.target)
        if not key.exists():
            # Not SQLite and no key file beside it: asking for a passphrase would send
            # the person looking for one the file never had (a CSV given as --db, say).
            raise UsageError(f"{Path(self.target).name} is not a Case Manager database (nor an "
                             f"encrypted one: its key file {key.name} is not beside it)")
        if getattr(self.args, "recovery_key", False):
            return {"recovery_key": secrets.recovery_key()}
        return {"passphrase": secrets.passphrase()}

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    @staticmethod
    def print_json(data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")


def print_table(rows: list[dict[str, str]], columns: list[tuple[str, str, int]]) -> None:
    """A fixed-width table: (key, heading, max width) per column."""
    widths = []
    for key, heading, limit in columns:
        longest = max([len(heading)] + [len(r.get(key, "")) for r in rows])
        widths.append(min(longest, limit))
    out = sys.stdout
    out.write("  ".join(h.ljust(w) for (_, h, _), w in zip(columns, widths, strict=True)).rstrip() + "\n")
    for r in rows:
        cells = []
        for (key, _, _), w in zip(columns, widths, strict=True):
            value = r.get(key, "")
            cells.append((value[: w - 1] + "…" if len(value) > w else value).ljust(w))
        out.write("  ".join(cells).rstrip() + "\n")
