"""Keys (issue 20's tester, finding 19): `keys add` refuses a key nothing can be
encrypted to; `keys init --replace` makes a new key pair, keeps the old one retired
(bundles encrypted to it still open) and changes no record's id in bundles."""

from __future__ import annotations

import shutil

import pytest
from bundle_helpers import GpgPartner
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.bundles.receive import receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.services import cases
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="needs gpg")


def _one_line(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_key_that_cannot_encrypt_is_refused_at_keys_add(sqlite_db, sqlite_path, cli,
                                                          tmp_path):
    keys.init_keys(sqlite_db, user_id="Bishkek")
    gpg = GpgPartner(tmp_path / "gnupg", uid="Odesa <odesa@example.org>")
    signer = GpgPartner.__new__(GpgPartner)  # a second key ring: sign and certify only
    signer.home = tmp_path / "gnupg2"
    signer.home.mkdir(mode=0o700)
    made = signer.run("--quick-gen-key", "Sign Only <s@example.org>", "ed25519",
                      "sign,cert", "never")
    assert made.returncode == 0, made.stderr
    signer.fingerprint = signer._fingerprint()
    line = _one_line(cli("keys", "add", str(signer.export(tmp_path / "s.asc")),
                         "--name", "SignOnly", db=str(sqlite_path)))
    assert "no usable encryption subkey" in line and "SignOnly" not in line, line
    assert [k.name for k in keys.list_keys(sqlite_db)] == ["(this organisation)"]
    # A key with an encryption subkey is taken (gpg's own: ed25519 + cv25519).
    added = cli("keys", "add", str(gpg.export(tmp_path / "o.asc")), "--name", "Odesa",
                db=str(sqlite_path))
    assert added.returncode == 0, added.stderr
    signer.stop_agent()
    gpg.stop_agent()


def test_replacing_our_key_pair(sqlite_template, tmp_path, cli):
    dbs = []
    for name in ("bishkek", "kyiv"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.db")
        db = open_database(str(tmp_path / f"{name}.db"))
        keys.init_keys(db, user_id=name.title())
        dbs.append(db)
    bishkek, kyiv = dbs
    keys.add_partner_key(bishkek, keys.export_public_key(kyiv).encode(), name="Kyiv")
    keys.add_partner_key(kyiv, keys.export_public_key(bishkek).encode(), name="Bishkek")
    ref = make_case(bishkek)
    send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "1.pgp")
    receive_bundle(kyiv, (tmp_path / "1.pgp").read_bytes())
    (theirs,) = list_cases(kyiv)
    cases.update_case(kyiv, theirs.reference, fields={"unit": "the 5th brigade"})
    # Kyiv's answer, encrypted to our key before we replace it.
    send_bundle(kyiv, [theirs.reference], to="Bishkek", output=tmp_path / "2.pgp")
    old = keys.own_fingerprint(bishkek)

    path = str(bishkek.path)
    asked = cli("keys", "init", "--replace", db=path)  # not a terminal: says how
    assert "--yes" in _one_line(asked)
    assert keys.own_fingerprint(bishkek) == old
    done = cli("keys", "init", "--replace", "--yes", db=path)
    assert done.returncode == 0, done.stderr
    new = keys.own_fingerprint(bishkek)
    assert new != old and keys.spaced(new) in done.stdout
    assert keys.spaced(old) in done.stdout and "Partners must get the new public key" in \
        done.stdout
    listed = cli("keys", "list", db=path).stdout
    assert f"(this organisation)      {keys.spaced(new)}" in listed
    assert "(retired, ours)" in listed and keys.spaced(old) in listed

    # Kyiv's bundle to the old key opens; our case is recognised as ours.
    report = receive_bundle(bishkek, (tmp_path / "2.pgp").read_bytes())
    (change,) = report.cases
    assert not change.new and change.reference == ref
    assert [c.reference for c in list_cases(bishkek)] == [ref]
    assert cases.get_case(bishkek, ref).unit == "the 5th brigade"

    # Kyiv still trusts the old key: our new bundles are refused there until it takes
    # the new one; then the same records arrive under the same ids (nothing doubled).
    send_bundle(bishkek, [ref], to="Kyiv", output=tmp_path / "3.pgp")
    with pytest.raises(Exception, match="not signed by a trusted partner"):
        receive_bundle(kyiv, (tmp_path / "3.pgp").read_bytes())
    keys.remove_partner_key(kyiv, "Bishkek")
    keys.add_partner_key(kyiv, keys.export_public_key(bishkek).encode(), name="Bishkek")
    report = receive_bundle(kyiv, (tmp_path / "3.pgp").read_bytes())
    (change,) = report.cases
    assert not change.new and not change.added, change
    assert len(list_cases(kyiv)) == 1
    got = cases.get_case(kyiv, theirs.reference)
    sent = [e.summary for e in cases.get_case(bishkek, ref).events if not e.confidential]
    assert sorted(e.summary for e in got.events) == sorted(sent)
    for db in dbs:
        db.dispose()
