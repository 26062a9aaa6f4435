"""A re-tester's findings on partner bundles (issue 20, after the fixes): a third
partner's reference equal to the new case's number here, a case merged here since it was
exchanged, a contact whose details were never shared, the same passport twice."""

from __future__ import annotations

from dossier_case import DOC_NUMBER, PHONE, make_case

from casemanager.bundles.claims import list_claims
from casemanager.bundles.receive import receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.services import cases, contacts, records
from casemanager.services.merge import merge_cases
from casemanager.services.queries import list_cases
from casemanager.store.models import Case, Contact, ExternalReference


def exchange(sender, to: str, receiver, refs: list[str], path):
    send_bundle(sender, refs, to=to, output=path)
    return receive_bundle(receiver, path.read_bytes())


def test_a_third_partners_reference_equal_to_the_new_number_is_kept(pair, tmp_path):
    """Finding 1: Kyiv's CM-0001 carries Odesa's "CM-0001"; in Bishkek's empty file the
    case becomes CM-0001 too. Odesa's reference is still Odesa's, kept."""
    bishkek, kyiv = pair
    ref = cases.create_case(kyiv, fields={
        "family_name": "Ergashev", "given_name": "Botir", "date_of_birth": "1985"}).reference
    with kyiv.session() as s, s.begin():
        case = s.query(Case).filter_by(reference=ref).one()
        s.add(ExternalReference(case=case, source="Odesa", reference=ref))
    (change,) = exchange(kyiv, "Bishkek", bishkek, [ref], tmp_path / "1.pgp").cases
    assert change.new and change.reference == ref
    assert ("external_references", f"Odesa: {ref}") in change.filled
    assert sorted(cases.get_case(bishkek, ref).external_references) == [
        f"Kyiv: {ref}", f"Odesa: {ref}"]


def test_the_partners_copy_of_a_case_merged_here_goes_to_the_kept_case(pair, tmp_path):
    """Finding 2: Bishkek merges CM-0002 (another name, another date of birth) into
    CM-0001 after sending both; Kyiv's next bundle of its copy of CM-0002 is taken in,
    its facts on CM-0001, nothing refused."""
    bishkek, kyiv = pair
    keep = cases.create_case(bishkek, fields={
        "family_name": "Niyazov", "given_name": "Farhod", "date_of_birth": "1980"}).reference
    gone = cases.create_case(bishkek, fields={
        "family_name": "Ergashev", "given_name": "Botir", "date_of_birth": "1985"}).reference
    report = exchange(bishkek, "Kyiv", kyiv, [keep, gone], tmp_path / "1.pgp")
    theirs = {c.their_reference: c.reference for c in report.cases}[gone]
    merge_cases(bishkek, keep, gone)
    records.add_event(kyiv, theirs, date="2026-01", summary="Seen in a video")
    report = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp")
    (change,) = report.cases
    assert not change.refused and not change.new
    assert change.reference == keep and change.added == {"events": 1}
    assert [e.summary for e in cases.get_case(bishkek, keep).events] == ["Seen in a video"]


def _mothers(db, reference):
    return [x for x in cases.get_case(db, reference).contacts if x.relationship == "mother"]


def test_consent_never_given_is_not_said_withdrawn_on_every_bundle(pair, tmp_path):
    """Finding 3: the mother's details were never shared (share_partner off from the
    start, sharing with the embassy on): no bundle says the family withdrew consent."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_embassy=True)
    reports = [exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / f"{n}.pgp")
               for n in (1, 2, 3)]
    for report in reports:
        assert not any("withdrew consent" in line for line in report.lines())
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    (mother,) = _mothers(kyiv, theirs)
    assert mother.contact.channels == () and not mother.share_embassy


def test_a_contact_sent_without_details_is_the_one_the_receiver_holds(pair, tmp_path):
    """Finding 4: both hold the same person and his mother (with her phone); Bishkek
    sends her without details (no consent): Kyiv keeps one mother, its own; when the
    family consents later, still one."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    theirs = make_case(kyiv)
    (change,) = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp").cases
    assert change.reference == theirs and not change.new
    (mother,) = _mothers(kyiv, theirs)
    assert PHONE in [ch.value for ch in mother.contact.channels]
    (ours,) = _mothers(bishkek, ref)
    contacts.link_contact(bishkek, ref, ours.contact.id, fields={"share_partner": True})
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    (mother,) = _mothers(kyiv, theirs)
    assert [ch.value for ch in mother.contact.channels].count(PHONE) == 1
    with kyiv.session() as s:
        assert [c.name for c in s.query(Contact)].count("Зарина Турсунова") == 1


def test_the_same_passport_is_one_document(pair, tmp_path):
    """Finding 5: both hold the person with the same passport (type, number, issuing
    country); Kyiv's bundle adds no second copy of it, a new document is added."""
    bishkek, kyiv = pair
    ours = make_case(bishkek)
    theirs = make_case(kyiv)
    records.add_document(kyiv, theirs, doc_type="military_id", number="AB 123",
                         issuing_country="UZ")
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert change.reference == ours and change.added.get("documents") == 1
    held = [(d.doc_type, d.number) for d in cases.get_case(bishkek, ours).documents]
    assert sorted(held) == [("military_id", "AB 123"), ("passport", DOC_NUMBER)]


def test_a_namesake_without_a_date_of_birth_here_is_a_possible_duplicate(pair, tmp_path):
    """Finding 6: we hold "Ergashev Botir" without a date of birth; Kyiv's, born
    1985-01-01, is a new case said to be a possible duplicate of ours."""
    bishkek, kyiv = pair
    ours = cases.create_case(bishkek, fields={
        "family_name": "Ergashev", "given_name": "Botir"}).reference
    theirs = cases.create_case(kyiv, fields={
        "family_name": "Ergashev", "given_name": "Botir",
        "date_of_birth": "1985-01-01"}).reference
    (change,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert change.new and f"possible duplicate of {ours}" in " ".join(change.notes)


def test_an_open_claim_with_the_same_value_is_not_raised_again(pair, tmp_path):
    """Minor: Kyiv's differing rank is their claim once; the next bundle saying the same
    does not print it as a claim again (one note), and one claim stays open."""
    bishkek, kyiv = pair
    ours = cases.create_case(bishkek, fields={
        "family_name": "Ergashev", "given_name": "Botir", "date_of_birth": "1985",
        "rank": "private"}).reference
    theirs = cases.create_case(kyiv, fields={
        "family_name": "Ergashev", "given_name": "Botir", "date_of_birth": "1985",
        "rank": "sergeant"}).reference
    (first,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "1.pgp").cases
    assert first.reference == ours and ("rank", "private", "sergeant") in first.claims
    records.add_event(kyiv, theirs, date="2026-01", summary="Seen in a video")
    (again,) = exchange(kyiv, "Bishkek", bishkek, [theirs], tmp_path / "2.pgp").cases
    assert not again.claims and "still open" in " ".join(again.notes)
    assert [(c.field, c.theirs) for c in list_claims(bishkek, ours)] == [("rank", "sergeant")]
