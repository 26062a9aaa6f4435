"""The interface language: Qt translators for our strings and Qt's own.

The language is the Settings choice ("en", "ru"), else the system locale. Our Russian
strings live in resources/translations/casemanager_ru.ts; the build (`make translations`
or the first start from a source checkout) compiles them to .qm with pyside6-lrelease.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from casemanager.system.paths import resource

LANGUAGES = {"en": "English", "ru": "Русский"}
SETTING = "ui/language"


def QT_TRANSLATE_NOOP(context: str, text: str, disambiguation: str | None = None) -> str:  # noqa: N802 - the name lupdate finds
    """`text`, marked for translation in `context` (Qt's own returns it too, but is typed
    as returning object). A `disambiguation` (lupdate reads it as the message's comment)
    tells two meanings of one English text apart; translate then with
    `QCoreApplication.translate(context, text, disambiguation)`."""
    return text


# Qt's own strings that its qtbase_ru.qm lacks (Qt 6 changed their source text: it has
# "Look in:", the dialog asks for "&Look in:"). Our translator, searched after qtbase's,
# has them: the context is Qt's class, as Qt asks for it.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def chosen_language(settings: QSettings) -> str:
    """The Settings choice, else the system locale's language when we have it, else en."""
    value = str(settings.value(SETTING, "") or "")
    if value in LANGUAGES:
        return value
    return system_language()


def system_language() -> str:
    """The system locale's language when we have a translation for it, else English."""
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def current_language() -> str:
    """The language the running interface shows (set by `install`), for defaults such as
    the dossier's language."""
    return _current[0]


_current = ["en"]


def compiled(lang: str) -> Path | None:
    """The .qm file for `lang`, compiled from its .ts when it is missing or older."""
    ts = resource("translations", f"casemanager_{lang}.ts")
    qm = ts.with_suffix(".qm")
    if ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
        lrelease = shutil.which("pyside6-lrelease") or str(
            Path(sys.executable).with_name("pyside6-lrelease")
        )
        try:
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True,
                           capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            pass  # a read-only bundle ships its .qm; without one the UI stays English
    return qm if qm.exists() else None


def install(app: QApplication, lang: str) -> list[QTranslator]:
    """Install translators for `lang` on the application; returns them (keep them alive)."""
    translators: list[QTranslator] = []
    _current[0] = lang if lang in LANGUAGES else "en"
    # Month names and number formats follow the interface language, not only the system.
    if QLocale.system().language() != QLocale(lang).language():
        QLocale.setDefault(QLocale(lang))
    else:
        QLocale.setDefault(QLocale.system())
    # English has a .qm too: the plural forms of "%n case(s)" messages.
    qm = compiled(lang)
    if qm is not None:
        ours = QTranslator(app)
        if ours.load(str(qm)):
            app.installTranslator(ours)
            translators.append(ours)
    if lang == "en":
        return translators
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        translators.append(qt)
    return translators
