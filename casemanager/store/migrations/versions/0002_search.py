"""search keys, merge marker

The `name_keys` table (one row per normalised word of a case, for search and duplicate
detection), `search_vocab` (every key, for fuzzy look-ups) and `cases.merged_into_id`;
backfills the keys of existing cases.

Revision ID: 0002_search
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_search"
down_revision = "0001"
branch_labels = None
depends_on = None


def _key() -> sa.types.TypeEngine:
    return sa.String(length=60).with_variant(sa.String(length=60, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_merged_into_id"), ["merged_into_id"])
    op.create_table(
        "name_keys",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", _key(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_name_keys_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "key", name=op.f("pk_name_keys")),
    )
    op.create_index("ix_name_keys_key", "name_keys", ["key", "case_id", "kind"])
    op.create_table(
        "search_vocab",
        sa.Column("key", _key(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_vocab")),
    )
    # Backfill with the application's own normaliser, so old and new keys agree.
    from casemanager.store.search_index import reindex_all

    # Partners' references (0005) do not exist yet at this revision.
    # Nor the column `initials` (0021).
    reindex_all(op.get_bind(), externals=False, initials=False)


def downgrade() -> None:
    op.drop_table("search_vocab")
    op.drop_index("ix_name_keys_key", table_name="name_keys")
    op.drop_table("name_keys")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_merged_into_id"))
        batch_op.drop_column("merged_into_id")
