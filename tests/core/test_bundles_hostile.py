"""Findings of a tester with real keys: bundles made by hand (`gpg`, an edited JSON
re-signed) that crashed, were wrongly taken in, or were refused unclearly."""

from __future__ import annotations

import json
import shutil

import pytest
from bundle_helpers import GpgPartner, document
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.bundles.receive import (
    MAX_RECORDS_PER_CASE,
    BundleError,
    receive_bundle,
)
from casemanager.bundles.send import seal
from casemanager.services import cases
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database


def sealed(kyiv, doc: dict | bytes) -> bytes:
    payload = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return seal(kyiv, payload, keys.partner(kyiv, "Bishkek"))


def test_a_bundle_compressed_by_gpg_is_refused_saying_how_to_send_it(pair, tmp_path):
    bishkek, kyiv = pair
    gpg = GpgPartner(tmp_path / "gnupg", uid="Odesa <odesa@example.org>")
    keys.add_partner_key(bishkek, gpg.export(tmp_path / "odesa.asc").read_bytes(),
                         name="Odesa")
    (tmp_path / "bishkek.asc").write_text(keys.export_public_key(bishkek))
    gpg.run("--import", str(tmp_path / "bishkek.asc"))
    doc = document(kyiv, [make_case(kyiv)])
    doc["sender"] = {"organisation": "Odesa", "fingerprint": gpg.fingerprint}
    own = keys.own_fingerprint(bishkek)
    plain = json.dumps(doc).encode()
    for extra, ok in (([], False), (["-z", "0"], True)):
        made = gpg.run("--trust-model", "always", "--sign", "--encrypt", "-r", own, *extra,
                       input=plain)
        assert made.returncode == 0, made.stderr
        if ok:
            assert receive_bundle(bishkek, made.stdout, dry_run=True).cases[0].new
        else:
            with pytest.raises(BundleError, match="compress"):
                receive_bundle(bishkek, made.stdout, dry_run=True)
    gpg.stop_agent()


def test_time_offsets_deep_nesting_and_a_future_clock(pair):
    bishkek, kyiv = pair
    ref = make_case(kyiv)
    doc = document(kyiv, [ref])
    doc["created_at"] = "2026-01-29T23:00:00+05:00"
    assert receive_bundle(bishkek, sealed(kyiv, doc)).cases[0].new
    doc = document(kyiv, [ref])
    doc["created_at"] = "2026-01-29T23:30:00+00:00"  # naive and aware compared: no crash
    receive_bundle(bishkek, sealed(kyiv, doc), dry_run=True)

    with pytest.raises(BundleError, match="nested too deeply"):
        receive_bundle(bishkek, sealed(kyiv, b"[" * 100_000))

    # A wrong clock: counted as made now, so the next bundle is not "older".
    doc = document(kyiv, [ref])
    doc["created_at"] = "2099-01-01T00:00:00Z"
    report = receive_bundle(bishkek, sealed(kyiv, doc))
    assert "in the future" in report.lines()[0]
    cases.update_case(kyiv, ref, fields={"capture_place": "near Pokrovsk"})
    report = receive_bundle(bishkek, sealed(kyiv, document(kyiv, [ref])))
    assert not report.stale
    assert [c[0] for c in report.cases[0].claims] == ["capture_place"]


def test_older_is_decided_per_case_and_a_late_bundle_fills_what_is_empty(pair):
    bishkek, kyiv = pair
    a = make_case(kyiv)
    b = make_case(kyiv, family_name="Karimov", given_name="Rustam", date_of_birth="1990",
                  name_native="", name_latin="", patronymic="", aliases="")
    late = document(kyiv, [a])  # made first, received last
    late["created_at"] = "2026-01-01T00:00:00Z"
    late["cases"][0]["fields"]["rank"] = "sergeant"
    newer = document(kyiv, [b])
    newer["created_at"] = "2026-02-01T00:00:00Z"
    receive_bundle(bishkek, sealed(kyiv, newer))
    report = receive_bundle(bishkek, sealed(kyiv, late))
    assert not report.stale and report.cases[0].new  # nothing newer about case A
    (ours,) = [c for c in list_cases(bishkek) if c.family_name == "Tursunov"]
    assert cases.get_case(bishkek, ours.reference).rank == "sergeant"

    # Now an even older one about A: ours are kept, no claims, but an empty field fills.
    cases.update_case(bishkek, ours.reference, fields={"health": ""})
    older = document(kyiv, [a])
    older["created_at"] = "2025-12-01T00:00:00Z"
    older["cases"][0]["fields"]["rank"] = "private"
    report = receive_bundle(bishkek, sealed(kyiv, older))
    (change,) = report.cases
    assert change.stale and not change.claims
    assert [f for f, _v in change.filled] == ["health"]
    assert "older than one already taken in" in report.lines()[1]
    assert cases.get_case(bishkek, ours.reference).rank == "sergeant"


