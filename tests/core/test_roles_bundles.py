"""The exchange tables on a real server (migration 0009_bundle_grants): only
coordinators hold the organisation's secret key; caseworkers see its fingerprint, the
partners' public keys and the claims about the cases they see; volunteers nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casemanager.bundles.keys import init_keys
from casemanager.store.models import Case, PartnerClaim, utcnow
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres


def _denied(r) -> bool:
    return r.returncode != 0 and "permission denied" in r.stderr


def test_only_coordinators_read_the_secret_key(office, tmp_path):  # noqa: F811
    key = init_keys(office.owner, user_id="Memorial Kyiv <office@example.org>")
    # psql as each person: the key itself is the coordinators' alone.
    for who in ("volunteer", "caseworker", "other"):
        for sql in ("SELECT secret FROM org_keys", "SELECT * FROM org_keys",
                    "SELECT count(*) FROM org_keys WHERE secret LIKE '-----BEGIN%'"):
            assert _denied(office.psql(who, sql)), (who, sql)
    r = office.psql("coordinator", "SELECT secret LIKE '-----BEGIN PGP PRIVATE%' FROM org_keys")
    assert r.returncode == 0 and r.stdout.strip() == "t", r.stderr
    # Which key is ours is no secret to a caseworker; to a volunteer nothing here is.
    r = office.psql("caseworker", "SELECT fingerprint FROM org_keys")
    assert r.returncode == 0 and r.stdout.strip() == key.fingerprint, r.stderr
    for table in ("org_keys", "partner_keys", "received_bundles", "bundle_records",
                  "partner_claims"):
        sql = "SELECT count(*) FROM " + ("org_keys WHERE fingerprint <> ''"
                                         if table == "org_keys" else table)
        assert _denied(office.psql("volunteer", sql)), table
    # Keys are managed by coordinators; the logs of what came in are never rewritten.
    for sql in ("INSERT INTO org_keys (fingerprint, secret, created_at, created_by) "
                "VALUES ('x', 'y', now(), 'me')",
                "UPDATE org_keys SET fingerprint = fingerprint",
                "INSERT INTO partner_keys (name, fingerprint, certificate, added_at, added_by) "
                "VALUES ('x', 'y', 'z', now(), 'me')",
                "DELETE FROM partner_keys",
                "INSERT INTO received_bundles (bundle_id, partner, fingerprint, sha256, "
                "received_at, received_by) VALUES ('b', 'p', 'f', 's', now(), 'me')"):
        assert _denied(office.psql("caseworker", sql)), sql
    # (bundle_records: a withdrawn record's rows only, 0019; see test_withdrawn_contact_log)
    for sql in ("DELETE FROM received_bundles", "UPDATE bundle_records SET uid = 'x'",
                "UPDATE org_keys SET secret = 'mine'", "DELETE FROM org_keys"):
        assert _denied(office.psql("coordinator", sql)), sql

    # The caseworker's client lists the keys without asking for the secret; exporting
    # or signing needs it and is refused in one line.
    office.first_sign_in("caseworker")
    r = office.cli("caseworker", "keys", "list")
    assert r.returncode == 0, r.stderr
    assert key.grouped in r.stdout
    r = office.cli("caseworker", "keys", "export", "-o", str(tmp_path / "k.asc"))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "permission denied for table org_keys" in r.stderr
    office.first_sign_in("coordinator")
    r = office.cli("coordinator", "keys", "list")
    assert r.returncode == 0 and "Memorial Kyiv" in r.stdout, r.stderr


def test_claims_follow_the_case(office):  # noqa: F811
    refs = seed(office.owner, office)
    ids = {}
    with office.owner.session() as s:
        for ref in refs.values():
            case_id = s.scalar(select(Case.id).where(Case.reference == ref))
            s.add(PartnerClaim(case_id=case_id, partner="Kyiv", field="family_name",
                               value="Tursunov", bundle_id="b" + ref, received_at=utcnow(),
                               resolved=False))
            ids[ref] = case_id
        s.commit()
    count = "SELECT count(*) FROM partner_claims"
    assert office.psql("coordinator", count).stdout.strip() == "2"
    assert office.psql("caseworker", count).stdout.strip() == "2"  # assigned the hidden one
    assert office.psql("other", count).stdout.strip() == "1"  # not named on it
    # A caseworker may accept or reject a claim, nothing else.
    r = office.psql("other", "UPDATE partner_claims SET resolved = true RETURNING case_id")
    assert r.returncode == 0 and r.stdout.strip() == str(ids[refs["open"]]), r.stderr
    assert _denied(office.psql("other", "UPDATE partner_claims SET value = 'x'"))
    assert _denied(office.psql("other", "DELETE FROM partner_claims"))
