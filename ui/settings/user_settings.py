"""The caseworker's own settings on this computer (QSettings), declared once: key, type,
default and title. Organisation-wide settings live with the data
(casemanager/services/settings.py); window geometry and remembered choices stay apart.

Other modules read them through `value()`, e.g. the idle lock:
`value(settings, LOCK_AFTER_MINUTES)` (0 means never).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from ui.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class UserSetting:
    key: str
    kind: type
    default: str | int
    title: str  # a QT_TRANSLATE_NOOP literal, shown translated in context "UserSettings"


LANGUAGE = UserSetting("ui/language", str, "",
                       QT_TRANSLATE_NOOP("UserSettings", "Interface language"))
LOCK_AFTER_MINUTES = UserSetting("privacy/lock_after_minutes", int, 10,
                                 QT_TRANSLATE_NOOP("UserSettings", "Lock after idle minutes"))

USER_SETTINGS = (LANGUAGE, LOCK_AFTER_MINUTES)


def value(settings: QSettings, spec: UserSetting) -> str | int:
    raw: Any = settings.value(spec.key, spec.default)  # whatever was stored
    if spec.kind is int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            return spec.default
    return str(raw or "")


def set_value(settings: QSettings, spec: UserSetting, new: str | int) -> None:
    settings.setValue(spec.key, spec.kind(new))
