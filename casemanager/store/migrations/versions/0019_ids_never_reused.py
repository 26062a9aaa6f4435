"""ids of deleted rows are never given again on SQLite (AUTOINCREMENT)

Our records travel to partners under ids made of their row ids (`FINGERPRINT/contact/12`),
the withdrawn-record ledger (`bundle_records`) and the audit log name rows by id. SQLite
without AUTOINCREMENT gives the id of a deleted last row to the next new row: a partner
took our new contact for the deleted family's one (an update of it), or our ledger
mixed the two. With AUTOINCREMENT SQLite keeps the highest id a table ever held in
`sqlite_sequence` and never goes below it. PostgreSQL's sequences never go back.

How: SQLite decides AUTOINCREMENT from the table's CREATE statement alone; the table's
pages are the same. So the statement in `sqlite_schema` is changed in place (SQLite's
documented `writable_schema` procedure for changes that leave the stored content as it
is), with the schema version raised, inside this migration's transaction: no table is
copied (a rebuild of `cases` alone rewrote some 3 GB at a million cases). Every edit is
checked to have matched exactly where expected, else the migration stops and nothing
changes.

Each table's sequence starts at the highest id the database can know it used: its rows,
the ids the audit log names (deleted records included: `delete_contact` 17), and the
ids in `bundle_records` (records received, withdrawn, sent to partners).

Revision ID: 0019_ids_never_reused
Revises: 0018_list_sort_indexes
"""

from __future__ import annotations

import re
from collections import defaultdict

from alembic import op

revision = "0019_ids_never_reused"
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


def upgrade() -> None:
    bind = op.get_bind()
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
    held = dict(run("SELECT name, seq FROM sqlite_sequence").all())
    for table in tables:
        seq = max(high.get(table, 0), held.get(table) or 0)
        if table in held:
            run("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (seq, table))
        else:
            run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq))
    if not edits:
        return
    version = run("PRAGMA schema_version").scalar()
    run("PRAGMA writable_schema = ON")
    try:
        for table, sql in edits.items():
            run("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (sql, table))
        run(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        run("PRAGMA writable_schema = OFF")
    for table in edits:  # read with the new schema: a statement SQLite cannot parse stops here
        run(f'SELECT id FROM "{table}" LIMIT 0').all()


def downgrade() -> None:
    # Ids never given again is no harm to an older schema: the tables stay as they are.
    pass
