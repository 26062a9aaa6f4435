"""Reports of unexpected failures, written where a developer can ask for them.

The command line's last net (cli/__init__.py) calls `write_report` for an exception
nobody handled and prints one line naming the file. A report lives in the user's log
folder (platformdirs: `~/.local/state/CaseManager/log` on Linux), 0600 in a 0700 folder.

It must not carry case data it does not need: the log folder is plain text even when
the database is encrypted. So a report holds the program's version, the command's
name (not its arguments), the stack (file, line, function, source line: our code, not
data) and, for each exception in the chain, its type, plus a message only where the
message is known to hold no values: an OSError's reason, a database driver's first
line (its DETAIL lines quote row values), and the SQL text of a failed statement
without its parameters. Any other message is withheld, with its length.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import platform
import traceback
from pathlib import Path
from types import ModuleType

import platformdirs

from casemanager.system.paths import APP_NAME
from casemanager.system.safe_files import private_dir, write_atomically

MAX_STATEMENT = 2000  # characters of SQL kept; our statements are shorter


def log_dir() -> Path:
    """The user's log folder for Case Manager, created private (0700)."""
    return private_dir(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _driver_error(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.split(".")[0] in ("sqlite3", "psycopg", "sqlcipher3", "_sqlite3")


def safe_message(exc: BaseException) -> str:
    """What of `exc`'s message may be written down: see the module's docstring."""
    sa_exc: ModuleType | None
    try:
        from sqlalchemy import exc as sa_exc
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        sa_exc = None
    if sa_exc is not None and isinstance(exc, sa_exc.StatementError):
        statement = " ".join(str(exc.statement or "").split())[:MAX_STATEMENT]
        orig = exc.orig
        inner = f"{type(orig).__name__}: {safe_message(orig)}" if orig is not None else ""
        return f"{inner} [SQL: {statement}] (parameters withheld)"
    if isinstance(exc, OSError):
        code = errno.errorcode.get(exc.errno or 0, "")
        return " ".join(part for part in (code, exc.strerror or "") if part)
    if _driver_error(exc):
        first = (str(exc).strip().splitlines() or [""])[0]
        return first[:300]
    text = str(exc)
    return f"(message withheld: {len(text)} characters)" if text else ""


def format_report(exc: BaseException, *, command: str) -> str:
    """The report's text: versions, command, and each exception of the chain with its
    stack, oldest cause first, with messages filtered by `safe_message`."""
    from casemanager import __version__

    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    lines = [
        f"Case Manager {__version__} failure report",
        f"time (UTC): {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}",
        f"python: {platform.python_version()} on {platform.platform(terse=True)}",
        f"command: {command}",
        "",
    ]
    for n, item in enumerate(reversed(chain)):
        if n:
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(item.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        name = f"{type(item).__module__}.{type(item).__qualname__}"
        message = safe_message(item)
        lines.append(f"{name}: {message}" if message else name)
        lines.append("")
    return "\n".join(lines)


def write_report(exc: BaseException, *, command: str) -> Path:
    """Write the report of `exc` to a new file in `log_dir()` and return its path.

    Raises CaseManagerError if the log folder cannot be written (the caller then
    says so instead of naming a file).
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_dir() / f"failure-{stamp}-{os.getpid()}.txt"
    write_atomically(path, format_report(exc, command=command).encode("utf-8"))
    return path
