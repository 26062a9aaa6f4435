"""One term per concept, one message per meaning (issue 17; the humanitarian editor's review
in ../shared/ru-terminology.md).

- One English word with two meanings ("Confirmed" as a status and as a confidence, "High"
  as a priority and as a medical urgency, "Other" as a contact kind and as a document)
  must be two messages for the translator, or Russian cannot tell them apart.
- The window and the PDF say the same Russian word for the same concept (the PDF in lower
  case, a status said of the person in the form for their sex).
- No menu has two actions on one & access key, in English or in Russian.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from casemanager.domain import vocab
from casemanager.reports.labels import Labels
from scripts.update_translations import TS
from ui import features, i18n, labels
from ui.labels import choices, word, word_source
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

Key = tuple[str, str, str]  # (context, English source, disambiguation)


def shared_messages(uses: Iterable[tuple[str, Key]]) -> dict[Key, set[str]]:
    """Messages that carry more than one meaning: key -> the meanings sharing it."""
    meanings: dict[Key, set[str]] = defaultdict(set)
    for meaning, key in uses:
        meanings[key].add(meaning)
    return {key: found for key, found in meanings.items() if len(found) > 1}


def window_uses() -> list[tuple[str, Key]]:
    """Every vocabulary value, as the message the window really translates it with."""
    uses = []
    for vocabulary, codes in vocab.VOCABULARIES.items():
        for code in codes:
            key = word_source(vocabulary, code)
            assert key is not None, f"the window has no word for {vocabulary} {code!r}"
            uses.append((vocabulary, key))
    return uses


def source_uses() -> list[tuple[str, Key]]:
    """Every vocabulary word as written in ui/labels.py's _WORDS (what lupdate reads):
    (vocabulary, (context, source, disambiguation)), disambiguation "" when none."""
    tree = ast.parse((ROOT / "ui" / "labels.py").read_text(encoding="utf-8"))
    words = next(node.value for node in ast.walk(tree)
                 if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "_WORDS")
    uses = []
    assert isinstance(words, ast.Dict)
    for vocabulary, entries in zip(words.keys, words.values, strict=True):
        assert isinstance(vocabulary, ast.Constant) and isinstance(entries, ast.Dict)
        for call in entries.values:
            assert isinstance(call, ast.Call)
            args = [a.value for a in call.args if isinstance(a, ast.Constant)]
            uses.append((vocabulary.value, (args[0], args[1], args[2] if len(args) > 2 else "")))
    return uses


def test_every_vocabulary_has_a_name_the_window_and_pdf_share():
    tuples = {name for name, value in vars(vocab).items()
              if name.isupper() and isinstance(value, tuple)}
    named = {id(codes) for codes in vocab.VOCABULARIES.values()}
    assert {name for name in tuples if id(getattr(vocab, name)) not in named} == set()


def test_no_message_carries_two_meanings():
    assert shared_messages(window_uses()) == {}
    written = source_uses()
    assert shared_messages(written) == {}
    # What lupdate reads is what word() asks the translator for (else Russian users see
    # English), and every value of every vocabulary is there.
    assert sorted(written) == sorted(window_uses() + [
        ("overview", word_source("overview", "not recorded"))])


def test_the_check_catches_a_shared_message():
    """Two vocabularies with "High" and no disambiguation: found."""
    high = ("Vocabulary", "High", "")
    found = shared_messages([("priority", high), ("medical_urgency", high),
                             ("priority", ("Vocabulary", "Normal", ""))])
    assert found == {high: {"priority", "medical_urgency"}}
    assert shared_messages([("priority", ("Vocabulary", "High", "priority")),
                            ("medical_urgency", ("Vocabulary", "High", "medical_urgency"))]) == {}


def test_vocabulary_words_go_through_word_only():
    """No other file of ui/ marks a "Vocabulary" message: a second use of the context
    would bypass the per-vocabulary disambiguation."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        if path.name == "labels.py" and path.parent.name == "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and node.args[0].value == "Vocabulary":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_two_meanings_two_russian_words(russian):
    assert word("status", "confirmed") == "Задержание подтверждено"
    assert word("confidence", "confirmed") == "Подтверждено"
    assert word("priority", "high") == "Высокий"
    assert [w for _, w in choices("medical_urgency")] == ["Нет", "Низкая", "Высокая",
                                                          "Критическая"]
    assert word("contact_kind", "other") == "Другое" and word("doc_type", "other") == "Другой"
    assert word("status", "detained") == "Под стражей"
    assert word("status", "released") == "Освобождён(а)"
    assert word("recruitment", "prison") == "Из мест лишения свободы"
    assert word("contact_kind", "ngo") == "НПО"


