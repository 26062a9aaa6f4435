"""least privilege on the exchange tables: only coordinators hold the secret key

0008_bundles made its five tables after 0007_roles, so on a server they got 0007's
default privileges: every right to coordinators *and caseworkers*, and no row-level
security. A caseworker (or anyone who got their password) could then read the
organisation's secret key from `org_keys` with `psql` and sign bundles in its name, or
read claims about restricted cases.

This revision gives each table what each role needs (docs/security.md, "Who sees what"):

- Keys are managed by coordinators, and sending and receiving a bundle need the secret
  key (it signs what we send and decrypts what partners send us), so both are
  coordinators' only. Caseworkers may see which key is ours (its fingerprint, not its
  secret), the partners' public keys and the log of bundles received, and may accept or
  reject partners' claims about the cases they see. Volunteers get nothing here.
- `received_bundles` and `bundle_records` are append-only (a deleted row would let a
  bundle be taken in twice); the key pair is made once and never changed by the client.
- `partner_claims` and `bundle_records` hang off a case: row-level security as on every
  other such table (a restricted case's claims are seen only by who sees the case).

SQLite: nothing to do (a file has no roles).

Revision ID: 0009_bundle_grants
Revises: 0008_bundles
"""

from alembic import op

revision = "0009_bundle_grants"
down_revision = "0008_bundles"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"

# table -> [(privileges, group)]; a group not named gets nothing.
GRANTS: dict[str, list[tuple[str, str]]] = {
    "org_keys": [
        ("SELECT, INSERT", COORD),
        # Which key is ours, never the key itself.
        ("SELECT (id, fingerprint, created_at, created_by)", CASEW),
    ],
    "partner_keys": [("SELECT, INSERT, DELETE", COORD), ("SELECT", CASEW)],
    "received_bundles": [("SELECT, INSERT", COORD), ("SELECT", CASEW)],
    "bundle_records": [("SELECT, INSERT", COORD)],
    "partner_claims": [("SELECT, INSERT, UPDATE", COORD),
                       ("SELECT, UPDATE (resolved)", CASEW)],
}
CASE_TABLES = ("partner_claims", "bundle_records")
# What 0008 left behind (0007's default privileges for tables made later).
FULL = "SELECT, INSERT, UPDATE, DELETE"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, grants in GRANTS.items():
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC, {APP}")
        for privileges, group in grants:
            op.execute(f"GRANT {privileges} ON {table} TO {group}")
    for table in CASE_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY case_visible ON {table} TO {APP} "
                   "USING (cm_case_visible(case_id))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in CASE_TABLES:
        op.execute(f"DROP POLICY IF EXISTS case_visible ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in GRANTS:
        op.execute(f"REVOKE ALL ON {table} FROM {APP}")
        op.execute(f"GRANT {FULL} ON {table} TO {COORD}, {CASEW}")
