"""Two organisations, two databases, real keys: send, receive, change, send back, receive;
and every kind of hostile bundle refused in one line with nothing written."""

from __future__ import annotations

import json
import shutil

import pytest
from dossier_case import OPEN_EVENT, PHONE, make_case

from casemanager.bundles import keys
from casemanager.bundles.send import seal
from casemanager.services import cases, records
from casemanager.store.database import open_database


class Org:
    """One organisation: its database file, driven through the command line."""

    def __init__(self, cli, path, name: str) -> None:
        self.cli, self.path, self.name = cli, str(path), name

    def __call__(self, *args: str):
        return self.cli(*args, db=self.path)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def refused(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 1, (args, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        return lines[0]

    def show(self, ref: str) -> dict:
        return json.loads(self.ok("show", ref, "--format", "json"))

    def references(self) -> list[str]:
        return [c["reference"] for c in json.loads(self.ok("list", "--format", "json"))]

    def db(self):
        return open_database(self.path)


def _org(cli, template, folder, name) -> Org:
    folder.mkdir()
    shutil.copy(template, folder / "cases.db")
    org = Org(cli, folder / "cases.db", name)
    org.ok("keys", "init", "--name", name)
    org.ok("keys", "export", "-o", str(folder / "public.asc"))
    return org


def _trust(a: Org, b: Org) -> None:
    a.ok("keys", "add", str(a.path).replace("cases.db", "../" + b.name + "/public.asc"),
         "--name", b.name)


@pytest.fixture
def orgs(cli, sqlite_template, tmp_path):
    bishkek = _org(cli, sqlite_template, tmp_path / "Bishkek", "Bishkek")
    kyiv = _org(cli, sqlite_template, tmp_path / "Kyiv", "Kyiv")
    _trust(bishkek, kyiv)
    _trust(kyiv, bishkek)
    return bishkek, kyiv


def test_round_trip_no_duplicates_nothing_lost_conflicts_shown(orgs, tmp_path):
    bishkek, kyiv = orgs
    db = bishkek.db()
    ref = make_case(db)
    db.dispose()
    first = tmp_path / "first.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(first))

    dry = kyiv.ok("receive", str(first), "--dry-run")
    assert "Would take in" in dry and "(new case)" in dry
    assert kyiv.references() == []  # a dry run writes nothing

    report = kyiv.ok("receive", str(first))
    assert "1 new case," in report
    (theirs,) = kyiv.references()
    got = kyiv.show(theirs)
    ours = bishkek.show(ref)
    for name in ("family_name", "given_name", "patronymic", "name_native", "date_of_birth",
                 "capture_date", "capture_place", "citizenships", "aliases", "health"):
        assert got[name] == ours[name], name
    assert [s["status"] for s in got["status_history"]] == ["reported"]
    assert got["status_history"][0]["source"] == "Bishkek: case opened"
    assert OPEN_EVENT in [e["summary"] for e in got["events"]]
    assert [a["subject"] for a in got["appeals"]] == ["Request for consular access"]
    assert got["appeals"][0]["recipient_name"] == "Embassy of Uzbekistan"
    assert sorted(c["name"] for c in got["contacts"]) == ["Embassy of Uzbekistan",
                                                          "Зарина Турсунова"]
    assert PHONE not in json.dumps(got, ensure_ascii=False)  # no consent for partners
    assert [a["is_portrait"] for a in got["attachments"]] == ["yes"]

    assert "already received" in kyiv.refused("receive", str(first))  # a replay

    # Kyiv learns more: a release, an event, a rank we did not have, another place.
    kdb = kyiv.db()
    cases.change_status(kdb, theirs, status="released", date="2025-01", source="exchange list")
    records.add_event(kdb, theirs, date="2025-01-10", summary="Seen at the exchange",
                      source="lawyer", confidence="confirmed")
    cases.update_case(kdb, theirs, fields={"rank": "private",
                                           "capture_place": "near Pokrovsk"})
    kdb.dispose()
    back = tmp_path / "back.pgp"
    kyiv.ok("send", theirs, "--to", "Bishkek", "-o", str(back))
    report = bishkek.ok("receive", str(back))
    assert f"{ref} <- Kyiv {theirs}" in report and "(updated)" in report
    assert "+ rank: private" in report
    assert "! capture_place: ours 'near Avdiivka', Kyiv says 'near Pokrovsk'" in report
    assert "! status: ours 'reported', Kyiv says 'released'" in report
    assert bishkek.references() == [ref]  # matched, not duplicated
    now = bishkek.show(ref)
    assert now["capture_place"] == "near Avdiivka" and now["status"] == "reported"
    assert now["rank"] == "private"
    # In the order of the facts' dates: the release is back-dated before today's opening.
    assert sorted(s["status"] for s in now["status_history"]) == ["released", "reported"]
    (released,) = [s for s in now["status_history"] if s["status"] == "released"]
    assert released["source"] == "Kyiv: exchange list"
    assert len(now["events"]) == len(ours["events"]) + 1
    assert len(now["contacts"]) == len(ours["contacts"])
    assert len(now["appeals"]) == len(ours["appeals"])
    assert len(now["attachments"]) == len(ours["attachments"])

    # Once more: a new bundle the other way adds nothing twice on either side.
    again = tmp_path / "again.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(again))
    report = kyiv.ok("receive", str(again))
    assert "0 new cases," in report and kyiv.references() == [theirs]
    after = kyiv.show(theirs)
    assert len(after["events"]) == len(got["events"]) + 1
    assert len(after["status_history"]) == 2 and len(after["contacts"]) == 2
    assert "! capture_place: ours 'near Pokrovsk', Bishkek says 'near Avdiivka'" in report


def test_hostile_bundles_are_refused_in_one_line_and_nothing_is_written(
        orgs, cli, sqlite_template, tmp_path):
    bishkek, kyiv = orgs
    db = bishkek.db()
    ref = make_case(db)
    db.dispose()
    good = tmp_path / "good.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(good))
    raw = good.read_bytes()

    flipped = tmp_path / "flipped.pgp"
    for at in (len(raw) // 2, len(raw) - 30, 40):
        flipped.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:])
        line = kyiv.refused("receive", str(flipped))
        assert "damaged" in line or "not signed" in line or "not encrypted" in line, line

    # For someone else: a third organisation's bundle from Bishkek.
    odesa = _org(cli, sqlite_template, tmp_path / "Odesa", "Odesa")
    _trust(bishkek, odesa)
    other = tmp_path / "other.pgp"
    bishkek.ok("send", ref, "--to", "Odesa", "-o", str(other))
    assert "for someone else" in kyiv.refused("receive", str(other))

    # From a key Kyiv has not trusted (Odesa knows Kyiv's key, Kyiv not Odesa's).
    _trust(odesa, kyiv)
    odb = odesa.db()
    make_case(odb)
    odb.dispose()
    unknown = tmp_path / "unknown.pgp"
    odesa.ok("send", "CM-0001", "--to", "Kyiv", "-o", str(unknown))
    line = kyiv.refused("receive", str(unknown))
    assert "not signed by a trusted partner's key" in line

    # Signed and encrypted properly, but malformed inside.
    db = bishkek.db()
    kyiv_key = keys.partner(db, "Kyiv")
    document = json.loads(_plain(kyiv, raw))
    bad_date = json.loads(json.dumps(document))
    bad_date["bundle_id"] = "x1"
    bad_date["cases"][0]["fields"]["date_of_birth"] = "32.13.1994"
    bad_hash = json.loads(json.dumps(document))
    bad_hash["bundle_id"] = "x2"
    bad_hash["cases"][0]["attachments"][0]["data"] = "aGVsbG8="
    wrong_to = json.loads(json.dumps(document))
    wrong_to["bundle_id"] = "x3"
    wrong_to["recipient"]["fingerprint"] = "0" * 40
    made = {
        "not json": (b"\x00\x01 not json", "not JSON"),
        "not ours": (b'{"format": "zip"}', "not a Case Manager bundle"),
        "newer": (json.dumps({**document, "version": 99}).encode(), "version 99"),
        "bad date": (json.dumps(bad_date).encode(), "date_of_birth"),
        "bad hash": (json.dumps(bad_hash).encode(), "manifest"),
        "wrong to": (json.dumps(wrong_to).encode(), "addressed to another organisation"),
    }
    for name, (payload, message) in made.items():
        path = tmp_path / f"{name}.pgp"
        path.write_bytes(seal(db, payload, kyiv_key))
        assert message in kyiv.refused("receive", str(path)), name
    db.dispose()

    huge = tmp_path / "huge.pgp"
    with huge.open("wb") as fh:  # sparse: refused by its size before it is read
        fh.truncate(300 * 1024 * 1024)
    assert "at most" in kyiv.refused("receive", str(huge))
    assert "not" in kyiv.refused("receive", str(tmp_path / "missing.pgp"))

    assert kyiv.references() == []
    kyiv.ok("receive", str(good))  # the genuine one still goes in afterwards
    assert len(kyiv.references()) == 1


def _plain(org: Org, raw: bytes) -> str:
    """The JSON inside a bundle, decrypted with the organisation's own key."""
    import pysequoia

    db = org.db()
    try:
        tsk = keys.own_secret_key(db)
        return pysequoia.decrypt(bytes=raw, decryptor=tsk.decryptor()).bytes.decode()
    finally:
        db.dispose()


def test_the_caseworker_chooses_between_ours_and_the_partners_claim(orgs, tmp_path):
    bishkek, kyiv = orgs
    db = bishkek.db()
    ref = make_case(db)
    db.dispose()
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "1.pgp"))
    kyiv.ok("receive", str(tmp_path / "1.pgp"))
    (theirs,) = kyiv.references()
    kdb = kyiv.db()
    cases.change_status(kdb, theirs, status="released", date="2025-01", source="exchange")
    cases.update_case(kdb, theirs, fields={"capture_place": "near Pokrovsk"})
    kdb.dispose()
    kyiv.ok("send", theirs, "--to", "Bishkek", "-o", str(tmp_path / "2.pgp"))
    bishkek.ok("receive", str(tmp_path / "2.pgp"))

    listed = bishkek.ok("claims", ref).splitlines()
    assert len(listed) == 2
    ids = {line.split()[2].rstrip(":"): line.split()[0] for line in listed}
    assert set(ids) == {"status", "capture_place"}
    # `show` says so too, in text and JSON, so nobody reads our value as settled.
    shown = bishkek.ok("show", ref)
    assert "Partners' claims" in shown
    assert "capture_place: ours 'near Avdiivka', Kyiv says 'near Pokrovsk'" in shown
    claims = {c["field"]: c for c in bishkek.show(ref)["partner_claims"]}
    assert claims["capture_place"]["theirs"] == "near Pokrovsk"
    assert claims["capture_place"]["partner"] == "Kyiv"
    assert "ours 'near Avdiivka', Kyiv says 'near Pokrovsk'" in " ".join(listed)
    bishkek.ok("claims", "accept", ids["status"])
    bishkek.ok("claims", "reject", ids["capture_place"])
    now = bishkek.show(ref)
    assert now["status"] == "released" and now["capture_place"] == "near Avdiivka"
    # Kyiv's own entry (its date, its source) is the history: no second one dated today
    # (finding 13), and nothing re-attributed to send back to Kyiv.
    released = [s for s in now["status_history"] if s["status"] == "released"]
    assert [(s["date"], s["source"]) for s in released] == [("2025-01", "Kyiv: exchange")]
    assert bishkek.ok("claims").strip() == "No open claims."
    assert bishkek.show(ref)["partner_claims"] == []
    assert "Partners' claims" not in bishkek.ok("show", ref)
    assert "no open claim" in bishkek.refused("claims", "accept", ids["status"])
    audit = bishkek.ok("audit", "--case", ref)
    assert "accept_claim" in audit and "reject_claim" in audit and "receive" in audit


