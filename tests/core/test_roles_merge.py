"""Merging cases, undoing a merge and restoring are coordinators' only, and the server
is what refuses (migration 0010_coordinator_merge), on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from casemanager.services import records
from casemanager.services.cases import create_case
from casemanager.services.merge import merge_cases
from casemanager.store.database import open_database
from tests.core.test_roles import office, people_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres

REFUSED = "merging cases (and undoing a merge) is for coordinators; you are signed in as a"


def _two_cases(db) -> tuple[str, str]:
    keep = create_case(db, fields={"family_name": "Турсунов", "given_name": "Алишер"}).reference
    other = create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher"}).reference
    records.add_document(db, other, doc_type="passport", number="AB1234567",
                         issuing_country="UZ")
    return keep, other


def _one_line(r, expected: str) -> None:
    assert r.returncode == 1, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], r.stderr
    assert "permission denied" not in lines[0]  # the role, asked first, not a table


def test_only_coordinators_merge_and_undo(office):  # noqa: F811
    keep, other = _two_cases(office.owner)
    for who in ("caseworker", "volunteer"):
        office.first_sign_in(who)
        _one_line(office.cli(who, "merge", keep, other), REFUSED)
    office.first_sign_in("coordinator")
    r = office.cli("coordinator", "merge", keep, other)
    assert r.returncode == 0, r.stderr
    merge_id = r.stdout.strip().rsplit(" ", 1)[-1]
    for who in ("caseworker", "volunteer"):
        _one_line(office.cli(who, "merge", "--undo", merge_id), REFUSED)
    # Still merged, then undone by the coordinator.
    merged = f"SELECT merged_into_id IS NOT NULL FROM cases WHERE reference = '{other}'"
    assert office.psql("coordinator", merged).stdout.strip() == "t"
    r = office.cli("coordinator", "merge", "--undo", merge_id)
    assert r.returncode == 0, r.stderr
    assert office.psql("coordinator", merged).stdout.strip() == "f"
    # The log holds only the coordinator's merge and undo.
    r = office.psql("coordinator", "SELECT DISTINCT actor FROM audit_entries "
                    "WHERE action IN ('merge', 'merged_into', 'unmerge')")
    assert r.stdout.split() == [office.login["coordinator"]]


def test_psql_cannot_merge_by_hand(office, monkeypatch):  # noqa: F811
    keep, other = _two_cases(office.owner)
    ids = {ref: office.psql("coordinator", f"SELECT id FROM cases WHERE reference = '{ref}'")
           .stdout.strip() for ref in (keep, other)}
    by_hand = (
        f"UPDATE cases SET merged_into_id = {ids[keep]} WHERE id = {ids[other]}",
        f"UPDATE identity_documents SET case_id = {ids[keep]} WHERE case_id = {ids[other]}",
        "INSERT INTO audit_entries (at, actor, action, entity, case_reference, changes) "
        f"VALUES (now(), 'x', 'merge', 'case', '{keep}', '{{}}')",
    )
    for sql in by_hand:
        r = office.psql("caseworker", sql)
        assert r.returncode != 0, sql
        assert ("only coordinators merge" in r.stderr or "row-level security" in r.stderr), \
            (sql, r.stderr)
    r = office.psql("volunteer", by_hand[0])
    assert r.returncode != 0 and "only coordinators merge" in r.stderr, r.stderr
    # A caseworker still edits cases and their records as before.
    r = office.psql("caseworker", f"UPDATE cases SET health = 'ok' WHERE id = {ids[keep]}")
    assert r.returncode == 0, r.stderr
    # And a coordinator (here through the services) merges.
    monkeypatch.setenv("PGPASSWORD", office.password["coordinator"])
    db = open_database(office.url("coordinator"))
    try:
        assert merge_cases(db, keep, other).merged == other
    finally:
        db.dispose()


def test_restoring_a_server_is_not_the_client_s(office, tmp_path):  # noqa: F811
    """Restoring a server is pg_restore by its administrator: the client refuses it for
    everyone in one line, and the roles could not do what a restore does anyway."""
    office.first_sign_in("caseworker")
    backup = tmp_path / "b.db"
    backup.write_bytes(b"")
    r = office.cli("caseworker", "restore", str(backup))
    assert r.returncode == 1 and "pg_restore" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    for who in ("caseworker", "volunteer"):
        for sql in ("TRUNCATE cases CASCADE", "DROP TABLE audit_entries",
                    "DELETE FROM cases"):
            r = office.psql(who, sql)
            assert r.returncode != 0 and ("permission denied" in r.stderr
                                          or "must be owner" in r.stderr), (who, sql, r.stderr)
