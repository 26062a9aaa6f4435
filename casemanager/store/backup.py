"""Backups of SQLite databases: online copies, verified restores, rotating automatic copies.

`backup` uses SQLite's online backup API inside one read transaction (store/snapshot.py), so it
is one consistent snapshot while the application is open and writing, and a save from
another connection neither restarts it nor waits for it. A backup of an encrypted database is encrypted with the same key and
gets a copy of the key file (`FILE.keys`): without it the backup could not be opened.
Every backup is written to `FILE.partial` and renamed only once it passed a check, so a
crash mid-backup never leaves a half file under the backup's name.

Every backup gets `FILE.sha256` (the `sha256sum` format): a plain SQLite file has no
checksum of its own, so a byte changed inside a name would otherwise go unnoticed.

`restore` checks the backup (its SHA-256, integrity, a schema this version knows) before
touching the database, and keeps the replaced file aside. It refuses to replace an
encrypted database without its passphrase (a plain backup is restored re-encrypted with
the database's own key, never in clear text), and a backup of *another* database (its
identity, db_identity.py, differs) only when asked to.

Automatic backups live in a folder per database (its file name plus a hash of its full
path) and carry the database's identity in their names, so two databases called
`cases.db` never rotate each other's backups away.

PostgreSQL servers are backed up with the server's own tool, pg_dump.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import msg
from casemanager.domain.progress import Cancelled, Progress, no_progress
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import Database, _known_revisions, quick_check
from casemanager.store.database_identity import count_cases, ensure_identity, read_identity
from casemanager.store.key_file import (
    SQLITE_HEADER,
    NewKeys,
    WrongPassphrase,
    fsync_dir,
    is_encrypted_file,
    keyfile_path,
    read_keyfile,
    unlock_key,
)
from casemanager.store.locks import require_sole_use
from casemanager.store.models import Setting
from casemanager.store.snapshot import raw_read_snapshot
from casemanager.system.paths import (  # noqa: F401 (backups_dir re-exported)
    backup_folder_of,
    backups_dir,
    data_dir,
)
from casemanager.system.safe_files import check_output, create_private, private_dir

BACKUP_KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
PAGES_PER_STEP = 256
_STAMP = "%Y%m%d-%H%M%S"


class OtherDatabase(DatabaseError):
    """The backup was made from another database than the one it would replace."""




# ---------------------------------------------------------------- checksums


def checksum_path(path: str | os.PathLike) -> Path:
    """`FILE.sha256`, beside the backup `FILE`."""
    p = Path(path)
    return p.with_name(p.name + ".sha256")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def write_checksum(path: Path) -> Path:
    """Write `path.sha256` in `sha256sum` format ("<hex>  <name>"), owner-only, atomically."""
    target = checksum_path(path)
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{_sha256(path)}  {path.name}\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return target


def checksum_status(path: str | os.PathLike) -> str:
    """"ok" when the backup matches its recorded SHA-256, "missing" when none was recorded
    (a backup from an older version, or its .sha256 file was not copied along).

    Raises DatabaseError when the backup changed since it was made (or the .sha256 file
    cannot be read): it must not be restored."""
    p = Path(path)
    if checksum_path(p).exists() and not checksum_path(p).is_file():
        raise DatabaseError(msg("{file} is not a regular file; nothing was changed",
                                file=checksum_path(p).name))
    try:
        recorded = checksum_path(p).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return "missing"
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseError(msg("cannot read {file}: {reason}", file=checksum_path(p).name,
                                reason=str(exc))) from None
    if not recorded or recorded[0].lower() != _sha256(p):
        raise DatabaseError(msg(
            "{file} has changed since it was made (its SHA-256 does not match {sums}): "
            "damaged or tampered with; nothing was changed", file=p.name,
            sums=checksum_path(p).name))
    return "ok"


def _sqlite_only(db: Database) -> Path:
    if db.dialect != "sqlite" or db.path is None:
        raise DatabaseError(msg(
            "backups of a PostgreSQL server are made on the server with pg_dump "
            "(for example `pg_dump -Fc -f cases.dump DBNAME`), not by Case Manager"))
    return db.path


def _connect(path: Path, key: bytes | None) -> sqlite3.Connection:
    if key is not None:
        return encryption.connect_encrypted(path, key)
    return sqlite3.connect(str(path), timeout=15)


def _check(conn: sqlite3.Connection, what: str, pragma: str = "integrity_check") -> str:
    """Integrity and schema of an open connection; returns its Alembic revision.

    `pragma` is "integrity_check" (every index against its table too: a backup about to
    be restored) or "quick_check" (every page and record, not the indexes' contents)."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        if rows != ["ok"]:
            raise DatabaseError(msg("{what} is damaged ({detail}); nothing was changed",
                                    what=what, detail=str(rows[0])))
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.DatabaseError, encryption.driver().DatabaseError) as exc:
        raise DatabaseError(msg("{what} is not a Case Manager database ({detail})", what=what,
                                detail=str(exc))) from None
    if not revision or revision[0] not in _known_revisions():
        found = revision[0] if revision else "none"
        raise DatabaseError(msg("{what} has a schema this version does not know ({found})",
                                what=what, found=found))
    return revision[0]


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _copy(source_conn: Any, dest: Path,  # sqlite3 or sqlcipher3: same API
          key: bytes | None, progress: Progress, what: str, checking: str = "") -> int:
    """Online-backup `source_conn` into a new file `dest` (same key), page batch by batch;
    `checking` is said while the new file's integrity is checked. Returns its pages."""
    for stale in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm"), Path(f"{dest}-journal")):
        stale.unlink(missing_ok=True)
    create_private(dest)  # 0600 before SQLite opens it: SQLite keeps the mode it finds
    try:
        target = _connect(dest, key)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise

    pages = [0]  # the copy's length, for the steps that follow it (bar stays full)

    def step(_status: int, remaining: int, total: int) -> None:
        pages[0] = total
        progress(total - remaining, total, what)

    try:
        source_conn.backup(target, pages=PAGES_PER_STEP, progress=step)
        # A backup is one file: no WAL beside it to lose when it is copied elsewhere.
        target.execute("PRAGMA journal_mode=DELETE")
        if checking:
            progress(pages[0], pages[0], checking)
        # A new backup: quick_check, the check its source had before (0.85 s of CPU
        # at 100,000 cases, against integrity_check's 7.1 s); a restore still checks
        # the backup with integrity_check first.
        _check(target, msg("the new copy {file}", file=dest.name),
               "quick_check" if checking else "integrity_check")
    except BaseException:
        target.close()
        for part in (dest, Path(f"{dest}-journal"), Path(f"{dest}-wal"), Path(f"{dest}-shm")):
            part.unlink(missing_ok=True)  # a full disk must leave no half copy behind
        raise
    target.close()
    _fsync(dest)
    return pages[0]


