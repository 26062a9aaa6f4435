"""Backups of SQLite databases: online copies, verified restores, rotating automatic copies.

`backup` uses SQLite's online backup API, so it is consistent while the application is
open and writing. A backup of an encrypted database is encrypted with the same key and
gets a copy of the key file (`FILE.keys`): without it the backup could not be opened.
Every backup is written to `FILE.partial` and renamed only once it passed a check, so a
crash mid-backup never leaves a half file under the backup's name.

`restore` checks the backup (integrity, a schema this version knows) before touching
the database, and keeps the replaced file aside.

PostgreSQL servers are backed up with the server's own tool, pg_dump.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from casemanager import encryption
from casemanager.crypto import (
    fsync_dir,
    is_encrypted_file,
    keyfile_path,
    read_keyfile,
    unlock_key,
)
from casemanager.db import Database, _known_revisions
from casemanager.db_guard import require_sole_use
from casemanager.errors import DatabaseError
from casemanager.models import Setting
from casemanager.paths import data_dir
from casemanager.progress import Progress, no_progress
from casemanager.safe_files import check_output, create_private, private_dir

BACKUP_KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
PAGES_PER_STEP = 256
_STAMP = "%Y%m%d-%H%M%S"


def backups_dir() -> Path:
    """Where automatic backups go: `backups` in the user's data folder."""
    return data_dir() / "backups"


def _sqlite_only(db: Database) -> Path:
    if db.dialect != "sqlite" or db.path is None:
        raise DatabaseError(
            "backups of a PostgreSQL server are made on the server with pg_dump "
            "(for example `pg_dump -Fc -f cases.dump DBNAME`), not by Case Manager"
        )
    return db.path


def _connect(path: Path, key: bytes | None):
    if key is not None:
        return encryption.connect_encrypted(path, key)
    return sqlite3.connect(str(path), timeout=15)


