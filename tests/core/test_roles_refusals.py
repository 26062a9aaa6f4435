"""A refused action on a server is one line naming the real reason in the caseworker's
words (the role, asked first where it alone decides; else what the role may not see or
change), and reading a list leaves its trace in the log like `show` and `export` do.
The command line runs as a subprocess against a real PostgreSQL server."""

from __future__ import annotations

import json

import pytest

from casemanager.services import access, records
from casemanager.services import audit as audit_log
from casemanager.services.cases import create_case
from tests.conftest import run_cli
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres


def _one_line(r) -> str:
    assert r.returncode == 1, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_what_the_role_alone_decides_is_refused_in_its_words(office, tmp_path):  # noqa: F811
    refs = seed(office.owner, office)
    other = create_case(office.owner, fields={"family_name": "Tursunov"}).reference
    for who in ("caseworker", "volunteer"):
        office.first_sign_in(who)
    cases = [
        ("caseworker", ["delete", refs["open"], "--yes"],
         "deleting a case is for coordinators; you are signed in as a caseworker"),
        ("volunteer", ["delete", refs["open"], "--yes"],
         "deleting a case is for coordinators; you are signed in as a volunteer"),
        ("caseworker", ["merge", refs["open"], other],
         "merging cases (and undoing a merge) is for coordinators; you are signed in as a "
         "caseworker"),
        ("volunteer", ["export", "-o", str(tmp_path / "x.csv")],
         "exporting lists of cases is for caseworkers and coordinators; you are signed in "
         "as a volunteer"),
        ("volunteer", ["dossier", refs["open"], "-o", str(tmp_path / "x.pdf")],
         "dossiers and letters are for caseworkers and coordinators; you are signed in as "
         "a volunteer"),
        ("caseworker", ["user", "list"],
         "managing people and their roles is for coordinators; you are signed in as a "
         "caseworker"),
        ("caseworker", ["restrict", other],
         "restricting a case (or lifting it) is for coordinators; you are signed in as a "
         "caseworker"),
        ("volunteer", ["list", "--format", "json"],
         "a list of cases as JSON is an export"),
    ]
    for who, args, expected in cases:
        line = _one_line(office.cli(who, *args))
        assert expected in line, (who, args, line)
        assert "permission denied" not in line, line
    assert list(tmp_path.iterdir()) == []
    # Nothing was done.
    assert office.psql("coordinator", "SELECT count(*) FROM cases").stdout.strip() == "3"


def test_a_refused_table_is_said_as_what_the_role_may_not_see(office):  # noqa: F811
    refs = seed(office.owner, office)
    office.first_sign_in("volunteer")
    line = _one_line(office.cli("volunteer", "contact", "list"))
    assert line.startswith("casemanager: error: as a volunteer you may not see contacts"), line
    assert "(the server refused: permission denied for table contacts)" in line
    line = _one_line(office.cli("volunteer", "add", "document", refs["open"], "number=X1",
                                "doc_type=passport"))
    assert "as a volunteer you may not" in line and "identity documents" in line, line


def test_an_import_naming_a_case_the_caseworker_cannot_see_says_so(office, tmp_path):  # noqa: F811
    office.first_sign_in("coordinator")
    hidden = create_case(office.owner, fields={"family_name": "Karimov"}).reference
    access.restrict_case(office.owner, hidden)
    office.first_sign_in("caseworker")
    sheet = tmp_path / "list.csv"
    sheet.write_text(f"reference,family_name,given_name\n{hidden},Nazarov,Khurshid\n",
                     encoding="utf-8")
    line = _one_line(office.cli("caseworker", "import", str(sheet), "--on-duplicate", "add"))
    assert f"row 2: {hidden} is a case you cannot see (restricted)" in line, line
    assert "the database changed" not in line


