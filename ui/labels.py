"""How stored values are shown: vocabulary words, dates and times, in the caseworker's
language.

The services take and store codes (`exchange_listed`); the interface shows the words of
`_WORDS`, kept as literal QT_TRANSLATE_NOOP strings so `pyside6-lupdate` finds them (a
`tr(variable)` would be invisible to it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication

from casemanager.domain.partialdate import PartialDate
from ui.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Vocabulary"
_WORDS = {
    # statuses
    "reported": QT_TRANSLATE_NOOP("Vocabulary", "Reported"),
    "confirmed": QT_TRANSLATE_NOOP("Vocabulary", "Confirmed"),
    "detained": QT_TRANSLATE_NOOP("Vocabulary", "Detained"),
    "exchange_listed": QT_TRANSLATE_NOOP("Vocabulary", "Exchange listed"),
    "released": QT_TRANSLATE_NOOP("Vocabulary", "Released"),
    "repatriated": QT_TRANSLATE_NOOP("Vocabulary", "Repatriated"),
    "missing": QT_TRANSLATE_NOOP("Vocabulary", "Missing"),
    "deceased": QT_TRANSLATE_NOOP("Vocabulary", "Deceased"),
    "closed": QT_TRANSLATE_NOOP("Vocabulary", "Closed"),
    # priorities
    "normal": QT_TRANSLATE_NOOP("Vocabulary", "Normal"),
    "high": QT_TRANSLATE_NOOP("Vocabulary", "High"),
    "urgent": QT_TRANSLATE_NOOP("Vocabulary", "Urgent"),
    # recruitment
    "contract": QT_TRANSLATE_NOOP("Vocabulary", "Contract"),
    "deceived": QT_TRANSLATE_NOOP("Vocabulary", "Deceived"),
    "coerced": QT_TRANSLATE_NOOP("Vocabulary", "Coerced"),
    "prison": QT_TRANSLATE_NOOP("Vocabulary", "Recruited in prison"),
    "migrant": QT_TRANSLATE_NOOP("Vocabulary", "Labour migrant"),
    "mobilized": QT_TRANSLATE_NOOP("Vocabulary", "Mobilized"),
    "unknown": QT_TRANSLATE_NOOP("Vocabulary", "Unknown"),
    # sex
    "male": QT_TRANSLATE_NOOP("Vocabulary", "Male"),
    "female": QT_TRANSLATE_NOOP("Vocabulary", "Female"),
    # confidence ("confirmed" above)
    "likely": QT_TRANSLATE_NOOP("Vocabulary", "Likely"),
    "unverified": QT_TRANSLATE_NOOP("Vocabulary", "Unverified"),
    # appeal statuses
    "draft": QT_TRANSLATE_NOOP("Vocabulary", "Draft"),
    "sent": QT_TRANSLATE_NOOP("Vocabulary", "Sent"),
    "acknowledged": QT_TRANSLATE_NOOP("Vocabulary", "Acknowledged"),
    "answered": QT_TRANSLATE_NOOP("Vocabulary", "Answered"),
    "rejected": QT_TRANSLATE_NOOP("Vocabulary", "Rejected"),
    "no_response": QT_TRANSLATE_NOOP("Vocabulary", "No response"),
    "withdrawn": QT_TRANSLATE_NOOP("Vocabulary", "Withdrawn"),
    # event kinds
    "note": QT_TRANSLATE_NOOP("Vocabulary", "Note"),
    "call": QT_TRANSLATE_NOOP("Vocabulary", "Call"),
    "visit": QT_TRANSLATE_NOOP("Vocabulary", "Visit"),
    "media": QT_TRANSLATE_NOOP("Vocabulary", "Media"),
    "transfer": QT_TRANSLATE_NOOP("Vocabulary", "Transfer"),
    "exchange": QT_TRANSLATE_NOOP("Vocabulary", "Exchange"),
    "status_change": QT_TRANSLATE_NOOP("Vocabulary", "Status change"),
    # contact kinds
    "relative": QT_TRANSLATE_NOOP("Vocabulary", "Relative"),
    "lawyer": QT_TRANSLATE_NOOP("Vocabulary", "Lawyer"),
    "embassy": QT_TRANSLATE_NOOP("Vocabulary", "Embassy"),
    "consulate": QT_TRANSLATE_NOOP("Vocabulary", "Consulate"),
    "icrc": QT_TRANSLATE_NOOP("Vocabulary", "ICRC"),
    "ombudsman": QT_TRANSLATE_NOOP("Vocabulary", "Ombudsman"),
    "government": QT_TRANSLATE_NOOP("Vocabulary", "Government body"),
    "journalist": QT_TRANSLATE_NOOP("Vocabulary", "Journalist"),
    "ngo": QT_TRANSLATE_NOOP("Vocabulary", "NGO"),
    "other": QT_TRANSLATE_NOOP("Vocabulary", "Other"),
    # medical urgency ("high" above)
    "none": QT_TRANSLATE_NOOP("Vocabulary", "None"),
    "low": QT_TRANSLATE_NOOP("Vocabulary", "Low"),
    "critical": QT_TRANSLATE_NOOP("Vocabulary", "Critical"),
    # document types
    "passport": QT_TRANSLATE_NOOP("Vocabulary", "Passport"),
    "national_id": QT_TRANSLATE_NOOP("Vocabulary", "National ID card"),
    "military_id": QT_TRANSLATE_NOOP("Vocabulary", "Military ID"),
    "birth_certificate": QT_TRANSLATE_NOOP("Vocabulary", "Birth certificate"),
    # contact channel kinds
    "phone": QT_TRANSLATE_NOOP("Vocabulary", "Phone"),
    "email": QT_TRANSLATE_NOOP("Vocabulary", "E-mail"),
    "messenger": QT_TRANSLATE_NOOP("Vocabulary", "Messenger"),
    # casemanager.services.overview.NOT_RECORDED, a row of the overview
    "not recorded": QT_TRANSLATE_NOOP("Vocabulary", "Not recorded"),
}


def word(code: str) -> str:
    """The translated word for a vocabulary code; unknown codes are shown as they are."""
    if not code:
        return ""
    text = _WORDS.get(code)
    if text is None:
        return code.replace("_", " ")
    return QCoreApplication.translate(_CONTEXT, text)


def choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(code, word(code)) for code in codes]




def vocab_label(value: str) -> str:
    """`exchange_listed` -> `Exchange listed` (translated); unknown codes as they are."""
    return word(value)


def country_name(code: str) -> str:
    """A country's name in the interface language (`UZ` -> `Uzbekistan` / `Узбекистан`)."""
    from casemanager.domain import countries
    from ui.i18n import current_language

    return countries.country_name(code, current_language())


def country_label(code: str) -> str:
    """A country code with its name, for menus: `UZ — Uzbekistan`."""
    name = country_name(code) if code else ""
    return f"{code} — {name}" if name and name != code else code


def date_text(value: dt.date | PartialDate | None) -> str:
    """Dates as a European caseworker writes them; partial dates stay partial."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.display()
    return value.strftime("%d.%m.%Y")


def local_time_text(value: dt.datetime | None) -> str:
    """A stored UTC time shown in the computer's local time."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone()
    return local.strftime("%d.%m.%Y %H:%M")


def show(value: Any) -> str:
    """A value as shown in the editor's tables: dates as caseworkers write them."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)
