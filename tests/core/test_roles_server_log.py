"""What a fresh tester did on a real server, answered by the server since
0015_server_keeps_the_log (docs/security.md, "Hardening 0015"): each test is one finding,
done with psql or the command line as the person the tester was."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from casemanager.services import access, contacts, records
from casemanager.services.cases import create_case
from casemanager.services.merge import merge_cases
from tests.conftest import run_cli
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres


def _owner(office, sql: str):  # noqa: F811
    with office.owner.engine.begin() as conn:
        result = conn.execute(text(sql))
        return result.all() if result.returns_rows else []


def _id(office, ref: str) -> int:  # noqa: F811
    return _owner(office, f"SELECT id FROM cases WHERE reference = '{ref}'")[0][0]


def _one_line(r, expected: str) -> None:
    assert r.returncode == 1, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], r.stderr


# ------------------------------------------------------------------ 1. merging


def test_merging_a_restricted_case_into_an_open_one_keeps_it_hidden(office):  # noqa: F811
    refs = seed(office.owner, office)
    records.add_document(office.owner, refs["hidden"], doc_type="passport",
                         number="HID0000001", issuing_country="UZ")
    office.first_sign_in("coordinator")
    r = office.cli("coordinator", "merge", refs["open"], refs["hidden"])
    assert r.returncode == 0, r.stderr
    # The other caseworker saw the open case before; the kept case is restricted now.
    for sql in (f"SELECT count(*) FROM cases WHERE reference = '{refs['open']}'",
                "SELECT count(*) FROM identity_documents WHERE number = 'HID0000001'"):
        assert office.psql("other", sql).stdout.strip() == "0", sql
    assert office.psql("volunteer", "SELECT count(*) FROM cases WHERE reference = "
                       f"'{refs['open']}'").stdout.strip() == "0"
    office.first_sign_in("other")
    r = office.cli("other", "show", refs["open"])
    assert r.returncode == 1 and "HID0000001" not in r.stdout
    # The caseworker who had the restricted case is named on the kept one.
    r = office.psql("caseworker", "SELECT count(*) FROM identity_documents "
                    "WHERE number = 'HID0000001'")
    assert r.stdout.strip() == "1", r.stderr
    kept = _id(office, refs["open"])
    assert _owner(office, f"SELECT restricted FROM cases WHERE id = {kept}") == [(True,)]
    assert _owner(office, f"SELECT login FROM case_members WHERE case_id = {kept}") == [
        (office.login["caseworker"],)]
    # The merge's entry says so.
    r = office.cli("coordinator", "audit", "--case", refs["open"], "--format", "json")
    merge = [e for e in json.loads(r.stdout) if e["action"] == "merge"]
    assert merge and "restricted" in json.dumps(merge[0]), r.stdout


def test_the_server_restricts_the_kept_case_of_a_merge_made_by_hand(office):  # noqa: F811
    refs = seed(office.owner, office)
    keep, other = _id(office, refs["open"]), _id(office, refs["hidden"])
    r = office.psql("coordinator", f"UPDATE cases SET merged_into_id = {keep} "
                    f"WHERE id = {other}")
    assert r.returncode == 0, r.stderr
    assert _owner(office, f"SELECT restricted FROM cases WHERE id = {keep}") == [(True,)]
    assert _owner(office, f"SELECT login FROM case_members WHERE case_id = {keep}") == [
        (office.login["caseworker"],)]
    r = office.psql("other", f"SELECT count(*) FROM cases WHERE id = {keep}")
    assert r.stdout.strip() == "0"


def test_a_merge_on_a_file_keeps_the_union_of_protection(sqlite_db):
    keep = create_case(sqlite_db, fields={"family_name": "Tursunov"}).reference
    other = create_case(sqlite_db, fields={"family_name": "Турсунов",
                                           "assigned_to": "malika"}).reference
    access.restrict_case(sqlite_db, other, members=["oleg"])
    merge_cases(sqlite_db, keep, other)
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("SELECT restricted FROM cases WHERE reference = :r"),
                            {"r": keep}).scalar() in (1, True)
        members = conn.execute(text(
            "SELECT m.login FROM case_members m JOIN cases c ON c.id = m.case_id "
            "WHERE c.reference = :r ORDER BY 1"), {"r": keep}).scalars().all()
    assert members == ["malika", "oleg"]


# ------------------------------------------------------------------ 2. direct changes


def test_a_change_made_with_psql_is_logged_under_the_login(office):  # noqa: F811
    refs = seed(office.owner, office)
    case_id = _id(office, refs["open"])
    records.add_event(office.owner, refs["open"], date="2024-03-01", kind="note",
                      summary="moved to another colony")
    before = _owner(office, f"SELECT version, updated_at FROM cases WHERE id = {case_id}")[0]
    # The application's own writes (the seed above, as the owner) left no such entry.
    assert _owner(office, "SELECT count(*) FROM audit_entries "
                  "WHERE action = 'direct_change'") == [(0,)]
    volunteer = office.login["volunteer"]
    for sql in (f"UPDATE cases SET health = 'tampered', status = 'released' WHERE id = {case_id}",
                f"DELETE FROM status_changes WHERE case_id = {case_id}",
                f"DELETE FROM events WHERE case_id = {case_id}"):
        r = office.psql("volunteer", sql)
        assert r.returncode == 0, (sql, r.stderr)
    entries = _owner(office, "SELECT actor, entity, case_id, case_reference, changes "
                     "FROM audit_entries WHERE action = 'direct_change' ORDER BY id")
    assert [(e[0], e[1], e[2], e[3]) for e in entries] == [
        (volunteer, "cases", case_id, refs["open"]),
        (volunteer, "status_changes", case_id, refs["open"]),
        (volunteer, "events", case_id, refs["open"])]
    changes = entries[0][4]
    assert changes["operation"] == ["", "UPDATE"]
    assert changes["health"] == ["", "tampered"]
    assert changes["status"][1] == "released"
    assert entries[2][4]["operation"] == ["", "DELETE"]
    # An editor open on the case sees that it changed.
    after = _owner(office, f"SELECT version, updated_at FROM cases WHERE id = {case_id}")[0]
    assert after[0] > before[0] and after[1] > before[1]
    # The volunteer reads their own entries; the coordinator's `audit` shows them.
    r = office.psql("volunteer", "SELECT count(*) FROM audit_entries "
                    "WHERE action = 'direct_change'")
    assert r.stdout.strip() == "3"
    # Several statements in one transaction: one entry per table and operation.
    r = office.psql("volunteer", f"BEGIN; UPDATE cases SET family_name = 'Renamed' WHERE id = "
                    f"{case_id}; UPDATE cases SET given_name = 'X' WHERE id = {case_id}; COMMIT;")
    assert r.returncode == 0, r.stderr
    last = _owner(office, "SELECT changes FROM audit_entries WHERE action = 'direct_change' "
                  "ORDER BY id DESC")
    assert len(last) == 4
    assert last[0][0]["family_name"][1] == "Renamed" and last[0][0]["given_name"][1] == "X"


def test_a_fake_read_entry_does_not_cover_a_change(office):  # noqa: F811
    refs = seed(office.owner, office)
    case_id = _id(office, refs["open"])
    r = office.psql("volunteer", "BEGIN; INSERT INTO audit_entries (at, actor, action, entity, "
                    f"case_id, case_reference, changes) VALUES (now(), 'x', 'view', 'case', "
                    f"{case_id}, '', '{{}}'); UPDATE cases SET health = 'ok' WHERE id = "
                    f"{case_id}; COMMIT;")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT entity FROM audit_entries WHERE action = 'direct_change'") \
        == [("cases",)]


def test_a_case_deleted_with_psql_is_logged_with_its_records(office):  # noqa: F811
    refs = seed(office.owner, office)
    hidden = _id(office, refs["hidden"])
    records.add_event(office.owner, refs["hidden"], date="2024-03-01", kind="note",
                      summary="seen in Kursk")
    r = office.psql("coordinator", f"DELETE FROM cases WHERE id = {hidden}")
    assert r.returncode == 0, r.stderr
    entries = _owner(office, "SELECT actor, entity, case_id, case_reference FROM audit_entries "
                     "WHERE action = 'direct_change' ORDER BY id")
    coordinator = office.login["coordinator"]
    assert (coordinator, "cases", hidden, refs["hidden"]) in entries
    assert (coordinator, "events", hidden, refs["hidden"]) in entries
    assert {e[3] for e in entries} == {refs["hidden"]}


def test_the_application_s_writes_leave_no_direct_change_entry(office, tmp_path):  # noqa: F811
    refs = seed(office.owner, office)
    # A contact deleted: its link to the case goes with it (the case's entry says so).
    mother = _owner(office, "SELECT contact_id FROM case_contacts")[0][0]
    contacts.delete_contact(office.owner, mother)
    for who in ("coordinator", "caseworker", "volunteer"):
        office.first_sign_in(who)
    assert office.cli("volunteer", "new", "family_name=Saidov").returncode == 0
    r = office.cli("caseworker", "edit", refs["hidden"], "health=stable")
    assert r.returncode == 0, r.stderr
    assert office.cli("caseworker", "status", refs["hidden"], "released").returncode in (0, 2)
    csv = tmp_path / "list.csv"
    csv.write_text("family_name,given_name,date_of_birth\nNazarov,Bekzod,1990\n"
                   "Rahimov,Anvar,1988\n", encoding="utf-8")
    r = office.cli("coordinator", "import", str(csv), "--source", "Partner X")
    assert r.returncode == 0, r.stderr
    r = office.cli("coordinator", "merge", refs["open"], refs["hidden"])
    assert r.returncode == 0, r.stderr
    # ... while the same server logs a change made beside them.
    r = office.psql("volunteer", "UPDATE cases SET health = 'unknown' "
                    "WHERE family_name = 'Saidov'")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT actor, entity FROM audit_entries "
                  "WHERE action = 'direct_change'") == [(office.login["volunteer"], "cases")]


# ------------------------------------------------------------------ 3.-6.


def test_the_search_vocabulary_is_no_oracle(office):  # noqa: F811
    seed(office.owner, office)
    r = office.psql("volunteer", "INSERT INTO search_vocab VALUES ('karimov')")
    assert r.returncode != 0 and "permission denied" in r.stderr, r.stderr
    r = office.psql("volunteer", "INSERT INTO search_vocab VALUES ('nosuchwordatall')")
    assert r.returncode != 0 and "permission denied" in r.stderr
    # Through the function: no answer either way, and no junk.
    r = office.psql("volunteer", "SELECT cm_add_vocabulary(ARRAY['karimov', 'junkword'])")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT count(*) FROM search_vocab WHERE key = 'junkword'") == [(0,)]
    # The application still adds the words of the cases it writes.
    office.first_sign_in("volunteer")
    assert office.cli("volunteer", "new", "family_name=Zaynutdinov").returncode == 0
    assert _owner(office, "SELECT count(*) FROM search_vocab WHERE key = 'zainutdinov'") \
        != [(0,)]
    r = office.cli("volunteer", "search", "Zaynutdinof")
    assert r.returncode == 0 and "Zaynutdinov" in r.stdout, (r.stdout, r.stderr)


def test_an_audit_entry_names_the_case_it_is_about(office):  # noqa: F811
    refs = seed(office.owner, office)
    open_id = _id(office, refs["open"])
    columns = "INSERT INTO audit_entries (at, actor, action, entity, case_id, case_reference, "
    planted = columns + ("changes) VALUES (now(), 'x', 'update', 'case', {id}, '{ref}', "
                         "'{{\"health\": [\"ok\", \"died in custody\"]}}')")
    r = office.psql("volunteer", planted.format(id="NULL", ref=refs["hidden"]))
    assert r.returncode != 0 and "row-level security" in r.stderr, r.stderr
    r = office.psql("volunteer", planted.format(id="NULL", ref="CM-9999"))
    assert r.returncode != 0 and "must name a case that exists" in r.stderr, r.stderr
    r = office.psql("volunteer", planted.format(id=open_id, ref=refs["hidden"]))
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT case_id, case_reference FROM audit_entries "
                  "WHERE changes::text LIKE '%died in custody%'") == [(open_id, refs["open"])]
    r = office.psql("other", "SELECT count(*) FROM audit_entries "
                    f"WHERE case_reference = '{refs['hidden']}'")
    assert r.stdout.strip() == "0"


def _copy_case(office, who: str, ref: str, **overrides: str) -> str:  # noqa: F811
    """An INSERT of a copy of case `ref` with what `who` may write and read."""
    login = office.login[who]
    cols = [c for (c,) in _owner(
        office, "SELECT column_name FROM information_schema.columns WHERE table_name = "
        "'cases' AND table_schema = 'public' AND column_name <> 'id' AND "
        f"has_column_privilege('{login}', 'public.cases', column_name, 'INSERT') AND "
        f"(has_column_privilege('{login}', 'public.cases', column_name, 'SELECT') "
        "OR column_name = 'restricted') ORDER BY ordinal_position")]
    for c in overrides:
        assert c in cols, (who, c)
    values = [overrides.get(c, c) for c in cols]
    return (f"INSERT INTO cases ({', '.join(cols)}) SELECT {', '.join(values)} FROM cases "
            f"WHERE reference = '{ref}'")


def test_only_coordinators_create_a_case_restricted_or_merged(office):  # noqa: F811
    refs = seed(office.owner, office)
    open_id = _id(office, refs["open"])
    r = office.psql("caseworker", _copy_case(
        office, "caseworker", refs["open"], reference="'CM-0900'", restricted="true",
        assigned_to=f"'{office.login['caseworker']}'"))
    assert r.returncode != 0 and "only coordinators restrict" in r.stderr, r.stderr
    r = office.psql("volunteer", _copy_case(office, "volunteer", refs["open"],
                                            reference="'CM-0901'",
                                            merged_into_id=str(open_id)))
    assert r.returncode != 0 and "only coordinators merge" in r.stderr, r.stderr
    assert _owner(office, "SELECT count(*) FROM cases WHERE reference >= 'CM-09'") == [(0,)]
    r = office.psql("coordinator", _copy_case(office, "coordinator", refs["open"],
                                               reference="'CM-0902'",
                                               restricted="true"))
    assert r.returncode == 0, r.stderr


def test_an_import_s_record_is_the_server_s(office, tmp_path):  # noqa: F811
    seed(office.owner, office)
    office.first_sign_in("coordinator")
    csv = tmp_path / "imp3.csv"
    csv.write_text("family_name,given_name\nNazarov,Bekzod\n", encoding="utf-8")
    r = office.cli("coordinator", "import", str(csv), "--source", "Partner X",
                   CASEMANAGER_USER="root")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT actor, file FROM imports") == [
        (office.login["coordinator"], "imp3.csv")]
    for sql, said in (("UPDATE imports SET actor = 'vol1'", "server's record"),
                      ("UPDATE imports SET file = 'innocent.csv'", "only coordinators"),
                      ("DELETE FROM imports", "permission denied")):
        r = office.psql("caseworker", sql)
        assert r.returncode != 0 and said in r.stderr, (sql, r.stderr)
    assert _owner(office, "SELECT actor, file FROM imports") == [
        (office.login["coordinator"], "imp3.csv")]
    # A caseworker's own import still counts what it did.
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "import", str(csv), "--source", "Partner Y",
                   "--on-duplicate", "add")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT actor, created FROM imports ORDER BY id")[-1] == (
        office.login["caseworker"], 1)


# ------------------------------------------------------------------ 8., 13., 14.


def test_a_coordinator_gives_someone_a_new_first_password(office):  # noqa: F811
    office.first_sign_in("coordinator")
    office.first_sign_in("volunteer")
    volunteer = office.login["volunteer"]
    r = office.cli("coordinator", "user", "password", volunteer)
    assert r.returncode == 0, r.stderr
    fresh = r.stdout.strip().rsplit(" ", 1)[-1]
    assert office.psql("volunteer", "SELECT 1", password=fresh).returncode == 0
    assert office.psql("volunteer", "SELECT 1").returncode != 0  # the forgotten one
    office.password["volunteer"] = fresh
    r = office.cli("volunteer", "list")
    _one_line(r, "choose your own password first")
    office.first_sign_in("volunteer")
    assert office.cli("volunteer", "list").returncode == 0
    # Only coordinators, and the log says who did it for whom.
    r = office.cli("volunteer", "user", "password", office.login["coordinator"])
    _one_line(r, "permission denied")
    assert _owner(office, "SELECT actor, changes->'login'->>1 FROM audit_entries "
                  "WHERE action = 'reset_password'") == [(office.login["coordinator"], volunteer)]


def test_the_server_takes_only_a_well_formed_verifier(office):  # noqa: F811
    bad = "SCRAM-SHA-256$4096:aaaa$bbbb:cccc"
    r = office.psql("volunteer", f"SELECT cm_change_password('{bad}')")
    assert r.returncode != 0 and "SCRAM-SHA-256 verifier" in r.stderr, r.stderr
    assert office.psql("volunteer", "SELECT 1").returncode == 0  # not locked out
    tag = office.login["volunteer"][6:]
    for verifier in ("'hunter2'", "NULL", f"'{bad}'"):
        r = office.psql("coordinator", f"SELECT cm_user_add('plain_{tag}', 'volunteer', "
                        f"{verifier})")
        assert r.returncode != 0 and "SCRAM-SHA-256 verifier" in r.stderr, (verifier, r.stderr)
    assert office.server and _owner(office, f"SELECT count(*) FROM pg_roles "
                                    f"WHERE rolname = 'plain_{tag}'") == [(0,)]


def test_the_last_coordinator_stays_one(office):  # noqa: F811
    office.first_sign_in("coordinator")
    me = office.login["coordinator"]
    r = office.cli("coordinator", "user", "role", me, "volunteer")
    _one_line(r, "last active coordinator")
    assert office.cli("coordinator", "user", "disable", me).returncode == 1
    assert access.session_role(office.owner) == ""
    # Another coordinator first, then it may.
    r = office.cli("coordinator", "user", "role", office.login["caseworker"], "coordinator")
    assert r.returncode == 0, r.stderr
    r = office.cli("coordinator", "user", "role", me, "caseworker")
    assert r.returncode == 0, r.stderr
    roles = _owner(office, "SELECT changes->'login'->>1, changes->'role'->>0, "
                   "changes->'role'->>1 FROM audit_entries WHERE action = 'change_role' "
                   "ORDER BY id")
    assert roles == [(office.login["caseworker"], "caseworker", "coordinator"),
                     (me, "coordinator", "caseworker")]


def test_only_caseworkers_are_named_on_a_restricted_case(office):  # noqa: F811
    refs = seed(office.owner, office)
    office.first_sign_in("coordinator")
    for login, said in ((office.login["volunteer"], "is a volunteer"),
                        ("nosuchuser", "no person named nosuchuser")):
        r = office.cli("coordinator", "restrict", refs["open"], "--member", login)
        _one_line(r, said)
    assert _owner(office, f"SELECT restricted FROM cases WHERE reference = '{refs['open']}'") \
        == [(False,)]
    r = office.cli("coordinator", "restrict", refs["open"], "--member", office.login["other"])
    assert r.returncode == 0, r.stderr
    # `show` says so, in both formats
    r = office.cli("coordinator", "show", refs["open"])
    assert r.returncode == 0 and ", restricted]" in r.stdout.splitlines()[0], r.stdout
    r = office.cli("coordinator", "show", refs["open"], "--format", "json")
    assert json.loads(r.stdout)["restricted"] is True


def test_restrict_on_a_local_file_says_one_line(sqlite_path):
    assert run_cli("new", "family_name=Tursunov", db=str(sqlite_path)).returncode == 0
    r = run_cli("restrict", "CM-0001", db=str(sqlite_path))
    _one_line(r, "shared PostgreSQL server")


# ------------------------------------------------------------------ the re-test's findings


def test_a_merge_that_would_show_a_restricted_case_to_someone_is_refused(office):  # noqa: F811
    """The open case's caseworker could not see the restricted one: merged, they would
    (their own case, now holding the other's facts). Refused by the service and by the
    server, naming them; nothing merged."""
    refs = seed(office.owner, office)
    other_login = office.login["other"]
    _owner(office, f"UPDATE cases SET assigned_to = '{other_login}' "
                   f"WHERE reference = '{refs['open']}'")
    office.first_sign_in("coordinator")
    r = office.cli("coordinator", "merge", refs["open"], refs["hidden"])
    _one_line(r, f"merging would show a restricted case to {other_login}")
    keep, other = _id(office, refs["open"]), _id(office, refs["hidden"])
    r = office.psql("coordinator", f"UPDATE cases SET merged_into_id = {keep} "
                    f"WHERE id = {other}")
    assert r.returncode != 0 and "merging would show a restricted case" in r.stderr
    assert _owner(office, f"SELECT merged_into_id, restricted FROM cases WHERE id = {keep}"
                  ) == [(None, False)]
    assert _owner(office, f"SELECT merged_into_id FROM cases WHERE id = {other}") == [(None,)]


@pytest.mark.parametrize(("who", "read"), [
    ("volunteer", "list"), ("volunteer", "view"), ("caseworker", "export")])
def test_no_read_entry_covers_a_change(office, who, read):  # noqa: F811
    refs = seed(office.owner, office)
    case_id = _id(office, refs["open"])
    r = office.psql(who, "BEGIN; INSERT INTO audit_entries (at, actor, action, entity, "
                    f"case_id, case_reference, changes) VALUES (now(), 'x', '{read}', 'case', "
                    f"{case_id}, '', '{{}}'); UPDATE cases SET health = 'secretly changed' "
                    f"WHERE id = {case_id}; COMMIT;")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT entity FROM audit_entries WHERE action = 'direct_change'") \
        == [("cases",)]


def test_nobody_writes_a_direct_change_entry_by_hand(office):  # noqa: F811
    refs = seed(office.owner, office)
    case_id = _id(office, refs["open"])
    r = office.psql("volunteer", "BEGIN; INSERT INTO audit_entries (at, actor, action, entity, "
                    f"case_id, case_reference, changes) VALUES (now(), 'x', 'direct_change', "
                    f"'cases', {case_id}, '', "
                    "'{\"operation\": [\"\", \"UPDATE\"], \"health\": [\"FAKE OLD\", \"\"]}'); "
                    f"UPDATE cases SET health = 'real new' WHERE id = {case_id}; COMMIT;")
    assert r.returncode != 0 and "the server writes the direct_change entries" in r.stderr
    assert _owner(office, f"SELECT health FROM cases WHERE id = {case_id}") == [("",)]


def test_a_dossier_leaves_its_disclosure_and_no_direct_change(office, tmp_path):  # noqa: F811
    refs = seed(office.owner, office)
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "dossier", refs["open"], "-o", str(tmp_path / "d.pdf"))
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT count(*) FROM audit_entries WHERE action = 'disclose'") \
        == [(1,)]
    assert _owner(office, "SELECT count(*) FROM audit_entries "
                          "WHERE action = 'direct_change'") == [(0,)]


def test_a_reference_taken_by_a_hidden_case_is_one_line(office):  # noqa: F811
    refs = seed(office.owner, office)
    office.first_sign_in("other")
    r = office.cli("other", "new", "--reference", refs["hidden"], "family_name=Aliev")
    _one_line(r, f"{refs['hidden']} is taken by a case you cannot see")
