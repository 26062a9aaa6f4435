"""`keys` and `send` as a partner's script runs them, and the bundle opened with plain
`gpg` by a partner who has no Case Manager."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil

import pytest
from bundle_helpers import GpgPartner
from dossier_case import CONFIDENTIAL_EVENT, CONFIDENTIAL_NOTE, EMAIL, OPEN_EVENT, PHONE, make_case

from casemanager.reports.dossiers import list_disclosures
from casemanager.services import attachments
from casemanager.services.settings import set_setting

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="needs gpg")


def jpeg_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Maker"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 5.0, 0.0)}  # GPS position of where it was taken
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.fixture
def org(sqlite_db, sqlite_path, cli, tmp_path):
    """Our organisation with a key pair, one rich case, and the GnuPG-only partner."""
    ref = make_case(sqlite_db)
    attachments.add_attachment(sqlite_db, ref, filename="video-still.jpg", data=jpeg_with_gps())
    db = str(sqlite_path)
    result = cli("keys", "init", "--name", "Bishkek Family Group", db=db)
    assert result.returncode == 0, result.stderr
    partner = GpgPartner(tmp_path / "gnupg")
    added = cli("keys", "add", str(partner.export(tmp_path / "kyiv.asc")), "--name", "Kyiv",
                db=db)
    assert added.returncode == 0, added.stderr
    # The fingerprint to read out on the phone, in groups of four.
    fpr = partner.fingerprint.upper()
    assert " ".join(fpr[i:i + 4] for i in range(0, 40, 4)) in added.stdout
    ours = tmp_path / "ours.asc"
    assert cli("keys", "export", "-o", str(ours), db=db).returncode == 0
    assert partner.run("--import", str(ours)).returncode == 0
    return sqlite_db, db, ref, partner


def test_gpg_opens_a_sent_bundle_and_sees_our_signature(org, cli, tmp_path):
    db, path, ref, partner = org
    out = tmp_path / "to-kyiv.pgp"
    result = cli("send", ref, "--to", "Kyiv", "-o", str(out), db=path)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    for secret in ("Tursunov", "Турсунов", "Avdiivka", "FA1234567"):
        assert secret.encode() not in raw
    document, status = partner.decrypt(out)
    own = next(line for line in cli("keys", "list", db=path).stdout.splitlines()
               if line.startswith("(this organisation)"))
    own_fpr = "".join(own.split()[2:12])
    assert "VALIDSIG" in status and own_fpr in status.split("VALIDSIG", 1)[1].split("\n")[0]
    assert document["format"] == "casemanager-bundle" and document["version"] == 1
    assert document["recipient"]["fingerprint"] == partner.fingerprint.upper()
    (case,) = document["cases"]
    assert case["reference"] == ref
    assert case["fields"]["name_native"] == "Турсунов Алишер Бахтиёрович"
    assert [s["status"] for s in case["status_history"]] == ["reported"]
    assert OPEN_EVENT in [e["summary"] for e in case["events"]]
    assert [a["subject"] for a in case["appeals"]] == ["Request for consular access"]
    # The partner profile: nothing confidential, no family details without consent.
    text = out.read_bytes().decode("latin-1")  # (ciphertext: nothing readable at all)
    plain = str(document)
    assert CONFIDENTIAL_EVENT not in plain and CONFIDENTIAL_NOTE not in plain
    assert PHONE not in plain and EMAIL not in plain
    mother = next(c for c in case["contacts"] if c["relationship"] == "mother")
    assert mother["name"] == "Зарина Турсунова" and mother["channels"] == []
    assert "consul.uz@example.org" in plain  # an embassy's address is not private
    # Attachments: the manifest's hashes are those of the bytes inside.
    assert len(document["manifest"]) == len(case["attachments"]) == 2
    for att, entry in zip(case["attachments"], document["manifest"], strict=True):
        data = base64.b64decode(att["data"])
        assert hashlib.sha256(data).hexdigest() == att["sha256"] == entry["sha256"]
        assert data[:2] == b"\xff\xd8"  # images re-encoded as the dossier does
        assert b"SecretCam" not in data and b"Exif" not in data
    assert "Tursunov" not in text
    (entry,) = list_disclosures(db, ref)
    assert (entry.kind, entry.recipient, entry.profile) == ("bundle", "Kyiv", "partner")
    assert entry.sha256 == hashlib.sha256(raw).hexdigest()


def test_the_embassy_profile_lets_consented_family_details_through(
        sqlite_db, sqlite_path, cli, tmp_path):
    ref = make_case(sqlite_db, share_embassy=True)
    db = str(sqlite_path)
    no_name = cli("keys", "init", db=db)  # never "Case Manager" in a key
    assert no_name.returncode != 0 and "--name" in no_name.stderr
    set_setting(sqlite_db, "organisation_name", "Bishkek Family Group")
    assert cli("keys", "init", db=db).returncode == 0
    partner = GpgPartner(tmp_path / "gnupg", "Embassy <consul@example.org>")
    cli("keys", "add", str(partner.export(tmp_path / "e.asc")), "--name", "Embassy", db=db)
    cli("keys", "export", "-o", str(tmp_path / "ours.asc"), db=db)
    partner.run("--import", str(tmp_path / "ours.asc"))
    out = tmp_path / "e.pgp"
    result = cli("send", ref, "--to", "Embassy", "--profile", "embassy", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    document, _ = partner.decrypt(out)
    assert PHONE in str(document) and CONFIDENTIAL_EVENT not in str(document)
    # Without the family's consent to partners, the partner profile leaves it out.
    partner_out = tmp_path / "p.pgp"
    assert cli("send", ref, "--to", "Embassy", "-o", str(partner_out), db=db).returncode == 0
    assert PHONE not in str(partner.decrypt(partner_out)[0])


def test_key_and_send_mistakes_are_one_line(org, cli, tmp_path):
    db, path, ref, partner = org
    garbage = tmp_path / "garbage.asc"
    garbage.write_text("hello")
    secret = tmp_path / "secret.asc"
    secret.write_bytes(partner.run("--armor", "--export-secret-keys").stdout)
    kyiv_again = partner.export(tmp_path / "again.asc")
    cases = [
        (["keys", "init"], "already has a key pair"),
        (["keys", "add", str(garbage), "--name", "X"], "not an OpenPGP public key"),
        (["keys", "add", str(secret), "--name", "X"], "holds a secret key"),
        (["keys", "add", str(kyiv_again), "--name", "Other"], "already trusted as 'Kyiv'"),
        (["keys", "add", str(tmp_path / "none.asc"), "--name", "X"], "does not exist"),
        (["send", ref, "--to", "Nobody", "-o", str(tmp_path / "x.pgp")],
         "no partner named 'Nobody'"),
        (["send", "CM-9999", "--to", "Kyiv", "-o", str(tmp_path / "x.pgp")], "CM-9999"),
        (["send", ref, "--to", "Kyiv", "-o", str(tmp_path / "no" / "x.pgp")], "does not exist"),
    ]
    for args, message in cases:
        result = cli(*args, db=path)
        assert result.returncode == 1, (args, result.stdout)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, (
            args, result.stderr)
    assert not (tmp_path / "x.pgp").exists()
    assert list_disclosures(db, ref) == []


def test_send_needs_our_key_pair_first(sqlite_db, sqlite_path, cli, tmp_path):
    ref = make_case(sqlite_db)
    result = cli("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "x.pgp"),
                 db=str(sqlite_path))
    assert result.returncode == 1 and "keys init" in result.stderr


def test_the_familys_consent_to_partners_lets_their_details_reach_a_partner(
        sqlite_db, sqlite_path, cli, tmp_path):
    """`share_partner` is the partner profile's consent flag: ticked, the mother's phone
    goes to the partner; the embassy's consent alone does not let it (the other test)."""
    ref = make_case(sqlite_db, share_partner=True)
    db = str(sqlite_path)
    assert cli("keys", "init", "--name", "Bishkek Family Group", db=db).returncode == 0
    partner = GpgPartner(tmp_path / "gnupg")
    cli("keys", "add", str(partner.export(tmp_path / "k.asc")), "--name", "Kyiv", db=db)
    cli("keys", "export", "-o", str(tmp_path / "ours.asc"), db=db)
    partner.run("--import", str(tmp_path / "ours.asc"))
    out = tmp_path / "p.pgp"
    result = cli("send", ref, "--to", "Kyiv", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    document, _ = partner.decrypt(out)
    (mother,) = [c for c in document["cases"][0]["contacts"] if c["relationship"] == "mother"]
    assert mother["share_partner"] is True and PHONE in str(mother)
    # ...and not to an embassy, whose own consent flag is not ticked.
    embassy_out = tmp_path / "e.pgp"
    assert cli("send", ref, "--to", "Kyiv", "--profile", "embassy", "-o", str(embassy_out),
               db=db).returncode == 0
    assert PHONE not in str(partner.decrypt(embassy_out)[0])
    # The flag is shown and set like the others: `show` and `contact link … share_partner=`.
    shown = json.loads(cli("show", ref, "--format", "json", db=db).stdout)
    assert {c["name"]: c["share_partner"] for c in shown["contacts"]}["Зарина Турсунова"] == "yes"
