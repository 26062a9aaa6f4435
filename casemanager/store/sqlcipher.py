"""SQLCipher connections and converting databases between plain and encrypted.

`connect_encrypted` is what the engine factory (store/database.py) calls for every pooled connection
of an encrypted database. `encrypt_database` / `decrypt_database` convert a file with
`sqlcipher_export`, verify the copy (integrity check, same row count in every table)
before it replaces the original, and overwrite the plain file before deleting it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import msg
from casemanager.domain.progress import Progress, no_progress
from casemanager.store.key_file import (
    NewKeys,
    WrongPassphrase,
    fsync_dir,
    is_encrypted_file,
    keyfile_path,
    new_keys,
    write_keyfile,
)
from casemanager.system.safe_files import create_private

try:  # The wheel is a dependency on Linux; elsewhere encryption may be unavailable.
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - depends on the platform
    sqlcipher = None


def driver() -> Any:  # the sqlcipher3.dbapi2 module
    """The SQLCipher DB-API module, or a clear error when it is missing."""
    if sqlcipher is None:
        raise DatabaseError("SQLCipher (the sqlcipher3 package) is not installed: "
                            "encrypted databases cannot be opened")
    return sqlcipher


def key_literal(key: bytes) -> bytes:
    """The raw-key form SQLCipher's key call accepts: x'<64 hex digits>'.

    Built here from our own 32 random bytes, never from user text; handed to
    `Connection.set_key` (sqlite3_key), or as a bound parameter of ATTACH … KEY ?.
    """
    if len(key) != 32:
        raise ValueError("a database key has 32 bytes")
    return b"x'" + key.hex().encode("ascii") + b"'"


def _raw_connect(path: str | os.PathLike, key: bytes | None, timeout: float = 15.0,
                 factory: type | None = None) -> Any:  # the driver's Connection
    mod = driver()
    extra = {"factory": factory} if factory is not None else {}
    conn = mod.connect(str(path), timeout=timeout, check_same_thread=False, **extra)
    # SQLCipher writes decryption failures to stderr by default; we report them ourselves.
    conn.execute("PRAGMA cipher_log_level = NONE")
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if not row or not row[0]:
        conn.close()
        # A plain SQLite build would silently ignore the key and write clear text.
        raise DatabaseError("the installed SQLite driver does not encrypt (no cipher_version); "
                            "refusing to open an encrypted database with it")
    if key is not None:
        conn.set_key(key_literal(key))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except mod.DatabaseError:
        conn.close()
        if key is None:
            raise DatabaseError(msg("{path} is encrypted", path=path)) from None
        raise WrongPassphrase(
            f"the key file does not match {path} (was the database or its .keys file replaced?)"
        ) from None
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def connect_encrypted(path: str | os.PathLike, key: bytes, timeout: float = 15.0,
                      factory: type | None = None) -> Any:
    """A DB-API connection to an encrypted database, keyed and checked; `factory` is the
    driver's Connection subclass to make (db_guard.guarded_connection_class)."""
    return _raw_connect(path, key, timeout, factory)


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(r[0] for r in rows)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in _tables(conn):
        quoted = '"' + name.replace('"', '""') + '"'
        out[name] = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return out


def _remove_copy(dst: Path) -> None:
    for part in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm"), Path(f"{dst}-journal")):
        part.unlink(missing_ok=True)


