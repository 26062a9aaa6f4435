"""The words of a Russian dossier (issue 17, the humanitarian editor's review in
../shared/ru-terminology.md): no word that echoes the home countries' criminal codes on
mercenarism («вербовка», «завербован») or a police arrest («задержан»), no «НКО» or
«сокрытие», in a dossier of any profile; statuses said of a woman in the feminine, of a
person whose sex is not recorded in the neutral form."""

from __future__ import annotations

import re

from dossier_case import make_case, pdf_text

from casemanager.domain import vocab
from casemanager.domain.redaction import PROFILES
from casemanager.reports.dossiers import render_dossier
from casemanager.reports.labels import Labels
from casemanager.services import cases, contacts, records

# «задержание подтверждено» (the status "confirmed", as the review asks) is allowed; the
# participle («задержан», «задержанного») is not.
FORBIDDEN = re.compile(r"вербов|завербован|задержан(?!ие)|\bНКО\b|сокрыти", re.IGNORECASE)


def every_word_case(db, *, sex: str, status: str, recruitment: str) -> str:
    """A case that carries the words most likely to harm: its status history walks
    through every status, it has an NGO and an ICRC contact, a custody place and an
    event of every kind."""
    ref = make_case(db, sex=sex, recruitment=recruitment, family_name=f"Case{status}")
    for step in vocab.STATUSES:
        cases.change_status(db, ref, status=step, date="2024-08", source="ICRC notification")
    cases.change_status(db, ref, status=status, date="2024-09")
    ngo = contacts.create_contact(db, fields={"kind": "ngo", "name": "Голоса семей"})
    contacts.link_contact(db, ref, ngo)
    records.add_custody(db, ref, facility="SIZO-2", holding_party="RU", disclosed=False)
    for kind in vocab.EVENT_KINDS:
        records.add_event(db, ref, date="2024-10", kind=kind, summary=f"{kind} entry")
    return ref


def test_no_dossier_of_any_profile_says_the_harmful_words(sqlite_db):
    refs = [every_word_case(sqlite_db, sex=sex, status=status, recruitment=recruitment)
            for sex, status, recruitment in zip(
                ("male", "female", "unknown", "male", "female", "unknown", "male"),
                ("detained", "confirmed", "released", "missing", "deceased", "repatriated",
                 "exchange_listed"),
                vocab.RECRUITMENT, strict=False)]
    for profile in PROFILES:
        # several cases: the cover letter is in the same PDF
        text = pdf_text(render_dossier(sqlite_db, refs, lang="ru", profile=profile)[0])
        assert "Досье" in text
        found = sorted({m.group(0) for m in FORBIDDEN.finditer(text)})
        assert not found, f"{profile}: {found}"
        # the review's words are there instead
        assert "содержится под стражей" in text and "поступило сообщение" in text


def test_the_checker_catches_the_old_words():
    """FORBIDDEN really finds what the dossier used to say."""
    old = "в плену · Задержан · Завербован в тюрьме · вербовка · НКО · строгое сокрытие данных"
    assert {m.group(0).casefold() for m in FORBIDDEN.finditer(old)} == {
        "задержан", "завербован", "вербов", "нко", "сокрыти"}
    assert not FORBIDDEN.search("задержание подтверждено; содержится под стражей")


def test_a_womans_dossier_is_in_the_feminine(sqlite_db):
    ref = make_case(sqlite_db, sex="female", given_name="Olena", family_name="Petrenko",
                    recruitment="migrant", last_proof_of_life="2024-04")
    cases.change_status(sqlite_db, ref, status="missing", date="2024-03")
    cases.change_status(sqlite_db, ref, status="released", date="2024-05")
    text = pdf_text(render_dossier(sqlite_db, [ref], lang="ru", profile="embassy")[0])
    assert "освобождена" in text and "пропала без вести" in text
    assert "трудовая мигрантка" in text
    assert "Последнее подтверждение, что жива" in text
    assert "освобождён" not in text and "пропал без вести" not in text
    assert "(а)" not in text


def test_a_mans_and_an_unknown_persons_forms(sqlite_db):
    man = make_case(sqlite_db, sex="male")
    cases.change_status(sqlite_db, man, status="released", date="2024-05")
    unknown = make_case(sqlite_db, sex="unknown", family_name="Unknown")
    cases.change_status(sqlite_db, unknown, status="released", date="2024-05")
    text = pdf_text(render_dossier(sqlite_db, [man], lang="ru")[0])
    assert "освобождён" in text and "освобождена" not in text and "освобождён(а)" not in text
    text = pdf_text(render_dossier(sqlite_db, [unknown], lang="ru")[0])
    assert "освобождён(а)" in text


def test_labels_give_every_form():
    ru = Labels("ru")
    assert ru.term("status", "missing", "female") == "пропала без вести"
    assert ru.term("status", "missing", "male") == "пропал без вести"
    assert ru.term("status", "missing") == "пропал(а) без вести"
    assert ru.label("last_proof_of_life", "female") == "Последнее подтверждение, что жива"
    assert ru["last_proof_of_life"] == "Последнее подтверждение, что жив(а)"
    assert ru.system("Released in the exchange 2024-05-31.") == \
        "Освобождён(а) в ходе обмена 2024-05-31."
    # one English word, two meanings: two Russian words
    assert ru.term("status", "confirmed") == "задержание подтверждено"
    assert ru.term("confidence", "confirmed") == "подтверждено"
    assert ru.term("priority", "high") == "высокий"
    assert ru.term("medical_urgency", "high") == "высокая"
    assert ru.term("appeal_channel", "in person") == "лично"


def test_a_womans_appeal_letter_agrees_with_her(sqlite_db):
    from casemanager.reports.appeal_letter import make_appeal_letter
    from casemanager.services import attachments

    ref = make_case(sqlite_db, sex="female", given_name="Olena", family_name="Petrenko")
    cases.change_status(sqlite_db, ref, status="missing", date="2024-03")
    appeal = records.record_ids(sqlite_db, ref, "appeal")[0]
    att = make_appeal_letter(sqlite_db, appeal, "ru")
    text = pdf_text(attachments.attachment_data(sqlite_db, att))
    assert "пропала без вести" in text
    assert not re.search(r"\b(он|его|ему)\b", text)  # the default letter has no «он был взят»
    assert not FORBIDDEN.search(text)
