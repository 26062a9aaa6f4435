"""Appeal letters: a one- or two-page letter to an appeal's recipient, from a template.

The template is plain text with placeholders such as {name} and {reference}, kept as a
Setting (`appeal_letter_template_en` / `_ru`) so the organisation can edit it; blank
lines separate paragraphs. An unknown placeholder is left in the letter as written,
so a typo in the template shows up on the page instead of failing. The letter is
stored as an Attachment of the appeal and recorded in the case's disclosure ledger, in
one transaction.
"""

from __future__ import annotations

import hashlib
import string
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from casemanager.domain.countries import country_name
from casemanager.domain.dto import AppealInfo, CaseDetail
from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.reports.base import DocumentRenderer, Marker
from casemanager.reports.dossiers import organisation_name, record_disclosure
from casemanager.reports.fonts import markup
from casemanager.reports.labels import LANGUAGES, Labels
from casemanager.services.access import require
from casemanager.services.cases import case_detail, load_case, touch_case
from casemanager.services.settings import get_setting
from casemanager.store.database import Database
from casemanager.store.models import Appeal, Attachment, Case, utcnow
from casemanager.store.unit_of_work import UnitOfWork

TEMPLATE_KEY = "appeal_letter_template_{lang}"
PLACEHOLDERS = (
    "name", "name_native", "reference", "date_of_birth", "place_of_birth", "citizenship",
    "capture_date", "capture_place", "detention_place", "status", "recipient", "subject",
    "appeal_reference", "organisation", "date",
)

