"""Locks that keep an open SQLite database safe from everything else in our own process.

Why this exists: SQLite coordinates processes with POSIX record locks (`fcntl`), and on
Linux and macOS closing *any* descriptor of a file drops *all* of the process's POSIX
locks on it (SQLite, "How To Corrupt An SQLite Database File", §2.2). A Qt file dialog
sniffing the database's type, a hash, a copy, a plug-in: each opens and closes the file,
and SQLite's SHARED lock is gone without SQLite knowing. The next `casemanager` command
then believes it is the last connection, checkpoints and deletes the `-wal` the window
still writes to, and the window's later writes are lost.

`OpenFileGuard` holds, beside SQLite's own locks, Linux *open file description* (OFD)
locks, which belong to one open file description and are released only by closing that
one (fcntl(2), "Open file description locks"): a read lock on SQLite's SHARED range of
the database file (so no other process can take the EXCLUSIVE lock it needs to delete
the WAL on close) and on the dead-man-switch byte of the `-shm` file (so no other
process believes it is the first and resets the WAL index). OFD locks conflict with
classic POSIX locks, so SQLite in any other process sees them as a reader that is there.

Those locks keep the WAL in place, but SQLite's *writer* lock lives in the `-shm` file
too (byte 120), and it goes the same way if something in the process closes a
descriptor of the `-shm` mid-transaction: two processes could then write at once and
one's acknowledged commit would be lost. So every write transaction of a Case Manager
process also holds `WriteLock`, an exclusive OFD lock on a byte of the database file that
SQLite never uses, from its first writing statement to its commit or rollback
(`guarded_connection_class` wraps the driver's connection to do that). Case Manager
writers therefore never overlap, whatever is dropped; readers are not held up.

`SessionClaim` is a separate, advisory claim (an `flock` on `DATABASE.lock`, holding the
process id) that the window takes: a second window, and a command that finds the
database busy, can then say which process has it open.

Byte offsets are SQLite's (`os_unix.c`, `wal.c`): PENDING_BYTE 0x40000000, the SHARED
range 510 bytes from PENDING_BYTE + 2; the `-shm` lock slots start at byte 120, the
dead-man switch is byte 128.
"""

from __future__ import annotations

import errno
import os
import struct
import threading
import time
from pathlib import Path
from typing import Any

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import msg
from casemanager.system import gil_turns

try:  # POSIX only; on Windows SQLite's LockFileEx locks belong to their handle anyway.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS_BYTE = 120 + 8
#: Our writers' lock: past SQLite's lock bytes (PENDING_BYTE .. PENDING_BYTE + 511).
WRITE_LOCK_BYTE = PENDING_BYTE + 4096
#: How long a write waits for another Case Manager process's write to finish (seconds);
#: the same as SQLite's busy timeout in store/database.py.
WRITE_WAIT = 15.0

#: Whether this platform has OFD locks (Linux 3.15+). Elsewhere (macOS) the window's
#: claim keeps other Case Manager processes away instead (see `open_database`).
OFD_LOCKS = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")

# struct flock: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid
# (l_pid must be 0 for OFD locks), padded to the kernel's 32 bytes on 64-bit Linux.
_FLOCK = "@hhqqi4x"


def _ofd(fd: int, cmd: int, kind: int, start: int, length: int) -> tuple[int, int]:
    """One fcntl OFD call; returns (l_type, l_pid) as the kernel filled them in."""
    packed = struct.pack(_FLOCK, kind, os.SEEK_SET, start, length, 0)
    result = fcntl.fcntl(fd, cmd, packed)
    l_type, _whence, _start, _len, l_pid = struct.unpack(_FLOCK, result)
    return l_type, l_pid


