"""the case list sorts names in dictionary order, Cyrillic included (tester B6)

SQLite's lower() folds ASCII letters alone, so the list sorted 'ёлкин' and 'Ёлкин' after
'Яковлев', Ukrainian І Ї Є Ґ outside the alphabet, and 'абаев' after 'Яковлев'; on
PostgreSQL the order was the database's collation's, another one. Each sortable name
column of `cases` gets a sort key column beside it (casemanager.domain.sort_order:
case-insensitive, Latin then Cyrillic, Ё as Е, Ukrainian and Belarusian letters in their
alphabet's place, Latin diacritics as their base letter) with an index on (key, id),
which replaces 0018's index on (lower(column), id). Both databases compare the keys by
code point (on PostgreSQL the columns are COLLATE "C"), so they give the same order.

PostgreSQL: `cm_sort_key(text)` (an IMMUTABLE SQL function: translate() and replace())
and a BEFORE trigger keep the keys for every writer, psql included. SQLite: the
application's connections keep them with temporary triggers and a function of their own
(casemanager.store.sort_keys): nothing in the file needs the application.

This copy of the mapping is the migration's own (a migration does not import code that
may change); tests/core/test_sort_order.py holds it equal to the application's.

Revision ID: 0020_name_sort_keys
Revises: 0019_ids_and_erasure
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_name_sort_keys"
down_revision = "0019_ids_and_erasure"
branch_labels = None
depends_on = None

AFTER = "\U0010ffff"
# Characters that sort as one other character: ONE_FROM[i] sorts as ONE_TO[i].
ONE_FROM = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂă"
    "ĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞş"
    "ŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚțАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯёЁ"
)
ONE_TO = (
    "abcdefghijklmnopqrstuvwxyzaaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaa"
    "aaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnoooooorrrrrrssss"
    "ssssttttttuuuuuuuuuuuuwwyyyzzzzzzssttабвгдежзийклмнопрстуфхцчшщъыьэюяее"
)
# Characters that sort as several.
MANY = {
    "Æ": "ae", "æ": "ae", "ß": "ss", "ẞ": "ss", "Œ": "oe", "œ": "oe",
    "є": "е" + AFTER, "Є": "е" + AFTER, "ґ": "г" + AFTER, "Ґ": "г" + AFTER,
    "і": "и" + AFTER, "І": "и" + AFTER, "ї": "и" + AFTER * 2, "Ї": "и" + AFTER * 2,
    "ў": "у" + AFTER, "Ў": "у" + AFTER,
    "ә": "а" + AFTER, "Ә": "а" + AFTER, "ғ": "г" + AFTER, "Ғ": "г" + AFTER,
    "қ": "к" + AFTER, "Қ": "к" + AFTER, "ң": "н" + AFTER, "Ң": "н" + AFTER,
    "ө": "о" + AFTER, "Ө": "о" + AFTER, "ӣ": "и" + AFTER, "Ӣ": "и" + AFTER,
    "ұ": "у" + AFTER, "Ұ": "у" + AFTER, "ӯ": "у" + AFTER, "Ӯ": "у" + AFTER,
    "ү": "у" + AFTER * 2, "Ү": "у" + AFTER * 2,
    "һ": "х" + AFTER, "Һ": "х" + AFTER, "ҳ": "х" + AFTER, "Ҳ": "х" + AFTER,
    "ҷ": "ч" + AFTER, "Ҷ": "ч" + AFTER,
    "'": "", "\u2019": "", "\u02bb": "", "\u02bc": "", "`": "",
}
COLUMNS = ("family_name", "given_name", "name_native", "assigned_to")
OLD_INDEXES = {column: f"ix_cases_{column}_lower" for column in COLUMNS}
APP = "casemanager_coordinator, casemanager_caseworker, casemanager_volunteer"


def mapping() -> dict[str, str]:
    """{character: what it sorts as}: the sort order of this migration's keys."""
    assert len(ONE_FROM) == len(ONE_TO)
    return {**dict(zip(ONE_FROM, ONE_TO, strict=True)), **MANY}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def pg_sort_key_function() -> str:
    expr = f"pg_catalog.translate(t, {_quote(ONE_FROM)}, {_quote(ONE_TO)})"
    for source, target in MANY.items():
        expr = f"pg_catalog.replace({expr}, {_quote(source)}, {_quote(target)})"
    return (f"CREATE OR REPLACE FUNCTION public.cm_sort_key(t text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {expr} $$")


