"""search keys: each row carries its case's name initials; on SQLite one B-tree keyed by key

`name_keys.initials`: one bit per first character of the case's name keys (a-z, then
0-9), the same on every row of a case, -1 on rows of a reference, document or partner's
reference (a login that may not read documents rewrites a case's keys without them, so
their value would go stale: -1 says "look it up").

`search_vocab` gets the keys of names that are not words (with digits): it then holds
every name's key, and says at once that no name begins with "cm" (a million references
walked to find none, at a million cases); fuzzy look-ups read its words alone. Search checks an initial beside a
word ("Karimov T") on that word's own rows instead of looking into each of its cases
(issue 18: 150-210 ms at 1,000,000 cases, each of Karimov's 44,000 cases sought).

On SQLite the table becomes WITHOUT ROWID, keyed (key, case_id): one B-tree in key order
holds the rows (it was a table, its primary key (case_id, key) and an index (key, case_id,
kind): three), with an index (case_id, key, kind) for a case's keys. On PostgreSQL the
column is added and the index on key becomes (key, case_id, kind, initials): the
table's policies and grants stay as they are.

Revision ID: 0021_name_keys_initials
Revises: 0020_name_sort_keys
"""

from alembic import op

revision = "0021_name_keys_initials"
down_revision = "0020_name_sort_keys"
branch_labels = None
depends_on = None

# Repeated here, not imported: the application's lists may change after this revision.
NAME_KINDS = "('family', 'given', 'patronymic', 'native', 'alias')"
CODE_KINDS = "('ref', 'doc', 'ext')"
INITIAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _sqlite_bits() -> str:
    # Distinct powers of two: their sum is their bitwise or.
    return (f"sum(DISTINCT 1 << (instr('{INITIAL_CHARS}', substr(\"key\", 1, 1)) - 1))")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
        return
    op.execute("ALTER TABLE name_keys ADD COLUMN initials BIGINT NOT NULL DEFAULT 0")
    op.execute(f"UPDATE name_keys SET initials = -1 WHERE kind IN {CODE_KINDS}")
    op.execute(
        "UPDATE name_keys n SET initials = i.bits FROM ("
        f"SELECT case_id, bit_or(CAST(1 AS BIGINT) << (strpos('{INITIAL_CHARS}', "
        f"left(\"key\", 1)) - 1)) AS bits FROM name_keys WHERE kind IN {NAME_KINDS} "
        f"AND strpos('{INITIAL_CHARS}', left(\"key\", 1)) > 0 GROUP BY case_id) AS i "
        f"WHERE n.case_id = i.case_id AND n.kind NOT IN {CODE_KINDS}")
    op.execute("DROP INDEX ix_name_keys_key")
    op.execute('CREATE INDEX ix_name_keys_key ON name_keys ("key", case_id, kind, initials)')
    op.execute('INSERT INTO search_vocab ("key") SELECT DISTINCT "key" FROM name_keys '
               f"WHERE kind IN {NAME_KINDS} AND \"key\" ~ '[^a-z]' ON CONFLICT DO NOTHING")


def _upgrade_sqlite() -> None:
    op.execute(
        "CREATE TABLE name_keys_new (\n"
        '\t"key" VARCHAR(60) NOT NULL, \n'
        "\tcase_id INTEGER NOT NULL, \n"
        "\tkind VARCHAR(12) NOT NULL, \n"
        "\tinitials BIGINT NOT NULL, \n"
        "\ttoken VARCHAR(200) NOT NULL, \n"
        '\tCONSTRAINT pk_name_keys PRIMARY KEY ("key", case_id), \n'
        "\tCONSTRAINT fk_name_keys_case_id_cases FOREIGN KEY(case_id) REFERENCES cases (id) "
        "ON DELETE CASCADE\n) WITHOUT ROWID")
    op.execute("CREATE TEMP TABLE cm_initials (case_id INTEGER PRIMARY KEY, bits INTEGER)")
    op.execute(
        f"INSERT INTO cm_initials SELECT case_id, {_sqlite_bits()} FROM name_keys "
        f"WHERE kind IN {NAME_KINDS} AND instr('{INITIAL_CHARS}', substr(\"key\", 1, 1)) > 0 "
        "GROUP BY case_id")
    # Read in the table's own order and sorted once (an index walk would fetch each row
    # apart), written in the new key order: each page filled once.
    op.execute(
        "INSERT INTO name_keys_new (\"key\", case_id, kind, initials, token) "
        "SELECT n.\"key\", n.case_id, n.kind, "
        f"CASE WHEN n.kind IN {CODE_KINDS} THEN -1 ELSE coalesce(i.bits, 0) END, n.token "
        "FROM name_keys AS n NOT INDEXED LEFT JOIN cm_initials AS i ON i.case_id = n.case_id "
        "ORDER BY n.\"key\", n.case_id")
    op.execute("DROP TABLE cm_initials")
    op.execute("DROP INDEX ix_name_keys_key")
    op.execute("DROP TABLE name_keys")
    op.execute("ALTER TABLE name_keys_new RENAME TO name_keys")
    op.execute('CREATE INDEX ix_name_keys_case ON name_keys (case_id, "key", kind)')
    op.execute('INSERT OR IGNORE INTO search_vocab ("key") SELECT DISTINCT "key" FROM '
               f"name_keys WHERE kind IN {NAME_KINDS} AND \"key\" GLOB '*[^a-z]*'")


def downgrade() -> None:
    # Before this revision the vocabulary held words alone.
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DELETE FROM search_vocab WHERE \"key\" ~ '[^a-z]'")
        op.execute("DROP INDEX ix_name_keys_key")
        op.execute("ALTER TABLE name_keys DROP COLUMN initials")
        op.execute('CREATE INDEX ix_name_keys_key ON name_keys ("key", case_id, kind)')
        return
    op.execute("DELETE FROM search_vocab WHERE \"key\" GLOB '*[^a-z]*'")
    op.execute(
        "CREATE TABLE name_keys_old (\n"
        "\tcase_id INTEGER NOT NULL, \n"
        '\t"key" VARCHAR(60) NOT NULL, \n'
        "\tkind VARCHAR(12) NOT NULL, \n"
        "\ttoken VARCHAR(200) NOT NULL, \n"
        '\tCONSTRAINT pk_name_keys PRIMARY KEY (case_id, "key"), \n'
        "\tCONSTRAINT fk_name_keys_case_id_cases FOREIGN KEY(case_id) REFERENCES cases (id) "
        "ON DELETE CASCADE\n)")
    op.execute('INSERT INTO name_keys_old (case_id, "key", kind, token) '
               'SELECT case_id, "key", kind, token FROM name_keys ORDER BY case_id, "key"')
    op.execute("DROP INDEX ix_name_keys_case")
    op.execute("DROP TABLE name_keys")
    op.execute("ALTER TABLE name_keys_old RENAME TO name_keys")
    op.execute('CREATE INDEX ix_name_keys_key ON name_keys ("key", case_id, kind)')
