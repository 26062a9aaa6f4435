"""The audit log in the words of the forms: field labels instead of column names, the
names of referenced records (a contact's name instead of `recipient_id`), vocabulary
words instead of codes, dates in the interface's format, yes/no for ticks.

Literal QT_TRANSLATE_NOOP strings, so pyside6-lupdate files them under "AuditWords".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QLocale

from casemanager.domain.errors import NotFoundError
from casemanager.domain.partialdate import PartialDate
from casemanager.services.audit import AuditRecord
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import country_name, date_text, word_in
from ui.reports.disclosure_words import KINDS as DISCLOSURE_KINDS
from ui.reports.disclosure_words import kind_title, profile_title

_CONTEXT = "AuditWords"

FIELDS = {
    # the case
    "status": QT_TRANSLATE_NOOP("AuditWords", "Status"),
    "priority": QT_TRANSLATE_NOOP("AuditWords", "Priority"),
    "assigned_to": QT_TRANSLATE_NOOP("AuditWords", "Assigned to"),
    "notes": QT_TRANSLATE_NOOP("AuditWords", "Notes"),
    "confidential_notes": QT_TRANSLATE_NOOP("AuditWords", "Confidential notes"),
    "family_name": QT_TRANSLATE_NOOP("AuditWords", "Family name"),
    "given_name": QT_TRANSLATE_NOOP("AuditWords", "Given name"),
    "patronymic": QT_TRANSLATE_NOOP("AuditWords", "Patronymic"),
    "name_native": QT_TRANSLATE_NOOP("AuditWords", "Native script"),
    "name_latin": QT_TRANSLATE_NOOP("AuditWords", "Latin"),
    "aliases": QT_TRANSLATE_NOOP("AuditWords", "Other spellings"),
    "sex": QT_TRANSLATE_NOOP("AuditWords", "Sex"),
    "date_of_birth": QT_TRANSLATE_NOOP("AuditWords", "Date of birth"),
    "place_of_birth": QT_TRANSLATE_NOOP("AuditWords", "Place of birth"),
    "citizenships": QT_TRANSLATE_NOOP("AuditWords", "Citizenships"),
    "ethnicity": QT_TRANSLATE_NOOP("AuditWords", "Ethnicity"),
    "home_region": QT_TRANSLATE_NOOP("AuditWords", "Home region"),
    "languages": QT_TRANSLATE_NOOP("AuditWords", "Languages"),
    "father_name": QT_TRANSLATE_NOOP("AuditWords", "Father's first name"),
    "mother_maiden_name": QT_TRANSLATE_NOOP("AuditWords", "Mother's maiden name"),
    "person_to_inform": QT_TRANSLATE_NOOP("AuditWords", "Person to inform"),
    "last_proof_of_life": QT_TRANSLATE_NOOP("AuditWords", "Last proof of life"),
    "last_proof_of_life_source": QT_TRANSLATE_NOOP("AuditWords", "Source of the last proof of life"),
    "affiliation": QT_TRANSLATE_NOOP("AuditWords", "Affiliation"),
    "unit": QT_TRANSLATE_NOOP("AuditWords", "Unit"),
    "rank": QT_TRANSLATE_NOOP("AuditWords", "Rank"),
    "service_number": QT_TRANSLATE_NOOP("AuditWords", "Service number"),
    "recruitment": QT_TRANSLATE_NOOP("AuditWords", "Recruitment"),
    "capture_date": QT_TRANSLATE_NOOP("AuditWords", "Capture date"),
    "capture_place": QT_TRANSLATE_NOOP("AuditWords", "Capture place"),
    "detaining_party": QT_TRANSLATE_NOOP("AuditWords", "Detaining party"),
    "health": QT_TRANSLATE_NOOP("AuditWords", "Health"),
    "medical_urgency": QT_TRANSLATE_NOOP("AuditWords", "Medical urgency"),
    "icrc_registration": QT_TRANSLATE_NOOP("AuditWords", "ICRC registration number"),
    "tags": QT_TRANSLATE_NOOP("AuditWords", "Tags"),
    "external_references": QT_TRANSLATE_NOOP("AuditWords", "Partners' references"),
    # records of the case
    "doc_type": QT_TRANSLATE_NOOP("AuditWords", "Document type"),
    "number": QT_TRANSLATE_NOOP("AuditWords", "Number"),
    "issuing_country": QT_TRANSLATE_NOOP("AuditWords", "Issuing country"),
    "note": QT_TRANSLATE_NOOP("AuditWords", "Note"),
    "facility": QT_TRANSLATE_NOOP("AuditWords", "Facility"),
    "disclosed": QT_TRANSLATE_NOOP("AuditWords", "Location disclosed"),
    "holding_party": QT_TRANSLATE_NOOP("AuditWords", "Holding party"),
    "date_from": QT_TRANSLATE_NOOP("AuditWords", "From"),
    "date_to": QT_TRANSLATE_NOOP("AuditWords", "To"),
    "date": QT_TRANSLATE_NOOP("AuditWords", "Date"),
    "link": QT_TRANSLATE_NOOP("AuditWords", "Link"),
    "platform": QT_TRANSLATE_NOOP("AuditWords", "Platform"),
    "coercion_note": QT_TRANSLATE_NOOP("AuditWords", "Signs of coercion"),
    "recipient_id": QT_TRANSLATE_NOOP("AuditWords", "Recipient"),
    "channel": QT_TRANSLATE_NOOP("AuditWords", "Channel"),
    "subject": QT_TRANSLATE_NOOP("AuditWords", "Subject"),
    "reference_number": QT_TRANSLATE_NOOP("AuditWords", "Their reference"),
    "sent_date": QT_TRANSLATE_NOOP("AuditWords", "Sent"),
    "follow_up_date": QT_TRANSLATE_NOOP("AuditWords", "Follow up on"),
    "response_date": QT_TRANSLATE_NOOP("AuditWords", "Answered on"),
    "response_summary": QT_TRANSLATE_NOOP("AuditWords", "Answer"),
    "kind": QT_TRANSLATE_NOOP("AuditWords", "Kind"),
    "summary": QT_TRANSLATE_NOOP("AuditWords", "Summary"),
    "source": QT_TRANSLATE_NOOP("AuditWords", "Source"),
    "confidence": QT_TRANSLATE_NOOP("AuditWords", "Confidence"),
    "confidential": QT_TRANSLATE_NOOP("AuditWords", "Confidential"),
    "title": QT_TRANSLATE_NOOP("AuditWords", "Task"),
    "due_date": QT_TRANSLATE_NOOP("AuditWords", "Due"),
    "assignee": QT_TRANSLATE_NOOP("AuditWords", "Assignee"),
    "done": QT_TRANSLATE_NOOP("AuditWords", "Done"),
    # contacts and their links to cases
    "name": QT_TRANSLATE_NOOP("AuditWords", "Name"),
    "organisation": QT_TRANSLATE_NOOP("AuditWords", "Organisation"),
    "address": QT_TRANSLATE_NOOP("AuditWords", "Address"),
    "country": QT_TRANSLATE_NOOP("AuditWords", "Country"),
    "language": QT_TRANSLATE_NOOP("AuditWords", "Language"),
    "contact": QT_TRANSLATE_NOOP("AuditWords", "Contact"),  # a link's (who was linked)
    "relationship": QT_TRANSLATE_NOOP("AuditWords", "Relationship"),
    "share_embassy": QT_TRANSLATE_NOOP("AuditWords", "May be shared with embassies"),
    "share_icrc": QT_TRANSLATE_NOOP("AuditWords", "May be shared with the ICRC"),
    "share_media": QT_TRANSLATE_NOOP("AuditWords", "May be shared with the media"),
    # what left the office (the disclosure ledger) and attached files
    "recipient": QT_TRANSLATE_NOOP("AuditWords", "Recipient"),
    "profile": QT_TRANSLATE_NOOP("AuditWords", "Profile"),
    "sha256": QT_TRANSLATE_NOOP("AuditWords", "SHA-256"),
    "filename": QT_TRANSLATE_NOOP("AuditWords", "File name"),
    "size": QT_TRANSLATE_NOOP("AuditWords", "Size"),
    "mime_type": QT_TRANSLATE_NOOP("AuditWords", "File type"),
    "file": QT_TRANSLATE_NOOP("AuditWords", "File"),
    "format": QT_TRANSLATE_NOOP("AuditWords", "Format"),
    # exchanges
    "exchange": QT_TRANSLATE_NOOP("AuditWords", "Exchange"),
    "released": QT_TRANSLATE_NOOP("AuditWords", "Released"),
    "released_date": QT_TRANSLATE_NOOP("AuditWords", "Release date"),
}

ENTITIES = {
    "case": QT_TRANSLATE_NOOP("AuditWords", "case"),
    "document": QT_TRANSLATE_NOOP("AuditWords", "document"),
    "custody": QT_TRANSLATE_NOOP("AuditWords", "custody"),
    "media": QT_TRANSLATE_NOOP("AuditWords", "media appearance"),
    "appeal": QT_TRANSLATE_NOOP("AuditWords", "appeal"),
    "event": QT_TRANSLATE_NOOP("AuditWords", "event"),
    "task": QT_TRANSLATE_NOOP("AuditWords", "task"),
    "contact": QT_TRANSLATE_NOOP("AuditWords", "contact"),
    "link": QT_TRANSLATE_NOOP("AuditWords", "contact of the case"),
    "attachment": QT_TRANSLATE_NOOP("AuditWords", "attachment"),
    "status": QT_TRANSLATE_NOOP("AuditWords", "status"),
    "case_contact": QT_TRANSLATE_NOOP("AuditWords", "contact of the case"),
    "disclosure": QT_TRANSLATE_NOOP("AuditWords", "disclosure"),
    "exchange": QT_TRANSLATE_NOOP("AuditWords", "exchange"),
    "partner_claim": QT_TRANSLATE_NOOP("AuditWords", "partner's data"),
    "bundle": QT_TRANSLATE_NOOP("AuditWords", "partner's bundle"),
    "org_key": QT_TRANSLATE_NOOP("AuditWords", "key pair"),
    "partner_key": QT_TRANSLATE_NOOP("AuditWords", "partner's key"),
    "setting": QT_TRANSLATE_NOOP("AuditWords", "setting"),
    "case_list": QT_TRANSLATE_NOOP("AuditWords", "case list"),
}

# The server's own entries (`direct_change`, migrations 0015/0016: a row changed beside
# the application) name the table as stored; in the words of the forms here. The stored
# names stay one hover away (`raw_names`) for whoever administers the server.
TABLES = {
    "cases": QT_TRANSLATE_NOOP("AuditWords", "case"),
    "aliases": QT_TRANSLATE_NOOP("AuditWords", "other spelling"),
    "citizenships": QT_TRANSLATE_NOOP("AuditWords", "citizenship"),
    "identity_documents": QT_TRANSLATE_NOOP("AuditWords", "document"),
    "external_references": QT_TRANSLATE_NOOP("AuditWords", "partner's reference"),
    "case_tags": QT_TRANSLATE_NOOP("AuditWords", "tag"),
    "status_changes": QT_TRANSLATE_NOOP("AuditWords", "status"),
    "custody_periods": QT_TRANSLATE_NOOP("AuditWords", "custody"),
    "media_appearances": QT_TRANSLATE_NOOP("AuditWords", "media appearance"),
    "case_contacts": QT_TRANSLATE_NOOP("AuditWords", "contact of the case"),
    "appeals": QT_TRANSLATE_NOOP("AuditWords", "appeal"),
    "events": QT_TRANSLATE_NOOP("AuditWords", "event"),
    "attachments": QT_TRANSLATE_NOOP("AuditWords", "attachment"),
    "tasks": QT_TRANSLATE_NOOP("AuditWords", "task"),
    "disclosures": QT_TRANSLATE_NOOP("AuditWords", "disclosure"),
    "exchange_listings": QT_TRANSLATE_NOOP("AuditWords", "place on an exchange list"),
    "case_members": QT_TRANSLATE_NOOP("AuditWords", "person named on a restricted case"),
    "import_cases": QT_TRANSLATE_NOOP("AuditWords", "case of an imported list"),
    "contacts": QT_TRANSLATE_NOOP("AuditWords", "contact"),
    "contact_channels": QT_TRANSLATE_NOOP("AuditWords", "contact's phone, e-mail or messenger"),
}

# Their columns that the forms do not show under a label of their own (FIELDS has the rest).
SERVER_FIELDS = {
    "operation": QT_TRANSLATE_NOOP("AuditWords", "Change"),
    "id": QT_TRANSLATE_NOOP("AuditWords", "Record number"),
    "reference": QT_TRANSLATE_NOOP("AuditWords", "Reference"),
    "created_at": QT_TRANSLATE_NOOP("AuditWords", "Created"),
    "updated_at": QT_TRANSLATE_NOOP("AuditWords", "Last changed"),
    "version": QT_TRANSLATE_NOOP("AuditWords", "Version"),
    "merged_into_id": QT_TRANSLATE_NOOP("AuditWords", "Merged into"),
    "restricted": QT_TRANSLATE_NOOP("AuditWords", "Restricted"),
    "case_id": QT_TRANSLATE_NOOP("AuditWords", "Case"),
    "position": QT_TRANSLATE_NOOP("AuditWords", "Order"),
    "spelling": QT_TRANSLATE_NOOP("AuditWords", "Spelling"),
    "tag": QT_TRANSLATE_NOOP("AuditWords", "Tag"),
    "recorded_at": QT_TRANSLATE_NOOP("AuditWords", "Recorded"),
    "recorded_by": QT_TRANSLATE_NOOP("AuditWords", "Recorded by"),
    "contact_id": QT_TRANSLATE_NOOP("AuditWords", "Contact"),
    "share_partner": QT_TRANSLATE_NOOP("AuditWords", "May be shared with partners"),
    "appeal_id": QT_TRANSLATE_NOOP("AuditWords", "Appeal"),
    "description": QT_TRANSLATE_NOOP("AuditWords", "Description"),
    "is_portrait": QT_TRANSLATE_NOOP("AuditWords", "Portrait"),
    "data": QT_TRANSLATE_NOOP("AuditWords", "File content"),
    "made_at": QT_TRANSLATE_NOOP("AuditWords", "Made"),
    "made_by": QT_TRANSLATE_NOOP("AuditWords", "Made by"),
    "exchange_id": QT_TRANSLATE_NOOP("AuditWords", "Exchange"),
    "added_at": QT_TRANSLATE_NOOP("AuditWords", "Added"),
    "added_by": QT_TRANSLATE_NOOP("AuditWords", "Added by"),
    "login": QT_TRANSLATE_NOOP("AuditWords", "Login"),
    "import_id": QT_TRANSLATE_NOOP("AuditWords", "Import"),
    "action": QT_TRANSLATE_NOOP("AuditWords", "Action"),
    "value": QT_TRANSLATE_NOOP("AuditWords", "Value"),
    "label": QT_TRANSLATE_NOOP("AuditWords", "Label"),
    # a contact's channel, entered under its kind
    "phone": QT_TRANSLATE_NOOP("AuditWords", "Phone"),
    "email": QT_TRANSLATE_NOOP("AuditWords", "E-mail"),
    "messenger": QT_TRANSLATE_NOOP("AuditWords", "Messenger"),
}

# The server's word for what was done to the row (`operation`).
OPERATIONS = {
    "INSERT": QT_TRANSLATE_NOOP("AuditWords", "added"),
    "UPDATE": QT_TRANSLATE_NOOP("AuditWords", "changed"),
    "DELETE": QT_TRANSLATE_NOOP("AuditWords", "deleted"),
}

VERBS = {
    "create": QT_TRANSLATE_NOOP("AuditWords", "created"),
    "add": QT_TRANSLATE_NOOP("AuditWords", "added"),
    "update": QT_TRANSLATE_NOOP("AuditWords", "changed"),
    "delete": QT_TRANSLATE_NOOP("AuditWords", "deleted"),
    "open": QT_TRANSLATE_NOOP("AuditWords", "opened"),
    "view": QT_TRANSLATE_NOOP("AuditWords", "viewed"),
    "restrict": QT_TRANSLATE_NOOP("AuditWords", "restricted"),
    "merge": QT_TRANSLATE_NOOP("AuditWords", "merged"),
    "link": QT_TRANSLATE_NOOP("AuditWords", "linked"),
    "unlink": QT_TRANSLATE_NOOP("AuditWords", "unlinked"),
    "change": QT_TRANSLATE_NOOP("AuditWords", "changed"),
}

# Actions worded whole (not a verb and a record): the rest of the core's audit actions.
ACTIONS = {
    "accept_claim": QT_TRANSLATE_NOOP("AuditWords", "partner's data accepted"),
    "reject_claim": QT_TRANSLATE_NOOP("AuditWords", "partner's data rejected"),
    "demo": QT_TRANSLATE_NOOP("AuditWords", "demonstration cases made"),
    "direct_change": QT_TRANSLATE_NOOP("AuditWords",
                                       "changed directly in the database, not through Case Manager"),
    "disclose": QT_TRANSLATE_NOOP("AuditWords", "dossier made"),
    "export": QT_TRANSLATE_NOOP("AuditWords", "written to a list (export)"),
    "view": QT_TRANSLATE_NOOP("AuditWords", "opened"),
    "list": QT_TRANSLATE_NOOP("AuditWords", "listed (command line)"),
    "import": QT_TRANSLATE_NOOP("AuditWords", "list imported"),
    "keys_add": QT_TRANSLATE_NOOP("AuditWords", "partner's key added"),
    "keys_init": QT_TRANSLATE_NOOP("AuditWords", "key pair made"),
    "keys_remove": QT_TRANSLATE_NOOP("AuditWords", "partner's key removed"),
    "keys_replace": QT_TRANSLATE_NOOP("AuditWords", "key pair replaced (the old one retired)"),
    "merged_into": QT_TRANSLATE_NOOP("AuditWords", "merged into another case"),
    "not_duplicate": QT_TRANSLATE_NOOP("AuditWords", "marked as not the same person"),
    "receive": QT_TRANSLATE_NOOP("AuditWords", "received from a partner"),
    "receive_bundle": QT_TRANSLATE_NOOP("AuditWords", "partner's bundle received"),
    "set_setting": QT_TRANSLATE_NOOP("AuditWords", "setting changed"),
    "unmerge": QT_TRANSLATE_NOOP("AuditWords", "merge undone"),
    "withdraw": QT_TRANSLATE_NOOP("AuditWords", "removed: withdrawn by the partner it came from"),
    "erase_details": QT_TRANSLATE_NOOP("AuditWords",
                                       "details erased: the family no longer shares them"),
}

# A value erased from the log with the family's contact (services/log_erasure.py).
ERASED = QT_TRANSLATE_NOOP("AuditWords", "(erased)")

# "disclose" by what was made (the entry's `kind`): a letter is not a dossier.
DISCLOSE_ACTIONS = {
    "letter": QT_TRANSLATE_NOOP("AuditWords", "letter made"),
    "bundle": QT_TRANSLATE_NOOP("AuditWords", "bundle sent to a partner"),
}

YES = QT_TRANSLATE_NOOP("AuditWords", "yes")
NO = QT_TRANSLATE_NOOP("AuditWords", "no")

# A stored field -> the vocabularies its values come from (the first that has the code:
# "status" is a case's or an appeal's, "kind" an event's or a contact's; no code is in both).
_VOCABULARY_FIELDS = {
    "status": ("status", "appeal_status"), "priority": ("priority",), "sex": ("sex",),
    "recruitment": ("recruitment",), "confidence": ("confidence",),
    "kind": ("event_kind", "contact_kind"), "doc_type": ("doc_type",),
    "medical_urgency": ("medical_urgency",), "channel": ("channel_kind",),
}
_DATE_FIELDS = {
    "date_of_birth", "last_proof_of_life", "capture_date", "date_from", "date_to", "date",
    "sent_date", "follow_up_date", "response_date", "due_date", "released_date",
}
_BOOL_FIELDS = {"disclosed", "confidential", "done", "share_embassy", "share_icrc", "share_media",
                "released", "restricted", "share_partner", "is_portrait"}
_COUNTRY_FIELDS = {"issuing_country", "country"}


def _marked(text: str) -> str:
    """A QT_TRANSLATE_NOOP-marked text of this module, translated."""
    return QCoreApplication.translate(_CONTEXT, text)


def field_label(name: str) -> str:
    """`family_name` -> "Family name" (translated); unknown names readable at least."""
    text = FIELDS.get(name)
    return _marked(text) if text else name.replace("_", " ")


def record_field_label(record: AuditRecord, name: str) -> str:
    """A field of this entry as the forms label it; a server entry's own columns too."""
    if record.action == "direct_change" and name not in FIELDS and name in SERVER_FIELDS:
        return _marked(SERVER_FIELDS[name])
    return field_label(name)