# The PDF says a status as a sentence where the window has a column's word (the review:
# window «Под стражей», PDF «содержится под стражей»).
PDF_LONGER = {("status", "detained"): "содержится "}


def test_vocabulary_words_agree_in_window_and_pdf(russian):
    pdf = Labels("ru")
    differ = []
    for vocabulary, codes in vocab.VOCABULARIES.items():
        for code in codes:
            shown = word(vocabulary, code).casefold()
            printed = pdf.term(vocabulary, code)  # no sex: the neutral form, as the window
            expected = PDF_LONGER.get((vocabulary, code), "") + shown
            if printed.casefold() != expected:
                differ.append(f"{vocabulary} {code}: window «{shown}», PDF «{printed}»")
    assert differ == []


# Concepts the form and the dossier both name: (the PDF's label, the window's message).
FIELDS = [
    ("recruitment", "ServiceSection", "Recruitment"),
    ("icrc_registration", "ServiceSection", "ICRC registration"),
    ("media", "ServiceSection", "Media appearances"),
    ("name_native", "PersonSection", "Native script"),
    ("aliases", "PersonSection", "Other spellings"),
    ("person_to_inform", "PersonSection", "Person to inform"),
    ("last_proof_of_life", "PersonSection", "Last proof of life"),
    ("documents", "PersonSection", "Identity documents"),
    ("issuing_country", "PersonSection", "Issued by"),
    ("sex", "PersonSection", "Sex"),
    ("date_of_birth", "PersonSection", "Date of birth"),
    ("place_of_birth", "PersonSection", "Place of birth"),
    ("ethnicity", "PersonSection", "Ethnicity"),
    ("home_region", "PersonSection", "Home region"),
    ("languages", "PersonSection", "Languages"),
    ("father_name", "PersonSection", "Father's first name"),
    ("mother_maiden_name", "PersonSection", "Mother's maiden name"),
    ("affiliation", "ServiceSection", "Affiliation"),
    ("unit", "ServiceSection", "Unit"),
    ("rank", "ServiceSection", "Rank"),
    ("service_number", "ServiceSection", "Service number"),
    ("capture_date", "ServiceSection", "Captured on"),
    ("capture_place", "ServiceSection", "Captured at"),
    ("detaining_party", "ServiceSection", "Detaining party"),
    ("medical_urgency", "ServiceSection", "Medical urgency"),
    ("holding_party", "ServiceSection", "Held by"),
    ("assigned_to", "StatusSection", "Assigned to"),
    ("priority", "StatusSection", "Priority"),
    ("current_status", "StatusSection", "Current status"),
    ("confidence", "StatusSection", "Confidence"),
    ("notes", "NotesSection", "Notes"),
    ("confidential_notes", "NotesSection", "Confidential notes"),
    ("location_not_disclosed", "CaseTableModel", "location not disclosed"),
    ("location_not_disclosed", "CustodyDialog", "Location not disclosed"),
    ("relationship", "ContactsSection", "Relationship"),
    ("recipient", "AppealsSection", "Recipient"),
    ("channel", "AppealsSection", "Channel"),
    ("subject", "AppealsSection", "Subject"),
    ("sent", "AppealsSection", "Sent"),
    ("appeals", "AppealsSection", "Appeals"),
    ("contacts", "ContactsSection", "Contacts"),
]


