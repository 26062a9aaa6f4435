"""A contact a partner withdraws (the family asked to be removed), or whose details they
no longer share, is erased here with what this receiver's users typed into it: the
audit entries of those edits keep who and when, not the phones and address (tester
A4). Real databases, real keys; the CLI as a subprocess; on a real server, as the
coordinator who receives, with the server's own log of a psql edit."""

from __future__ import annotations

import shutil

import pytest
from dossier_case import ADDRESS, EMAIL, PHONE, make_case
from sqlalchemy import text

from casemanager.bundles import keys
from casemanager.bundles.receive import receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.services import cases, contacts
from casemanager.services.log_erasure import ERASED, erased_changes
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database
from tests.conftest import run_cli
from tests.core.test_roles import office, people_server  # noqa: F401 - fixtures

MOTHER = "Зарина Турсунова"
TYPED_PHONE = "+998 93 414 27 68"  # typed here, at the receiver
TYPED_ADDRESS = "Bukhara, Lyabi-Hauz 3"
PSQL_PHONE = "+998 97 700 80 90"  # typed with psql on a server


def exchange(sender, to: str, receiver, refs: list[str], path):
    send_bundle(sender, refs, to=to, output=path)
    return receive_bundle(receiver, path.read_bytes())


def mother_id(db, ref: str) -> int:
    return next(x.contact.id for x in cases.get_case(db, ref).contacts
                if x.contact.name == MOTHER)


