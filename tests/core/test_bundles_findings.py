"""A fresh tester's findings on receiving and merging partner bundles (issue 20): two of
the partner's cases fused into one, our own old value raised as their claim, consent
withdrawn that never reached the partner, changes to exchanged records dropped, our
deleted case made again, duplicates from partial dates, non-text values taken in."""

from __future__ import annotations

import json

import pytest
from bundle_helpers import document
from dossier_case import PHONE, make_case

from casemanager.bundles import keys
from casemanager.bundles.claims import list_claims, resolve_claim
from casemanager.bundles.pack import build_bundle
from casemanager.bundles.receive import BundleError, receive_bundle
from casemanager.bundles.send import seal, send_bundle
from casemanager.domain.errors import ValidationError
from casemanager.services import cases, contacts, records
from casemanager.services.queries import list_cases
from casemanager.store.models import Attachment, Contact


def sealed(kyiv, doc: dict) -> bytes:
    return seal(kyiv, json.dumps(doc).encode(), keys.partner(kyiv, "Bishkek"))


def exchange(sender, to: str, receiver, refs: list[str], path):
    send_bundle(sender, refs, to=to, output=path)
    return receive_bundle(receiver, path.read_bytes())


def karimov(db, patronymic: str) -> str:
    return cases.create_case(db, fields={
        "family_name": "Karimov", "given_name": "Rustam", "patronymic": patronymic,
        "date_of_birth": "1990"}).reference


def test_two_partner_cases_of_one_name_stay_two_cases(pair, tmp_path):
    """Finding 2: namesakes (same name and date of birth) in one bundle, and a third in
    a later bundle, are three cases, each said to be a possible duplicate."""
    bishkek, kyiv = pair
    first = [karimov(kyiv, "Alisherovich"), karimov(kyiv, "Bakhodirovich")]
    report = exchange(kyiv, "Bishkek", bishkek, first, tmp_path / "1.pgp")
    a, b = report.cases
    assert a.new and b.new and a.reference != b.reference
    assert not b.claims
    assert f"possible duplicate of {a.reference}" in " ".join(b.notes)
    third = karimov(kyiv, "Rustamovich")
    (c,) = exchange(kyiv, "Bishkek", bishkek, [third], tmp_path / "2.pgp").cases
    assert c.new and "possible duplicate of" in " ".join(c.notes)
    assert len(list_cases(bishkek)) == 3
    # The next bundle of all three finds each by its id: still three, nothing claimed.
    again = exchange(kyiv, "Bishkek", bishkek, [*first, third], tmp_path / "3.pgp")
    assert [x.reference for x in again.cases] == [a.reference, b.reference, c.reference]
    assert not any(x.claims for x in again.cases) and len(list_cases(bishkek)) == 3