def record_entity_text(record: AuditRecord) -> str:
    """What the entry is about: a record's kind, or the table a server entry names."""
    if record.action == "direct_change" and record.entity in TABLES:
        return _marked(TABLES[record.entity])
    return entity_text(record.entity)


def raw_names(record: AuditRecord) -> str:
    """A server entry's table and columns as stored (`contact_channels.operation,
    contact_channels.phone`), for whoever administers the server; "" for the
    application's entries."""
    if record.action != "direct_change":
        return ""
    return ", ".join(f"{record.entity}.{name}" for name in record.changes) or record.entity


def action_text(action: str, entity: str = "") -> str:
    """`add_appeal` -> "appeal added"; `update` of a case -> "case changed"."""
    if action in ACTIONS:
        return _marked(ACTIONS[action])
    verb, _, kind = action.partition("_")
    kind = kind or entity
    verb_text = _marked(VERBS[verb]) if verb in VERBS else verb.replace("_", " ")
    kind_text = _marked(ENTITIES[kind]) if kind in ENTITIES else kind.replace("_", " ")
    if not kind:
        return verb_text
    # "%1 %2": the record, then what happened to it ("appeal added"); Russian turns it round
    # ("добавлено: обращение") so the verb need not agree with the noun's gender.
    return _marked(QT_TRANSLATE_NOOP("AuditWords", "%1 %2")).replace("%1", kind_text).replace(
        "%2", verb_text)


