"""exchange with partners: keys, received bundles, record ids, partners' claims

Tables for issue 20 (signed, encrypted case bundles): the organisation's key pair, the
partners' public keys, the bundles taken in (replays are refused by their id), which
local row each partner record became, and partners' values that differ from ours.
New tables only: `cases` is not touched (batch mode on it would cascade deletes).

Revision ID: 0008_bundles
Revises: 0003_drop_search_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_bundles"
down_revision = "0007_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_org_keys_fingerprint")),
    )
    op.create_table(
        "partner_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_keys_name")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_partner_keys_fingerprint")),
    )
    op.create_table(
        "received_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_bundles")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_received_bundles_bundle_id")),
    )
    op.create_table(
        "bundle_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_bundle_records_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_records")),
        sa.UniqueConstraint("uid", name=op.f("uq_bundle_records_uid")),
    )
    op.create_index(op.f("ix_bundle_records_case_id"), "bundle_records", ["case_id"])
    op.create_table(
        "partner_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_partner_claims_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_claims")),
    )
    op.create_index(op.f("ix_partner_claims_case_id"), "partner_claims", ["case_id"])


def downgrade() -> None:
    for table in ("partner_claims", "bundle_records", "received_bundles", "partner_keys",
                  "org_keys"):
        op.drop_table(table)