def test_our_value_sent_back_unchanged_is_not_their_claim(pair, tmp_path):
    """Finding 8: Kyiv's unchanged copy of our old value raises no claim and never rolls
    back our correction, nor fills a field we emptied since."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    cases.update_case(bishkek, ref, fields={"capture_place": "near Pokrovsk", "health": ""})
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp").cases
    assert change.reference == ref and not change.claims
    assert [f for f, _v in change.filled] == ["external_references"]  # Kyiv's number
    assert "capture_place: Kyiv's 'near Avdiivka' is the value we sent them before" in (
        " ".join(change.notes))
    now = cases.get_case(bishkek, ref)
    assert now.capture_place == "near Pokrovsk" and now.health == ""
    assert list_claims(bishkek, ref) == []
    # A value Kyiv really changed is still their claim.
    cases.update_case(kyiv, theirs, fields={"capture_place": "near Kurakhove"})
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp").cases
    assert change.claims == [("capture_place", "near Pokrovsk", "near Kurakhove")]


def test_a_less_precise_date_or_an_older_status_is_no_claim(pair, tmp_path):
    """Findings 10 and 14: 2003 matches our 2003-09-14 and is no claim; Kyiv's opening
    status is no claim against our newer one; a claim our own edit meets is closed."""
    bishkek, kyiv = pair
    ours = cases.create_case(bishkek, fields={
        "family_name": "Nazarov", "given_name": "Timur", "date_of_birth": "2003-09-14",
        "capture_place": "Avdiivka"}).reference
    cases.change_status(bishkek, ours, status="released", date="2026-11", source="list")
    theirs = cases.create_case(kyiv, fields={
        "family_name": "Nazarov", "given_name": "Timur", "date_of_birth": "2003",
        "capture_place": "Kurakhove"}).reference
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert change.reference == ours and not change.new
    assert change.claims == [("capture_place", "Avdiivka", "Kurakhove")]
    assert "status: Kyiv's 'reported' is not dated later than ours" in " ".join(change.notes)
    cases.update_case(bishkek, ours, fields={"capture_place": "Kurakhove"})
    assert list_claims(bishkek, ours) == []
    # Kyiv's later news is a claim: its status is dated after ours.
    cases.change_status(kyiv, theirs, status="deceased", date="2026-11-20", source="ICRC")
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp").cases
    assert change.claims == [("status", "released", "deceased")]
    (claim,) = list_claims(bishkek, ours)
    resolve_claim(bishkek, claim.id, accept=True)
    history = [(s.status, str(s.date), s.source)
               for s in cases.get_case(bishkek, ours).status_history]
    assert [h for h in history if h[0] == "deceased"] == [
        ("deceased", "2026-11-20", "Kyiv: ICRC")]


def test_consent_withdrawn_erases_the_partners_copy_and_consent_given_fills_it(
        pair, tmp_path):
    """Finding 3: the family withdraws consent; the next bundle makes Kyiv erase the
    mother's phone and stop sharing it; consent given later brings it in, reported."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]

    def mother(db, reference):
        (link,) = [x for x in cases.get_case(db, reference).contacts
                   if x.relationship == "mother"]
        return link

    assert PHONE in [ch.value for ch in mother(kyiv, theirs).contact.channels]
    assert mother(kyiv, theirs).share_partner
    mother_id = mother(bishkek, ref).contact.id
    contacts.link_contact(bishkek, ref, mother_id, fields={"share_partner": False})
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    gone = mother(kyiv, theirs)
    assert gone.contact.channels == () and gone.contact.address == ""
    assert not gone.share_partner
    assert any("withdrew consent" in line for line in report.lines())
    # Kyiv's next bundle to a third partner carries no phone.
    doc = build_bundle(kyiv, [theirs], profile="partner", sender_name="Kyiv",
                       sender_fingerprint=keys.own_fingerprint(kyiv), recipient_name="X",
                       recipient_fingerprint="0" * 40)[0]
    assert PHONE not in json.dumps(doc, ensure_ascii=False)
    # The family agrees again: the details come back, and the report says so.
    contacts.link_contact(bishkek, ref, mother_id, fields={"share_partner": True})
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "3.pgp")
    assert PHONE in [ch.value for ch in mother(kyiv, theirs).contact.channels]
    assert any("consent given since" in line for line in report.lines())


