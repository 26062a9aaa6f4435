"""The Russian interface is complete and fits: every string of ui/ has a translation in
the committed .ts (run scripts/update_translations.py and translate what is new), the
placeholders survive translation, and the Russian main window and case editor show their
texts uncut."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from editor_helpers import open_case
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QPushButton, QToolButton

from scripts.update_translations import TS, TS_EN, lupdate
from ui import features, i18n
from ui.main_window import MainWindow

# %1, %n, %Ln, %s, %d and {name}: whatever the code fills in must stay in the text.
PLACEHOLDER = re.compile(r"%L?\d|%L?n|%[sd]|\{\w*\}")


def messages(path: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation) -> the <message> element (one English text with
    two meanings is two messages: "Confirmed" as a status and as a confidence)."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def translations(message: ET.Element) -> list[str]:
    element = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in element.iter("numerusform")]
    return [element.text or ""]


def refreshed(ts: Path, tmp_path: Path, **kwargs) -> Path:
    """A copy of `ts` with the current sources of ui/ merged in by lupdate."""
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    lupdate(copy, **kwargs)
    return copy


@pytest.mark.parametrize("ts, plural_only", [(TS, False), (TS_EN, True)], ids=["ru", "en"])
def test_every_source_string_is_translated(ts, plural_only, tmp_path):
    # "vanished" entries are translations kept for strings not in ui/ now (other
    # branches): not compiled, so a string in the sources needs a live entry.
    committed = {key: m for key, m in messages(ts).items()
                 if m.find("translation").get("type") not in ("vanished", "obsolete")}
    current = messages(refreshed(ts, tmp_path, plural_only=plural_only))
    assert current, "lupdate found no strings in ui/"
    new = sorted(key for key in current if key not in committed)
    assert not new, f"{ts.name} is out of date: run scripts/update_translations.py; new: {new}"
    gone = sorted(key for key in committed if key not in current)
    assert not gone, f"{ts.name} keeps strings ui/ no longer has: {gone}"
    problems = []
    for (context, source, _comment), message in current.items():
        status = message.find("translation").get("type")
        texts = translations(message)
        if status in ("unfinished", "vanished", "obsolete") or not all(t.strip() for t in texts):
            problems.append(f"{context}: {source!r} has no translation")
            continue
        wanted = Counter(p.replace("%Ln", "%n") for p in PLACEHOLDER.findall(source))
        for text in texts:
            got = Counter(p.replace("%Ln", "%n") for p in PLACEHOLDER.findall(text))
            if got != wanted:
                problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
            if "&" in source.replace("&amp;", "") and "&" not in text:
                problems.append(f"{context}: {source!r} -> {text!r}: lost its & shortcut")
    assert not problems, "\n".join(problems)


def test_the_russian_translation_has_three_plural_forms():
    for (_context, source, _comment), message in messages(TS).items():
        if message.get("numerus") == "yes":
            assert len(translations(message)) == 3, source


@pytest.fixture
def russian(qapp):
    translators = i18n.install(qapp, "ru")
    assert translators, "the Russian .qm could not be compiled or loaded"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    i18n.install(qapp, "en")


@pytest.fixture
def russian_window(russian, demo_ctx, qtbot):
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.resize(1320, 820)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_menus_are_russian(russian_window):
    titles = [a.text() for a in russian_window.menuBar().actions()]
    assert titles[:3] == ["&Файл", "&Дело", "&Вид"] and titles[-1] == "&Справка"
    texts = [a.text() for a in russian_window.menus["view"].actions() if a.text()]
    assert "Контрольные с&роки" in texts and "С&водка" in texts
    assert "дел" in russian_window.count_label.text()  # "60 дел"
    # Vocabulary words in the case list come out in Russian too.
    statuses = {russian_window.case_list.model.index(r, 0).siblingAtColumn(c).data()
                for r in range(20) for c in range(russian_window.case_list.model.columnCount())}
    assert statuses & {"Под стражей", "В списке на обмен", "Освобождён(а)", "Поступило сообщение",
                       "Задержание подтверждено", "Пропал(а) без вести", "Репатриирован(а)",
                       "Нет в живых"}


def clipped(root) -> list[str]:
    """Visible labels and buttons narrower than their text needs (a pseudo-check: what a
    caseworker would see as cut-off words)."""
    found = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text().strip():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or widget.textFormat() != 0
                                           and "<" in widget.text()):
            continue  # wrapping and rich text labels take the width they are given
        if not isinstance(widget, QLabel | QPushButton | QToolButton | QCheckBox):
            continue
        need = widget.minimumSizeHint().width() if isinstance(widget, QLabel) else \
            widget.sizeHint().width()
        if widget.width() + 1 < need:
            found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} < {need}")
    return found


def test_nothing_is_clipped_in_russian(russian_window, qtbot):
    assert not clipped(russian_window)
    # Longer Russian words must not push the window past a common 1366-pixel laptop screen.
    assert russian_window.minimumSizeHint().width() <= 1340
    table = russian_window.case_list.table
    header, model = table.horizontalHeader(), table.model()
    cut = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())
           if not header.isSectionHidden(n) and header.sectionSize(n) < header.fontMetrics()
           .horizontalAdvance(model.headerData(n, Qt.Orientation.Horizontal)) + 12]
    assert not cut, f"column titles cut: {cut}"
    russian_window.new_case()
    editor = russian_window.tabs.currentWidget()
    qtbot.waitExposed(editor)
    assert not clipped(editor)
    reference = russian_window.case_list.model.index(0, 0).data()
    open_case(qtbot, russian_window, reference)
    assert not clipped(russian_window.tabs.currentWidget())


def test_the_application_starts_in_the_language_chosen_in_settings(tmp_path):
    """ui.app.application() installs the chosen translator before any widget is made
    (a fresh process: QSettings reads the user's file under XDG_CONFIG_HOME)."""
    import os
    import subprocess
    import sys

    script = (
        "from PySide6.QtCore import QCoreApplication, QSettings\n"
        "QCoreApplication.setOrganizationName('CaseManager')\n"
        "QCoreApplication.setApplicationName('CaseManager')\n"
        "if LANG: QSettings().setValue('ui/language', LANG); QSettings().sync()\n"
        "from ui.app import application\n"
        "from casemanager.store.database import open_database\n"
        "from ui.context import AppContext\n"
        "from ui.main_window import MainWindow\n"
        "app = application()\n"
        "db = open_database(DB, create=True)\n"
        "w = MainWindow(AppContext(db=db, settings=QSettings()))\n"
        "print('|'.join(a.text() for a in w.menuBar().actions()))\n"
        "db.dispose()\n"
    )
    root = Path(__file__).resolve().parents[2]
    # Chosen in Settings, else the system locale (LANG=ru_RU here).
    for lang, first in (("ru", "&Файл"), ("en", "&File"), ("", "&Файл")):
        env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / (lang or "system")), "QT_QPA_PLATFORM":
               "offscreen", "PYTHONPATH": str(root), "LANG": "ru_RU.UTF-8"}
        for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            env.pop(name, None)
        code = f"LANG = {lang!r}; DB = {str(tmp_path / (lang + 'x.db'))!r}\n" + script
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, cwd=root, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1].split("|")[0] == first


def hidden_strings(root: Path) -> list[str]:
    """Calls whose text pyside6-lupdate cannot pick up, or files under a wrong context:
    unknown wrappers (`_("…")`; `_tr` is known to update_translations), `other.tr("…")`
    (lupdate takes "other" as the context), and f-strings inside tr()."""
    import ast

    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            if name in ("_", "tr_", "_t") and node.args:
                found.append(f"{where}: {name}(…) is invisible to lupdate; use "
                             "translate(\"Context\", \"…\"), self.tr(\"…\") or _tr(\"…\")")
            if name == "tr" and isinstance(func, ast.Attribute) and not (
                    isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")):
                found.append(f"{where}: <variable>.tr(…) is filed under the variable's name; "
                             "use translate(\"Context\", \"…\")")
            if name in ("tr", "translate") and any(isinstance(a, ast.JoinedStr)
                                                   for a in node.args):
                found.append(f"{where}: an f-string inside {name}() cannot be translated")
    return found


def test_every_string_is_visible_to_lupdate():
    assert not hidden_strings(Path(__file__).resolve().parents[2] / "ui")
