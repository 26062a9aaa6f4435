"""Records deleted (or no longer shared) at the sender reach the partner as withdrawn
(bundle 1.2, `withdrawn`): the partner removes what it took in from us, and nothing of
its own or of a third partner's. Real databases, real keys, the CLI as a subprocess."""

from __future__ import annotations

import json
import shutil

import pytest
from bundle_helpers import document
from dossier_case import OPEN_EVENT, PHONE, make_case

from casemanager.bundles import keys
from casemanager.bundles.pack import build_bundle, sent_record_uid
from casemanager.bundles.receive import receive_bundle
from casemanager.bundles.send import seal, send_bundle
from casemanager.domain.errors import CaseManagerError
from casemanager.services import cases, contacts, records
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database
from casemanager.store.models import AuditEntry, BundleRecord, Contact, ContactChannel, Event

MOTHER = "Зарина Турсунова"


def exchange(sender, to: str, receiver, refs: list[str], path):
    send_bundle(sender, refs, to=to, output=path)
    return receive_bundle(receiver, path.read_bytes())


def doc_for(sender, to: str, refs: list[str]) -> dict:
    return build_bundle(sender, refs, profile="partner", sender_name="x",
                        sender_fingerprint=keys.own_fingerprint(sender), recipient_name=to,
                        recipient_fingerprint=keys.partner(sender, to).fingerprint)[0]


def mother_link(db, ref: str):
    return next((x for x in cases.get_case(db, ref).contacts
                 if x.contact.name == MOTHER), None)


def summaries(db, ref: str) -> list[str]:
    return [e.summary for e in cases.get_case(db, ref).events]


def phones_anywhere(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(ContactChannel.__table__.select().with_only_columns(
            ContactChannel.value)))