def backup(db: Database, dest: str | os.PathLike, progress: Progress = no_progress) -> Path:
    """Copy the open database to `dest` (encrypted if the database is); returns `dest`.

    Beside it: `dest.sha256` (always) and `dest.keys` (when encrypted). Raises
    DatabaseError for a server database, a missing folder, a failed copy, or a damaged
    database (the copy's `quick_check`, then the source's when the copy fails: opening no
    longer checks a cleanly closed file, and a copy of a damaged file must not pass for a
    good backup).

    `progress` hears the copy's pages (done, total) with the message "Backing up…",
    then "Checking the copy…" and "Writing the checksum…" (each a whole read of the
    new file: at a million cases, 3.4 GB), so a progress bar never stands still at 100 %."""
    source = _sqlite_only(db)
    dest = check_output(dest, what="backup")
    if dest.exists() and dest.resolve() == source.resolve():
        raise DatabaseError(msg("a backup cannot overwrite the database itself"))
    if not dest.parent.is_dir():
        raise DatabaseError(msg("folder {folder} does not exist", folder=str(dest.parent)))
    # No quick_check of the source first: the copy is page for page, so a damaged page
    # is found by the copy's own check (one whole read of the file fewer: 40 s at a
    # million cases). Only when the copy fails is the source checked, to say which.
    key = db.key.get() if db.key is not None else None
    partial = dest.with_name(dest.name + ".partial")
    raw = db.engine.raw_connection()
    try:
        try:
            # One read transaction for every step: SQLite's online backup holds no lock
            # between steps, and a save by another connection meanwhile restarted the copy
            # from page 1 (backuplane: it never ended under a write per step).
            with raw_read_snapshot(raw.driver_connection):
                pages = _copy(raw.driver_connection, partial, key, progress,
                              msg("Backing up…"), checking=msg("Checking the copy…"))
        except OSError as exc:
            raise DatabaseError(msg("cannot write the backup {path}: {reason}", path=str(dest),
                                    reason=str(exc.strerror))) from None
        except (sqlite3.Error, encryption.driver().Error) as exc:
            partial.unlink(missing_ok=True)
            quick_check(db)  # a damaged database is said as such, with where its backups are
            raise DatabaseError(msg("the backup to {path} failed: {reason}", path=str(dest),
                                    reason=str(exc))) from None
        except DatabaseError:
            quick_check(db)
            raise
    finally:
        raw.close()
    try:
        if key is not None:
            # The key file first: an encrypted backup without its key file is unreadable.
            shutil.copy2(keyfile_path(source), keyfile_path(dest))
        else:
            keyfile_path(dest).unlink(missing_ok=True)
        # An old checksum must never describe the new file, nor the new one the old file.
        checksum_path(dest).unlink(missing_ok=True)
        os.replace(partial, dest)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(msg("cannot write the backup {path}: {reason}", path=str(dest),
                                    reason=str(exc.strerror))) from None
    try:
        progress(pages, pages, msg("Writing the checksum…"))
    except Cancelled:
        pass  # too late: the backup is made, and is kept whole, with its checksum
    write_checksum(dest)
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
        raise DatabaseError(msg(
            "{file} does not open with this passphrase; give the passphrase it "
            "had when it was made, or the recovery key", file=source.name)) from None


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read before restoring it."""

    identity: str | None  # None: made before databases had identities
    cases: int | None
    encrypted: bool
    checksum: str  # "ok" or "missing" (a mismatch raises)


def inspect_backup(
    source: str | os.PathLike,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    key: bytes | None = None,
) -> BackupInfo:
    """Check a backup's SHA-256 and open it (read only) to say whose it is and how many
    cases it holds. Raises DatabaseError if it changed, does not open or is not ours."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise DatabaseError(msg("no backup at {path}", path=str(source)))
    checksum = checksum_status(source)
    src_key = backup_key(source, passphrase=passphrase, recovery_key=recovery_key, key=key)
    conn = _connect(source, src_key)
    try:
        _check(conn, msg("the backup {file}", file=source.name))
        return BackupInfo(read_identity(conn), count_cases(conn), src_key is not None, checksum)
    finally:
        conn.close()


