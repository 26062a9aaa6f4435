"""The person to be informed in bundles: sent to a partner only while every relative on
file consents to share with partners; withdrawn, it is not sent, and the partner erases
the copy it took in from us (an absent field alone erases nothing), keeping its own."""

from __future__ import annotations

import pytest
from dossier_case import make_case
from test_bundles_receive import _org, _trust

INFORM = "Mother Zarina, +998 90 111 22 33, Chilonzor 5-12"


@pytest.fixture
def two_orgs(cli, sqlite_template, tmp_path):
    bishkek = _org(cli, sqlite_template, tmp_path / "Bishkek", "Bishkek")
    kyiv = _org(cli, sqlite_template, tmp_path / "Kyiv", "Kyiv")
    _trust(bishkek, kyiv)
    _trust(kyiv, bishkek)
    return bishkek, kyiv


def mother_id(org, ref: str) -> str:
    (mother,) = [c for c in org.show(ref)["contacts"] if c["relationship"] == "mother"]
    return str(mother["id"])


def send_and_receive(bishkek, kyiv, ref: str, path) -> str:
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(path))
    return kyiv.ok("receive", str(path))


def test_withdrawn_consent_keeps_person_to_inform_from_the_partner(two_orgs, tmp_path):
    bishkek, kyiv = two_orgs
    db = bishkek.db()
    ref = make_case(db, share_partner=True)
    db.dispose()
    bishkek.ok("edit", ref, f"person_to_inform={INFORM}")

    report = send_and_receive(bishkek, kyiv, ref, tmp_path / "1.pgp")
    (theirs,) = kyiv.references()
    assert kyiv.show(theirs)["person_to_inform"] == INFORM  # consented: sent, taken in

    # The mother withdraws her consent to partners: the text is not sent, and Kyiv's
    # copy (taken in from Bishkek) is erased and said so.
    bishkek.ok("contact", "link", ref, mother_id(bishkek, ref), "share_partner=no")
    report = send_and_receive(bishkek, kyiv, ref, tmp_path / "2.pgp")
    assert "+998 90 111 22 33" not in report and "Chilonzor" not in report
    assert "consent to share it with partners" in report and "erased" in report
    assert kyiv.show(theirs)["person_to_inform"] == ""


def test_never_consented_it_is_not_sent_and_the_partner_s_own_value_stays(two_orgs,
                                                                          tmp_path):
    bishkek, kyiv = two_orgs
    db = bishkek.db()
    ref = make_case(db)  # the mother consented to no one
    db.dispose()
    bishkek.ok("edit", ref, f"person_to_inform={INFORM}")
    report = send_and_receive(bishkek, kyiv, ref, tmp_path / "1.pgp")
    assert "+998 90 111 22 33" not in report
    (theirs,) = kyiv.references()
    assert kyiv.show(theirs)["person_to_inform"] == ""

    # Kyiv's own value is theirs: not erased by Bishkek's withholding, but said.
    kyiv.ok("edit", theirs, "person_to_inform=Брат Акмал, через МККК")
    report = send_and_receive(bishkek, kyiv, ref, tmp_path / "2.pgp")
    assert kyiv.show(theirs)["person_to_inform"] == "Брат Акмал, через МККК"
    assert "ours kept" in report