def test_a_uid_naming_our_case_for_someone_else_is_refused(pair):
    bishkek, kyiv = pair
    mine = cases.create_case(bishkek, fields={
        "family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1994-03"})
    case_id = cases.get_case(bishkek, mine.reference).id
    doc = document(kyiv, [make_case(kyiv, family_name="Karimov", given_name="Rustam",
                                    date_of_birth="1971-05-02", name_native="",
                                    name_latin="", patronymic="", aliases="")])
    doc["cases"][0]["uid"] = f"{keys.own_fingerprint(bishkek)}/case/{case_id}"
    with pytest.raises(BundleError, match=f"names our {mine.reference}"):
        receive_bundle(bishkek, sealed(kyiv, doc))


def test_our_own_organisation_is_never_kept_as_a_partners_reference(pair):
    bishkek, kyiv = pair
    ref = make_case(kyiv)
    doc = document(kyiv, [ref])
    doc["cases"][0]["external_references"] = [
        {"source": "Bishkek", "reference": "CM-0777"},
        {"source": "ICRC", "reference": "UZ-1"}]
    receive_bundle(bishkek, sealed(kyiv, doc))
    (ours,) = list_cases(bishkek)
    held = cases.get_case(bishkek, ours.reference).external_references
    assert "ICRC: UZ-1" in held and not any(x.startswith("Bishkek") for x in held)


def test_limits_and_the_same_case_twice(pair):
    bishkek, kyiv = pair
    ref = make_case(kyiv)
    doc = document(kyiv, [ref])
    doc["cases"][0]["events"] = [
        {"uid": f"x/event/{n}", "summary": "e"} for n in range(MAX_RECORDS_PER_CASE + 1)]
    with pytest.raises(BundleError, match="at most"):
        receive_bundle(bishkek, sealed(kyiv, doc))
    doc = document(kyiv, [ref])
    doc["cases"].append(json.loads(json.dumps(doc["cases"][0])))
    doc["manifest"] *= 2
    with pytest.raises(BundleError, match="twice"):
        receive_bundle(bishkek, sealed(kyiv, doc))
    assert list_cases(bishkek) == []


def test_an_unknown_or_missing_signature_is_named_clearly(pair, tmp_path):
    bishkek, kyiv = pair
    shutil.copy(str(kyiv.path), tmp_path / "odesa.db")
    doc = document(kyiv, [make_case(kyiv)])
    odesa = open_database(str(tmp_path / "odesa.db"))
    try:
        with odesa.session() as s:
            from casemanager.store.models import OrgKey
            s.query(OrgKey).delete()
            s.commit()
        keys.init_keys(odesa, user_id="Odesa")
        keys.add_partner_key(odesa, keys.export_public_key(bishkek).encode(), name="Bishkek2")
        doc["sender"]["fingerprint"] = keys.own_fingerprint(odesa)
        data = seal(odesa, json.dumps(doc).encode(), keys.partner(odesa, "Bishkek2"))
        with pytest.raises(BundleError) as err:
            receive_bundle(bishkek, data)
        message = str(err.value)
        assert f"primary key {keys.spaced(keys.own_fingerprint(odesa))}" in message
        assert "signing subkey" in message
    finally:
        odesa.dispose()
    import pysequoia

    unsigned = pysequoia.encrypt(bytes=b"{}", recipients=[keys.partner(kyiv, "Bishkek").cert])
    with pytest.raises(BundleError, match="not signed:"):
        receive_bundle(bishkek, unsigned)