def test_changes_to_records_already_exchanged_are_taken_in_or_claimed(pair, tmp_path):
    """Finding 4: Kyiv marks our appeal answered (a claim on our record) and ends its
    own custody period (taken in: their record)."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    custody = records.add_custody(kyiv, theirs, facility="SIZO-2", date_from="2025-02")
    exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    (appeal,) = records.record_ids(kyiv, theirs, "appeal")
    records.update_record(kyiv, "appeal", appeal, fields={
        "status": "answered", "response_summary": "no info"})
    records.update_record(kyiv, "custody", custody, fields={"date_to": "2026-11"})
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "3.pgp").cases
    now = cases.get_case(bishkek, ref)
    assert [str(c.date_to) for c in now.custody] == ["2026-11"]
    assert now.appeals[0].status == "sent"  # ours: their change is a claim
    claimed = {(f.split(": ")[-1], o, t) for f, o, t in change.claims}
    assert claimed == {("status", "sent", "answered"), ("response_summary", "", "no info")}
    listed = {c.field.split()[-1]: c for c in list_claims(bishkek, ref)}
    assert listed["status"].ours == "sent" and listed["status"].theirs == "answered"
    resolve_claim(bishkek, listed["status"].id, accept=True)
    assert cases.get_case(bishkek, ref).appeals[0].status == "answered"
    # The same bundle content again changes nothing and raises nothing new.
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "4.pgp").cases
    assert not change.filled


def test_our_deleted_case_is_not_made_again(pair, tmp_path):
    """Finding 9: Kyiv's copy of a case we deleted is refused in the report."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    cases.delete_case(bishkek, ref)
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    assert list_cases(bishkek) == []
    assert report.cases[0].refused and f"our case {ref}" in report.lines()[1]
    assert "1 refused" in report.lines()[0]


def test_partial_dates_no_date_and_the_same_contact(pair, tmp_path):
    """Finding 10: 1994-03 matches our 1994-03-12; a case without a date of birth is
    said to be a likely duplicate; the mother with the same name and phone is ours."""
    bishkek, kyiv = pair
    ours = make_case(bishkek, date_of_birth="1994-03-12")
    theirs = make_case(kyiv, share_partner=True)  # born 1994-03
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert change.reference == ours and not change.new
    assert len(list_cases(bishkek)) == 1
    with bishkek.session() as s:
        assert [c.name for c in s.query(Contact)].count("Зарина Турсунова") == 1
    undated = make_case(kyiv, date_of_birth="", name_native="", name_latin="")
    (change,) = exchange(kyiv, "Bishkek", bishkek, [undated], tmp_path / "2.pgp").cases
    assert change.new and f"possible duplicate of {ours}" in " ".join(change.notes)


@pytest.mark.parametrize(("where", "bad"), [
    ("channel", {"a": 1}), ("external", {"x": 1}), ("created_at", 12345)])
def test_values_that_are_not_text_are_refused(pair, where, bad):
    """Finding 15: refused in one line, nothing written (not stored as "{'a': 1}")."""
    bishkek, kyiv = pair
    doc = document(kyiv, [make_case(kyiv, share_partner=True)])
    case = doc["cases"][0]
    if where == "channel":
        (mother,) = [c for c in case["contacts"] if c["channels"] and c["kind"] == "relative"]
        mother["channels"][0]["value"] = bad
    elif where == "external":
        case["external_references"] = [{"source": "ICRC", "reference": bad}]
    else:
        doc["created_at"] = bad
    with pytest.raises(BundleError, match="not (text|a time)"):
        receive_bundle(bishkek, sealed(kyiv, doc))
    assert list_cases(bishkek) == []


def test_attachment_names_are_made_safe(pair):
    """Finding 17: "..", "." and backslash paths become plain names."""
    bishkek, kyiv = pair
    names = ["..", ".", "..\\..\\evil.bat"]
    refs = [make_case(kyiv, family_name=f"Karimov{n}") for n in range(len(names))]
    doc = document(kyiv, refs)
    for case, name in zip(doc["cases"], names, strict=True):
        case["attachments"][0]["filename"] = name
    receive_bundle(bishkek, sealed(kyiv, doc))
    with bishkek.session() as s:
        stored = sorted(a.filename for a in s.query(Attachment))
    assert stored == sorted(["attachment", "attachment", "_.._evil.bat"])
    # A control character in a name: refused in one line.
    doc = document(kyiv, [refs[0]])
    doc["cases"][0]["attachments"][0]["filename"] = "a\x07b.txt"
    with pytest.raises(BundleError, match="control character"):
        receive_bundle(bishkek, sealed(kyiv, doc))


