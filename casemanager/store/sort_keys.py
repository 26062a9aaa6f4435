"""The stored sort keys of the case list's text columns (migration 0020).

Each sortable name column of `cases` has a `<column>_sort` beside it holding
`casemanager.domain.sort_order.sort_key(column)`, with an index on (key, id): the list
sorts in dictionary order (Cyrillic and Latin, case-insensitive, Ё as Е, Ukrainian
letters in their place) by reading that index, at a million cases as fast as the
`lower()` indexes it replaces, and in the same order on SQLite and PostgreSQL (both
compare the keys by code point: SQLite's BINARY, the columns' COLLATE "C" on the server).

Who keeps the keys: on PostgreSQL a trigger (`cases_sort_keys`, every writer, psql
included). On SQLite, temporary triggers that each connection of this application makes
as it opens (`install_sqlite`), with the function `cm_sort_key` they call: every write
the application makes (ORM, bulk INSERTs, merges, received bundles) goes through them.
Nothing is kept in the file that another program would need: the sqlite3 shell still
reads and writes the file, and a row it writes gets its keys the next time the
application saves that case (until then it sorts by the key it had, or first).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, func

from casemanager.domain.sort_order import sort_key

# {column of `cases`: its sort key column}.
SORT_KEY_COLUMNS = {
    "family_name": "family_name_sort",
    "given_name": "given_name_sort",
    "name_native": "name_native_sort",
    "assigned_to": "assigned_to_sort",
}

_KEYS_WRONG = " OR ".join(f"NEW.{key} IS NOT cm_sort_key(NEW.{col})"
                          for col, key in SORT_KEY_COLUMNS.items())
_SET_KEYS = ", ".join(f"{key} = cm_sort_key({col})" for col, key in SORT_KEY_COLUMNS.items())
# AFTER triggers (SQLite's BEFORE cannot change NEW): a row whose keys are already right
# (the bulk writers compute them: with_sort_keys) costs the WHEN alone. Any UPDATE, not
# only one of the names: a row another program wrote gets its keys at the next save.
#: The temporary trigger that keeps the keys of new rows (a bulk writer that computes them
#: may drop it for its transaction and `install_sqlite` again after).
INSERT_TRIGGER = "cm_cases_sort_keys_insert"
_TRIGGERS = (
    f"CREATE TEMP TRIGGER IF NOT EXISTS {INSERT_TRIGGER} AFTER INSERT ON main.cases "
    f"WHEN {_KEYS_WRONG} BEGIN UPDATE cases SET {_SET_KEYS} WHERE id = NEW.id; END",
    f"CREATE TEMP TRIGGER IF NOT EXISTS cm_cases_sort_keys_update AFTER UPDATE ON main.cases "
    f" WHEN {_KEYS_WRONG} "
    f"BEGIN UPDATE cases SET {_SET_KEYS} WHERE id = NEW.id; END",
)


@lru_cache(maxsize=4096)
def _cached_sort_key(text: str) -> str:
    return sort_key(text)


def _sql_sort_key(text: Any) -> Any:
    # Cached: a sort by place of detention asks it for every case, of a few hundred
    # places (the sort was 2.3 times the CPU of lower() at 100,000 cases without it).
    return _cached_sort_key(text) if isinstance(text, str) else text


def install_sqlite(dbapi_conn: sqlite3.Connection) -> None:
    """Give a SQLite connection `cm_sort_key(text)` (NULL for NULL, the value itself for
    a non-text one) and, once the file has the key columns (schema 0020 on), the
    temporary triggers that keep them. Safe to call again on the same connection."""
    dbapi_conn.create_function("cm_sort_key", 1, _sql_sort_key, deterministic=True)
    cur = dbapi_conn.cursor()
    try:
        columns = {row[1] for row in cur.execute("PRAGMA main.table_info(cases)")}
        if "family_name_sort" in columns:
            for sql in _TRIGGERS:
                cur.execute(sql)
    finally:
        cur.close()


def with_sort_keys(row: dict[str, Any]) -> dict[str, Any]:
    """`row` (values of a new `cases` row) with the sort keys of the name columns it
    holds, for bulk INSERTs: the triggers then have nothing to redo."""
    for column, key in SORT_KEY_COLUMNS.items():
        value = row.get(column)
        if isinstance(value, str):
            row[key] = sort_key(value)
    return row


def sort_key_expr(text: SQLColumnExpression[str], dialect: str) -> ColumnElement[Any]:
    """SQL for the sort key of `text` computed as the rows are read (for short lists
    and for keys no column holds): `cm_sort_key`, compared by code point on both
    databases (COLLATE "C" on PostgreSQL, whose default collation is the server's)."""
    key = func.cm_sort_key(text)
    return key.collate("C") if dialect == "postgresql" else key