class OpenFileGuard:
    """OFD read locks on a database file and its `-shm`, held while it is open here.

    Acquire after SQLite has opened the file (so the `-shm` exists); release *before*
    the engine's last connection closes, so that the last process out can still
    checkpoint and tidy up the WAL as usual. Does nothing where OFD locks do not exist.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fds: list[int] = []

    @property
    def held(self) -> bool:
        return bool(self._fds)

    def acquire(self) -> None:
        """Take the locks (idempotent). Raises DatabaseError if the file cannot be read."""
        if not OFD_LOCKS or self._fds:
            return
        try:
            self._lock(self.path, SHARED_FIRST, SHARED_SIZE, required=True)
            self._lock(Path(f"{self.path}-shm"), SHM_DMS_BYTE, 1, required=False)
        except OSError as exc:
            self.release()
            self.close()
            raise DatabaseError(msg("cannot lock {path}: {reason}", path=self.path, reason=exc.strerror)) from None

    def _lock(self, path: Path, start: int, length: int, *, required: bool) -> None:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            if required:
                raise
            return  # no -shm: the file is not in WAL mode here
        try:
            # F_OFD_SETLKW: a reader cannot conflict for long (only a process closing
            # or checkpointing holds a write lock there, for a moment).
            _ofd(fd, fcntl.F_OFD_SETLKW, fcntl.F_RDLCK, start, length)
        except OSError:
            os.close(fd)
            raise
        self._fds.append(fd)

    def release(self) -> None:
        """Drop the locks; then dispose the engine, then call `close`.

        Unlocking first lets this process, if it is the last one out, checkpoint and
        remove the WAL when its connections close. The descriptors stay open until
        `close`: closing one while SQLite still has the file open would drop SQLite's
        own locks, the very fault this module exists for.
        """
        for fd in self._fds:
            try:
                _ofd(fd, fcntl.F_OFD_SETLK, fcntl.F_UNLCK, 0, 0)
            except OSError:
                pass

    def close(self) -> None:
        """Close the descriptors, once the engine has closed its connections."""
        fds, self._fds = self._fds, []
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass


def in_use_elsewhere(path: str | os.PathLike) -> bool:
    """Whether another process (a Case Manager, or any SQLite program) has `path` open.

    Asks the kernel whether a write lock on SQLite's SHARED range would conflict with a
    lock held by anyone else. Only meaningful while *this* process has no connection to
    the file (dispose the engine first): our own OFD test conflicts with our own locks.
    Without OFD locks, falls back to the window's claim. False for a missing file.
    """
    path = Path(path)
    if not path.exists():
        return False
    if not OFD_LOCKS:
        return claimed_by(path) not in (None, os.getpid())
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        # F_OFD_GETLK with F_RDLCK reports writers only; F_WRLCK asks about readers too,
        # and a read-only descriptor may ask it.
        l_type, _pid = _ofd(fd, fcntl.F_OFD_GETLK, fcntl.F_WRLCK, SHARED_FIRST, SHARED_SIZE)
        return l_type != fcntl.F_UNLCK
    finally:
        os.close(fd)


def require_sole_use(path: str | os.PathLike, what: str) -> None:
    """Refuse `what` (e.g. "restore") while another process has the database open.

    Raises DatabaseError naming the window's process id when a window has it. Call with
    every connection of this process closed (see `in_use_elsewhere`).
    """
    if in_use_elsewhere(path):
        raise DatabaseError(f"cannot {what}: {open_elsewhere_message(path)}; close it there first")


def open_elsewhere_message(path: str | os.PathLike) -> str:
    """'the database is open in Case Manager (process 1234)' or a general wording (a
    Message: the window says it in its language)."""
    pid = claimed_by(path)
    if pid is not None and pid != os.getpid():
        return msg("{file} is open in Case Manager (process {pid})", file=Path(path).name,
                   pid=pid)
    return msg("{file} is open in another program", file=Path(path).name)


def busy_message(path: str | os.PathLike) -> str:
    """The one line for a write that waited its whole busy timeout and gave up."""
    return msg("the database is busy: {holder}, which is saving",
               holder=open_elsewhere_message(path))


# ---------------------------------------------------------------- writers, one at a time


class FileChangedError(Exception):
    """The database file at the path is no longer the one that was opened."""


class WriteLock:
    """An exclusive OFD lock on WRITE_LOCK_BYTE of one database file, shared by every
    connection of this process to that file (a count: threads of one process overlap as
    SQLite allows; other processes wait). Get it with `WriteLock.for_file(path)`.
    """

    _registry: dict[tuple[int, int], WriteLock] = {}
    _registry_mutex = threading.Lock()
    _key: tuple[int, int]  # the file's (device, inode), set by for_file

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd
        self._count = 0
        self._users = 0
        self._mutex = threading.Lock()

    @classmethod
    def for_file(cls, path: Path) -> WriteLock:
        """The process's lock for the file at `path` (one per file, however it is named:
        a symlink or a second path reach the same lock). Pair with `done`."""
        st = os.stat(path)
        key = (st.st_dev, st.st_ino)
        with cls._registry_mutex:
            lock = cls._registry.get(key)
            if lock is None:
                fd = None
                if OFD_LOCKS:
                    try:
                        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
                    except OSError:
                        fd = None  # a read-only file: nothing here can write to it anyway
                lock = cls._registry[key] = cls(path, fd)
                lock._key = key
            lock._users += 1
            return lock

    def done(self) -> None:
        """One user fewer; the last one closes the descriptor (engine disposed first)."""
        with self._registry_mutex:
            self._users -= 1
            if self._users > 0:
                return
            self._registry.pop(self._key, None)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def same_file(self) -> bool:
        """Whether `path` still names the file this process opened (a sync tool or a file
        manager may have replaced or removed it: writes would then go to a deleted file)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._key

    def acquire(self, timeout: float = WRITE_WAIT) -> None:
        """Wait up to `timeout` seconds for other processes' writes; raises TimeoutError,
        or FileChangedError when the file was replaced or removed since it was opened."""
        if not self.same_file():
            raise FileChangedError(
                f"{self.path.name} was replaced or removed since it was opened; nothing was "
                "saved: close this window and open the database again")
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            with self._mutex:
                if self._count or self._fd is None:
                    self._count += 1
                    return
                try:
                    _ofd(self._fd, fcntl.F_OFD_SETLK, fcntl.F_WRLCK, WRITE_LOCK_BYTE, 1)
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                else:
                    self._count = 1
                    return
            if time.monotonic() >= deadline:
                raise TimeoutError(busy_message(self.path))
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def release(self) -> None:
        with self._mutex:
            if self._count == 0:
                return
            self._count -= 1
            if self._count == 0 and self._fd is not None:
                _ofd(self._fd, fcntl.F_OFD_SETLK, fcntl.F_UNLCK, WRITE_LOCK_BYTE, 1)


