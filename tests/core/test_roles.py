"""People and roles on a real PostgreSQL server (issue 19): what the server refuses.

Three people sign in with passwords (the test server asks people for SCRAM passwords
and trusts only its owner), and `psql` as each of them shows what the database itself
enforces, whatever the client does. The command line runs as a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import pytest

from casemanager.services import access, contacts, records
from casemanager.services import audit as audit_log
from casemanager.services.audit import AuditQuery
from casemanager.services.cases import create_case
from casemanager.store.database import open_database
from tests.conftest import run_cli

pytestmark = pytest.mark.postgres

GROUPS = "+casemanager_coordinator,+casemanager_caseworker,+casemanager_volunteer"


@pytest.fixture(scope="session")
def people_server(pg_server):
    """The session's server, asking people (members of the roles) for passwords."""
    hba = pg_server.data / "pg_hba.conf"
    text = hba.read_text()
    line = f"local all {GROUPS} scram-sha-256\n"
    if line not in text:
        hba.write_text(line + text)
        pg_server.admin("SELECT pg_reload_conf()")
    return pg_server


class Office:
    """A fresh database with a coordinator, a caseworker and a volunteer."""

    def __init__(self, server, owner_db) -> None:
        self.server = server
        self.owner = owner_db
        self.dbname = owner_db.engine.url.database
        tag = uuid.uuid4().hex[:8]
        self.login = {role: f"{role[:5]}_{tag}" for role in access.ROLES}
        self.password = {}
        for role, login in self.login.items():
            self.password[role] = access.add_person(owner_db, login, role,
                                                    password=f"first-{role}-{tag}")
        self.other_caseworker = f"other_{tag}"
        self.password["other"] = access.add_person(owner_db, self.other_caseworker,
                                                   "caseworker", password=f"other-{tag}")
        self.login["other"] = self.other_caseworker

    def url(self, who: str) -> str:
        return (f"postgresql+psycopg://{self.login[who]}@/{self.dbname}"
                f"?host={self.server.socket}&port={self.server.port}")

    def env(self, who: str, **extra: str) -> dict[str, str]:
        return {"PGPASSWORD": self.password[who], **extra}

    def psql(self, who: str, sql: str, password: str | None = None):
        """`psql` as that person; returns the completed process (text)."""
        cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(self.server.socket),
               "-p", str(self.server.port), "-U", self.login[who], "-d", self.dbname, "-c", sql]
        env = {**os.environ, "PGPASSWORD": password or self.password[who]}
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)

    def cli(self, who: str, *args: str, **env: str):
        return run_cli(*args, db=self.url(who), env=self.env(who, **env))

    def first_sign_in(self, who: str) -> None:
        new = f"own-password-{who}-{uuid.uuid4().hex[:6]}"
        r = self.cli(who, "user", "password", CASEMANAGER_NEW_PASSWORD=new)
        assert r.returncode == 0, r.stderr
        self.password[who] = new

    def drop(self) -> None:
        for login in self.login.values():
            self.server.admin(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def office(people_server, pg_db):
    o = Office(people_server, pg_db)
    yield o
    pg_db.dispose()
    people_server.admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{o.dbname}' "
        "AND pid <> pg_backend_pid()")
    o.drop()


def seed(db, office: Office) -> dict[str, str]:
    """An open case with a passport and a mother's phone, and a restricted case that
    only the caseworker is named on."""
    open_ref = create_case(db, fields={"family_name": "Турсунов", "given_name": "Алишер",
                                       "confidential_notes": "source: his cousin"}).reference
    records.add_document(db, open_ref, doc_type="passport", number="AB1234567",
                         issuing_country="UZ")
    mother = contacts.create_contact(db, fields={"name": "Дилноза Турсунова", "kind": "relative",
                                                 "address": "Tashkent, Chilonzor 5"},
                                     channels=[("phone", "+998 90 123 45 67")])
    contacts.link_contact(db, open_ref, mother, fields={"relationship": "mother"})
    hidden_ref = create_case(db, fields={"family_name": "Karimov", "given_name": "Rustam",
                                         "assigned_to": office.login["caseworker"]}).reference
    access.restrict_case(db, hidden_ref)
    return {"open": open_ref, "hidden": hidden_ref}


# ------------------------------------------------------------------ the local file


