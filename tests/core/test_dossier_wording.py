"""The dossier's closing note says what the profile really did with this case, and the
text the program writes itself ("case opened") is printed in the dossier's language."""

from __future__ import annotations

from dossier_case import ADDRESS, PHONE, make_case, pdf_text

from casemanager.reports.dossiers import render_dossier
from casemanager.services import cases, contacts, records


def text_of(db, ref, many=False, **kw) -> str:
    return pdf_text(render_dossier(db, ref if many else [ref], **kw)[0])


def test_consenting_mother_is_not_said_to_be_left_out(sqlite_db):
    ref = make_case(sqlite_db, share_embassy=True)
    text = text_of(sqlite_db, ref, profile="embassy")
    assert PHONE in text and ADDRESS in text
    assert "family's private contact details" not in text
    assert "with the consent of the person concerned: Зарина Турсунова (mother)" in text
    assert "items marked confidential" in text  # the rest of the rule still holds


def test_without_consent_the_family_details_are_said_to_be_left_out(sqlite_db):
    ref = make_case(sqlite_db, share_embassy=False)
    text = text_of(sqlite_db, ref, profile="embassy")
    assert PHONE not in text
    assert "the family's private contact details" in text
    assert "with the consent of" not in text


def test_one_relative_consented_the_other_did_not(sqlite_db):
    ref = make_case(sqlite_db, share_embassy=True)
    brother = contacts.create_contact(
        sqlite_db, fields={"kind": "relative", "name": "Rustam Tursunov"},
        channels=[("phone", "+998 91 000 00 01")])
    contacts.link_contact(sqlite_db, ref, brother, fields={"relationship": "brother"})
    text = text_of(sqlite_db, ref, profile="embassy", lang="ru")
    assert PHONE in text and "+998 91 000 00 01" not in text
    assert "членов семьи, не давших согласия" in text
    assert "Зарина Турсунова (мать)" in text and "с согласия" in text
    assert "личные контакты семьи;" not in text


def test_strict_copy_says_family_details_are_left_out_even_with_consent(sqlite_db):
    ref = make_case(sqlite_db, share_embassy=True, share_icrc=True, share_media=True)
    text = text_of(sqlite_db, ref, profile="strict")
    assert PHONE not in text
    assert "the family's private contact details" in text
    assert "with the consent of" not in text


def test_internal_copy_has_no_closing_note(sqlite_db):
    ref = make_case(sqlite_db)
    text = text_of(sqlite_db, ref, profile="internal")
    assert "withheld" not in text and "consent" not in text


def test_system_text_is_russian_in_a_russian_dossier(sqlite_db):
    ref = cases.create_case(sqlite_db, fields={
        "family_name": "Петренко", "given_name": "Олена", "sex": "female",
        "capture_date": "2023-05"}).reference
    records.add_event(sqlite_db, ref, date="2024-06", summary="Письмо от матери",
                      source="мать")
    ru = text_of(sqlite_db, ref, lang="ru")
    assert "дело открыто" in ru and "case opened" not in ru
    assert "Письмо от матери" in ru  # what a caseworker typed is printed as typed
    en = text_of(sqlite_db, ref, lang="en")
    assert "case opened" in en


def test_system_words_translate_whole_texts_only():
    from casemanager.reports.labels import Labels

    ru = Labels("ru")
    assert ru.system("case opened") == "дело открыто"
    assert ru.system("merged into CM-0007") == "объединено с делом CM-0007"
    assert ru.system("import list.xlsx") == "импорт list.xlsx"
    assert ru.system("Released in the exchange 2024-05-31.", "female") == \
        "Освобождена в ходе обмена 2024-05-31."
    assert ru.system("the case opened a door") == "the case opened a door"
    assert Labels("en").system("case opened") == "case opened"


def test_an_unnamed_organisation_prints_no_placeholder(sqlite_db):
    from casemanager.services.settings import set_setting

    refs = [make_case(sqlite_db), make_case(sqlite_db)]
    text = text_of(sqlite_db, refs, many=True)
    assert "Case Manager" not in text
    assert "От кого" not in text_of(sqlite_db, refs, many=True, lang="ru")
    # An older version's placeholder stored by saving Settings unchanged is not a name.
    set_setting(sqlite_db, "organisation_name", "Case Manager")
    assert "Case Manager" not in text_of(sqlite_db, refs, many=True)
    set_setting(sqlite_db, "organisation_name", "Голоса семей")
    text = text_of(sqlite_db, refs, many=True, lang="ru")
    assert text.count("Голоса семей") >= 4  # header, footer, "from", signature