def _check(conn, what: str) -> str:
    """Integrity and schema of an open connection; returns its Alembic revision."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            raise DatabaseError(f"{what} is damaged ({rows[0]}); nothing was changed")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.DatabaseError, encryption.driver().DatabaseError) as exc:
        raise DatabaseError(f"{what} is not a Case Manager database ({exc})") from None
    if not revision or revision[0] not in _known_revisions():
        found = revision[0] if revision else "none"
        raise DatabaseError(f"{what} has a schema this version does not know ({found})")
    return revision[0]


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _copy(source_conn, dest: Path, key: bytes | None, progress: Progress, what: str) -> None:
    """Online-backup `source_conn` into a new file `dest` (same key), page batch by batch."""
    for stale in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm"), Path(f"{dest}-journal")):
        stale.unlink(missing_ok=True)
    create_private(dest)  # 0600 before SQLite opens it: SQLite keeps the mode it finds
    try:
        target = _connect(dest, key)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise

    def step(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, what)

    try:
        source_conn.backup(target, pages=PAGES_PER_STEP, progress=step)
        # A backup is one file: no WAL beside it to lose when it is copied elsewhere.
        target.execute("PRAGMA journal_mode=DELETE")
        _check(target, f"the new copy {dest.name}")
    except BaseException:
        target.close()
        for part in (dest, Path(f"{dest}-journal"), Path(f"{dest}-wal"), Path(f"{dest}-shm")):
            part.unlink(missing_ok=True)  # a full disk must leave no half copy behind
        raise
    target.close()
    _fsync(dest)


def backup(db: Database, dest: str | os.PathLike, progress: Progress = no_progress) -> Path:
    """Copy the open database to `dest` (encrypted if the database is); returns `dest`."""
    source = _sqlite_only(db)
    dest = check_output(dest, what="backup")
    if dest.exists() and dest.resolve() == source.resolve():
        raise DatabaseError("a backup cannot overwrite the database itself")
    if not dest.parent.is_dir():
        raise DatabaseError(f"folder {dest.parent} does not exist")
    key = db.key.get() if db.key is not None else None
    partial = dest.with_name(dest.name + ".partial")
    raw = db.engine.raw_connection()
    try:
        try:
            _copy(raw.driver_connection, partial, key, progress, "Backing up…")
        except OSError as exc:
            raise DatabaseError(f"cannot write the backup {dest}: {exc.strerror}") from None
        except (sqlite3.Error, encryption.driver().Error) as exc:
            partial.unlink(missing_ok=True)
            raise DatabaseError(f"the backup to {dest} failed: {exc}") from None
    finally:
        raw.close()
    try:
        if key is not None:
            # The key file first: an encrypted backup without its key file is unreadable.
            shutil.copy2(keyfile_path(source), keyfile_path(dest))
        else:
            keyfile_path(dest).unlink(missing_ok=True)
        os.replace(partial, dest)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"cannot write the backup {dest}: {exc.strerror}") from None
    fsync_dir(dest.parent)
    return dest


def backup_key(
    source: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    key: bytes | None = None,
) -> bytes | None:
    """The key that opens the backup `source` (None when it is not encrypted): `key` (the
    open database's: backups of it share it) if it does, else the backup's key file."""
    if not is_encrypted_file(source):
        return None
    if key is not None:
        try:
            encryption.connect_encrypted(source, key).close()
            return key
        except encryption.WrongPassphrase:
            pass
    try:
        return unlock_key(source, passphrase=passphrase, recovery_key=recovery_key)
    except encryption.WrongPassphrase:
        raise DatabaseError(
            f"{source.name} does not open with this passphrase; give the passphrase it "
            "had when it was made, or the recovery key"
        ) from None


def restore(
    target: str | os.PathLike,
    source: str | os.PathLike,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    key: bytes | None = None,
    progress: Progress = no_progress,
) -> Path | None:
    """Replace the database at `target` with the backup `source`, after checking it.

    The database must be closed (dispose it first). Returns where the replaced file was
    kept (`target.replaced-STAMP`, with its key file), or None if there was none.
    """
    target, source = Path(target).expanduser(), Path(source).expanduser()
    if not source.is_file():
        raise DatabaseError(f"no backup at {source}")
    if source.resolve() == target.resolve():
        raise DatabaseError("that is the database itself, not a backup of it")
    require_sole_use(target, "restore")  # a window writing to it would lose its work
    src_key = backup_key(source, passphrase=passphrase, recovery_key=recovery_key, key=key)
    conn = _connect(source, src_key)
    # Keep the current key file (and passphrase) when the backup has the same key;
    # otherwise the backup's own key file must come with it.
    take_keys = src_key is not None and not (key == src_key and keyfile_path(target).exists())
    if take_keys:
        read_keyfile(source)  # missing or unreadable: stop before anything moves
    restoring = target.with_name(target.name + ".restoring")
    try:
        progress(0, None, "Checking the backup…")
        _check(conn, f"the backup {source.name}")
        _copy(conn, restoring, src_key, progress, "Restoring…")
    finally:
        conn.close()

    require_sole_use(target, "restore")  # still nobody, now that the copy is ready
    aside = None
    if target.exists():
        aside = target.with_name(f"{target.name}.replaced-{dt.datetime.now().strftime(_STAMP)}")
        os.replace(target, aside)
        wal = Path(f"{target}-wal")
        if wal.exists():  # belongs to the replaced file; must never meet the restored one
            os.replace(wal, Path(f"{aside}-wal"))
        Path(f"{target}-shm").unlink(missing_ok=True)
        if keyfile_path(target).exists():
            shutil.copy2(keyfile_path(target), keyfile_path(aside))
    if take_keys:
        shutil.copy2(keyfile_path(source), keyfile_path(target))
    elif src_key is None:
        keyfile_path(target).unlink(missing_ok=True)
    os.replace(restoring, target)
    fsync_dir(target.parent)
    return aside


# ---------------------------------------------------------------- automatic backups


def backup_keep(db: Database) -> int:
    with db.session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == BACKUP_KEEP_SETTING))
    try:
        return max(1, int(value)) if value else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(-\d+)?\.db$")


def existing_backups(db: Database, folder: Path | None = None) -> list[Path]:
    """Automatic backups of this database, oldest first."""
    folder = folder or backups_dir()
    pattern = _pattern(_sqlite_only(db).stem)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if m:
            found.append(((m.group(1), int((m.group(2) or "-0")[1:])), p))
    return [p for _, p in sorted(found)]


def rotate_backups(
    db: Database,
    folder: str | os.PathLike | None = None,
    keep: int | None = None,
    progress: Progress = no_progress,
) -> Path:
    """A new automatic backup in `folder`, then delete all but the newest `keep`."""
    source = _sqlite_only(db)
    folder = private_dir(folder if folder is not None else backups_dir())
    keep = keep if keep is not None else backup_keep(db)
    stamp = dt.datetime.now().strftime(_STAMP)
    dest = folder / f"{source.stem}-{stamp}.db"
    # Several in one second: number them after the newest, so names keep their order.
    pattern = _pattern(source.stem)
    numbers = [
        int((m.group(2) or "-0")[1:])
        for p in existing_backups(db, folder)
        if (m := pattern.match(p.name)) and m.group(1) == stamp
    ]
    if numbers:
        dest = folder / f"{source.stem}-{stamp}-{max(numbers) + 1}.db"
    backup(db, dest, progress)
    old = existing_backups(db, folder)
    for stale in old[: max(0, len(old) - keep)]:
        stale.unlink(missing_ok=True)
        keyfile_path(stale).unlink(missing_ok=True)
    return dest


def backup_if_due(
    db: Database,
    folder: str | os.PathLike | None = None,
    max_age: dt.timedelta = dt.timedelta(days=1),
    progress: Progress = no_progress,
) -> Path | None:
    """The daily backup: made when the newest automatic one is older than `max_age`."""
    if db.dialect != "sqlite" or db.path is None:
        return None
    folder = Path(folder) if folder is not None else backups_dir()
    found = existing_backups(db, folder)
    if found:
        age = dt.datetime.now().timestamp() - found[-1].stat().st_mtime
        if age < max_age.total_seconds():
            return None
    return rotate_backups(db, folder, progress=progress)