def test_a_caseworker_saving_a_case_restricted_meanwhile_is_told_so(office):  # noqa: F811
    from casemanager.domain.errors import NotFoundError
    from casemanager.services.cases import get_case, update_case
    from casemanager.store.database import open_database

    ref = create_case(office.owner, fields={"family_name": "Karimov"}).reference
    office.first_sign_in("caseworker")
    url = office.url("caseworker").replace(
        f"{office.login['caseworker']}@",
        f"{office.login['caseworker']}:{office.password['caseworker']}@")
    db = open_database(url)
    try:
        version = get_case(db, ref).version
        access.restrict_case(office.owner, ref)
        with pytest.raises(NotFoundError, match="is no longer visible to you"):
            update_case(db, ref, fields={"rank": "private"}, expected_version=version)
    finally:
        db.dispose()


def test_list_and_search_leave_a_read_entry_in_every_format(office):  # noqa: F811
    refs = seed(office.owner, office)
    for who in ("caseworker", "volunteer"):
        office.first_sign_in(who)
    r = office.cli("caseworker", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    listed = {row["reference"] for row in json.loads(r.stdout)}
    assert listed == {refs["open"], refs["hidden"]}
    r = office.cli("volunteer", "list")
    assert r.returncode == 0, r.stderr
    r = office.cli("caseworker", "search", "Tursunov", "--format", "json")
    assert r.returncode == 0, r.stderr
    r = office.cli("caseworker", "show", refs["open"], "--format", "json")
    assert r.returncode == 0, r.stderr
    reads = [(e.actor, e.action, e.case_reference, dict(e.changes))
             for e in audit_log.entries(office.owner) if e.action in ("list", "view")]
    cw, vol = office.login["caseworker"], office.login["volunteer"]
    assert (cw, "list", refs["open"], {"command": ("", "list"), "format": ("", "json")}) in reads
    assert (cw, "list", refs["hidden"], {"command": ("", "list"), "format": ("", "json")}) \
        in reads
    assert (vol, "list", refs["open"], {"command": ("", "list"), "format": ("", "table")}) \
        in reads
    assert (cw, "list", refs["open"], {"command": ("", "search"), "format": ("", "json")}) \
        in reads
    assert (cw, "view", refs["open"], {}) in reads


def test_a_volunteer_s_stats_leave_out_appeals_and_say_so(office):  # noqa: F811
    import datetime as dt

    refs = seed(office.owner, office)
    last_week = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    records.add_appeal(office.owner, refs["open"], subject="Release", status="sent",
                       follow_up_date=last_week)
    office.first_sign_in("volunteer")
    r = office.cli("volunteer", "stats")
    assert r.returncode == 0, r.stderr
    assert "your role does not see appeals" in r.stdout
    r = office.cli("volunteer", "stats", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["left_out"] == ["appeals"] and data["overdue_count"] == 0


def test_user_add_lower_cases_the_login_and_says_so(office):  # noqa: F811
    import uuid

    office.first_sign_in("coordinator")
    typed = f"Coord_{uuid.uuid4().hex[:6]}"
    r = office.cli("coordinator", "user", "add", typed, "--role", "volunteer")
    office.login["typed"] = typed.lower()
    assert r.returncode == 0, r.stderr
    assert f"Login names are lower case: {typed} is {typed.lower()}." in r.stdout
    assert typed.lower() in {p.login for p in access.people(office.owner)}


def test_list_leaves_a_read_entry_on_a_local_file(sqlite_path):
    ref = run_cli("new", "family_name=Karimov", db=str(sqlite_path)).stdout.strip().split()[-1]
    for fmt in ("table", "json"):
        r = run_cli("list", "--format", fmt, db=str(sqlite_path))
        assert r.returncode == 0, r.stderr
    r = run_cli("audit", "--format", "json", db=str(sqlite_path))
    entries = [e for e in json.loads(r.stdout) if e["action"] == "list"]
    assert len(entries) == 2 and {e["case"] for e in entries} == {ref}, entries