def record_action_text(record: AuditRecord) -> str:
    """An entry's action in words; a disclosure says what was made (dossier, letter…)."""
    if record.action == "disclose":
        kind = record.changes.get("kind", ("", ""))[1]
        if kind in DISCLOSE_ACTIONS:
            return _marked(DISCLOSE_ACTIONS[kind])
    return action_text(record.action, record.entity)


def entity_text(entity: str) -> str:
    return _marked(ENTITIES[entity]) if entity in ENTITIES else entity.replace("_", " ")


def value_text(name: str, value: str, names: dict[int, str] | None = None) -> str:
    """A stored value as the form shows it."""
    if not value:
        return ""
    if name == "operation" and value in OPERATIONS:  # a server entry's (INSERT…)
        return _marked(OPERATIONS[value])
    if value == ERASED:
        return _marked(ERASED)
    if name == "recipient_id":
        try:
            contact = int(value)
        except ValueError:
            return value
        return (names or {}).get(contact) or _marked(QT_TRANSLATE_NOOP("AuditWords", "contact %1")
                                                ).replace("%1", value)
    if name == "profile":
        return profile_title(value)
    if name == "kind" and value in DISCLOSURE_KINDS:  # no event or contact kind is one
        return kind_title(value)
    if name == "size" and value.isdigit():
        return QLocale().formattedDataSize(
            int(value), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)
    if name in _BOOL_FIELDS:
        lowered = value.strip().lower()
        if lowered in {"1", "true", "yes"}:
            return _marked(YES)
        if lowered in {"0", "false", "no"}:
            return _marked(NO)
        return value
    if name in _VOCABULARY_FIELDS:
        return word_in(_VOCABULARY_FIELDS[name], value)
    if name in _DATE_FIELDS:
        try:
            return date_text(PartialDate.parse(value[:10]))
        except ValueError:
            return value
    if name in _COUNTRY_FIELDS or name == "citizenships":
        return ", ".join(country_name(c.strip()) or c for c in value.split(",") if c.strip())
    return value


def summary(record: AuditRecord, limit: int = 60, names: dict[int, str] | None = None) -> str:
    """`Family name: — → Tursunov; Recipient: Embassy of Uzbekistan → …`"""

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return "; ".join(
        f"{record_field_label(record, name)}: {cut(value_text(name, old, names)) or '—'} → "
        f"{cut(value_text(name, new, names)) or '—'}"
        for name, (old, new) in record.changes.items()
    )


def referenced_contacts(records: Iterable[AuditRecord]) -> set[int]:
    ids: set[int] = set()
    for r in records:
        for name, pair in r.changes.items():
            if name == "recipient_id":
                ids.update(int(v) for v in pair if v and v.isdigit())
    return ids


def contact_names(ids: Iterable[int], lookup: Callable[[int], str]) -> dict[int, str]:
    """The names of these contacts; one that is gone is named by its number and says so."""
    found: dict[int, str] = {}
    for contact_id in ids:
        try:
            found[contact_id] = lookup(contact_id)
        except NotFoundError:
            found[contact_id] = _marked(QT_TRANSLATE_NOOP("AuditWords", "contact %1 (deleted)")
                                   ).replace("%1", str(contact_id))
    return found
