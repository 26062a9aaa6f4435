"""what a security tester did with psql, refused by the server

Findings of a test with `psql` on a real server (docs/security.md, "Hardening 0013"):

1. The server's SECURITY DEFINER functions searched `public` for what they called, where
   PostgreSQL <= 14 lets anyone create functions and operators: a volunteer's own
   `public.cm_is_person(name)` ran as the owner. `CREATE` on schema public is taken from
   PUBLIC, and every such function now runs with `search_path = pg_catalog, pg_temp`
   and names its own objects `public.…` (with exact argument types), so nothing a
   person creates is found.
2. A caseworker could link a visible case to a contact they do not see (one linked
   only to a restricted case), then read it: a link's contact must be visible too.
3. A caseworker could lift a case's restriction, or set one and take the case: only
   coordinators change `cases.restricted` or re-assign a restricted case (a trigger).
4. `user disable` could not end open sessions when the owner is no superuser and said
   nothing: `cm_user_enable` now returns how many sessions are still open.
5. Settings (organisation name, letter templates) are coordinators' to write; the
   reference counter is moved on by `cm_next_reference()` for whoever creates a case.
6. `search_vocab` named restricted cases: a key is read only by who sees a case with it.
7. Volunteers read partners' references through `name_keys` kind 'ext': hidden like 'doc'.
9. `cm_change_password` takes only a SCRAM-SHA-256 verifier (never a password, never
   ''); an audit entry about a case is added only by who sees the case; adding a
   person, changing a role, disabling and enabling leave an entry (`person`).

Revision ID: 0014_tighten_roles
Revises: 0013_aggregate_indexes
"""

from alembic import op

revision = "0014_tighten_roles"
down_revision = "0013_aggregate_indexes"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"
# Only pg_catalog (and pg_temp, last, where no function or operator is ever looked up;
# every table below is named public.…): nobody's object in public is found by accident.
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
OLD_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"


def _log(action: str, changes: str) -> str:
    """An audit entry about a person, written by the function itself (the stamp trigger
    names the coordinator who called it)."""
    return ("INSERT INTO public.audit_entries (at, actor, action, entity, case_reference, "
            f"changes) VALUES (pg_catalog.timezone('utc', pg_catalog.now()), "
            f"session_user::text, {action}, 'person', '', {changes});")


# The client sends the SCRAM-SHA-256 verifier computed by libpq, never a password.
SCRAM = r"^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$"


def _functions(definer: str, hardened: bool = True) -> list[str]:
    add_log = _log("'add_person'", "pg_catalog.json_build_object('login', "
                   "pg_catalog.json_build_array('', login), 'role', "
                   "pg_catalog.json_build_array('', role))") if hardened else ""
    role_log = _log("'change_role'", "pg_catalog.json_build_object('login', "
                    "pg_catalog.json_build_array(login, login), 'role', "
                    "pg_catalog.json_build_array('', role))") if hardened else ""
    verifier_check = f"""IF verifier IS NULL OR verifier !~ '{SCRAM}' THEN
            RAISE EXCEPTION 'give the SCRAM-SHA-256 verifier of the new password, not the password'
              USING ERRCODE = '22023';
          END IF;""" if hardened else ""
    return [
        f"""CREATE OR REPLACE FUNCTION public.cm_must_change_password() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM public.cm_first_passwords f
                       WHERE f.login OPERATOR(pg_catalog.=) session_user::text) $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_role() RETURNS text
        LANGUAGE sql STABLE {definer} AS $$
        SELECT CASE
          WHEN (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN ''
          WHEN pg_catalog.pg_has_role(session_user, '{COORD}', 'MEMBER') THEN 'coordinator'
          WHEN pg_catalog.pg_has_role(session_user, '{CASEW}', 'MEMBER') THEN 'caseworker'
          WHEN pg_catalog.pg_has_role(session_user, '{VOLUN}', 'MEMBER') THEN 'volunteer'
          ELSE '' END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_case_visible(case_id integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM public.cases c WHERE c.id = $1 AND (
          NOT c.restricted OR public.cm_role() = 'coordinator'
          OR (public.cm_role() = 'caseworker' AND (c.assigned_to = session_user::text
              OR EXISTS (SELECT 1 FROM public.case_members m
                         WHERE m.case_id = c.id AND m.login = session_user::text))))) $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_named_on(case_id integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM public.case_members m
                       WHERE m.case_id = $1 AND m.login = session_user::text) $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_contact_visible(contact_id integer)
        RETURNS boolean LANGUAGE sql STABLE {definer} AS $$
        SELECT NOT EXISTS (SELECT 1 FROM public.case_contacts l WHERE l.contact_id = $1)
            OR EXISTS (SELECT 1 FROM public.case_contacts l
                       WHERE l.contact_id = $1 AND public.cm_case_visible(l.case_id)) $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_audit_stamp() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF public.cm_role() <> '' THEN
            NEW.actor := session_user::text;
            NEW.at := pg_catalog.timezone('utc', pg_catalog.now());
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_is_person(login text) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                       JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                       JOIN pg_catalog.pg_roles r ON r.oid = m.member
                       WHERE r.rolname = $1::name AND NOT r.rolsuper
                         AND g.rolname IN ('{COORD}', '{CASEW}', '{VOLUN}')) $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_user_add(login text, role text, verifier text)
        RETURNS void LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF login !~ '^[a-z_][a-z0-9_.-]{{0,62}}$' THEN
            RAISE EXCEPTION 'invalid login name %', login USING ERRCODE = '22023';
          END IF;
          IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = login::name) THEN
            RAISE EXCEPTION 'a login named % already exists on this server', login
              USING ERRCODE = '42710';
          END IF;
          EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I',
                         login, verifier, 'casemanager_' || role);
          INSERT INTO public.cm_first_passwords (login) VALUES (login) ON CONFLICT DO NOTHING;
          {add_log}
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_user_role(login text, role text) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF NOT public.cm_is_person(login::text) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          EXECUTE pg_catalog.format('REVOKE {COORD}, {CASEW}, {VOLUN} FROM %I', login);
          EXECUTE pg_catalog.format('GRANT %I TO %I', 'casemanager_' || role, login);
          {role_log}
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_change_password(verifier text) RETURNS void
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF NOT public.cm_is_person(session_user::text) THEN
            RAISE EXCEPTION 'only people of Case Manager change their password here'
              USING ERRCODE = '42501';
          END IF;
          {verifier_check}
          EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', session_user, verifier);
          DELETE FROM public.cm_first_passwords f WHERE f.login = session_user::text;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_only_coordinators_merge() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF public.cm_role() IN ('caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'only coordinators merge cases or undo a merge'
              USING ERRCODE = '42501';
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_require_coordinator(what text) RETURNS void
        LANGUAGE plpgsql STABLE {definer} AS $$
        BEGIN
          IF public.cm_role() IN ('caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'only coordinators %', what USING ERRCODE = '42501';
          END IF;
        END $$""",
    ]


