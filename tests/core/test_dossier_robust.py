"""Dossiers that must not break: odd pictures, huge texts, many events, empty cases,
characters the font cannot draw, mark-up characters in names; and appeal letters."""

from __future__ import annotations

import io

import pytest
from dossier_case import OPEN_EVENT, make_case, page_texts, pdf_text, png
from pypdf import PdfReader

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.reports.appeal_letter import TEMPLATE_KEY, fill, make_appeal_letter
from casemanager.reports.dossiers import list_disclosures, render_dossier
from casemanager.reports.fonts import REPLACEMENT, drawable, para
from casemanager.services import attachments, cases, records
from casemanager.services.attachments import attachment_data
from casemanager.store.models import Setting


def test_a_case_with_only_a_name_prints_with_empty_sections(db):
    ref = cases.create_case(db, fields={"name_native": "Юсупов Азиз"}).reference
    pdf, _ = render_dossier(db, [ref], lang="ru")
    text = pdf_text(pdf)
    assert "Юсупов Азиз" in text and "Нет сведений." in text and "Нет фото" in text


@pytest.mark.parametrize("data", [b"", b"not a picture at all", png()[:40]],
                         ids=["empty", "garbage", "truncated"])
def test_a_corrupt_portrait_prints_a_placeholder(db, data):
    ref = cases.create_case(db, fields={"family_name": "Karimov"}).reference
    attachments.add_attachment(db, ref, filename="face.jpg", data=data, is_portrait=True)
    text = pdf_text(render_dossier(db, [ref])[0])
    assert "Karimov" in text
    assert ("No photo" if not data else "Photo could not be read") in text


def test_a_large_portrait_is_scaled_down_before_embedding(db):
    ref = cases.create_case(db, fields={"family_name": "Karimov"}).reference
    attachments.add_attachment(db, ref, filename="big.png", data=png(3000, 4000),
                               is_portrait=True)
    pdf = render_dossier(db, [ref])[0]
    (image,) = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert max(image.image.size) <= 600
    assert "No photo" not in pdf_text(pdf)


def test_300_events_and_20000_character_texts_flow_over_pages(db):
    ref = make_case(db, notes="Long note. " * 2000)
    for n in range(300):
        records.add_event(db, ref, date=f"{2020 + n % 5}", summary=f"Event number {n}.")
    records.add_event(db, ref, date="2025-01", summary="Very long summary " * 1100)
    pdf, _ = render_dossier(db, [ref])
    pages = page_texts(pdf)
    assert len(pages) > 8
    text = "\n".join(pages)
    for n in (0, 150, 299):
        assert f"Event number {n}." in text
    # All of it, over several pages (a page break may fall between "Long" and "note.").
    assert text.count("Long") == 2000 and text.count("note.") == 2000
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_markup_characters_emoji_cjk_and_rtl_never_break_the_dossier(db):
    ref = cases.create_case(db, fields={
        "family_name": "O'Brien <b>&amp; Sons</b>",
        "given_name": "Ali 🙂🇺🇿",
        "name_native": "张伟 עלי علي",
        "place_of_birth": "Tashkent & <region>",
        "notes": "Line one\nLine <two> & three\n\n\tTabbed",
    }).reference
    records.add_event(db, ref, summary="Video 🎥 posted: <i>unverified</i>")
    text = pdf_text(render_dossier(db, [ref])[0])
    assert "O'Brien <b>&amp; Sons</b>" in text  # printed as written, not read as mark-up
    assert "Tashkent & <region>" in text
    assert "Line <two> & three" in text
    assert "<i>unverified</i>" in text
    assert REPLACEMENT in text  # emoji and CJK as visible replacement marks


def test_drawable_and_para():
    assert drawable("Турсунов Tursunov") == "Турсунов Tursunov"
    assert drawable("a🙂b") == f"a{REPLACEMENT}b"
    assert drawable("👍🏽\u200d❤️") == REPLACEMENT + "❤"  # one mark per emoji
    assert drawable("张伟 Li") == f"{REPLACEMENT} Li"  # one mark per unprintable run
    assert drawable("Ali (עלי כהן) 12") == "Ali (ןהכ ילע) 12"  # right-to-left in visual order
    assert para("a<b>&c\nd") == "a&lt;b&gt;&amp;c<br/>d"


def test_appeal_letter_is_attached_to_the_appeal_and_recorded(db):
    ref = make_case(db)
    appeal_id = records.record_ids(db, ref, "appeal")[0]
    att_id = make_appeal_letter(db, appeal_id, "ru")
    detail = cases.get_case(db, ref)
    (att,) = [a for a in detail.attachments if a.id == att_id]
    assert att.appeal_id == appeal_id and att.mime_type == "application/pdf"
    pdf = attachment_data(db, att_id)
    text = pdf_text(pdf)
    assert "Tursunov Alisher Bakhtiyorovich" in text and "Турсунов Алишер Бахтиёрович" in text
    assert "март 1994" in text and ref in text and "Уважаемые господа" in text
    assert "Embassy of Uzbekistan" in text and "77/2024" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    (entry,) = list_disclosures(db, ref)
    assert entry.kind == "letter" and entry.sha256 == att.sha256
    assert entry.recipient == "Embassy of Uzbekistan"


def test_appeal_letter_template_is_an_editable_setting(db):
    ref = make_case(db)
    appeal_id = records.record_ids(db, ref, "appeal")[0]
    with db.session() as s:
        s.add(Setting(key=TEMPLATE_KEY.format(lang="en"),
                      value="About {name} ({reference}), born {date_of_birth}. {unknown}"))
        s.commit()
    text = pdf_text(attachment_data(db, make_appeal_letter(db, appeal_id, "en")))
    assert f"About Tursunov Alisher Bakhtiyorovich ({ref}), born March 1994. {{unknown}}" in text
    assert OPEN_EVENT not in text


def test_appeal_letter_bad_input(db):
    with pytest.raises(NotFoundError):
        make_appeal_letter(db, 12345, "en")
    ref = make_case(db)
    appeal_id = records.record_ids(db, ref, "appeal")[0]
    with pytest.raises(ValidationError):
        make_appeal_letter(db, appeal_id, "fr")
    assert list_disclosures(db, ref) == []


def test_fill_leaves_unknown_placeholders_and_formats_alone():
    assert fill("{a} {b} {c:>5} {{x}}", {"a": "1"}) == "1 {b} {c:>5} {x}"


def test_a_confidential_portrait_is_left_out_of_redacted_copies(db):
    ref = cases.create_case(db, fields={"family_name": "Karimov"}).reference
    attachments.add_attachment(db, ref, filename="face.png", data=png(), is_portrait=True,
                               confidential=True)
    full = render_dossier(db, [ref])[0]
    embassy = render_dossier(db, [ref], profile="embassy")[0]
    assert len(PdfReader(io.BytesIO(full)).pages[0].images) == 1
    assert len(PdfReader(io.BytesIO(embassy)).pages[0].images) == 0
    assert "No photo" in pdf_text(embassy)


def test_a_name_in_one_spelling_is_not_repeated_in_brackets_in_a_letter():
    from casemanager.reports.appeal_letter import DEFAULT_TEMPLATES, fill

    for lang in ("ru", "en"):
        one = fill(DEFAULT_TEMPLATES[lang], {"name": "Иванова Анна", "name_native": "Иванова Анна"})
        assert "Иванова Анна (Иванова Анна)" not in one and "Иванова Анна" in one
        two = fill(DEFAULT_TEMPLATES[lang], {"name": "Ivanova Anna", "name_native": "Иванова Анна"})
        assert "Ivanova Anna (Иванова Анна)" in two
