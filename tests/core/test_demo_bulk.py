"""`demo` writes its cases with the driver's executemany and their search keys from
memory (issue 18, item 6): the rows and keys are those the ORM path and `reindex` give."""

from __future__ import annotations

from sqlalchemy import text

from casemanager.services import demo
from casemanager.store.search_index import reindex_all


def _rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).fetchall()


def test_the_bulk_search_keys_are_those_reindex_writes(sqlite_db):
    demo.generate(sqlite_db, cases=400, seed=9)
    demo.generate(sqlite_db, cases=50, seed=10)  # added to cases already there
    keys = "SELECT case_id, key, kind, initials, token FROM name_keys ORDER BY case_id, key"
    vocab = "SELECT key FROM search_vocab ORDER BY key"
    before = _rows(sqlite_db, keys), _rows(sqlite_db, vocab)
    with sqlite_db.engine.begin() as conn:
        assert reindex_all(conn) == 450
    assert (_rows(sqlite_db, keys), _rows(sqlite_db, vocab)) == before
    assert len(before[0]) > 450 * 5


def test_values_go_through_their_column_types(sqlite_db):
    demo.generate(sqlite_db, cases=30, seed=2)
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000  # given back
    row = _rows(sqlite_db, "SELECT created_at, date_of_birth, restricted FROM cases LIMIT 1")[0]
    assert len(row.created_at) == 26 and row.created_at[10] == " "  # SQLAlchemy's format
    assert row.restricted == 0  # the server default, not set by the demo
    from casemanager.services.cases import get_case

    case = get_case(sqlite_db, "CM-0001")
    assert case.date_of_birth is not None and case.appeals is not None


def _insert_trigger(db) -> list[tuple]:
    with db.engine.connect() as conn:  # the pooled connection the demo used
        return conn.exec_driver_sql(
            "SELECT name FROM sqlite_temp_master WHERE name = 'cm_cases_sort_keys_insert'"
        ).fetchall()


def test_the_sort_keys_trigger_dropped_for_the_demo_is_back_after_it(sqlite_db):
    # The demo writes the cases' sort keys itself and drops the temporary trigger that
    # checks them for its transaction: the keys it writes are the trigger's, and the
    # connection has the trigger again for the next writer.
    demo.generate(sqlite_db, cases=60, seed=4)
    assert _insert_trigger(sqlite_db)
    rows = _rows(sqlite_db, "SELECT family_name, family_name_sort, given_name, given_name_sort, "
                            "name_native, name_native_sort, assigned_to, assigned_to_sort, "
                            "cm_sort_key(family_name), cm_sort_key(given_name), "
                            "cm_sort_key(name_native), cm_sort_key(assigned_to) FROM cases")
    assert len(rows) == 60
    for row in rows:
        assert (row[1], row[3], row[5], row[7]) == tuple(row[8:]), row
    assert any(row[5] != row[4] for row in rows)  # Cyrillic names: the key is another text
    with sqlite_db.engine.begin() as conn:  # a row written without keys gets them
        conn.exec_driver_sql("UPDATE cases SET family_name = 'Ёлкин', family_name_sort = '' "
                             "WHERE id = (SELECT MIN(id) FROM cases)")
        conn.exec_driver_sql(
            "INSERT INTO cases (reference, status, priority, assigned_to, created_at, "
            "updated_at, version, notes, confidential_notes, family_name, given_name, "
            "patronymic, name_native, name_latin, sex, place_of_birth, ethnicity, "
            "home_region, languages, father_name, mother_maiden_name, person_to_inform, "
            "last_proof_of_life_source, affiliation, unit, rank, service_number, recruitment, "
            "capture_place, detaining_party, health, medical_urgency, icrc_registration) "
            "VALUES ('CM-9999', 'reported', 'normal', '', '2026-01-01 00:00:00.000000', "
            "'2026-01-01 00:00:00.000000', 1, '', '', 'Ёлкин', '', '', '', '', '', '', '', "
            "'', '', '', '', '', '', '', '', '', '', 'unknown', '', '', '', '', '')")
    keys = _rows(sqlite_db, "SELECT family_name_sort, cm_sort_key('Ёлкин') FROM cases "
                            "WHERE family_name = 'Ёлкин'")
    assert len(keys) == 2 and all(key == expected != "" for key, expected in keys)


def test_a_demo_that_fails_writes_nothing_and_gives_the_trigger_back(sqlite_db, monkeypatch):
    demo.generate(sqlite_db, cases=5, seed=1)
    before = _rows(sqlite_db, "SELECT COUNT(*) FROM cases"), _rows(
        sqlite_db, "SELECT COUNT(*) FROM name_keys")
    drawn = demo._Generator.cases

    def fail_on_the_second_batch(self, first_number, count):
        if first_number > 6:
            raise RuntimeError("disk full")
        drawn(self, first_number, count)

    monkeypatch.setattr(demo._Generator, "cases", fail_on_the_second_batch)
    monkeypatch.setattr(demo, "BATCH", 3)
    try:
        demo.generate(sqlite_db, cases=9, seed=2)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the demo should have failed")
    assert (_rows(sqlite_db, "SELECT COUNT(*) FROM cases"), _rows(
        sqlite_db, "SELECT COUNT(*) FROM name_keys")) == before
    assert _insert_trigger(sqlite_db)
