"""What a security tester did with psql on a real server, refused since 0014_tighten_roles
(docs/security.md): each test is one finding."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from tests.conftest import run_cli
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres


def _owner(office, sql: str):  # noqa: F811
    with office.owner.engine.begin() as conn:
        result = conn.execute(text(sql))
        return result.all() if result.returns_rows else []


def _id(office, ref: str) -> int:  # noqa: F811
    return _owner(office, f"SELECT id FROM cases WHERE reference = '{ref}'")[0][0]


def test_a_volunteer_s_function_in_public_is_not_run_by_the_server_s_functions(office):  # noqa: F811
    # As on PostgreSQL <= 14, where anyone may create objects in schema public.
    _owner(office, "GRANT CREATE ON SCHEMA public TO PUBLIC")
    volunteer = office.login["volunteer"]
    r = office.psql("volunteer", """
        CREATE FUNCTION public.cm_is_person(login name) RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE format('GRANT casemanager_coordinator TO %I', login);
          EXECUTE 'ALTER TABLE public.cases DISABLE ROW LEVEL SECURITY';
          RETURN true;
        END $$""")
    if r.returncode == 0:  # created: the server's functions must not call it
        office.psql("volunteer", "SELECT cm_change_password('a-new-long-password')")
        _owner(office, "DROP FUNCTION public.cm_is_person(name)")
    else:
        assert "permission denied" in r.stderr
    member = _owner(office, f"SELECT pg_has_role('{volunteer}', 'casemanager_coordinator', "
                    "'MEMBER')")[0][0]
    assert member is False
    assert _owner(office, "SELECT relrowsecurity FROM pg_class WHERE relname = 'cases' "
                  "AND relnamespace = 'public'::regnamespace")[0][0] is True


def test_the_migration_takes_create_on_public_away_from_public(office):  # noqa: F811
    _owner(office, "GRANT CREATE ON SCHEMA public TO PUBLIC")
    from alembic import command

    from casemanager.store.database import alembic_config

    with office.owner.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0013_aggregate_indexes")
        command.upgrade(alembic_config(conn), "head")
    r = office.psql("volunteer", "CREATE FUNCTION public.mine() RETURNS int "
                    "LANGUAGE sql AS 'SELECT 1'")
    if r.returncode == 0:
        _owner(office, "DROP FUNCTION public.mine()")
    assert r.returncode != 0 and "permission denied" in r.stderr


def test_a_caseworker_cannot_link_a_contact_of_a_case_they_do_not_see(office):  # noqa: F811
    refs = seed(office.owner, office)
    from casemanager.services import contacts

    secret = contacts.create_contact(office.owner, fields={"name": "Secret Witness",
                                                           "kind": "other"},
                                     channels=[("phone", "+7 900 000 00 00")])
    contacts.link_contact(office.owner, refs["hidden"], secret, fields={"relationship": "x"})
    contact_id = _owner(office, "SELECT id FROM contacts WHERE name = 'Secret Witness'")[0][0]
    open_id = _id(office, refs["open"])
    r = office.psql("other", "INSERT INTO case_contacts (case_id, contact_id, relationship, "
                    "share_embassy, share_icrc, share_media, share_partner) VALUES "
                    f"({open_id}, {contact_id}, 'found you', false, false, false, false)")
    assert r.returncode != 0 and "row-level security" in r.stderr, r.stdout
    r = office.psql("other", "SELECT count(*) FROM contact_channels WHERE value LIKE '+7%'")
    assert r.stdout.strip() == "0"
    # Re-pointing an existing link at it is refused too.
    r = office.psql("other", f"UPDATE case_contacts SET contact_id = {contact_id} "
                    f"WHERE case_id = {open_id}")
    assert r.returncode != 0 and "row-level security" in r.stderr, r.stdout
    # A contact they do see still links.
    mother = _owner(office, "SELECT contact_id FROM case_contacts WHERE case_id = "
                    f"{open_id}")[0][0]
    hidden_id = _id(office, refs["hidden"])
    r = office.psql("caseworker", "INSERT INTO case_contacts (case_id, contact_id, "
                    "relationship, share_embassy, share_icrc, share_media, share_partner) "
                    f"VALUES ({hidden_id}, {mother}, 'aunt', false, false, false, false)")
    assert r.returncode == 0, r.stderr


def test_only_coordinators_change_a_case_s_restriction(office):  # noqa: F811
    refs = seed(office.owner, office)
    for sql in (f"UPDATE cases SET restricted = false WHERE reference = '{refs['hidden']}'",
                f"UPDATE cases SET restricted = true, assigned_to = '{office.login['other']}' "
                f"WHERE reference = '{refs['open']}'"):
        r = office.psql("caseworker" if "false" in sql else "other", sql)
        assert r.returncode != 0 and "only coordinators" in r.stderr, (sql, r.stdout)
    # Nor hand a restricted case to someone else.
    r = office.psql("caseworker", f"UPDATE cases SET assigned_to = '{office.login['other']}' "
                    f"WHERE reference = '{refs['hidden']}'")
    assert r.returncode != 0 and "only coordinators" in r.stderr, r.stdout
    assert _owner(office, "SELECT restricted, assigned_to FROM cases ORDER BY id") == [
        (False, None), (True, office.login["caseworker"])] or _owner(
        office, "SELECT restricted FROM cases ORDER BY id") == [(False,), (True,)]
    # Other fields of the restricted case stay the caseworker's to edit.
    r = office.psql("caseworker", "UPDATE cases SET rank = 'private' "
                    f"WHERE reference = '{refs['hidden']}'")
    assert r.returncode == 0, r.stderr
    r = office.psql("coordinator", "UPDATE cases SET restricted = false "
                    f"WHERE reference = '{refs['hidden']}'")
    assert r.returncode == 0, r.stderr


def test_only_coordinators_write_the_organisation_s_settings(office):  # noqa: F811
    seed(office.owner, office)
    for who in ("volunteer", "caseworker"):
        for sql in ("UPDATE settings SET value = 'x' WHERE key = 'organisation_name'",
                    "INSERT INTO settings (key, value) VALUES ('letter_x', 'y')"):
            r = office.psql(who, sql)
            assert r.returncode != 0 and "permission denied" in r.stderr, (who, sql)
    assert _owner(office, "SELECT count(*) FROM settings WHERE value = 'x' OR key = "
                  "'letter_x'")[0][0] == 0
    r = office.psql("coordinator", "INSERT INTO settings (key, value) VALUES ('letter_x', 'y')")
    assert r.returncode == 0, r.stderr
    # The counter is not theirs to set either; whoever creates cases moves it on.
    r = office.psql("caseworker", "UPDATE settings SET value = '1' WHERE key = 'next_reference'")
    assert r.returncode != 0 and "permission denied" in r.stderr, r.stdout
    office.first_sign_in("volunteer")
    r = office.cli("volunteer", "new", "family_name=Karimova")
    assert r.returncode == 0, r.stderr
    assert "CM-0003" in r.stdout, r.stdout


def test_the_search_vocabulary_does_not_name_cases_one_cannot_see(office):  # noqa: F811
    seed(office.owner, office)
    vocab = {r[0] for r in _owner(office, "SELECT key FROM search_vocab")}
    assert any("karimov" in k for k in vocab)
    for who in ("volunteer", "other"):
        r = office.psql(who, "SELECT key FROM search_vocab")
        assert r.returncode == 0, r.stderr
        assert "karimov" not in r.stdout and "rustam" not in r.stdout, who
        assert "tursunov" in r.stdout or "турсунов" in r.stdout, (who, r.stdout)
    r = office.psql("caseworker", "SELECT key FROM search_vocab")
    assert "karimov" in r.stdout


def test_volunteers_do_not_see_partners_references_in_the_search_keys(office):  # noqa: F811
    refs = seed(office.owner, office)
    case_id = _id(office, refs["open"])
    _owner(office, "INSERT INTO name_keys (case_id, key, kind, token) VALUES "
           f"({case_id}, 'amnesty12345', 'ext', 'AMNESTY: 12345')")
    r = office.psql("volunteer", "SELECT count(*) FROM name_keys WHERE kind = 'ext'")
    assert r.returncode == 0 and r.stdout.strip() == "0", (r.stdout, r.stderr)
    r = office.psql("caseworker", "SELECT count(*) FROM name_keys WHERE kind = 'ext'")
    assert r.stdout.strip() == "1"


def _admin_office(server):
    tag = uuid.uuid4().hex[:8]
    admin, dbname = f"admin_{tag}", f"office_{tag}"
    server.admin(f"CREATE ROLE {admin} LOGIN CREATEROLE")
    server.admin(f"CREATE DATABASE {dbname} OWNER {admin}")
    return tag, admin, dbname


@pytest.mark.parametrize("signal", [False, True])
def test_disabling_someone_ends_their_sessions_or_says_it_could_not(people_server, signal):  # noqa: F811
    import psycopg

    server = people_server
    tag, admin, dbname = _admin_office(server)
    coordinator, volunteer = f"coord_{tag}", f"vol_{tag}"

    def url(login: str) -> str:
        return f"postgresql+psycopg://{login}@/{dbname}?host={server.socket}&port={server.port}"

    if signal:
        server.admin(f"GRANT pg_signal_backend TO {admin}")
    conn = None
    try:
        assert run_cli("init", db=url(admin)).returncode == 0
        r = run_cli("user", "add", coordinator, "--role", "coordinator", "--password",
                    "a long first one", db=url(admin))
        if r.returncode != 0:  # no --password option: take the one shown
            r = run_cli("user", "add", coordinator, "--role", "coordinator", db=url(admin))
        first = r.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
        env = {"PGPASSWORD": "a long new one"}
        assert run_cli("user", "password", db=url(coordinator), env={
            "PGPASSWORD": first, "CASEMANAGER_NEW_PASSWORD": "a long new one"}).returncode == 0
        r = run_cli("user", "add", volunteer, "--role", "volunteer", db=url(coordinator), env=env)
        vpass = r.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
        conn = psycopg.connect(host=str(server.socket), port=server.port, user=volunteer,
                               dbname=dbname, password=vpass, autocommit=True)
        r = run_cli("user", "disable", volunteer, db=url(coordinator), env=env)
        assert r.returncode == 0, r.stderr
        try:
            conn.execute("SELECT 1")
            alive = True
        except psycopg.OperationalError:
            alive = False
        said = (r.stdout + r.stderr).lower()
        if signal:
            assert not alive and "could not end" not in said, said
        else:
            assert alive and "could not end" in said, said
            assert len([ln for ln in said.splitlines() if "could not end" in ln]) == 1
    finally:
        if conn is not None:
            conn.close()
        server.admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        for login in (volunteer, coordinator, admin):
            server.admin(f"DROP ROLE IF EXISTS {login}")


def test_the_password_function_takes_only_a_verifier(office):  # noqa: F811
    for value in ("", "a plain password"):
        r = office.psql("volunteer", f"SELECT cm_change_password('{value}')")
        assert r.returncode != 0 and "SCRAM-SHA-256 verifier" in r.stderr, r.stdout
    assert office.psql("volunteer", "SELECT 1").returncode == 0  # unchanged
    # The client refuses the first password as the new one.
    r = office.cli("volunteer", "user", "password",
                   CASEMANAGER_NEW_PASSWORD=office.password["volunteer"])
    assert r.returncode == 1 and "other than the one" in r.stderr, r.stderr
    office.first_sign_in("volunteer")  # a real verifier still works


def test_a_volunteer_cannot_log_about_a_case_they_do_not_see(office):  # noqa: F811
    refs = seed(office.owner, office)
    hidden = _id(office, refs["hidden"])
    r = office.psql("volunteer", "INSERT INTO audit_entries (at, actor, action, entity, "
                    "case_id, case_reference, changes) VALUES (now(), '', 'update', 'case', "
                    f"{hidden}, '{refs['hidden']}', '{{}}')")
    assert r.returncode != 0 and "row-level security" in r.stderr, r.stdout
    r = office.psql("volunteer", "INSERT INTO audit_entries (at, actor, action, entity, "
                    "case_id, case_reference, changes) VALUES (now(), '', 'view', 'case', "
                    f"{_id(office, refs['open'])}, '{refs['open']}', '{{}}')")
    assert r.returncode == 0, r.stderr


def test_managing_people_leaves_entries_in_the_log(office):  # noqa: F811
    office.first_sign_in("coordinator")
    newcomer = "newcomer_" + office.login["volunteer"][6:]
    office.login["newcomer"] = newcomer
    assert office.cli("coordinator", "user", "add", newcomer, "--role",
                      "volunteer").returncode == 0
    assert office.cli("coordinator", "user", "role", newcomer, "caseworker").returncode == 0
    assert office.cli("coordinator", "user", "disable", newcomer).returncode == 0
    rows = _owner(office, "SELECT actor, action, changes::text FROM audit_entries "
                  f"WHERE entity = 'person' AND changes::text LIKE '%{newcomer}%' ORDER BY id")
    assert [(a, act) for a, act, _ in rows] == [
        (office.login["coordinator"], "add_person"), (office.login["coordinator"], "change_role"),
        (office.login["coordinator"], "disable_person")]
    # The office's own people were added by the owner: in the log too, under its name.
    assert _owner(office, "SELECT count(*) FROM audit_entries WHERE action = 'add_person' "
                  "AND actor = 'postgres'")[0][0] == 4