PG_TRIGGER_FUNCTION = (
    "CREATE OR REPLACE FUNCTION public.cm_cases_sort_keys() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    + " ".join(f"NEW.{c}_sort := public.cm_sort_key(NEW.{c});" for c in COLUMNS)
    + " RETURN NEW; END $$"
)


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        # An earlier migration of this run may have left the audit trigger's deferred
        # checks pending; ALTER TABLE refuses a table with pending trigger events.
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for column in COLUMNS:
        op.drop_index(OLD_INDEXES[column], table_name="cases")
        if postgres:
            op.execute(f'ALTER TABLE cases ADD COLUMN {column}_sort varchar COLLATE "C" '
                       "NOT NULL DEFAULT ''")
        else:
            op.add_column("cases", sa.Column(f"{column}_sort", sa.String(), nullable=False,
                                             server_default=""))
    sets = ", ".join(f"{c}_sort = cm_sort_key({c})" for c in COLUMNS)
    if postgres:
        op.execute(pg_sort_key_function())
        op.execute(PG_TRIGGER_FUNCTION)
        op.execute(f"GRANT EXECUTE ON FUNCTION public.cm_sort_key(text) TO {APP}")
        # Whoever reads a name may read its key (a volunteer's rights are by column).
        keys = ", ".join(f"{c}_sort" for c in COLUMNS)
        op.execute(f"GRANT SELECT ({keys}) ON cases TO casemanager_volunteer")
        # Not an edit of every case: the audit trigger (0015) stays out of the filling.
        logged = bind.exec_driver_sql(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'cases_logged' "
            "AND tgrelid = 'public.cases'::regclass").scalar()
        if logged:
            op.execute("ALTER TABLE cases DISABLE TRIGGER cases_logged")
        op.execute(f"UPDATE cases SET {sets}")
        if logged:
            op.execute("ALTER TABLE cases ENABLE TRIGGER cases_logged")
        watched = ", ".join([*COLUMNS, *(f"{c}_sort" for c in COLUMNS)])
        op.execute(f"CREATE TRIGGER cases_sort_keys BEFORE INSERT OR UPDATE OF {watched} "
                   "ON cases FOR EACH ROW EXECUTE FUNCTION public.cm_cases_sort_keys()")
    else:
        table = str.maketrans(mapping())
        raw = bind.connection.driver_connection
        assert raw is not None
        raw.create_function("cm_sort_key", 1,
                            lambda t: t.translate(table) if isinstance(t, str) else t,
                            deterministic=True)
        op.execute(f"UPDATE cases SET {sets}")
    for column in COLUMNS:
        op.create_index(f"ix_cases_{column}_sort", "cases", [f"{column}_sort", "id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cases_sort_keys ON cases")
        op.execute("DROP FUNCTION IF EXISTS public.cm_cases_sort_keys()")
    else:
        # The application's connection made its temporary triggers on the key columns
        # (casemanager.store.sort_keys): SQLite refuses to drop a column they name.
        for name in ("cm_cases_sort_keys_insert", "cm_cases_sort_keys_update"):
            op.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
    for column in COLUMNS:
        op.drop_index(f"ix_cases_{column}_sort", table_name="cases")
        op.drop_column("cases", f"{column}_sort")
        op.create_index(OLD_INDEXES[column], "cases", [sa.text(f"lower({column})"), "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS public.cm_sort_key(text)")
