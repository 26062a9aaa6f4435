"""Which exceptions mean "the operation failed" rather than "the program is wrong", and
the database's own reason for one, without the SQL.

Front ends (the window, ui/operations/failures.py) catch `OPERATION_ERRORS` around each action and
show one line; they cannot name SQLAlchemy or the drivers themselves (the GUI talks to
the database only through the core), so the classification lives here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from casemanager.domain.errors import CaseManagerError

# Refusals of the services, and the world failing under an action: the database (through
# SQLAlchemy or the sqlite3 module directly, as backups use it) and the disk.
OPERATION_ERRORS: tuple[type[BaseException], ...] = (
    CaseManagerError,
    SQLAlchemyError,
    sqlite3.Error,
    OSError,
)


def database_detail(exc: BaseException) -> str | None:
    """The database's reason for `exc` as one line ("no such table: audit_entries",
    "disk I/O error"), or None when `exc` is not a database error.

    Never SQLAlchemy's `str(exc)`: that carries the statement and its parameters, which
    hold case data (names, search keys). A server's message keeps only its first line
    (PostgreSQL's DETAIL lines quote the values)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        lines = str(exc.orig).strip().splitlines()
        return lines[0] if lines else type(exc.orig).__name__
    if isinstance(exc, SQLAlchemyError):
        return type(exc).__name__
    if isinstance(exc, sqlite3.Error):
        lines = str(exc).strip().splitlines()
        return lines[0] if lines else type(exc).__name__
    return None


def damaged_text(what: str, path: Path | None, detail: str) -> str:
    """The one line for a damaged database `what` (its description) at `path`: what is
    wrong and where its automatic backups are."""
    from casemanager.system.paths import backups_dir

    return (
        f"{what} is damaged ({detail}); do not write to it: restore the newest "
        f"backup from {backups_dir(path)} with `casemanager restore FILE`"
    )
