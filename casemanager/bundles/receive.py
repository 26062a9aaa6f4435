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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import String, delete, func, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from casemanager.bundles import keys
from casemanager.bundles.pack import (
    CONSENT_FIELDS,
    FORMAT,
    LIST_FIELDS,
    NOT_SENT,
    RETIRED,
    VERSION,
    clean_image,
    record_key,
    record_text,
    sent_uid,
)
from casemanager.bundles.packets import PacketError, check_encrypted_message
from casemanager.domain import vocab
from casemanager.domain.errors import CaseManagerError, ValidationError
from casemanager.domain.fields import (
    CASE_FIELDS,
    FieldSpec,
    as_text,
    clean_text,
    convert_all,
    normalise_reference,
    specs,
)
from casemanager.domain.messages import Field, Kind, Message, Word, msg
from casemanager.domain.names import display_name_of, same_person_names
from casemanager.domain.partialdate import PartialDate
from casemanager.domain.plausibility import date_warnings
from casemanager.domain.transliteration import has_cyrillic, to_latin
from casemanager.services.access import require
from casemanager.services.attachments import MAX_ATTACHMENT
from casemanager.services.cases import (
    LINKED_PARTNER_CASES,
    _apply,
    _next_reference,
    touch_case,
    with_reference,
)
from casemanager.services.contacts import CONTACT_FIELDS, LINK_FIELDS
from casemanager.services.duplicates import likely_duplicates_for
from casemanager.services.log_erasure import erase_contact_details
from casemanager.services.records import RECORD_KINDS, _validate
from casemanager.store.database import Database, fold_wal
from casemanager.store.models import (
    Attachment,
    AuditEntry,
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
    # (field, value): a field's name, or a Message naming a record's field or a contact
    # (the English text is the audit entry's key, as it always was)
    filled: list[tuple[str, str]] = field(default_factory=list)
    claims: list[tuple[str, str, str]] = field(default_factory=list)  # (field, ours, theirs)
    added: dict[str, int] = field(default_factory=dict)  # list name -> records added
    notes: list[str] = field(default_factory=list)  # what was left alone, and why (Messages)
    # Older than a bundle already taken in from this partner about this case.
    stale: bool = False
    refused: str = ""  # why the case was not taken in at all ("" when it was; a Message)
    removed: list[str] = field(default_factory=list)  # what was erased (Messages)
    # Records removed because the partner withdrew them: (audit key, what it was).
    withdrawn: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new or bool(self.filled or self.claims or self.added or self.removed)


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

    def lines(self) -> list[Message]:
        """The report as text lines, field by field: Messages (casemanager.domain.messages),
        so the command line prints them in English as it always has and the window in its
        own language (ui/labels.py `core_text`)."""
        refused = sum(bool(c.refused) for c in self.cases)
        new = sum(c.new for c in self.cases)
        said = {"id": self.bundle_id, "partner": self.partner,
                "fingerprint": keys.spaced(self.fingerprint), "made": self.created_at,
                "new": msg("1 new case") if new == 1 else msg("{count} new cases", count=new),
                "updated": sum(c.changed and not c.new for c in self.cases),
                "unchanged": sum(not c.changed and not c.refused for c in self.cases),
                "refused": msg(", {count} refused", count=refused) if refused else ""}
        out = [msg("Would take in bundle {id} from {partner} (signed by {fingerprint}, made "
                   "{made}): {new}, {updated} updated, {unchanged} unchanged{refused}", **said)
               if self.dry_run else
               msg("Took in bundle {id} from {partner} (signed by {fingerprint}, made "
                   "{made}): {new}, {updated} updated, {unchanged} unchanged{refused}", **said)]
        if self.stale:
            out.append(msg("This bundle is older than one already taken in from {partner} "
                           "about {count} of its cases: for those, only facts we lacked were "
                           "added and fields we left empty filled; its other field values "
                           "were not compared", partner=self.partner,
                           count=sum(c.stale for c in self.cases)))
        for c in self.cases:
            if c.refused:
                out.append(msg("{partner} {reference}: {name} (refused): {reason}",
                               partner=self.partner, reference=c.their_reference,
                               name=c.name, reason=c.refused))
                continue
            state = msg("new case") if c.new else (msg("updated") if c.changed
                                                   else msg("unchanged"))
            out.append(msg("{reference} <- {partner} {their}: {name} ({state})",
                           reference=c.reference, partner=self.partner,
                           their=c.their_reference, name=c.name, state=state))
            for name, value in c.filled:
                out.append(msg("  + {field}: {value}", field=_field(name),
                               value=_value(name, value)))
            for note in c.notes:
                out.append(msg("  ~ {note}", note=note))
            for name, ours, theirs in c.claims:
                out.append(msg("  ! {field}: ours '{ours}', {partner} says '{theirs}' (kept "
                               "as their claim; ours unchanged)", field=_field(name),
                               ours=_value(name, ours), partner=self.partner,
                               theirs=_value(name, theirs)))
            for what, count in c.added.items():
                out.append(msg("  + {count} {what}", count=count,
                               what=ADDED_WORDS.get(what, what.replace("_", " "))))
            for text in c.removed:
                out.append(msg("  - {text}", text=text))
        return out


# How the report names the records a case gained, by list (English as it always was).
ADDED_WORDS: dict[str, Message] = {
    "status_entries": msg("status entries"), "contacts": msg("contacts"),
    "documents": msg("documents"), "custody": msg("custody"), "media": msg("media"),
    "events": msg("events"), "appeals": msg("appeals"), "attachments": msg("attachments")}
# Fields whose values are vocabulary codes: the window shows their words.
_CODED = frozenset({"status", "priority", "sex", "recruitment", "medical_urgency"})


def _field(name: str) -> str:
    """A field as the report names it: a case's field by its name (the window shows the
    form's label); a record's field or a contact as the Message that names it."""
    return name if isinstance(name, Message) else Field(name)


def _value(name: str, value: str) -> str:
    """A value as the report shows it: a vocabulary code as a Word (the window's word)."""
    return Word(value) if not isinstance(name, Message) and name in _CODED and value \
        else value


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


def _safe_filename(name: str) -> str:
    """A file name that is only a name: no folder separators (`/`, `\\`), no control
    characters, not `.`/`..` nor hidden (leading dots): a file opened from the window is
    written under this name into a temporary folder."""
    name = "".join("_" if c in "/\\" or ord(c) < 32 or ord(c) == 127 else c for c in name)
    name = name.strip().lstrip(".").strip()
    return name or "attachment"


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
    name = _safe_filename(_str(raw, "filename", where, 300))
    mime = (_str(raw, "mime_type", where, 100) or mimetypes.guess_type(name)[0] or "")[:100]
    return {"uid": uid, "data": data, "sha256": digest, "filename": name or "attachment",
            "mime_type": mime or "application/octet-stream",
            "description": _str(raw, "description", where, 2000, multiline=True),
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
        "uid": uid, "reference": _str(raw, "reference", where, 20),
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
            items.append((_uid(item, where), values, _str(item, "recipient", where, 300)))
        out[key] = items
    contacts = []
    for item in _list(raw, "contacts", where):
        values = _values(CONTACT_FIELDS, item, CONTACT_FIELDS, f"{where} contact")
        if not values.get("name"):
            raise BundleError(f"{where}: a contact without a name")
        link = _values(LINK_FIELDS, item, LINK_FIELDS, f"{where} contact")
        channels = []
        for ch in _list(item, "channels", f"{where} contact"):
            value = _str(ch, "value", f"{where} contact channel", 300)
            if ch.get("kind") in vocab.CHANNEL_KINDS and value:
                channels.append((ch["kind"], value,
                                 _str(ch, "label", f"{where} contact channel", 100)))
        contacts.append((_uid(item, where), values, link, channels,
                         item.get("details_withheld") is True))
    out["contacts"] = contacts
    out["attachments"] = [_attachment(a, manifest, where)
                          for a in _list(raw, "attachments", where)]
    refs = []
    for x in _list(raw, "external_references", where)[:MAX_REFERENCES]:
        source = _str(x, "source", f"{where} external_references", 200)
        reference = _str(x, "reference", f"{where} external_references", 100)
        if source and reference:
            # `recipient`: the sender's note of our own reference for the case.
            refs.append((source, reference, x.get("recipient") is True))
    out["external_references"] = [(s, r) for s, r, ours in refs if not ours]
    out["withdrawn"] = _withdrawn(raw, where)
    withheld = raw.get("withheld_fields", [])
    if not isinstance(withheld, list) or not all(isinstance(n, str) for n in withheld):
        raise BundleError(f"{where}: 'withheld_fields' is not a list of field names")
    # (1.3) Only the fields consent may keep back: any other name is ignored.
    out["withheld_fields"] = [n for n in CONSENT_FIELDS if n in withheld]
    out["our_references"] = [r for _s, r, ours in refs if ours]
    return out


def _withdrawn(raw: dict, where: str) -> list[str]:
    """The case's `withdrawn` (1.2): uids of records the partner sent before and no longer
    sends, each once; BundleError for anything but a list of uids (at most
    MAX_RECORDS_PER_CASE)."""
    value = raw.get("withdrawn", [])
    if not isinstance(value, list) or not all(
            isinstance(u, str) and u and len(u) <= 200 and not u.startswith(SEEN)
            for u in value):
        raise BundleError(f"{where}: 'withdrawn' is not a list of record ids")
    if len(value) > MAX_RECORDS_PER_CASE:
        raise BundleError(f"{where}: 'withdrawn' holds {len(value)} ids; at most "
                          f"{MAX_RECORDS_PER_CASE}")
    return list(dict.fromkeys(value))


def _str(raw: dict, key: str, where: str, limit: int, *, multiline: bool = False) -> str:
    """`raw[key]` as cleaned text ("" when missing or null); BundleError for a value that
    is not text (a number, a list, an object: refused, never stored as its Python form)."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BundleError(f"{where}: {key}: {json.dumps(value)[:40]} is not text")
    try:
        return clean_text(key, value, limit, multiline=multiline)
    except ValidationError as exc:
        raise BundleError(f"{where}: {exc}") from None


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
        raise BundleError(msg("the bundle holds {count} cases; at most {limit}",
                              count=len(raw_cases), limit=MAX_CASES))
    total = 0
    for n, raw in enumerate(raw_cases, start=1):
        count = sum(len(v) for k in RECORD_LISTS if isinstance(v := raw.get(k), list))
        if count > MAX_RECORDS_PER_CASE:
            raise BundleError(msg("case {n} ({reference}) holds {count} records; at most "
                                  "{limit} per case", n=n,
                                  reference=str(raw.get("reference", ""))[:20], count=count,
                                  limit=MAX_RECORDS_PER_CASE))
        total += count
    if total > MAX_RECORDS:
        raise BundleError(msg("the bundle holds {count} records; at most {limit}",
                              count=total, limit=MAX_RECORDS))

# ---------------------------------------------------------------- merging


# Which bundle from a partner last spoke of a case: a `bundle_records` row of kind
# "bundle" (uid `~bundle/RECEIVED_ID/CASE_ID`, local_id: the received_bundles row), so
# "older" is decided per case (a partner's uids never start with "~").
SEEN = "~"


# Where every case starts: a partner still at it has no news against our status.
OPENING = vocab.STATUSES[0]


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


def _compatible(column: Any, date: PartialDate) -> Any:
    """SQL: the stored partial date may be `date` (1994-03 and 1994-03-12 may be the same
    day; 1994-03 and 1994-04 are not)."""
    prefixes = [PartialDate(date.year)]
    if date.month is not None:
        prefixes.append(PartialDate(date.year, date.month))
    if date.day is not None:
        prefixes.append(date)
    return or_(column.in_(prefixes), type_coerce(column, String).startswith(date.iso()))


class _Refused(Exception):
    """One case of the bundle is not taken in (said in the report; the rest is)."""


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
        self.erased = False  # a family's details erased (checkpointed after the commit)
        self.uow, self.s = uow, uow.session
        self.partner, self.own, self.bundle_id = partner, own_fpr, bundle_id
        self.fingerprint, self.received_id, self.created = fingerprint, received_id, created
        # Our own organisation's names: never kept as a partners' reference.
        self.own_names = {n.strip().lower() for n in own_names if n.strip()}
        # Our cases this partner already spoke of (under one of their ids, or ours): a
        # case of theirs with another id is another person, never matched to them.
        self.partner_cases: set[int] = set(self.s.scalars(
            select(BundleRecord.case_id)
            .join(ReceivedBundle, BundleRecord.local_id == ReceivedBundle.id)
            .where(BundleRecord.kind == "bundle",
                   ReceivedBundle.fingerprint == self.fingerprint)))
        # uid -> (kind, local id) of bundle_records rows read or written (None: none).
        self.ids: dict[str, tuple[str, int] | None] = {}
        # Cases the last case looked for may be (said beside a new case), and our own
        # reference it names that no case of ours holds (deleted, renumbered).
        self.possible: list[Case] = []
        self.missing = ""
        # Whether the last case found was reached through a merge made here.
        self.via_merge = False
        self._deleted_links: dict[str, str] | None = None

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
        self.partner_cases.add(case.id)
        uid = f"{SEEN}bundle/{self.received_id}/{case.id}"
        if not self.marked(uid):
            self.remember(uid, "bundle", self.received_id, case.id)

    # A record is known when we made it (our own id came back) or took it in before.
    def known(self, uid: str, kind: str) -> int | None:
        prefix = f"{self.own}/{kind}/"
        if uid.startswith(prefix) and uid[len(prefix):].isdigit():
            return int(uid[len(prefix):])
        if uid not in self.ids:
            self.prefetch([uid])
        held = self.ids.get(uid)
        return held[1] if held is not None and held[0] == kind else None

    def prefetch(self, uids: Iterable[str]) -> None:
        """Read which local rows these uids became, in a few queries (not one a record)."""
        want = [u for u in dict.fromkeys(uids) if u not in self.ids]
        for start in range(0, len(want), 500):
            chunk = want[start:start + 500]
            for uid, kind, local in self.s.execute(select(
                    BundleRecord.uid, BundleRecord.kind, BundleRecord.local_id).where(
                    BundleRecord.uid.in_(chunk))):
                self.ids[uid] = (kind, local)
            for uid in chunk:
                self.ids.setdefault(uid, None)

    def marked(self, uid: str) -> bool:
        """Whether a `~` row (sent, got, seen, held) exists: all of a case's are read once."""
        return uid in self.ids and self.ids[uid] is not None or (
            uid not in self.ids and self.s.scalar(
                select(BundleRecord.id).where(BundleRecord.uid == uid)) is not None)

    def deleted_case(self, case_id: int) -> str | None:
        """Our reference of a case deleted here (the log keeps it), or None if no case
        with this id was ever deleted."""
        found = self.s.execute(
            select(AuditEntry.case_reference).where(
                AuditEntry.action == "delete", AuditEntry.entity == "case",
                AuditEntry.case_id == case_id).limit(1)).first()
        return None if found is None else found[0]

    def deleted_links(self) -> dict[str, str]:
        """Partner case ids -> our reference, of the cases deleted here that were linked
        to them (cases.delete_case logs the links); read once per bundle."""
        if self._deleted_links is None:
            self._deleted_links = {}
            for reference, changes in self.s.execute(
                    select(AuditEntry.case_reference, AuditEntry.changes).where(
                        AuditEntry.action == "delete", AuditEntry.entity == "case")):
                linked = (changes or {}).get(LINKED_PARTNER_CASES) or [""]
                for uid in str(linked[0] or "").split():
                    self._deleted_links[uid] = reference
        return self._deleted_links

    def remember(self, uid: str, kind: str, local_id: int, case_id: int) -> None:
        self.s.add(BundleRecord(uid=uid, kind=kind, local_id=local_id, case_id=case_id))
        self.ids[uid] = (kind, local_id)

    def find_case(self, c: dict[str, Any]) -> Case | None:
        """The case of ours the bundle's case is (see docs/bundle-format.md), or None.
        BundleError when its id or a reference names one of ours whose person is clearly
        someone else."""
        self.via_merge = False
        case = self._find_case(c)
        # A case merged into another here: the kept case holds the other person's name
        # (as an alias), not compared (the facts go to the kept case, as the docs say).
        if case is not None and not self.via_merge and _other_person(case, c["fields"]):
            raise BundleError(msg(
                "the bundle's case {theirs} names our {reference} ({name}) by its id or "
                "reference, but its family name, given name and date of birth all differ; "
                "nothing was taken in (ask the sender which case it is)",
                theirs=c["reference"] or c["uid"], reference=case.reference,
                name=display_name_of(_name_parts(case))))
        return case

    def _find_case(self, c: dict[str, Any]) -> Case | None:
        self.possible = []
        self.missing = ""
        local = self.known(c["uid"], "case")
        if local is not None:
            case = self.s.get(Case, local)
            # A case merged here since then: the facts go to the case it was merged into.
            case = self._kept(case)
            if case is not None:
                return case
            if c["uid"].startswith(f"{self.own}/"):
                deleted = self.deleted_case(local)
                if deleted is None:
                    raise _Refused(msg("it names a case of ours ({uid}) that this database "
                                       "never held; not taken in (was the bundle made for "
                                       "another organisation's key?)", uid=c["uid"]))
                # Our own case, deleted here since we sent it: not made again silently.
                raise _Refused(msg("it is our case {reference}, deleted here since we sent "
                                   "it; not taken in (create it again by hand if it was "
                                   "deleted by mistake)",
                                   reference=deleted or self.our_reference(c) or c["uid"]))
        else:
            # Their case, once linked to one of ours that was deleted here since: the
            # deletion unlinked it, but making it again would undo it without a word.
            gone = self.deleted_links().get(c["uid"])
            if gone is not None:
                raise _Refused(msg("it was linked to our case {reference}, deleted here "
                                   "since; not taken in (create it again by hand if it was "
                                   "deleted by mistake)", reference=gone))
        # Our own reference for the case, as the partner noted it (a case they hold
        # both from us and under their own id).
        ours = self.our_reference(c)
        if ours:
            case = self.s.scalar(with_reference(select(Case), ours))
            case = self._kept(case)
            if case is not None and case.id not in self.partner_cases:
                return self._linked(c, case)
            if case is None:
                self.missing = ours
        # The partner's own reference, or one both of us hold (an ICRC number, another
        # partner's case number): a reference names one case, whatever the spelling.
        # Never a case this partner already spoke of under another id: two of their
        # cases are two people.
        for source, reference in [(self.partner, c["reference"]), *c["external_references"]]:
            held = self.s.scalar(select(ExternalReference.case_id).where(
                func.lower(ExternalReference.source) == source.lower(),
                ExternalReference.reference == reference))
            case = self.s.get(Case, held) if held is not None else None
            case = self._kept(case)
            if case is not None:
                if case.id in self.partner_cases:
                    self.possible.append(case)
                    continue
                return self._linked(c, case)
        f = c["fields"]
        theirs = " ".join(as_text(f.get(n)) for n in ("family_name", "given_name")).strip()
        dob = f.get("date_of_birth")
        if not theirs:
            return None
        if dob is None:
            # No date to tell namesakes apart: a new case, said to be a likely duplicate.
            self.possible.extend(self._likely(f))
            return None
        found = []
        for case_id, family, given in self.s.execute(
                select(Case.id, Case.family_name, Case.given_name).where(
                    Case.merged_into_id.is_(None), _compatible(Case.date_of_birth, dob))):
            if case_id in self.partner_cases:
                # Already this partner's other case: a namesake, not the same person
                # (a few are named in the report; comparing a thousand namesakes' names
                # would only make it longer).
                if len(self.possible) < 6 and same_person_names(f"{family} {given}", theirs):
                    self.possible.append(self.s.get(Case, case_id))  # type: ignore[arg-type]
                continue
            if same_person_names(f"{family} {given}", theirs):
                found.append(self.s.get(Case, case_id))
        if len(found) != 1:
            self.possible.extend(found)  # type: ignore[arg-type]
            if not found:
                # Ours with the same name but no date of birth to compare: not the same
                # person for sure, but said beside the new case.
                self.possible.extend(
                    case for case in self.s.scalars(select(Case).where(
                        Case.merged_into_id.is_(None), Case.date_of_birth.is_(None),
                        Case.family_name != "").limit(10_000))
                    if len(self.possible) < 6
                    and same_person_names(f"{case.family_name} {case.given_name}", theirs))
            return None
        return self._linked(c, found[0])  # type: ignore[arg-type]

    def _kept(self, case: Case | None) -> Case | None:
        """The case `case` was merged into here (following merges), or `case` itself."""
        while case is not None and case.merged_into_id is not None:
            self.via_merge = True
            case = self.s.get(Case, case.merged_into_id)
        return case

    def _linked(self, c: dict[str, Any], case: Case) -> Case:
        if not c["uid"].startswith(f"{self.own}/"):
            # Matched otherwise than by its id: remember it, so the next bundle finds it.
            self.remember(c["uid"], "case", case.id, case.id)
        return case

    def _likely(self, fields: dict[str, Any]) -> list[Case]:
        """Cases the duplicate finder's name matcher takes for the same person (none of
        them matched for sure): said beside a new case."""
        found = likely_duplicates_for(self.s, fields, limit=3)
        return [c for m in found if (c := self.s.get(Case, m.case_id)) is not None]

    def our_reference(self, c: dict[str, Any]) -> str:
        """Our own reference for the case as the partner noted it (a reference they
        carry under our name), or ""."""
        if c["our_references"]:
            found = str(c["our_references"][0])
        else:
            found = next((r for s, r in c["external_references"]
                          if s.strip().lower() in self.own_names), "")
        try:  # as they typed it (CM-141): our case CM-0141
            return normalise_reference(found) if found else ""
        except ValidationError:
            return found

    def source(self, text: str) -> str:
        return f"{self.partner}: {text}"[:400] if text else self.partner[:400]

    def merge(self, c: dict[str, Any]) -> CaseChange:
        f = c["fields"]
        name = display_name_of(f)
        # Every uid of the case read at once (not a query a record).
        self.prefetch([c["uid"]] + [u for u, _v in c["status_history"]]
                      + [x[0] for x in c["contacts"]] + [a["uid"] for a in c["attachments"]]
                      + [x[0] for key in RECORDS for x in c[key]])
        try:
            case = self.find_case(c)
        except _Refused as exc:
            return CaseChange("-", c["reference"], name, False, refused=exc.args[0])
        if case is not None:
            # And the case's `~` rows (what we sent, what we got, which bundles spoke).
            for uid, kind, local in self.s.execute(select(
                    BundleRecord.uid, BundleRecord.kind, BundleRecord.local_id).where(
                    BundleRecord.case_id == case.id, BundleRecord.uid.startswith(SEEN))):
                self.ids[uid] = (kind, local)
        if case is None:
            case = self.new_case(c)
            change = CaseChange(case.reference, c["reference"], name, True)
            if self.missing:
                change.notes.append(msg(
                    "{partner} notes it as our case {reference}, which does not exist here "
                    "(deleted?): taken in as a new case; delete it if it was deleted on "
                    "purpose", partner=self.partner, reference=self.missing))
            possible = list(dict.fromkeys(
                x.reference for x in self.possible if x.id != case.id))
            if possible:
                more = msg(" and more") if len(possible) > 5 else ""
                change.notes.append(msg("possible duplicate of {cases}{more}: the same name, "
                                        "but not surely the same person (compare them; "
                                        "`duplicates` and `merge`)",
                                        cases=", ".join(possible[:5]), more=more))
        else:
            change = CaseChange(case.reference, c["reference"], name, False,
                                stale=self.stale_for(case))
            self.fields(case, f, change, c["status_history"])
        self.seen(case)
        # Possible but unlikely dates: kept and said, exactly as our own forms do.
        change.notes.extend(msg("{field} {reason} (kept, as our forms keep it)",
                                field=Field(w.field), reason=w.reason)
                            for w in date_warnings(f))
        for _uid, v, _r in c["custody"]:
            start, end = as_text(v.get("date_from")), as_text(v.get("date_to"))
            if start and end and end < start and not _dates_agree(start, end):
                change.notes.append(msg("custody at {facility}: date_to {end} is before "
                                        "date_from {start} (kept, as our forms keep it)",
                                        facility=v.get("facility") or "?", end=end,
                                        start=start))
        self.returned(c, change)
        self.facts(case, c, change)
        self.withdraw(case, c, change)
        self.withheld_fields(case, c, change)
        self.references(case, c, change)
        if change.changed:
            if not change.new:
                touch_case(self.s, case)
            self.uow.audit("receive", "case", entity_id=case.id, case=case, changes={
                "bundle": (None, self.bundle_id), "partner": (None, self.partner),
                "their_reference": (None, c["reference"]),
                **{k: (None, v) for k, v in change.filled},
                **{k: (v, None) for k, v in change.withdrawn},
                **{f"claim {k}": (o, t) for k, o, t in change.claims}})
        return change

    def references(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        """Keep the partner's reference for the case (and those it carries) as partners'
        references, so search and lists find it and the next bundle matches by it. One
        already naming another case of ours is left there, and said."""
        theirs = [(self.partner[:200], c["reference"])] if c["reference"] else []
        # The partner's note of our own number for this case (marked `recipient`) was
        # set apart when read; nor is our own organisation a partner: a reference under
        # our name is ours. Which is ours is told by its source, never by its number
        # (another partner's reference may equal the number the case has here).
        carried = [(s, r) for s, r in c["external_references"]
                   if s.strip().lower() not in self.own_names]
        for source, reference in [*theirs, *carried]:
            owner = self.s.scalar(select(ExternalReference.case_id).where(
                func.lower(ExternalReference.source) == source.lower(),
                ExternalReference.reference == reference))
            if owner == case.id:
                continue
            if owner is not None:
                other = self.s.get(Case, owner)
                change.notes.append(msg("{source}: {reference} already names {other}; kept "
                                        "there", source=source, reference=reference,
                                        other=other.reference if other else msg("another case")))
                continue
            self.s.add(ExternalReference(case=case, source=source, reference=reference))
            self.s.flush()
            change.filled.append(("external_references", f"{source}: {reference}"))

    def new_case(self, c: dict[str, Any]) -> Case:
        values = dict(c["fields"])
        if not any(values.get(n) for n in ("family_name", "given_name", "name_native")):
            raise BundleError(msg("case {reference}: no name", reference=c["reference"]))
        now = utcnow()
        case = Case(reference=_next_reference(self.s), created_at=now, updated_at=now,
                    status=values.pop("status", None) or "reported", priority="normal")
        self.s.add(case)
        _apply(case, values)
        self.s.flush()
        self.remember(c["uid"], "case", case.id, case.id)
        for name in CONSENT_FIELDS:
            if as_text(values.get(name)):
                self.took_field(case, name, as_text(values[name]))
        return case

    def took_field(self, case: Case, name: str, value: str) -> None:
        """Remember that the case's `name` holds `value` as this partner gave it (a
        digest, not the text), so their later withholding of it erases only theirs."""
        mark = sent_uid(self.fingerprint, case.id, name, value, prefix=GOT)
        if not self.marked(mark):
            self.remember(mark, "got", case.id, case.id)

    def withheld_fields(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        """Fields the partner no longer sends because the family did not consent to
        share them with partners (1.3 `withheld_fields`): the value we took in from them
        is erased (an absent field alone never erases anything); a value of our own is
        kept and said; their claims on the field (which hold the text) are deleted."""
        for name in c["withheld_fields"]:
            claims = list(self.s.scalars(select(PartnerClaim).where(
                PartnerClaim.case_id == case.id, PartnerClaim.partner == self.partner,
                PartnerClaim.field == name)))
            for claim in claims:
                self.s.delete(claim)
            if any(not claim.resolved for claim in claims):
                change.removed.append(msg(
                    "{field}: {partner}'s claim withdrawn (the family's consent to share "
                    "it with partners is not given)", field=Field(name), partner=self.partner))
            ours = as_text(getattr(case, name))
            if not ours:
                continue
            if self.marked(sent_uid(self.fingerprint, case.id, name, ours, prefix=GOT)):
                setattr(case, name, "")
                case.updated_at = utcnow()
                change.removed.append(msg(
                    "{field}: the family's consent to share it with partners is not given "
                    "(or was withdrawn); the value {partner} gave was erased here",
                    field=Field(name), partner=self.partner))
            else:
                change.notes.append(msg(
                    "{field}: {partner} no longer sends it (the family's consent to share "
                    "it with partners is not given); ours kept, it did not come from them",
                    field=Field(name), partner=self.partner))

    def echoed(self, case: Case, name: str, value: str) -> bool:
        """Whether we sent this partner `value` for this case's field before (a value of
        ours coming back unchanged, not their claim)."""
        return self.marked(sent_uid(self.fingerprint, case.id, name, value))

    def status_newer(self, case: Case, status: str, history: list[tuple[str, dict]]) -> bool:
        """Whether the partner's status is dated later than ours: only then is it a claim
        (an older entry, e.g. their opening "reported", is history, not a dispute).
        "reported", where every case starts, is never newer than another status, and
        another status always newer than our "reported" (its date is when we opened the
        case, not news of the person). Without dates on either side, it is a claim."""
        if status == OPENING:
            return False
        if case.status == OPENING:
            return True
        theirs = [v["date"] for _u, v in history if v["status"] == status and v.get("date")]
        ours = [x.date for x in case.status_history if x.status == case.status and x.date]
        if not theirs:
            return not ours
        if not ours:
            return True
        return max(theirs)._key() > max(ours)._key()

    def close_met(self, case: Case, name: str, value: str) -> None:
        """Our value is now the partner's: their open claim on it is met, closed."""
        for claim in self.s.scalars(select(PartnerClaim).where(
                PartnerClaim.case_id == case.id, PartnerClaim.partner == self.partner,
                PartnerClaim.field == name, PartnerClaim.resolved.is_(False))):
            if claim.value == value:
                claim.resolved = True

    def fields(self, case: Case, values: dict[str, Any], change: CaseChange,
               history: list[tuple[str, dict]]) -> None:
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
                self.close_met(case, name, as_text(ours))
                continue
            if self.echoed(case, name, as_text(theirs)):
                # Ours, sent to them before and changed here since: never rolled back.
                change.notes.append(msg("{field}: {partner}'s '{theirs}' is the value we "
                                        "sent them before; ours '{ours}' kept, no claim",
                                        field=Field(name), partner=self.partner,
                                        theirs=_value(name, as_text(theirs)),
                                        ours=_value(name, as_text(ours))))
                continue
            if (isinstance(theirs, PartialDate) and isinstance(ours, PartialDate)
                    and ours.iso().startswith(theirs.iso())):
                continue  # the same date, less precise (2003 for 2003-09-14): no dispute
            mixed = (name in NAME_FIELDS[:3] and ours_script
                     and _script(as_text(theirs)) not in ("", ours_script))
            if not as_text(ours) and not mixed:
                fill[name] = theirs
                change.filled.append((name, as_text(theirs)))
                if name in CONSENT_FIELDS:
                    self.took_field(case, name, as_text(theirs))
                continue
            if change.stale:
                continue  # out of date: fills what we leave empty, disputes nothing
            if (as_text(ours) and name in NAME_FIELDS
                    and _same_name(as_text(ours), as_text(theirs))):
                # The same name in another script or spelling: one more alias, not a dispute.
                full = " ".join(str(values.get(n, "")) for n in NAME_FIELDS[:3]).strip()
                spellings.append(theirs if name in NAME_FIELDS[3:] else full)
                continue
            if name == "status" and not self.status_newer(case, as_text(theirs), history):
                change.notes.append(msg("status: {partner}'s '{theirs}' is not dated later "
                                        "than ours '{ours}'; no claim", partner=self.partner,
                                        theirs=Word(as_text(theirs)), ours=Word(as_text(ours))))
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
              change: CaseChange, *, label: Message | None = None) -> None:
        """Keep the partner's value as their claim, unless the caseworker already decided
        on it (a claim resolved once is not raised again); only the newest open claim of
        a partner on a field stays open."""
        claims = list(self.s.scalars(select(PartnerClaim).where(
            PartnerClaim.case_id == case.id, PartnerClaim.partner == self.partner,
            PartnerClaim.field == name)))
        decided = [c for c in claims if c.resolved and c.value == theirs
                   and not c.bundle_id.startswith(SUPERSEDED)]
        if decided:
            change.notes.append(msg("{field}: {partner} says '{theirs}' again; already "
                                    "decided on, not raised again",
                                    field=label or Field(name), partner=self.partner,
                                    theirs=_value(label or name, theirs)))
            return
        if any(not c.resolved and c.value == theirs for c in claims):
            # Open already with this very value: one quiet line, not a new claim again.
            change.notes.append(msg("{field}: {partner} says '{theirs}' again; their claim "
                                    "is still open (`claims`)", field=label or Field(name),
                                    partner=self.partner, theirs=_value(label or name, theirs)))
            return
        change.claims.append((label or name, ours, theirs))
        for older in claims:
            if not older.resolved:  # replaced by the newer value: closed, not rejected
                older.resolved = True
                older.bundle_id = (SUPERSEDED + older.bundle_id)[:64]
        self.s.add(PartnerClaim(case_id=case.id, partner=self.partner, field=name,
                                value=theirs, bundle_id=self.bundle_id, received_at=utcnow()))

    def facts(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        def added(what: str) -> None:
            change.added[what] = change.added.get(what, 0) + 1

        made: list[tuple[str, str, Any, str]] = []  # (uid, kind, row, what): one flush
        for uid, v in c["status_history"]:
            if self.known(uid, "status") is None:
                row = StatusChange(case_id=case.id, status=v["status"], date=v.get("date"),
                                   source=self.source(v.get("source", "")),
                                   confidence=v.get("confidence") or "unverified",
                                   note=v.get("note", ""), recorded_at=utcnow(),
                                   recorded_by=self.uow.actor)
                self.s.add(row)
                made.append((uid, "status", row, "status_entries"))
        contact_ids: dict[str, int] = {}
        for uid, values, link, channels, withheld in c["contacts"]:
            local = self.known(uid, "contact")
            contact = self.s.get(Contact, local) if local is not None else None
            if local is not None and contact is None:
                # Deleted here since (the family asked us, say): not made again, as
                # other records (it crashed on the uid it is still known by).
                change.notes.append(msg("contact {name}: deleted here since it was taken "
                                        "in; not taken in again", name=values["name"]))
                continue
            if contact is None:
                contact = self.same_contact(values, channels)
                if contact is None and withheld:
                    # Sent without details (no consent to share them): the contact of
                    # this case with the same name is that one, not a second copy.
                    contact = self.case_contact(case, values)
                if contact is not None:
                    # Ours already (the same name and phone): theirs is this one.
                    self.remember(uid, "contact", contact.id, case.id)
                    self.remember(f"{HELD}{contact.id}/{self.fingerprint}", "held",
                                  contact.id, case.id)
                    change.notes.append(
                        msg("contact {name}: the same name on this case as our contact; "
                            "taken as that one", name=contact.name) if withheld else
                        msg("contact {name}: the same name and phone as our contact; taken "
                            "as that one", name=contact.name))
            elif self.theirs(uid, contact):
                self.consent(case, contact, values, link, channels, withheld, change)
            if contact is None:
                contact = Contact(**values, channels=[ContactChannel(kind=k, value=val, label=lab)
                                                      for k, val, lab in channels])
                self.s.add(contact)
                self.s.flush()
                self.remember(uid, "contact", contact.id, case.id)
                self.took("contact", contact.id, case.id)
                added("contacts")
            contact_ids[contact.name] = contact.id
            linked = self.s.scalar(select(CaseContact.id).where(
                CaseContact.case_id == case.id, CaseContact.contact_id == contact.id))
            if linked is None:
                # Details sent without consent are none to share further.
                shared = not withheld
                self.s.add(CaseContact(case_id=case.id, contact_id=contact.id,
                                       relationship_=link.get("relationship", ""),
                                       share_embassy=shared and bool(link.get("share_embassy")),
                                       share_icrc=shared and bool(link.get("share_icrc")),
                                       share_media=shared and bool(link.get("share_media")),
                                       share_partner=shared and bool(link.get("share_partner"))))
        for key, (kind, names) in RECORDS.items():
            model = RECORD_KINDS[kind][0]
            for uid, values, recipient in c[key]:
                local = self.known(uid, kind)
                if local is not None:
                    self.update_record(case, key, kind, uid, local, values, change)
                    continue
                if kind == "document":
                    # The same type, number and issuing country as a document the case
                    # holds: that document (one passport is one record, whoever sent it).
                    held_doc = self.same_document(case, model, values)
                    if held_doc is not None:
                        self.remember(uid, kind, held_doc, case.id)
                        continue
                mark = sent_uid(self.fingerprint, case.id, record_key(uid),
                                record_text(values, names), prefix=GOT)
                if not self.marked(mark):  # marked: withdrawn once, now shared again
                    self.remember(mark, "got", case.id, case.id)
                values = dict(values)
                if kind == "appeal":
                    values["recipient_id"] = contact_ids.get(recipient)
                if kind == "event":
                    values["source"] = self.source(values.get("source", ""))
                row = model(case_id=case.id, **values)
                self.s.add(row)
                made.append((uid, kind, row, key))
        if made:
            self.s.flush()
        for uid, kind, row, what in made:
            self.remember(uid, kind, row.id, case.id)
            self.took(kind, row.id, case.id)
            added(what)
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
            self.took("attachment", att.id, case.id)
            held.add(a["sha256"])
            added("attachments")


    def same_contact(self, values: dict[str, Any],
                     channels: list[tuple[str, str, str]]) -> Contact | None:
        """A contact of ours with the same name and one of the same phone numbers."""
        phones = {_digits(v) for k, v, _l in channels if k == "phone" and len(_digits(v)) >= 5}
        if not phones:
            return None
        for contact in self.s.scalars(select(Contact).where(Contact.name == values["name"])):
            if phones & {_digits(ch.value) for ch in contact.channels if ch.kind == "phone"}:
                return contact
        return None

    def same_document(self, case: Case, model: Any, values: dict[str, Any]) -> int | None:
        """The id of the case's document with the same type, number and issuing country
        (spaces and letter case aside), or None."""
        def key(doc_type: Any, number: Any, country: Any) -> tuple[str, str, str]:
            return (as_text(doc_type).strip().casefold(),
                    re.sub(r"[\s-]", "", as_text(number)).casefold(),
                    as_text(country).strip().casefold())

        wanted = key(values.get("doc_type"), values.get("number"),
                     values.get("issuing_country"))
        if not wanted[1]:
            return None
        for row_id, doc_type, number, country in self.s.execute(select(
                model.id, model.doc_type, model.number, model.issuing_country).where(
                model.case_id == case.id)):
            if key(doc_type, number, country) == wanted:
                return int(row_id)
        return None

    def case_contact(self, case: Case, values: dict[str, Any]) -> Contact | None:
        """The contact of `case` with the same name (one only), or None."""
        name = as_text(values.get("name")).strip().casefold()
        found = [x for x in self.s.scalars(select(Contact).join(
            CaseContact, CaseContact.contact_id == Contact.id).where(
            CaseContact.case_id == case.id)) if x.name.strip().casefold() == name]
        return found[0] if name and len(found) == 1 else None

    def theirs(self, uid: str, contact: Contact) -> bool:
        """Whether the contact's details came from this partner (not ours, not one of
        ours they sent back, not one we held before they sent it)."""
        if uid.startswith(f"{self.own}/"):
            return False
        return not self.marked(f"{HELD}{contact.id}/{self.fingerprint}")

    def consent(self, case: Case, contact: Contact, values: dict[str, Any],
                link: dict[str, Any], channels: list[tuple[str, str, str]], withheld: bool,
                change: CaseChange) -> None:
        """The family's consent, as the partner now has it, for details we took in from
        them: withdrawn (their details left out): what we hold of theirs is erased and
        its sharing flags cleared, so it is never passed on; given since (details now
        there for a contact we hold without): taken in."""
        links = list(self.s.scalars(select(CaseContact).where(
            CaseContact.contact_id == contact.id)))
        if withheld:
            for x in links:
                x.share_partner = x.share_embassy = x.share_icrc = x.share_media = False
            # Said only when details they gave were erased (once; never for a contact
            # whose details they never gave).
            if contact.channels or contact.address or contact.notes:
                contact.channels = []
                contact.address = contact.notes = ""
                # Nor are they kept in the log's entries of edits made here.
                self.uow.audit("erase_details", "contact", entity_id=contact.id, changes={
                    "partner": (None, self.partner), "bundle": (None, self.bundle_id)})
                erase_contact_details(self.s, contact.id)
                self.erased = True
                change.removed.append(msg(
                    "contact {name}: the family withdrew consent to share their details; "
                    "the phones, e-mails and address {partner} gave were erased here and "
                    "the contact is not shared further", name=contact.name,
                    partner=self.partner))
            return
        if (channels or values.get("address")) and not (contact.channels or contact.address):
            contact.channels = [ContactChannel(kind=k, value=v, label=lab)
                                for k, v, lab in channels]
            contact.address = values.get("address", "")
            for x in links:
                if x.case_id == case.id:
                    for flag in ("share_partner", "share_embassy", "share_icrc",
                                 "share_media"):
                        setattr(x, flag, bool(link.get(flag)))
            change.filled.append((msg("contact {name}", name=contact.name),
                                  msg("details (the family's consent given since)")))

    def got(self, case: Case, uid: str, values: dict[str, Any], names: Iterable[str]) -> bool:
        """Remember a partner record's content as received; False when this very content
        was received before (nothing new from them)."""
        mark = sent_uid(self.fingerprint, case.id, record_key(uid),
                        record_text(values, tuple(names)), prefix=GOT)
        if self.marked(mark):
            return False
        self.remember(mark, "got", case.id, case.id)
        return True

    def took(self, kind: str, local_id: int, case_id: int) -> None:
        """Remember that record `kind` `local_id` was made here from this partner's record
        (only theirs may be withdrawn by them)."""
        self.remember(f"{TOOK}{self.fingerprint}/{kind}/{local_id}", "took", local_id, case_id)

    def gone(self, uid: str) -> str:
        """The uid of the row saying this partner withdrew their record `uid`."""
        return f"{GONE}{self.fingerprint}/{hashlib.sha256(uid.encode()).hexdigest()[:24]}"

    def returned(self, c: dict[str, Any], change: CaseChange) -> None:
        """Records this partner withdrew before that the bundle carries again: shared
        again since (a newer bundle), taken in again; in a bundle made before the one
        that withdrew them (received late), left out, so it cannot bring them back.
        Another partner's copy of a record withdrawn by the partner it came from (passed
        on to them before) is left out too, and said."""
        lists = ("status_history", "contacts", "attachments", *RECORDS)

        def uid_of(key: str, item: Any) -> str:
            return str(item["uid"] if key == "attachments" else item[0])

        # One query for them all (the case's `~` rows are read already; a new case's not).
        self.prefetch(self.gone(uid_of(key, item)) for key in lists for item in c[key])
        again: list[str] = []
        for key in lists:
            keep = []
            for item in c[key]:
                uid = uid_of(key, item)
                mark = self.gone(uid)
                if self.marked(mark):
                    if change.stale:
                        continue
                    # Shared again: made here anew (its old row was removed), or, a
                    # contact withdrawn from one case but still held on another, the
                    # record we hold (its uid's row is kept: it is that contact).
                    self.s.execute(delete(BundleRecord).where(or_(
                        BundleRecord.uid == mark, (BundleRecord.uid == uid)
                        & BundleRecord.kind.startswith(RETIRED))))
                    self.ids[mark] = None
                    kept = self.s.execute(select(BundleRecord.kind, BundleRecord.local_id)
                                          .where(BundleRecord.uid == uid)).first()
                    self.ids[uid] = None if kept is None else (kept[0], kept[1])
                elif (held := self.ids.get(uid)) is not None and held[0].startswith(RETIRED):
                    # Withdrawn by the partner it came from; another one's copy of it
                    # (passed on before) does not bring it back.
                    again.append(uid)
                    continue
                keep.append(item)
            c[key] = keep
        if again:
            change.notes.append(
                msg("1 record withdrawn before by the partner they came from, not taken in "
                    "again") if len(again) == 1 else
                msg("{count} records withdrawn before by the partner they came from, not "
                    "taken in again", count=len(again)))

    def withdraw(self, case: Case, c: dict[str, Any], change: CaseChange) -> None:
        """Remove the records the partner withdrew (`withdrawn`: sent before, deleted or no
        longer shared there) that we took in from them: never a record of ours, one
        another partner gave us, or one we held before they sent it. A bundle older than
        one already taken in about the case (received late) withdraws nothing: the newer
        one carried the partner's list as it is now."""
        if change.stale or not c["withdrawn"]:
            return
        present = {c["uid"], *(u for u, _v in c["status_history"]),
                   *(x[0] for x in c["contacts"]), *(a["uid"] for a in c["attachments"]),
                   *(x[0] for key in RECORDS for x in c[key])}
        wanted = [u for u in c["withdrawn"]
                  if u not in present and not u.startswith(f"{self.own}/")]
        self.prefetch([*wanted, *(self.gone(u) for u in wanted)])
        for uid in wanted:
            held = self.ids.get(uid)
            if held is None:
                # Never taken in: remembered as withdrawn all the same, so a bundle made
                # before this one and received after it cannot bring it in (returned()).
                if not self.marked(self.gone(uid)):
                    self.remember(self.gone(uid), "gone", self.received_id, case.id)
                continue
            if held[0] not in WITHDRAWABLE:
                continue  # a case, not a record
            kind, local = held
            row = self.s.get(WITHDRAWABLE[kind], local)
            link = None
            if kind == "contact":
                link = self.s.scalar(select(CaseContact).where(
                    CaseContact.case_id == case.id, CaseContact.contact_id == local))
                if link is None:
                    continue
            elif row is None or row.case_id != case.id:
                continue
            if (row is not None and not self.deleted_here(kind, local)
                    and self.from_them(case, uid, kind, local)):
                self.remove(case, uid, kind, row, link, change)

    def from_them(self, case: Case, uid: str, kind: str, local: int) -> bool:
        """Whether record `kind` `local` was made here from this partner's record `uid`:
        its `~took/` row says so; before those rows were kept, as well as the data tells
        (only this partner spoke of the case, and the contact was not one of ours they
        sent too, the record's content was received from them)."""
        if self.marked(f"{TOOK}{self.fingerprint}/{kind}/{local}"):
            return True
        if self.s.scalar(select(BundleRecord.id).where(
                BundleRecord.kind == "took", BundleRecord.local_id == local,
                BundleRecord.uid.endswith(f"/{kind}/{local}")).limit(1)) is not None:
            return False  # another partner's
        spoke = set(self.s.scalars(
            select(ReceivedBundle.fingerprint)
            .join(BundleRecord, BundleRecord.local_id == ReceivedBundle.id)
            .where(BundleRecord.kind == "bundle", BundleRecord.case_id == case.id)))
        if spoke != {self.fingerprint}:
            return False
        if kind == "contact":
            return not self.marked(f"{HELD}{local}/{self.fingerprint}")
        if kind in RECORD_KINDS:  # documents matched to ours have no `~got/` row
            return self.s.scalar(select(BundleRecord.id).where(
                BundleRecord.case_id == case.id, BundleRecord.uid.startswith(
                    f"{GOT}{self.fingerprint}/{case.id}/{record_key(uid)}/")).limit(1)
                ) is not None
        return True

    def deleted_here(self, kind: str, local: int) -> bool:
        """Whether a record of this kind and id was deleted here once (the audit log says
        so): the row now under that id may be a new record (SQLite gives a deleted last
        id again), never removed for a partner's record it is not."""
        action, entity = {"contact": ("delete", "contact"),
                          "attachment": ("delete_attachment", "attachment")}.get(
            kind, (f"delete_{kind}", kind))
        return self.s.scalar(select(AuditEntry.id).where(
            AuditEntry.action == action, AuditEntry.entity == entity,
            AuditEntry.entity_id == local).limit(1)) is not None

    def changed_here(self, kind: str, local: int) -> bool:
        """Whether a caseworker edited the record here (the audit log says so)."""
        action = "update_attachment" if kind == "attachment" else f"update_{kind}"
        return self.s.scalar(select(AuditEntry.id).where(
            AuditEntry.action == action, AuditEntry.entity == kind,
            AuditEntry.entity_id == local).limit(1)) is not None

    def remove(self, case: Case, uid: str, kind: str, row: Any, link: CaseContact | None,
               change: CaseChange) -> None:
        """Remove a record the partner withdrew, with its audit entry, and say it once.
        A contact is always unlinked from the case (the family's details: privacy) and
        erased when no other case holds it; another record changed here since is kept,
        as ours, and said."""
        title = _withdrawn_title(kind, row)
        partner = self.partner
        erased: int | None = None
        if not self.marked(self.gone(uid)):
            self.remember(self.gone(uid), "gone", self.received_id, case.id)
        forget = [f"{TOOK}{self.fingerprint}/{kind}/{row.id}"]
        if kind == "contact" and link is not None:
            self.s.delete(link)
            self.s.flush()
            others = list(self.s.scalars(
                select(Case.reference).join(CaseContact, CaseContact.case_id == Case.id)
                .where(CaseContact.contact_id == row.id).order_by(Case.reference)))
            if others:
                forget = []  # still theirs on the other cases
                text = msg("contact {name}: withdrawn by {partner}; unlinked from this case "
                           "(still on {cases})", name=title, partner=partner,
                           cases=", ".join(others))
            else:
                self.retire(uid, kind, row.id)
                self.s.delete(row)
                erased = row.id
                text = msg("contact {name}: withdrawn by {partner}; the contact and its "
                           "phones, e-mails and address were erased here", name=title,
                           partner=partner)
        elif self.changed_here(kind, row.id):
            # Edited here since: our work on it stays, as our record (not theirs any more).
            self.forget([uid, *forget])
            change.notes.append(msg("{kind} {name}: withdrawn by {partner}, but changed here "
                                    "since; kept as ours", kind=KIND_WORDS[kind], name=title,
                                    partner=partner))
            return
        else:
            self.retire(uid, kind, row.id)
            self.s.delete(row)
            text = msg("{kind} {name}: withdrawn by {partner}; removed here",
                       kind=KIND_WORDS[kind], name=title, partner=partner)
        self.forget(forget)
        self.uow.audit("withdraw", kind, entity_id=row.id, case=case, changes={
            "record": (title, None), "partner": (None, partner),
            "bundle": (None, self.bundle_id)})
        if erased is not None:
            # The phones and address edited here stay in no entry of the log either.
            erase_contact_details(self.s, erased)
            self.erased = True
        change.removed.append(text)
        change.withdrawn.append((f"withdrawn {kind} {row.id}", title))

    def retire(self, uid: str, kind: str, local: int) -> None:
        """The record `uid` became is removed: its row stays as `gone:KIND`, so a case we
        passed it on with names it, withdrawn, by this uid (pack.withdrawn_uids), while
        our new records never take it (ids may be used again)."""
        self.s.execute(update(BundleRecord).where(BundleRecord.uid == uid)
                       .values(kind=f"{RETIRED}{kind}"))
        self.ids[uid] = (f"{RETIRED}{kind}", local)

    def forget(self, uids: list[str]) -> None:
        """Drop these `bundle_records` rows (a record withdrawn: not theirs any more)."""
        if uids:
            self.s.execute(delete(BundleRecord).where(BundleRecord.uid.in_(uids)))
            for uid in uids:
                self.ids[uid] = None

    def update_record(self, case: Case, key: str, kind: str, uid: str, local: int,
                      values: dict[str, Any], change: CaseChange) -> None:
        """A record both of us hold, changed by the partner since: their own record takes
        the change; a change to ours is their claim (shown, decided by the caseworker)."""
        if change.stale:
            return
        model = RECORD_KINDS[kind][0]
        row = self.s.get(model, local)
        if row is None:
            return  # deleted here since: not made again
        names = RECORDS[key][1]
        ours_record = uid.startswith(f"{self.own}/")
        text = record_text(values, names)
        if ours_record:
            if self.marked(sent_uid(self.fingerprint, case.id, record_key(uid), text)):
                return  # what we sent them, unchanged there
        elif not self.got(case, uid, values, names):
            return  # nothing new from them: our own edits of it stay
        title = _record_title(row)
        for name in names:
            if name not in values:
                continue  # an empty value is not a change we take from a bundle
            theirs = values[name]
            if name == "source":
                if ours_record:
                    continue  # their attribution of our record
                theirs = self.source(as_text(theirs))
            ours = getattr(row, name)
            if as_text(ours) == as_text(theirs):
                continue
            if ours_record:
                self.claim(case, f"{kind} {row.id} {name}", as_text(ours), as_text(theirs),
                           change, label=msg("{kind} {title}: {field}", kind=Kind(kind),
                                             title=title, field=Field(name)))
            else:
                setattr(row, name, theirs)
                change.filled.append((
                    msg("{kind} {title}: {field}", kind=Kind(kind), title=title,
                        field=Field(name)),
                    msg("{ours} -> {theirs} (their record)",
                        ours=as_text(ours) or msg("(empty)"), theirs=as_text(theirs))))


def _record_title(row: Any) -> str:
    """A record as the report names it: its subject, summary or facility, else its id."""
    for name in ("subject", "summary", "facility", "doc_type", "link"):
        if as_text(getattr(row, name, "")):
            return f"'{as_text(getattr(row, name))[:40]}'"
    return f"#{row.id}"


def _withdrawn_title(kind: str, row: Any) -> str:
    """A withdrawn record as the report names it (quoted)."""
    if kind == "contact":
        return f"'{row.name}'"
    if kind == "status":
        return f"'{row.status}'" + (f" ({as_text(row.date)})" if as_text(row.date) else "")
    if kind == "attachment":
        return f"'{row.filename}'"
    return _record_title(row)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# Which contacts of ours a partner's contact was taken as (`bundle_records` rows
# `~held/CONTACT_ID/PARTNER_FINGERPRINT`): their consent does not erase our details.
HELD = "~held/"
# Which content of a partner's record we took in (`~got/…`, as pack.sent_uid).
GOT = "~got/"
# Which records were made here from a partner's (`~took/PARTNER_FINGERPRINT/KIND/ID`,
# local_id the record's id): only those can that partner withdraw.
TOOK = "~took/"
# A record a partner withdrew (`~gone/PARTNER_FINGERPRINT/DIGEST_OF_UID`, local_id the
# received bundle): a bundle of theirs made before it (received late) does not bring
# it back; a newer one that carries it again (shared again) does.
GONE = "~gone/"
# The records a partner may withdraw, by kind: the model each became here.
WITHDRAWABLE: dict[str, Any] = {
    "status": StatusChange, "contact": Contact, "attachment": Attachment,
    **{kind: model for kind, (model, _f) in RECORD_KINDS.items() if kind != "task"}}
# How the report names each kind of record.
KIND_WORDS = {
    "status": msg("status entry"), "custody": msg("custody period"),
    "media": msg("media appearance"), "event": msg("event"), "appeal": msg("appeal"),
    "document": msg("identity document"), "attachment": msg("attachment")}


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
    made_raw = doc.get("created_at")
    if made_raw is not None and (not isinstance(made_raw, str) or _created(doc)[0] is None):
        raise BundleError(f"the bundle's created_at {json.dumps(made_raw)[:40]} is not a "
                          "time (ISO 8601, e.g. 2026-11-29T13:37:47Z)")
    manifest_raw = _list(doc, "manifest", "the bundle")
    manifest = {str(m.get("attachment")): str(m.get("sha256")) for m in manifest_raw}
    raw_cases = _list(doc, "cases", "the bundle")
    _check_limits(raw_cases)
    cases = [check_case(raw, manifest, n) for n, raw in enumerate(raw_cases, start=1)]
    seen: set[str] = set()
    for c in cases:
        if c["uid"] in seen:
            raise BundleError(msg("the bundle holds the case {uid} twice ({reference}); "
                                  "nothing was taken in", uid=c["uid"],
                                  reference=c["reference"] or msg("no reference")))
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
            "cases": (None, ";".join(c.reference for c in changes if not c.refused))})
        if not dry_run:
            uow.commit()
    if merge.erased and not dry_run:
        # The erased values are still in the WAL file's frames until a checkpoint (the
        # window's came at close: a seizure meanwhile found them; tester).
        fold_wal(db)
    made: str = str(doc.get("created_at", ""))[:40]
    if clamped:
        made = msg("{made} (in the future: counted as made now; check the sender's clock)",
                   made=made)
    return ReceiveReport(opened.partner, opened.fingerprint, bundle_id, made, dry_run,
                         changes)


def partner_claims(session: Session, case_id: int) -> list[PartnerClaim]:
    """A case's open partner claims (for the window's case view and `show`), but those
    our value now meets (closed at the next receipt)."""
    from casemanager.bundles.claims import claim_met

    case = session.get(Case, case_id)
    return [c for c in session.scalars(select(PartnerClaim).where(
        PartnerClaim.case_id == case_id, PartnerClaim.resolved.is_(False)))
        if case is None or not claim_met(session, case, c)]
