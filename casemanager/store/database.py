"""The one place that makes engines and opens databases.

A path means a SQLite file (WAL, foreign keys on, a busy timeout, synchronous=FULL so an
acknowledged save survives a power cut); a `postgresql+psycopg://` URL means a server.
Opening a database brings its schema to the newest Alembic revision, copying a SQLite
file aside first, so an upgrade can never cost a caseworker their data; its steps, its
progress and stopping it are in casemanager/store/upgrade.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import Items, Message, msg
from casemanager.domain.progress import Cancelled, Progress, no_progress
from casemanager.store import search_index  # noqa: F401  (keeps search keys current on every flush)
from casemanager.store.failure import damaged_text
from casemanager.store.key_file import is_encrypted_file, keyfile_path, unlock_key
from casemanager.store.locks import (
    OFD_LOCKS,
    LazyWriteLock,
    OpenFileGuard,
    claimed_by,
    guarded_connection_class,
    in_use_elsewhere,
    open_elsewhere_message,
)
from casemanager.store.open_marker import OpenMarker, forget, left_open
from casemanager.store.sort_keys import install_sqlite as install_sort_keys
from casemanager.system import gil_turns
from casemanager.system.safe_files import create_private, guard_database, make_private

if TYPE_CHECKING:  # Alembic is imported only when migrating
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest Alembic revision this code knows (a test keeps it equal to the scripts'
#: head). Opening a database at this revision never imports Alembic: about a third of
#: a command's start-up.
SCHEMA_HEAD = "0022_latin_x_keys"


def is_url(target: str) -> bool:
    return "://" in target


def make_engine(
    target: str, key: KeyHolder | None = None, write_lock: LazyWriteLock | None = None,
    password: str | None = None,
) -> Engine:
    """An engine for a SQLite path or a server URL, configured the same way everywhere.

    With `key`, the path is an encrypted (SQLCipher) database: every pooled connection is
    made by `encryption.connect_encrypted`, keyed through the driver's key call. With
    `write_lock` (SQLite), every write transaction holds it (db_guard.WriteLock).
    """
    if key is not None:
        from casemanager.store import sqlcipher as encryption

        factory = (guarded_connection_class(encryption.driver(), write_lock)
                   if write_lock is not None else None)
        engine = create_engine(
            f"sqlite:///{target}",
            module=encryption.driver(),
            creator=lambda: encryption.connect_encrypted(target, key.get(), factory=factory),
        )
    elif is_url(target):
        if target.startswith("sqlite"):
            engine = create_engine(target)
        elif target.startswith("postgresql"):
            from casemanager.store.server import secure_url

            # Another machine is reached over TLS with a verified certificate by default.
            try:
                # A password typed in the window goes to libpq beside the URL, never
                # into it (the URL is shown, logged and remembered).
                pg_args = {"password": password} if password else {}
                engine = create_engine(secure_url(target), pool_pre_ping=True,
                                       connect_args=pg_args)
            except (ValueError, sa_exc.ArgumentError) as exc:
                raise DatabaseError(f"the server address is not a valid URL ({exc})") from None
            from casemanager.store.server import refused, remember_role

            # A role's refusal is one line wherever it happens (docs/security.md), in
            # the role's words.
            event.listen(engine, "handle_error", refused)
            event.listen(engine, "connect", remember_role)
        else:
            raise DatabaseError(
                f"unsupported database URL '{target}' (use a file path or postgresql+psycopg://)"
            )
    else:
        args: dict = {"timeout": 15}
        if write_lock is not None:
            import sqlite3

            args["factory"] = guarded_connection_class(sqlite3, write_lock)
        engine = create_engine(f"sqlite:///{target}", connect_args=args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    # Long work hands the GIL to a waiting window between statements (system/gil_turns).
    event.listen(engine, "before_cursor_execute", _take_turns)
    return engine


def _take_turns(*_statement: object) -> None:
    gil_turns.take_turns()


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA temp_store=MEMORY")
    # What is deleted is overwritten in the file: a family's erased phone (a partner's
    # withdrawal, services/log_erasure.py) is not left readable in free pages.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()
    # The list's sort keys: the function and the temporary triggers that keep them.
    install_sort_keys(dbapi_conn)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's Config for our migrations (imports Alembic: only when migrating)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The head of the migration scripts, asked of Alembic (see SCHEMA_HEAD)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # Alembic's answer for a folder without scripts: an unfinished install
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}")
    return head


class KeyHolder:
    """The database key of an open encrypted database, forgotten when the app locks.

    A bytearray so `forget` can overwrite it (copies made by the driver and by Python's
    immutable bytes may linger in memory; docs/security.md says so).
    """

    def __init__(self, key: bytes) -> None:
        self._key = bytearray(key)

    def get(self) -> bytes:
        if not self._key:
            raise DatabaseError("the database is locked; unlock it with the passphrase")
        return bytes(self._key)

    def set(self, key: bytes) -> None:
        self.forget()
        self._key = bytearray(key)

    def forget(self) -> None:
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()

    @property
    def present(self) -> bool:
        return bool(self._key)


class Database:
    """An open database: its engine, a session factory, and what it is."""

    def __init__(self, target: str, engine: Engine, key: KeyHolder | None = None,
                 write_lock: LazyWriteLock | None = None) -> None:
        self.target = target
        self.write_lock = write_lock
        # The name the person at this process goes by here (the caseworker's name they
        # gave), used by units of work given no actor; None: the login (current_actor).
        self.actor: str | None = None
        self.engine = engine
        self.key = key
        self.sessionmaker = sessionmaker(engine, expire_on_commit=False)
        path = self.path
        #: This process's "open here" marker (open_marker.py), removed by a clean dispose.
        self.marker: OpenMarker | None = None
        #: Whether opening ran the whole-file quick check (after an unclean shutdown): the
        #: window's check in the background need not read the file again.
        self.checked_on_open = False
        #: The schema revision opening found, when opening brought it up to date (None
        #: otherwise, and for a new database), and where the file as it was is kept
        #: (SQLite): the command line and the window say both.
        self.upgraded_from: str | None = None
        self.upgrade_copy: Path | None = None
        #: Copies of the same schema that earlier (failed) attempts left, removed.
        self.upgrade_removed: list[Path] = []
        # Held from open to dispose, so nothing else in this process can let another
        # process delete the WAL under us (db_guard explains).
        # The real file: SQLite names the -wal and -shm after it, not after a symlink.
        self.guard: OpenFileGuard | None = (
            OpenFileGuard(path.resolve()) if path is not None else None)
        if path is not None:
            # No export, dossier, bundle or backup may be written over it (safe_files).
            guard_database(self, path)
        if self.guard is not None:
            # Taken again by the first connection after a dispose (a refused restore goes
            # on with the same database); after the pragmas listener, so the -shm exists.
            event.listen(engine, "connect", self._take_guard)

    def _take_guard(self, _dbapi_conn: object, _record: object) -> None:
        if self.guard is not None and self.path is not None and self.path.exists():
            self.guard.acquire()

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def lock(self) -> None:
        """Close every connection and forget the key (idle lock); `unlock` reopens."""
        self.engine.dispose()
        if self.key is not None:
            self.key.forget()

    def unlock(self, *, passphrase: str | None = None, recovery_key: str | None = None) -> None:
        """Check the passphrase (or recovery key) and take the key back after `lock`."""
        if self.key is None or self.path is None:
            return
        self.key.set(unlock_key(self.path, passphrase=passphrase, recovery_key=recovery_key))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server."""
        if self.dialect != "sqlite":
            return None
        db = self.engine.url.database
        return Path(db) if db and db != ":memory:" else None

    def describe(self) -> str:
        """The file, or the server's address as a person writes it (a socket folder as
        /run/postgresql, not %2Frun%2Fpostgresql; never a password)."""
        if self.path:
            return str(self.path)
        from urllib.parse import unquote

        return unquote(self.engine.url.render_as_string(hide_password=True))

    def upgrade_note(self) -> Message | None:
        """What opening did to an older schema, as the command line and the window say it
        (once, on opening): from which schema, and where the file as it was is kept
        (SQLite); None when opening upgraded nothing."""
        if self.upgraded_from is None:
            return None
        if self.upgrade_copy is not None and self.upgrade_removed:
            return msg("upgraded the database to this version (it was at schema {old}); "
                       "the file as it was is kept as {copy} (delete it once you have "
                       "checked your cases in this version); the copies earlier attempts "
                       "left of it were deleted: {removed}",
                       old=self.upgraded_from, copy=str(self.upgrade_copy),
                       removed=Items(p.name for p in self.upgrade_removed))
        if self.upgrade_copy is not None:
            return msg("upgraded the database to this version (it was at schema {old}); "
                       "the file as it was is kept as {copy} (delete it once you have "
                       "checked your cases in this version)", old=self.upgraded_from,
                       copy=str(self.upgrade_copy))
        return msg("upgraded the database to this version (it was at schema {old})",
                   old=self.upgraded_from)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessionmaker() as session:
            yield session

    def revision(self) -> str | None:
        """The schema revision stored in the database; None before `init`."""
        with self.engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def upgrade(self, progress: Progress = no_progress) -> Path | None:
        """Bring the schema to head; returns where an older SQLite file was copied aside.

        `progress` is told each step (the copy, then each migration) and may raise
        Cancelled to stop: UpgradeStopped then says the database is unchanged
        (casemanager.store.upgrade)."""
        current = self.revision()
        if current == SCHEMA_HEAD:
            return None
        from casemanager.store.upgrade import run_upgrade

        done = run_upgrade(self, current, progress)
        self.upgrade_removed = done.removed
        return done.copy

    def dispose(self) -> None:
        """Close every connection and let go of the file (the guard goes last)."""
        if self.guard is not None:
            self.guard.release()
        self.engine.dispose()
        if self.guard is not None:
            self.guard.close()
        if self.write_lock is not None:
            self.write_lock.done()
        if self.marker is not None:
            self.marker.close()