def test_contact_deleted_at_the_sender_is_erased_at_the_partner(pair, tmp_path):
    """The family asks us to remove their contact: we delete it; the next bundle makes
    Kyiv erase the contact it took in from us (phones, address), said once in the
    report; a case sent for the first time carries no `withdrawn`; a contact whose
    sharing flag was cleared still travels (details withheld), not withdrawn."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    first = doc_for(bishkek, "Kyiv", [ref])
    assert first["minor"] == 3  # 1.3: withheld_fields
    assert all("withdrawn" not in c for c in first["cases"])
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    assert PHONE in [ch.value for ch in mother_link(kyiv, theirs).contact.channels]

    # Consent withdrawn (sharing flag cleared): still sent, details withheld; no list.
    mother_id = mother_link(bishkek, ref).contact.id
    contacts.link_contact(bishkek, ref, mother_id, fields={"share_partner": False})
    assert all("withdrawn" not in c for c in doc_for(bishkek, "Kyiv", [ref])["cases"])
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    assert any("withdrew consent" in line for line in report.lines())
    assert mother_link(kyiv, theirs) is not None

    # The contact deleted here: withdrawn, by the uid Kyiv knows it by.
    contacts.link_contact(bishkek, ref, mother_id, fields={"share_partner": True})
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "3.pgp")  # details back at Kyiv
    assert PHONE in phones_anywhere(kyiv)
    contacts.delete_contact(bishkek, mother_id)
    (case_doc,) = doc_for(bishkek, "Kyiv", [ref])["cases"]
    assert case_doc["withdrawn"] == [f"{keys.identity_fingerprint(bishkek)}/contact/{mother_id}"]
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "4.pgp")
    assert mother_link(kyiv, theirs) is None
    assert PHONE not in phones_anywhere(kyiv)
    with kyiv.session() as s:
        assert s.query(Contact).filter(Contact.name == MOTHER).count() == 0
    lines = report.lines()
    gone = [x for x in lines if "withdrawn by Bishkek" in x]
    assert gone == [f"  - contact '{MOTHER}': withdrawn by Bishkek; the contact and its "
                    "phones, e-mails and address were erased here"], lines
    assert f"{theirs} <- Bishkek {ref}: " in "\n".join(lines) and "(updated)" in lines[1]
    with kyiv.session() as s:
        (entry,) = s.query(AuditEntry).filter(AuditEntry.action == "withdraw").all()
        assert (entry.entity, entry.case_reference) == ("contact", theirs)
        assert entry.changes["partner"] == ["", "Bishkek"]
    # Sent again: nothing more to remove, nothing said.
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "5.pgp")
    assert not any("withdrawn" in line for line in report.lines())


def _third(sqlite_template, tmp_path, name: str, *trusting):
    shutil.copy(sqlite_template, tmp_path / f"{name}.db")
    db = open_database(str(tmp_path / f"{name}.db"))
    keys.init_keys(db, user_id=name)
    for other, other_name in trusting:
        keys.add_partner_key(db, keys.export_public_key(other).encode(), name=other_name)
        keys.add_partner_key(other, keys.export_public_key(db).encode(), name=name)
    return db


def test_only_records_taken_in_from_that_partner_are_removed(pair, sqlite_template,
                                                               tmp_path):
    """Kyiv deletes its own event and one it got from us that came from Tbilisi: both
    are listed as withdrawn; ours, taken in from Kyiv, goes; Tbilisi's stays (another
    partner's record with the same uid is not Kyiv's to withdraw)."""
    bishkek, kyiv = pair
    tbilisi = _third(sqlite_template, tmp_path, "Tbilisi", (bishkek, "Bishkek"))
    try:
        tref = cases.create_case(tbilisi, fields={
            "family_name": "Nazarov", "given_name": "Timur", "date_of_birth": "2003"}).reference
        records.add_event(tbilisi, tref, date="2024-05", summary="Seen in Olenivka")
        exchange(tbilisi, "Bishkek", bishkek, [tref], tmp_path / "t.pgp")
        (ours,) = [c.reference for c in list_cases(bishkek)]
        exchange(bishkek, "Kyiv", kyiv, [ours], tmp_path / "1.pgp")
        (theirs,) = [c.reference for c in list_cases(kyiv)]
        records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
        exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
        assert sorted(summaries(bishkek, ours)) == ["Named on an exchange list",
                                                    "Seen in Olenivka"]
        for e in cases.get_case(kyiv, theirs).events:
            records.delete_record(kyiv, "event", e.id)
        (case_doc,) = doc_for(kyiv, "Bishkek", [theirs])["cases"]
        tbilisi_fpr = keys.identity_fingerprint(tbilisi)
        assert len(case_doc["withdrawn"]) == 2
        assert any(u.startswith(f"{tbilisi_fpr}/event/") for u in case_doc["withdrawn"])
        report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp")
        assert summaries(bishkek, ours) == ["Seen in Olenivka"]
        assert [x for x in report.lines() if "withdrawn" in x] == [
            "  - event 'Named on an exchange list': withdrawn by Kyiv; removed here"]
    finally:
        tbilisi.dispose()


def test_a_withdrawn_list_naming_our_own_records_removes_nothing_of_ours(pair, tmp_path):
    """A bundle (altered by hand, signed by Kyiv) lists our own records and a case as
    withdrawn: they stay; Kyiv's own record in the same list goes."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    (kyiv_event,) = [e.id for e in cases.get_case(kyiv, theirs).events
                     if e.summary == "Named on an exchange list"]
    records.delete_record(kyiv, "event", kyiv_event)
    doc = document(kyiv, [theirs])
    (case_doc,) = doc["cases"]
    assert len(case_doc["withdrawn"]) == 1
    fpr = keys.identity_fingerprint(bishkek)
    detail = cases.get_case(bishkek, ref)
    ours = [f"{fpr}/event/{e.id}" for e in detail.events]
    ours += [f"{fpr}/contact/{x.contact.id}" for x in detail.contacts]
    ours += [f"{fpr}/document/{d.id}" for d in detail.documents]
    ours += [f"{fpr}/attachment/{a.id}" for a in detail.attachments]
    ours += [f"{fpr}/case/{detail.id}", f"{fpr}/status/{detail.status_history[0].id}"]
    # ...also left out of the case, as if Kyiv no longer held them.
    for key in ("events", "contacts", "documents", "attachments", "status_history"):
        case_doc[key] = [r for r in case_doc[key] if r["uid"] not in ours]
    doc["manifest"] = [m for m in doc["manifest"] if m["attachment"] not in ours]
    case_doc["withdrawn"] += ours
    before = cases.get_case(bishkek, ref)
    data = seal(kyiv, json.dumps(doc).encode(), keys.partner(kyiv, "Bishkek"))
    report = receive_bundle(bishkek, data)
    after = cases.get_case(bishkek, ref)
    assert [x for x in report.lines() if "withdrawn" in x] == [
        "  - event 'Named on an exchange list': withdrawn by Kyiv; removed here"]
    assert [e.summary for e in after.events] == [
        e.summary for e in before.events if e.summary != "Named on an exchange list"]
    assert OPEN_EVENT in [e.summary for e in after.events]
    for name in ("contacts", "documents", "attachments", "status_history"):
        assert len(getattr(after, name)) == len(getattr(before, name)), name
    assert PHONE in phones_anywhere(bishkek)


