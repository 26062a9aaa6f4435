"""Two organisations for the bundle tests: Case Manager databases with real OpenPGP keys,
and a partner without Case Manager who has only GnuPG (a temporary GNUPGHOME)."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
from pathlib import Path

from casemanager.bundles import keys
from casemanager.bundles.pack import build_bundle

GPG = shutil.which("gpg") or "/usr/bin/gpg"


class GpgPartner:
    """A partner organisation with nothing but `gpg`: its own key ring in `home`."""

    def __init__(self, home: Path, uid: str = "Kyiv Lawyers <kyiv@example.org>") -> None:
        self.home = home
        home.mkdir(mode=0o700)
        # gpg starts an agent per key ring that outlives the test: stop it when we finish.
        atexit.register(self.stop_agent)
        self.run("--quick-gen-key", uid, "ed25519", "sign,cert", "never")
        self.fingerprint = self._fingerprint()
        self.run("--quick-add-key", self.fingerprint, "cv25519", "encr", "never")

    def run(self, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [GPG, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", *args],
            capture_output=True, input=input, env={**os.environ, "GNUPGHOME": str(self.home)},
            check=False, timeout=120)

    def stop_agent(self) -> None:
        gpgconf = shutil.which("gpgconf")
        if gpgconf and self.home.exists():
            subprocess.run([gpgconf, "--kill", "gpg-agent"], capture_output=True, check=False,
                           timeout=30, env={**os.environ, "GNUPGHOME": str(self.home)})

    def _fingerprint(self) -> str:
        out = self.run("--list-keys", "--with-colons").stdout.decode()
        return next(line.split(":")[9] for line in out.splitlines() if line.startswith("fpr"))

    def export(self, path: Path) -> Path:
        path.write_bytes(self.run("--armor", "--export", self.fingerprint).stdout)
        return path

    def decrypt(self, bundle: Path) -> tuple[dict, str]:
        """(the bundle's JSON, gpg's status lines); fails the test if gpg cannot."""
        result = self.run("--status-fd", "2", "--decrypt", str(bundle))
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        return json.loads(result.stdout.decode("utf-8")), result.stderr.decode(errors="replace")


# Kyiv's bundle for Bishkek built by hand (the two organisations: the `pair` fixture,
# tests/core/conftest.py).


def document(kyiv, refs: list[str]) -> dict:
    """Kyiv's bundle document for Bishkek, to edit before sealing."""
    return build_bundle(kyiv, refs, profile="partner", sender_name="Kyiv",
                        sender_fingerprint=keys.own_fingerprint(kyiv),
                        recipient_name="Bishkek",
                        recipient_fingerprint=keys.partner(kyiv, "Bishkek").fingerprint)[0]