def open_database(
    target: str,
    *,
    create: bool = False,
    upgrade: bool = True,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    key: bytes | None = None,
    quick_check: bool | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
) -> Database:
    """Open (and with `create`, make) a database, upgraded to the newest schema.

    An encrypted SQLite file needs `passphrase`, `recovery_key` or the raw `key`; a wrong
    one fails here, at open, with WrongPassphrase (a DatabaseError). A passphrase given
    for a plain file is ignored.

    `quick_check`: None (the default) runs SQLite's `PRAGMA quick_check` only when the
    file was not closed cleanly last time (open_marker.py: a process killed or crashed,
    a power cut), so opening costs the same at 300 and at 1,000,000 cases; True always,
    False never. A clean file is checked by `check`, before every backup and in the
    window's background (`quick_check`).

    `progress` follows an upgrade of an older schema step by step and may stop it
    (Database.upgrade): UpgradeStopped (a Cancelled), the database unchanged.

    Raises DatabaseError with a one-line reason for anything a user can get wrong:
    a missing file, a file that is not a database, an unreachable server.
    """
    holder: KeyHolder | None = None
    created: Path | None = None
    unclean: list[Path] = []
    if not is_url(target):
        path = Path(target).expanduser()
        try:
            path.stat()
        except FileNotFoundError:
            pass
        except OSError as exc:  # a name too long, a folder we may not enter
            raise DatabaseError(msg("cannot use {file}: {reason}", file=path.name[:60], reason=exc.strerror)) from None
        if path.is_dir():
            raise DatabaseError(msg("{path} is a folder, not a database file", path=path))
        if not path.exists():
            if not create:
                raise DatabaseError(msg("no database at {path}; create one with `casemanager init`", path=path))
            if not path.parent.exists():
                raise DatabaseError(msg("folder {folder} does not exist", folder=path.parent))
            try:
                create_private(path)  # SQLite keeps this 0600, gives its -wal and -shm the same
            except OSError as exc:  # a name too long, a read-only folder
                raise DatabaseError(msg("cannot create {path}: {reason}", path=path, reason=exc.strerror)) from None
            created = path
        target = str(path)
        if created is None and path.stat().st_size == 0 and keyfile_path(path).exists():
            # SQLite would take the empty file for a new database and `init` would fill
            # it in clear text, beside the key file of the encrypted one that was lost.
            raise DatabaseError(damaged_text(
                str(path), path,
                f"it is empty, but the key file {keyfile_path(path).name} beside it says "
                "it was an encrypted database"))
        if key is None and path.exists() and is_encrypted_file(path):
            if passphrase is None and recovery_key is None and not keyfile_path(path).exists():
                raise DatabaseError(msg("{path} is encrypted or is not a database", path=path))
            key = unlock_key(path, passphrase=passphrase, recovery_key=recovery_key)
        if key is not None:
            holder = KeyHolder(key)
        if not OFD_LOCKS and claimed_by(path) not in (None, os.getpid()):
            # Without OFD locks (macOS) only keeping out is safe while a window has it.
            raise DatabaseError(open_elsewhere_message(path))
        if created is None and quick_check is None:
            # Asked before this process opens it: afterwards our own locks say "in use".
            unclean = left_open(path, in_use=in_use_elsewhere(path))
    write_lock = LazyWriteLock(Path(target)) if not is_url(target) else None
    engine = make_engine(target, holder, write_lock, password=password)
    db = Database(target, engine, holder, write_lock)
    if not is_url(target):
        db.marker = OpenMarker(Path(target))  # before the check: a crash in it counts too
    try:
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables and tables - {"alembic_version"}:
                raise DatabaseError(msg("{database} is not a Case Manager database",
                                        database=db.describe()))
            if "alembic_version" not in tables and not create:
                raise DatabaseError(msg(
                    "{database} has no Case Manager data yet; run `casemanager init`",
                    database=db.describe()))
            if db.path is not None:
                # Ours (it has our schema): a file made by an older version may still be
                # 0644. Never before this point: `--db /etc/passwd` must not chmod it.
                for own in (db.path, Path(f"{db.path}-wal"), Path(f"{db.path}-shm")):
                    make_private(own)
            if db.guard is not None:
                db.guard.acquire()  # before the quick check and the upgrade's copy open it
            if db.write_lock is not None:
                db.write_lock.get()  # which file was opened (a replaced one is refused)
            if db.path is not None and (quick_check or (quick_check is None and unclean)):
                _quick_check(db)
                db.checked_on_open = True
                forget(unclean)  # checked: the next open need not check again
            if upgrade and db.revision() != SCHEMA_HEAD:
                current = db.revision()
                if current is not None and current not in _known_revisions():
                    raise DatabaseError(msg(
                        "{database} was made by a newer Case Manager (schema {schema})",
                        database=db.describe(), schema=current))
                db.upgrade_copy = db.upgrade(progress)
                db.upgraded_from = current
            if upgrade:
                from casemanager.store.database_identity import ensure_identity

                ensure_identity(db)  # restore and automatic backups tell databases apart
        except sa_exc.DatabaseError as exc:
            db.dispose()
            reason: str = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if "malformed" in reason or "corrupt" in reason:
                raise DatabaseError(_damaged(db, reason)) from None
            if db.path is not None and not os.access(db.path.parent, os.W_OK):
                reason = msg("its folder {folder} is read-only, and SQLite writes its -wal "
                             "and -shm files beside the database; copy it to a folder you "
                             "can write to", folder=str(db.path.parent))
            raise DatabaseError(msg("cannot open {database}: {reason}",
                                    database=db.describe(), reason=reason)) from None
        except sa_exc.OperationalError as exc:  # pragma: no cover - subclass of DatabaseError
            db.dispose()
            raise DatabaseError(msg("cannot open {database}: {reason}",
                                    database=db.describe(), reason=str(exc.orig))) from None
        except (DatabaseError, Cancelled):
            db.dispose()
            raise
    except BaseException:
        if created is not None:  # a failed init (a full disk) leaves no truncated file
            db.dispose()
            for part in ("", "-wal", "-shm", "-journal"):
                Path(f"{created}{part}").unlink(missing_ok=True)
        raise
    return db