def test_a_record_changed_here_since_is_kept_as_ours(pair, tmp_path):
    """Kyiv withdraws an event we edited here since we took it in: kept, as ours, and
    said; sent back to Kyiv it is then ours (our uid), not theirs."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    (mine,) = [e.id for e in cases.get_case(bishkek, ref).events
               if e.summary == "Named on an exchange list"]
    records.update_record(bishkek, "event", mine, fields={"confidence": "confirmed"})
    (kyiv_event,) = [e.id for e in cases.get_case(kyiv, theirs).events
                     if e.summary == "Named on an exchange list"]
    records.delete_record(kyiv, "event", kyiv_event)
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp")
    assert "Named on an exchange list" in summaries(bishkek, ref)
    assert [x for x in report.lines() if "withdrawn" in x] == [
        "  ~ event 'Named on an exchange list': withdrawn by Kyiv, but changed here "
        "since; kept as ours"]
    (case_doc,) = doc_for(bishkek, "Kyiv", [ref])["cases"]
    assert f"{keys.identity_fingerprint(bishkek)}/event/{mine}" in [
        e["uid"] for e in case_doc["events"]]


def test_a_late_bundle_does_not_bring_a_withdrawn_record_back(pair, tmp_path):
    """Kyiv's bundle made before the one that withdrew its event, received after it,
    does not make the event again; a newer bundle that carries it (shared again) does."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list",
                      confidential=False)
    early = tmp_path / "early.pgp"
    send_bundle(kyiv, [theirs], to="Bishkek", output=early)
    receive_bundle(bishkek, early.read_bytes())
    late = tmp_path / "late.pgp"
    send_bundle(kyiv, [theirs], to="Bishkek", output=late)  # still holds the event
    (kyiv_event,) = [e.id for e in cases.get_case(kyiv, theirs).events
                     if e.summary == "Named on an exchange list"]
    records.update_record(kyiv, "event", kyiv_event, fields={"confidential": True})
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp")
    assert "Named on an exchange list" not in summaries(bishkek, ref)
    receive_bundle(bishkek, late.read_bytes())
    assert "Named on an exchange list" not in summaries(bishkek, ref)
    records.update_record(kyiv, "event", kyiv_event, fields={"confidential": False})
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "4.pgp")
    assert summaries(bishkek, ref).count("Named on an exchange list") == 1


# ---------------------------------------------------------------- the command line


class Org:
    def __init__(self, cli, path) -> None:
        self.cli, self.path = cli, str(path)

    def ok(self, *args: str) -> str:
        result = self.cli(*args, db=self.path)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def db(self):
        return open_database(self.path)


@pytest.fixture
def orgs(cli, sqlite_template, tmp_path):
    out = []
    for name in ("Bishkek", "Kyiv"):
        (tmp_path / name).mkdir()
        shutil.copy(sqlite_template, tmp_path / name / "cases.db")
        org = Org(cli, tmp_path / name / "cases.db")
        org.ok("keys", "init", "--name", name)
        org.ok("keys", "export", "-o", str(tmp_path / name / "public.asc"))
        out.append(org)
    bishkek, kyiv = out
    bishkek.ok("keys", "add", str(tmp_path / "Kyiv" / "public.asc"), "--name", "Kyiv")
    kyiv.ok("keys", "add", str(tmp_path / "Bishkek" / "public.asc"), "--name", "Bishkek")
    return bishkek, kyiv


