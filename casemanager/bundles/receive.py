"""Receiving: verify the partner's signature, decrypt, check the bundle, merge it.

The merge is one transaction (with an audit entry per case and one for the bundle): all
or nothing. A dry run does the same work and rolls it back, so its report is exactly
what a real run would do. Nothing of ours is overwritten: a partner's value for a field
we leave empty fills it; one that differs from ours is kept as the partner's claim
(`partner_claims`) for the caseworker to decide. Facts (status entries, events, custody,
appeals, contacts, documents, media, attachments) are added once, remembered by their
stable id (`bundle_records`), so a later bundle adds only what is new; one older than a
bundle already taken in from the partner about the same case (received late) only adds
facts and fills what we leave empty.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casemanager.bundles import keys
from casemanager.bundles.pack import FORMAT, LIST_FIELDS, NOT_SENT, VERSION, clean_image
from casemanager.bundles.packets import PacketError, check_encrypted_message
from casemanager.domain import vocab
from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.domain.fields import (
    CASE_FIELDS,
    FieldSpec,
    as_text,
    clean_text,
    convert_all,
    specs,
)
from casemanager.domain.messages import msg
from casemanager.domain.names import display_name_of, same_person_names
from casemanager.domain.plausibility import date_warnings
from casemanager.domain.transliteration import has_cyrillic, to_latin
from casemanager.services.access import require
from casemanager.services.attachments import MAX_ATTACHMENT
from casemanager.services.cases import _apply, _next_reference, touch_case
from casemanager.services.contacts import CONTACT_FIELDS, LINK_FIELDS
from casemanager.services.records import RECORD_KINDS, _validate
from casemanager.store.database import Database
from casemanager.store.models import (
    Attachment,
    BundleRecord,
    Case,
    CaseContact,
    Contact,
    ContactChannel,
    ExternalReference,
    PartnerClaim,
    ReceivedBundle,
    StatusChange,
    utcnow,
)
from casemanager.store.unit_of_work import UnitOfWork

# Attachments (50 MB each at most) travel as base64 inside the JSON: a bundle of a few
# cases with photos and scans stays far below this; anything larger is refused unread.
MAX_BUNDLE = 256 * 1024 * 1024
STATUS_FIELDS = specs(
    FieldSpec("status", "choice", choices=vocab.STATUSES, required=True),
    FieldSpec("date", "pdate"),
    FieldSpec("source", max_len=400),
    FieldSpec("confidence", "choice", choices=vocab.CONFIDENCE),
    FieldSpec("note", "longtext", max_len=20_000),
)
# Names (the person's three, then the two full forms): a spelling of ours in another
# script is added as an alias rather than kept as a claim.
NAME_FIELDS = ("family_name", "given_name", "patronymic", "name_native", "name_latin")
# Record kinds of the bundle, by list name: (kind in bundle_records, fields taken in).
RECORDS = {
    "documents": ("document", ("doc_type", "number", "issuing_country", "note")),
    "custody": ("custody", ("facility", "disclosed", "holding_party", "date_from", "date_to",
                            "note")),
    "media": ("media", ("date", "link", "platform", "coercion_note")),
    "events": ("event", ("date", "kind", "summary", "source", "confidence")),
    "appeals": ("appeal", ("channel", "subject", "reference_number", "sent_date",
                           "follow_up_date", "status", "response_date", "response_summary")),
}


class BundleError(CaseManagerError):
    """A bundle refused: unknown signer, not for us, damaged, replayed, malformed."""


@dataclass
class CaseChange:
    """What receiving did (or would do) to one case."""

    reference: str  # ours
    their_reference: str
    name: str
    new: bool
    filled: list[tuple[str, str]] = field(default_factory=list)  # (field, value)
    claims: list[tuple[str, str, str]] = field(default_factory=list)  # (field, ours, theirs)
    added: dict[str, int] = field(default_factory=dict)  # list name -> records added
    notes: list[str] = field(default_factory=list)  # what was left alone, and why
    # Older than a bundle already taken in from this partner about this case.
    stale: bool = False

    @property
    def changed(self) -> bool:
        return self.new or bool(self.filled or self.claims or self.added)


@dataclass
class ReceiveReport:
    """The whole receipt: from whom, which bundle, and each case's changes."""

    partner: str
    fingerprint: str
    bundle_id: str
    created_at: str
    dry_run: bool
    cases: list[CaseChange]

    @property
    def stale(self) -> bool:
        """Older, for some case, than a bundle already taken in from this partner."""
        return any(c.stale for c in self.cases)

    def lines(self) -> list[str]:
        """The report as text lines, field by field."""
        verb = "Would take in" if self.dry_run else "Took in"
        out = [f"{verb} bundle {self.bundle_id} from {self.partner} "
               f"(signed by {keys.spaced(self.fingerprint)}, made {self.created_at}): "
               f"{sum(c.new for c in self.cases)} new case(s), "
               f"{sum(c.changed and not c.new for c in self.cases)} updated, "
               f"{sum(not c.changed for c in self.cases)} unchanged"]
        if self.stale:
            out.append(f"This bundle is older than one already taken in from {self.partner} "
                       f"about {sum(c.stale for c in self.cases)} of its case(s): for those, "
                       "only facts we lacked were added and fields we left empty filled; "
                       "its other field values were not compared")
        for c in self.cases:
            state = "new case" if c.new else ("updated" if c.changed else "unchanged")
            out.append(f"{c.reference} <- {self.partner} {c.their_reference}: {c.name} "
                       f"({state})")
            for name, value in c.filled:
                out.append(f"  + {name}: {value}")
            for note in c.notes:
                out.append(f"  ~ {note}")
            for name, ours, theirs in c.claims:
                out.append(f"  ! {name}: ours '{ours}', {self.partner} says '{theirs}' "
                           "(kept as their claim; ours unchanged)")
            for what, count in c.added.items():
                out.append(f"  + {count} {what.replace('_', ' ')}")
        return out


