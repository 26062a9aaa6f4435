"""Many rows in one statement, without SQLAlchemy's work per row (imports, exports).

`insert_rows(conn, table, rows)` stores what `conn.execute(insert(table), rows)` stores.
On SQLite it hands the driver one executemany of tuples, each value passed through its
column type's own bind processor (dates, JSON, booleans as SQLAlchemy writes them); a
value that is the same object as the row before's is processed once (an export's
audit entries share one `changes` dict). Elsewhere, and for a table with Python-side
defaults that the rows leave out, it is SQLAlchemy's own Core executemany.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from sqlalchemy import Connection, FromClause, Table, insert, text


def highest_id_used(conn: Connection, table_name: str) -> int:
    """The highest id table `table_name` ever gave a row, deleted rows included (0 for
    none): rows written with explicit ids (bulk imports, the demo) start above it, so no
    id of a deleted record is given to another one (migration 0019). On SQLite the
    larger of `sqlite_sequence`'s (AUTOINCREMENT tables) and the table's max(id); on
    PostgreSQL of the id sequence's last value and max(id)."""
    quote = conn.dialect.identifier_preparer.quote
    highest = conn.exec_driver_sql(f"SELECT max(id) FROM {quote(table_name)}").scalar() or 0
    if conn.dialect.name == "sqlite":
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'sqlite_sequence'").scalar():
            seq = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?",
                                       (table_name,)).scalar()
            highest = max(highest, int(seq or 0))
        return int(highest)
    seq_name = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                            {"t": table_name}).scalar()
    if seq_name:
        last = conn.execute(text(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {seq_name}")).scalar()
        highest = max(highest, int(last or 0))
    return int(highest)


def insert_rows(conn: Connection, where: FromClause, rows: Sequence[dict[str, Any]], *,
                stored: Collection[str] = ()) -> None:
    """INSERT `rows` (dicts with the same keys) into table `where` (a model's __table__).

    `stored` names columns whose values are given as SQLite keeps them (a JSON column's
    text, made by the caller as SQLAlchemy's `json.dumps` makes it): not processed
    again. Only on SQLite: elsewhere the caller gives the values themselves.
    """
    table = cast(Table, where)
    if not rows:
        return
    first = rows[0]
    names = list(first)
    if conn.dialect.name != "sqlite" or any(
        c.default is not None for c in table.c if c.name not in first and not c.primary_key
    ):
        conn.execute(insert(table), list(rows))
        return
    processors = [(i, process) for i, name in enumerate(names)
                  if name not in stored and
                  (process := table.c[name].type._cached_bind_processor(conn.dialect))
                  is not None]
    params = []
    if processors:
        last: dict[int, tuple[Any, Any]] = {}
        for row in rows:
            values = [row[n] for n in names]
            for i, process in processors:
                raw = values[i]
                seen = last.get(i)
                if seen is not None and seen[0] is raw:
                    values[i] = seen[1]
                else:
                    values[i] = process(raw)
                    last[i] = (raw, values[i])
            params.append(tuple(values))
    else:
        params = [tuple(row[n] for n in names) for row in rows]
    marks = ", ".join("?" for _ in names)
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    conn.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", params)
