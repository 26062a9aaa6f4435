"""A contact changed beside the application, on a real server: the server writes the
entry (migration 0016_contacts_keep_the_log; docs/security.md, "Hardening 0016"), on
each case the contact is linked to, under the login, as visible as the case is."""

from __future__ import annotations

import json

import pytest

from casemanager.services import contacts
from casemanager.store.database import open_database
from tests.core.test_roles import office, people_server, seed  # noqa: F401 - fixtures
from tests.core.test_roles_server_log import _id, _owner

pytestmark = pytest.mark.postgres

PHONE = "+998 90 123 45 67"  # the mother's phone in seed()


def _mother(office) -> int:  # noqa: F811
    return _owner(office, "SELECT contact_id FROM case_contacts")[0][0]


def _history(office, who: str, ref: str) -> list[dict]:  # noqa: F811
    """The case's history as `casemanager audit --case REF` prints it for that person."""
    r = office.cli(who, "audit", "--case", ref, "--format", "json")
    assert r.returncode == 0, r.stderr
    return [e for e in json.loads(r.stdout) if e["action"] == "direct_change"]


def _as(office, who: str, monkeypatch):  # noqa: F811
    """The person's own connection through the application's services."""
    monkeypatch.setenv("PGPASSWORD", office.password[who])
    return open_database(office.url(who))


def test_a_family_s_phone_changed_with_psql_shows_on_the_case(office):  # noqa: F811
    refs = seed(office.owner, office)
    mother = _mother(office)
    caseworker = office.login["caseworker"]
    r = office.psql("caseworker", "BEGIN; UPDATE contact_channels SET value = '+7 900 111 22 33' "
                    f"WHERE contact_id = {mother} AND kind = 'phone'; UPDATE contacts SET "
                    f"address = 'Moscow, Lubyanka 2' WHERE id = {mother}; COMMIT;")
    assert r.returncode == 0, r.stderr
    office.first_sign_in("caseworker")
    entries = _history(office, "caseworker", refs["open"])
    assert [(e["user"], e["entity"], e["entity_id"], e["case"]) for e in entries] == [
        (caseworker, "contact_channels", mother, refs["open"]),
        (caseworker, "contacts", mother, refs["open"])]
    assert entries[0]["changes"]["operation"] == {"old": "", "new": "UPDATE"}
    assert entries[0]["changes"]["phone"] == {"old": PHONE, "new": "+7 900 111 22 33"}
    assert entries[1]["changes"]["address"] == {"old": "Tashkent, Chilonzor 5",
                                                "new": "Moscow, Lubyanka 2"}
    # Every column the caseworker did not change is left out of the entry.
    assert set(entries[1]["changes"]) == {"operation", "address"}
    # A second phone change in one transaction: one entry naming both rows' values.
    r = office.psql("caseworker", "BEGIN; INSERT INTO contact_channels (contact_id, kind, "
                    f"value, label) VALUES ({mother}, 'phone', '+7 1', 'work'); "
                    f"INSERT INTO contact_channels (contact_id, kind, value, label) VALUES "
                    f"({mother}, 'email', 'x@example.org', ''); COMMIT;")
    assert r.returncode == 0, r.stderr
    last = _history(office, "caseworker", refs["open"])[2:]
    assert len(last) == 1 and last[0]["changes"]["operation"]["new"] == "INSERT"
    assert last[0]["changes"]["phone"] == {"old": "", "new": "+7 1 (work)"}
    assert last[0]["changes"]["email"] == {"old": "", "new": "x@example.org"}


def test_a_contact_of_no_case_added_with_psql_is_logged_about_no_case(office):  # noqa: F811
    seed(office.owner, office)
    r = office.psql("caseworker", "INSERT INTO contacts (kind, name, organisation, address, "
                    "country, language, notes, created_at, updated_at) VALUES ('lawyer', "
                    "'Ivanov', '', '', '', '', '', now(), now())")
    assert r.returncode == 0, r.stderr
    rows = _owner(office, "SELECT actor, entity, case_id, changes FROM audit_entries "
                  "WHERE action = 'direct_change'")
    assert [(a, e, c) for a, e, c, _ in rows] == [(office.login["caseworker"], "contacts", None)]
    assert rows[0][3]["name"] == ["", "Ivanov"] and rows[0][3]["kind"] == ["", "lawyer"]