def test_dry_run_reports_exactly_what_the_run_removes(orgs, tmp_path):
    """`receive --dry-run` names the withdrawn contact and event and removes nothing;
    the real run removes them and says the same (Cyrillic names as they are)."""
    bishkek, kyiv = orgs
    db = bishkek.db()
    ref = make_case(db, share_partner=True)
    db.dispose()
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "1.pgp"))
    kyiv.ok("receive", str(tmp_path / "1.pgp"))
    db = bishkek.db()
    detail = cases.get_case(db, ref)
    contacts.delete_contact(db, mother_link(db, ref).contact.id)
    (event,) = [e.id for e in detail.events if e.summary == OPEN_EVENT]
    records.delete_record(db, "event", event)
    db.dispose()
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "2.pgp"))
    dry = kyiv.ok("receive", str(tmp_path / "2.pgp"), "--dry-run")
    db = kyiv.db()
    try:
        with db.session() as s:
            assert s.query(Event).filter(Event.summary == OPEN_EVENT).count() == 1
            assert s.query(Contact).filter(Contact.name == MOTHER).count() == 1
    finally:
        db.dispose()
    real = kyiv.ok("receive", str(tmp_path / "2.pgp"))
    expected = [
        f"  - contact '{MOTHER}': withdrawn by Bishkek; the contact and its phones, "
        "e-mails and address were erased here",
        f"  - event '{OPEN_EVENT}': withdrawn by Bishkek; removed here"]
    assert [x for x in dry.splitlines() if "withdrawn" in x] == expected, dry
    assert dry.splitlines()[1:] == real.splitlines()[1:]
    db = kyiv.db()
    try:
        with db.session() as s:
            assert s.query(Event).filter(Event.summary == OPEN_EVENT).count() == 0
            assert s.query(Contact).filter(Contact.name == MOTHER).count() == 0
        assert PHONE not in phones_anywhere(db)
    finally:
        db.dispose()


def test_records_exchanged_by_an_older_version_are_withdrawn_as_the_data_allows(
        pair, tmp_path):
    """Sent and taken in before `sent_record` and `~took/` rows were kept (removed here to
    stand for an older version's ledger): an event and a document deleted at the sender
    since (the audit log names them) are still withdrawn, and removed at the partner."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    for db, prefix in ((bishkek, "~sent/%/record/%"), (kyiv, "~took/%")):
        with db.session() as s:
            s.execute(BundleRecord.__table__.delete().where(BundleRecord.uid.like(prefix)))
            s.commit()
    records.add_event(bishkek, ref, date="2025-01", summary="Kept")
    (event,) = [e.id for e in cases.get_case(bishkek, ref).events if e.summary == OPEN_EVENT]
    records.delete_record(bishkek, "event", event)
    (doc_id,) = [d.id for d in cases.get_case(bishkek, ref).documents]
    records.delete_record(bishkek, "document", doc_id)
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    assert [x for x in report.lines() if "withdrawn" in x] == [
        "  - identity document 'passport': withdrawn by Bishkek; removed here",
        f"  - event '{OPEN_EVENT}': withdrawn by Bishkek; removed here"]
    assert sorted(summaries(kyiv, theirs)) == ["Kept"]


def test_a_contact_of_ours_the_partner_also_held_stays_when_they_withdraw_it(
        pair, tmp_path):
    """Kyiv's contact was taken as ours (the same name and phone); Kyiv deletes it: ours
    stays, with its phone; Kyiv's own event withdrawn in the same bundle goes."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    theirs = cases.create_case(kyiv, fields={
        "family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1994-03"}
    ).reference
    mother = contacts.create_contact(kyiv, fields={"kind": "relative", "name": MOTHER},
                                     channels=[("phone", PHONE)])
    contacts.link_contact(kyiv, theirs, mother, fields={"relationship": "mother",
                                                        "share_partner": True})
    records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp")
    assert any("taken as that one" in line for line in report.lines())
    contacts.delete_contact(kyiv, mother)
    for e in cases.get_case(kyiv, theirs).events:
        records.delete_record(kyiv, "event", e.id)
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    assert [x for x in report.lines() if "withdrawn" in x] == [
        "  - event 'Named on an exchange list': withdrawn by Kyiv; removed here"]
    assert PHONE in [ch.value for ch in mother_link(bishkek, ref).contact.channels]


