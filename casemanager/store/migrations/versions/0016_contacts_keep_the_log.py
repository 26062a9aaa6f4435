"""a change to a contact is logged by the server too (docs/security.md, "Hardening 0016")

0015 logs every change to a case and to the rows hanging off it, psql included. Contacts
(families, lawyers, embassies) are shared records linked to cases through
`case_contacts`, not rows of one case, so a caseworker who changed a family's phone or
address with psql, or a coordinator who deleted a contact, left no trace.

1. A deferred constraint trigger on `contacts` and `contact_channels` checks at commit
   whether the transaction wrote the application's own entry about that contact
   (entity `contact`, its id) or about a case it is linked to (what a bundle received
   writes); a read (`view`, `export`, `disclose`, `list`) does not count. If not, it
   writes one itself under the session's login: action `direct_change`, the table as
   entity, the contact's id as entity_id, `operation` and the changed columns with
   their old and new values cut at 200 characters (a channel under its kind: `phone`,
   `email`, `messenger`, its value and label; a contact added or deleted: all it held).
   A channel deleted with its contact goes into the contact's entry.
2. One such entry for each case the contact is linked to (or was, in that transaction),
   with its `case_id`: the case's history shows it, and the row-level policies on
   `audit_entries` keep it exactly as visible as the case, so a restricted case's family
   is never shown to someone who cannot see the case. A contact linked to no case gets
   one entry about no case (read by every caseworker, as the contact itself is).
   One entry per case, table, contact and operation in a transaction.
3. A link removed (its contact deleted, the case deleted or merged away, an unlink) is
   remembered until commit in `cm_contact_links_gone`, which no role reads or writes,
   so the contact's entry still reaches the cases it was linked to.
4. A partial index on `audit_entries (xact, entity_id)` for the entries about contacts:
   the check at commit finds the application's entry without reading every entry of a
   transaction that wrote thousands (a demo's); without it the demo took twice as long.

Unlike 0015, the case's `version` does not move: a contact is no part of the case's row
(the application's own contact edits do not move it either).

SQLite: nothing to do (a file has no roles).

Revision ID: 0016_contacts_keep_the_log
Revises: 0015_server_keeps_the_log
"""

from alembic import op

revision = "0016_contacts_keep_the_log"
down_revision = "0015_server_keeps_the_log"
branch_labels = None
depends_on = None

COORD, CASEW, VOLUN = "casemanager_coordinator", "casemanager_caseworker", "casemanager_volunteer"
APP = f"{COORD}, {CASEW}, {VOLUN}"
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
NOW = "pg_catalog.timezone('utc', pg_catalog.now())"

# A contact and its phones, e-mails and messengers.
CONTACT_TABLES = ("contacts", "contact_channels")

# Entries about a contact: the application's, and the server's.
CONTACT_ENTITIES = "('contact', 'contacts', 'contact_channels')"

# 3. Links gone in this transaction, so the contact's entry reaches their cases.
LINKS_GONE = "cm_contact_links_gone"

REMEMBER_LINK = f"""CREATE FUNCTION public.cm_remember_contact_link() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE x bigint := pg_catalog.txid_current();
    BEGIN
      -- Another transaction's rows seen here are committed ones: their use is over.
      -- (Skip those another transaction is clearing: nobody waits on anybody.)
      DELETE FROM public.{LINKS_GONE} g WHERE g.ctid = ANY (ARRAY(
        SELECT o.ctid FROM public.{LINKS_GONE} o WHERE o.xact <> x FOR UPDATE SKIP LOCKED));
      INSERT INTO public.{LINKS_GONE} (xact, contact_id, case_id)
        VALUES (x, OLD.contact_id, OLD.case_id);
      RETURN NULL;
    END $$"""

