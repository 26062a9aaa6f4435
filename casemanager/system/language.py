"""The caseworker's language outside the GUI (the CLI's dossier default): Qt-free.

`$CASEMANAGER_LANG` ("en"/"ru") when set, else the system locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`: `ru_RU.UTF-8` -> "ru"), else English. The GUI has its own choice
in Settings (QSettings "ui/language") and passes it explicitly.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "ru")


def default_language(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    chosen = env.get("CASEMANAGER_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:  # the first one set decides, as in POSIX
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"