def test_a_partners_changed_key_is_refused_until_compared_and_added(
        orgs, cli, sqlite_template, tmp_path):
    bishkek, kyiv = orgs
    # Kyiv loses its laptop and starts again with a new key pair.
    new_kyiv = _org(cli, sqlite_template, tmp_path / "Kyiv2", "Kyiv2")
    new_kyiv.ok("keys", "add", str(tmp_path / "Bishkek" / "public.asc"), "--name", "Bishkek")
    db = new_kyiv.db()
    ref = make_case(db)
    db.dispose()
    bundle = tmp_path / "new-key.pgp"
    new_kyiv.ok("send", ref, "--to", "Bishkek", "-o", str(bundle))
    line = bishkek.refused("receive", str(bundle))
    assert "not signed by a trusted partner's key" in line
    assert "already has the key" in bishkek.refused(
        "keys", "add", str(tmp_path / "Kyiv2" / "public.asc"), "--name", "Kyiv")
    bishkek.ok("keys", "remove", "Kyiv")
    added = bishkek.ok("keys", "add", str(tmp_path / "Kyiv2" / "public.asc"), "--name", "Kyiv")
    assert "Fingerprint:" in added
    assert "1 new case," in bishkek.ok("receive", str(bundle))
    assert "no partner named 'Nobody'" in bishkek.refused("keys", "remove", "Nobody")


