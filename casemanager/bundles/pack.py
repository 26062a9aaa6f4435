"""A bundle's document: our cases as versioned JSON (docs/bundle-format.md), redacted.

What leaves is decided by the dossier's redaction (casemanager.domain.redaction.redact)
with one of three profiles: `partner` (below), `embassy` or `icrc`. Every record carries
a stable id (`uid`): `FINGERPRINT/kind/id` for our own records, or the id it first had
when it came to us from a partner, so a record sent back and forth is never doubled.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import uuid
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from sqlalchemy import insert, select

from casemanager.domain.dto import CaseDetail
from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import CASE_FIELDS, as_text
from casemanager.domain.messages import msg
from casemanager.domain.redaction import (
    CONFIDENTIAL,
    FAMILY,
    INFORM,
    INTERNAL,
    PROFILES,
    Profile,
    redact,
)
from casemanager.reports.case_dossier import load_portrait
from casemanager.services.attachments import attachment_data
from casemanager.services.cases import get_case, normalise_reference
from casemanager.services.records import RECORD_KINDS
from casemanager.store.database import Database
from casemanager.store.models import AuditEntry, BundleRecord, Case, ExternalReference, utcnow

FORMAT = "casemanager-bundle"
VERSION = 1
# Minor versions add fields a version-1 reader ignores (docs/bundle-format.md): 1 adds
# `details_withheld` on contacts and `recipient` on external references; 2 adds a case's
# `withdrawn`: the uids of records sent to this partner before and no longer sent; 3 adds
# a case's `withheld_fields`: case fields the family's consent keeps from this recipient
# (`person_to_inform`), so the receiver erases the value it took in from us before.
MINOR = 3
# Case fields a case's `withheld_fields` may name (the receiver ignores any other name).
CONSENT_FIELDS = ("person_to_inform",)

# Another organisation working on the same cases: as `embassy` (nothing confidential, no
# internal working data), and the family's private contact details only where the
# family agreed to share them with partners (`share_partner`).
# The person to be informed likewise only with every linked relative's consent to share
# with partners (redaction.INFORM): free text the contacts' flags cannot see into.
PARTNER = Profile("partner", frozenset({CONFIDENTIAL, INTERNAL, FAMILY, INFORM}),
                  "share_partner")
BUNDLE_PROFILES: dict[str, Profile] = {
    "partner": PARTNER, "embassy": PROFILES["embassy"], "icrc": PROFILES["icrc"]}

# Case fields never sent, whatever the profile: our own working data.
NOT_SENT = frozenset({"assigned_to", "priority", "tags", "confidential_notes"})
LIST_FIELDS = ("aliases", "citizenships")


def bundle_profile(name: str) -> Profile:
    """The profile called `name` (partner, embassy, icrc); ValidationError otherwise."""
    try:
        return BUNDLE_PROFILES[name]
    except KeyError:
        raise ValidationError("profile", f"'{name}' is not one of "
                              f"{', '.join(BUNDLE_PROFILES)}") from None


def clean_image(data: bytes) -> bytes | None:
    """The image as the dossier prints it: re-encoded as JPEG, so EXIF (GPS position,
    camera, dates) and other metadata are gone. None when the bytes are not an image."""
    # The dossier's own function, so a stricter stripping there applies here too.
    flowable, _ok = load_portrait(data)
    if flowable is None:
        return None
    # reportlab keeps the JPEG it was given (its internals: not in its stubs)
    return flowable._img.fp.getvalue()  # type: ignore[attr-defined]


def _text(obj: Any, names: Sequence[str]) -> dict[str, str]:
    return {n: as_text(getattr(obj, n)) for n in names}


class _Ids:
    """Stable ids: a record that came from a partner keeps the id it came with."""

    def __init__(self, db: Database, fingerprint: str, case_ids: Sequence[int]) -> None:
        self.fpr = fingerprint
        with db.session() as session:
            rows = session.execute(select(BundleRecord.kind, BundleRecord.local_id,
                                          BundleRecord.uid)
                                   .where(BundleRecord.case_id.in_(case_ids))).all()
        self.origin = {(kind, local): uid for kind, local, uid in rows}

    def __call__(self, kind: str, local_id: int) -> str:
        return self.origin.get((kind, local_id)) or f"{self.fpr}/{kind}/{local_id}"


def _attachments(db: Database, detail: CaseDetail, uid: _Ids,
                 blobs: Blobs | None = None) -> list[dict[str, Any]]:
    """The case's attachments as the bundle holds them; with `blobs`, each one's `data`
    is a token (`Blobs.keep`) and its bytes go into `blobs` under it (for `payload`,
    which writes the base64 once, into the file's bytes, not into the document too)."""
    out = []
    for att in detail.attachments:
        data = attachment_data(db, att.id)
        name, mime = att.filename, att.mime_type
        if att.is_image:
            cleaned = clean_image(data)
            if cleaned is None:
                continue  # an unreadable "image" could carry anything: not sent
            data, mime = cleaned, "image/jpeg"
            name = str(PurePath(name).with_suffix(".jpg"))
        out.append({
            "uid": uid("attachment", att.id), "filename": name, "mime_type": mime,
            "description": att.description, "is_portrait": att.is_portrait,
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "data": (base64.b64encode(data).decode("ascii") if blobs is None
                     else blobs.keep(data)),
        })
    return out


class Blobs(dict[str, bytes]):
    """Attachments' bytes by the token that stands for them in the document until
    `payload`; the tokens carry a random nonce, so no text in a case can hold one."""

    def __init__(self) -> None:
        super().__init__()
        self.nonce = uuid.uuid4().hex

    def keep(self, data: bytes) -> str:
        token = f"cm-blob-{len(self)}-{self.nonce}"
        self[token] = data
        return token


def payload(document: dict[str, Any], blobs: Blobs) -> bytes:
    """The bundle's JSON as UTF-8 bytes, with each attachment's token replaced by its
    bytes in base64: built in one buffer, each attachment let go of once written, so the
    attachments are not held as base64 text in the document and again in the file."""
    text = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if not blobs:
        return text
    out = io.BytesIO()
    pos = 0
    for match in re.finditer(rf"cm-blob-[0-9]+-{blobs.nonce}".encode(), text):
        out.write(text[pos:match.start()])
        out.write(base64.b64encode(blobs.pop(match.group().decode())))
        pos = match.end()
    out.write(text[pos:])
    del text
    return out.getvalue()


def _withheld(link: Any, profile: Profile | None) -> bool:
    """Whether the redaction left out this contact's details for lack of the family's
    consent (the receiver erases what it took in from us before: consent withdrawn)."""
    if profile is None or FAMILY not in profile.omits or not link.is_family:
        return False
    if not profile.needs_consent:
        return False
    return not (profile.consent is not None and bool(getattr(link, profile.consent)))


def case_document(db: Database, detail: CaseDetail, uid: _Ids, *,
                  references: bool = False, blobs: Blobs | None = None,
                  profile: Profile | None = None, recipient: str = "") -> dict[str, Any]:
    """One (already redacted) case as the bundle holds it. `references`: carry the case's
    partners' references (`external_references`: [{"source", "reference"}]) so the
    receiver can match by them; only for partners (an embassy learns nothing of which
    organisations follow the case)."""
    fields: dict[str, Any] = {}
    for name in CASE_FIELDS:
        if name in NOT_SENT:
            continue
        value = getattr(detail, name)
        if name in LIST_FIELDS:
            if value:
                fields[name] = list(value)
        elif as_text(value):
            fields[name] = as_text(value)
    return {
        "uid": uid("case", detail.id),
        "reference": detail.reference,
        "updated_at": as_text(detail.updated_at),
        "fields": fields,
        "documents": [{"uid": uid("document", d.id),
                       **_text(d, ("doc_type", "number", "issuing_country", "note"))}
                      for d in detail.documents],
        "status_history": [{"uid": uid("status", s.id),
                            **_text(s, ("status", "date", "source", "confidence", "note",
                                        "recorded_at"))}
                           for s in detail.status_history],
        "custody": [{"uid": uid("custody", c.id), "disclosed": c.disclosed,
                     **_text(c, ("facility", "holding_party", "date_from", "date_to", "note"))}
                    for c in detail.custody],
        "media": [{"uid": uid("media", m.id),
                   **_text(m, ("date", "link", "platform", "coercion_note"))}
                  for m in detail.media],
        "events": [{"uid": uid("event", e.id),
                    **_text(e, ("date", "kind", "summary", "source", "confidence"))}
                   for e in detail.events],
        "appeals": [{"uid": uid("appeal", a.id), "recipient": a.recipient_name,
                     **_text(a, ("channel", "subject", "reference_number", "sent_date",
                                 "follow_up_date", "status", "response_date",
                                 "response_summary"))}
                    for a in detail.appeals],
        "contacts": [{"uid": uid("contact", link.contact.id),
                      "relationship": link.relationship,
                      "share_embassy": link.share_embassy, "share_icrc": link.share_icrc,
                      "share_media": link.share_media, "share_partner": link.share_partner,
                      **_text(link.contact, ("kind", "name", "organisation", "address",
                                             "country", "language", "notes")),
                      "channels": [_text(ch, ("kind", "value", "label"))
                                   for ch in link.contact.channels],
                      **({"details_withheld": True} if _withheld(link, profile) else {})}
                     for link in detail.contacts],
        "attachments": _attachments(db, detail, uid, blobs),
        **({"external_references": _references(db, detail.id, recipient)}
           if references else {}),
        # Said whether or not the case has a value (nothing of it is told by this): the
        # receiver erases only what it took in from us.
        **({"withheld_fields": list(CONSENT_FIELDS)}
           if profile is not None and not profile.inform_allowed(detail) else {}),
    }


def _references(db: Database, case_id: int, recipient: str) -> list[dict[str, Any]]:
    """The case's partners' references as stored (a source may hold ": "); the one under
    the recipient's own name is their reference for the case, marked `recipient`."""
    with db.session() as session:
        rows = session.execute(select(ExternalReference.source, ExternalReference.reference)
                               .where(ExternalReference.case_id == case_id)
                               .order_by(ExternalReference.id)).all()
    to = recipient.strip().lower()
    return [{"source": source, "reference": reference,
             **({"recipient": True} if to and source.strip().lower() == to else {})}
            for source, reference in rows]


def bundle_cases(db: Database, references: Sequence[str], *, profile: str
                 ) -> list[CaseDetail]:
    """The cases `references` (each once), redacted by `profile`. Raises NotFoundError
    for an unknown reference, ValidationError for a bad profile or for a case merged
    into another (its facts are the other case's now: that one is sent)."""
    prof = bundle_profile(profile)
    if not references:
        raise ValidationError("references", msg("name at least one case"))
    refs = list(dict.fromkeys(normalise_reference(r) for r in references))
    details = [get_case(db, ref) for ref in refs]
    with db.session() as session:
        for detail in details:
            case = session.get(Case, detail.id)
            into = case
            while into is not None and into.merged_into_id is not None:
                into = session.get(Case, into.merged_into_id)
            if into is not None and into is not case:
                raise ValidationError("references", msg(
                    "{reference} was merged into {into}; send {into}",
                    reference=detail.reference, into=into.reference))
    return [redact(d, prof) for d in details]


def bundle_document(db: Database, details: Sequence[CaseDetail], *, profile: str,
                    sender_name: str, sender_fingerprint: str, recipient_name: str,
                    recipient_fingerprint: str, blobs: Blobs | None = None,
                    uid_prefix: str | None = None) -> dict[str, Any]:
    """The bundle document of the (redacted) `details`; with `blobs`, attachments'
    bytes are kept there for `payload` rather than as base64 in the document. Our
    records' ids start with `uid_prefix` (keys.identity_fingerprint: the first key's,
    stable when the key is replaced), else with `sender_fingerprint`."""
    prof = bundle_profile(profile)
    uid = _Ids(db, uid_prefix or sender_fingerprint, [d.id for d in details])
    cases = [case_document(db, d, uid, references=prof is PARTNER, blobs=blobs,
                           profile=prof, recipient=recipient_name) for d in details]
    for case, detail in zip(cases, details, strict=True):
        gone = withdrawn_uids(db, case, detail.id, recipient_fingerprint, uid)
        if gone:  # absent when nothing was withdrawn (a case sent for the first time)
            case["withdrawn"] = gone
    manifest = [{"case": c["uid"], "attachment": a["uid"], "sha256": a["sha256"],
                 "size": a["size"]} for c in cases for a in c["attachments"]]
    return {
        "format": FORMAT, "version": VERSION, "minor": MINOR, "bundle_id": str(uuid.uuid4()),
        "created_at": utcnow().isoformat(timespec="microseconds") + "Z",
        "sender": {"organisation": sender_name, "fingerprint": sender_fingerprint},
        "recipient": {"name": recipient_name, "fingerprint": recipient_fingerprint},
        "profile": prof.name, "cases": cases, "manifest": manifest,
    }


def build_bundle(db: Database, references: Sequence[str], *, profile: str,
                 sender_name: str, sender_fingerprint: str, recipient_name: str,
                 recipient_fingerprint: str) -> tuple[dict[str, Any], list[CaseDetail]]:
    """The bundle document and the cases in it (to record in the disclosure ledger).
    Raises NotFoundError for an unknown reference, ValidationError for a bad profile or
    a merged case."""
    details = bundle_cases(db, references, profile=profile)
    document = bundle_document(
        db, details, profile=profile, sender_name=sender_name,
        sender_fingerprint=sender_fingerprint, recipient_name=recipient_name,
        recipient_fingerprint=recipient_fingerprint)
    return document, details


# What we sent a partner, remembered per case, field and value (a `bundle_records` row:
# uid `~sent/PARTNER_FINGERPRINT/CASE_ID/FIELD/DIGEST`, local_id the case), so a value
# the partner sends back unchanged is known as ours, not raised as their claim.
SENT = "~sent/"


# Records (status entries, events, custody, appeals, …) as a whole: `~sent/…/rec:ID/…`
# with ID a digest of the record's uid and the value its fields (record_text).
RECORD_LISTS = {"documents": ("doc_type", "number", "issuing_country", "note"),
                "custody": ("facility", "disclosed", "holding_party", "date_from", "date_to",
                            "note"),
                "media": ("date", "link", "platform", "coercion_note"),
                "events": ("date", "kind", "summary", "source", "confidence"),
                "appeals": ("channel", "subject", "reference_number", "sent_date",
                            "follow_up_date", "status", "response_date", "response_summary")}


# Which records we sent a partner, per case (kind `sent_record`, uid
# `~sent/PARTNER_FINGERPRINT/CASE_ID/record/KIND/LOCAL_ID`, local_id the record's id):
# a record sent before and left out of a later bundle (deleted here, marked
# confidential, unlinked) is listed in that bundle as `withdrawn`, by its uid (ours,
# `FINGERPRINT/KIND/ID`, or the one it came to us with, kept in `bundle_records` when
# the record is deleted), so the partner erases their copy.
SENT_RECORD = "sent_record"
# The bundle's record lists and the kind their records have in uids and in the ledger.
SENT_KINDS = {"status_history": "status", "custody": "custody", "media": "media",
              "events": "event", "appeals": "appeal", "documents": "document",
              "contacts": "contact", "attachments": "attachment"}
# A partner's record removed here because they withdrew it: its `bundle_records` row
# (the uid it came with) stays, of kind `gone:KIND`, for withdrawn_uids.
RETIRED = "gone:"
# Record kinds whose old ledger rows (before `sent_record`) hold a digest of each
# record's uid (record_key), by the model's kind and the record list.
LEGACY_KINDS = {"document": "documents", "custody": "custody", "media": "media",
                "event": "events", "appeal": "appeals"}


def sent_record_uid(partner_fingerprint: str, case_id: int, kind: str, local_id: int) -> str:
    """The ledger row's uid saying record `kind` `local_id` of case `case_id` was sent to
    the partner with this fingerprint."""
    return f"{SENT}{partner_fingerprint}/{case_id}/record/{kind}/{local_id}"


def withdrawn_uids(db: Database, case: dict[str, Any], case_id: int,
                   partner_fingerprint: str, uid: _Ids) -> list[str]:
    """The uids of the records of case `case_id` sent to this partner before that the
    case's bundle document `case` no longer carries (deleted here, or no longer shared
    with them), sorted. Records sent before `sent_record` rows were kept are found from
    the old digests where the data allows: documents, custody, media, events and appeals
    the case still holds, or whose deletion the audit log names (contacts, status entries
    and attachments sent then left no trace: they cannot be listed)."""
    carried = {r["uid"] for key in SENT_KINDS for r in case[key]}
    prefix = f"{SENT}{partner_fingerprint}/{case_id}/"
    gone: set[str] = set()
    with db.session() as session:
        rows = session.scalars(select(BundleRecord.uid).where(
            BundleRecord.case_id == case_id, BundleRecord.uid.startswith(prefix))).all()
        legacy = set()
        sent: list[tuple[str, int]] = []
        for row in rows:
            parts = row[len(prefix):].split("/")
            if parts[0] == "record" and len(parts) == 3 and parts[2].isdigit():
                sent.append((parts[1], int(parts[2])))
            elif parts[0].startswith("rec:"):
                legacy.add(parts[0])
        # A partner's record removed here (they withdrew it) that we passed on: named by
        # the uid it came with (its id here may be a new record's since).
        retired = {(kind[len(RETIRED):], local): u for u, kind, local in session.execute(
            select(BundleRecord.uid, BundleRecord.kind, BundleRecord.local_id).where(
                BundleRecord.case_id == case_id, BundleRecord.kind.startswith(RETIRED)))
        } if sent else {}
        gone |= {retired.get(pair) or uid(*pair) for pair in sent}
        if legacy:
            # Old ledger rows name a record by a digest of its uid: the case's records of
            # those kinds, those deleted (the audit log keeps their ids), and those that
            # came from partners are the uids it can be.
            for kind in LEGACY_KINDS:
                model = RECORD_KINDS[kind][0]
                ids = set(session.scalars(select(model.id).where(model.case_id == case_id)))
                ids |= {i for i in session.scalars(select(AuditEntry.entity_id).where(
                    AuditEntry.case_id == case_id, AuditEntry.action == f"delete_{kind}"))
                    if i is not None}
                gone |= {u for i in ids if record_key(u := uid(kind, i)) in legacy}
            kinds = [*LEGACY_KINDS, *(RETIRED + k for k in LEGACY_KINDS)]
            gone |= {u for u in session.scalars(select(BundleRecord.uid).where(
                BundleRecord.case_id == case_id, BundleRecord.kind.in_(kinds),
                ~BundleRecord.uid.startswith("~"))) if record_key(u) in legacy}
    return sorted(gone - carried)


def sent_uid(partner_fingerprint: str, case_id: int, name: str, value: str, *,
             prefix: str = "") -> str:
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:24]
    return f"{prefix or SENT}{partner_fingerprint}/{case_id}/{name}/{digest}"