def every_value(db) -> str:
    """Every row of every table, as text."""
    out = []
    with db.session() as s:
        conn = s.connection()
        tables = [t for (t,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            out += [repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{table}"')]
    return "\n".join(out)


def file_bytes(db) -> bytes:
    """The database file's bytes after a checkpoint (the WAL folded in and emptied)."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def edited_here(kyiv, ref: str) -> int:
    """Kyiv's caseworker corrects the family's phone and address (logged: old -> new)."""
    contact = mother_id(kyiv, ref)
    contacts.update_contact(kyiv, contact, fields={"address": TYPED_ADDRESS},
                            channels=[("phone", TYPED_PHONE), ("email", EMAIL)])
    return contact


def test_a_withdrawn_contact_leaves_no_value_typed_here_in_the_file_or_the_log(
        pair, tmp_path):
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    contact = edited_here(kyiv, theirs)
    assert TYPED_PHONE in run_cli("audit", "--format", "json", db=str(kyiv.path)).stdout
    assert TYPED_PHONE.encode() in file_bytes(kyiv)

    contacts.delete_contact(bishkek, mother_id(bishkek, ref))
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    assert any("the contact and its phones, e-mails and address were erased here" in line
               for line in report.lines())
    values = every_value(kyiv)
    for gone in (TYPED_PHONE, TYPED_ADDRESS, PHONE, ADDRESS, EMAIL):
        assert gone not in values, gone
    raw = file_bytes(kyiv)
    for gone in (TYPED_PHONE, TYPED_ADDRESS, PHONE, ADDRESS):
        assert gone.encode() not in raw, gone
    out = run_cli("audit", "--format", "json", db=str(kyiv.path))
    assert out.returncode == 0, out.stderr
    assert TYPED_PHONE not in out.stdout and TYPED_ADDRESS not in out.stdout
    # The edit is still in the log: who and when, which fields; its values are erased.
    with kyiv.session() as s:
        (actor, changes), = s.execute(text(
            "SELECT actor, changes FROM audit_entries WHERE action = 'update' "
            "AND entity = 'contact' AND entity_id = :c"), {"c": contact}).all()
    assert actor
    assert '"address": ["(erased)", "(erased)"]' in changes
    assert '"channels": ["(erased)", "(erased)"]' in changes


def test_consent_withdrawn_erases_the_details_typed_here_from_the_log(pair, tmp_path):
    """The family no longer shares their details with Kyiv: the contact stays (its
    name), its phones and address go, and so do the values of the edits made here."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    edited_here(kyiv, theirs)
    contacts.link_contact(bishkek, ref, mother_id(bishkek, ref),
                          fields={"share_partner": False})
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    assert any("withdrew consent" in line for line in report.lines())
    assert MOTHER in [x.contact.name for x in cases.get_case(kyiv, theirs).contacts]
    values = every_value(kyiv)
    for gone in (TYPED_PHONE, TYPED_ADDRESS, PHONE, ADDRESS):
        assert gone not in values, gone
    assert TYPED_PHONE.encode() not in file_bytes(kyiv)
    assert TYPED_PHONE not in run_cli("audit", "--format", "json", db=str(kyiv.path)).stdout


def test_the_erasure_keeps_every_other_value():
    changes = {"name": ["Зарина", "Зарина Т."], "channels": ["phone: 1", ""],
               "address": ["", "Tashkent"], "kind": ["relative", "other"]}
    assert erased_changes(changes) == {
        "name": ["Зарина", "Зарина Т."], "channels": [ERASED, ""],
        "address": ["", ERASED], "kind": ["relative", "other"]}


@pytest.mark.postgres
def test_on_a_server_the_coordinator_erases_the_servers_log_of_the_contact_too(
        office, sqlite_template, tmp_path):  # noqa: F811
    """On a server the roles may not change an audit entry: the server erases the
    values (cm_erase_contact_details) of the application's entry and of its own
    `direct_change` entry of a caseworker's psql edit; it refuses for a contact that
    still holds details, and to a caseworker."""
    server = office.owner
    keys.init_keys(server, user_id="Kyiv")
    shutil.copy(sqlite_template, tmp_path / "bishkek.db")
    bishkek = open_database(str(tmp_path / "bishkek.db"))
    try:
        keys.init_keys(bishkek, user_id="Bishkek")
        keys.add_partner_key(bishkek, keys.export_public_key(server).encode(), name="Kyiv")
        keys.add_partner_key(server, keys.export_public_key(bishkek).encode(),
                             name="Bishkek")
        ref = make_case(bishkek, share_partner=True)
        send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "1.pgp")
        office.first_sign_in("coordinator")
        r = office.cli("coordinator", "receive", str(tmp_path / "1.pgp"))
        assert r.returncode == 0, r.stderr
        (theirs,) = [c.reference for c in list_cases(server)]
        contact = edited_here(server, theirs)
        r = office.psql("caseworker", "UPDATE contact_channels SET value = "
                        f"'{PSQL_PHONE}' WHERE value = '{TYPED_PHONE}'")
        assert r.returncode == 0, r.stderr
        # Nobody empties the log of a contact that still has its details.
        r = office.psql("coordinator", f"SELECT public.cm_erase_contact_details({contact})")
        assert r.returncode != 0 and "keeps a contact's details" in r.stderr, r.stderr
        r = office.psql("caseworker", f"SELECT public.cm_erase_contact_details({contact})")
        assert r.returncode != 0 and "permission denied" in r.stderr, r.stderr

        def log() -> str:
            with server.session() as s:
                return "\n".join(s.scalars(text(
                    "SELECT actor || ' ' || action || ' ' || entity || ' ' || changes::text "
                    "FROM audit_entries ORDER BY id")))

        before = log()
        assert TYPED_PHONE in before and PSQL_PHONE in before and "direct_change" in before
        contacts.delete_contact(bishkek, mother_id(bishkek, ref))
        send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "2.pgp")
        r = office.cli("coordinator", "receive", str(tmp_path / "2.pgp"))
        assert r.returncode == 0, r.stderr
        assert "erased here" in r.stdout
        after = log()
        for gone in (TYPED_PHONE, PSQL_PHONE, TYPED_ADDRESS, PHONE, ADDRESS):
            assert gone not in after, gone
        # Every entry is still there, in the same order, by the same people.
        kept = [line.split(" ")[:3] for line in before.splitlines()]
        assert [line.split(" ")[:3] for line in after.splitlines()][:len(kept)] == kept
        r = office.cli("coordinator", "audit", "--format", "json")
        assert r.returncode == 0, r.stderr
        assert TYPED_PHONE not in r.stdout and PSQL_PHONE not in r.stdout
        # What a withdrawal changes in bundle_records, and nothing else: what tells a
        # replay and what we sent stay.
        count = "SELECT count(*) FROM bundle_records WHERE kind IN ('bundle', 'case', 'got')"
        held = office.psql("coordinator", count).stdout.strip()
        assert int(held) >= 3
        r = office.psql("coordinator", "DELETE FROM bundle_records")
        assert r.returncode == 0, r.stderr
        assert office.psql("coordinator", count).stdout.strip() == held
        r = office.psql("coordinator", "UPDATE bundle_records SET kind = 'gone:case' "
                        "WHERE kind = 'case'")
        assert r.returncode == 0 and r.stdout.strip() == "", r.stderr
        assert office.psql("coordinator", count).stdout.strip() == held
    finally:
        bishkek.dispose()


def test_the_erased_values_are_not_left_in_the_wal_file_while_the_database_is_open(
        pair, tmp_path):
    """Right after the receive, the database still open (a window): neither the file nor
    its WAL holds the erased phone and address (tester: 3 matches in the -wal until the
    window closed; a seizure meanwhile would have found them)."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    edited_here(kyiv, theirs)
    contacts.delete_contact(bishkek, mother_id(bishkek, ref))
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    wal = kyiv.path.with_name(kyiv.path.name + "-wal")
    raw = kyiv.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    for gone in (TYPED_PHONE, TYPED_ADDRESS, PHONE, ADDRESS):
        assert gone.encode() not in raw, gone