def target_key(
    target: Path,
    *,
    key: bytes | None = None,
    passphrase: str | None = None,
    recovery_key: str | None = None,
) -> bytes | None:
    """The key of the encrypted database at `target` that a restore would replace, proved
    by `key` (the open database's) or its passphrase / recovery key; None when `target`
    is not encrypted. Raises DatabaseError when the proof fails: replacing an encrypted
    database must need what opening it needs.

    An emptied file beside its key file counts as encrypted (item 7 of issue 13)."""
    if not target.exists():
        return None
    emptied = target.stat().st_size == 0 and keyfile_path(target).exists()
    if not (is_encrypted_file(target) or emptied):
        return None
    if not keyfile_path(target).exists():
        raise DatabaseError(msg(
            "{path} is encrypted or damaged and its key file {keyfile} is missing; put the "
            "key file back (backups carry a copy), or, if the file is damaged, move it away "
            "yourself and restore again", path=str(target), keyfile=keyfile_path(target).name))
    if key is not None:
        try:
            encryption.connect_encrypted(target, key).close()
            return key
        except DatabaseError:
            pass  # damaged, or not its key: the passphrase decides
    if passphrase is None and recovery_key is None:
        raise DatabaseError(msg(
            "{path} is encrypted: replacing it needs its passphrase (or recovery key)",
            path=str(target)))
    try:
        return unlock_key(target, passphrase=passphrase, recovery_key=recovery_key)
    except WrongPassphrase:
        what = "recovery key" if recovery_key is not None else "passphrase"
        raise WrongPassphrase(
            f"the {what} does not open {target.name}, the encrypted database the backup "
            "would replace; nothing was changed"
        ) from None


