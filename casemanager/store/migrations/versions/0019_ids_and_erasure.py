"""ids of deleted rows are never given again on SQLite (AUTOINCREMENT); a family's
erased contact details leave the server's audit log too

Our records travel to partners under ids made of their row ids (`FINGERPRINT/contact/12`),
the withdrawn-record ledger (`bundle_records`) and the audit log name rows by id. SQLite
without AUTOINCREMENT gives the id of a deleted last row to the next new row: a partner
took our new contact for the deleted family's one (an update of it), or our ledger
mixed the two. With AUTOINCREMENT SQLite keeps the highest id a table ever held in
`sqlite_sequence` and never goes below it. PostgreSQL's sequences never go back.

How: SQLite decides AUTOINCREMENT from the table's CREATE statement alone; the table's
pages are the same. So the statement in `sqlite_schema` is changed in place, by the
`writable_schema` procedure SQLite documents for changes that leave the stored content
as it is (lang_altertable.html, "other kinds of table schema changes": its examples are
constraints and defaults; AUTOINCREMENT is of the same kind, it changes how a new rowid
is chosen, no stored page), with the schema version raised, inside this migration's
transaction: no table is copied (a rebuild of `cases` alone, as Alembic's batch mode
does it, took 200 s at a million cases, its indexes included; 0019 takes under a
second). Every edit is checked to have matched exactly where expected, and each table
is read with its new statement, else the migration stops and nothing changes.

Each table's sequence starts at the highest id the database can know it used: its rows,
the ids the audit log names (deleted records included: `delete_contact` 17), and the
ids in `bundle_records` (records received, withdrawn, sent to partners).

PostgreSQL: the roles may add audit entries, never change one. When a partner withdraws
a family's contact, or the family's consent to share their details (receive.py), the
phones, e-mails, address and notes are erased, and so must be the old -> new values of
the entries that logged edits of them (the application's and 0016's `direct_change`).
`cm_erase_contact_details(contact_id)` (SECURITY DEFINER, for coordinators, who alone
receive bundles) does that, and only in the transaction that logged why (an entry
`withdraw` or `erase_details` about that contact) and once the contact holds no phone,
e-mail, address or notes: nobody can empty the log of a contact that still has them.
Each entry stays (who, when, which action, which fields); its values become
`(erased)`.

The withdrawal itself failed on a server ("you may not change the table
bundle_records"): 0009 made `bundle_records` append-only, and a withdrawn record's row
is retired (`kind` becomes `gone:KIND`) and its `~took/` row dropped. Coordinators may
now do exactly that: UPDATE of `kind` from a record's kind to `gone:…` only, DELETE of
a record's, `took`, `gone` and `gone:…` rows only (restrictive policies); what tells a
replay (`received_bundles`, the `bundle` rows) and what we sent stay append-only.

Revision ID: 0019_ids_and_erasure
Revises: 0018_list_sort_indexes
"""

from __future__ import annotations

import re
from collections import defaultdict

from alembic import op

revision = "0019_ids_and_erasure"
down_revision = "0018_list_sort_indexes"
branch_labels = None
depends_on = None

# Tables with an integer `id` primary key (repeated here: the models may change later).
TABLES = (
    "cases", "aliases", "citizenships", "identity_documents", "external_references",
    "imports", "import_cases", "case_tags", "status_changes", "custody_periods",
    "media_appearances", "contacts", "contact_channels", "case_contacts", "appeals",
    "events", "attachments", "tasks", "exchanges", "exchange_listings", "disclosures",
    "duplicate_dismissals", "case_members", "audit_entries", "org_keys", "partner_keys",
    "received_bundles", "bundle_records", "partner_claims",
)

# The audit log's `entity` (and the kinds in bundle_records) -> the table it names.
ENTITIES = {
    "case": "cases", "contact": "contacts", "case_contact": "case_contacts",
    "link": "case_contacts", "document": "identity_documents",
    "custody": "custody_periods", "media": "media_appearances", "event": "events",
    "appeal": "appeals", "task": "tasks", "status": "status_changes",
    "attachment": "attachments", "exchange": "exchanges", "disclosure": "disclosures",
    "partner_key": "partner_keys", "org_key": "org_keys", "partner_claim": "partner_claims",
    "case_list": "imports", "bundle": "received_bundles", "held": "contacts",
    **{t: t for t in TABLES},  # the server's `direct_change` entries name the table
}


