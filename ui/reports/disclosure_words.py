"""The words of a disclosure (the ledger and the History tab): its kind and the profile a
dossier was redacted with. Literal QT_TRANSLATE_NOOP strings under "DisclosuresModel"
(the ledger's context), so pyside6-lupdate finds them and both places say the same."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "DisclosuresModel"

PROFILE_TITLES = {
    "internal": QT_TRANSLATE_NOOP("DisclosuresModel", "internal use"),
    "embassy": QT_TRANSLATE_NOOP("DisclosuresModel", "embassy or consulate"),
    "icrc": QT_TRANSLATE_NOOP("DisclosuresModel", "ICRC"),
    "public": QT_TRANSLATE_NOOP("DisclosuresModel", "public"),
    "strict": QT_TRANSLATE_NOOP("DisclosuresModel", "strict redaction"),
    "letter": QT_TRANSLATE_NOOP("DisclosuresModel", "letter"),  # an appeal letter's
}

# casemanager.reports.dossiers.record_disclosure's `kind`: what left the office.
KINDS = {
    "dossier": QT_TRANSLATE_NOOP("DisclosuresModel", "dossier"),
    "letter": QT_TRANSLATE_NOOP("DisclosuresModel", "letter"),
    "bundle": QT_TRANSLATE_NOOP("DisclosuresModel", "partner bundle"),
}


def _translated(titles: dict[str, str], code: str) -> str:
    text = titles.get(code)
    return QCoreApplication.translate(_CONTEXT, text) if text else code.replace("_", " ")


def profile_title(code: str) -> str:
    """`strict` -> "strict redaction" (translated); an unknown code as it is."""
    return _translated(PROFILE_TITLES, code)


def kind_title(code: str) -> str:
    """`dossier` -> "dossier" (translated); an unknown code as it is."""
    return _translated(KINDS, code)