def test_people_commands_on_a_local_file_say_one_line(sqlite_path):
    for args in (["user", "list"], ["user", "add", "malika", "--role", "volunteer"],
                 ["user", "role", "malika", "caseworker"], ["user", "disable", "malika"]):
        r = run_cli(*args, db=str(sqlite_path))
        assert r.returncode == 1
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "shared PostgreSQL server" in lines[0], r.stderr


def test_reading_leaves_an_entry_on_a_local_file(sqlite_path, tmp_path):
    assert run_cli("new", "family_name=Турсунов", db=str(sqlite_path)).returncode == 0
    r = run_cli("show", "CM-0001", db=str(sqlite_path), env={"CASEMANAGER_USER": "malika"})
    assert r.returncode == 0, r.stderr
    out = tmp_path / "list.csv"
    r = run_cli("export", "-o", str(out), db=str(sqlite_path), env={"CASEMANAGER_USER": "oleg"})
    assert r.returncode == 0, r.stderr
    db = open_database(str(sqlite_path))
    try:
        log = audit_log.case_history(db, "CM-0001")
    finally:
        db.dispose()
    reads = [(e.actor, e.action) for e in log if e.action in ("view", "export")]
    assert reads == [("malika", "view"), ("oleg", "export")]
    assert log[-1].changes["file"] == ("", "list.csv")


# ------------------------------------------------------------------ people


def test_a_coordinator_manages_people_from_the_command_line(office):
    # The first password works but only for choosing one's own.
    r = office.cli("coordinator", "user", "list")
    assert r.returncode == 1 and "user password" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    office.first_sign_in("coordinator")

    r = office.cli("coordinator", "user", "add", "newcomer_" + office.login["volunteer"][6:],
                   "--role", "volunteer")
    assert r.returncode == 0, r.stderr
    newcomer = "newcomer_" + office.login["volunteer"][6:]
    office.login["newcomer"] = newcomer
    first = r.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    office.password["newcomer"] = first
    assert office.psql("newcomer", "SELECT session_user").stdout.strip() == newcomer
    assert office.psql("newcomer", "SELECT 1", password="wrong-password").returncode != 0

    r = office.cli("coordinator", "user", "list", "--format", "json")
    listed = {p["name"]: p for p in json.loads(r.stdout)}
    assert listed[newcomer] == {"name": newcomer, "role": "volunteer", "enabled": "yes",
                                "must_change_password": "yes"}
    assert listed[office.login["coordinator"]]["must_change_password"] == "no"

    assert office.cli("coordinator", "user", "role", newcomer, "caseworker").returncode == 0
    r = office.cli("coordinator", "user", "list", "--format", "json")
    assert {p["name"]: p["role"] for p in json.loads(r.stdout)}[newcomer] == "caseworker"

    assert office.cli("coordinator", "user", "disable", newcomer).returncode == 0
    refused = office.psql("newcomer", "SELECT 1")
    assert refused.returncode != 0 and "not permitted to log in" in refused.stderr
    r = office.cli("coordinator", "user", "list", "--format", "json")
    assert {p["name"]: p["enabled"] for p in json.loads(r.stdout)}[newcomer] == "no"


def test_only_coordinators_manage_people_and_only_people(office):
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "user", "add", "sneaky_" + office.login["caseworker"][6:],
                   "--role", "coordinator")
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "is for coordinators" in r.stderr
    assert office.psql("caseworker", "ALTER ROLE CURRENT_USER SUPERUSER").returncode != 0
    office.first_sign_in("coordinator")
    # The server's functions touch only members of the roles, never its owner.
    r = office.cli("coordinator", "user", "disable", "postgres")
    assert r.returncode == 1 and "no person named postgres" in r.stderr


def test_a_disabled_person_cannot_connect(office):
    assert office.psql("volunteer", "SELECT 1").returncode == 0
    access.set_enabled(office.owner, office.login["volunteer"], False)
    r = office.psql("volunteer", "SELECT 1")
    assert r.returncode != 0 and "not permitted to log in" in r.stderr
    r = office.cli("volunteer", "list")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ what psql shows