def _autoincrement_sql(table: str, sql: str) -> str:
    """The table's CREATE statement with `id` as `INTEGER PRIMARY KEY AUTOINCREMENT`
    (the primary key keeps its name); ValueError when it is not the expected shape."""
    column = re.compile(r"(\(\s*)id INTEGER NOT NULL(\s*,)")
    constraint = re.compile(rf",\s*CONSTRAINT pk_{table} PRIMARY KEY \(id\)")
    if len(column.findall(sql)) != 1 or len(constraint.findall(sql)) != 1:
        raise ValueError(f"{table}: unexpected CREATE TABLE statement: {sql[:200]}")
    sql = constraint.sub("", sql)
    return column.sub(rf"\1id INTEGER NOT NULL CONSTRAINT pk_{table} PRIMARY KEY "
                      r"AUTOINCREMENT\2", sql)


def _highest_known(conn: object) -> dict[str, int]:
    """Per table, the highest id the database shows it ever used."""
    run = conn.exec_driver_sql  # type: ignore[attr-defined]
    high: dict[str, int] = defaultdict(int)

    def seen(table: str | None, value: object) -> None:
        if table is not None and isinstance(value, int) and value > high[table]:
            high[table] = value

    for table in TABLES:
        seen(table, run(f'SELECT max(id) FROM "{table}"').scalar())
    # One pass over the log: per entity, the highest id named, and every case named.
    for entity, entity_id, case_id in run(
            "SELECT entity, max(entity_id), max(case_id) FROM audit_entries GROUP BY entity"):
        seen(ENTITIES.get(entity), entity_id)
        seen("cases", case_id)
    seen("cases", run("SELECT max(case_id) FROM bundle_records").scalar())
    for kind, local_id in run("SELECT kind, max(local_id) FROM bundle_records "
                              "WHERE kind NOT IN ('took', 'sent_record', 'sent', 'got') "
                              "GROUP BY kind"):
        seen(ENTITIES.get(kind.removeprefix("gone:")), local_id)
    # `~took/FPR/KIND/ID` and `~sent/FPR/CASE/record/KIND/ID`: the kind is in the uid.
    for uid, local_id in run("SELECT uid, local_id FROM bundle_records "
                             "WHERE kind IN ('took', 'sent_record')"):
        parts = str(uid).split("/")
        if len(parts) >= 2:
            seen(ENTITIES.get(parts[-2]), local_id)
    return high


COORD = "casemanager_coordinator"
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
# Entries about a contact: the application's (0007) and the server's (0016).
CONTACT_ENTITIES = "('contact', 'contacts', 'contact_channels')"
# The fields of those entries that hold the family's details (a channel is logged under
# its kind by the server, as `channels` by the application).
DETAILS = "ARRAY['address', 'notes', 'channels', 'phone', 'email', 'messenger']"
ERASED = "(erased)"

APP = f"{COORD}, casemanager_caseworker, casemanager_volunteer"
# The kinds of records a partner may withdraw (receive.WITHDRAWABLE).
RECORD_KINDS = ("('status', 'contact', 'attachment', 'document', 'custody', 'media', "
                "'event', 'appeal')")
WITHDRAWN_UPDATE = (
    f"CREATE POLICY withdrawn_retired ON public.bundle_records AS RESTRICTIVE FOR UPDATE "
    f"TO {APP} USING (kind IN {RECORD_KINDS}) WITH CHECK (kind LIKE 'gone:%')")
WITHDRAWN_DELETE = (
    f"CREATE POLICY withdrawn_forgotten ON public.bundle_records AS RESTRICTIVE FOR DELETE "
    f"TO {APP} USING (kind IN {RECORD_KINDS} OR kind IN ('took', 'gone') "
    "OR kind LIKE 'gone:%')")

