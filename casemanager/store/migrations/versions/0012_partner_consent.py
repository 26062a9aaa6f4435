"""the family's consent to share their details with partner organisations

`case_contacts.share_partner`, beside share_embassy / share_icrc / share_media: a
bundle sent under the `partner` profile carries a relative's phone, address and notes
only when it is ticked (issue 20). Existing links start without consent.

Revision ID: 0012_partner_consent
Revises: 0011_case_defaults
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_partner_consent"
down_revision = "0011_case_defaults"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table): SQLite and PostgreSQL both add a
    # column with a constant default in place, and table grants cover the new column.
    op.add_column("case_contacts", sa.Column("share_partner", sa.Boolean(), nullable=False,
                                             server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("case_contacts") as batch:
        batch.drop_column("share_partner")
