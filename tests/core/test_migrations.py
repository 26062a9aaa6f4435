"""Alembic from the first day: old databases open at the newest schema, copied aside first."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from casemanager.domain.errors import DatabaseError
from casemanager.services.cases import get_case, update_case
from casemanager.store.database import alembic_config, head_revision, make_engine, open_database


def make_first_revision_db(path) -> None:
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO cases (reference, status, priority, assigned_to, created_at, updated_at,"
            " version, notes, confidential_notes, search_text, family_name, given_name, patronymic,"
            " name_native, name_latin, sex, date_of_birth, place_of_birth, ethnicity, home_region,"
            " languages, father_name, mother_maiden_name, person_to_inform,"
            " last_proof_of_life_source, affiliation, unit, rank, service_number, recruitment,"
            " capture_place, detaining_party, health, medical_urgency, icrc_registration)"
            " VALUES ('CM-0001', 'detained', 'high', '', '2024-01-01 10:00:00',"
            " '2024-01-01 10:00:00', 1, '', '', 'cm-0001 | турсунов', 'Турсунов', 'Алишер', '',"
            " '', '', 'male', '1994-03', '', '', '', '', '', '', '', '', '', '', '', '', 'deceived',"
            " '', '', '', '', '')"
        )
        # A child row: an upgrade that rebuilt `cases` with foreign keys on would cascade
        # a delete into it.
        conn.exec_driver_sql(
            "INSERT INTO aliases (case_id, position, spelling) VALUES (1, 0, 'Tursunov A.')"
        )
    engine.dispose()


def test_a_first_revision_database_opens_at_head_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    make_first_revision_db(path)
    db = open_database(str(path))
    try:
        assert db.revision() == head_revision()
        case = get_case(db, "CM-0001")
        assert case.family_name == "Турсунов"
        assert case.date_of_birth.iso() == "1994-03"
        assert case.aliases == ("Tursunov A.",)
        update_case(db, "CM-0001", fields={"rank": "private"}, expected_version=1)
    finally:
        db.dispose()
    copies = list(tmp_path.glob("old.db.before-0001-*"))
    if head_revision() != "0001":
        assert len(copies) == 1
        with sqlite3.connect(copies[0]) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    else:
        assert copies == []


def test_a_newer_schema_is_refused_not_damaged(tmp_path):
    path = tmp_path / "future.db"
    open_database(str(path), create=True).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseError, match="newer Case Manager"):
        open_database(str(path))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(DatabaseError, match="not a Case Manager database"):
        open_database(str(path))


def test_init_twice_is_harmless(db):
    again = open_database(db.target, create=True)
    assert again.revision() == head_revision()
    again.dispose()


def test_the_code_knows_the_newest_revision():
    from casemanager.store.database import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()


def test_opening_a_current_database_does_not_load_alembic(sqlite_path):
    import subprocess
    import sys

    probe = ("import sys; from casemanager.store.database import open_database;"
             "open_database(sys.argv[1]).dispose(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, str(sqlite_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


def test_clean_names_migration_removes_invisible_characters_and_rebuilds_keys(tmp_path):
    """0006_clean_names: names pasted with soft hyphens and zero-width spaces before
    they were removed on input are cleaned, found by search, and no child row is lost."""
    from casemanager.services.search import search_ids

    path = tmp_path / "old.db"
    make_first_revision_db(path)
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003_drop_search_text")
        conn.exec_driver_sql(
            "UPDATE cases SET family_name = 'Tur\u00adsunov', name_latin = '\u200fTursunov"
            "\u200b Alisher', place_of_birth = 'Sa\u00admarkand'")
        conn.exec_driver_sql(
            "UPDATE aliases SET spelling = 'Tursunow\ufeff A.'")
        conn.exec_driver_sql("INSERT INTO status_changes (case_id, status, date, source,"
                             " confidence, note, recorded_at, recorded_by) VALUES (1,"
                             " 'detained', '2024-01', '', 'confirmed', '', '2024-01-01',"
                             " 'x')")
    engine.dispose()
    db = open_database(str(path))
    try:
        case = get_case(db, "CM-0001")
        assert (case.family_name, case.name_latin, case.place_of_birth) == (
            "Tursunov", "Tursunov Alisher", "Samarkand")
        assert case.aliases == ("Tursunow A.",)
        assert len(case.status_history) == 1
        with db.session() as s:
            assert search_ids(s, "Tursunov Alisher") == [1]
            assert search_ids(s, "Samarkand") == [1]
    finally:
        db.dispose()


def test_0005_adds_external_references_and_keeps_child_rows(tmp_path):
    path = tmp_path / "at0003.db"
    make_first_revision_db(path)
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003_drop_search_text")
        conn.exec_driver_sql(
            "INSERT INTO custody_periods (case_id, facility, holding_party, disclosed, note)"
            " VALUES (1, 'SIZO-2', '', 1, '')"
        )
    engine.dispose()
    db = open_database(str(path))
    try:
        assert db.revision() == head_revision()
        case = get_case(db, "CM-0001")
        assert case.aliases == ("Tursunov A.",)
        assert [c.facility for c in case.custody] == ["SIZO-2"]
        assert case.external_references == () and case.imports == ()
        from casemanager.services.cases import update_case as update

        update(db, "CM-0001", fields={"rank": "private"}, expected_version=1)
        with db.session() as s:
            from sqlalchemy import text

            s.execute(text("INSERT INTO external_references (case_id, source, reference) "
                           "VALUES (1, 'Partner', 'ACC-1')"))
            s.commit()
        assert get_case(db, "CM-0001").external_references == ("Partner: ACC-1",)
    finally:
        db.dispose()