def _export(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    """Copy every table, index and row of `src` into a new private file `dst`
    (sqlcipher_export). On any failure (a full disk) no part of `dst` is left behind
    and the error is a one-line DatabaseError."""
    _remove_copy(dst)
    try:
        create_private(dst)  # SQLite keeps the 0600 it finds, for the journal too
        _export_into(src, src_key, dst, dst_key)
    except BaseException as exc:
        _remove_copy(dst)
        if isinstance(exc, OSError | driver().Error):
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise DatabaseError(f"cannot write the converted copy of {src.name} ({reason}); "
                                "nothing was changed") from None
        raise


def _export_into(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    conn = _raw_connect(src, src_key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        literal = key_literal(dst_key).decode("ascii") if dst_key is not None else ""
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(dst), literal))
        conn.execute("SELECT sqlcipher_export('target')")
        conn.commit()
        conn.execute("DETACH DATABASE target")
        expected = _counts(conn)
    finally:
        conn.close()
    check = _raw_connect(dst, dst_key)
    try:
        result = [r[0] for r in check.execute("PRAGMA integrity_check").fetchall()]
        got = _counts(check)
    finally:
        check.close()
    if result != ["ok"] or got != expected:
        raise DatabaseError(msg("the converted copy of {path} did not verify; nothing was changed", path=src))


def export_copy(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    """Copy the database `src` into a new file `dst` under another key (None: plain),
    verified (integrity, same rows); raises DatabaseError and leaves no `dst` if not."""
    _export(src, src_key, dst, dst_key)


def shred(path: Path) -> None:
    """Overwrite a file with random bytes, flush it to disk, then delete it.

    This defeats undelete tools on ordinary disks; on SSDs and copy-on-write or
    journalling file systems old blocks may survive (docs/security.md says so).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as fh:
        left = size
        while left > 0:
            chunk = min(left, 1 << 20)
            fh.write(os.urandom(chunk))
            left -= chunk
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def _swap_in(path: Path, converted: Path) -> Path:
    """Put `converted` at `path` with no moment without a database there; returns the
    name the old file's data is still reachable under (a hard link) for shredding."""
    aside = path.with_name(path.name + ".old")
    aside.unlink(missing_ok=True)
    try:
        os.link(path, aside)  # same inode: shredding `aside` overwrites the old data
    except OSError:  # file systems without hard links
        os.replace(path, aside)
    os.replace(converted, path)
    fsync_dir(path.parent)
    return aside


def _require_closed(path: Path, what: str) -> None:
    # Asked of the kernel's locks, not guessed from the WAL's size: a window that has
    # the file open but has written nothing yet still has it open.
    from casemanager.store.locks import require_sole_use

    require_sole_use(path, what)


def encrypt_database(path: str | os.PathLike, passphrase: str,
                     progress: Progress = no_progress) -> NewKeys:
    """Encrypt a plain database in place; returns the keys (show the recovery key once).

    The plain file is kept only until the encrypted copy is verified and in place, then
    overwritten and deleted, with its WAL and shared-memory files.
    """
    path = Path(path)
    if is_encrypted_file(path):
        raise DatabaseError(msg("{path} is already encrypted", path=path))
    if not path.exists():
        raise DatabaseError(msg("no database at {path}", path=path))
    _require_closed(path, "encrypt")
    keys = new_keys(passphrase)
    progress(0, 3, msg("Encrypting a copy…"))
    tmp = path.with_name(path.name + ".encrypting")
    _export(path, None, tmp, keys.db_key)
    progress(1, 3, msg("Saving the key file…"))
    try:
        write_keyfile(path, keys.keyfile)  # before the swap: never an encrypted file without keys
        aside = _swap_in(path, tmp)
    except BaseException as exc:
        _remove_copy(tmp)
        if not is_encrypted_file(path):  # the key file of a plain database would mislead
            keyfile_path(path).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DatabaseError(f"cannot encrypt {path}: {exc.strerror}; nothing was changed"
                                ) from None
        raise
    progress(2, 3, msg("Erasing the unencrypted file…"))
    shred(aside)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        shred(extra)  # the old WAL held clear text too
    progress(3, 3, msg("Done"))
    return keys


def encrypt_copy_in_place(path: Path, keys: NewKeys) -> None:
    """Encrypt the plain copy `path` (a backup, the file kept before an upgrade) under the
    database's key `keys`, with the same key file beside it (as a backup of an encrypted
    database carries); the plain file and its WAL are overwritten and deleted. Raises
    DatabaseError (nothing changed) when the copy cannot be read or written."""
    tmp = path.with_name(path.name + ".encrypting")
    _export(path, None, tmp, keys.db_key)
    try:
        write_keyfile(path, keys.keyfile)
        aside = _swap_in(path, tmp)
    except BaseException as exc:
        _remove_copy(tmp)
        if not is_encrypted_file(path):
            keyfile_path(path).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DatabaseError(f"cannot encrypt {path}: {exc.strerror}") from None
        raise
    shred(aside)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        shred(extra)


def decrypt_database(path: str | os.PathLike, key: bytes,
                     progress: Progress = no_progress) -> None:
    """Turn an encrypted database back into a plain SQLite file and drop its key file."""
    path = Path(path)
    if not is_encrypted_file(path):
        raise DatabaseError(msg("{path} is not encrypted", path=path))
    _require_closed(path, "decrypt")
    progress(0, 2, msg("Writing an unencrypted copy…"))
    tmp = path.with_name(path.name + ".decrypting")
    _export(path, key, tmp, None)
    try:
        aside = _swap_in(path, tmp)
    except OSError as exc:
        _remove_copy(tmp)
        raise DatabaseError(f"cannot decrypt {path}: {exc.strerror}; nothing was changed"
                            ) from None
    aside.unlink()
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    keyfile_path(path).unlink(missing_ok=True)
    progress(2, 2, msg("Done"))


def create_encrypted(path: str | os.PathLike, passphrase: str) -> NewKeys:
    """Keys and key file for a new encrypted database at `path` (open it with the key)."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise DatabaseError(msg("{path} already exists; use `casemanager encrypt` to encrypt it", path=path))
    if keyfile_path(path).exists():
        # Never overwrite a key file: without it its database (or a copy) is lost for good.
        if path.exists():
            from casemanager.store.failure import damaged_text

            raise DatabaseError(damaged_text(
                str(path), path, f"it is empty, but the key file {keyfile_path(path).name} "
                "beside it says it was an encrypted database"))
        raise DatabaseError(f"{keyfile_path(path)} already exists (the key file of an "
                            "encrypted database); move it away first")
    keys = new_keys(passphrase)
    write_keyfile(path, keys.keyfile)
    return keys


def cipher_integrity_check(path: str | os.PathLike, key: bytes) -> list[str]:
    """Pages whose authentication code fails (tampering or damage); empty when intact."""
    conn = _raw_connect(path, key)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    finally:
        conn.close()
