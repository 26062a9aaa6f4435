"""drop cases.search_text

The casefolded name text was the first search's; the `name_keys` index of 0002 replaced
it, so nothing reads it any more and keeping it current was work for nothing.

Revision ID: 0003_drop_search_text
Revises: 0002_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_drop_search_text"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not batch mode: on SQLite it copies and drops the `cases` table, and with foreign
    # keys on that DROP cascades into every child table. SQLite 3.35+ drops a column
    # in place (Python 3.11 and the SQLCipher binding both ship newer).
    op.execute("ALTER TABLE cases DROP COLUMN search_text")


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_text", sa.Text(), nullable=False, server_default="")
        )
