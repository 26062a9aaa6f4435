"""The case dossier: one detainee's file as a printable document.

`CaseDossier(...).story(detail, portrait)` gives the flowables of one case (the service
joins several into one PDF); `render(detail, portrait)` makes a one-case PDF. The detail
must already be redacted (redaction.redact): this module prints whatever it is given and
leaves out what is empty, so a withheld item leaves no trace, not even its label.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    NextPageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from casemanager.domain.countries import country_name
from casemanager.domain.dto import CaseDetail
from casemanager.domain.redaction import HEALTH, Profile
from casemanager.domain.transliteration import has_cyrillic
from casemanager.reports.base import MUTED, RULE, SHADE, DocumentRenderer, Marker
from casemanager.reports.fonts import CELL_MAX
from casemanager.reports.images import ImageRefused, clean_photo

PORTRAIT_W = 32 * mm
PORTRAIT_H = 40 * mm
# Longer than this, a photo is scaled down before embedding (a phone photo is 4000 px).
PORTRAIT_MAX_PX = 600


def load_portrait(data: bytes | None) -> tuple[Image | None, bool]:
    """(the photo as a flowable, whether the bytes could be read).

    The photo is re-encoded from its pixels alone (casemanager.reports.images): no comment,
    text chunk, XMP, ICC description, EXIF or thumbnail of the original reaches the PDF,
    and a file claiming too many pixels prints as unreadable instead of filling memory.
    """
    if not data:
        return None, True
    try:
        photo = clean_photo(data, max_side=PORTRAIT_MAX_PX)
    except ImageRefused:
        return None, False
    scale = min(PORTRAIT_W / photo.width, PORTRAIT_H / photo.height)
    return Image(io.BytesIO(photo.data), width=photo.width * scale,
                 height=photo.height * scale), True


class CaseDossier(DocumentRenderer):
    """The renderer of a case dossier (one or several cases)."""

    def __init__(self, *, profile: Profile, **kw: Any) -> None:
        super().__init__(**kw)
        self.profile = profile
        # The PDF's title: the first case's reference, unless a batch sets its own.
        self.document_title = ""
        # The sex of the case being printed: words said of the person take its form.
        self.sex = ""

    def title(self) -> str:
        return self.document_title or self.labels["dossier"]

    # ------------------------------------------------------------------ helpers

    def heading(self, key: str, room: float = 30 * mm) -> list[Flowable]:
        # Do not leave a heading alone at the foot of a page.
        return [CondPageBreak(room), self.paragraph(self.labels[key], "h2")]

    def empty(self) -> Paragraph:
        return self.paragraph(self.labels["none"], "empty")

    def facts(self, rows: list[tuple[str, object]], width: float | None = None) -> Flowable | None:
        """A two-column table of label and value; rows with an empty value are left out."""
        data = [[self.paragraph(self.labels.label(key, self.sex), "label"), self.paragraph(value)]
                for key, value in rows if value not in (None, "", ())]
        if not data:
            return None
        width = width or self.width
        label_w = 46 * mm if self.lang == "ru" else 40 * mm
        table = Table(data, colWidths=[label_w, width - label_w], hAlign="LEFT",
                      splitInRow=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ]))
        return table

    def grid(self, headers: list[str], rows: Sequence[Sequence[object]],
             widths: list[float]) -> Flowable:
        """A data table with a repeated header row; long cells wrap and split over pages.
        A column that is empty in every row is left out (an empty "Note" column is noise)."""
        keep = [i for i in range(len(headers))
                if i == 0 or any(row[i] not in (None, "") for row in rows)]
        headers = [headers[i] for i in keep]
        widths = [widths[i] for i in keep]
        rows = [[row[i] for i in keep] for row in rows]
        total = sum(widths)
        col_w = [self.width * w / total for w in widths]
        data: list[list[Flowable]] = [[self.paragraph(self.labels[h], "head") for h in headers]]
        data += [[c if isinstance(c, Flowable) else self.paragraph(c) for c in row] for row in rows]
        table = Table(data, colWidths=col_w, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, SHADE]),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        return table

    def section(self, key: str, *parts: Flowable | None) -> list[Flowable]:
        body = [p for p in parts if p is not None]
        return [*self.heading(key), *(body or [self.empty()])]

    def countries(self, codes: Iterable[str]) -> str:
        return ", ".join(country_name(c, self.lang) for c in codes if c)

    # ------------------------------------------------------------------ story

    def story(self, d: CaseDetail, portrait: bytes | None = None) -> list[Flowable]:
        self.document_title = self.document_title or f"{self.labels['dossier']} {d.reference}"
        self.sex = d.sex
        out: list[Flowable] = [Marker(d.reference), NextPageTemplate("later")]
        out += self.title_block(d, portrait)
        out += self.identity(d)
        out += self.service(d)
        out += self.status(d)
        out += self.health(d)
        out += self.timeline(d)
        out += self.appeals(d)
        out += self.media(d)
        out += self.contacts(d)
        out += self.notes(d)
        out += self.disclosure_note(d)
        return out

    def disclosure_note(self, d: CaseDetail) -> list[Flowable]:
        """What this copy left out, and whose private details it prints by consent, as
        the profile really treated this case."""
        t = self.labels.term
        out: list[Flowable] = []
        withheld = self.profile.withheld_from(d, self.lang)
        if withheld:
            out.append(self.paragraph(self.labels["withheld_note"].format(items="; ".join(withheld)),
                              "muted"))
        shared = self.profile.shared_by_consent(d)
        if shared:
            # A name left out (FAMILY_NAMES) leaves the relationship alone: who, not whom.
            names = ", ".join(
                (f"{link.contact.name} ({t('relationship', link.relationship)})"
                 if link.contact.name else t("relationship", link.relationship))
                if link.relationship else link.contact.name or self.labels["name_withheld"]
                for link in shared)
            note = self.labels["consent_note_one" if len(shared) == 1 else "consent_note"]
            out.append(self.paragraph(note.format(names=names), "muted"))
        return [Spacer(1, 8 * mm), *out] if out else []

    def title_block(self, d: CaseDetail, portrait: bytes | None) -> list[Flowable]:
        t = self.labels.term
        name = d.display_name
        names: list[Flowable] = [self.paragraph(f"{self.labels['dossier']} · {d.reference}", "kicker"),
                 self.paragraph(name, "title", limit=CELL_MAX)]
        if d.name_native and d.name_native != name:
            names.append(self.paragraph(d.name_native, "subtitle", limit=CELL_MAX))
        names.append(Spacer(1, 3 * mm))
        text_w = self.width - PORTRAIT_W - 8 * mm
        key = self.facts([
            ("reference", d.reference),
            ("current_status", t("status", d.status, d.sex)),
            ("citizenships", self.countries(d.citizenships)),
            ("date_of_birth", self.labels.pdate(d.date_of_birth)),
            ("capture_date", self.labels.pdate(d.capture_date)),
            ("detention_place", self.detention(d)),
            ("medical_urgency", t("medical_urgency", d.medical_urgency)
             if d.medical_urgency not in ("", "none") else ""),
            ("priority", t("priority", d.priority) if d.priority not in ("", "normal") else ""),
        ], width=text_w)
        left = [*names, key] if key is not None else names
        image, readable = load_portrait(portrait)
        photo = image if image is not None else self.photo_placeholder(readable)
        block = Table([[left, photo]], colWidths=[text_w + 8 * mm, PORTRAIT_W], hAlign="LEFT")
        block.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ]))
        return [block, Spacer(1, 2 * mm)]

    def photo_placeholder(self, readable: bool) -> Table:
        text = self.labels["no_photo"] if readable else self.labels["photo_unreadable"]
        box = Table([[self.paragraph(text, "centered")]], colWidths=[PORTRAIT_W],
                    rowHeights=[PORTRAIT_H])
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ]))
        return box

    def detention(self, d: CaseDetail) -> str:
        if not d.custody:
            return ""
        last = d.custody[-1]
        return last.facility if last.disclosed and last.facility else \
            self.labels["location_not_disclosed"]

    def identity(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        latin = d.latin_name
        facts = self.facts([
            # Names typed in Cyrillic into the Latin fields are not labelled "Latin".
            ("name" if has_cyrillic(latin) else "name_latin", latin),
            ("name_native", d.name_native),
            ("aliases", "; ".join(d.aliases)),
            ("sex", t("sex", d.sex)),
            ("date_of_birth", self.labels.pdate(d.date_of_birth)),
            ("place_of_birth", d.place_of_birth),
            ("citizenships", self.countries(d.citizenships)),
            ("ethnicity", d.ethnicity),
            ("home_region", d.home_region),
            ("languages", d.languages.replace(";", ", ")),
            ("father_name", d.father_name),
            ("mother_maiden_name", d.mother_maiden_name),
            ("person_to_inform", d.person_to_inform),
            ("last_proof_of_life", " — ".join(
                x for x in (self.labels.pdate(d.last_proof_of_life), d.last_proof_of_life_source) if x)),
            ("tags", ", ".join(d.tags)),
            ("assigned_to", d.assigned_to),
        ])
        out = self.section("identity", facts)
        if d.documents:
            rows = [[t("doc_type", doc.doc_type), doc.number or "—",
                     country_name(doc.issuing_country, self.lang), doc.note]
                    for doc in d.documents]
            out += [self.paragraph(self.labels["documents"], "h3"),
                    self.grid(["doc_type", "number", "issuing_country", "note"], rows,
                              [3, 3, 3, 5])]
        return out

    def service(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        facts = self.facts([
            ("affiliation", d.affiliation),
            ("unit", d.unit),
            ("rank", d.rank),
            ("service_number", d.service_number),
            ("recruitment", t("recruitment", d.recruitment, d.sex)),
            ("capture_date", self.labels.pdate(d.capture_date)),
            ("capture_place", d.capture_place),
            ("detaining_party", d.detaining_party),
            ("icrc_registration", d.icrc_registration),
        ])
        out = self.section("service", facts)
        if d.custody:
            rows = [[c.facility if c.disclosed and c.facility
                     else self.labels["location_not_disclosed"],
                     c.holding_party, self.labels.pdate(c.date_from), self.labels.pdate(c.date_to), c.note]
                    for c in d.custody]
            out += [self.paragraph(self.labels["custody"], "h3"),
                    self.grid(["facility", "holding_party", "from", "to", "note"], rows,
                              [4.4, 3, 2.8, 2.8, 3.4])]
        return out

    def status(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        out = [*self.heading("status", 50 * mm),
               self.facts([("current_status", t("status", d.status, d.sex))]) or self.empty()]
        if d.status_history:
            system = self.labels.system
            rows = [[self.labels.pdate(s.date), t("status", s.status, d.sex),
                     " — ".join(x for x in (system(s.source), t("confidence", s.confidence))
                                if x),
                     system(s.note)] for s in d.status_history]
            out += [self.paragraph(self.labels["status_history"], "h3"),
                    self.grid(["date", "status", "source", "note"], rows, [2.8, 3, 4.8, 4.8])]
        return out

    def health(self, d: CaseDetail) -> list[Flowable]:
        urgency = d.medical_urgency
        if HEALTH in self.profile.omits:
            return [*self.heading("health"), self.paragraph(self.labels["section_withheld"], "empty")]
        return self.section("health", self.facts([
            ("medical_urgency", self.labels.term("medical_urgency", urgency)),
            ("health_details", d.health),
        ]))

    def timeline(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        if not d.events:
            return self.section("timeline")
        system = self.labels.system
        rows = [[self.labels.pdate(e.date), t("event_kind", e.kind), system(e.summary, d.sex),
                 " — ".join(x for x in (system(e.source), t("confidence", e.confidence))
                            if x)]
                for e in d.events]
        return self.section("timeline", self.grid(["date", "kind", "event", "source"], rows,
                                                  [3, 2, 8, 4]))

    def appeals(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        if not d.appeals:
            return self.section("appeals")
        rows = []
        for a in d.appeals:
            subject = " · ".join(x for x in (a.subject, t("appeal_channel", a.channel),
                                             a.reference_number) if x)
            response = " — ".join(x for x in (self.labels.pdate(a.response_date), a.response_summary) if x)
            rows.append([a.recipient_name, subject, self.labels.pdate(a.sent_date),
                         t("appeal_status", a.status), response])
        return self.section("appeals", self.grid(
            ["recipient", "subject", "sent", "status", "response"], rows, [4, 4.8, 3, 2.6, 4]))

    def media(self, d: CaseDetail) -> list[Flowable]:
        if not d.media:
            return []  # most cases have none; an empty heading would only add noise
        rows = [[self.labels.pdate(m.date), m.platform, m.link, m.coercion_note] for m in d.media]
        return self.section("media", self.grid(["date", "platform", "link", "coercion_note"],
                                               rows, [3, 2.5, 5.5, 4.5]))

    def contacts(self, d: CaseDetail) -> list[Flowable]:
        t = self.labels.term
        if not d.contacts:
            return self.section("contacts")
        rows = []
        for link in d.contacts:
            c = link.contact
            # A relative's name left out (FAMILY_NAMES) says so rather than leave a gap.
            who = (c.name or self.labels["name_withheld"]) + (
                f"\n{c.organisation}" if c.organisation and c.organisation != c.name else "")
            lines = [f"{t('channel_kind', ch.kind)}: {ch.value}" for ch in c.channels]
            if c.address:
                lines.append(f"{self.labels['address']}: {c.address}")
            if c.country:
                lines.append(country_name(c.country, self.lang))
            if c.notes:
                lines.append(c.notes)
            relationship = t("relationship", link.relationship) or t("contact_kind", c.kind)
            rows.append([who, relationship, "\n".join(lines)])
        return self.section("contacts", self.grid(["contact", "relationship", "details"], rows,
                                                  [5, 3, 7]))

    def notes(self, d: CaseDetail) -> list[Flowable]:
        out: list[Flowable] = []
        if d.notes:
            out += [*self.heading("notes"), self.paragraph(d.notes, "body")]
        if d.confidential_notes:
            out += [*self.heading("confidential_notes"), self.paragraph(d.confidential_notes, "body")]
        return out

    # ------------------------------------------------------------------ output

    def render(self, detail: CaseDetail, portrait: bytes | None = None) -> bytes:
        return self.build(self.story(detail, portrait))

