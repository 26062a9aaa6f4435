"""external references and import provenance

`external_references`: partners' own references for a case, unique per (source,
reference); `imports`: one row per list imported (file, source, when, who, counts);
`import_cases`: which cases each import created or changed. New tables only: the
`cases` table is not touched (batch mode on it would cascade-delete child rows).

Revision ID: 0005_external_references
Revises: 0003_drop_search_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_external_references"
down_revision = "0003_drop_search_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "external_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_external_references_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_references")),
        sa.UniqueConstraint("source", "reference", name=op.f("uq_external_references_source")),
    )
    op.create_index(op.f("ix_external_references_case_id"), "external_references", ["case_id"])
    op.create_index(op.f("ix_external_references_reference"), "external_references",
                    ["reference"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_table(
        "import_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"],
                                name=op.f("fk_import_cases_import_id_imports"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_import_cases_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_cases")),
    )
    op.create_index(op.f("ix_import_cases_import_id"), "import_cases", ["import_id"])
    op.create_index(op.f("ix_import_cases_case_id"), "import_cases", ["case_id"])


def downgrade() -> None:
    op.drop_table("import_cases")
    op.drop_table("imports")
    op.drop_index(op.f("ix_external_references_reference"), table_name="external_references")
    op.drop_index(op.f("ix_external_references_case_id"), table_name="external_references")
    op.drop_table("external_references")