ERASE = f"""CREATE FUNCTION public.cm_erase_contact_details(contact_id integer)
    RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE x bigint := pg_catalog.txid_current(); fields text[] := {DETAILS}; n integer;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM public.audit_entries a WHERE a.xact = x
                     AND a.entity = 'contact' AND a.entity_id = $1
                     AND a.action IN ('withdraw', 'erase_details')) THEN
        RAISE EXCEPTION 'the log keeps a contact''s details unless erased and logged why'
          USING ERRCODE = '42501';
      END IF;
      IF EXISTS (SELECT 1 FROM public.contact_channels ch WHERE ch.contact_id = $1)
         OR EXISTS (SELECT 1 FROM public.contacts c WHERE c.id = $1
                    AND (c.address <> '' OR c.notes <> '')) THEN
        RAISE EXCEPTION 'contact % still holds details: the log keeps them', $1
          USING ERRCODE = '42501';
      END IF;
      UPDATE public.audit_entries a SET changes = (
          SELECT pg_catalog.jsonb_object_agg(e.key, CASE
            WHEN NOT e.key = ANY (fields) THEN e.value
            WHEN pg_catalog.jsonb_typeof(e.value) = 'array' THEN (
              SELECT pg_catalog.jsonb_agg(CASE WHEN COALESCE(v #>> '{{}}', '') = '' THEN v
                                          ELSE pg_catalog.to_jsonb('{ERASED}'::text) END
                                          ORDER BY i)
                FROM pg_catalog.jsonb_array_elements(e.value) WITH ORDINALITY AS t(v, i))
            ELSE pg_catalog.to_jsonb('{ERASED}'::text) END)
          FROM pg_catalog.jsonb_each(a.changes::jsonb) e)::json
        WHERE a.entity IN {CONTACT_ENTITIES} AND a.entity_id = $1
          AND a.changes::jsonb ?| fields;
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"GRANT UPDATE (kind), DELETE ON public.bundle_records TO {COORD}")
        op.execute(WITHDRAWN_UPDATE)
        op.execute(WITHDRAWN_DELETE)
        op.execute(ERASE)
        op.execute("REVOKE ALL ON FUNCTION public.cm_erase_contact_details(integer) "
                   "FROM PUBLIC")
        op.execute("GRANT EXECUTE ON FUNCTION public.cm_erase_contact_details(integer) "
                   f"TO {COORD}")
    if bind.dialect.name != "sqlite":
        return  # PostgreSQL's sequences never give an id again
    run = bind.exec_driver_sql
    present = {name: sql for name, sql in run(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    tables = [t for t in TABLES if t in present]
    edits = {}
    for table in tables:
        if "AUTOINCREMENT" in present[table].upper():
            continue
        edits[table] = _autoincrement_sql(table, present[table])
    high = _highest_known(bind)
    if "sqlite_sequence" not in present:
        # SQLite makes its sequence table with the first AUTOINCREMENT table only.
        run("CREATE TABLE _cm_make_sqlite_sequence (id INTEGER PRIMARY KEY AUTOINCREMENT)")
        run("DROP TABLE _cm_make_sqlite_sequence")
    # A write first, so the transaction is open before the schema is touched.
    held: dict[str, int] = {name: int(seq or 0) for name, seq in run(
        "SELECT name, seq FROM sqlite_sequence")}
    for table in tables:
        seq = max(high.get(table, 0), held.get(table) or 0)
        if table in held:
            run("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (seq, table))
        else:
            run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq))
    if not edits:
        return
    version = int(run("PRAGMA schema_version").scalar() or 0)
    run("PRAGMA writable_schema = ON")
    try:
        for table, sql in edits.items():
            run("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (sql, table))
        run(f"PRAGMA schema_version = {version + 1}")
    finally:
        run("PRAGMA writable_schema = OFF")
    for table in edits:  # read with the new schema: a statement SQLite cannot parse stops here
        run(f'SELECT id FROM "{table}" LIMIT 0').all()


def downgrade() -> None:
    # Ids never given again is no harm to an older schema: the tables stay as they are.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS public.cm_erase_contact_details(integer)")
        op.execute("DROP POLICY IF EXISTS withdrawn_forgotten ON public.bundle_records")
        op.execute("DROP POLICY IF EXISTS withdrawn_retired ON public.bundle_records")
        op.execute(f"REVOKE UPDATE, DELETE ON public.bundle_records FROM {COORD}")
