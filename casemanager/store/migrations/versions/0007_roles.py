"""people and roles on a shared server: restricted cases, row-level security, true audit

Both databases get `cases.restricted` and `case_members` (the caseworkers named on a
restricted case). On PostgreSQL only: the group roles `casemanager_coordinator`,
`casemanager_caseworker` and `casemanager_volunteer`, their table and column
privileges, row-level security policies on cases and everything hanging off them, a
trigger that stamps each audit entry with the session's login, and the functions
through which coordinators manage people. docs/security.md describes the model table
by table; casemanager/services/access.py is the client side.

The owner of the tables (whoever runs `casemanager init`) is not subject to the
policies: row-level security is enabled, not forced, so the owner's maintenance,
migrations and the test suite see everything, as a superuser always does.

Revision ID: 0007_roles
Revises: 0003_drop_search_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_roles"
down_revision = "0006_clean_names"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
GROUPS = (COORD, CASEW, VOLUN)
APP = ", ".join(GROUPS)

# Tables whose rows belong to one case (column case_id) at the time of writing; the
# upgrade finds them in the live schema (migrations chained before this one may add
# more), the downgrade uses this list and the live schema together.
CASE_CHILDREN = (
    "aliases", "citizenships", "identity_documents", "case_tags", "status_changes",
    "custody_periods", "media_appearances", "case_contacts", "appeals", "events",
    "attachments", "tasks", "disclosures", "exchange_listings", "name_keys", "case_members",
)
# A table this migration does not know (added by another revision): coordinators and
# caseworkers get it whole, volunteers nothing, until a revision says otherwise.
UNKNOWN_TABLE: dict[str, str] = {"casemanager_volunteer": ""}

# Columns of `cases` a volunteer may not read or write. Everything else on the row
# (names, dates, capture, custody, status...) is what volunteers enter.
CASES_HIDDEN_FROM_VOLUNTEERS = ("confidential_notes",)
CASES_NOT_WRITABLE_BY_VOLUNTEERS = ("confidential_notes", "restricted")

# table -> privileges per group; absent means none.
PRIVILEGES: dict[str, dict[str, str]] = {
    "cases": {COORD: "SELECT, INSERT, UPDATE, DELETE", CASEW: "SELECT, INSERT, UPDATE"},
    "aliases": {}, "citizenships": {}, "case_tags": {}, "status_changes": {},
    "custody_periods": {}, "media_appearances": {}, "events": {}, "tasks": {},
    "name_keys": {},
    "identity_documents": {VOLUN: ""}, "case_contacts": {VOLUN: ""},
    "appeals": {VOLUN: ""}, "disclosures": {VOLUN: "", CASEW: "SELECT, INSERT"},
    "contacts": {VOLUN: "", CASEW: "SELECT, INSERT, UPDATE"},
    "contact_channels": {VOLUN: ""},
    "attachments": {VOLUN: "SELECT"},
    "exchanges": {VOLUN: "SELECT", CASEW: "SELECT, INSERT, UPDATE"},
    "exchange_listings": {VOLUN: "SELECT"},
    "duplicate_dismissals": {VOLUN: "SELECT"},
    "case_members": {VOLUN: "", CASEW: "SELECT"},
    # Insert-only for everyone the application uses: the log cannot be rewritten.
    "audit_entries": {COORD: "SELECT, INSERT", CASEW: "SELECT, INSERT", VOLUN: "SELECT, INSERT"},
    "settings": {COORD: "SELECT, INSERT, UPDATE", CASEW: "SELECT, INSERT, UPDATE",
                 VOLUN: "SELECT, INSERT, UPDATE"},
    "search_vocab": {COORD: "SELECT, INSERT", CASEW: "SELECT, INSERT", VOLUN: "SELECT, INSERT"},
    "alembic_version": {COORD: "SELECT", CASEW: "SELECT", VOLUN: "SELECT"},
}
FULL = "SELECT, INSERT, UPDATE, DELETE"


def upgrade() -> None:
    op.add_column(
        "cases",
        sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "case_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_members_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_members")),
        sa.UniqueConstraint("case_id", "login", name=op.f("uq_case_members_case_id")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return  # roles, privileges and policies belong to a shared server
    for statement in _postgresql_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _postgresql_teardown():
            op.execute(statement)
    op.drop_table("case_members")
    op.execute("ALTER TABLE cases DROP COLUMN restricted")


def _postgresql_statements() -> list[str]:
    out: list[str] = []
    # Group roles are cluster-wide: another Case Manager database on the same server may
    # have made them already.
    for group in GROUPS:
        out.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
        )
    out += _functions()
    for table in _tables():
        out.append(f"REVOKE ALL ON {table} FROM PUBLIC, {APP}")
        for group in GROUPS:
            grant = PRIVILEGES.get(table, UNKNOWN_TABLE).get(group, FULL)
            if table == "cases" and group == VOLUN:
                continue  # column privileges below
            if grant:
                out.append(f"GRANT {grant} ON {table} TO {group}")
    out += _volunteer_case_columns()
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP}")
    # Tables and sequences later revisions create (run by the same owner).
    out.append(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {FULL} ON TABLES "
               f"TO {COORD}, {CASEW}")
    out.append(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES "
               f"TO {APP}")
    out += _policies()
    out.append(
        "CREATE TRIGGER audit_entries_stamp BEFORE INSERT ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION cm_audit_stamp()"
    )
    return out


def _tables() -> list[str]:
    rows = op.get_bind().execute(sa.text(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    ))
    return [r[0] for r in rows]


def _case_children() -> list[str]:
    # audit_entries has a case_id too but no foreign key: it has its own policy.
    rows = op.get_bind().execute(sa.text(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND column_name = 'case_id' AND table_name <> 'audit_entries' "
        "ORDER BY 1"
    ))
    return sorted({r[0] for r in rows} | set(CASE_CHILDREN))


def _volunteer_case_columns() -> list[str]:
    # Read the live column list: the grant must cover every column but the hidden ones.
    rows = op.get_bind().execute(sa.text(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'cases' ORDER BY ordinal_position"
    ))
    columns = [r[0] for r in rows]
    readable = ", ".join(c for c in columns if c not in CASES_HIDDEN_FROM_VOLUNTEERS)
    writable = ", ".join(c for c in columns if c not in CASES_NOT_WRITABLE_BY_VOLUNTEERS)
    return [
        f"GRANT SELECT ({readable}) ON cases TO {VOLUN}",
        f"GRANT INSERT ({writable}), UPDATE ({writable}) ON cases TO {VOLUN}",
    ]


def _functions() -> list[str]:
    # pg_temp last: otherwise a session's temporary table named `cases` would be found
    # first and answer these functions' questions (PostgreSQL's CREATE FUNCTION advice).
    definer = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
    return [
        # Logins still on the first password `user add` showed (a table, not a role
        # setting: an owner that is not a superuser may not set custom role settings).
        "CREATE TABLE cm_first_passwords (login text PRIMARY KEY, "
        "added_at timestamp NOT NULL DEFAULT timezone('utc', now()))",
        f"""CREATE FUNCTION cm_must_change_password() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM cm_first_passwords WHERE login = session_user) $$""",
        # The application role of the login behind this session: '' for the owner, a
        # superuser or anyone else who is not one of the people.
        f"""CREATE FUNCTION cm_role() RETURNS text LANGUAGE sql STABLE {definer} AS $$
        SELECT CASE
          WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN ''
          WHEN pg_has_role(session_user, '{COORD}', 'MEMBER') THEN 'coordinator'
          WHEN pg_has_role(session_user, '{CASEW}', 'MEMBER') THEN 'caseworker'
          WHEN pg_has_role(session_user, '{VOLUN}', 'MEMBER') THEN 'volunteer'
          ELSE '' END $$""",
        # A restricted case is seen by coordinators and the caseworkers named on it
        # (assigned, or listed in case_members); any other case by all three roles.
        f"""CREATE FUNCTION cm_case_visible(case_id integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = $1 AND (
          NOT c.restricted OR cm_role() = 'coordinator'
          OR (cm_role() = 'caseworker' AND (c.assigned_to = session_user
              OR EXISTS (SELECT 1 FROM case_members m
                         WHERE m.case_id = c.id AND m.login = session_user))))) $$""",
        f"""CREATE FUNCTION cm_named_on(case_id integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM case_members m
                       WHERE m.case_id = $1 AND m.login = session_user) $$""",
        # A contact linked only to cases one cannot see is not seen either.
        f"""CREATE FUNCTION cm_contact_visible(contact_id integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT NOT EXISTS (SELECT 1 FROM case_contacts l WHERE l.contact_id = $1)
            OR EXISTS (SELECT 1 FROM case_contacts l
                       WHERE l.contact_id = $1 AND cm_case_visible(l.case_id)) $$""",
        # The server, not the client, says who wrote an audit entry and when.
        f"""CREATE FUNCTION cm_audit_stamp() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF cm_role() <> '' THEN
            NEW.actor := session_user;
            NEW.at := timezone('utc', now());
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE FUNCTION cm_is_person(login text) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM pg_auth_members m
                       JOIN pg_roles g ON g.oid = m.roleid
                       JOIN pg_roles r ON r.oid = m.member
                       WHERE r.rolname = login AND NOT r.rolsuper
                         AND g.rolname IN ('{COORD}', '{CASEW}', '{VOLUN}')) $$""",
        f"""CREATE FUNCTION cm_user_add(login text, role text, verifier text) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF login !~ '^[a-z_][a-z0-9_.-]{{0,62}}$' THEN
            RAISE EXCEPTION 'invalid login name %', login USING ERRCODE = '22023';
          END IF;
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
            RAISE EXCEPTION 'a login named % already exists on this server', login
              USING ERRCODE = '42710';
          END IF;
          EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I',
                         login, verifier, 'casemanager_' || role);
          INSERT INTO cm_first_passwords (login) VALUES (login) ON CONFLICT DO NOTHING;
        END $$""",
        f"""CREATE FUNCTION cm_user_role(login text, role text) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF NOT cm_is_person(login) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          EXECUTE format('REVOKE {COORD}, {CASEW}, {VOLUN} FROM %I', login);
          EXECUTE format('GRANT %I TO %I', 'casemanager_' || role, login);
        END $$""",
        f"""CREATE FUNCTION cm_user_enable(login text, enabled boolean) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF NOT cm_is_person(login) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          IF login = session_user AND NOT enabled THEN
            RAISE EXCEPTION 'you cannot disable your own login' USING ERRCODE = '22023';
          END IF;
          EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
          IF NOT enabled THEN  -- and end the sessions they have open now
            BEGIN
              PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = login;
            EXCEPTION WHEN insufficient_privilege THEN
              NULL;  -- an owner without the right: their next connection is refused
            END;
          END IF;
        END $$""",
        f"""CREATE FUNCTION cm_change_password(verifier text) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF NOT cm_is_person(session_user) THEN
            RAISE EXCEPTION 'only people of Case Manager change their password here'
              USING ERRCODE = '42501';
          END IF;
          EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, verifier);
          DELETE FROM cm_first_passwords WHERE cm_first_passwords.login = session_user;
        END $$""",
        "REVOKE ALL ON FUNCTION cm_user_add(text, text, text), cm_user_role(text, text), "
        "cm_user_enable(text, boolean), cm_change_password(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION cm_user_add(text, text, text), cm_user_role(text, text), "
        f"cm_user_enable(text, boolean) TO {COORD}",
        f"GRANT EXECUTE ON FUNCTION cm_change_password(text) TO {APP}",
        f"GRANT SELECT ON cm_first_passwords TO {COORD}",
    ]


def _policies() -> list[str]:
    out = []
    case_rule = (
        "NOT restricted OR cm_role() = 'coordinator' OR (cm_role() = 'caseworker' "
        "AND (assigned_to = session_user OR cm_named_on(id)))"
    )
    out += [
        "ALTER TABLE cases ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY case_visible ON cases TO {APP} USING ({case_rule}) WITH CHECK ({case_rule})",
    ]
    for table in _case_children():
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY case_visible ON {table} TO {APP} USING (cm_case_visible(case_id))",
        ]
    # Volunteers do not see confidential timeline entries or attachments, nor the search
    # keys made from identity document numbers (restrictive: AND-ed with the above).
    for table, rule in (("events", "NOT confidential"), ("attachments", "NOT confidential"),
                        ("name_keys", "kind <> 'doc'")):
        out.append(f"CREATE POLICY volunteer_limits ON {table} AS RESTRICTIVE TO {VOLUN} "
                   f"USING ({rule})")
    out += [
        "ALTER TABLE duplicate_dismissals ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY case_visible ON duplicate_dismissals TO {APP} "
        "USING (cm_case_visible(case_a) AND cm_case_visible(case_b))",
        "ALTER TABLE contacts ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY contact_visible ON contacts TO {APP} USING (cm_contact_visible(id))",
        "ALTER TABLE contact_channels ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY contact_visible ON contact_channels TO {APP} "
        "USING (cm_contact_visible(contact_id))",
        # The log: coordinators read all of it, caseworkers what concerns the cases they
        # see (and entries about no case), volunteers their own entries. Anyone may add.
        "ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY audit_read ON audit_entries FOR SELECT TO {APP} USING ("
        "cm_role() = 'coordinator' OR (cm_role() = 'caseworker' AND "
        "(case_id IS NULL OR cm_case_visible(case_id))) OR actor = session_user)",
        # Volunteers make no lists or dossiers: the entry an export or a dossier writes
        # before its file appears is refused, and so is the file.
        f"CREATE POLICY audit_add ON audit_entries FOR INSERT TO {APP} WITH CHECK ("
        "action NOT IN ('export', 'disclose') OR cm_role() <> 'volunteer')",
    ]
    return out


def _postgresql_teardown() -> list[str]:
    out = ["DROP TRIGGER IF EXISTS audit_entries_stamp ON audit_entries"]
    for table in ("cases", *_case_children(), "duplicate_dismissals", "contacts",
                  "contact_channels", "audit_entries"):
        out.append(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for policy in ("case_visible", "volunteer_limits", "contact_visible", "audit_read",
                       "audit_add"):
            out.append(f"DROP POLICY IF EXISTS {policy} ON {table}")
    for table in _tables():
        out.append(f"REVOKE ALL ON {table} FROM {APP}")
    out.append(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP}")
    out.append(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP}")
    out.append(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP}")
    out.append(
        "DROP FUNCTION IF EXISTS cm_change_password(text), cm_user_enable(text, boolean), "
        "cm_user_role(text, text), cm_user_add(text, text, text), cm_is_person(text), "
        "cm_audit_stamp(), cm_contact_visible(integer), cm_named_on(integer), "
        "cm_case_visible(integer), cm_role(), cm_must_change_password()"
    )
    out.append("DROP TABLE IF EXISTS cm_first_passwords")
    # The group roles stay: other databases on the server may use them.
    return out
