"""Whether a SQLite database was left open by a process that did not close it cleanly.

`PRAGMA quick_check` reads every page: 0.4 s at 100,000 cases, seconds at a million. It
earns that cost after an unclean end (a killed process, a crash, a power cut), so opening
runs it only then (and `check`, backups and the window's background check run it
always). Two signals, either of which means "check":

1. **Our own markers.** Each process holds `DATABASE.open-PID-TOKEN` beside the file, with
   an exclusive `flock`, from open to a clean dispose, which removes it. flock locks
   belong to their open file description, so only the end of the process (or our own
   `close`) lets go of one; a marker whose lock anyone can take was left by a process
   that ended without closing. This works with several processes at once (the window
   and a few commands): the survivor is not mistaken for the one that died. The marker
   is made under a temporary name and renamed once locked, so nobody can see it
   unlocked while its owner lives.
2. **SQLite's own state**, for databases last used by something without markers (an
   older version, the `sqlite3` shell) and for platforms without `flock`: a `-wal` or a
   hot `-journal` beside the file while no process has it open. The last connection to
   close checkpoints and deletes the WAL, so one left behind means nobody closed last.

Both err towards checking: a program that exits without disposing its database counts
as unclean (a check too many, never one too few).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

try:  # POSIX; on Windows only SQLite's own state is used.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_TAG = ".open-"


def _markers(path: Path) -> list[Path]:
    prefix = path.name + _TAG
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in names if n.startswith(prefix) and not n.endswith(".new")]


def _abandoned(marker: Path) -> bool:
    """Whether nobody holds `marker`'s lock (its process ended without closing)."""
    try:
        fd = os.open(marker, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return False  # removed by its owner or by another checker meanwhile
    except OSError:
        return True  # cannot even read it: assume the worst
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return False  # its owner is alive and holds it
    else:
        return True
    finally:
        os.close(fd)  # closing our descriptor drops our test lock


def left_open(path: Path, *, in_use: bool) -> list[Path]:
    """The signs that `path` was not closed cleanly last time (empty list: none).

    `in_use`: whether another process has the database open right now (then a WAL beside
    it is that process's, not a leftover). Returns the abandoned markers, plus the WAL or
    journal when SQLite's state is the sign; call before this process opens the file.
    """
    signs: list[Path] = []
    if fcntl is not None:
        signs += [m for m in _markers(path) if _abandoned(m)]
    if not in_use:
        for suffix in ("-wal", "-journal"):
            side = Path(f"{path}{suffix}")
            try:
                if side.stat().st_size > 0:
                    signs.append(side)
            except OSError:
                pass
    return signs


def forget(signs: list[Path]) -> None:
    """Remove the abandoned markers among `signs` once the database has passed its check
    (SQLite's own files are SQLite's to tidy)."""
    for sign in signs:
        if _TAG in sign.name:
            try:
                sign.unlink()
            except OSError:
                pass


class OpenMarker:
    """This process's marker for one open database (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path: Path | None = None
        self._fd: int | None = None
        if fcntl is None:  # pragma: no cover - Windows
            return
        final = path.with_name(f"{path.name}{_TAG}{os.getpid()}-{secrets.token_hex(4)}")
        temp = final.with_name(final.name + ".new")
        try:
            fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                         0o600)
        except OSError:
            return  # a read-only folder: SQLite's own state is the only sign there
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(temp, final)
        except OSError:
            os.close(fd)
            temp.unlink(missing_ok=True)
            return
        self._fd, self.path = fd, final

    def close(self) -> None:
        """A clean close: remove the marker, then let go of its lock (idempotent)."""
        if self._fd is None:
            return
        if self.path is not None:
            try:
                self.path.unlink()
            except OSError:
                pass
        os.close(self._fd)
        self._fd, self.path = None, None