def fold_wal(db: Database) -> bool:
    """Fold a SQLite database's WAL into the file and empty it (`wal_checkpoint
    (TRUNCATE)`): what was overwritten or deleted (with secure_delete) is then in neither
    file. Best effort: False when a reader kept it from completing (the next checkpoint
    folds it), or for a server database."""
    if db.path is None:
        return False
    try:
        with db.engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sa_exc.OperationalError:
        return False
    return busy is not None and busy[0] == 0


def quick_check(db: Database) -> None:
    """SQLite's `PRAGMA quick_check` of the whole file (every page read once: about 0.4 s
    per 100,000 cases); nothing for a server database.

    Raises DatabaseError (one line: damaged, and where the backups are) when it fails.
    Safe from any thread: it uses a connection of its own from the pool.
    """
    if db.path is not None:
        _quick_check(db)


def _quick_check(db: Database) -> None:
    try:
        with db.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except sa_exc.DatabaseError as exc:
        reason = (str(exc.orig).strip().splitlines() or ["unreadable"])[0] if exc.orig else ""
        if not db.encrypted and not ("malformed" in reason or "corrupt" in reason):
            raise
        # SQLCipher refuses a page whose authentication code fails; SQLite may find a
        # page too damaged even to check.
        rows = [reason if not db.encrypted else
                "a page fails its authentication check: damaged or tampered with"]
    if rows != ["ok"]:
        # SQLite's report can span lines ("*** in database main ***\nPage 7: ..."): the
        # message must stay one line.
        detail = " ".join(" ".join(rows).split())[:160]
        if db.encrypted:
            # SQLCipher reports a page failing its authentication code as unreadable.
            detail = f"a page fails its authentication check: damaged or tampered with; {detail}"
        raise DatabaseError(_damaged(db, detail))


def _damaged(db: Database, detail: str) -> str:
    return damaged_text(db.describe(), db.path, detail)



def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