# ---------------------------------------------------------------- opening


@dataclass(frozen=True)
class Opened:
    """A verified, decrypted bundle: its JSON document and who signed it."""

    document: dict[str, Any]
    partner: str
    fingerprint: str
    sha256: str


def open_bundle(db: Database, data: bytes) -> Opened:
    """Verify and decrypt `data`. Raises BundleError (one line) for a bundle that is not
    for us, signed by a key that is not a trusted partner's, damaged, or not a bundle."""
    if len(data) > MAX_BUNDLE:
        raise BundleError(msg("the bundle is {size} MB; at most {limit} MB",
                              size=len(data) // 1048576, limit=MAX_BUNDLE // 1048576))
    try:  # exactly: encrypted to public keys, holding a signed literal (packets.py)
        check_encrypted_message(data)
    except PacketError as exc:
        raise BundleError(exc.args[0]) from None
    pgp = keys._pgp()
    tsk = keys.own_secret_key(db)
    trusted = keys.partners(db)
    asked: list[str] = []

    def store(ids: list[str]) -> list[Any]:
        asked.extend(ids)
        return [p.cert for p in trusted]

    try:
        try:
            result = pgp.decrypt(bytes=data, decryptor=tsk.decryptor(), store=store)
        except Exception as exc:  # noqa: BLE001 - encrypted to a key we replaced?
            retired = keys.retired_secret_keys(db) if "No key to decrypt" in str(exc) else []
            for old in retired:
                try:
                    result = pgp.decrypt(bytes=data, decryptor=old.decryptor(), store=store)
                    tsk = old
                    break
                except Exception:  # noqa: BLE001, S112 - the next one, else the first reason
                    continue
            else:
                raise
    except Exception as exc:  # noqa: BLE001 - pysequoia raises RuntimeError for everything
        reason = keys._first_line(exc)
        if "No key to decrypt" in reason:
            raise BundleError(msg("this bundle is not encrypted to this organisation's key "
                                  "(it is for someone else)")) from None
        if "Signature verification failed" in reason or "No signature" in reason:
            raise BundleError(_unknown_signer(asked, _claimed_sender(pgp, data, tsk))
                              ) from None
        if "Unexpected message structure" in reason:
            # pysequoia (0.1.35) verifies signed-and-encrypted messages only without a
            # compression layer; `gpg --sign --encrypt` compresses by default.
            raise BundleError(msg(
                "the bundle is a compressed OpenPGP message, which Case Manager cannot "
                "verify yet; ask the sender to make it again without compression "
                "(gpg: `--compress-algo none`, or `-z 0`)")) from None
        raise BundleError(msg("the bundle is damaged or not a bundle: {reason}",
                              reason=reason)) from None
    fprs = {s.certificate.upper() for s in result.valid_sigs}
    signer = next((p for p in trusted if p.fingerprint in fprs), None)
    if signer is None or result.bytes is None:
        raise BundleError(msg("the bundle carries no valid signature of a trusted partner"))
    try:
        document = json.loads(result.bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError(msg("the bundle's content is not JSON")) from None
    except RecursionError:
        raise BundleError(msg("the bundle's content is nested too deeply to be a bundle")
                          ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleError(msg("the bundle's content is not a Case Manager bundle"))
    if document.get("version") != VERSION:
        raise BundleError(msg("the bundle's format version {found} is not one this Case "
                              "Manager reads ({version}); update Case Manager",
                              found=repr(document.get("version")), version=VERSION))
    sender = _dict(document, "sender", "the bundle")
    if str(sender.get("fingerprint", "")).upper() != signer.fingerprint:
        raise BundleError(msg("the bundle names another sender than the key that signed it"))
    recipient = _dict(document, "recipient", "the bundle")
    if str(recipient.get("fingerprint", "")).upper() not in keys.own_fingerprints(db):
        raise BundleError(msg("this bundle was addressed to another organisation ({key})",
                              key=str(recipient.get("fingerprint", "?"))))
    return Opened(document, signer.name, signer.fingerprint, hashlib.sha256(data).hexdigest())


def _claimed_sender(pgp: Any, data: bytes, tsk: Any) -> str:
    """The primary key fingerprint the (unverified) bundle names as its sender's, spaced,
    or "" when it names none: said beside the signing key, never trusted."""
    try:
        plain = pgp.decrypt(bytes=data, decryptor=tsk.decryptor()).bytes or b""
        sender = json.loads(plain.decode("utf-8")).get("sender", {})
        fpr = str(sender.get("fingerprint", "")).upper()
    except (Exception, RecursionError):  # noqa: BLE001 - only a hint in the message
        return ""
    return keys.spaced(fpr) if len(fpr) == 40 and all(
        c in "0123456789ABCDEF" for c in fpr) else ""


def _unknown_signer(asked: list[str], claimed: str) -> str:
    """Why a signature was not accepted, naming what `keys list` can be compared with."""
    ids = list(dict.fromkeys(i.upper() for i in asked))
    if not ids:
        return "the bundle is not signed: a bundle must be signed by a trusted partner's key"
    # The signature names the key that made it: often a signing subkey, not the primary
    # key that `keys export` / `keys list` show; the bundle itself names the primary one.
    primary = (f"primary key {claimed} (as the bundle says, unverified), " if claimed
               else "")
    return ("the bundle is not signed by a trusted partner's key (" + primary +
            f"signing subkey {', '.join(keys.spaced(i) for i in ids)}); compare the "
            "primary key's fingerprint with the sender and add their key with `keys add`")


# ---------------------------------------------------------------- checking


def _dict(obj: dict, key: str, where: str) -> dict:
    value = obj.get(key)
    if not isinstance(value, dict):
        raise BundleError(f"{where}: '{key}' is missing or not an object")
    return value


def _list(obj: dict, key: str, where: str) -> list[dict]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BundleError(f"{where}: '{key}' is not a list of objects")
    return value


def _uid(obj: dict, where: str) -> str:
    uid = obj.get("uid")
    if not isinstance(uid, str) or not uid or len(uid) > 200 or uid.startswith(SEEN):
        raise BundleError(f"{where}: a record without a valid 'uid'")
    return uid


def _values(table: dict[str, FieldSpec], raw: dict, names: Iterable[str], where: str
            ) -> dict[str, Any]:
    given = {n: raw[n] for n in names if n in raw and raw[n] not in ("", None)}
    try:
        return convert_all(table, given, what=where)
    except ValidationError as exc:
        raise BundleError(f"{where}: {exc}") from None


def _attachment(raw: dict, manifest: dict[str, str], where: str) -> dict[str, Any]:
    uid = _uid(raw, where)
    try:
        data = base64.b64decode(str(raw.get("data", "")), validate=True)
    except (binascii.Error, ValueError):
        raise BundleError(f"{where}: attachment {uid} is not valid base64") from None
    digest = hashlib.sha256(data).hexdigest()
    if manifest.get(uid) != digest or raw.get("sha256") != digest:
        raise BundleError(f"{where}: attachment {uid} does not match the manifest's SHA-256")
    if len(data) > MAX_ATTACHMENT:
        raise BundleError(f"{where}: attachment {uid} is larger than 50 MB")
    name = clean_text("filename", str(raw.get("filename", "")), 300).replace("/", "_")
    mime = str(raw.get("mime_type") or mimetypes.guess_type(name)[0] or "")[:100]
    return {"uid": uid, "data": data, "sha256": digest, "filename": name or "attachment",
            "mime_type": mime or "application/octet-stream",
            "description": clean_text("description", str(raw.get("description", "")), 2000,
                                      multiline=True),
            # Only an image can be the portrait (the dossier prints it as one).
            "is_portrait": raw.get("is_portrait") is True and mime.startswith("image/")
            and clean_image(data) is not None}


def check_case(raw: dict, manifest: dict[str, str], n: int) -> dict[str, Any]:
    """One case of the bundle, validated as our own forms validate input; BundleError
    naming the case and the field otherwise. Returns the values ready to write."""
    where = f"case {n}"
    uid = _uid(raw, where)
    fields_raw = _dict(raw, "fields", where)
    names = [k for k in fields_raw if k in CASE_FIELDS and k not in NOT_SENT]
    for k in names:  # our forms take text (lists for aliases and citizenships): no 12, null
        value = fields_raw[k]
        if not (isinstance(value, str) or (k in LIST_FIELDS and isinstance(value, list)
                                           and all(isinstance(v, str) for v in value))):
            raise BundleError(f"{where}: {k}: {json.dumps(value)[:40]} is not text")
    out: dict[str, Any] = {
        "uid": uid, "reference": clean_text("reference", str(raw.get("reference", "")), 20),
        "fields": _values(CASE_FIELDS, fields_raw, names, where)}
    out["status_history"] = [
        (_uid(s, where), _values(STATUS_FIELDS, s, STATUS_FIELDS, f"{where} status"))
        for s in _list(raw, "status_history", where)]
    for key, (kind, names_) in RECORDS.items():
        items = []
        for item in _list(raw, key, where):
            try:
                values = _validate(
                    kind, {k: item[k] for k in names_ if item.get(k) not in ("", None)},
                    new=True)
            except ValidationError as exc:
                raise BundleError(f"{where} {key}: {exc}") from None
            # An appeal names its recipient; it is linked to that contact if it came too.
            items.append((_uid(item, where), values, str(item.get("recipient") or "")))
        out[key] = items
    contacts = []
    for item in _list(raw, "contacts", where):
        values = _values(CONTACT_FIELDS, item, CONTACT_FIELDS, f"{where} contact")
        if not values.get("name"):
            raise BundleError(f"{where}: a contact without a name")
        link = _values(LINK_FIELDS, item, LINK_FIELDS, f"{where} contact")
        channels = []
        for ch in item.get("channels", []) if isinstance(item.get("channels"), list) else []:
            if isinstance(ch, dict) and ch.get("kind") in vocab.CHANNEL_KINDS and ch.get("value"):
                channels.append((ch["kind"], clean_text("channel", str(ch["value"]), 300),
                                 clean_text("label", str(ch.get("label", "")), 100)))
        contacts.append((_uid(item, where), values, link, channels))
    out["contacts"] = contacts
    out["attachments"] = [_attachment(a, manifest, where)
                          for a in _list(raw, "attachments", where)]
    out["external_references"] = [
        (clean_text("external_references", str(x.get("source", "")), 200),
         clean_text("external_references", str(x.get("reference", "")), 100))
        for x in _list(raw, "external_references", where)[:MAX_REFERENCES]
        if x.get("source") and x.get("reference")]
    return out


# A case carries a handful of partners' references; more is not a case but an attack.
MAX_REFERENCES = 50
# What one bundle may hold, checked before anything is converted or written (a real case
# file has tens of records, an organisation a few thousand cases): more is refused.
MAX_CASES = 5_000
MAX_RECORDS_PER_CASE = 2_000  # status entries, custody, events, appeals, … together
MAX_RECORDS = 50_000  # in the whole bundle
RECORD_LISTS = ("status_history", "contacts", "attachments", *RECORDS)


def _check_limits(raw_cases: list[dict]) -> None:
    """BundleError (one line) for a bundle above the documented limits."""
    if len(raw_cases) > MAX_CASES:
        raise BundleError(f"the bundle holds {len(raw_cases)} cases; at most {MAX_CASES}")
    total = 0
    for n, raw in enumerate(raw_cases, start=1):
        count = sum(len(v) for k in RECORD_LISTS if isinstance(v := raw.get(k), list))
        if count > MAX_RECORDS_PER_CASE:
            raise BundleError(f"case {n} ({str(raw.get('reference', ''))[:20]}) holds "
                              f"{count} records; at most {MAX_RECORDS_PER_CASE} per case")
        total += count
    if total > MAX_RECORDS:
        raise BundleError(f"the bundle holds {total} records; at most {MAX_RECORDS}")

# ---------------------------------------------------------------- merging


# Which bundle from a partner last spoke of a case: a `bundle_records` row of kind
# "bundle" (uid `~bundle/RECEIVED_ID/CASE_ID`, local_id: the received_bundles row), so
# "older" is decided per case (a partner's uids never start with "~").
SEEN = "~"


# A partner's open claim replaced by their newer value on the same field is closed with
# its bundle id marked so (closed, not decided: the same value may be claimed again).
SUPERSEDED = "superseded:"


def _script(text: str) -> str:
    """"cyrl", "latn" or "" (no letters): which script a name is written in."""
    if has_cyrillic(text):
        return "cyrl"
    return "latn" if any(c.isalpha() for c in text) else ""


def _same_name(ours: str, theirs: str) -> bool:
    """The same name in another script or spelling: by the name matcher, or spelled the
    same once both are in Latin letters (ICAO: Пётр is Petr)."""
    return same_person_names(ours, theirs) or (
        _script(ours) != _script(theirs)
        and to_latin(ours).casefold() == to_latin(theirs).casefold())


def _own_name(case: Case, spelling: str) -> bool:
    """`spelling` is the case's own name (as shown, or one of its name fields)."""
    text = spelling.strip().casefold()
    return text in {as_text(v).strip().casefold() for v in (
        display_name_of(_name_parts(case)), *_name_parts(case).values()) if as_text(v)}


def _name_parts(case: Case) -> dict[str, Any]:
    return {n: getattr(case, n) for n in ("family_name", "given_name", "patronymic",
                                           "name_native", "name_latin")}


def _dates_agree(a: str, b: str) -> bool:
    # Partial dates: 1994 and 1994-03-12 may be the same day.
    return a.startswith(b) or b.startswith(a)


def _other_person(case: Case, theirs: dict[str, Any]) -> bool:
    """Family name, given name and date of birth all given on both sides, and all differ
    (in any script or spelling): clearly not the same person."""
    for name in ("family_name", "given_name"):
        ours, other = as_text(getattr(case, name)), as_text(theirs.get(name))
        if not ours or not other or same_person_names(ours, other):
            return False
    ours, other = as_text(case.date_of_birth), as_text(theirs.get("date_of_birth"))
    return bool(ours and other) and not _dates_agree(ours, other)


class _Merge:
    def __init__(self, uow: UnitOfWork, partner: str, own_fpr: str, bundle_id: str, *,
                 fingerprint: str, received_id: int, created: dt.datetime | None,
                 own_names: Iterable[str] = ()) -> None:
        self.uow, self.s = uow, uow.session
        self.partner, self.own, self.bundle_id = partner, own_fpr, bundle_id
        self.fingerprint, self.received_id, self.created = fingerprint, received_id, created
        # Our own organisation's names: never kept as a partners' reference.
        self.own_names = {n.strip().lower() for n in own_names if n.strip()}

    def stale_for(self, case: Case) -> bool:
        """Whether a bundle from this partner made after this one already spoke of `case`
        (its field values are then out of date: they fill only what we leave empty)."""
        newest = self.s.scalar(
            select(func.max(ReceivedBundle.created_at))
            .join(BundleRecord, BundleRecord.local_id == ReceivedBundle.id)
            .where(BundleRecord.kind == "bundle", BundleRecord.case_id == case.id,
                   ReceivedBundle.fingerprint == self.fingerprint,
                   ReceivedBundle.id != self.received_id))
        return self.created is not None and newest is not None and self.created < newest

    def seen(self, case: Case) -> None:
        uid = f"{SEEN}bundle/{self.received_id}/{case.id}"
        if self.s.scalar(select(BundleRecord.id).where(BundleRecord.uid == uid)) is None:
            self.remember(uid, "bundle", self.received_id, case.id)

    # A record is known when we made it (our own id came back) or took it in before.
    def known(self, uid: str, kind: str) -> int | None:
        prefix = f"{self.own}/{kind}/"
        if uid.startswith(prefix) and uid[len(prefix):].isdigit():
            return int(uid[len(prefix):])
        return self.s.scalar(select(BundleRecord.local_id).where(
            BundleRecord.uid == uid, BundleRecord.kind == kind))

    def remember(self, uid: str, kind: str, local_id: int, case_id: int) -> None:
        self.s.add(BundleRecord(uid=uid, kind=kind, local_id=local_id, case_id=case_id))

    def find_case(self, c: dict[str, Any]) -> Case | None:
        """The case of ours the bundle's case is (see docs/bundle-format.md), or None.
        BundleError when its id or a reference names one of ours whose person is clearly
        someone else."""
        case = self._find_case(c)
        if case is not None and _other_person(case, c["fields"]):
            raise BundleError(
                f"the bundle's case {c['reference'] or c['uid']} names our {case.reference} "
                f"({display_name_of(_name_parts(case))}) by its id or reference, but its "
                "family name, given name and date of birth all differ; nothing was taken "
                "in (ask the sender which case it is)")
        return case

    def _find_case(self, c: dict[str, Any]) -> Case | None:
        local = self.known(c["uid"], "case")
        if local is not None:
            case = self.s.get(Case, local)
            # A case merged here since then: the facts go to the case it was merged into.
            while case is not None and case.merged_into_id is not None:
                case = self.s.get(Case, case.merged_into_id)
            if case is not None:
                return case
        # The partner's own reference, or one both of us hold (an ICRC number, another
        # partner's case number): a reference names one case, whatever the spelling.
        for source, reference in [(self.partner, c["reference"]), *c["external_references"]]:
            held = self.s.scalar(select(ExternalReference.case_id).where(
                func.lower(ExternalReference.source) == source.lower(),
                ExternalReference.reference == reference))
            case = self.s.get(Case, held) if held is not None else None
            while case is not None and case.merged_into_id is not None:
                case = self.s.get(Case, case.merged_into_id)
            if case is not None:
                if not c["uid"].startswith(f"{self.own}/"):
                    self.remember(c["uid"], "case", case.id, case.id)
                return case
        f = c["fields"]
        theirs = " ".join(f.get(n, "") for n in ("family_name", "given_name")).strip()
        dob = f.get("date_of_birth")
        if not theirs or dob is None:
            return None
        found = [case for case in self.s.scalars(select(Case).where(Case.date_of_birth == dob))
                 if case.merged_into_id is None and same_person_names(
                     f"{case.family_name} {case.given_name}", theirs)]
        if len(found) != 1:
            return None
        if not c["uid"].startswith(f"{self.own}/"):
            # Matched by the person: remember it, so the next bundle finds it by its id.
            self.remember(c["uid"], "case", found[0].id, found[0].id)
        return found[0]

    def source(self, text: str) -> str:
        return f"{self.partner}: {text}"[:400] if text else self.partner[:400]

    def merge(self, c: dict[str, Any]) -> CaseChange:
        case = self.find_case(c)
        f = c["fields"]
        name = display_name_of(f)
        if case is None:
            case = self.new_case(c)
            change = CaseChange(case.reference, c["reference"], name, True)
        else:
            change = CaseChange(case.reference, c["reference"], name, False,
                                stale=self.stale_for(case))
            self.fields(case, f, change)
        self.seen(case)
        # Possible but unlikely dates: kept and said, exactly as our own forms do.
        change.notes.extend(f"{w.line()} (kept, as our forms keep it)"
                            for w in date_warnings(f))
        for _uid, v, _r in c["custody"]:
            start, end = as_text(v.get("date_from")), as_text(v.get("date_to"))
            if start and end and end < start and not _dates_agree(start, end):
                change.notes.append(f"custody at {v.get('facility') or '?'}: date_to {end} "
                                    f"is before date_from {start} (kept, as our forms keep it)")
        self.facts(case, c, change)
        self.references(case, c, change)
        if change.changed:
            if not change.new:
                touch_case(self.s, case)
            self.uow.audit("receive", "case", entity_id=case.id, case=case, changes={
                "bundle": (None, self.bundle_id), "partner": (None, self.partner),
                "their_reference": (None, c["reference"]),
                **{k: (None, v) for k, v in change.filled},
                **{f"claim {k}": (o, t) for k, o, t in change.claims}})
        return change

    def references(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        """Keep the partner's reference for the case (and those it carries) as partners'
        references, so search and lists find it and the next bundle matches by it. One
        already naming another case of ours is left there, and said."""
        theirs = [(self.partner[:200], c["reference"])] if c["reference"] else []
        # The partner's note of our own number for this case comes back with it: skip.
        # Nor is our own organisation a partner: a reference under our name is ours.
        carried = [(s, r) for s, r in c["external_references"]
                   if r != case.reference and s.strip().lower() not in self.own_names]
        for source, reference in [*theirs, *carried]:
            owner = self.s.scalar(select(ExternalReference.case_id).where(
                func.lower(ExternalReference.source) == source.lower(),
                ExternalReference.reference == reference))
            if owner == case.id:
                continue
            if owner is not None:
                other = self.s.get(Case, owner)
                change.notes.append(f"{source}: {reference} already names "
                                    f"{other.reference if other else 'another case'}; kept there")
                continue
            self.s.add(ExternalReference(case=case, source=source, reference=reference))
            self.s.flush()
            change.filled.append(("external_references", f"{source}: {reference}"))

    def new_case(self, c: dict[str, Any]) -> Case:
        values = dict(c["fields"])
        if not any(values.get(n) for n in ("family_name", "given_name", "name_native")):
            raise BundleError(f"case {c['reference']}: no name")
        now = utcnow()
        case = Case(reference=_next_reference(self.s), created_at=now, updated_at=now,
                    status=values.pop("status", None) or "reported", priority="normal")
        self.s.add(case)
        _apply(case, values)
        self.s.flush()
        self.remember(c["uid"], "case", case.id, case.id)
        return case

    def fields(self, case: Case, values: dict[str, Any], change: CaseChange) -> None:
        fill: dict[str, Any] = {}
        spellings: list[str] = []
        ours_script = _script(" ".join(as_text(getattr(case, n)) for n in NAME_FIELDS[:3]))
        for name, theirs in values.items():
            ours = getattr(case, name) if name not in ("aliases", "citizenships") else None
            if name in ("aliases", "citizenships"):
                have = ([a.spelling for a in case.aliases] if name == "aliases"
                        else [x.country for x in case.citizenships])
                more = [v for v in theirs if v not in have
                        and (name != "aliases" or not _own_name(case, v))]
                if more and not change.stale:
                    fill[name] = have + more
                    change.filled.append((name, ";".join(more)))
                continue
            if as_text(ours) == as_text(theirs):
                continue
            mixed = (name in NAME_FIELDS[:3] and ours_script
                     and _script(as_text(theirs)) not in ("", ours_script))
            if not as_text(ours) and not mixed:
                fill[name] = theirs
                change.filled.append((name, as_text(theirs)))
                continue
            if change.stale:
                continue  # out of date: fills what we leave empty, disputes nothing
            if (as_text(ours) and name in NAME_FIELDS
                    and _same_name(as_text(ours), as_text(theirs))):
                # The same name in another script or spelling: one more alias, not a dispute.
                full = " ".join(str(values.get(n, "")) for n in NAME_FIELDS[:3]).strip()
                spellings.append(theirs if name in NAME_FIELDS[3:] else full)
                continue
            # Differs from ours; or (`mixed`) a name part in another script than ours,
            # which would read wrongly inside our name: the caseworker decides.
            self.claim(case, name, as_text(ours), as_text(theirs), change)
        have = fill.get("aliases") or [a.spelling for a in case.aliases]
        more = [x for x in dict.fromkeys(spellings)
                if x and x not in have and not _own_name(case, x)]
        if more:
            fill["aliases"] = [*have, *more]
            change.filled.append(("aliases", ";".join(more)))
        if fill:
            _apply(case, fill)
            case.updated_at = utcnow()

    def claim(self, case: Case, name: str, ours: str, theirs: str,
              change: CaseChange) -> None:
        """Keep the partner's value as their claim, unless the caseworker already decided
        on it (a claim resolved once is not raised again); only the newest open claim of
        a partner on a field stays open."""
        claims = list(self.s.scalars(select(PartnerClaim).where(
            PartnerClaim.case_id == case.id, PartnerClaim.partner == self.partner,
            PartnerClaim.field == name)))
        decided = [c for c in claims if c.resolved and c.value == theirs
                   and not c.bundle_id.startswith(SUPERSEDED)]
        if decided:
            change.notes.append(f"{name}: {self.partner} says '{theirs}' again; already "
                                "decided on, not raised again")
            return
        change.claims.append((name, ours, theirs))
        if any(not c.resolved and c.value == theirs for c in claims):
            return
        for older in claims:
            if not older.resolved:  # replaced by the newer value: closed, not rejected
                older.resolved = True
                older.bundle_id = (SUPERSEDED + older.bundle_id)[:64]
        self.s.add(PartnerClaim(case_id=case.id, partner=self.partner, field=name,
                                value=theirs, bundle_id=self.bundle_id, received_at=utcnow()))

    def facts(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        def added(what: str) -> None:
            change.added[what] = change.added.get(what, 0) + 1

        for uid, v in c["status_history"]:
            if self.known(uid, "status") is None:
                row = StatusChange(case_id=case.id, status=v["status"], date=v.get("date"),
                                   source=self.source(v.get("source", "")),
                                   confidence=v.get("confidence") or "unverified",
                                   note=v.get("note", ""), recorded_at=utcnow(),
                                   recorded_by=self.uow.actor)
                self.s.add(row)
                self.s.flush()
                self.remember(uid, "status", row.id, case.id)
                added("status_entries")
        contact_ids: dict[str, int] = {}
        for uid, values, link, channels in c["contacts"]:
            local = self.known(uid, "contact")
            contact = self.s.get(Contact, local) if local is not None else None
            if contact is None:
                contact = Contact(**values, channels=[ContactChannel(kind=k, value=val, label=lab)
                                                      for k, val, lab in channels])
                self.s.add(contact)
                self.s.flush()
                self.remember(uid, "contact", contact.id, case.id)
                added("contacts")
            contact_ids[contact.name] = contact.id
            linked = self.s.scalar(select(CaseContact.id).where(
                CaseContact.case_id == case.id, CaseContact.contact_id == contact.id))
            if linked is None:
                self.s.add(CaseContact(case_id=case.id, contact_id=contact.id,
                                       relationship_=link.get("relationship", ""),
                                       share_embassy=bool(link.get("share_embassy")),
                                       share_icrc=bool(link.get("share_icrc")),
                                       share_media=bool(link.get("share_media")),
                                       share_partner=bool(link.get("share_partner"))))
        for key, (kind, _names) in RECORDS.items():
            model = RECORD_KINDS[kind][0]
            for uid, values, recipient in c[key]:
                if self.known(uid, kind) is not None:
                    continue
                values = dict(values)
                if kind == "appeal":
                    values["recipient_id"] = contact_ids.get(recipient)
                if kind == "event":
                    values["source"] = self.source(values.get("source", ""))
                row = model(case_id=case.id, **values)
                self.s.add(row)
                self.s.flush()
                self.remember(uid, kind, row.id, case.id)
                added(key)
        held = set(self.s.scalars(select(Attachment.sha256).where(
            Attachment.case_id == case.id)))
        for a in c["attachments"]:
            if self.known(a["uid"], "attachment") is not None or a["sha256"] in held:
                continue
            att = Attachment(case_id=case.id, filename=a["filename"], mime_type=a["mime_type"],
                             size=len(a["data"]), sha256=a["sha256"], data=a["data"],
                             description=a["description"],
                             is_portrait=a["is_portrait"] and not any(
                                 x.is_portrait for x in case.attachments))
            self.s.add(att)
            self.s.flush()
            self.remember(a["uid"], "attachment", att.id, case.id)
            held.add(a["sha256"])
            added("attachments")


def read_bundle_file(path: str | Path) -> bytes:
    """A bundle file's bytes; BundleError for a missing, unreadable or oversized file
    (the size is checked before anything is read)."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BUNDLE:
            raise BundleError(msg("{file} is {size} MB; a bundle is at most {limit} MB",
                                  file=str(file), size=size // 1048576,
                                  limit=MAX_BUNDLE // 1048576))
        return file.read_bytes()
    except FileNotFoundError:
        raise BundleError(msg("{file} does not exist", file=str(file))) from None
    except IsADirectoryError:
        raise BundleError(msg("{file} is a folder", file=str(file))) from None
    except OSError as exc:
        raise BundleError(msg("cannot read {file}: {reason}", file=str(file),
                              reason=str(exc.strerror))) from None


# A partner's clock may be a few minutes ahead of ours.
CLOCK_SKEW = dt.timedelta(minutes=10)


def _created(document: dict) -> tuple[dt.datetime | None, bool]:
    """When the bundle was made, in UTC (naive, as stored), and whether it was clamped: a
    time given with an offset is converted to UTC; one in the future (beyond a few
    minutes' clock skew: a wrong clock) counts as made now, so it cannot make every later
    bundle from that partner look older. None for a missing or unreadable time."""
    text = str(document.get("created_at", ""))
    try:
        when = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None, False
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    now = utcnow()
    if when > now + CLOCK_SKEW:
        return now, True
    return when, False


def receive_bundle(db: Database, data: bytes, *, dry_run: bool = False,
                   actor: str | None = None) -> ReceiveReport:
    """Take in a partner's bundle (the file's bytes): verify, decrypt, check every case,
    then merge all in one transaction, or with `dry_run` report and write nothing.
    Raises BundleError (one line) for anything refused; nothing is written then."""
    require(db, "bundles")
    opened = open_bundle(db, data)
    doc = opened.document
    bundle_id = doc.get("bundle_id")
    if not isinstance(bundle_id, str) or not bundle_id or len(bundle_id) > 64:
        raise BundleError("the bundle has no valid id")
    manifest_raw = _list(doc, "manifest", "the bundle")
    manifest = {str(m.get("attachment")): str(m.get("sha256")) for m in manifest_raw}
    raw_cases = _list(doc, "cases", "the bundle")
    _check_limits(raw_cases)
    cases = [check_case(raw, manifest, n) for n, raw in enumerate(raw_cases, start=1)]
    seen: set[str] = set()
    for c in cases:
        if c["uid"] in seen:
            raise BundleError(f"the bundle holds the case {c['uid']} twice "
                              f"({c['reference'] or 'no reference'}); nothing was taken in")
        seen.add(c["uid"])
    if sum(len(c["attachments"]) for c in cases) != len(manifest_raw):
        raise BundleError("the manifest does not list exactly the bundle's attachments")
    own = keys.identity_fingerprint(db)  # our records' uids: the first key's
    own_names = keys.own_names(db)
    with UnitOfWork(db, actor) as uow:
        before = uow.session.scalars(select(ReceivedBundle).where(
            ReceivedBundle.bundle_id == bundle_id)).first()
        if before is not None:
            raise BundleError(msg("this bundle ({id}) was already received on {when} UTC; "
                                  "nothing changed", id=bundle_id,
                                  when=f"{before.received_at:%Y-%m-%d %H:%M}"))
        created, clamped = _created(doc)
        row = ReceivedBundle(bundle_id=bundle_id, partner=opened.partner,
                             fingerprint=opened.fingerprint, sha256=opened.sha256,
                             created_at=created, received_at=utcnow(),
                             received_by=uow.actor)
        uow.session.add(row)
        uow.session.flush()
        merge = _Merge(uow, opened.partner, own, bundle_id, fingerprint=opened.fingerprint,
                       received_id=row.id, created=created, own_names=own_names)
        changes = [merge.merge(c) for c in cases]
        uow.audit("receive_bundle", "bundle", entity_id=row.id, changes={
            "partner": (None, opened.partner), "bundle": (None, bundle_id),
            "sha256": (None, opened.sha256),
            "cases": (None, ";".join(c.reference for c in changes))})
        if not dry_run:
            uow.commit()
    made = str(doc.get("created_at", ""))[:40]
    if clamped:
        made += " (in the future: counted as made now; check the sender's clock)"
    return ReceiveReport(opened.partner, opened.fingerprint, bundle_id, made, dry_run,
                         changes)


def partner_claims(session: Session, case_id: int) -> list[PartnerClaim]:
    """A case's open partner claims (for the window's case view and `show`)."""
    return list(session.scalars(select(PartnerClaim).where(
        PartnerClaim.case_id == case_id, PartnerClaim.resolved.is_(False))))
