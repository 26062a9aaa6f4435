"""what a fresh tester did on a real server, answered by the server (docs/security.md,
"Hardening 0015")

1. Merging publishes nothing: when the case folded away or the kept case is
   restricted, the kept case becomes restricted and the people named on the other
   (its caseworker included) are named on it too (a trigger on `merged_into_id`).
2. Every change to a case and to the rows that hang off it leaves an audit entry under
   the session's login, psql included: the stamp trigger writes the transaction's id
   into each entry (`audit_entries.xact`), and a deferred constraint trigger on each of
   those tables checks at commit that the transaction wrote an entry about that case;
   otherwise it writes one itself (action `direct_change`, the table as entity, the
   operation and the changed columns) and moves the case's `version` and `updated_at`
   on, so an editor open on the case sees that it changed.
3. `search_vocab` is no oracle: the roles add words only through `cm_add_vocabulary`,
   which keeps the words some search key has and never says which were there.
4. An audit entry's `case_reference` is the reference of its `case_id` (the stamp
   trigger sets one from the other), so an entry cannot name a case it is not about.
5. Only coordinators create a case restricted or already merged (INSERT too).
6. An import's record is stamped by the server (its login, its time) and changed only
   by the import that wrote it (its counts) or by a coordinator; only coordinators
   delete one.
7. Coordinators give someone a new first password (`cm_user_reset_password`); the
   server takes only a well-formed SCRAM-SHA-256 verifier (`cm_user_add` too); the last
   active coordinator stays one; a role change records the old role; only caseworkers
   and coordinators are named on a restricted case.

Revision ID: 0015_server_keeps_the_log
Revises: 0014_tighten_roles
"""

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0015_server_keeps_the_log"
down_revision = "0014_tighten_roles"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
NOW = "pg_catalog.timezone('utc', pg_catalog.now())"

# The case's own rows: a change to any of them is a change to the case. Search keys
# (name_keys, search_vocab) are derived from these and rewritten by the client.
CASE_TABLES = (
    "cases", "aliases", "citizenships", "identity_documents", "external_references",
    "case_tags", "status_changes", "custody_periods", "media_appearances", "case_contacts",
    "appeals", "events", "attachments", "tasks", "disclosures", "exchange_listings",
    "case_members", "import_cases",
)


def _valid_verifier() -> str:
    # SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, the keys 32 bytes each.
    return f"""CREATE FUNCTION public.cm_valid_verifier(verifier text) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE {DEFINER} AS $$
        DECLARE parts text[];
        BEGIN
          parts := pg_catalog.regexp_match(verifier,
            '^SCRAM-SHA-256\\$([0-9]{{1,7}}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$');
          IF parts IS NULL OR parts[1]::integer < 1000 THEN
            RETURN false;
          END IF;
          RETURN pg_catalog.length(pg_catalog.decode(parts[2], 'base64')) >= 8
             AND pg_catalog.length(pg_catalog.decode(parts[3], 'base64')) = 32
             AND pg_catalog.length(pg_catalog.decode(parts[4], 'base64')) = 32;
        EXCEPTION WHEN OTHERS THEN
          RETURN false;
        END $$"""


def _log(action: str, changes: str) -> str:
    return ("INSERT INTO public.audit_entries (at, actor, action, entity, case_reference, "
            f"changes) VALUES ({NOW}, session_user::text, {action}, 'person', '', {changes});")


PERSON_ROLE = f"""CREATE FUNCTION public.cm_person_role(login text) RETURNS text
    LANGUAGE sql STABLE {DEFINER} AS $$
    SELECT CASE
      WHEN NOT public.cm_is_person($1) THEN ''
      WHEN pg_catalog.pg_has_role($1::name, '{COORD}', 'MEMBER') THEN 'coordinator'
      WHEN pg_catalog.pg_has_role($1::name, '{CASEW}', 'MEMBER') THEN 'caseworker'
      WHEN pg_catalog.pg_has_role($1::name, '{VOLUN}', 'MEMBER') THEN 'volunteer'
      ELSE '' END $$"""

BAD_VERIFIER = """RAISE EXCEPTION 'give the SCRAM-SHA-256 verifier of the new password, not the password'
              USING ERRCODE = '22023';"""


