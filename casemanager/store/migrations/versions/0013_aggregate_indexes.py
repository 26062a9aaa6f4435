"""indexes for the overview, the due list and the stale-case list (issue 18)

The overview counts cases by priority, recruitment and caseworker, and the due list and
the overview count what is overdue: without these every one of those read the whole
`cases` (or `appeals`, `tasks`) table, 12 s at 100,000 cases. Each index lets SQLite
count from the index alone. Indexes only: no table is rebuilt.

Revision ID: 0013_aggregate_indexes
Revises: 0012_partner_consent
"""

from alembic import op

revision = "0013_aggregate_indexes"
down_revision = "0012_partner_consent"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_cases_priority", "cases", ["priority"]),
    ("ix_cases_recruitment", "cases", ["recruitment"]),
    ("ix_cases_assigned_to", "cases", ["assigned_to"]),
    ("ix_cases_updated_status", "cases", ["updated_at", "status"]),
    ("ix_appeals_follow_up_status", "appeals", ["follow_up_date", "status"]),
    ("ix_tasks_due_done", "tasks", ["due_date", "done"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
