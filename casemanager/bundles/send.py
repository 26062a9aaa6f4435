"""Sending: sign the bundle with our key, encrypt it to the partner's, write the file
and record it in each case's disclosure ledger, all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casemanager.bundles import keys
from casemanager.bundles.pack import (
    Blobs,
    bundle_cases,
    bundle_document,
    payload,
    remember_sent,
)
from casemanager.bundles.receive import (
    MAX_BUNDLE,
    MAX_CASES,
    MAX_RECORDS,
    MAX_RECORDS_PER_CASE,
)
from casemanager.domain.dto import CaseDetail
from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg
from casemanager.reports.dossiers import organisation_name, record_disclosure
from casemanager.services.access import require
from casemanager.services.attachments import MAX_ATTACHMENT
from casemanager.store.database import Database
from casemanager.store.unit_of_work import UnitOfWork
from casemanager.system.safe_files import check_output, publish, stage


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


# A photo goes re-encoded at 600 px (pack.clean_image): far below this.
IMAGE_ESTIMATE = 1024 * 1024
# The JSON and OpenPGP around the attachments: generous for thousands of records.
RECORD_ESTIMATE = 2048
MB = 1024 * 1024


def _base64(size: int) -> int:
    return 4 * ((size + 2) // 3)


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= MB else f"{size / MB:.1f}"


def check_limits(details: Sequence[CaseDetail]) -> None:
    """CaseManagerError (one line) when the partner's Case Manager would refuse a bundle
    of `details` (the limits of bundles.receive: cases, records per case and in all,
    attachments, size), checked from what the database says, before anything is read,
    encrypted, written or recorded. Names the attachments that make it too big."""
    if len(details) > MAX_CASES:
        raise CaseManagerError(msg("{count} cases; a bundle holds at most {limit}: send "
                                   "them in several bundles", count=len(details),
                                   limit=MAX_CASES))
    total = 0
    for d in details:
        count = sum(len(x) for x in (d.status_history, d.custody, d.events, d.appeals,
                                     d.documents, d.media, d.contacts, d.attachments))
        if count > MAX_RECORDS_PER_CASE:
            raise CaseManagerError(msg(
                "{reference} has {count} records (status entries, custody, events, "
                "appeals, documents, media, contacts, attachments); a partner takes at "
                "most {limit} per case", reference=d.reference, count=count,
                limit=MAX_RECORDS_PER_CASE))
        total += count
    if total > MAX_RECORDS:
        raise CaseManagerError(msg("the cases have {count} records in all; a bundle holds "
                                   "at most {limit}: send them in several bundles",
                                   count=total, limit=MAX_RECORDS))
    for d in details:
        for att in d.attachments:
            if not att.is_image and att.size > MAX_ATTACHMENT:
                raise CaseManagerError(msg(
                    "{reference}'s attachment {file} is {size} MB; a partner takes "
                    "attachments of at most {limit} MB", reference=d.reference,
                    file=att.filename, size=_mb(att.size), limit=MAX_ATTACHMENT // MB))
    sizes = [(_base64(min(a.size, IMAGE_ESTIMATE) if a.is_image else a.size), d.reference,
              a.filename) for d in details for a in d.attachments]
    estimate = sum(s for s, _r, _f in sizes) + RECORD_ESTIMATE * (total + len(details))
    if estimate > MAX_BUNDLE:
        raise CaseManagerError(_too_big(estimate, sizes))


def _too_big(size: int, sizes: list[tuple[int, str, str]]) -> str:
    """Why a bundle of `size` bytes is refused, naming the largest attachments that,
    left out, bring it under the limit."""
    named, left = [], size
    for each, reference, filename in sorted(sizes, reverse=True):
        if left <= MAX_BUNDLE:
            break
        named.append(f"{reference} {filename} ({_mb(each * 3 // 4)} MB)")
        left -= each
    return msg("the bundle would be {size} MB; a partner takes at most {limit} MB. Too "
               "big because of: {files}. Send fewer cases at a time, or mark attachments "
               "confidential to leave them out", size=_mb(size), limit=MAX_BUNDLE // MB,
               files="; ".join(named) or "the cases' records")


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
    require(db, "bundles")
    target = check_output(output, what="bundle file")  # never the database itself
    own = keys.own_fingerprint(db)  # first: without a key pair, no partner helps
    partner = keys.partner(db, to)
    details = bundle_cases(db, references, profile=profile)
    check_limits(details)  # before anything is read, written or recorded
    blobs = Blobs()
    document = bundle_document(
        db, details, profile=profile, sender_name=sender_name(db),
        sender_fingerprint=own, recipient_name=partner.name,
        recipient_fingerprint=partner.fingerprint, blobs=blobs,
        uid_prefix=keys.identity_fingerprint(db))
    for c in document["cases"]:  # the partner refuses more (bundles.receive._withdrawn)
        if len(c.get("withdrawn", ())) > MAX_RECORDS_PER_CASE:
            raise CaseManagerError(msg(
                "{reference} lists {count} records withdrawn since they were sent to "
                "{partner}; a partner takes at most {limit} per case", reference=c["reference"],
                count=len(c["withdrawn"]), partner=partner.name, limit=MAX_RECORDS_PER_CASE))
    sizes = [(_base64(a["size"]), c["reference"], a["filename"])
             for c in document["cases"] for a in c["attachments"]]
    plain = payload(document, blobs)  # the attachments' bytes leave `blobs` as written
    del blobs  # the document keeps tokens, not bytes: what was sent is remembered below
    sealed = seal(db, plain, partner)
    del plain
    if len(sealed) > MAX_BUNDLE:  # the estimate was short: the partner would refuse it
        raise CaseManagerError(_too_big(len(sealed), sizes))
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