def _user_enable(definer: str, returns: str) -> str:
    """`cm_user_enable`; returning integer (since 0013): the sessions still open."""
    counted = returns == "integer"
    log = _log("CASE WHEN enabled THEN 'enable_person' ELSE 'disable_person' END",
               "pg_catalog.json_build_object('login', pg_catalog.json_build_array(login, login), "
               "'enabled', pg_catalog.json_build_array((NOT enabled)::text, enabled::text))"
               ) if counted else ""
    return f"""CREATE FUNCTION public.cm_user_enable(login text, enabled boolean)
        RETURNS {returns} LANGUAGE plpgsql {definer} AS $$
        DECLARE
          p integer;
          still_open integer := 0;
        BEGIN
          IF NOT public.cm_is_person(login::text) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          IF login = session_user::text AND NOT enabled THEN
            RAISE EXCEPTION 'you cannot disable your own login' USING ERRCODE = '22023';
          END IF;
          EXECUTE pg_catalog.format('ALTER ROLE %I %s', login,
                                    CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
          IF NOT enabled THEN  -- and end the sessions they have open now
            FOR p IN SELECT a.pid FROM pg_catalog.pg_stat_activity a
                     WHERE a.usename = login::name LOOP
              BEGIN
                IF NOT pg_catalog.pg_terminate_backend(p, 5000) THEN
                  still_open := still_open + 1;
                END IF;
              EXCEPTION WHEN insufficient_privilege THEN
                -- an owner without pg_signal_backend: say so, never claim it
                still_open := still_open + 1;
              END;
            END LOOP;
          END IF;
          {log}
          {"RETURN still_open;" if counted else "RETURN;"}
        END $$"""


RESTRICTION_GUARD = f"""CREATE FUNCTION public.cm_guard_restriction() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
      IF public.cm_role() IN ('caseworker', 'volunteer') THEN
        IF NEW.restricted IS DISTINCT FROM OLD.restricted THEN
          RAISE EXCEPTION 'only coordinators restrict a case or lift a restriction'
            USING ERRCODE = '42501';
        END IF;
        IF OLD.restricted AND NEW.assigned_to IS DISTINCT FROM OLD.assigned_to THEN
          RAISE EXCEPTION 'only coordinators re-assign a restricted case'
            USING ERRCODE = '42501';
        END IF;
      END IF;
      RETURN NEW;
    END $$"""


