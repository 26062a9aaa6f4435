"""The cover letter that opens a PDF of several dossiers: recipient, date, list of cases."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from casemanager.domain.countries import country_name
from casemanager.domain.dto import CaseDetail
from casemanager.reports.base import MUTED, RULE, DocumentRenderer, Marker
from casemanager.reports.fonts import cap, markup


class CoverLetter(DocumentRenderer):
    """Page one of a batch: to whom, when, from whom, and which cases follow."""

    def title(self) -> str:
        return self.labels["cover_title"]

    def story(self, recipient: str, cases: list[CaseDetail]) -> list[Flowable]:
        L = self.labels
        width = self.pagesize[0] - self.left_margin - self.right_margin
        out: list[Flowable] = [Marker(""), self.paragraph(L["cover_title"], "title"),
                               Spacer(1, 6 * mm)]
        head = [[self.paragraph(L[key], "label"),
                 self.paragraph(value, "body")]
                for key, value in (("cover_to", recipient), ("cover_from", self.organisation),
                                   ("cover_date", L.date(self.made_at))) if value]
        table = Table(head, colWidths=[30 * mm, width - 30 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        out += [table, Spacer(1, 8 * mm)]
        intro = L["cover_intro"].format(count=len(cases)) if len(cases) > 1 \
            else L["cover_intro_one"]
        out.append(self.paragraph(intro, "letter"))
        rows = [[self.paragraph(h, "head") for h in
                 ("#", L["reference"], L["name"], L["date_of_birth"], L["citizenships"])]]
        for n, d in enumerate(cases, start=1):
            name = markup("{}", cap(d.display_name))
            if d.name_native and d.name_native != d.display_name:
                name = markup("{}<br/><font color='#5b6472'>{}</font>", cap(d.display_name),
                              cap(d.name_native))
            rows.append([
                self.paragraph(n, "cell"),
                self.paragraph(d.reference, "cell"),
                self.paragraph(name, "cell"),
                self.paragraph(L.pdate(d.date_of_birth), "cell"),
                self.paragraph(", ".join(country_name(c, self.lang) for c in d.citizenships), "cell"),
            ])
        cols = [8 * mm, 22 * mm, 0, 26 * mm, 38 * mm]
        cols[2] = width - sum(cols)
        listing = Table(rows, colWidths=cols, repeatRows=1, hAlign="LEFT")
        listing.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        out += [listing, Spacer(1, 8 * mm),
                self.paragraph(L["cover_outro_public" if self.public else "cover_outro"], "letter"),
                Spacer(1, 10 * mm)]
        if self.organisation:
            out.append(self.paragraph(self.organisation, "letter"))
        out.append(PageBreak())
        return out

    def render(self, recipient: str, cases: list[CaseDetail]) -> bytes:
        return self.build(self.story(recipient, cases))