def test_a_case_is_matched_by_the_partners_reference_and_remembers_it(orgs, tmp_path):
    """A case we hold from the partner's CSV list (their reference kept as a partners'
    reference) is found by that reference when their bundle comes, though the names
    would not match; the partner's reference then finds the case in search."""
    bishkek, kyiv = orgs
    db = bishkek.db()
    ref = make_case(db)
    db.dispose()
    # Kyiv already holds the man from Bishkek's list, under another spelling and
    # without a date of birth, with Bishkek's reference and an ICRC number.
    listed = tmp_path / "list.csv"
    listed.write_text("family_name,given_name,external_references\n"
                      f"Tursunof,Alisher,Bishkek: {ref}; ICRC: UZ-55501\n", encoding="utf-8")
    kyiv.ok("import", str(listed))
    (held,) = kyiv.references()

    bundle = tmp_path / "b.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(bundle))
    report = kyiv.ok("receive", str(bundle))
    assert f"{held} <- Bishkek {ref}" in report and "0 new cases," in report
    assert kyiv.references() == [held]  # matched by the reference, not duplicated

    # Kyiv sends back: Bishkek matches its own case and keeps Kyiv's number for it.
    back = tmp_path / "back.pgp"
    kyiv.ok("send", held, "--to", "Bishkek", "-o", str(back))
    report = bishkek.ok("receive", str(back))
    assert f"{ref} <- Kyiv {held}" in report
    got = bishkek.show(ref)
    assert f"Kyiv: {held}" in got["external_references"]
    assert "ICRC: UZ-55501" in got["external_references"]
    assert f"Bishkek: {ref}" not in got["external_references"]  # our own number
    found = json.loads(bishkek.ok("search", held, "--format", "json"))
    assert [c["reference"] for c in found] == [ref]