def _people_functions() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION public.cm_user_add(login text, role text, verifier text)
        RETURNS void LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF login !~ '^[a-z_][a-z0-9_.-]{{0,62}}$' THEN
            RAISE EXCEPTION 'invalid login name %', login USING ERRCODE = '22023';
          END IF;
          IF verifier IS NULL OR NOT public.cm_valid_verifier(verifier) THEN
            {BAD_VERIFIER}
          END IF;
          IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = login::name) THEN
            RAISE EXCEPTION 'a login named % already exists on this server', login
              USING ERRCODE = '42710';
          END IF;
          EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I',
                         login, verifier, 'casemanager_' || role);
          INSERT INTO public.cm_first_passwords (login) VALUES (login) ON CONFLICT DO NOTHING;
          {_log("'add_person'", "pg_catalog.json_build_object('login', "
                "pg_catalog.json_build_array('', login), 'role', "
                "pg_catalog.json_build_array('', role))")}
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_user_role(login text, role text) RETURNS void
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE old text;
        BEGIN
          -- one change of roles at a time: two coordinators demoting each other at once
          -- would each see the other still a coordinator
          PERFORM pg_catalog.pg_advisory_xact_lock(7455021);
          IF role NOT IN ('coordinator', 'caseworker', 'volunteer') THEN
            RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
          END IF;
          IF NOT public.cm_is_person(login::text) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          old := public.cm_person_role(login);
          IF old = 'coordinator' AND role <> 'coordinator' AND public.cm_role() <> ''
             AND NOT EXISTS (
               SELECT 1 FROM pg_catalog.pg_auth_members m
               JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
               JOIN pg_catalog.pg_roles r ON r.oid = m.member
               WHERE g.rolname = '{COORD}' AND r.rolname <> login::name
                 AND r.rolcanlogin AND NOT r.rolsuper) THEN
            RAISE EXCEPTION '% is the last active coordinator: make someone else coordinator first',
              login USING ERRCODE = '22023';
          END IF;
          EXECUTE pg_catalog.format('REVOKE {COORD}, {CASEW}, {VOLUN} FROM %I', login);
          EXECUTE pg_catalog.format('GRANT %I TO %I', 'casemanager_' || role, login);
          {_log("'change_role'", "pg_catalog.json_build_object('login', "
                "pg_catalog.json_build_array(login, login), 'role', "
                "pg_catalog.json_build_array(old, role))")}
        END $$""",
        f"""CREATE OR REPLACE FUNCTION public.cm_change_password(verifier text) RETURNS void
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
          IF NOT public.cm_is_person(session_user::text) THEN
            RAISE EXCEPTION 'only people of Case Manager change their password here'
              USING ERRCODE = '42501';
          END IF;
          IF verifier IS NULL OR NOT public.cm_valid_verifier(verifier) THEN
            {BAD_VERIFIER}
          END IF;
          EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', session_user, verifier);
          DELETE FROM public.cm_first_passwords f WHERE f.login = session_user::text;
        END $$""",
        # A coordinator gives someone a new first password (they forgot theirs): it
        # works only for choosing their own, like the one `user add` showed.
        f"""CREATE FUNCTION public.cm_user_reset_password(login text, verifier text)
        RETURNS void LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
          IF NOT public.cm_is_person(login) THEN
            RAISE EXCEPTION 'no person named % on this server', login USING ERRCODE = '42704';
          END IF;
          IF verifier IS NULL OR NOT public.cm_valid_verifier(verifier) THEN
            {BAD_VERIFIER}
          END IF;
          EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', login, verifier);
          INSERT INTO public.cm_first_passwords (login) VALUES (login) ON CONFLICT DO NOTHING;
          {_log("'reset_password'", "pg_catalog.json_build_object('login', "
                "pg_catalog.json_build_array(login, login))")}
        END $$""",
        "REVOKE ALL ON FUNCTION public.cm_user_reset_password(text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION public.cm_user_reset_password(text, text) TO {COORD}",
    ]


# 2. and 4. The stamp: who, when, in which transaction; the reference is the case's.
AUDIT_STAMP = f"""CREATE OR REPLACE FUNCTION public.cm_audit_stamp() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE ref text; found_id integer;
    BEGIN
      NEW.xact := pg_catalog.txid_current();
      IF public.cm_role() = '' THEN
        RETURN NEW;  -- the owner's maintenance is taken as written
      END IF;
      NEW.actor := session_user::text;
      NEW.at := {NOW};
      IF NEW.action = 'direct_change' AND pg_catalog.pg_trigger_depth() < 2 THEN
        -- only cm_log_direct_change writes these (from its trigger, one level down)
        RAISE EXCEPTION 'the server writes the direct_change entries itself'
          USING ERRCODE = '42501';
      END IF;
      IF NEW.case_id IS NOT NULL THEN
        SELECT c.reference INTO ref FROM public.cases c WHERE c.id = NEW.case_id;
        IF ref IS NOT NULL THEN
          NEW.case_reference := ref;
        ELSIF public.cm_role() <> 'coordinator' THEN
          RAISE EXCEPTION 'an audit entry must name a case that exists' USING ERRCODE = '42501';
        END IF;
      ELSIF COALESCE(NEW.case_reference, '') <> '' THEN
        SELECT c.id INTO found_id FROM public.cases c WHERE c.reference = NEW.case_reference;
        IF found_id IS NOT NULL THEN
          NEW.case_id := found_id;  -- and the policies then ask whether it is visible
        ELSIF public.cm_role() <> 'coordinator' THEN
          RAISE EXCEPTION 'an audit entry must name a case that exists' USING ERRCODE = '42501';
        END IF;
      END IF;
      RETURN NEW;
    END $$"""

# 2. At commit: did the transaction say what it did to this case? If not, say it.
DIRECT_CHANGE = f"""CREATE FUNCTION public.cm_log_direct_change() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
      x bigint := pg_catalog.txid_current();
      o jsonb; n jsonb; row_data jsonb; changes jsonb := '{{}}'::jsonb;
      cid integer; ref text; k text; entry integer; earlier jsonb;
      first_direct boolean;
    BEGIN
      -- (compiled for each table apart: only the branch for this table is ever run)
      IF TG_TABLE_NAME = 'cases' AND TG_OP = 'DELETE' THEN
        cid := OLD.id;
      ELSIF TG_TABLE_NAME = 'cases' THEN
        cid := NEW.id;
      ELSIF TG_OP = 'DELETE' THEN
        cid := OLD.case_id;
      ELSE
        cid := NEW.case_id;
      END IF;
      IF EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x AND a.case_id = cid
                 AND (a.action NOT IN ('direct_change', 'view', 'export', 'disclose', 'list')
                      OR (a.action = 'disclose' AND TG_TABLE_NAME = 'disclosures'))) THEN
        RETURN NULL;  -- the application's own entry tells what it did (a read does not)
      END IF;
      IF TG_OP <> 'INSERT' THEN o := pg_catalog.to_jsonb(OLD); END IF;
      IF TG_OP <> 'DELETE' THEN n := pg_catalog.to_jsonb(NEW); END IF;
      row_data := COALESCE(n, o);
      IF TG_OP = 'UPDATE' THEN
        FOR k IN SELECT pg_catalog.jsonb_object_keys(n) LOOP
          IF k NOT IN ('version', 'updated_at') AND (n -> k) IS DISTINCT FROM (o -> k) THEN
            changes := changes || pg_catalog.jsonb_build_object(k, pg_catalog.jsonb_build_array(
              pg_catalog.left(COALESCE(o ->> k, ''), 200),
              pg_catalog.left(COALESCE(n ->> k, ''), 200)));
          END IF;
        END LOOP;
        IF changes = '{{}}'::jsonb THEN
          RETURN NULL;  -- nothing but the version moved (this function's own update)
        END IF;
      ELSIF TG_OP = 'INSERT' THEN
        changes := pg_catalog.jsonb_build_object('id', pg_catalog.jsonb_build_array(
          '', row_data ->> 'id'));
      ELSE
        changes := pg_catalog.jsonb_build_object('id', pg_catalog.jsonb_build_array(
          row_data ->> 'id', ''));
      END IF;
      SELECT c.reference INTO ref FROM public.cases c WHERE c.id = cid;
      IF ref IS NULL AND TG_TABLE_NAME = 'cases' THEN ref := row_data ->> 'reference'; END IF;
      IF ref IS NULL THEN  -- the case was deleted in this transaction: its entry has it
        SELECT a.case_reference INTO ref FROM public.audit_entries a
          WHERE a.xact = x AND a.case_id = cid AND a.case_reference <> '' LIMIT 1;
      END IF;
      SELECT NOT EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x
                         AND a.case_id = cid) INTO first_direct;
      SELECT a.id, a.changes::jsonb INTO entry, earlier FROM public.audit_entries a
        WHERE a.xact = x AND a.case_id = cid AND a.action = 'direct_change'
          AND a.entity = TG_TABLE_NAME AND a.changes::jsonb -> 'operation' ->> 1 = TG_OP
        ORDER BY a.id LIMIT 1;
      IF entry IS NOT NULL THEN  -- one entry per table and operation: add to it
        FOR k IN SELECT pg_catalog.jsonb_object_keys(changes) LOOP
          IF earlier ? k AND TG_OP = 'UPDATE' THEN
            earlier := earlier || pg_catalog.jsonb_build_object(k, pg_catalog.jsonb_build_array(
              earlier -> k ->> 0, changes -> k ->> 1));
          ELSIF earlier ? k THEN
            earlier := earlier || pg_catalog.jsonb_build_object(k, pg_catalog.jsonb_build_array(
              pg_catalog.concat_ws(', ', NULLIF(earlier -> k ->> 0, ''), NULLIF(changes -> k ->> 0, '')),
              pg_catalog.concat_ws(', ', NULLIF(earlier -> k ->> 1, ''), NULLIF(changes -> k ->> 1, ''))));
          ELSE
            earlier := earlier || pg_catalog.jsonb_build_object(k, changes -> k);
          END IF;
        END LOOP;
        UPDATE public.audit_entries SET changes = earlier::json WHERE id = entry;
      ELSE
        INSERT INTO public.audit_entries (at, actor, action, entity, entity_id, case_id,
                                          case_reference, changes)
        VALUES ({NOW}, session_user::text, 'direct_change', TG_TABLE_NAME,
                (row_data ->> 'id')::integer, cid, COALESCE(ref, ''),
                (pg_catalog.jsonb_build_object('operation', pg_catalog.jsonb_build_array('', TG_OP))
                 || changes)::json);
      END IF;
      IF first_direct THEN  -- an editor open on the case sees it changed
        UPDATE public.cases SET version = version + 1, updated_at = {NOW} WHERE id = cid;
      END IF;
      RETURN NULL;
    END $$"""

# 1. Merging keeps the union of protection.
MERGE_PROTECTION = f"""CREATE FUNCTION public.cm_merge_keeps_restriction() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE keep_restricted boolean; keep_assignee text; wider text;
    BEGIN
      SELECT c.restricted, c.assigned_to INTO keep_restricted, keep_assignee
        FROM public.cases c WHERE c.id = NEW.merged_into_id;
      IF NOT NEW.restricted THEN
        RETURN NEW;  -- an open case's facts moving into a restricted one: nobody sees more
      END IF;
      -- Whoever sees the merged case must have seen both (caseworkers: named or assigned).
      WITH other_seers AS (
             SELECT m.login FROM public.case_members m WHERE m.case_id = NEW.id
             UNION SELECT NEW.assigned_to),
           keep_seers AS (
             SELECT m.login FROM public.case_members m
               WHERE m.case_id = NEW.merged_into_id AND keep_restricted
             UNION SELECT keep_assignee),
           differ AS (
             (SELECT login FROM keep_seers EXCEPT SELECT login FROM other_seers)
             UNION
             (SELECT login FROM other_seers WHERE keep_restricted
              EXCEPT SELECT login FROM keep_seers))
      SELECT pg_catalog.string_agg(d.login, ', ' ORDER BY d.login) INTO wider FROM differ d
        WHERE COALESCE(d.login, '') <> '' AND public.cm_person_role(d.login) = 'caseworker';
      IF wider IS NOT NULL THEN
        RAISE EXCEPTION 'merging would show a restricted case to %, who may not see both: name them on both or assign the cases to someone named on both, then merge',
          wider USING ERRCODE = '42501';
      END IF;
      IF NOT keep_restricted THEN
        UPDATE public.cases SET restricted = true WHERE id = NEW.merged_into_id;
      END IF;
      INSERT INTO public.case_members (case_id, login)
        SELECT NEW.merged_into_id, l.login FROM (
          SELECT m.login FROM public.case_members m WHERE m.case_id = NEW.id
          UNION SELECT NEW.assigned_to WHERE NEW.restricted
        ) l
        WHERE COALESCE(l.login, '') <> '' AND l.login IS DISTINCT FROM keep_assignee
          AND public.cm_person_role(l.login) IN ('coordinator', 'caseworker')
      ON CONFLICT DO NOTHING;
      RETURN NEW;
    END $$"""

# 5. Restricted or merged from the start: coordinators only.
INSERT_GUARD = f"""CREATE FUNCTION public.cm_guard_new_case() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
      IF public.cm_role() IN ('caseworker', 'volunteer') THEN
        IF NEW.restricted THEN
          RAISE EXCEPTION 'only coordinators restrict a case or lift a restriction'
            USING ERRCODE = '42501';
        END IF;
        IF NEW.merged_into_id IS NOT NULL THEN
          RAISE EXCEPTION 'only coordinators merge cases or undo a merge'
            USING ERRCODE = '42501';
        END IF;
      END IF;
      RETURN NEW;
    END $$"""

# 7. Named on a restricted case: caseworkers and coordinators of this server.
MEMBER_GUARD = f"""CREATE FUNCTION public.cm_guard_member() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE r text := public.cm_person_role(NEW.login);
    BEGIN
      IF r = 'volunteer' THEN
        RAISE EXCEPTION '% is a volunteer: volunteers never see restricted cases', NEW.login
          USING ERRCODE = '22023';
      ELSIF r = '' THEN
        RAISE EXCEPTION 'no person named % on this server', NEW.login USING ERRCODE = '42704';
      END IF;
      RETURN NEW;
    END $$"""

# 3. Words for fuzzy search, added without saying which were there.
ADD_VOCABULARY = f"""CREATE FUNCTION public.cm_add_vocabulary(keys text[]) RETURNS void
    LANGUAGE sql {DEFINER} AS $$
    INSERT INTO public.search_vocab (key)
      SELECT DISTINCT k FROM pg_catalog.unnest(keys) AS k
      WHERE EXISTS (SELECT 1 FROM public.name_keys n WHERE n.key = k)
    ON CONFLICT DO NOTHING $$"""

# 6. An import's record.
IMPORT_STAMP = f"""CREATE FUNCTION public.cm_import_stamp() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        NEW.xact := pg_catalog.txid_current();
        IF public.cm_role() <> '' THEN
          NEW.actor := session_user::text;
          NEW.at := {NOW};
        END IF;
        RETURN NEW;
      END IF;
      IF public.cm_role() = '' THEN
        RETURN NEW;
      END IF;
      IF NEW.actor IS DISTINCT FROM OLD.actor OR NEW.at IS DISTINCT FROM OLD.at
         OR NEW.xact IS DISTINCT FROM OLD.xact OR NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'who imported a list and when is the server''s record'
          USING ERRCODE = '42501';
      END IF;
      IF public.cm_role() <> 'coordinator'
         AND OLD.xact IS DISTINCT FROM pg_catalog.txid_current() THEN
        RAISE EXCEPTION 'only coordinators change the record of an import'
          USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$"""


def _upgrade_statements() -> list[str]:
    out = [_valid_verifier(), PERSON_ROLE, *_people_functions()]
    # 2. and 4.
    out.append("ALTER TABLE public.audit_entries ADD COLUMN xact bigint")
    out.append("CREATE INDEX ix_audit_entries_xact ON public.audit_entries (xact, case_id)")
    out.append(AUDIT_STAMP)
    out.append(DIRECT_CHANGE)
    for table in CASE_TABLES:
        out.append(f"CREATE CONSTRAINT TRIGGER {table}_logged AFTER INSERT OR UPDATE OR DELETE "
                   f"ON public.{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                   "EXECUTE FUNCTION public.cm_log_direct_change()")
    # 1.
    out.append(MERGE_PROTECTION)
    out.append("CREATE TRIGGER cases_merge_keeps_restriction BEFORE UPDATE OF merged_into_id "
               "ON public.cases FOR EACH ROW WHEN (NEW.merged_into_id IS NOT NULL AND "
               "OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id) "
               "EXECUTE FUNCTION public.cm_merge_keeps_restriction()")
    # 5.
    out.append(INSERT_GUARD)
    out.append("CREATE TRIGGER cases_new_restriction_coordinators BEFORE INSERT "
               "ON public.cases FOR EACH ROW EXECUTE FUNCTION public.cm_guard_new_case()")
    # 7.
    out.append(MEMBER_GUARD)
    out.append("CREATE TRIGGER case_members_people BEFORE INSERT OR UPDATE OF login "
               "ON public.case_members FOR EACH ROW EXECUTE FUNCTION public.cm_guard_member()")
    # 3.
    out.append("DROP POLICY IF EXISTS vocab_add ON public.search_vocab")
    out.append(f"REVOKE INSERT, UPDATE, DELETE ON public.search_vocab FROM {APP}")
    out.append(ADD_VOCABULARY)
    out.append("REVOKE ALL ON FUNCTION public.cm_add_vocabulary(text[]) FROM PUBLIC")
    out.append(f"GRANT EXECUTE ON FUNCTION public.cm_add_vocabulary(text[]) TO {APP}")
    # 6.
    out.append("ALTER TABLE public.imports ADD COLUMN xact bigint")
    out.append(IMPORT_STAMP)
    out.append("CREATE TRIGGER imports_stamp BEFORE INSERT OR UPDATE ON public.imports "
               "FOR EACH ROW EXECUTE FUNCTION public.cm_import_stamp()")
    out.append(f"REVOKE DELETE ON public.imports FROM {CASEW}, {VOLUN}")
    return out


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _upgrade_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS imports_stamp ON public.imports")
    op.execute("DROP FUNCTION IF EXISTS public.cm_import_stamp()")
    op.execute("ALTER TABLE public.imports DROP COLUMN IF EXISTS xact")
    op.execute(f"GRANT DELETE ON public.imports TO {CASEW}")
    op.execute("DROP FUNCTION IF EXISTS public.cm_add_vocabulary(text[])")
    op.execute(f"GRANT INSERT ON public.search_vocab TO {APP}")
    op.execute(f"CREATE POLICY vocab_add ON public.search_vocab FOR INSERT TO {APP} "
               "WITH CHECK (true)")
    op.execute("DROP TRIGGER IF EXISTS case_members_people ON public.case_members")
    op.execute("DROP FUNCTION IF EXISTS public.cm_guard_member()")
    op.execute("DROP TRIGGER IF EXISTS cases_new_restriction_coordinators ON public.cases")
    op.execute("DROP FUNCTION IF EXISTS public.cm_guard_new_case()")
    op.execute("DROP TRIGGER IF EXISTS cases_merge_keeps_restriction ON public.cases")
    op.execute("DROP FUNCTION IF EXISTS public.cm_merge_keeps_restriction()")
    for table in CASE_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_logged ON public.{table}")
    op.execute("DROP FUNCTION IF EXISTS public.cm_log_direct_change()")
    op.execute("DROP INDEX IF EXISTS public.ix_audit_entries_xact")
    op.execute("ALTER TABLE public.audit_entries DROP COLUMN IF EXISTS xact")
    op.execute(f"""CREATE OR REPLACE FUNCTION public.cm_audit_stamp() RETURNS trigger
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
          IF public.cm_role() <> '' THEN
            NEW.actor := session_user::text;
            NEW.at := {NOW};
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("DROP FUNCTION IF EXISTS public.cm_user_reset_password(text, text)")
    # 0014's people functions again (they call neither function dropped below).
    for statement in _revision_0014()._functions(DEFINER):
        op.execute(statement)
    op.execute("DROP FUNCTION IF EXISTS public.cm_person_role(text)")
    op.execute("DROP FUNCTION IF EXISTS public.cm_valid_verifier(text)")


def _revision_0014() -> ModuleType:
    """0014's module (its file name is no Python name), for its functions' text."""
    path = Path(__file__).with_name("0014_tighten_roles.py")
    spec = importlib.util.spec_from_file_location("cm_revision_0014", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