def test_a_withdrawn_record_we_passed_on_is_withdrawn_there_by_its_first_uid(
        pair, sqlite_template, tmp_path):
    """Kyiv's event, passed on by us to Tbilisi, then withdrawn by Kyiv: removed here, not
    taken in again from Tbilisi, and our next bundle to Tbilisi lists it by Kyiv's uid, so Tbilisi removes it too; a new
    event of ours is sent under our own uid, never under the removed one's."""
    bishkek, kyiv = pair
    tbilisi = _third(sqlite_template, tmp_path, "Tbilisi", (bishkek, "Bishkek"))
    try:
        ref = make_case(bishkek)
        exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
        (theirs,) = [c.reference for c in list_cases(kyiv)]
        records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
        exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
        exchange(bishkek, "Tbilisi", tbilisi, [ref], tmp_path / "3.pgp")
        (at_tbilisi,) = [c.reference for c in list_cases(tbilisi)]
        assert "Named on an exchange list" in summaries(tbilisi, at_tbilisi)
        (kyiv_event,) = [e.id for e in cases.get_case(kyiv, theirs).events
                         if e.summary == "Named on an exchange list"]
        records.delete_record(kyiv, "event", kyiv_event)
        exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "4.pgp")
        assert "Named on an exchange list" not in summaries(bishkek, ref)
        # Tbilisi, not told yet, sends it back: not taken in again (Kyiv withdrew it).
        report = exchange(tbilisi, "Bishkek", bishkek, [at_tbilisi], tmp_path / "t.pgp")
        assert "Named on an exchange list" not in summaries(bishkek, ref)
        assert any("withdrawn before by the partner" in x for x in report.lines())
        new = records.add_event(bishkek, ref, date="2025-02", summary="Letter from camp")
        (case_doc,) = doc_for(bishkek, "Tbilisi", [ref])["cases"]
        kyiv_uid = f"{keys.identity_fingerprint(kyiv)}/event/{kyiv_event}"
        assert case_doc["withdrawn"] == [kyiv_uid]
        assert f"{keys.identity_fingerprint(bishkek)}/event/{new}" in [
            e["uid"] for e in case_doc["events"]]
        report = exchange(bishkek, "Tbilisi", tbilisi, [ref], tmp_path / "5.pgp")
        assert [x for x in report.lines() if "withdrawn" in x] == [
            "  - event 'Named on an exchange list': withdrawn by Bishkek; removed here"]
        assert "Named on an exchange list" not in summaries(tbilisi, at_tbilisi)
        assert "Letter from camp" in summaries(tbilisi, at_tbilisi)
    finally:
        tbilisi.dispose()


def test_a_new_record_under_a_deleted_ones_id_is_never_withdrawn(pair, tmp_path):
    """We delete Kyiv's event here ourselves and write a new one (which SQLite gave the
    same id before migration 0019; now a higher one): Kyiv withdrawing its event later
    leaves our new one alone."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.add_event(kyiv, theirs, date="2024-08", summary="Named on an exchange list")
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    (taken,) = [e.id for e in cases.get_case(bishkek, ref).events
                if e.summary == "Named on an exchange list"]
    records.delete_record(bishkek, "event", taken)
    assert records.add_event(bishkek, ref, date="2025-03", summary="Ours, written here") > taken
    (kyiv_event,) = [e.id for e in cases.get_case(kyiv, theirs).events
                     if e.summary == "Named on an exchange list"]
    records.delete_record(kyiv, "event", kyiv_event)
    (case_doc,) = doc_for(kyiv, "Bishkek", [theirs])["cases"]
    assert case_doc["withdrawn"] == [f"{keys.identity_fingerprint(kyiv)}/event/{kyiv_event}"]
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp")
    assert "Ours, written here" in summaries(bishkek, ref)
    assert not any("withdrawn" in line for line in report.lines())


def test_send_refuses_a_withdrawn_list_the_partner_would_refuse(pair, tmp_path):
    """More records withdrawn in one case than a partner takes (2,000): one line, no
    file (the ledger rows stand for years of records sent and deleted)."""
    bishkek, _kyiv = pair
    ref = make_case(bishkek)
    send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "1.pgp")
    case_id = cases.get_case(bishkek, ref).id
    fpr = keys.partner(bishkek, "Kyiv").fingerprint
    with bishkek.session() as s:
        s.execute(BundleRecord.__table__.insert(), [
            {"uid": sent_record_uid(fpr, case_id, "event", 10_000 + n), "kind": "sent_record",
             "local_id": 10_000 + n, "case_id": case_id} for n in range(2_001)])
        s.commit()
    with pytest.raises(CaseManagerError, match=f"{ref} lists 2001 records withdrawn since "
                       "they were sent to Kyiv; a partner takes at most 2000 per case"):
        send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "2.pgp")
    assert not (tmp_path / "2.pgp").exists()


def test_a_contact_deleted_here_is_not_made_again_by_the_next_bundle(pair, tmp_path):
    """The family asks Kyiv to remove their contact; Kyiv deletes the one it took in from
    us: our next bundle (which still carries it) does not make it again, and says so
    (it failed on the uid the deleted contact is still known by)."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    contacts.delete_contact(kyiv, mother_link(kyiv, theirs).contact.id)
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    assert mother_link(kyiv, theirs) is None
    assert PHONE not in phones_anywhere(kyiv)
    assert any(f"contact {MOTHER}: deleted here since it was taken in; not taken in again"
               in line for line in report.lines())