def test_a_third_organisations_reference_both_hold_matches(orgs, tmp_path):
    """Both organisations hold the ICRC's number for the man: that is enough to match."""
    bishkek, kyiv = orgs
    for org, name in ((bishkek, "Tursunov,Alisher"), (kyiv, "Турсунов,Алишер")):
        f = tmp_path / f"{org.name}.csv"
        f.write_text("family_name,given_name,external_references\n"
                     f"{name},ICRC: UZ-55501\n", encoding="utf-8")
        org.ok("import", str(f))
    (ref,) = bishkek.references()
    (held,) = kyiv.references()
    bundle = tmp_path / "b.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "-o", str(bundle))
    report = kyiv.ok("receive", str(bundle))
    assert f"{held} <- Bishkek {ref}" in report and "0 new cases," in report
    assert kyiv.references() == [held]


def test_an_embassy_bundle_does_not_carry_partners_references(orgs, tmp_path):
    bishkek, kyiv = orgs
    f = tmp_path / "l.csv"
    f.write_text("family_name,given_name,external_references\n"
                 "Tursunov,Alisher,Memorial: M-77\n", encoding="utf-8")
    bishkek.ok("import", str(f))
    (ref,) = bishkek.references()
    bundle = tmp_path / "b.pgp"
    bishkek.ok("send", ref, "--to", "Kyiv", "--profile", "embassy", "-o", str(bundle))
    kyiv.ok("receive", str(bundle))
    (held,) = kyiv.references()
    assert not any("Memorial" in x for x in kyiv.show(held)["external_references"])
