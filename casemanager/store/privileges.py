"""What this login may read, asked of the server, so the client asks only for that.

On a shared server a volunteer may not read `cases.confidential_notes`, identity
documents, contacts, appeals... (migration 0007_roles; docs/security.md). PostgreSQL
refuses a whole statement that names one withheld column or table, so a client that
loads "the whole case" fails for them even where most of it is theirs to read. The
loaders ask here first and leave out what is withheld: the server still decides, this
only keeps the client from asking for what it will be refused.

On SQLite, and for any login with full rights, nothing is withheld.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, TextClause, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.types import String

from casemanager.store.models import Case

# Tables a case's reading code may touch besides `cases` (its records, and what those
# refer to). Asked together: one round trip.
CASE_TABLES = (
    "aliases", "citizenships", "case_tags", "identity_documents", "status_changes",
    "custody_periods", "media_appearances", "case_contacts", "contacts", "contact_channels",
    "appeals", "events", "attachments", "tasks", "disclosures", "external_references",
    "import_cases", "imports",
)
_CASE_COLUMNS = tuple(c.name for c in Case.__table__.columns)


@dataclass(frozen=True)
class Withheld:
    """Columns of `cases` and tables this login may not read."""

    case_columns: frozenset[str] = frozenset()
    tables: frozenset[str] = frozenset()

    def any_of(self, tables: Iterable[str]) -> bool:
        """True if any of these tables is withheld."""
        return not self.tables.isdisjoint(tables)


NOTHING = Withheld()

@cache
def _arrays() -> tuple[TextClause, TextClause]:
    """(what this login may not read, what it may not insert): the server's questions,
    made at the first on PostgreSQL (its dialect's ARRAY type costs every command on
    SQLite 40-60 ms to import)."""
    from sqlalchemy.dialects.postgresql import ARRAY

    unreadable = text(
        "SELECT ARRAY(SELECT c FROM unnest(:columns) AS c "
        "             WHERE NOT has_column_privilege('cases', c, 'SELECT')), "
        "       ARRAY(SELECT t FROM unnest(:tables) AS t "
        "             WHERE to_regclass(t) IS NOT NULL AND NOT has_table_privilege(t, 'SELECT'))"
    ).bindparams(bindparam("columns", type_=ARRAY(String)),
                 bindparam("tables", type_=ARRAY(String)))
    not_insertable = text(
        "SELECT ARRAY(SELECT c FROM unnest(:columns) AS c "
        "             WHERE NOT has_column_privilege('cases', c, 'INSERT'))"
    ).bindparams(bindparam("columns", type_=ARRAY(String)))
    return unreadable, not_insertable


def withheld(where: Session | Connection, tables: Iterable[str] = CASE_TABLES) -> Withheld:
    """What this session's login may not read, of `cases`' columns and of `tables`."""
    conn = where.connection() if isinstance(where, Session) else where
    if conn.dialect.name != "postgresql":
        return NOTHING
    columns, hidden = conn.execute(
        _arrays()[0], {"columns": list(_CASE_COLUMNS), "tables": list(tables)}).one()
    if not columns and not hidden:
        return NOTHING
    return Withheld(frozenset(columns), frozenset(hidden))


def case_columns_not_insertable(where: Session | Connection) -> frozenset[str]:
    """Columns of `cases` this login may not name in an INSERT (a volunteer's
    `confidential_notes` and `restricted`); empty on SQLite."""
    conn = where.connection() if isinstance(where, Session) else where
    if conn.dialect.name != "postgresql":
        return frozenset()
    return frozenset(conn.execute(_arrays()[1], {"columns": list(_CASE_COLUMNS)}).scalar_one())


def blank(column: str) -> str | None:
    """What a withheld column of `cases` shows: empty text, or None for other types."""
    col = Case.__table__.columns[column]
    try:
        return "" if col.type.python_type is str else None
    except NotImplementedError:
        return None