def test_a_contact_deleted_with_psql_is_logged_on_the_cases_it_was_linked_to(
        office):  # noqa: F811
    refs = seed(office.owner, office)
    mother = _mother(office)
    # Caseworkers delete a phone, not a contact (0007); either leaves an entry.
    r = office.psql("caseworker", f"DELETE FROM contacts WHERE id = {mother}")
    assert r.returncode != 0 and "permission denied" in r.stderr, r.stderr
    r = office.psql("caseworker", "DELETE FROM contact_channels WHERE kind = 'phone'")
    assert r.returncode == 0, r.stderr
    contacts.update_contact(office.owner, mother, fields={}, channels=[("phone", PHONE)])
    r = office.psql("coordinator", f"DELETE FROM contacts WHERE id = {mother}")
    assert r.returncode == 0, r.stderr
    office.first_sign_in("coordinator")
    entries = [e for e in _history(office, "coordinator", refs["open"])
               if e["entity"].startswith("contact")]
    assert [(e["user"], e["entity"], e["changes"]["operation"]["new"]) for e in entries] == [
        (office.login["caseworker"], "contact_channels", "DELETE"),
        (office.login["coordinator"], "contacts", "DELETE")]
    assert entries[0]["changes"]["phone"] == {"old": PHONE, "new": ""}
    gone = entries[1]["changes"]
    assert gone["name"] == {"old": "Дилноза Турсунова", "new": ""}
    assert gone["address"]["old"] == "Tashkent, Chilonzor 5"
    assert gone["phone"] == {"old": PHONE, "new": ""}  # its channels went with it
    assert entries[1]["entity_id"] == mother
    # The link the deletion took with it is the case's own record (0015).
    assert "case_contacts" in {e["entity"] for e in _history(office, "coordinator",
                                                            refs["open"])}
    # What the server remembered of the links gone lasts until the next removal.
    lawyer = contacts.create_contact(office.owner, fields={"name": "Petrov", "kind": "lawyer"})
    link = contacts.link_contact(office.owner, refs["open"], lawyer)
    contacts.unlink_contact(office.owner, link)
    assert _owner(office, "SELECT contact_id FROM cm_contact_links_gone") == [(lawyer,)]


def test_the_application_s_contact_edits_leave_one_entry(office, monkeypatch):  # noqa: F811
    refs = seed(office.owner, office)
    mother = _mother(office)
    db = _as(office, "caseworker", monkeypatch)
    try:
        contacts.update_contact(db, mother, fields={"address": "Samarkand"},
                                channels=[("phone", "+998 91 000 00 00")])
        added = contacts.create_contact(db, fields={"name": "Lawyer Petrov", "kind": "lawyer"},
                                        channels=[("email", "petrov@example.org")])
        contacts.link_contact(db, refs["open"], added, fields={"relationship": "lawyer"})
    finally:
        db.dispose()
    db = _as(office, "coordinator", monkeypatch)
    try:
        contacts.delete_contact(db, added)
    finally:
        db.dispose()
    # (the seed's `create` entry was the owner's)
    rows = _owner(office, "SELECT actor, action, entity FROM audit_entries "
                  f"WHERE entity = 'contact' AND entity_id = {mother} AND action <> 'create'")
    assert rows == [(office.login["caseworker"], "update", "contact")]
    assert _owner(office, "SELECT count(*) FROM audit_entries "
                  "WHERE action = 'direct_change'") == [(0,)]
    # ... while the same server logs the change made beside them.
    r = office.psql("caseworker", f"UPDATE contacts SET notes = 'x' WHERE id = {mother}")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT entity, case_id FROM audit_entries "
                  "WHERE action = 'direct_change'") == [("contacts", _id(office, refs["open"]))]


