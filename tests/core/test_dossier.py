"""Dossiers read back with pypdf: names, labels, redaction, consent, pages, metadata, ledger."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import io
import socket

import pytest
from dossier_case import (
    ADDRESS,
    CONFIDENTIAL_EVENT,
    CONFIDENTIAL_NOTE,
    DOC_NUMBER,
    EMAIL,
    EMBASSY_EMAIL,
    OPEN_EVENT,
    PHONE,
    make_case,
    page_texts,
    pdf_text,
)
from pypdf import PdfReader
from sqlalchemy import select

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.reports.dossiers import list_disclosures, make_dossier, render_dossier
from casemanager.services import records
from casemanager.store.models import AuditEntry, Setting

# What `--redact` must leave out, each present in the organisation's own (internal) copy.
REDACTED = {
    "family phone": PHONE,
    "family e-mail": EMAIL,
    "family address": ADDRESS,
    "document number": DOC_NUMBER,
    "confidential notes": CONFIDENTIAL_NOTE,
    "confidential event": CONFIDENTIAL_EVENT,
}


def text_of(db, ref, **kw) -> str:
    pdf, _ = render_dossier(db, [ref], **kw)
    return pdf_text(pdf)


def test_latin_and_cyrillic_names_and_labels_in_both_languages(db):
    ref = make_case(db)
    en = text_of(db, ref, lang="en")
    ru = text_of(db, ref, lang="ru")
    for text in (en, ru):
        assert "Tursunov Alisher Bakhtiyorovich" in text
        assert "Турсунов Алишер Бахтиёрович" in text
        assert "Самарканд" in text
        assert ref in text
    assert "Case dossier" in en and "Date of birth" in en and "CONFIDENTIAL" in en
    assert "Uzbekistan" in en
    assert "Досье по делу" in ru and "Дата рождения" in ru and "КОНФИДЕНЦИАЛЬНО" in ru
    assert "Узбекистан" in ru and "Россия" in ru
    assert "в плену" not in ru and "поступило сообщение" in ru  # status "reported" named in Russian


def test_partial_dates_are_shown_as_given_in_the_window_s_words(db):
    # A month and year in words, as the window writes it (issue 17.11): "03.1994" read
    # like the 3rd of a month; never padded to a made-up day.
    ref = make_case(db)
    en, ru = text_of(db, ref, lang="en"), text_of(db, ref, lang="ru")
    assert "March 1994" in en and "март 1994" in ru  # born 1994-03
    for text in (en, ru):
        assert "01.03.1994" not in text and "03.1994" not in text
    # A whole date in words too: 17.02.2024 reads as a month 17 to an American reader.
    assert "17 February 2024" in en and "17 февраля 2024" in ru
    assert "17.02.2024" not in en and "17.02.2024" not in ru


@pytest.mark.parametrize("what", sorted(REDACTED))
def test_redact_leaves_out_each_item_that_the_full_copy_has(db, what):
    ref = make_case(db, share_embassy=True, share_icrc=True, share_media=True)
    full = text_of(db, ref)
    strict = text_of(db, ref, profile="strict")
    assert REDACTED[what] in full
    assert REDACTED[what] not in strict
    # What stays: the person, the open timeline, the embassy's official address; not the
    # relative's name (strict leaves out whatever names the family, consent or not).
    for kept in ("Турсунов Алишер Бахтиёрович", OPEN_EVENT, EMBASSY_EMAIL):
        assert kept in strict
    assert "Зарина Турсунова" in full and "Зарина Турсунова" not in strict


@pytest.mark.parametrize(("profile", "flag"), [
    ("embassy", "share_embassy"), ("icrc", "share_icrc"), ("public", "share_media")])
def test_family_details_follow_the_consent_for_that_recipient(db, profile, flag):
    consented = make_case(db, **{flag: True})
    refused = make_case(db, **{f: True for f in ("share_embassy", "share_icrc", "share_media")
                               if f != flag})
    yes = text_of(db, consented, profile=profile)
    no = text_of(db, refused, profile=profile)
    assert PHONE in yes and EMAIL in yes and ADDRESS in yes
    assert PHONE not in no and EMAIL not in no and ADDRESS not in no
    for text in (yes, no):
        assert CONFIDENTIAL_NOTE not in text and CONFIDENTIAL_EVENT not in text
        # An embassy or the ICRC gets the relative's name, only her details hidden; a
        # public copy never names the family (redaction.FAMILY_NAMES), consent or not.
        assert ("Зарина Турсунова" in text) == (profile != "public")


def test_profiles_differ_in_what_they_leave_out(db):
    ref = make_case(db)
    embassy = text_of(db, ref, profile="embassy")
    public = text_of(db, ref, profile="public")
    assert DOC_NUMBER in embassy and "Shrapnel wound" in embassy
    assert DOC_NUMBER not in public and "Shrapnel wound" not in public
    assert "77/2024" in embassy and "77/2024" not in public
    assert "Some details are withheld" in public


def test_every_page_says_page_x_of_y(db):
    ref = make_case(db)
    for n in range(120):
        records.add_event(db, ref, date=f"2024-{n % 12 + 1:02d}", summary=f"Entry {n} " * 8)
    pages = page_texts(render_dossier(db, [ref])[0])
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    ru = page_texts(render_dossier(db, [ref], lang="ru")[0])
    assert f"Стр. 2 из {len(ru)}" in ru[1]


def test_metadata_names_case_manager_and_nobody(db):
    ref = make_case(db)
    pdf, _ = render_dossier(db, [ref])
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == f"Case dossier {ref}"
    assert meta.creator == "Case Manager" and meta.producer == "Case Manager"
    assert not meta.author
    values = " ".join(str(v) for v in meta.values())
    for personal in {getpass.getuser(), socket.gethostname(), "tester"}:
        assert personal not in values
    assert "anonymous" not in values and "ReportLab" not in values
    # The creation date is the day printed on the page, not the moment (invariant mode):
    # the same case on the same day gives the same bytes, so a ledger hash can be checked.
    day = dt.datetime.now(dt.UTC)
    assert meta["/CreationDate"].startswith(f"D:{day:%Y%m%d}000000")
    assert render_dossier(db, [ref])[0] == pdf


def test_several_cases_open_with_a_cover_letter_each_on_a_new_page(db):
    a, b = make_case(db), make_case(db, name_native="Каримов Бекзод")
    pdf = make_dossier(db, [a, b], "en", "embassy", "Embassy of Uzbekistan in Kyiv")
    pages = page_texts(pdf)
    assert "Case dossiers" in pages[0] and "Embassy of Uzbekistan in Kyiv" in pages[0]
    assert a in pages[0] and b in pages[0] and "Каримов Бекзод" in pages[0]
    starts = [i for i, text in enumerate(pages) if "Case dossier · CM-" in text]
    assert len(starts) == 2 and starts[0] == 1
    assert f"Reference {b}" in pages[starts[1]] and f"Reference {a}" not in pages[starts[1]]


def test_ledger_records_each_dossier_with_the_files_sha256(db, tmp_path):
    ref = make_case(db)
    out = tmp_path / "dossier.pdf"
    pdf = make_dossier(db, [ref], "ru", "icrc", "ICRC Moscow delegation", output=out)
    assert out.read_bytes() == pdf
    (entry,) = list_disclosures(db, ref)
    assert entry.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (entry.recipient, entry.profile, entry.kind, entry.filename) == (
        "ICRC Moscow delegation", "icrc", "dossier", "dossier.pdf")
    assert entry.made_by == "tester"
    with db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "disclose")).one()
    assert audit.case_reference == ref and audit.changes["sha256"][1] == entry.sha256


def test_bad_input_records_nothing(db, tmp_path):
    ref = make_case(db)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFoundError):
        make_dossier(db, [ref, "CM-9999"], output=out / "x.pdf")
    with pytest.raises(ValidationError):
        make_dossier(db, [ref], lang="de")
    with pytest.raises(ValidationError):
        make_dossier(db, [ref], profile="everyone")
    assert list_disclosures(db, ref) == []
    assert list(out.iterdir()) == []


def test_organisation_name_setting_heads_every_page(db):
    ref = make_case(db)
    with db.session() as s:
        s.add(Setting(key="organisation_name", value="Voices & Families <NGO>"))
        s.commit()
    pages = page_texts(render_dossier(db, [ref])[0])
    assert all("Voices & Families <NGO>" in p for p in pages)


def test_cancelling_leaves_no_file_and_no_ledger_entry(db, tmp_path):
    from casemanager.domain.progress import Cancelled

    refs = [make_case(db), make_case(db)]
    calls = []

    def progress(done, total=None, message=""):
        calls.append(message)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        make_dossier(db, refs, progress=progress, output=tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
    assert all(list_disclosures(db, r) == [] for r in refs)


def test_a_name_typed_in_cyrillic_is_not_labelled_latin(db):
    from casemanager.services.cases import create_case

    ref = create_case(db, fields={"family_name": "Иванов", "given_name": "Пётр",
                                  "citizenships": "RU"}, actor="tester").reference
    latin = create_case(db, fields={"family_name": "Ivanov", "given_name": "Pyotr"},
                        actor="tester").reference
    for lang, latin_label, plain_label in (("ru", "Имя (латиницей)", "Имя"),
                                           ("en", "Name (Latin)", "Name")):
        text = text_of(db, ref, lang=lang)
        assert "Иванов Пётр" in text and latin_label not in text
        assert f"{plain_label} Иванов Пётр" in text.replace("\n", " ")
        assert latin_label in text_of(db, latin, lang=lang)


def _add_father(db, ref) -> None:
    from casemanager.services import contacts

    father = contacts.create_contact(
        db, fields={"kind": "relative", "name": "Гурбан Овезов"}, channels=[("phone", "+993 65 1")])
    contacts.link_contact(db, ref, father, fields={"relationship": "father", "share_embassy": True})


def test_the_consent_note_names_one_person_in_the_singular_and_two_in_the_plural(db):
    """Issue 17 item 4: «Личные контакты (Гурбан Овезов (отец)) приводятся с согласия этих
    лиц» had brackets in brackets and the plural for one person."""
    one = make_case(db, share_embassy=True)
    two = make_case(db, share_embassy=True)
    _add_father(db, two)
    en1, ru1 = (text_of(db, one, profile="embassy", lang=lang) for lang in ("en", "ru"))
    en2, ru2 = (text_of(db, two, profile="embassy", lang=lang) for lang in ("en", "ru"))
    assert ("Private contact details are included with the consent of the person concerned: "
            "Зарина Турсунова (mother).") in en1
    assert ("Private contact details are included with the consent of the persons concerned: "
            "Зарина Турсунова (mother), Гурбан Овезов (father).") in en2
    assert ("Личные контакты приводятся с согласия указанного лица: "
            "Зарина Турсунова (мать).") in ru1
    assert ("Личные контакты приводятся с согласия указанных лиц: "
            "Зарина Турсунова (мать), Гурбан Овезов (отец).") in ru2
    for text in (en1, en2, ru1, ru2):
        assert "((" not in text and "))" not in text and "этих лиц" not in text


def test_no_relative_on_file_nothing_of_theirs_is_said_to_be_left_out(db):
    # An embassy copy of a case with no relatives said "the family's private contact
    # details" were withheld: untrue, and it tells the reader there is a family on file.
    from casemanager.services.cases import create_case

    alone = create_case(db, fields={"family_name": "Osmonov", "given_name": "Nurlan"},
                        actor="tester").reference
    family = make_case(db)  # has relatives without consent
    assert "the family's private contact details" not in text_of(
        db, alone, lang="en", profile="embassy")
    assert "личные контакты семьи" not in text_of(db, alone, lang="ru", profile="embassy")
    assert "the family's private contact details" in text_of(
        db, family, lang="en", profile="embassy").replace("\n", " ")
