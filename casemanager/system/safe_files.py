"""Writing files that hold case data: private to their owner, and never half-written.

Every writer of case data (PDFs, lists, backups, audit exports, converted databases,
crash reports) goes through here:
- `check_output(path)` refuses, in one line, a name that cannot be a file we write:
  empty, a folder, a missing folder, a device or pipe (replacing /dev/null as root
  would remove the device node).
- `atomic_writer(path)` / `write_atomically(path, data)` write a temporary file in the
  same folder (created 0600 by `mkstemp`), fsync it, rename it over `path` and fsync the
  folder; on any failure (full disk, EFBIG, Ctrl-C) the temporary file is removed and
  `path` is left as it was. `stage` + `publish` split the same steps for a caller that
  commits a database transaction between them (dossiers and their ledger entries).
- `guard_database(owner, path)` names an open database's file; from then on (while
  `owner`, the open Database, lives) `check_output` refuses that file and its companions
  (-wal, -shm, -journal, its key file, its lock and open markers, the backups already
  made of it), however the name is given (relative, through a symlink, a hard link):
  no export, dossier, bundle or backup may be written over the database it came from.
- `private_dir(path)` makes a folder 0700; `make_private(path)` sets an existing file
  to 0600 (SQLite gives a database's -wal and -shm the database file's own mode).

OSError becomes `CaseManagerError("cannot write PATH: reason")`, a line a caseworker
can act on ("No space left on device", "Permission denied").
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg

FILE_MODE = 0o600
DIR_MODE = 0o700


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private(path: str | os.PathLike) -> None:
    """Set an existing file (or folder) we own to owner-only access: 0600 (0700).

    Quietly leaves alone what is missing or belongs to someone else (a shared folder
    the user was given): tightening is a precaution, not a condition of working.
    """
    p = Path(path)
    try:
        st = p.lstat()
        if st.st_uid != os.geteuid() or stat.S_ISLNK(st.st_mode):
            return
        wanted = DIR_MODE if stat.S_ISDIR(st.st_mode) else FILE_MODE
        if stat.S_IMODE(st.st_mode) & ~wanted:
            os.chmod(p, wanted)
    except OSError:
        pass


def private_dir(path: str | os.PathLike) -> Path:
    """Create `path` (and missing parents) if needed and make it 0700; returns it.

    Raises CaseManagerError when it cannot be created (a file in the way, no permission).
    """
    p = Path(path)
    try:
        p.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise CaseManagerError(msg("cannot create the folder {path}: {reason}", path=p, reason=_reason(exc))) from None
    make_private(p)
    return p


def expand_home(path: str | os.PathLike) -> Path:
    """`path` with a leading `~` or `~user` expanded; CaseManagerError when that user or
    home folder does not exist (pathlib raises RuntimeError there)."""
    p = Path(path)
    try:
        return p.expanduser()
    except RuntimeError:
        head = str(path).split(os.sep, 1)[0]
        raise CaseManagerError(msg("{head}: no such user or home folder", head=head)) from None


# The open databases' files (weakly: a database forgotten by everyone is no longer
# guarded), each owner (the open Database) with its file's path as it was given.
_GUARDED: weakref.WeakKeyDictionary[object, Path] = weakref.WeakKeyDictionary()
# What follows a database's name in its companions' names (SQLite's, the key file, the
# window's claim, the open markers of store/open_marker.py).
_COMPANIONS = ("-wal", "-shm", "-journal", ".keys", ".lock")
_MARKER = ".open-"


def guard_database(owner: object, path: str | os.PathLike) -> None:
    """Refuse, in `check_output`, to write over the database file `path` or one of its
    companions while `owner` (the open Database) lives; `unguard_database` ends it."""
    _GUARDED[owner] = Path(os.path.abspath(Path(path).expanduser()))


def unguard_database(owner: object) -> None:
    _GUARDED.pop(owner, None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _companion(name: str, db_name: str) -> bool:
    if not name.startswith(db_name):
        return False
    rest = name[len(db_name):]
    return rest == "" or rest in _COMPANIONS or rest.startswith(_MARKER)


def database_file_of(path: str | os.PathLike) -> Path | None:
    """The open (guarded) database that `path` is, or is a companion of (its -wal,
    -shm, -journal, key file, lock, open markers, or an existing backup in its backups
    folder), resolving relative names and symlinks; None when it is none of them."""
    p = Path(path).expanduser()
    real = Path(os.path.realpath(p))
    for db in list(_GUARDED.values()):
        db_real = Path(os.path.realpath(db))
        names = {db.name, db_real.name}
        folders = {Path(os.path.realpath(db.parent)), db_real.parent}
        if real.parent in folders and any(_companion(real.name, n) for n in names):
            return db
        if p.exists() and (_same_file(p, db_real) or any(
                _same_file(p, Path(f"{db_real}{c}")) for c in _COMPANIONS)):
            return db  # a hard link, or a name a case-insensitive file system folds
        if p.exists() and _in_backups(real, db):
            return db
    return None


def _in_backups(real: Path, db: Path) -> bool:
    from casemanager.system.paths import backup_folder_of  # paths imports this module

    folder = Path(os.path.realpath(backup_folder_of(db)))
    return real.parent == folder or folder in real.parents


def refuse_database_files(path: str | os.PathLike) -> None:
    """CaseManagerError (one line) when `path` is an open database or one of its
    companions (`database_file_of`): writing there would destroy the database."""
    db = database_file_of(path)
    if db is None:
        return
    if _same_file(Path(path).expanduser(), db) or Path(
            os.path.realpath(Path(path).expanduser())) == Path(os.path.realpath(db)):
        raise CaseManagerError(msg("{path} is the open database; choose another file name",
                                   path=os.fspath(path)))
    raise CaseManagerError(msg(
        "{path} is one of the open database {database}'s own files (its journal, key "
        "file, lock or backups); choose another file name", path=os.fspath(path),
        database=db.name))


def check_output(path: str | os.PathLike, *, what: str = "output file",
                 database_file: bool = False) -> Path:
    """`path` as a file we may create or replace, or CaseManagerError saying why not.

    Refuses an empty name, a folder, a missing folder and anything existing that is not
    a regular file (device, pipe, socket), and the open database or one of its
    companions (`refuse_database_files`). Whether the folder is writable is learnt by
    writing (root passes every `access` test, /proc refuses anyway). `database_file`:
    the database's own writer (its key file, store/key_file.py) may write there.
    """
    text = os.fspath(path)
    if not str(text).strip():
        raise CaseManagerError(msg("the {what} needs a file name", what=what))
    if str(text).strip() == "-":  # a file named "-" is never what a script means by it
        raise CaseManagerError(msg("the {what} cannot go to standard output ('-'); give a "
                                   "file name", what=what))
    p = expand_home(text)
    try:
        st = p.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise CaseManagerError(msg("cannot write {path}: {reason}", path=p, reason=_reason(exc))) from None
    if not database_file:
        refuse_database_files(p)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CaseManagerError(msg("{path} is a folder; give a file name", path=p))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise CaseManagerError(msg("{path} is not a regular file; give another file name", path=p))
    parent = p.parent
    if not parent.is_dir():
        raise CaseManagerError(msg("folder {folder} does not exist", folder=parent))
    return p


def temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A new empty private (0600) file in `path`'s folder, for a writer that needs a
    file name (SQLite, openpyxl); hand it to `publish` when complete, or unlink it.

    SQLite keeps the mode of a file it finds, and gives its -journal/-wal the same.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise CaseManagerError(msg("cannot create a file in {folder}: {reason}", folder=path.parent, reason=_reason(exc))) from None
    os.close(fd)
    return Path(tmp)


def create_private(path: Path) -> None:
    """Create `path` as a new empty 0600 file (it must not exist), so that a program
    that then opens it by name (SQLite) keeps that mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except OSError as exc:
        raise CaseManagerError(msg("cannot create a file in {folder}: {reason}", folder=path.parent, reason=_reason(exc))) from None


