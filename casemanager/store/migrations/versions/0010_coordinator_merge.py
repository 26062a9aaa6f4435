"""merging cases and undoing a merge: coordinators only, refused by the server

A merge closes one case with `merged_into_id` set and moves its appeals, events,
documents... to the kept case (`case_id` changes); undoing it moves them back and clears
`merged_into_id`. Under 0007_roles both were ordinary updates a caseworker (and, for
`cases`, a volunteer) was allowed. Triggers now refuse, for anyone in the caseworker or
volunteer role, a change of `cases.merged_into_id` and a change of `case_id` on the rows
a merge moves (nothing else in Case Manager moves a row to another case), with one line
(SQLSTATE 42501, what the client shows as "the server refused: … (your role does not
allow it)"). The audit log refuses their `merge` and `unmerge` entries too.
`cm_require_coordinator(what)` lets the client ask the server first, so that a
volunteer, who cannot even read what a merge reads, gets the same one line.

The database's owner is outside the roles (as in 0007_roles) and is not stopped.
SQLite: nothing to do (a file has no roles).

Revision ID: 0010_coordinator_merge
Revises: 0009_bundle_grants
"""

from alembic import op

revision = "0010_coordinator_merge"
down_revision = "0009_bundle_grants"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"

# The tables whose rows a merge moves (casemanager/services/merge.py, MOVED).
MOVED_TABLES = (
    "appeals", "events", "attachments", "identity_documents", "custody_periods",
    "media_appearances", "tasks", "disclosures", "case_contacts", "exchange_listings",
    "external_references",
)
MESSAGE = "only coordinators merge cases or undo a merge"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""CREATE FUNCTION cm_only_coordinators_merge() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          IF cm_role() IN ('caseworker', 'volunteer') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '42501';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("""CREATE FUNCTION cm_require_coordinator(what text) RETURNS void
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
        AS $$
        BEGIN
          IF cm_role() IN ('caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'only coordinators %', what USING ERRCODE = '42501';
          END IF;
        END $$""")
    op.execute("CREATE TRIGGER cases_merge_coordinators BEFORE UPDATE OF merged_into_id "
               "ON cases FOR EACH ROW WHEN (OLD.merged_into_id IS DISTINCT FROM "
               "NEW.merged_into_id) EXECUTE FUNCTION cm_only_coordinators_merge()")
    for table in MOVED_TABLES:
        op.execute(f"CREATE TRIGGER {table}_merge_coordinators BEFORE UPDATE OF case_id "
                   f"ON {table} FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id) "
                   "EXECUTE FUNCTION cm_only_coordinators_merge()")
    op.execute("DROP POLICY audit_add ON audit_entries")
    op.execute(f"CREATE POLICY audit_add ON audit_entries FOR INSERT TO {APP} WITH CHECK ("
               "(action NOT IN ('export', 'disclose') OR cm_role() <> 'volunteer') AND "
               "(action NOT IN ('merge', 'merged_into', 'unmerge') "
               "OR cm_role() = 'coordinator'))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY audit_add ON audit_entries")
    op.execute(f"CREATE POLICY audit_add ON audit_entries FOR INSERT TO {APP} WITH CHECK ("
               "action NOT IN ('export', 'disclose') OR cm_role() <> 'volunteer')")
    for table in ("cases", *MOVED_TABLES):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_merge_coordinators ON {table}")
    op.execute("DROP FUNCTION IF EXISTS cm_only_coordinators_merge(), "
               "cm_require_coordinator(text)")