def plain(text: str) -> str:
    return text.replace("&", "").rstrip(":").casefold()


def test_field_names_agree_in_window_and_pdf(russian):
    pdf = Labels("ru")
    differ = []
    for key, context, source in FIELDS:
        shown = QCoreApplication.translate(context, source)
        assert shown != source, f"{context} {source!r} is not translated"
        if plain(shown) != plain(pdf[key]):
            differ.append(f"{key}: window «{shown}», PDF «{pdf[key]}»")
    assert differ == []


def test_suggested_words_agree_in_window_and_pdf(russian):
    """What the window suggests for a contact's relationship and an appeal's channel is
    stored in the caseworker's language; an English one prints as the window's Russian."""
    from ui.editor.dialogs.appeal_dialog import CHANNELS
    from ui.editor.dialogs.contact_link_dialog import RELATIONSHIPS

    pdf = Labels("ru")
    for vocabulary, context, words in (("relationship", "ContactLinkDialog", RELATIONSHIPS),
                                       ("appeal_channel", "AppealDialog", CHANNELS)):
        for english in words:
            assert pdf.term(vocabulary, english) == QCoreApplication.translate(context, english)


# Words the review takes out of the Russian interface: police arrest, mercenarism,
# «НКО», «сокрытие», soldiers' «наши».
HARMFUL = re.compile(r"вербов|завербован|задержан(?!ие)|\bНКО\b|сокрыти|\bнаши[хм]?\b|у нас\b",
                     re.IGNORECASE)


def test_no_harmful_word_in_the_russian_interface():
    found = []
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            text = "".join(translation.itertext())
            for match in HARMFUL.finditer(text):
                found.append(f"{context.findtext('name')}: «{match.group(0)}» in «{text[:80]}»")
    assert found == []


# ---------------------------------------------------------------- menu access keys

def access_key(text: str) -> str | None:
    """The letter after a single & ("&&" is a literal ampersand)."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def clashes(texts: Iterable[str]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        key = access_key(text)
        if key:
            by_key[key].append(text)
    return {key: found for key, found in by_key.items() if len(found) > 1}


def menu_clashes(menu: QMenu, path: str) -> list[str]:
    out = []
    actions = [a for a in menu.actions() if not a.isSeparator() and a.text()]
    for key, texts in clashes(a.text() for a in actions).items():
        out.append(f"{path}: {key!r} in {texts}")
    for action in actions:
        if action.menu() is not None:
            out += menu_clashes(action.menu(), f"{path} > {action.text()}")
    return out


def test_the_clash_check_finds_a_clash():
    assert clashes(["&Новое дело", "&Найти", "Импорт"]) == {"н": ["&Новое дело", "&Найти"]}
    assert clashes(["Save && close", "&Save"]) == {}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_two_menu_actions_share_an_access_key(lang, demo_ctx, qapp, qtbot):
    translators = i18n.install(qapp, lang)
    try:
        window = MainWindow(demo_ctx)
        qtbot.addWidget(window)
        features.install(window)
        bar = window.menuBar()
        titles = [a.text() for a in bar.actions()]
        assert len(titles) >= 4
        found = [f"menu bar: {key!r} in {texts}" for key, texts in clashes(titles).items()]
        for action in bar.actions():
            if action.menu() is not None:
                found += menu_clashes(action.menu(), action.text())
        assert found == []
        if lang == "ru":
            assert titles[0] == "&Файл"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")


def test_labels_module_keeps_its_vocabulary_words():
    """word() of an unknown code shows it readable (never drops it)."""
    assert labels.word("status", "some_new_status") == "some new status"
    assert labels.word_in(("status", "appeal_status"), "no_response") == "No response"