def _target_facts(target: Path, key: bytes | None) -> tuple[str | None, int | None]:
    """(identity, number of cases) of the database to be replaced, where readable."""
    if not target.exists() or target.stat().st_size == 0:
        return None, None
    try:
        conn = _connect(target, key)
    except (DatabaseError, sqlite3.Error, encryption.driver().Error):
        return None, None
    try:
        return read_identity(conn), count_cases(conn)
    finally:
        conn.close()


# The settings row holding the number of the next case reference (services/cases.py).
NEXT_REFERENCE = "next_reference"


def _highest_ids(conn: Any) -> dict[str, int]:
    """Per table with an integer id, the highest id it ever gave: `sqlite_sequence`'s
    (deleted rows included, migration 0019) or its max(id); and under NEXT_REFERENCE the
    number of the next case reference."""
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    high: dict[str, int] = {}
    for table in tables:
        if any(col[1] == "id" and col[5] for col in conn.execute(
                f'PRAGMA table_info("{table}")')):
            high[table] = int(conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        for table, seq in conn.execute("SELECT name, seq FROM sqlite_sequence"):
            if table in high:
                high[table] = max(high[table], int(seq or 0))
    if "settings" in tables:  # the next case reference (CM-0043): never one given before
        row = conn.execute("SELECT value FROM settings WHERE key = ?",
                           (NEXT_REFERENCE,)).fetchone()
        if row and str(row[0]).isdigit():
            high[NEXT_REFERENCE] = int(row[0])
    return high


def _target_ids(target: Path, key: bytes | None) -> dict[str, int] | None:
    """`_highest_ids` of the database to be replaced; None when there is none to read
    (no file, an empty one, or one too damaged to read): its ids are then unknown."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    try:
        conn = _connect(target, key)
        try:
            return _highest_ids(conn)
        finally:
            conn.close()
    except (DatabaseError, sqlite3.Error, encryption.driver().Error):
        return None


# A backup restored where no readable database is (the laptop was lost, or the file is
# too damaged to read): nothing here knows the ids and references the lost database gave
# after the backup, and partners may hold its records by those ids (tester: the partner
# took a new event for an old one, and later erased another family's contact). New
# records start this far above the backup's.
RESTORE_ID_MARGIN = 1_000_000
RESTORE_REFERENCE_MARGIN = 100_000


def _keep_ids_used(path: Path, key: bytes | None, used: dict[str, int] | None) -> None:
    """Raise the restored file's `sqlite_sequence` to the ids the replaced database had
    given, and its next case reference to the replaced one's: records made after the
    backup (and sent to partners, named in their ledgers) keep ids and references no new
    record of the restored database takes. A file of a schema before 0019 keeps them
    too: its upgrade starts each table's sequence above them. `used` None (no database
    replaced, or none readable): the backup's own, RESTORE_ID_MARGIN and
    RESTORE_REFERENCE_MARGIN above."""
    conn = _connect(path, key)
    try:
        present = _highest_ids(conn)
        if used is None:
            if NEXT_REFERENCE not in present:  # the counter as cases.py would start it
                highest = conn.execute("SELECT max(CAST(substr(reference, 4) AS INTEGER)) "
                                       "FROM cases").fetchone()[0]
                present[NEXT_REFERENCE] = int(highest or 0) + 1
            used = {t: n + (RESTORE_REFERENCE_MARGIN if t == NEXT_REFERENCE
                            else RESTORE_ID_MARGIN) for t, n in present.items()}
        if not used:
            return
        reference = used.get(NEXT_REFERENCE, 0)
        if reference > present.get(NEXT_REFERENCE, 0) and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'settings'").fetchone():
            with conn:
                conn.execute("DELETE FROM settings WHERE key = ?", (NEXT_REFERENCE,))
                conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                             (NEXT_REFERENCE, str(reference)))
        higher = {t: n for t, n in used.items()
                  if t != NEXT_REFERENCE and t in present and n > present[t]}
        if not higher:
            return
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                            "AND name = 'sqlite_sequence'").fetchone():
            # SQLite makes its sequence table with the first AUTOINCREMENT table only.
            conn.execute("CREATE TABLE _cm_make_sqlite_sequence "
                         "(id INTEGER PRIMARY KEY AUTOINCREMENT)")
            conn.execute("DROP TABLE _cm_make_sqlite_sequence")
        with conn:
            held = {t for (t,) in conn.execute("SELECT name FROM sqlite_sequence")}
            for table, seq in higher.items():
                if table in held:
                    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?",
                                 (seq, table))
                else:
                    conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                                 (table, seq))
    finally:
        conn.close()
    _fsync(path)


def restore(
    target: str | os.PathLike,
    source: str | os.PathLike,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    key: bytes | None = None,
    other_database: bool = False,
    progress: Progress = no_progress,
) -> Path | None:
    """Replace the database at `target` with the backup `source`, after checking it.

    The database must be closed (dispose it first). `key` is the open database's key
    (from its Database); `passphrase` / `recovery_key` unlock the backup and, without a
    matching `key`, prove the right to replace an encrypted `target`. A plain backup over
    an encrypted database is restored encrypted with that database's key and key file.
    Returns where the replaced file was kept (`target.replaced-STAMP`, with its key file),
    or None if there was none.

    Raises DatabaseError (nothing changed) for a missing, changed (SHA-256), damaged or
    foreign backup, a wrong passphrase, and OtherDatabase for a backup of another
    database unless `other_database`.
    """
    target, source = Path(target).expanduser(), Path(source).expanduser()
    if not source.is_file():
        raise DatabaseError(msg("no backup at {path}", path=str(source)))
    if source.resolve() == target.resolve():
        raise DatabaseError(msg("that is the database itself, not a backup of it"))
    if source.name.endswith((".partial", ".partial-journal")):
        raise DatabaseError(msg("{path} is an unfinished backup (its copy was stopped); "
                                "restore a finished one", path=str(source)))
    require_sole_use(target, "restore")  # a window writing to it would lose its work
    checksum_status(source)
    dest_key = target_key(target, key=key, passphrase=passphrase, recovery_key=recovery_key)
    src_key = backup_key(source, passphrase=passphrase, recovery_key=recovery_key,
                         key=dest_key if dest_key is not None else key)
    # A plain backup never turns an encrypted database into clear text.
    reencrypt = src_key is None and dest_key is not None
    # Keep the current key file (and passphrase) when the backup has the same key;
    # otherwise the backup's own key file must come with it.
    take_keys = src_key is not None and not (
        dest_key == src_key and keyfile_path(target).exists())
    if take_keys:
        read_keyfile(source)  # missing or unreadable: stop before anything moves
    restoring = target.with_name(target.name + ".restoring")
    conn = _connect(source, src_key)
    try:
        progress(0, None, msg("Checking the backup…"))
        _check(conn, msg("the backup {file}", file=source.name))
        theirs, their_cases = read_identity(conn), count_cases(conn)
        ours, our_cases = _target_facts(target, dest_key)
        if theirs and ours and theirs != ours and not other_database:
            raise OtherDatabase(
                f"{source.name} is a backup of another database ({_n(their_cases)}; "
                f"{target.name} holds {_n(our_cases)})"
            )
        if not reencrypt:
            try:
                _copy(conn, restoring, src_key, progress, msg("Restoring…"))
            except (sqlite3.Error, OSError) as exc:  # a full disk: the database is untouched
                reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
                raise DatabaseError(msg("cannot restore: {reason}; nothing was changed",
                                        reason=reason)) from None
    finally:
        conn.close()
    if reencrypt:
        # Straight from the plain backup into an encrypted file: no clear-text copy.
        progress(0, None, msg("Restoring encrypted…"))
        encryption.export_copy(source, None, restoring, dest_key)
    try:
        _keep_ids_used(restoring, dest_key if reencrypt else src_key,
                       _target_ids(target, dest_key))
    except (sqlite3.Error, encryption.driver().Error, OSError) as exc:
        restoring.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise DatabaseError(msg("cannot restore: {reason}; nothing was changed",
                                reason=reason)) from None

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
    elif src_key is None and dest_key is None:
        keyfile_path(target).unlink(missing_ok=True)
    os.replace(restoring, target)
    fsync_dir(target.parent)
    return aside


def _n(count: int | None) -> str:
    if count is None:
        return "an unknown number of cases"
    return "1 case" if count == 1 else f"{count:,} cases"


# ---------------------------------------------------------------- automatic backups


def backup_keep(db: Database) -> int:
    with db.session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == BACKUP_KEEP_SETTING))
    try:
        return max(1, int(value)) if value else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def _prefix(db: Database) -> str:
    """`cases-1a2b3c4d`: the file's stem and the start of the database's identity, so a
    backup names the database it came from even when another one took over its path."""
    return f"{_sqlite_only(db).stem}-{ensure_identity(db)[:8]}"


def _pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}-(\d{{8}}-\d{{6}})(-\d+)?\.db$")


def existing_backups(db: Database, folder: str | os.PathLike | None = None) -> list[Path]:
    """Automatic backups of this database (its path's folder, its identity), oldest
    first; backups of any other database are never listed, so never rotated away."""
    folder = Path(folder) if folder is not None else backups_dir(db)
    return _existing(folder, _prefix(db))


def _existing(folder: Path, prefix: str) -> list[Path]:
    """`existing_backups` of the database whose backups' names start with `prefix`,
    without reading the database (rotating after a backup on its lane: the window may
    have locked meanwhile, an encrypted database's key forgotten)."""
    pattern = _pattern(prefix)
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
    """A new automatic backup in `folder` (default: this database's own folder in
    `backups_dir()`), then delete all but the newest `keep` of this database's."""
    if folder is None:
        private_dir(backups_dir())  # the folder of every database's backups, owner-only too
    folder = private_dir(Path(folder) if folder is not None else backups_dir(db))
    keep = keep if keep is not None else backup_keep(db)
    prefix = _prefix(db)
    stamp = dt.datetime.now().strftime(_STAMP)
    dest = folder / f"{prefix}-{stamp}.db"
    # Several in one second: number them after the newest, so names keep their order.
    pattern = _pattern(prefix)
    numbers = [
        int((m.group(2) or "-0")[1:])
        for p in _existing(folder, prefix)
        if (m := pattern.match(p.name)) and m.group(1) == stamp
    ]
    if numbers:
        dest = folder / f"{prefix}-{stamp}-{max(numbers) + 1}.db"
    _remove_stale_partials(folder, prefix)
    backup(db, dest, progress)
    old = _existing(folder, prefix)
    for stale in old[: max(0, len(old) - keep)]:
        stale.unlink(missing_ok=True)
        keyfile_path(stale).unlink(missing_ok=True)
        checksum_path(stale).unlink(missing_ok=True)
    return dest


# A backup writes its `.partial` file without pause: one untouched this long is what a
# killed process left (tester: four 394 MB files that nothing removed).
STALE_PARTIAL_SECONDS = 3600


def _remove_stale_partials(folder: Path, prefix: str) -> None:
    """Remove this database's automatic backups' `.partial` files (and their journals)
    that a killed backup left: untouched for STALE_PARTIAL_SECONDS."""
    now = time.time()
    for part in folder.glob(f"{glob.escape(prefix)}-*.db.partial*"):
        try:
            if now - part.stat().st_mtime > STALE_PARTIAL_SECONDS:
                part.unlink(missing_ok=True)
        except OSError:
            pass  # another process's, or gone meanwhile: the next backup tries again


def backup_if_due(
    db: Database,
    folder: str | os.PathLike | None = None,
    max_age: dt.timedelta = dt.timedelta(days=1),
    progress: Progress = no_progress,
) -> Path | None:
    """The daily backup: made when the newest automatic one is older than `max_age`."""
    if db.dialect != "sqlite" or db.path is None:
        return None
    folder = Path(folder) if folder is not None else backups_dir(db)
    found = existing_backups(db, folder)
    if found:
        age = dt.datetime.now().timestamp() - found[-1].stat().st_mtime
        if age < max_age.total_seconds():
            return None
    return rotate_backups(db, folder, progress=progress)


# ---------------------------------------------------------------- after encrypting

_SIDE_FILES = ("-wal", "-shm", "-journal", ".keys", ".sha256", ".tmp", ".encrypting", ".old")


def plain_copies(path: str | os.PathLike, identity: str | None = None) -> list[Path]:
    """The unencrypted copies of the database at `path` that the application made and
    keeps: its automatic backups (`backup_folder_of(path)`, a killed backup's `.partial`
    too), the file kept before a schema upgrade (`NAME.before-…`) and the one a restore
    replaced (`NAME.replaced-…`), beside it. Only plain SQLite files (their first 16
    bytes), oldest name first. With the database's `identity` (database_identity), also
    its automatic backups made while the file had another name or folder: their folder
    is named after the path, their file after the identity (tester 2: a database moved,
    then encrypted, left its earlier backups plain). A backup written elsewhere with
    `backup -o` is the user's own: the application does not know where it went."""
    path = Path(path)
    candidates: list[Path] = []
    folder = backup_folder_of(path)
    if folder.is_dir():
        candidates += [p for p in folder.iterdir()
                       if p.name.endswith(".db") or p.name.endswith(".db.partial")]
    root = folder.parent
    if identity and root.is_dir():
        tag = re.compile(rf"-{re.escape(identity[:8])}-\d{{8}}-\d{{6}}(-\d+)?\.db(\.partial)?$")
        for other in root.iterdir():
            if other.is_dir() and other != folder and not other.is_symlink():
                candidates += [p for p in other.iterdir() if tag.search(p.name)]
    for kind in ("before", "replaced"):
        candidates += path.parent.glob(f"{glob.escape(path.name)}.{kind}-*")
    found = []
    for p in candidates:
        if p.name.endswith(_SIDE_FILES) or p.is_symlink() or not p.is_file():
            continue
        try:
            with p.open("rb") as fh:
                if fh.read(16) == SQLITE_HEADER:
                    found.append(p)
        except OSError:
            continue
    return sorted(found)


@dataclass(frozen=True)
class CopiesEncrypted:
    """What `encrypt_plain_copies` did: copies now encrypted, a killed backup's
    leftovers erased, and copies it could not encrypt with the reason (still readable)."""

    encrypted: list[Path]
    erased: list[Path]
    failed: list[tuple[Path, str]]


def encrypt_plain_copies(path: str | os.PathLike, keys: NewKeys,
                         progress: Progress = no_progress,
                         identity: str | None = None) -> CopiesEncrypted:
    """After `encrypt_database(path)`: encrypt every one of `plain_copies(path)` under
    the same key, each with the key file beside it (a backup then restores with the
    database's passphrase or recovery key as it was when encrypting), the plain bytes
    overwritten and deleted (`shred`), a backup's `.sha256` written again. A `.partial`
    (never a usable backup) is erased. Why: a tester encrypted a database and found
    the family's phone in clear in the automatic backups the window had made before
    (they stay until ten newer ones push them out). A copy that cannot be encrypted (a
    damaged file, a full disk) is left as it is and returned in `failed`: the caller
    must say so, as it is still readable. `identity`: see plain_copies."""
    copies = plain_copies(path, identity)
    encrypted: list[Path] = []
    erased: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for n, copy in enumerate(copies):
        progress(n, len(copies), msg("Encrypting the older copies ({done} of {total})…",
                                     done=n + 1, total=len(copies)))
        if copy.name.endswith(".partial"):
            for part in (copy, Path(f"{copy}-journal"), Path(f"{copy}-wal")):
                encryption.shred(part)
            erased.append(copy)
            continue
        try:
            encryption.encrypt_copy_in_place(copy, keys)
        except DatabaseError as exc:
            failed.append((copy, str(exc)))
            continue
        if checksum_path(copy).exists():
            write_checksum(copy)
        encrypted.append(copy)
    progress(len(copies), len(copies), msg("Done"))
    return CopiesEncrypted(encrypted, erased, failed)
