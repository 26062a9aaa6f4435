"""indexes that serve the case list's sorts (issue 18, item 5)

The list sorts family name, given name, native name and caseworker by `lower(column)`,
ties by id. Without an index on that expression every sort read the whole `cases` table
and sorted it: at 1,000,000 cases 6-7.7 s for given and native name (tester t18). With
one, the database reads the index in order and sorts nothing, and the first page of a
sort is there at once (LIMIT 100). On PostgreSQL the key is the same expression under
the database's collation, as the list's ORDER BY.

The next follow-up (14.7-17.7 s at a million) is each case's earliest open appeal's
follow-up date or open task's due date: `appeals (case_id, follow_up_date, status)` and
`tasks (case_id, done, due_date)` answer it for a case from the index alone, the cases
in the order of the index.

On SQLite the ids in order by reference (the list as it opens, a filter cleared, a
search's rest) were read by scanning the table itself, whose pages hold the whole rows:
3.3 GB at a million cases, 12-45 s from disk. `cases (id)` holds the ids alone (some
15 MB) in the same order. PostgreSQL reads them from its primary key's index already.
Indexes only: no table is rebuilt.

Revision ID: 0018_list_sort_indexes
Revises: 0017_contact_entries_hidden
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_list_sort_indexes"
down_revision = "0017_contact_entries_hidden"
branch_labels = None
depends_on = None

# (index, column): the index is on (lower(column), id), the list's ORDER BY.
INDEXES = (
    ("ix_cases_family_name_lower", "family_name"),
    ("ix_cases_given_name_lower", "given_name"),
    ("ix_cases_name_native_lower", "name_native"),
    ("ix_cases_assigned_to_lower", "assigned_to"),
)


# (index, table, columns): a case's follow-up dates from the index alone.
FOLLOW_UP_INDEXES = (
    ("ix_appeals_case_follow_up", "appeals", ["case_id", "follow_up_date", "status"]),
    ("ix_tasks_case_due", "tasks", ["case_id", "done", "due_date"]),
)


def upgrade() -> None:
    for name, column in INDEXES:
        op.create_index(name, "cases", [sa.text(f"lower({column})"), "id"], unique=False)
    for name, table, columns in FOLLOW_UP_INDEXES:
        op.create_index(name, table, columns, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_cases_id", "cases", ["id"], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_cases_id", table_name="cases")
    for name, table, _columns in reversed(FOLLOW_UP_INDEXES):
        op.drop_index(name, table_name=table)
    for name, _column in reversed(INDEXES):
        op.drop_index(name, table_name="cases")
