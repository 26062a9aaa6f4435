"""A bundle is exactly an OpenPGP message encrypted to our key holding a signed literal
(finding 5 of issue 20's tester: `gpg -z 0 --sign` alone was taken in, exit 0).
Messages made by plain `gpg` in a temporary GNUPGHOME, received by the command line."""

from __future__ import annotations

import json
import shutil

import pytest
from bundle_helpers import GpgPartner
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.bundles.pack import build_bundle
from casemanager.bundles.packets import PacketError, check_encrypted_message
from casemanager.bundles.send import seal
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="needs gpg")


@pytest.fixture
def odesa(sqlite_template, tmp_path):
    """Bishkek (a Case Manager database) and Odesa, a partner with only gpg, who trust
    each other; Odesa's bundle document (a case made in a scratch database)."""
    shutil.copy(sqlite_template, tmp_path / "bishkek.db")
    shutil.copy(sqlite_template, tmp_path / "scratch.db")
    bishkek = open_database(str(tmp_path / "bishkek.db"))
    scratch = open_database(str(tmp_path / "scratch.db"))
    keys.init_keys(bishkek, user_id="Bishkek")
    keys.init_keys(scratch, user_id="Scratch")
    gpg = GpgPartner(tmp_path / "gnupg", uid="Odesa <odesa@example.org>")
    keys.add_partner_key(bishkek, gpg.export(tmp_path / "odesa.asc").read_bytes(),
                         name="Odesa")
    (tmp_path / "bishkek.asc").write_text(keys.export_public_key(bishkek))
    assert gpg.run("--import", str(tmp_path / "bishkek.asc")).returncode == 0
    keys.add_partner_key(scratch, keys.export_public_key(bishkek).encode(), name="Bishkek")
    own = keys.own_fingerprint(bishkek)
    doc = build_bundle(scratch, [make_case(scratch)], profile="partner",
                       sender_name="Odesa", sender_fingerprint=gpg.fingerprint.upper(),
                       recipient_name="Bishkek", recipient_fingerprint=own)[0]
    doc["sender"] = {"organisation": "Odesa", "fingerprint": gpg.fingerprint}
    scratch.dispose()
    yield bishkek, gpg, own, json.dumps(doc).encode()
    gpg.stop_agent()
    bishkek.dispose()


def _receive(cli, db, path, data: bytes):
    path.write_bytes(data)
    return cli("receive", str(path), db=str(db.path))


def test_only_a_message_encrypted_to_us_with_a_signed_literal_is_taken_in(odesa, cli,
                                                                         tmp_path):
    bishkek, gpg, own, plain = odesa
    common = ("--trust-model", "always", "-z", "0")
    made = {
        "signed only": gpg.run(*common, "--sign", input=plain),
        "signed only, armored": gpg.run(*common, "--armor", "--sign", input=plain),
        "clear-signed": gpg.run("--clearsign", input=plain),
        "password": gpg.run(*common, "--passphrase", "pw", "--symmetric", input=plain),
        "encrypted, not signed": gpg.run(*common, "--encrypt", "-r", own, input=plain),
    }
    expected = {"signed only": "not encrypted", "signed only, armored": "not encrypted",
                "clear-signed": "not an OpenPGP message",
                "password": "password", "encrypted, not signed": "not signed"}
    for name, result in made.items():
        assert result.returncode == 0, (name, result.stderr)
        got = _receive(cli, bishkek, tmp_path / "in.pgp", result.stdout)
        assert got.returncode == 1, (name, got.stdout, got.stderr)
        lines = got.stderr.strip().splitlines()
        assert len(lines) == 1 and expected[name] in lines[0], (name, got.stderr)
        assert list_cases(bishkek) == [], name
    # Two messages one after the other: not one bundle.
    good = gpg.run(*common, "--sign", "--encrypt", "-r", own, input=plain).stdout
    got = _receive(cli, bishkek, tmp_path / "in.pgp", good + good)
    assert got.returncode == 1 and "not an OpenPGP message encrypted" in got.stderr, got.stderr
    assert list_cases(bishkek) == []
    # The real thing, binary and armored, is taken in.
    armored = gpg.run(*common, "--armor", "--sign", "--encrypt", "-r", own, input=plain)
    got = _receive(cli, bishkek, tmp_path / "in.asc", armored.stdout)
    assert got.returncode == 0, got.stderr
    assert len(list_cases(bishkek)) == 1


def test_the_packet_walk_reads_what_sequoia_writes_and_refuses_cut_messages(odesa):
    bishkek, _gpg, _own, plain = odesa
    sealed = seal(bishkek, plain, keys.partner(bishkek, "Odesa"))
    check_encrypted_message(sealed)  # ours: PKESK, SEIPD
    for cut in (sealed[:1], sealed[:20], sealed[:-1], b"\x00" + sealed, b""):
        with pytest.raises(PacketError):
            check_encrypted_message(cut)
