"""A volunteer's own client works within their rights on a real server: `list`, `show`,
`new` and `edit` (and the services behind the window's list, open and new) ask only for
what the role may read, so they work; what is withheld reads as empty, and asking for
it outright is still the server's one-line refusal."""

from __future__ import annotations

import json

import pytest

from casemanager.services import access
from casemanager.services.cases import create_case, get_case, update_case
from casemanager.services.queries import CaseFilter, case_ids, list_cases, rows_for_ids
from casemanager.store.database import open_database
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres


def test_the_volunteer_s_command_line_works_within_their_rights(office):  # noqa: F811
    refs = seed(office.owner, office)
    office.first_sign_in("volunteer")

    r = office.cli("volunteer", "new", "family_name=Karimova", "given_name=Malika",
                   "health=asthma", CASEMANAGER_USER="someone-else")
    assert r.returncode == 0, r.stderr
    new_ref = next(w for w in r.stdout.split() if w.startswith("CM-")).rstrip(":.,")

    r = office.cli("volunteer", "list")
    assert r.returncode == 0, r.stderr
    listed = {line.split()[0] for line in r.stdout.splitlines()[1:]}
    assert listed == {refs["open"], new_ref}  # never the restricted case
    # A list as JSON (every column) is an export: not the volunteer's.
    r = office.cli("volunteer", "list", "--format", "json")
    assert r.returncode == 1 and "is an export" in r.stderr, r.stderr

    r = office.cli("volunteer", "show", refs["open"], "--format", "json")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["family_name"] == "Турсунов"
    text = r.stdout
    for secret in ("source: his cousin", "AB1234567", "+998", "Chilonzor", "Дилноза"):
        assert secret not in text, secret

    r = office.cli("volunteer", "edit", new_ref, "rank=private")
    assert r.returncode == 0, r.stderr
    r = office.cli("volunteer", "show", new_ref, "--format", "json")
    assert json.loads(r.stdout)["rank"] == "private"

    # What the role may not write is still refused by the server, in one line.
    r = office.cli("volunteer", "edit", new_ref, "confidential_notes=mine")
    assert r.returncode == 1, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "the server refused" in lines[0], r.stderr
    r = office.cli("volunteer", "add", "document", new_ref, "number=XY99", "doc_type=passport")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr

    # The log says who did it: the server's name for the volunteer, reads included.
    r = office.psql("coordinator", "SELECT DISTINCT actor || ' ' || action FROM audit_entries "
                    f"WHERE case_reference = '{new_ref}' ORDER BY 1")
    assert r.stdout.strip().split("\n") == [f"{office.login['volunteer']} {a}"
                                    for a in ("create", "list", "update", "view")], r.stdout
    # The search keys the volunteer's save rewrote kept the document's key.
    r = office.psql("coordinator", "SELECT count(*) FROM name_keys k JOIN cases c ON "
                    f"c.id = k.case_id WHERE c.reference = '{refs['open']}' AND k.kind = 'doc'")
    assert r.stdout.strip() == "1"


def test_the_volunteer_s_services_work_within_their_rights(office, monkeypatch):  # noqa: F811
    refs = seed(office.owner, office)
    monkeypatch.setenv("PGPASSWORD", office.password["volunteer"])
    db = open_database(office.url("volunteer"))
    try:
        assert access.session_role(db) == "volunteer"
        # The window's list: ids, then the rows on screen, by every sort it offers.
        ids = case_ids(db, CaseFilter())
        assert [r.reference for r in rows_for_ids(db, ids)] == [refs["open"]]
        for sort in ("next_follow_up", "detention_place", "citizenships", "family_name"):
            assert len(case_ids(db, CaseFilter(), sort=sort)) == 1
        assert list_cases(db)[0].family_name == "Турсунов"
        # Open: the case's own fields; what is withheld reads as empty.
        detail = access.open_case(db, refs["open"])
        assert detail.family_name == "Турсунов" and detail.confidential_notes == ""
        assert detail.documents == () and detail.contacts == () and detail.appeals == ()
        assert [s.status for s in detail.status_history] == ["reported"]
        # New, then edit with the version the window holds.
        made = create_case(db, fields={"family_name": "Karimova", "unit": "42nd brigade"})
        assert made.reference.startswith("CM-")
        changed = update_case(db, made.reference, fields={"rank": "sergeant"},
                              expected_version=made.version)
        assert changed.rank == "sergeant"
        assert get_case(db, made.reference).unit == "42nd brigade"
        # Search finds the volunteer's new case by a name and a unit word.
        found = case_ids(db, CaseFilter(query="Karimova"))
        assert [r.reference for r in rows_for_ids(db, found)] == [made.reference]
    finally:
        db.dispose()
    # A caseworker reads everything the role allows, as before.
    monkeypatch.setenv("PGPASSWORD", office.password["caseworker"])
    db = open_database(office.url("caseworker"))
    try:
        detail = get_case(db, refs["open"])
        assert detail.confidential_notes == "source: his cousin"
        assert [d.number for d in detail.documents] == ["AB1234567"]
        assert len(detail.contacts) == 1
    finally:
        db.dispose()