# 1. and 2. At commit: did the transaction say what it did to this contact? If not, say
# it on each case the contact is linked to.
CONTACT_CHANGE = f"""CREATE FUNCTION public.cm_log_contact_change() RETURNS trigger
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
      x bigint := pg_catalog.txid_current();
      o jsonb; n jsonb; changes jsonb := '{{}}'::jsonb; earlier jsonb;
      cid integer; case_ids integer[]; c integer; entry integer; ref text; k text;
      what text := TG_TABLE_NAME; op_name text := TG_OP; old_text text; new_text text;
    BEGIN
      IF TG_OP <> 'INSERT' THEN o := pg_catalog.to_jsonb(OLD); END IF;
      IF TG_OP <> 'DELETE' THEN n := pg_catalog.to_jsonb(NEW); END IF;
      IF TG_TABLE_NAME = 'contacts' THEN
        cid := (COALESCE(n, o) ->> 'id')::integer;
      ELSE
        cid := (COALESCE(n, o) ->> 'contact_id')::integer;
      END IF;
      IF EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x
                 AND a.action NOT IN ('direct_change', 'view', 'export', 'disclose', 'list')
                 AND a.entity = 'contact' AND a.entity_id = cid) THEN
        RETURN NULL;  -- the application's own entry tells what it did (a read does not)
      END IF;
      case_ids := ARRAY(SELECT l.case_id FROM public.case_contacts l WHERE l.contact_id = cid
                        UNION
                        SELECT g.case_id FROM public.{LINKS_GONE} g
                        WHERE g.xact = x AND g.contact_id = cid
                        ORDER BY 1);
      IF EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x
                 AND a.case_id = ANY (case_ids)
                 AND a.action NOT IN ('direct_change', 'view', 'export', 'disclose', 'list')) THEN
        RETURN NULL;  -- so does its entry about a linked case (a bundle received)
      END IF;
      IF TG_TABLE_NAME = 'contacts' THEN
        FOR k IN SELECT pg_catalog.jsonb_object_keys(COALESCE(n, o)) LOOP
          CONTINUE WHEN k IN ('created_at', 'updated_at');
          IF (TG_OP = 'UPDATE' AND (n -> k) IS DISTINCT FROM (o -> k))
             OR (TG_OP <> 'UPDATE' AND (k = 'id' OR COALESCE(n, o) ->> k <> '')) THEN
            changes := changes || pg_catalog.jsonb_build_object(k, pg_catalog.jsonb_build_array(
              pg_catalog.left(COALESCE(o ->> k, ''), 200),
              pg_catalog.left(COALESCE(n ->> k, ''), 200)));
          END IF;
        END LOOP;
      ELSE
        -- A channel under its kind (phone, email, messenger): its value and label.
        IF o IS NOT NULL THEN
          old_text := pg_catalog.left(pg_catalog.concat(o ->> 'value', CASE
            WHEN COALESCE(o ->> 'label', '') <> '' THEN ' (' || (o ->> 'label') || ')' END), 200);
        END IF;
        IF n IS NOT NULL THEN
          new_text := pg_catalog.left(pg_catalog.concat(n ->> 'value', CASE
            WHEN COALESCE(n ->> 'label', '') <> '' THEN ' (' || (n ->> 'label') || ')' END), 200);
        END IF;
        IF o IS NOT NULL AND n IS NOT NULL AND o ->> 'kind' = n ->> 'kind' THEN
          IF old_text IS DISTINCT FROM new_text THEN
            changes := pg_catalog.jsonb_build_object(n ->> 'kind',
              pg_catalog.jsonb_build_array(old_text, new_text));
          END IF;
        ELSE
          IF o IS NOT NULL THEN
            changes := changes || pg_catalog.jsonb_build_object(o ->> 'kind',
              pg_catalog.jsonb_build_array(old_text, ''));
          END IF;
          IF n IS NOT NULL THEN
            changes := changes || pg_catalog.jsonb_build_object(n ->> 'kind',
              pg_catalog.jsonb_build_array('', new_text));
          END IF;
        END IF;
        IF o IS NOT NULL AND n IS NOT NULL
           AND (o -> 'contact_id') IS DISTINCT FROM (n -> 'contact_id') THEN
          changes := changes || pg_catalog.jsonb_build_object('contact_id',
            pg_catalog.jsonb_build_array(o ->> 'contact_id', n ->> 'contact_id'));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.contacts ct WHERE ct.id = cid) THEN
          what := 'contacts';  -- deleted with its contact: part of the contact's entry
          op_name := 'DELETE';
        END IF;
      END IF;
      IF changes = '{{}}'::jsonb THEN
        RETURN NULL;  -- nothing but the time of the last change moved
      END IF;
      IF pg_catalog.cardinality(case_ids) = 0 THEN
        case_ids := ARRAY[NULL]::integer[];  -- linked to no case: one entry about none
      END IF;
      -- (`entity IN (...)` lets the server use the index of contacts' entries)
      IF NOT EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x
                     AND a.entity IN ('contacts', 'contact_channels')
                     AND a.action = 'direct_change' AND a.entity = what AND a.entity_id = cid
                     AND a.changes::jsonb -> 'operation' ->> 1 = op_name) THEN
        -- The first of its kind: all the cases' entries at once (an embassy may be
        -- linked to thousands of cases).
        INSERT INTO public.audit_entries (at, actor, action, entity, entity_id, case_id,
                                          case_reference, changes)
        SELECT {NOW}, session_user::text, 'direct_change', what, cid, u.c,
               COALESCE(cs.reference, ''),
               (pg_catalog.jsonb_build_object('operation',
                  pg_catalog.jsonb_build_array('', op_name)) || changes)::json
          FROM pg_catalog.unnest(case_ids) AS u(c) LEFT JOIN public.cases cs ON cs.id = u.c
          ORDER BY u.c;
        RETURN NULL;
      END IF;
      FOREACH c IN ARRAY case_ids LOOP
        IF c IS NULL THEN
          SELECT a.id, a.changes::jsonb INTO entry, earlier FROM public.audit_entries a
            WHERE a.xact = x AND a.case_id IS NULL
              AND a.action = 'direct_change' AND a.entity IN ('contacts', 'contact_channels')
              AND a.entity = what AND a.entity_id = cid
              AND a.changes::jsonb -> 'operation' ->> 1 = op_name
            ORDER BY a.id LIMIT 1;
        ELSE
          SELECT a.id, a.changes::jsonb INTO entry, earlier FROM public.audit_entries a
            WHERE a.xact = x AND a.case_id = c  -- the index on (xact, case_id)
              AND a.action = 'direct_change' AND a.entity = what AND a.entity_id = cid
              AND a.changes::jsonb -> 'operation' ->> 1 = op_name
            ORDER BY a.id LIMIT 1;
        END IF;
        IF entry IS NOT NULL THEN  -- one entry per case, table, contact and operation
          FOR k IN SELECT pg_catalog.jsonb_object_keys(changes) LOOP
            IF earlier ? k AND TG_TABLE_NAME = 'contacts' AND TG_OP = 'UPDATE' THEN
              -- the same row again: from its first value to its last
              earlier := earlier || pg_catalog.jsonb_build_object(k,
                pg_catalog.jsonb_build_array(earlier -> k ->> 0, changes -> k ->> 1));
            ELSIF earlier ? k THEN  -- another row (a second phone): both are named
              earlier := earlier || pg_catalog.jsonb_build_object(k, pg_catalog.jsonb_build_array(
                pg_catalog.concat_ws(', ', NULLIF(earlier -> k ->> 0, ''),
                                     NULLIF(changes -> k ->> 0, '')),
                pg_catalog.concat_ws(', ', NULLIF(earlier -> k ->> 1, ''),
                                     NULLIF(changes -> k ->> 1, ''))));
            ELSE
              earlier := earlier || pg_catalog.jsonb_build_object(k, changes -> k);
            END IF;
          END LOOP;
          UPDATE public.audit_entries SET changes = earlier::json WHERE id = entry;
        ELSE
          SELECT cs.reference INTO ref FROM public.cases cs WHERE cs.id = c;
          INSERT INTO public.audit_entries (at, actor, action, entity, entity_id, case_id,
                                            case_reference, changes)
          VALUES ({NOW}, session_user::text, 'direct_change', what, cid, c,
                  COALESCE(ref, ''),
                  (pg_catalog.jsonb_build_object('operation',
                     pg_catalog.jsonb_build_array('', op_name)) || changes)::json);
        END IF;
      END LOOP;
      RETURN NULL;
    END $$"""


