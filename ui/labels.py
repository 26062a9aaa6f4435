"""How stored values are shown: vocabulary words, dates and times, in the caseworker's
language (through Qt's translation, so a later translation covers them too)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from casemanager.partialdate import PartialDate

_ACRONYMS = {"icrc": "ICRC", "ngo": "NGO"}


def vocab_label(value: str) -> str:
    """`exchange_listed` -> `Exchange listed`, translated in the "Vocabulary" context."""
    if not value:
        return ""
    text = _ACRONYMS.get(value) or value.replace("_", " ")
    return QCoreApplication.translate("Vocabulary", text[:1].upper() + text[1:])


def country_label(code: str) -> str:
    """A country code with its name, for menus: `UZ — Uzbekistan`."""
    try:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
    except (ImportError, LookupError):
        found = None
    name = getattr(found, "common_name", None) or getattr(found, "name", "") if found else ""
    return f"{code} — {name}" if name else code


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
