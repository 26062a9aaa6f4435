"""The controlled vocabularies of the domain, as in docs/design.md."""

from __future__ import annotations

STATUSES = (
    "reported",
    "confirmed",
    "detained",
    "exchange_listed",
    "released",
    "repatriated",
    "missing",
    "deceased",
    "closed",
)
PRIORITIES = ("normal", "high", "urgent")
RECRUITMENT = ("contract", "deceived", "coerced", "prison", "migrant", "mobilized", "unknown")
SEXES = ("male", "female", "unknown")
CONFIDENCE = ("confirmed", "likely", "unverified")


def implied_confidence(status: str) -> str:
    """The confidence a new status carries unless the caseworker says otherwise.

    The status "confirmed" means the detention was checked (ICRC notification, an official
    list, a proof of life), so it is "confirmed"; any other status starts "unverified". A
    "confirmed — unverified" pair would print a contradiction in an embassy dossier.
    """
    return "confirmed" if status == "confirmed" else "unverified"


APPEAL_STATUSES = (
    "draft",
    "sent",
    "acknowledged",
    "answered",
    "rejected",
    "no_response",
    "withdrawn",
)
EVENT_KINDS = ("note", "call", "visit", "media", "transfer", "exchange", "status_change")
CONTACT_KINDS = (
    "relative",
    "lawyer",
    "embassy",
    "consulate",
    "icrc",
    "ombudsman",
    "government",
    "journalist",
    "ngo",
    "other",
)
MEDICAL_URGENCY = ("none", "low", "high", "critical")
CHANNEL_KINDS = ("phone", "email", "messenger")
DOCUMENT_TYPES = ("passport", "national_id", "military_id", "birth_certificate", "other")
# Statuses that end active work on a case.
CLOSED_STATUSES = frozenset({"repatriated", "deceased", "closed"})

# Every vocabulary by the name both the window (ui.labels.word) and the PDF
# (casemanager.reports.labels.Labels.term) use for it. The same code can mean different
# things in two vocabularies ("confirmed" status and confidence, "high" priority and
# medical urgency), so a word is always looked up in a named vocabulary.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "priority": PRIORITIES,
    "recruitment": RECRUITMENT,
    "sex": SEXES,
    "confidence": CONFIDENCE,
    "appeal_status": APPEAL_STATUSES,
    "event_kind": EVENT_KINDS,
    "contact_kind": CONTACT_KINDS,
    "medical_urgency": MEDICAL_URGENCY,
    "channel_kind": CHANNEL_KINDS,
    "doc_type": DOCUMENT_TYPES,
}