def test_a_partner_name_with_a_colon_is_refused(pair):
    """Finding 18: "Kyiv: Lawyers" would be read back as source "Kyiv"."""
    bishkek, kyiv = pair
    keys.remove_partner_key(bishkek, "Kyiv")
    with pytest.raises(ValidationError, match="':'"):
        keys.add_partner_key(bishkek, keys.export_public_key(kyiv).encode(),
                             name="Kyiv: Lawyers")


def test_our_reference_as_the_partner_notes_it_finds_our_case_and_is_not_kept(
        pair, tmp_path):
    """Findings 9 and 18: Kyiv names our key "BFG" (not our own name): the reference it
    holds for us (`BFG: CM-0001`, from our list) is ours, finds our case, and is never
    kept as a partner's reference; a source holding ": " is carried whole."""
    from casemanager.store.models import Case, ExternalReference

    bishkek, kyiv = pair
    keys.remove_partner_key(kyiv, "Bishkek")
    keys.add_partner_key(kyiv, keys.export_public_key(bishkek).encode(), name="BFG")
    ours = cases.create_case(bishkek, fields={
        "family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1994-03"})
    theirs = cases.create_case(kyiv, fields={
        "family_name": "Tursunov", "given_name": "Alisher"}).reference  # no date: no match
    with kyiv.session() as s, s.begin():
        case = s.query(Case).filter_by(reference=theirs).one()
        s.add(ExternalReference(case=case, source="BFG", reference=ours.reference))
        s.add(ExternalReference(case=case, source="Odesa: Lawyers", reference="OD-7"))
    doc = build_bundle(kyiv, [theirs], profile="partner", sender_name="Kyiv",
                       sender_fingerprint=keys.own_fingerprint(kyiv), recipient_name="BFG",
                       recipient_fingerprint=keys.own_fingerprint(bishkek))[0]
    assert {"source": "Odesa: Lawyers", "reference": "OD-7"} in (
        doc["cases"][0]["external_references"])
    data = seal(kyiv, json.dumps(doc).encode(), keys.partner(kyiv, "BFG"))
    (change,) = receive_bundle(bishkek, data).cases
    assert change.reference == ours.reference and not change.new
    held = cases.get_case(bishkek, ours.reference).external_references
    assert sorted(held) == ["Kyiv: CM-0001", "Odesa: Lawyers: OD-7"]


def test_their_case_linked_to_one_we_deleted_is_not_made_again(pair, tmp_path):
    """Re-test finding: Kyiv's own case, taken in here and deleted since, came back as a
    new case without a word; now it is refused in the report, naming our deleted case."""
    bishkek, kyiv = pair
    theirs = make_case(kyiv)
    (first,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert first.new
    cases.delete_case(bishkek, first.reference)
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    assert list_cases(bishkek) == []
    (change,) = report.cases
    assert change.refused and f"linked to our case {first.reference}, deleted here" in (
        change.refused)
    assert "1 refused" in report.lines()[0]
    # Another of their cases, never linked to a deleted one, is still taken in.
    other = cases.create_case(kyiv, fields={"family_name": "Юлдашев",
                                            "given_name": "Рустам"}).reference
    (taken,) = exchange(kyiv, "Bishkek", bishkek, [other], tmp_path / "3.pgp").cases
    assert taken.new and not taken.refused


def test_an_id_of_ours_never_held_here_is_not_called_deleted(pair, tmp_path):
    """Re-test finding: a bundle naming a case id of ours that never existed said it was
    'deleted here since we sent it'."""
    bishkek, kyiv = pair
    theirs = make_case(kyiv)
    doc = document(kyiv, [theirs])
    doc["cases"][0]["uid"] = f"{keys.own_fingerprint(bishkek)}/case/4242"
    report = receive_bundle(bishkek, sealed(kyiv, doc))
    (change,) = report.cases
    assert change.refused and "never held" in change.refused, change.refused
    assert "deleted" not in change.refused
    assert list_cases(bishkek) == []
