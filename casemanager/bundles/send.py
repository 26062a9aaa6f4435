"""Sending: sign the bundle with our key, encrypt it to the partner's, write the file
and record it in each case's disclosure ledger, all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casemanager.bundles import keys
from casemanager.bundles.pack import build_bundle, remember_sent
from casemanager.domain.errors import CaseManagerError
from casemanager.reports.dossiers import organisation_name, record_disclosure
from casemanager.store.database import Database
from casemanager.store.unit_of_work import UnitOfWork
from casemanager.system.safe_files import publish, stage


@dataclass(frozen=True)
class SentBundle:
    """What `send_bundle` wrote: the file, its SHA-256 (hex), size in bytes, references."""

    path: Path
    sha256: str
    size: int
    references: tuple[str, ...]
    profile: str
    recipient: str


def seal(db: Database, payload: bytes, recipient: keys.Partner) -> bytes:
    """`payload` signed with our key and encrypted to `recipient` (a keys.Partner), as a
    binary OpenPGP message that `gpg --decrypt` opens."""
    pgp = keys._pgp()
    tsk = keys.own_secret_key(db)
    try:
        return pgp.encrypt(bytes=payload, recipients=[recipient.cert], signer=tsk.signer(),
                           armor=False)
    except Exception as exc:  # noqa: BLE001 - e.g. a partner key that cannot encrypt
        raise CaseManagerError(
            f"cannot encrypt to {recipient.name}'s key: {keys._first_line(exc)}") from None


def sender_name(db: Database) -> str:
    """Who we are in a bundle: the organisation's name, else the name in our key."""
    return organisation_name(db) or next(iter(keys.own_names(db)), "")


def send_bundle(db: Database, references: Sequence[str], *, to: str, output: str | Path,
                profile: str = "partner", actor: str | None = None) -> SentBundle:
    """Write the cases `references` as one signed, encrypted bundle for partner `to`.

    The file is written to a temporary name and renamed inside the transaction that adds
    a disclosure ledger entry (kind `bundle`, the partner's name, the profile, the file's
    SHA-256) and its audit entry to each case. Raises NotFoundError (unknown case or
    partner, no key pair yet), ValidationError (bad profile) or CaseManagerError."""
    target = Path(output)
    own = keys.own_fingerprint(db)  # first: without a key pair, no partner helps
    partner = keys.partner(db, to)
    document, details = build_bundle(
        db, references, profile=profile, sender_name=sender_name(db),
        sender_fingerprint=own, recipient_name=partner.name,
        recipient_fingerprint=partner.fingerprint)
    payload = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    sealed = seal(db, payload, partner)
    digest = hashlib.sha256(sealed).hexdigest()
    with UnitOfWork(db, actor) as uow:
        record_disclosure(uow, details, recipient=partner.name, profile=profile,
                          digest=digest, filename=target.name, kind="bundle")
        remember_sent(uow.session, document, details, partner.fingerprint)
        tmp: Path | None = stage(target, sealed)  # private (0600), beside the target
        try:
            uow.session.flush()
            publish(tmp, target)  # type: ignore[arg-type]
            tmp = None
            uow.commit()
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
    return SentBundle(target, digest, len(sealed), tuple(d.reference for d in details),
                      profile, partner.name)