def test_psql_as_the_volunteer_cannot_read_the_sensitive_fields(office):
    refs = seed(office.owner, office)
    # What a volunteer does see: the basic fields of the open case.
    seen = office.psql("volunteer", "SELECT reference || ' ' || family_name FROM cases "
                       "ORDER BY reference")
    assert seen.returncode == 0, seen.stderr
    assert seen.stdout.split("\n")[0] == f"{refs['open']} Турсунов"
    for sql in ("SELECT number FROM identity_documents",
                "SELECT confidential_notes FROM cases",
                "SELECT * FROM cases",
                "SELECT value FROM contact_channels",
                "SELECT address FROM contacts",
                "SELECT relationship FROM case_contacts"):
        r = office.psql("volunteer", sql)
        assert r.returncode != 0 and "permission denied" in r.stderr, (sql, r.stdout)
    # Nor the document number through the search index.
    r = office.psql("volunteer", "SELECT count(*) FROM name_keys WHERE kind = 'doc'")
    assert r.stdout.strip() == "0"
    r = office.psql("caseworker", "SELECT number FROM identity_documents")
    assert r.stdout.strip() == "AB1234567"


def test_a_restricted_case_is_seen_only_by_its_caseworker_and_coordinators(office):
    refs = seed(office.owner, office)
    sql = f"SELECT count(*) FROM cases WHERE reference = '{refs['hidden']}'"
    assert office.psql("volunteer", "SELECT count(*) FROM cases").stdout.strip() == "1"
    assert office.psql("volunteer", sql).stdout.strip() == "0"
    assert office.psql("other", sql).stdout.strip() == "0"
    assert office.psql("caseworker", sql).stdout.strip() == "1"
    assert office.psql("coordinator", sql).stdout.strip() == "1"
    # Nor anything hanging off it, nor its log.
    child = ("SELECT count(*) FROM status_changes s JOIN audit_entries a "
             "ON a.case_id = s.case_id WHERE s.case_id = "
             f"(SELECT id FROM cases WHERE reference = '{refs['hidden']}')")
    assert office.psql("other", child).stdout.strip() == "0"
    assert office.psql("coordinator", child).stdout.strip() != "0"
    # Naming the other caseworker on it lets them see it.
    access.restrict_case(office.owner, refs["hidden"], members=[office.login["other"]])
    assert office.psql("other", sql).stdout.strip() == "1"
    # A caseworker cannot delete a case; a coordinator can.
    r = office.psql("caseworker", f"DELETE FROM cases WHERE reference = '{refs['open']}'")
    assert r.returncode != 0 and "permission denied" in r.stderr


def test_the_volunteer_cannot_write_the_log_in_someone_elses_name(office):
    coordinator = office.login["coordinator"]
    r = office.psql(
        "volunteer",
        "INSERT INTO audit_entries (at, actor, action, entity, case_reference, changes) "
        f"VALUES ('2020-01-01', '{coordinator}', 'delete', 'case', '', '{{}}') "
        "RETURNING actor || ' ' || (at > '2021-01-01')")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"{office.login['volunteer']} true"
    for sql in (f"UPDATE audit_entries SET actor = '{coordinator}'",
                "DELETE FROM audit_entries"):
        for who in ("volunteer", "coordinator"):
            r = office.psql(who, sql)
            assert r.returncode != 0 and "permission denied" in r.stderr, (who, sql)
    # (The office's people, added by the owner, are in the log under its name.)
    assert {e.actor for e in audit_log.entries(office.owner)
            if e.entity != "person"} == {office.login["volunteer"]}


def test_the_client_cannot_choose_its_name_in_the_log(office):
    refs = seed(office.owner, office)
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "status", refs["open"], "released",
                   CASEMANAGER_USER="someone-else")
    assert r.returncode == 0, r.stderr
    r = office.cli("caseworker", "show", refs["open"], CASEMANAGER_USER="someone-else")
    assert r.returncode == 0, r.stderr
    log = audit_log.entries(office.owner, AuditQuery(case=refs["open"], newest_first=False))
    mine = [(e.actor, e.action) for e in log[-2:]]
    assert mine == [(office.login["caseworker"], "change_status"),
                    (office.login["caseworker"], "view")]
    assert "someone-else" not in {e.actor for e in audit_log.entries(office.owner)}


def test_a_volunteer_cannot_export_a_list(office, tmp_path):
    seed(office.owner, office)
    office.first_sign_in("volunteer")
    out = tmp_path / "list.csv"
    r = office.cli("volunteer", "export", "-o", str(out))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    # Refused for the role before anything is read (the server would refuse it too).
    assert "exporting lists of cases is for caseworkers and coordinators; you are signed " \
        "in as a volunteer" in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "export", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists()