# Worded for a man and a woman alike (the status, printed in the form for the person's
# sex, is the only word that agrees with them).
DEFAULT_TEMPLATES = {
    "en": """Dear Sir or Madam,

We write on behalf of the family of {name} ({name_native}), born {date_of_birth} in {place_of_birth}, a citizen of {citizenship}. Our case reference is {reference}.

According to the information available to us, {name} was captured on {capture_date} near {capture_place} and is held at: {detention_place}. The current status is: {status}.

We respectfully ask for your assistance concerning: {subject}. In particular, we ask that the family receive news of their relative's whereabouts and wellbeing, and that the person concerned be granted the protection and contact with the family to which every person deprived of liberty is entitled under international humanitarian law.

We would be grateful for a reply quoting our reference {reference}{appeal_reference}.

Yours faithfully,

{organisation}""",
    "ru": """Уважаемые господа!

Обращаемся к вам от имени семьи {name} ({name_native}), {date_of_birth} года рождения, место рождения: {place_of_birth}, гражданство: {citizenship}. Номер дела: {reference}.

По имеющимся у нас сведениям, дата пленения: {capture_date}, место пленения: {capture_place}; место содержания: {detention_place}. Текущий статус: {status}.

Просим вашего содействия по вопросу: {subject}. В частности, просим сообщить семье о местонахождении и состоянии указанного лица и обеспечить защиту и связь с семьёй, предусмотренные международным гуманитарным правом.

Будем признательны за ответ со ссылкой на номер дела {reference}{appeal_reference}.

С уважением,

{organisation}""",
}


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, str]) -> str:
    """Fill the placeholders; unknown ones and stray braces are left as written. A name
    known in one spelling only is not repeated in brackets ("{name} ({name_native})"
    with both the same gives the name once)."""
    if values.get("name") and values.get("name_native") == values["name"]:
        template = template.replace("{name} ({name_native})", "{name}")
    out = []
    for literal, field, spec, conv in string.Formatter().parse(template):
        out.append(literal)
        if field is None:
            continue
        if field in values:
            out.append(values[field])
        else:
            out.append("{" + field + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def template_for(db: Database, lang: str) -> str:
    return get_setting(db, TEMPLATE_KEY.format(lang=lang), DEFAULT_TEMPLATES[lang])


def letter_values(d: CaseDetail, a: AppealInfo, lang: str, organisation: str, date: str) -> dict:
    L = Labels(lang)
    unknown = "—"
    last = d.custody[-1] if d.custody else None
    place = (last.facility if last and last.disclosed and last.facility
             else L["location_not_disclosed"] if last else unknown)
    values = {
        "name": d.display_name,
        "name_native": d.name_native or d.display_name,
        "reference": d.reference,
        "date_of_birth": L.pdate(d.date_of_birth) or unknown,
        "place_of_birth": d.place_of_birth or unknown,
        "citizenship": ", ".join(country_name(c, lang) for c in d.citizenships) or unknown,
        "capture_date": L.pdate(d.capture_date) or unknown,
        "capture_place": d.capture_place or unknown,
        "detention_place": place,
        "status": L.term("status", d.status, d.sex),
        "recipient": a.recipient_name,
        "subject": a.subject or unknown,
        "appeal_reference": f" / {a.reference_number}" if a.reference_number else "",
        "organisation": organisation,
        "date": date,
    }
    return values


class AppealLetter(DocumentRenderer):
    """The letter's renderer: letterhead, recipient, date, subject, body from the template."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._subject = ""

    def title(self) -> str:
        return self._subject or self.labels["appeal_letter"]

    def story(self, recipient: str, address: str, subject: str, body: str) -> list[Flowable]:
        self._subject = subject
        out: list[Flowable] = [Marker("")]
        for line in (recipient, address):
            if line:
                out.append(self.paragraph(line, "body"))
        out += [Spacer(1, 6 * mm),
                self.paragraph(self.labels.date(self.made_at), "body"),
                Spacer(1, 6 * mm)]
        if subject:
            out.append(self.paragraph(markup("<b>{}</b>", subject), "letter"))
        for chunk in body.replace("\r\n", "\n").split("\n\n"):
            if chunk.strip():
                out.append(self.paragraph(chunk.strip(), "letter"))
        return out

    def render(self, recipient: str, address: str, subject: str, body: str) -> bytes:
        return self.build(self.story(recipient, address, subject, body))


def make_appeal_letter(db: Database, appeal_id: int, lang: str = "en", *,
                       actor: str | None = None) -> int:
    """Make the letter for an appeal, attach it to the appeal; returns the attachment id."""
    if lang not in LANGUAGES:
        raise ValidationError("lang", f"'{lang}' is not one of {', '.join(LANGUAGES)}")
    require(db, "dossier")
    organisation = organisation_name(db)
    template = template_for(db, lang)
    with UnitOfWork(db, actor) as uow:
        appeal = uow.session.get(Appeal, appeal_id)
        if appeal is None:
            raise NotFoundError(f"no appeal with id {appeal_id}")
        case: Case = load_case(uow.session, appeal.case.reference, full=True)
        detail = case_detail(case)
        info = next(a for a in detail.appeals if a.id == appeal_id)
        renderer = AppealLetter(lang=lang, organisation=organisation, made_at=utcnow())
        body = fill(template, letter_values(detail, info, lang, organisation,
                                            renderer.labels.date(renderer.made_at)))
        contact = appeal.recipient
        recipient = contact.organisation or contact.name if contact is not None else ""
        if contact is not None and contact.organisation and contact.name != contact.organisation:
            recipient = f"{contact.name}\n{contact.organisation}"
        address = contact.address if contact is not None else ""
        pdf = renderer.render(recipient, address, info.subject, body)
        digest = hashlib.sha256(pdf).hexdigest()
        filename = f"letter-{case.reference}-appeal{appeal_id}-{lang}.pdf"
        att = Attachment(case_id=case.id, appeal_id=appeal_id, filename=filename,
                         mime_type="application/pdf", size=len(pdf), sha256=digest,
                         description=f"{renderer.labels['appeal_letter']}: {info.subject}"[:2000],
                         data=pdf)
        uow.session.add(att)
        uow.session.flush()
        touch_case(uow.session, case)
        uow.audit("add_attachment", "attachment", entity_id=att.id, case=case, changes={
            "filename": (None, filename), "sha256": (None, digest), "size": (None, len(pdf))})
        record_disclosure(uow, [detail], recipient=info.recipient_name, profile="letter",
                digest=digest, filename=filename, kind="letter")
        uow.commit()
        return att.id