_READ_ONLY = ("SELECT", "PRAGMA", "EXPLAIN", "VALUES")


# Statements that write the connection's own temporary schema only, never the file: the
# sort keys' temporary triggers each connection makes as it opens (store/sort_keys.py)
# must not wait for a window's save (a command then failed to open at all).
_TEMP_ONLY = ("CREATE TEMP ", "CREATE TEMPORARY ")


def _writes(sql: str) -> bool:
    """Whether a statement may write the file (anything but a plain read or a statement
    of the connection's temporary schema; a checkpoint writes)."""
    head = sql.lstrip()[:40].upper()
    if head.startswith(_TEMP_ONLY):
        return False
    return not head.startswith(_READ_ONLY) or head.startswith("PRAGMA WAL_CHECKPOINT")


class LazyWriteLock:
    """The WriteLock of a database file that may not exist yet (made at first write)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: WriteLock | None = None

    def get(self) -> WriteLock:
        if self._lock is None:
            self._lock = WriteLock.for_file(self.path)
        return self._lock

    def acquire(self) -> None:
        self.get().acquire()

    def release(self) -> None:
        self.get().release()

    def done(self) -> None:
        """Let go of the file, once no connection of this engine is open."""
        if self._lock is not None:
            self._lock.done()
            self._lock = None


# Rows fetched between two chances for the window to take the GIL (about 0.2 ms of work).
_FETCH_TURN_ROWS = 200


def guarded_connection_class(module: Any, lock: WriteLock | LazyWriteLock) -> type:
    """A subclass of `module.Connection` (sqlite3 or sqlcipher3) that holds `lock` from
    the first statement that may write until the transaction ends. Pass it as the
    driver's `factory=`. A write that waits out WRITE_WAIT raises the driver's
    OperationalError("database is locked …"), as SQLite's own busy timeout does.
    """

    class GuardedCursor(module.Cursor):
        def execute(self, sql: str, parameters: Any = (), /) -> Any:
            self.connection._before(sql)
            try:
                return super().execute(sql, parameters)
            finally:
                self.connection._after()

        def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
            self.connection._before(sql)
            try:
                return super().executemany(sql, seq_of_parameters)
            finally:
                self.connection._after()

        def executescript(self, script: str, /) -> Any:
            self.connection._before("script")
            try:
                return super().executescript(script)
            finally:
                self.connection._after()

        # Fetching steps SQLite once per row, letting the GIL go and taking it back each
        # time: a waiting window would not get it before the fetch ends (gil_turns).
        def fetchone(self) -> Any:
            gil_turns.take_turns()
            return super().fetchone()

        def fetchmany(self, size: int | None = None) -> list[Any]:
            size = self.arraysize if size is None else size
            rows: list[Any] = []
            while len(rows) < size:
                gil_turns.take_turns()
                chunk = super().fetchmany(min(size - len(rows), _FETCH_TURN_ROWS))
                if not chunk:
                    break
                rows += chunk
            return rows

        def fetchall(self) -> list[Any]:
            rows: list[Any] = []
            while True:
                gil_turns.take_turns()
                chunk = super().fetchmany(_FETCH_TURN_ROWS)
                if not chunk:
                    return rows
                rows += chunk

    class GuardedConnection(module.Connection):
        _holding = False

        def cursor(self, factory: Any = GuardedCursor) -> Any:
            return super().cursor(factory)

        def execute(self, sql: str, parameters: Any = (), /) -> Any:
            return self.cursor().execute(sql, parameters)

        def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
            return self.cursor().executemany(sql, seq_of_parameters)

        def _before(self, sql: str) -> None:
            if not self._holding and _writes(sql):
                try:
                    lock.acquire()
                except TimeoutError as exc:
                    raise module.OperationalError(f"database is locked: {exc}") from None
                except FileChangedError as exc:
                    raise module.OperationalError(str(exc)) from None
                self._holding = True

        def _after(self) -> None:
            if self._holding and not self.in_transaction:
                self._let_go()

        def _let_go(self) -> None:
            if self._holding:
                self._holding = False
                lock.release()

        def commit(self) -> None:
            try:
                return super().commit()  # the WAL's auto-checkpoint runs in here too
            finally:
                self._let_go()

        def rollback(self) -> None:
            try:
                return super().rollback()
            finally:
                self._let_go()

        def close(self) -> None:
            try:
                return super().close()
            finally:
                self._let_go()

    return GuardedConnection


# ---------------------------------------------------------------- the window's claim


def claim_path(path: str | os.PathLike) -> Path:
    """`DATABASE.lock` beside the real file: a symlink or a relative path to the same
    database reaches the same claim."""
    return Path(f"{Path(path).expanduser().resolve()}.lock")


class SessionClaim:
    """An exclusive `flock` on `DATABASE.lock` naming this process (the window's claim).

    flock locks belong to their open file description too, so nothing else in this
    process can drop it. The file stays behind when released (removing it would race a
    second claimant); it holds only a process id.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def take(cls, database: str | os.PathLike) -> SessionClaim | None:
        """Claim `database` for this process; None if another process holds the claim.

        Raises DatabaseError if the claim file cannot be written (a read-only folder).
        """
        if fcntl is None:  # pragma: no cover - Windows: no second-window detection
            return None
        path = claim_path(database)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:
            raise DatabaseError(msg("cannot write {path}: {reason}", path=path, reason=exc.strerror)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return None
            raise DatabaseError(msg("cannot lock {path}: {reason}", path=path, reason=exc.strerror)) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.fsync(fd)
        return cls(path, fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None


def claimed_by(database: str | os.PathLike) -> int | None:
    """The process id holding the window's claim on `database`, or None if nobody does."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    path = claim_path(database)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            pass  # held: read who holds it
        else:
            return None  # nobody holds it (the file is left over)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    finally:
        os.close(fd)


__all__ = [
    "OFD_LOCKS",
    "OpenFileGuard",
    "LazyWriteLock",
    "WriteLock",
    "guarded_connection_class",
    "SessionClaim",
    "busy_message",
    "claimed_by",
    "in_use_elsewhere",
    "open_elsewhere_message",
    "require_sole_use",
]