def record_key(uid: str) -> str:
    """The `name` of a record in sent_uid: a short digest of its uid."""
    return "rec:" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:16]


def record_text(values: dict[str, Any], names: Sequence[str]) -> str:
    """A record's fields as one canonical text (what was sent, what was received)."""
    return "\x1f".join(f"{n}={as_text(values.get(n))}" for n in names)


def remember_sent(session: Any, document: dict[str, Any], details: Sequence[CaseDetail],
                  partner_fingerprint: str) -> None:
    """Record each field value of the bundle's cases as sent to this partner (inside the
    send's transaction)."""
    for case, detail in zip(document["cases"], details, strict=True):
        prefix = f"{SENT}{partner_fingerprint}/{detail.id}/"
        held = set(session.scalars(select(BundleRecord.uid).where(
            BundleRecord.case_id == detail.id, BundleRecord.uid.startswith(prefix))))
        marks = [(name, value) for name, value in case["fields"].items()
                 if not isinstance(value, list)]
        marks += [(record_key(r["uid"]), record_text(r, names))
                  for key, names in RECORD_LISTS.items() for r in case[key]]
        rows = []
        for name, value in marks:
            uid = sent_uid(partner_fingerprint, detail.id, name, value)
            if uid not in held:
                held.add(uid)
                rows.append({"uid": uid, "kind": "sent", "local_id": detail.id,
                             "case_id": detail.id})
        sent = [(kind, r["uid"]) for key, kind in SENT_KINDS.items() for r in case[key]]
        origin = _origins(session, [u for _k, u in sent])
        for kind, record_uid in sent:
            local = _local_id(origin, record_uid, kind)
            uid = (sent_record_uid(partner_fingerprint, detail.id, kind, local)
                   if local is not None else "")
            if uid and uid not in held:
                held.add(uid)
                rows.append({"uid": uid, "kind": SENT_RECORD, "local_id": local,
                             "case_id": detail.id})
        if rows:  # one INSERT for many rows (a case has tens)
            session.execute(insert(BundleRecord), rows)


def _origins(session: Any, uids: Sequence[str]) -> dict[str, tuple[str, int]]:
    """uid -> (kind, our id) of the records that came to us from partners (a few
    queries, not one a record)."""
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(uids), 500):
        found.update((u, (k, int(i))) for u, k, i in session.execute(select(
            BundleRecord.uid, BundleRecord.kind, BundleRecord.local_id).where(
            BundleRecord.uid.in_(uids[start:start + 500]))))
    return found


def _local_id(origin: dict[str, tuple[str, int]], uid: str, kind: str) -> int | None:
    """Our id of the record the bundle names `uid`: the record it became when it came
    from a partner (`origin`, from `bundle_records`), else ours (`FINGERPRINT/KIND/ID`)."""
    if uid in origin:
        held_kind, local = origin[uid]
        return local if held_kind == kind else None
    fpr, _sep, rest = uid.partition(f"/{kind}/")
    return int(rest) if fpr and rest.isdigit() else None