def _upgrade_statements() -> list[str]:
    out = [
        f"CREATE TABLE public.{LINKS_GONE} (xact bigint NOT NULL, contact_id integer NOT NULL, "
        "case_id integer NOT NULL)",
        f"CREATE INDEX ix_{LINKS_GONE}_xact ON public.{LINKS_GONE} (xact, contact_id)",
        # 0007's default privileges gave a new table to coordinators and caseworkers.
        f"REVOKE ALL ON public.{LINKS_GONE} FROM PUBLIC, {APP}",
        # The entries about contacts in a transaction, found without reading all of its
        # entries (a demo's or an import's transaction writes thousands).
        "CREATE INDEX ix_audit_entries_xact_contact ON public.audit_entries (xact, entity_id) "
        f"WHERE entity IN {CONTACT_ENTITIES}",
        REMEMBER_LINK,
        "CREATE TRIGGER case_contacts_remember AFTER DELETE OR UPDATE OF case_id, contact_id "
        "ON public.case_contacts FOR EACH ROW EXECUTE FUNCTION public.cm_remember_contact_link()",
        CONTACT_CHANGE,
    ]
    for table in CONTACT_TABLES:
        out.append(f"CREATE CONSTRAINT TRIGGER {table}_logged AFTER INSERT OR UPDATE OR DELETE "
                   f"ON public.{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                   "EXECUTE FUNCTION public.cm_log_contact_change()")
    return out


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _upgrade_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in CONTACT_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_logged ON public.{table}")
    op.execute("DROP FUNCTION IF EXISTS public.cm_log_contact_change()")
    op.execute("DROP TRIGGER IF EXISTS case_contacts_remember ON public.case_contacts")
    op.execute("DROP FUNCTION IF EXISTS public.cm_remember_contact_link()")
    op.execute("DROP INDEX IF EXISTS public.ix_audit_entries_xact_contact")
    op.execute(f"DROP TABLE IF EXISTS public.{LINKS_GONE}")
