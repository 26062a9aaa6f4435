"""Every database's identity: a random id kept in the `settings` table.

It is made the first time a database opens with this version and never changes, so a
backup (a copy of the whole file, settings included) carries the identity of the
database it was made from. `restore` compares the two and asks before a backup of
*another* database replaces this one; automatic backups are kept apart per database.

A plain file copy (`cp cases.db other.db`) has the same identity as its original: the
identity says "made from the same database", not "the same file".
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from casemanager.store.models import Setting

if TYPE_CHECKING:  # the database opens through ensure_identity: a type-only import
    from casemanager.store.database import Database

IDENTITY_KEY = "database_id"


def database_identity(db: Database) -> str | None:
    """The identity of an open database (32 hex digits), or None if it has none yet."""
    with db.session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == IDENTITY_KEY))
    return value or None


def ensure_identity(db: Database) -> str:
    """The identity of `db`, made (a random UUID, as 32 hex digits) when it has none;
    "" when it has none and cannot be written (a read-only file).

    Not an audited user action: it is bookkeeping written once, like the schema version.
    Two processes opening a new shared database at once may race; the loser reads the
    winner's identity.
    """
    found = database_identity(db)
    if found:
        return found
    new = uuid.uuid4().hex
    try:
        with db.session() as session:
            session.merge(Setting(key=IDENTITY_KEY, value=new))
            session.commit()
    except sa_exc.IntegrityError:
        pass
    except sa_exc.OperationalError:
        return ""  # a read-only file (a CD, a locked share): it still opens, unidentified
    return database_identity(db) or new


def read_identity(conn: sqlite3.Connection) -> str | None:
    """The identity stored in a raw DB-API connection (a backup being checked), or None
    for a database made before identities existed."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (IDENTITY_KEY,)).fetchone()
    except Exception:  # noqa: BLE001 - no settings table: not identifiable, not an error
        return None
    return row[0] if row and row[0] else None


def count_cases(conn: sqlite3.Connection) -> int | None:
    """How many cases a raw DB-API connection holds (None if it cannot tell), for the
    question "replace 200 cases with 3?"."""
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except Exception:  # noqa: BLE001 - a damaged database: the count is only informative
        return None