def test_a_restricted_case_s_family_stays_hidden_in_the_log(office):  # noqa: F811
    refs = seed(office.owner, office)
    secret = contacts.create_contact(office.owner, fields={"name": "Secret Witness",
                                                           "kind": "other"},
                                     channels=[("phone", "+7 900 000 00 00")])
    contacts.link_contact(office.owner, refs["hidden"], secret, fields={"relationship": "x"})
    # The caseworker named on the restricted case changes the witness's phone by hand.
    r = office.psql("caseworker", "UPDATE contact_channels SET value = '+7 900 999 99 99' "
                    f"WHERE contact_id = {secret}")
    assert r.returncode == 0, r.stderr
    hidden = _id(office, refs["hidden"])
    assert _owner(office, "SELECT entity, case_id, case_reference FROM audit_entries "
                  "WHERE action = 'direct_change'") == [
        ("contact_channels", hidden, refs["hidden"])]
    count = "SELECT count(*) FROM audit_entries WHERE action = 'direct_change'"
    for who, seen in (("coordinator", "1"), ("caseworker", "1"), ("other", "0"),
                      ("volunteer", "0")):
        r = office.psql(who, count)
        assert r.returncode == 0 and r.stdout.strip() == seen, (who, r.stdout, r.stderr)
    office.first_sign_in("other")
    r = office.cli("other", "audit", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "+7 900 999" not in r.stdout and "direct_change" not in r.stdout


def test_the_contact_log_migration_goes_down_and_up(office):  # noqa: F811
    from alembic import command

    from casemanager.store.database import alembic_config

    refs = seed(office.owner, office)
    mother = _mother(office)
    triggers = ("SELECT tgname FROM pg_trigger WHERE tgname IN ('contacts_logged', "
                "'contact_channels_logged', 'case_contacts_remember') ORDER BY 1")
    with office.owner.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0015_server_keeps_the_log")
    assert _owner(office, triggers) == []
    assert _owner(office, "SELECT to_regclass('public.cm_contact_links_gone'), "
                  "to_regclass('public.ix_audit_entries_xact_contact')") == [(None, None)]
    # 0015's state: a contact's change is not logged, a case's still is.
    assert office.psql("caseworker", f"UPDATE contacts SET notes = 'a' WHERE id = {mother}"
                       ).returncode == 0
    assert office.psql("caseworker", "UPDATE cases SET health = 'ok' WHERE reference = "
                       f"'{refs['open']}'").returncode == 0
    assert _owner(office, "SELECT entity FROM audit_entries "
                  "WHERE action = 'direct_change'") == [("cases",)]
    with office.owner.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert [t for (t,) in _owner(office, triggers)] == [
        "case_contacts_remember", "contact_channels_logged", "contacts_logged"]
    assert office.psql("caseworker", f"UPDATE contacts SET notes = 'b' WHERE id = {mother}"
                       ).returncode == 0
    assert _owner(office, "SELECT entity FROM audit_entries WHERE action = 'direct_change' "
                  "ORDER BY id") == [("cases",), ("contacts",)]
    # Nobody but the owner reads or writes what the server remembers of links gone.
    for who in ("coordinator", "caseworker", "volunteer"):
        r = office.psql(who, "SELECT count(*) FROM cm_contact_links_gone")
        assert r.returncode != 0 and "permission denied" in r.stderr, (who, r.stderr)


def test_demo_cases_made_on_a_server_leave_no_direct_change(office):  # noqa: F811
    """The demo's contacts (embassies, the ICRC: linked to no case at first) each get
    the demo's own entry, as its cases do."""
    from casemanager.services import demo

    # (the server's owner makes them: a coordinator may not move the id sequences on)
    assert demo.generate(office.owner, cases=3, seed=1) == 3
    assert _owner(office, "SELECT count(*) FROM contacts")[0][0] > 3
    assert _owner(office, "SELECT entity, entity_id FROM audit_entries "
                  "WHERE action = 'direct_change'") == []
    r = office.psql("caseworker", "UPDATE contact_channels SET value = 'x@example.org' "
                    "WHERE kind = 'email' AND contact_id = (SELECT min(id) FROM contacts "
                    "WHERE kind = 'embassy')")
    assert r.returncode == 0, r.stderr
    assert {e for (e,) in _owner(office, "SELECT entity FROM audit_entries "
                                 "WHERE action = 'direct_change'")} == {"contact_channels"}


def test_a_bundle_received_on_a_server_leaves_no_direct_change(office, pair, tmp_path):  # noqa: F811
    """A partner's contacts taken in (and their details erased when the family withdraws
    consent) are told by the bundle's entry on the case: the server adds none."""
    from dossier_case import PHONE as THEIR_PHONE
    from dossier_case import make_case

    from casemanager.bundles import keys
    from casemanager.bundles.receive import receive_bundle
    from casemanager.bundles.send import send_bundle

    server, kyiv = office.owner, pair[1]
    keys.init_keys(server, user_id="Office")
    keys.add_partner_key(server, keys.export_public_key(kyiv).encode(), name="Kyiv")
    keys.add_partner_key(kyiv, keys.export_public_key(server).encode(), name="Office")
    theirs = make_case(kyiv, share_partner=True)
    send_bundle(kyiv, [theirs], to="Office", output=tmp_path / "1.pgp")
    (change,) = receive_bundle(server, (tmp_path / "1.pgp").read_bytes()).cases
    assert change.new
    assert _owner(office, "SELECT count(*) FROM contact_channels "
                  f"WHERE value = '{THEIR_PHONE}'") == [(1,)]
    (mother,) = [c.id for c in contacts.list_contacts(kyiv) if c.kind == "relative"]
    contacts.link_contact(kyiv, theirs, mother, fields={"share_partner": False})
    send_bundle(kyiv, [theirs], to="Office", output=tmp_path / "2.pgp")
    (change,) = receive_bundle(server, (tmp_path / "2.pgp").read_bytes()).cases
    assert any("withdrew consent" in line for line in change.removed), change
    assert _owner(office, "SELECT count(*) FROM contact_channels "
                  f"WHERE value = '{THEIR_PHONE}'") == [(0,)]
    assert _owner(office, "SELECT entity, entity_id FROM audit_entries "
                  "WHERE action = 'direct_change'") == []
    # ... while the same server logs the same erasure made by hand.
    r = office.psql("coordinator", "UPDATE contacts SET notes = 'erased' "
                    "WHERE kind = 'relative'")
    assert r.returncode == 0, r.stderr
    assert _owner(office, "SELECT entity FROM audit_entries "
                  "WHERE action = 'direct_change'") == [("contacts",)]


def test_the_application_s_entries_about_a_hidden_contact_are_hidden_too(office):  # noqa: F811
    """Migration 0017: the application logs a contact about no case, with its address and
    phones; such an entry is read only by those who may see the contact."""
    refs = seed(office.owner, office)
    mother = _mother(office)
    secret = contacts.create_contact(
        office.owner, fields={"name": "Secret Witness", "kind": "other",
                              "address": "Bishkek, Ibraimova 7"},
        channels=[("phone", "+7 900 000 00 00")])
    contacts.link_contact(office.owner, refs["hidden"], secret, fields={"relationship": "x"})

    def seen(who: str, contact: int) -> str:
        r = office.psql(who, "SELECT count(*) FROM audit_entries WHERE entity = 'contact' "
                        f"AND case_id IS NULL AND entity_id = {contact}")
        assert r.returncode == 0, (who, r.stderr)
        return r.stdout.strip()

    # The witness of the restricted case: its creation (name, address, phone) is read by
    # the coordinator and the caseworker named on the case, not by the others.
    assert [seen(w, secret) for w in ("coordinator", "caseworker", "other", "volunteer")] == [
        "1", "1", "0", "0"]
    # The family of an open case stays in every caseworker's log.
    assert [seen(w, mother) for w in ("coordinator", "caseworker", "other")] == ["1", "1", "1"]
    office.first_sign_in("other")
    r = office.cli("other", "audit", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "Secret Witness" not in r.stdout and "Ibraimova" not in r.stdout
    assert "+7 900 000" not in r.stdout
    # Deleted, the contact is nobody's to see: its entries are the coordinators' (and
    # their authors') only.
    contacts.delete_contact(office.owner, secret)
    assert [seen(w, secret) for w in ("coordinator", "caseworker", "other")] == ["2", "0", "0"]