def fsync_file(path: Path) -> None:
    """Flush a complete file's data to disk before it is renamed into place."""
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def stage(path: Path, data: bytes) -> Path:
    """Write `data` to a new private temporary file beside `path`, flushed to disk;
    returns its name. `publish` puts it in place; on failure nothing is left behind."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CaseManagerError(msg("cannot create a file in {folder}: {reason}", folder=path.parent, reason=_reason(exc))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CaseManagerError(msg("cannot write {path}: {reason}", path=path, reason=_reason(exc))) from None
        raise
    return Path(tmp)


def publish(tmp: Path, path: Path, *, sync: bool = False) -> None:
    """Rename a staged file over `path` and make the rename durable; with `sync`,
    first flush the file itself (`stage` already did). On failure `tmp` is removed."""
    try:
        if sync:
            fsync_file(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CaseManagerError(msg("cannot write {path}: {reason}", path=path, reason=_reason(exc))) from None
    fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike, mode: str = "wb", *, encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """A file object to write `path` through: a private temporary file beside it that
    replaces `path` only when the block ends without an exception.

    `mode` is "wb" or "w" (text, with `encoding` and `newline`). The file is checked
    with `check_output` first. OSError (full disk, file too large, no permission)
    becomes CaseManagerError; any exception removes the temporary file.
    """
    target = check_output(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise CaseManagerError(msg("cannot create a file in {folder}: {reason}", folder=target.parent, reason=_reason(exc))) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None  # type: ignore[assignment]
        fsync_dir(target.parent)
    except OSError as exc:
        raise CaseManagerError(msg("cannot write {path}: {reason}", path=target, reason=_reason(exc))) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike, data: bytes, *,
                     database_file: bool = False) -> Path:
    """Write `data` to `path` all at once or not at all, owner-only; returns the path.
    `database_file`: as for `check_output` (the database's key file is written here)."""
    target = check_output(path, database_file=database_file)
    publish(stage(target, data), target)
    return target


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Refuses, in one line (CaseManagerError), anything else: a device (/dev/zero would
    fill the memory), a named pipe (reading would wait forever: it is opened without
    blocking and refused before any read), a folder, a file over `limit`. The size is
    also enforced while reading, for a file that grows meanwhile.
    """
    p = expand_home(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise CaseManagerError(msg("cannot read {path}: {reason}", path=p, reason=_reason(exc))) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise CaseManagerError(msg("{path} is {kind}; only ordinary files can be read", path=p, kind=kind))
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > limit:
            raise CaseManagerError(msg("{path} is larger than {limit} MB", path=p, limit=limit // 1048576))
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise CaseManagerError(msg("cannot read {path}: {reason}", path=p, reason=_reason(exc))) from None
    if len(data) > limit:
        raise CaseManagerError(msg("{path} is larger than {limit} MB", path=p, limit=limit // 1048576))
    return data
