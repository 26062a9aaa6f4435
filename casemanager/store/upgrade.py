"""Bringing an older database's schema to the newest: the copy made first, the steps, their
progress, and stopping.

An upgrade takes time (13 s at 100,000 cases, 5 minutes at 1,000,000: tester of stop 28)
and the caseworker is told what it does as it does it, through the core's `progress`
callable (casemanager.domain.progress): the copy ("making a copy…", bytes done of the
file's size), then each migration ("step 2 of 3 (sort keys)"). Raising Cancelled from
`progress` stops it at once, even inside a long statement (SQLite's progress handler
asks `progress` every few thousand steps of the statement), and leaves the database as
it was: every step runs in one transaction (on SQLite opened explicitly with BEGIN
IMMEDIATE: the driver would otherwise commit each DDL statement before the first
write), which is rolled back; the copy this attempt made is removed. On PostgreSQL DDL
is transactional too, and a thread asks `progress` during each step and cancels the
server's statement when told to stop.

One attempt makes at most one copy, named after the schema it holds and the time
(`office.db.before-0018_list_sort_indexes-20261130-211500`). A failed or stopped attempt
removes its own; a successful one keeps it (the note says where, and when it may go)
and removes the copies earlier attempts left of the same schema (older versions kept
one per failed attempt: 3.4 GB each at a million cases), saying so. Copies of other
schemas (earlier upgrades) are never removed here. Before copying, the free space is
checked: a copy that would not fit is refused with the sizes, nothing changed.
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import Items, Message, msg
from casemanager.domain.progress import Cancelled, Progress, no_progress
from casemanager.store.key_file import keyfile_path
from casemanager.store.sort_keys import install_sqlite as install_sort_keys

if TYPE_CHECKING:
    from casemanager.store.database import Database

#: What each migration does, in a caseworker's words (a step's name in the progress);
#: a revision not named here is named by its id.
STEP_NAMES: dict[str, Message] = {
    "0019_ids_and_erasure": msg("record numbers never given twice"),
    "0020_name_sort_keys": msg("sort keys of names"),
    "0021_name_keys_initials": msg("search keys"),
    "0022_latin_x_keys": msg("search keys of names with a Latin x"),
}
#: Copied in pieces of this size: progress (and Cancel) between them.
COPY_CHUNK = 32 * 1024 * 1024
#: Free space the disk keeps beyond the copy (the upgrade itself writes the WAL).
SPARE_BYTES = 64 * 1024 * 1024
#: SQLite calls the progress handler every this many steps of its virtual machine
#: (about a millisecond); `progress` itself is asked at most every PROGRESS_EVERY_S.
SQLITE_HANDLER_STEPS = 20_000
PROGRESS_EVERY_S = 0.1
#: Tests only: the revision whose step waits inside its statements until it is stopped
#: (so a test can press Cancel or send SIGINT mid-statement, at a known point). Unset,
#: nothing waits.
HOLD_ENV = "CASEMANAGER_TEST_UPGRADE_HOLD"


class UpgradeStopped(Cancelled):
    """The upgrade was stopped (Cancel, Ctrl-C): nothing changed, its copy removed."""

    def __init__(self, schema: str) -> None:
        super().__init__(msg("upgrade stopped; the database is unchanged (still at schema "
                             "{schema}, readable by the version that made it)", schema=schema))
        self.schema = schema


@dataclass
class UpgradeResult:
    """What an upgrade did: the copy kept (SQLite) and the older copies it removed."""

    copy: Path | None = None
    removed: list[Path] = field(default_factory=list)


def pending_steps(current: str | None) -> list[str]:
    """The revisions an upgrade from `current` applies, oldest first (all, for None)."""
    from alembic.script import ScriptDirectory

    from casemanager.store.database import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    steps = [rev.revision for rev in script.iterate_revisions("heads", current or "base")
             if rev.revision != current]
    return list(reversed(steps))


def step_name(revision: str) -> str:
    """A migration in a caseworker's words: STEP_NAMES, else its id without the number."""
    name = STEP_NAMES.get(revision)
    if name is not None:
        return name
    return re.sub(r"^\d+_?", "", revision).replace("_", " ") or revision