def test_names_in_another_script_become_aliases_never_our_own_name(pair):
    bishkek, kyiv = pair
    mine = cases.create_case(bishkek, fields={
        "family_name": "Ivanov", "given_name": "Petr", "date_of_birth": "1990"}).reference
    ref = make_case(kyiv, family_name="Иванов", given_name="Пётр", date_of_birth="1990",
                    patronymic="Сергеевич", name_native="", name_latin="",
                    aliases="Ivanov Petr")
    doc = document(kyiv, [ref])  # our case, sent back by Kyiv in Cyrillic
    doc["cases"][0]["uid"] = (f"{keys.own_fingerprint(bishkek)}/case/"
                              f"{cases.get_case(bishkek, mine).id}")
    (change,) = receive_bundle(bishkek, sealed(kyiv, doc)).cases
    assert change.reference == mine
    assert not [c for c in change.claims if c[0] in ("family_name", "given_name")]
    # The Cyrillic patronymic is not put inside the Latin name: a claim to decide.
    assert ("patronymic", "", "Сергеевич") in change.claims
    got = cases.get_case(bishkek, mine)
    assert got.patronymic == "" or got.patronymic is None
    assert "Иванов Пётр Сергеевич" in got.aliases
    assert "Ivanov Petr" not in got.aliases  # our own name is no alias

    for bad in (12, None, ["x"]):
        doc = document(kyiv, [ref])
        doc["cases"][0]["fields"]["family_name"] = bad
        with pytest.raises(BundleError, match="is not text"):
            receive_bundle(bishkek, sealed(kyiv, doc))


def test_unlikely_dates_are_said_as_our_forms_say_them(pair):
    bishkek, kyiv = pair
    doc = document(kyiv, [make_case(kyiv)])
    doc["cases"][0]["fields"]["date_of_birth"] = "2099-01-01"
    doc["cases"][0]["custody"] = [{"uid": "k/custody/1", "facility": "SIZO-2",
                                   "date_from": "2024-05-01", "date_to": "2024-01-01"}]
    (change,) = receive_bundle(bishkek, sealed(kyiv, doc)).cases
    assert any("date_of_birth is in the future" in n for n in change.notes)
    assert any("date_to 2024-01-01 is before date_from 2024-05-01" in n for n in change.notes)


def test_a_rejected_claim_is_not_raised_again_and_one_open_claim_per_partner(pair):
    from casemanager.bundles.claims import list_claims, resolve_claim

    bishkek, kyiv = pair
    ref = make_case(kyiv)
    receive_bundle(bishkek, sealed(kyiv, document(kyiv, [ref])))
    for place in ("near Pokrovsk", "near Bakhmut"):
        cases.update_case(kyiv, ref, fields={"capture_place": place})
        receive_bundle(bishkek, sealed(kyiv, document(kyiv, [ref])))
    (claim,) = list_claims(bishkek)
    assert claim.theirs == "near Bakhmut"
    resolve_claim(bishkek, claim.id, accept=False)
    records_again = receive_bundle(bishkek, sealed(kyiv, document(kyiv, [ref])))
    assert list_claims(bishkek) == [] and not records_again.cases[0].claims
    assert "already decided on" in " ".join(records_again.cases[0].notes)
    # A value superseded (not decided) may be claimed again.
    cases.update_case(kyiv, ref, fields={"capture_place": "near Pokrovsk"})
    receive_bundle(bishkek, sealed(kyiv, document(kyiv, [ref])))
    assert [c.theirs for c in list_claims(bishkek)] == ["near Pokrovsk"]


def test_only_an_image_can_be_the_portrait_and_the_sender_is_named(pair, tmp_path):
    import base64
    import hashlib

    from casemanager.bundles.send import send_bundle

    bishkek, kyiv = pair
    ref = make_case(kyiv)
    doc = document(kyiv, [ref])
    pdf = b"%PDF-1.4 not a face"
    digest = hashlib.sha256(pdf).hexdigest()
    doc["cases"][0]["attachments"] = [{
        "uid": "k/attachment/9", "filename": "scan.pdf", "mime_type": "application/pdf",
        "is_portrait": True, "size": len(pdf), "sha256": digest,
        "data": base64.b64encode(pdf).decode()}]
    doc["manifest"] = [{"case": doc["cases"][0]["uid"], "attachment": "k/attachment/9",
                        "sha256": digest, "size": len(pdf)}]
    receive_bundle(bishkek, sealed(kyiv, doc))
    (ours,) = list_cases(bishkek)
    (att,) = cases.get_case(bishkek, ours.reference).attachments
    assert not att.is_portrait

    out = tmp_path / "k.pgp"
    send_bundle(kyiv, [ref], to="Bishkek", output=out)
    import pysequoia
    plain = pysequoia.decrypt(bytes=out.read_bytes(),
                              decryptor=keys.own_secret_key(bishkek).decryptor()).bytes
    assert json.loads(plain)["sender"]["organisation"] == "Kyiv"
