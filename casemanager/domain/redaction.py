"""Redaction profiles: what each kind of recipient does not get to see.

Redaction BUILDS the document without the data: `redact(detail, profile)` returns a copy
of the CaseDetail with the withheld items removed, and the renderer only ever sees that
copy. Nothing is drawn over text, so nothing can be recovered from the PDF.

What each profile leaves out (the `OMISSIONS` keys, described in `DESCRIPTIONS`):

- `internal` (the default, for the organisation's own file): nothing.
- `embassy`: everything marked confidential; internal working data (caseworker,
  priority, tags, notes on contacts); the family's phones, e-mails, messengers and
  addresses unless the family consented to sharing with embassies (`share_embassy`);
  the person to be informed (GC III art. 122: a relative's name, often with their phone
  and address, typed as free text) unless the family consented (`INFORM`, below).
- `icrc`: as `embassy`, with the family's consent to share with the ICRC (`share_icrc`).
- `public` (media, campaigns): as `embassy`, with consent to share with the media
  (`share_media`), and also identity document and service numbers, the ICRC
  registration number, the names of places of detention, health details, the case
  notes, and appeals' reference numbers and response summaries; and whatever names the
  family: the father's name, the mother's maiden name, the person to be informed and
  the relatives' names among the contacts, whatever the consent (`FAMILY_NAMES`).
- `strict` (`--redact`): everything any profile leaves out, and the family's private
  details even where they consented.

The person to be informed is free text the consent flags cannot see into, so it goes
out only as far as the whole family's consent does: with at least one relative linked
to the case and every linked relative's flag for that recipient set. A relative who
withheld consent, or no relative on file, leaves it out (the safe reading: the text may
name any of them).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from casemanager.domain.dto import CaseDetail, LinkedContact

CONFIDENTIAL = "confidential"
INTERNAL = "internal_data"
FAMILY = "family_private"
NUMBERS = "numbers"
DETENTION = "detention_places"
HEALTH = "health"
NOTES = "notes"
APPEAL_DETAILS = "appeal_details"
# The person to be informed, unless the whole family consented (see the module's doc).
INFORM = "person_to_inform"
# Whatever names the family: father's name, mother's maiden name, the person to be
# informed, relatives' names among the contacts; consent does not bring them back.
FAMILY_NAMES = "family_names"
# The case fields FAMILY_NAMES empties.
FAMILY_NAME_FIELDS = ("father_name", "mother_maiden_name", "person_to_inform")

DESCRIPTIONS = {
    "en": {
        CONFIDENTIAL: "items marked confidential",
        INTERNAL: "internal working data",
        FAMILY: "the family's private contact details",
        NUMBERS: "document, service and ICRC numbers",
        DETENTION: "names of places of detention",
        HEALTH: "health details",
        NOTES: "case notes",
        APPEAL_DETAILS: "appeal reference numbers and responses",
        INFORM: "the person to be informed",
        FAMILY_NAMES: "the family's names (father's name, mother's maiden name, the person "
                      "to be informed, relatives' names)",
    },
    "ru": {
        CONFIDENTIAL: "конфиденциальные сведения",
        INTERNAL: "служебные данные",
        FAMILY: "личные контакты семьи",
        NUMBERS: "номера документов, личный номер и номер МККК",
        DETENTION: "названия мест содержания",
        HEALTH: "сведения о здоровье",
        NOTES: "примечания по делу",
        APPEAL_DETAILS: "номера обращений и ответы",
        INFORM: "лицо для уведомления",
        FAMILY_NAMES: "имена членов семьи (имя отца, девичья фамилия матери, лицо для "
                      "уведомления, имена родственников)",
    },
}
# What FAMILY means once consent lets some relatives' details through: only the others'.
FAMILY_WITHOUT_CONSENT = {
    "en": "the private contact details of family members who did not consent to sharing",
    "ru": "личные контакты членов семьи, не давших согласия на передачу",
}
# How a profile that accepts consent describes FAMILY before any case is known.
FAMILY_UNLESS_CONSENT = {
    "en": "the family's private contact details (unless the family consented)",
    "ru": "личные контакты семьи (если семья не дала согласия)",
}
# How a profile that accepts consent describes INFORM before any case is known.
INFORM_UNLESS_CONSENT = {
    "en": "the person to be informed (unless every relative on file consented)",
    "ru": "лицо для уведомления (если не все родственники дали согласие)",
}
PROFILE_TITLES = {
    "en": {"internal": "internal use", "embassy": "an embassy or consulate", "icrc": "the ICRC",
           "public": "public use", "strict": "limited distribution (redacted)"},
    "ru": {"internal": "внутреннего пользования", "embassy": "посольства или консульства",
           "icrc": "МККК", "public": "открытого использования",
           "strict": "ограниченного распространения (максимальные изъятия)"},
}


@dataclass(frozen=True)
class Profile:
    name: str
    omits: frozenset[str]
    # The CaseContact consent flag that lets the family's details through; None: never.
    consent: str | None
    # False only for `internal`: the family's details are the organisation's own file.
    needs_consent: bool = True

    def title(self, lang: str) -> str:
        return PROFILE_TITLES.get(lang, PROFILE_TITLES["en"])[self.name]

    def omitted(self, lang: str) -> list[str]:
        """What the profile leaves out, as a rule (before any case is known)."""
        words = DESCRIPTIONS.get(lang, DESCRIPTIONS["en"])
        out = [words[key] for key in words if key in self.omits
               and not (key == INFORM and FAMILY_NAMES in self.omits)]
        if FAMILY in self.omits and self.consent is not None:
            family = FAMILY_UNLESS_CONSENT.get(lang, FAMILY_UNLESS_CONSENT["en"])
            out = [family if item == words[FAMILY] else item for item in out]
        if INFORM in self.omits and self.consent is not None:
            inform = INFORM_UNLESS_CONSENT.get(lang, INFORM_UNLESS_CONSENT["en"])
            out = [inform if item == words[INFORM] else item for item in out]
        return out

    def inform_allowed(self, detail: CaseDetail) -> bool:
        """Whether this profile lets the case's person to be informed through: never
        under FAMILY_NAMES; under INFORM only with at least one relative linked to the
        case and every linked relative consenting to this recipient (the text may name
        or reach any of them, so one refusal, or no relative to ask, keeps it out)."""
        if FAMILY_NAMES in self.omits:
            return False
        if INFORM not in self.omits:
            return True
        family = [link for link in detail.contacts if link.is_family]
        return bool(family) and all(_may_share(link, self) for link in family)

    def shared_by_consent(self, detail: CaseDetail) -> list[LinkedContact]:
        """The family members whose private details this profile prints only because
        they consented (their phones, e-mails or address are in the copy)."""
        if FAMILY not in self.omits:
            return []
        return [link for link in detail.contacts
                if link.is_family and _may_share(link, self)
                and (link.contact.channels or link.contact.address)]

    def withheld_from(self, detail: CaseDetail, lang: str) -> list[str]:
        """What this copy of one case really leaves out: the rule's items, with the
        family's details described as they were treated (a relative who consented is
        printed, so "the family's contact details" would be untrue)."""
        words = DESCRIPTIONS.get(lang, DESCRIPTIONS["en"])
        out = []
        for key in words:
            if key not in self.omits:
                continue
            if key == INFORM and (FAMILY_NAMES in self.omits or self.inform_allowed(detail)):
                continue  # said under FAMILY_NAMES, or the family consented: printed
            if key == FAMILY:
                family = [link for link in detail.contacts if link.is_family]
                if not family:
                    continue  # no relative on file: nothing of theirs was left out
                shared = [link for link in family if _may_share(link, self)]
                if family and len(shared) == len(family):
                    continue  # every relative consented: nothing of theirs is left out
                if shared:
                    out.append(FAMILY_WITHOUT_CONSENT.get(lang, FAMILY_WITHOUT_CONSENT["en"]))
                    continue
            out.append(words[key])
        return out


_RECIPIENT = frozenset({CONFIDENTIAL, INTERNAL, FAMILY, INFORM})
_PUBLIC = _RECIPIENT | {NUMBERS, DETENTION, HEALTH, NOTES, APPEAL_DETAILS, FAMILY_NAMES}
PROFILES: dict[str, Profile] = {
    "internal": Profile("internal", frozenset(), None, needs_consent=False),
    "embassy": Profile("embassy", _RECIPIENT, "share_embassy"),
    "icrc": Profile("icrc", _RECIPIENT, "share_icrc"),
    "public": Profile("public", _PUBLIC, "share_media"),
    "strict": Profile("strict", _PUBLIC, None),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"'{name}' is not a redaction profile "
                         f"({', '.join(PROFILES)})") from None


def _may_share(link: LinkedContact, profile: Profile) -> bool:
    if not profile.needs_consent:
        return True
    return profile.consent is not None and bool(getattr(link, profile.consent))


def _contact(link: LinkedContact, profile: Profile) -> LinkedContact:
    contact = link.contact
    if INTERNAL in profile.omits:
        contact = dataclasses.replace(contact, notes="")
    if FAMILY in profile.omits and link.is_family and not _may_share(link, profile):
        contact = dataclasses.replace(contact, channels=(), address="", notes="")
    if FAMILY_NAMES in profile.omits and link.is_family:
        # The relationship ("mother") stays: it says a relative is on file, not who.
        contact = dataclasses.replace(contact, name="", organisation="")
    return dataclasses.replace(link, contact=contact)


def redact(detail: CaseDetail, profile: Profile) -> CaseDetail:
    """A copy of `detail` without what `profile` leaves out (and its ledger, never printed)."""
    omits = profile.omits
    changes: dict = {"disclosures": (), "tasks": ()}
    if CONFIDENTIAL in omits:
        changes["confidential_notes"] = ""
        changes["events"] = tuple(e for e in detail.events if not e.confidential)
        changes["attachments"] = tuple(a for a in detail.attachments if not a.confidential)
    if INTERNAL in omits:
        changes.update(assigned_to="", priority="", tags=())
    if NUMBERS in omits:
        changes["documents"] = tuple(
            dataclasses.replace(d, number="", note="") for d in detail.documents
        )
        changes.update(service_number="", icrc_registration="")
    if DETENTION in omits:
        changes["custody"] = tuple(
            dataclasses.replace(c, facility="", disclosed=False, note="") for c in detail.custody
        )
    if HEALTH in omits:
        changes.update(health="", medical_urgency="")
    if NOTES in omits:
        changes["notes"] = ""
    if APPEAL_DETAILS in omits:
        changes["appeals"] = tuple(
            dataclasses.replace(a, reference_number="", response_summary="")
            for a in detail.appeals
        )
    if not profile.inform_allowed(detail):
        changes["person_to_inform"] = ""
    if FAMILY_NAMES in omits:
        changes.update({name: "" for name in FAMILY_NAME_FIELDS})
    changes["contacts"] = tuple(_contact(link, profile) for link in detail.contacts)
    redacted = dataclasses.replace(detail, **changes)
    if FAMILY_NAMES in omits:
        # Public and strict copies: a family's phone, e-mail or messenger name typed into
        # any free text (a proof of life's source, an event's summary, a note) goes too.
        # Tester 2: "call from wife Dilnoza, +998 90 555 12 34" printed under --redact.
        # The contacts themselves follow their own consent (`_contact`): an embassy's
        # e-mail stays, as does a family's phone they agreed to share with the media.
        kept = redacted.contacts
        redacted = dataclasses.replace(_without_contact_details(redacted), contacts=kept)
    return redacted


# A phone number: 7 or more digits, with spaces, dashes, dots or brackets between them;
# an e-mail address; a messenger name (@name). Dates are not phone numbers.
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d(?:[ \-().]{0,2}\d){6,}(?![\w/])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,}")
WITHHELD_MARK = "[…]"


def scrub_contact_details(text: str) -> str:
    """`text` with phone numbers, e-mail addresses and messenger names replaced by
    WITHHELD_MARK; dates (2024-05-12, 12.05.2024) kept."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return text

    def phone(found: re.Match[str]) -> str:
        return found.group(0) if _DATE.fullmatch(found.group(0)) else WITHHELD_MARK

    text = _EMAIL.sub(WITHHELD_MARK, text)
    text = _HANDLE.sub(WITHHELD_MARK, text)
    return _PHONE.sub(phone, text)


def _without_contact_details(value: Any) -> Any:
    """A copy of a dataclass (or tuple of them) with `scrub_contact_details` applied to
    every text in it, nested records included."""
    if isinstance(value, str):
        return scrub_contact_details(value)
    if isinstance(value, tuple):
        return tuple(_without_contact_details(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _without_contact_details(old)
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