def copy_name(path: Path, schema: str, now: dt.datetime | None = None) -> Path:
    """Where the copy of `path` at `schema` made now goes: beside it, named after both."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.before-{schema}-{stamp}")


def earlier_copies(path: Path, schema: str | None = None) -> list[Path]:
    """Copies made before upgrades of `path` lying beside it (of `schema` only, if given),
    oldest first: the files named as `copy_name` names them (not their key files, nor a
    -wal or -shm left by opening one)."""
    named = re.compile(re.escape(f"{path.name}.before-") + "(.+)-" + r"\d{8}-\d{6}")
    found = []
    for candidate in path.parent.glob(glob.escape(path.name) + ".before-*"):
        match = named.fullmatch(candidate.name)
        if match and candidate.is_file() and schema in (None, match.group(1)):
            found.append(candidate)
    return sorted(found, key=lambda p: p.name.rsplit("-", 2)[-2:])


def megabytes(size: int) -> int:
    return max(1, (size + 1048575) // 1048576)


def run_upgrade(db: Database, current: str | None, progress: Progress) -> UpgradeResult:
    """Upgrade `db` from `current` to the newest schema; the caller checked `current` is
    known. Copies a SQLite file aside first (see the module's docstring).

    Raises UpgradeStopped when `progress` raises Cancelled (nothing changed, no copy
    left), DatabaseError when the copy cannot be made (no space), and the migration's own
    error when one fails (rolled back, the copy removed)."""
    steps = pending_steps(current)
    result = UpgradeResult()
    made: list[Path] = []
    try:
        if current is not None and db.path is not None and db.path.exists():
            result.copy = _copy_aside(db, db.path, current, progress, made)
        # A new database is made by the same steps: nothing to tell, nothing to stop.
        _migrate(db, steps, progress if current is not None else no_progress)
    except Cancelled:
        _remove(made)
        raise UpgradeStopped(current or "") from None
    except BaseException:
        _remove(made)  # a failed attempt leaves no copy to be mistaken for a kept one
        raise
    if result.copy is not None and db.path is not None and current is not None:
        # Superseded: the same schema, older. Their key files go with them.
        for old in earlier_copies(db.path, current):
            if old != result.copy:
                _remove([old, keyfile_path(old)])
                result.removed.append(old)
    return result


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - a folder gone read-only: nothing more to do
            pass


def _copy_aside(db: Database, path: Path, current: str, progress: Progress,
                made: list[Path]) -> Path:
    saved = copy_name(path, current)
    with db.engine.connect() as conn:
        # Fold the WAL into the main file so the copy is complete.
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    sources = [(path, saved)]
    if db.encrypted:  # the copy opens only with its key file beside it
        sources.append((keyfile_path(path), keyfile_path(saved)))
    size = sum(src.stat().st_size for src, _ in sources)
    free = shutil.disk_usage(path.parent).free
    if size + SPARE_BYTES > free:
        others = earlier_copies(path)
        if others:
            raise DatabaseError(msg(
                "not enough free space for the copy made before upgrading: it needs "
                "{needed} MB, {free} MB are free in {folder}; copies left by earlier "
                "upgrades lie there ({copies}): delete those you no longer need, or free "
                "space otherwise, and open it again; nothing was changed",
                needed=megabytes(size + SPARE_BYTES), free=free // 1048576,
                folder=str(path.parent), copies=Items(p.name for p in others)))
        raise DatabaseError(msg(
            "not enough free space for the copy made before upgrading: it needs {needed} "
            "MB, {free} MB are free in {folder}; free some space and open it again; "
            "nothing was changed", needed=megabytes(size + SPARE_BYTES),
            free=free // 1048576, folder=str(path.parent)))
    said = msg("making a copy of the database before upgrading: {copy}", copy=str(saved))
    done = 0
    progress(0, megabytes(size), said)
    try:
        for src, dst in sources:
            pieces = _copy_file(src, dst)
            # The first step creates `dst` (O_EXCL): only from then is it this attempt's
            # own to remove. A tester's two processes opening one old file in the same
            # second: the one that lost the race removed the other's copy.
            first = next(pieces, 0)
            made.append(dst)
            for piece in itertools.chain((first,), pieces):
                done += piece
                progress(done // 1048576, megabytes(size), said)
            shutil.copystat(src, dst)
    except FileExistsError:
        _remove(made)
        raise DatabaseError(msg(
            "another Case Manager is upgrading {file} right now (its copy {copy} is being "
            "made); open it again when that has finished; nothing was changed here",
            file=path.name, copy=saved.name)) from None
    except OSError as exc:  # a full disk after all: no half copy left
        _remove(made)
        raise DatabaseError(msg(
            "cannot make the safety copy {copy} before upgrading ({reason}); nothing was "
            "changed", copy=saved.name, reason=exc.strerror or str(exc))) from None
    return saved


def _copy_file(src: Path, dst: Path) -> Any:
    """Copy `src` to a new `dst` (owner-only, never over an existing file), yielding the
    bytes of each piece as it is written."""
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with src.open("rb") as fin:
            sendfile = getattr(os, "sendfile", None)
            offset = 0
            while True:
                if sendfile is not None:
                    try:
                        sent = sendfile(fd, fin.fileno(), offset, COPY_CHUNK)
                    except OSError as exc:
                        if offset == 0 and exc.errno in (22, 38, 95):  # not for these files
                            sendfile = None
                            continue
                        raise
                else:
                    chunk = fin.read(COPY_CHUNK)
                    sent = len(chunk)
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd, view):]
                if not sent:
                    return
                offset += sent
                if sendfile is None:
                    fin.seek(offset)
                yield sent
    finally:
        os.close(fd)


def _migrate(db: Database, steps: list[str], progress: Progress) -> None:
    from alembic import command

    from casemanager.store.database import alembic_config

    hold = os.environ.get(HOLD_ENV)
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        sqlite = conn.dialect.name == "sqlite"
        said: list[Message] = [msg("upgrading the database")]
        position = [0]
        stopped: list[BaseException] = []
        last = [0.0]

        def handler() -> int:
            # Inside a statement: ask `progress` now and then; non-zero stops the statement.
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S and not hold_here():
                return 0
            last[0] = now
            try:
                while True:
                    progress(position[0], None, said[0])
                    if not hold_here():
                        return 0
                    time.sleep(0.02)
            except BaseException as exc:  # Cancelled; a KeyboardInterrupt of the CLI
                stopped.append(exc)
                return 1

        finished = threading.Event()
        watcher: threading.Thread | None = None

        def watch() -> None:
            # PostgreSQL has no progress handler: a thread asks `progress` during each
            # step and, told to stop, cancels the statement running on the server.
            while not finished.wait(PROGRESS_EVERY_S * 2):
                try:
                    progress(position[0], None, said[0])
                except BaseException as exc:  # noqa: BLE001 - Cancelled, Ctrl-C
                    stopped.append(exc)
                    if not finished.is_set() and raw is not None:
                        raw.cancel()
                    return

        def hold_here() -> bool:
            return hold is not None and 0 < position[0] <= len(steps) \
                and steps[position[0] - 1] == hold

        try:
            if sqlite and raw is not None:
                # One transaction for every step: pysqlite commits DDL met before a write.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                # Held (tests): asked often, so even a small file's step is held inside.
                raw.set_progress_handler(handler, 100 if hold else SQLITE_HANDLER_STEPS)
            else:
                conn.begin()
                if raw is not None and hasattr(raw, "cancel"):  # psycopg
                    watcher = threading.Thread(target=watch, name="casemanager-upgrade-watch",
                                               daemon=True)
                    watcher.start()
            for number, revision in enumerate(steps, start=1):
                position[0] = number
                said[0] = msg("upgrading the database: step {step} of {steps} ({name})", step=number,
                              steps=len(steps), name=step_name(revision))
                progress(number - 1, None, said[0])
                if hold == revision and not sqlite:  # tests: a statement that runs till cancelled
                    conn.exec_driver_sql("SELECT pg_sleep(600)")
                command.upgrade(alembic_config(conn), revision)
            finished.set()  # nothing may cancel the server's statements from here on
            if watcher is not None:
                watcher.join()
            if stopped:
                raise stopped[0]
            # The last moment to stop: after the commit the upgrade is done.
            progress(len(steps), None, said[0])
        except BaseException:
            finished.set()
            if watcher is not None:
                watcher.join()
            _end(conn, raw, sqlite)
            if stopped:  # what stopped a statement, not SQLite's "interrupted"
                raise stopped[0] from None
            raise
        if sqlite and raw is not None:
            raw.set_progress_handler(None, 0)
            install_sort_keys(raw)  # the connection was made before the key columns
        conn.commit()


def _end(conn: Any, raw: Any, sqlite: bool) -> None:
    """Roll back a stopped or failed upgrade and drop its connection (its schema was
    changed under it: a fresh one reads the file as it is)."""
    try:
        if sqlite and raw is not None:
            raw.set_progress_handler(None, 0)
        conn.rollback()
        if sqlite and raw is not None:
            # The rolled-back pages leave the WAL (tens of MB at 100,000 cases).
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    except Exception:  # noqa: BLE001 - best effort: the transaction is gone either way
        pass
    finally:
        conn.invalidate()

