"""A case for the dossier tests, with something of every kind a dossier prints or hides.

Each sensitive value is a distinctive string, so a test can look for it in the PDF's text.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from casemanager.services import attachments, cases, contacts, records

PHONE = "+998 90 555 12 34"
EMAIL = "zarina.family@example.net"
ADDRESS = "Samarkand, Registan street 17"
DOC_NUMBER = "FA1234567"
CONFIDENTIAL_NOTE = "Source inside facility X-77 (protect)"
CONFIDENTIAL_EVENT = "Secret call via intermediary Q-9"
OPEN_EVENT = "Appeared in a video from Kharkiv"
EMBASSY_EMAIL = "consul.uz@example.org"

FIELDS = {
    "family_name": "Tursunov",
    "given_name": "Alisher",
    "patronymic": "Bakhtiyorovich",
    "name_native": "Турсунов Алишер Бахтиёрович",
    "name_latin": "Tursunov Alisher Bakhtiyorovich",
    "aliases": "Tursunow Alisher;Турсунов А.",
    "citizenships": "UZ;RU",
    "date_of_birth": "1994-03",
    "place_of_birth": "Самарканд",
    "capture_date": "2024-02-17",
    "capture_place": "near Avdiivka",
    "recruitment": "deceived",
    "health": "Shrapnel wound, needs surgery",
    "medical_urgency": "high",
    "confidential_notes": CONFIDENTIAL_NOTE,
    "notes": "Mother wrote to us in March.",
}


def png(width: int = 60, height: int = 80) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (120, 140, 160)).save(buf, "PNG")
    return buf.getvalue()


def make_case(db, *, share_embassy=False, share_icrc=False, share_media=False,
              share_partner=False, **extra) -> str:
    ref = cases.create_case(db, fields={**FIELDS, **extra}).reference
    records.add_document(db, ref, doc_type="passport", number=DOC_NUMBER, issuing_country="UZ")
    records.add_event(db, ref, date="2024-05", summary=OPEN_EVENT, confidence="likely")
    records.add_event(db, ref, date="2024-06-01", summary=CONFIDENTIAL_EVENT, confidential=True)
    mother = contacts.create_contact(
        db, fields={"kind": "relative", "name": "Зарина Турсунова", "address": ADDRESS,
                    "country": "UZ"},
        channels=[("phone", PHONE), ("email", EMAIL)])
    contacts.link_contact(db, ref, mother, fields={
        "relationship": "mother", "share_embassy": share_embassy, "share_icrc": share_icrc,
        "share_media": share_media, "share_partner": share_partner})
    embassy = contacts.create_contact(
        db, fields={"kind": "embassy", "name": "Embassy of Uzbekistan"},
        channels=[("email", EMBASSY_EMAIL)])
    contacts.link_contact(db, ref, embassy, fields={"relationship": "consular officer"})
    records.add_appeal(db, ref, recipient_id=embassy, subject="Request for consular access",
                       sent_date="2024-07", status="sent", reference_number="77/2024")
    attachments.add_attachment(db, ref, filename="face.png", data=png(), is_portrait=True)
    return ref


def pdf_text(pdf: bytes) -> str:
    """All the text, with line breaks and runs of spaces as one space (cells wrap)."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
