"""One read snapshot for several statements: what a list or a backup reads in parts is
the database at one moment, never half of another process's save."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from casemanager.store import sqlcipher as encryption


@contextmanager
def raw_read_snapshot(raw: Any) -> Iterator[None]:
    """Hold one read transaction on the SQLite (or SQLCipher) driver connection `raw`
    while the block runs; every read on `raw` inside it sees the same snapshot.

    The statements go through the driver's own cursor, not the write guard's
    (store/locks.py): "BEGIN" would count as a write there and hold the file's write
    lock, shutting other processes' saves out. In WAL mode a reader blocks no writer;
    only the checkpoint cannot move past the snapshot until the block ends. When `raw`
    is already inside a transaction, that one is the snapshot and is left alone."""
    if raw.in_transaction:
        yield
        return
    module = sqlite3 if isinstance(raw, sqlite3.Connection) else encryption.driver()
    cursor = raw.cursor(module.Cursor)
    cursor.execute("BEGIN")
    try:
        # A deferred BEGIN reads nothing yet: this read takes the snapshot.
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
        yield
    finally:
        if raw.in_transaction:
            cursor.execute("ROLLBACK")  # it read only: nothing to keep
        cursor.close()


@contextmanager
def read_snapshot(session: Session) -> Iterator[None]:
    """Run the block's reads on `session` in one snapshot of the database.

    SQLite: `raw_read_snapshot` on the session's connection. PostgreSQL: the session's
    transaction is REPEATABLE READ (under the default READ COMMITTED each statement sees
    the commits made before it began: PostgreSQL manual, "Transaction Isolation"); this
    holds only when the session has not run a statement yet, which is how callers use
    it (a fresh session per read). Writes inside the block are not intended."""
    if session.get_bind().dialect.name == "postgresql":
        if not session.in_transaction():
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield
        return
    raw = session.connection().connection.driver_connection
    with raw_read_snapshot(raw):
        yield
