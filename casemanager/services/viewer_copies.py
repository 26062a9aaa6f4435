"""Decrypted copies of attachments opened in another program (the system's viewer).

The viewer needs a file, so an attachment opened from an encrypted database exists in
clear on disk while it is open. These copies live in one private folder (mode 0700,
checked to be the user's own): `$XDG_RUNTIME_DIR/CaseManager-open` where there is one
(a memory file system, emptied at logout), else `open-copies` in the user's data folder.
Never in the shared temporary folder, where names can be guessed and pre-created.

Each editor (or other opener) holds a `CopySession`: its own subfolder with an
`.owner` file locked for as long as the session lives. The session removes its folder
when it is closed; if the program crashed, `sweep()` at the next start removes every
folder whose lock nobody holds any more, and leaves alone those of a program still
running. The program cannot tell when an outside viewer is done with a file: copies go
when their session closes (the editor closes), at exit, or at the next start.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from casemanager.domain.errors import CaseManagerError
from casemanager.system.paths import data_dir

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_NAME = ".owner"


class UnsafeFolder(CaseManagerError):
    """The folder for decrypted copies is not private to this user."""


def copies_root() -> Path:
    """The private folder that holds every session's copies (made 0700 when missing).

    Raises UnsafeFolder when it exists but belongs to someone else or is open to others.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private(Path(runtime)):
        root = Path(runtime) / "CaseManager-open"
    else:
        root = data_dir() / "open-copies"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _private(root):
        try:
            os.chmod(root, 0o700)
        except OSError:
            pass
        if not _private(root):
            raise UnsafeFolder(f"{root} is not private to this user; attachments are not "
                               "opened through it")
    return root


def _private(folder: Path) -> bool:
    try:
        st = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if os.name != "posix":  # pragma: no cover - ACLs, not mode bits, decide on Windows
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


def _lock(fd: int) -> bool:
    """Take the lock on `fd` without waiting; False when someone holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


class CopySession:
    """One opener's private subfolder of decrypted copies, removed by `close()`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="s-", dir=copies_root()))  # mode 0700
        self._fd: int | None = os.open(self.folder / LOCK_NAME,
                                       os.O_RDWR | os.O_CREAT, 0o600)
        _lock(self._fd)

    def write(self, filename: str, data: bytes) -> Path:
        """A new owner-only (0600) file named `filename` (its last part only) holding
        `data`; each in a subfolder of its own, since names may repeat."""
        if self._fd is None:
            raise CaseManagerError("this set of opened copies is closed")
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        path = folder / (Path(filename).name or "attachment")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path

    @property
    def open(self) -> bool:
        return self._fd is not None

    def close(self) -> None:
        """Remove every copy of this session (idempotent)."""
        if self._fd is None:
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        os.close(self._fd)
        self._fd = None


def sweep() -> list[Path]:
    """Remove the folders of sessions no running program holds (left by a crash);
    returns what was removed. Sessions of programs still running are left alone."""
    try:
        root = copies_root()
    except (UnsafeFolder, OSError):
        return []
    removed = []
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:  # no lock file yet: a session being made this instant (copies come later)
            fd = os.open(folder / LOCK_NAME, os.O_RDWR)
        except OSError:
            continue
        try:
            free = _lock(fd)
        finally:
            os.close(fd)  # closing also drops the lock just taken
        if free:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
