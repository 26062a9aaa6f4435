"""a server fills `cases.confidential_notes` itself, so a volunteer's new case leaves it out

A volunteer may neither write nor read `confidential_notes` (0007_roles), and
PostgreSQL refuses an INSERT that names the column at all, even to write ''. With a
column default of '' on the server the client leaves the column out of every INSERT
(casemanager/store/models.py) and nobody's new case needs the privilege. SQLite files
keep their table as it is (a default would mean rebuilding `cases`); there the client
fills the column.

Revision ID: 0011_case_defaults
Revises: 0010_coordinator_merge
"""

from alembic import op

revision = "0011_case_defaults"
down_revision = "0010_coordinator_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE cases ALTER COLUMN confidential_notes SET DEFAULT ''")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE cases ALTER COLUMN confidential_notes DROP DEFAULT")