def test_a_refused_read_is_one_line(office):
    seed(office.owner, office)
    office.first_sign_in("volunteer")
    # `show` works for a volunteer (tests/core/test_roles_volunteer.py); contacts do not.
    r = office.cli("volunteer", "contact", "list")
    assert r.returncode == 1, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "permission denied" in lines[0], r.stderr
    assert "as a volunteer you may not see contacts" in lines[0]


def test_a_temporary_table_does_not_fool_the_policies(office):
    seed(office.owner, office)
    visible = office.psql("volunteer", "SELECT count(*) FROM status_changes").stdout.strip()
    assert visible == "1"  # the open case's first status; the restricted case's is hidden
    # A session's temporary `cases` claiming every case is open must not be what the
    # policies' functions read.
    r = office.psql("volunteer", "CREATE TEMP TABLE cases (id integer, restricted boolean, "
                    "assigned_to text); INSERT INTO pg_temp.cases "
                    "SELECT generate_series(1, 100), false, ''; "
                    "SELECT count(*) FROM public.status_changes")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == visible


def test_an_owner_who_is_not_a_superuser_runs_the_office(people_server, tmp_path):
    """The deployment docs/security.md describes: the database belongs to an
    administrator login with CREATEROLE (not a superuser), who adds the first
    coordinator; the coordinator adds and disables people from then on."""
    server, tag = people_server, uuid.uuid4().hex[:8]
    admin, dbname = f"admin_{tag}", f"office_{tag}"
    coordinator, volunteer = f"coord_{tag}", f"vol_{tag}"
    server.admin(f"CREATE ROLE {admin} LOGIN CREATEROLE")
    server.admin(f"CREATE DATABASE {dbname} OWNER {admin}")

    def url(login: str) -> str:
        return f"postgresql+psycopg://{login}@/{dbname}?host={server.socket}&port={server.port}"

    try:
        assert run_cli("init", db=url(admin)).returncode == 0
        r = run_cli("user", "add", coordinator, "--role", "coordinator", db=url(admin))
        assert r.returncode == 0, r.stderr
        first = r.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
        r = run_cli("user", "password", db=url(coordinator),
                    env={"PGPASSWORD": first, "CASEMANAGER_NEW_PASSWORD": "a long new one"})
        assert r.returncode == 0, r.stderr
        own = {"PGPASSWORD": "a long new one"}
        r = run_cli("user", "add", volunteer, "--role", "volunteer", db=url(coordinator), env=own)
        assert r.returncode == 0, r.stderr
        r = run_cli("user", "list", "--format", "json", db=url(coordinator), env=own)
        assert {p["name"]: (p["role"], p["must_change_password"])
                for p in json.loads(r.stdout)} == {coordinator: ("coordinator", "no"),
                                                   volunteer: ("volunteer", "yes")}
        r = run_cli("user", "disable", volunteer, db=url(coordinator), env=own)
        assert r.returncode == 0, r.stderr
        r = run_cli("new", "family_name=Турсунов", db=url(coordinator),
                    env={**own, "CASEMANAGER_USER": "someone-else"})
        assert r.returncode == 0, r.stderr
        r = run_cli("audit", "--format", "json", db=url(admin))
        assert r.returncode == 0, r.stderr
        assert coordinator in r.stdout and "someone-else" not in r.stdout
    finally:
        server.admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        for login in (volunteer, coordinator, admin):
            server.admin(f"DROP ROLE IF EXISTS {login}")


def test_the_roles_migration_goes_down_and_up_again(db):
    """Downgrading takes the policies, trigger and functions away (the group roles stay,
    other databases may use them); upgrading puts them back."""
    from alembic import command
    from sqlalchemy import inspect, text

    from casemanager.store.database import alembic_config

    def policies() -> int:
        if db.dialect != "postgresql":
            return 0
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_policies")).scalar_one()

    assert (policies() > 0) is (db.dialect == "postgresql")
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007_roles-1")
    with db.engine.connect() as conn:
        assert "case_members" not in inspect(conn).get_table_names()
        assert "restricted" not in {c["name"] for c in inspect(conn).get_columns("cases")}
    assert policies() == 0
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert (policies() > 0) is (db.dialect == "postgresql")
    create_case(db, fields={"family_name": "Турсунов"})