def test_a_contact_withdrawn_from_one_of_two_cases_leaves_the_other_case_receivable(
        pair, tmp_path):
    """Tester of stop 26: a family's contact on two cases, unlinked from one there: Kyiv
    unlinks it from that case only; the next bundles of either case (the contact linked
    again included) are taken in; receiving crashed on the contact's kept uid."""
    bishkek, kyiv = pair
    one = make_case(bishkek, share_partner=True)
    two = cases.create_case(bishkek, fields={"family_name": "Турсунов",
                                             "given_name": "Бахтиёр"}).reference
    mother = mother_link(bishkek, one)
    contacts.link_contact(bishkek, two, mother.contact.id,
                          fields={"relationship": "aunt", "share_partner": True})
    exchange(bishkek, "Kyiv", kyiv, [one, two], tmp_path / "1.pgp")
    theirs = {c.family_name + " " + c.given_name: c.reference for c in list_cases(kyiv)}
    their_two = theirs["Турсунов Бахтиёр"]
    their_one = next(r for r in theirs.values() if r != their_two)

    contacts.unlink_contact(bishkek, mother.link_id)
    report = exchange(bishkek, "Kyiv", kyiv, [one], tmp_path / "2.pgp")
    assert any("still on" in line for line in report.lines())
    assert mother_link(kyiv, their_one) is None
    assert mother_link(kyiv, their_two) is not None

    report = exchange(bishkek, "Kyiv", kyiv, [two], tmp_path / "3.pgp")  # crashed
    assert mother_link(kyiv, their_two) is not None
    assert PHONE in phones_anywhere(kyiv)
    contacts.link_contact(bishkek, one, mother.contact.id,
                          fields={"relationship": "mother", "share_partner": True})
    exchange(bishkek, "Kyiv", kyiv, [one], tmp_path / "4.pgp")  # crashed too
    assert mother_link(kyiv, their_one) is not None
    with kyiv.session() as s:  # one contact, not a second copy of it
        assert s.query(Contact).filter(Contact.name == MOTHER).count() == 1


def test_a_late_bundle_does_not_bring_in_a_contact_withdrawn_before_it_was_held(
        pair, tmp_path):
    """Tester of stop 26: Bishkek sent a case with a family's contact (L1), deleted the
    contact and sent the case again (L2); Kyiv got L2 first and L1 late: the late bundle
    added the contact, and its phone stayed at Kyiv until Bishkek happened to send again."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "L1.pgp")
    contacts.delete_contact(bishkek, mother_link(bishkek, ref).contact.id)
    send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "L2.pgp")
    receive_bundle(kyiv, (tmp_path / "L2.pgp").read_bytes())
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    assert mother_link(kyiv, theirs) is None
    receive_bundle(kyiv, (tmp_path / "L1.pgp").read_bytes())  # made before, arrives late
    assert mother_link(kyiv, theirs) is None
    assert PHONE not in phones_anywhere(kyiv)