# 5. The next case reference, for whoever creates a case: the counter row is locked (the
# UPDATE of ON CONFLICT), first made from the highest reference of every case (the
# restricted ones included, which the caller may not see).
NEXT_REFERENCE = f"""CREATE FUNCTION public.cm_next_reference() RETURNS integer
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE n integer;
    BEGIN
      INSERT INTO public.settings AS s (key, value)
        SELECT 'next_reference', (COALESCE(max(pg_catalog.substr(c.reference, 4)::integer),
                                           0) + 2)::text
        FROM public.cases c
      ON CONFLICT (key) DO UPDATE SET value = (s.value::integer + 1)::text
      RETURNING s.value::integer - 1 INTO n;
      RETURN n;
    END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # 1. Nobody but the schema's owner creates objects in public (PostgreSQL 15's
    # default; on 14 and earlier a non-superuser owner of the database is not the
    # schema's owner and gets a warning: docs/security.md has the one line to run).
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    for statement in _functions(DEFINER):
        op.execute(statement)
    # 4. Same arguments, another result: dropped and made again, then granted again.
    op.execute("DROP FUNCTION public.cm_user_enable(text, boolean)")
    op.execute(_user_enable(DEFINER, "integer"))
    op.execute("REVOKE ALL ON FUNCTION public.cm_user_enable(text, boolean) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION public.cm_user_enable(text, boolean) TO {COORD}")
    # 2. A link's contact must be one the person sees (restrictive: AND-ed with the
    # case's policy).
    op.execute(f"CREATE POLICY contact_visible_add ON public.case_contacts AS RESTRICTIVE "
               f"FOR INSERT TO {APP} WITH CHECK (public.cm_contact_visible(contact_id))")
    op.execute(f"CREATE POLICY contact_visible_change ON public.case_contacts AS RESTRICTIVE "
               f"FOR UPDATE TO {APP} USING (true) "
               "WITH CHECK (public.cm_contact_visible(contact_id))")
    # 3. Restricting, lifting a restriction, re-assigning a restricted case.
    op.execute(RESTRICTION_GUARD)
    op.execute("CREATE TRIGGER cases_restriction_coordinators BEFORE UPDATE "
               "OF restricted, assigned_to ON public.cases FOR EACH ROW "
               "EXECUTE FUNCTION public.cm_guard_restriction()")
    # 5. Settings: read by all; written by coordinators; the reference counter moved on
    # by whoever creates a case.
    op.execute("ALTER TABLE public.settings ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY settings_read ON public.settings FOR SELECT TO {APP} "
               "USING (true)")
    op.execute(f"CREATE POLICY settings_coordinators ON public.settings TO {COORD} "
               "USING (true) WITH CHECK (true)")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON public.settings FROM {CASEW}, {VOLUN}")
    op.execute(NEXT_REFERENCE)
    op.execute("REVOKE ALL ON FUNCTION public.cm_next_reference() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION public.cm_next_reference() TO {APP}")
    # 6. A fuzzy-search word is read by who may read a search key with it (name_keys'
    # own policies: the case visible, for volunteers no document or partner keys).
    op.execute("ALTER TABLE public.search_vocab ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY vocab_read ON public.search_vocab FOR SELECT TO {APP} "
               "USING (EXISTS (SELECT 1 FROM public.name_keys k "
               "WHERE k.key = search_vocab.key))")
    op.execute(f"CREATE POLICY vocab_add ON public.search_vocab FOR INSERT TO {APP} "
               "WITH CHECK (true)")
    # 9. An entry about a case is added only by who sees the case (coordinators: any,
    # a deleted case's included).
    op.execute(f"CREATE POLICY audit_case_visible ON public.audit_entries AS RESTRICTIVE "
               f"FOR INSERT TO {APP} WITH CHECK (case_id IS NULL "
               "OR public.cm_role() = 'coordinator' OR public.cm_case_visible(case_id))")
    # 7. Partners' references (kind 'ext') are hidden from volunteers like documents.
    op.execute("DROP POLICY volunteer_limits ON public.name_keys")
    op.execute(f"CREATE POLICY volunteer_limits ON public.name_keys AS RESTRICTIVE "
               f"TO {VOLUN} USING (kind NOT IN ('doc', 'ext'))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY volunteer_limits ON public.name_keys")
    op.execute(f"CREATE POLICY volunteer_limits ON public.name_keys AS RESTRICTIVE "
               f"TO {VOLUN} USING (kind <> 'doc')")
    op.execute("DROP POLICY IF EXISTS audit_case_visible ON public.audit_entries")
    for policy in ("vocab_read", "vocab_add"):
        op.execute(f"DROP POLICY IF EXISTS {policy} ON public.search_vocab")
    op.execute("ALTER TABLE public.search_vocab DISABLE ROW LEVEL SECURITY")
    for policy in ("settings_read", "settings_coordinators"):
        op.execute(f"DROP POLICY IF EXISTS {policy} ON public.settings")
    op.execute("DROP FUNCTION IF EXISTS public.cm_next_reference()")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON public.settings TO {CASEW}, {VOLUN}")
    op.execute("ALTER TABLE public.settings DISABLE ROW LEVEL SECURITY")
    op.execute("DROP TRIGGER IF EXISTS cases_restriction_coordinators ON public.cases")
    op.execute("DROP FUNCTION IF EXISTS public.cm_guard_restriction()")
    for policy in ("contact_visible_add", "contact_visible_change"):
        op.execute(f"DROP POLICY IF EXISTS {policy} ON public.case_contacts")
    op.execute("DROP FUNCTION public.cm_user_enable(text, boolean)")
    op.execute(_user_enable(OLD_DEFINER, "void"))
    op.execute("REVOKE ALL ON FUNCTION public.cm_user_enable(text, boolean) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION public.cm_user_enable(text, boolean) TO {COORD}")
    # The functions keep their qualified bodies (they work under either path); CREATE
    # on public is not given back to PUBLIC.
    for statement in _functions(OLD_DEFINER, hardened=False):
        op.execute(statement)
