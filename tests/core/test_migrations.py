"""Alembic from the first day: old databases open at the newest schema, copied aside first."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from casemanager.db import alembic_config, head_revision, make_engine, open_database
from casemanager.errors import DatabaseError
from casemanager.services.cases import get_case, update_case


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
