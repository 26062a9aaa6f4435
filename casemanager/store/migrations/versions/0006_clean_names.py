"""clean invisible characters from stored names and rebuild the search keys

Soft hyphens, zero-width spaces and joiners, direction marks and a BOM in mid-text came
in with pasted names before `clean_text` removed them (casemanager.domain.invisible). This
removes them from the single-line text that names and places a person, then rebuilds
every case's search keys: with the characters gone, and with the keys the matcher now
makes (compounds joined, patronymic particles merged).

No batch mode: rows are updated in place (a batch rebuild of `cases` would cascade-delete
its child rows).

Revision ID: 0006_clean_names
Revises: 0003_drop_search_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_clean_names"
down_revision = "0005_external_references"
branch_labels = None
depends_on = None

# Columns as they are at this revision (not today's models, which may move on).
_COLUMNS = {
    "cases": (
        "family_name", "given_name", "patronymic", "name_native", "name_latin",
        "place_of_birth", "father_name", "mother_maiden_name", "person_to_inform",
        "unit", "capture_place",
    ),
    "aliases": ("spelling",),
    "identity_documents": ("number",),
    "custody_periods": ("facility",),
}
_CHUNK = 2000


def _clean(value: str) -> str:
    from casemanager.domain.invisible import strip_invisible

    stripped = strip_invisible(value)
    return value if stripped == value else " ".join(stripped.split())


def clean_table(conn: sa.Connection, name: str, columns: tuple[str, ...]) -> int:
    """Remove invisible characters from these columns of every row; rows changed."""
    table = sa.table(name, sa.column("id"), *(sa.column(c) for c in columns))
    changed = 0
    last = 0
    while True:
        rows = conn.execute(
            sa.select(table).where(table.c.id > last).order_by(table.c.id).limit(_CHUNK)
        ).all()
        if not rows:
            return changed
        last = rows[-1].id
        for row in rows:
            values = {c: _clean(getattr(row, c)) for c in columns
                      if getattr(row, c) and _clean(getattr(row, c)) != getattr(row, c)}
            if values:
                conn.execute(sa.update(table).where(table.c.id == row.id).values(values))
                changed += 1


def upgrade() -> None:
    from casemanager.store.search_index import reindex_all

    conn = op.get_bind()
    for name, columns in _COLUMNS.items():
        clean_table(conn, name, columns)
    reindex_all(conn, initials=False)  # the column `initials` comes with 0021


def downgrade() -> None:
    # The removed characters carried nothing; the keys of today's matcher still work.
    pass
