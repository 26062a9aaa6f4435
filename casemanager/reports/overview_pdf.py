"""The overview as a one-page PDF for the organisation's periodic reporting.

`OverviewReport` is a `base.DocumentRenderer` like every other document: the same
fonts (registered once), header, footer, "Page X of Y" and metadata (no user or machine
name: the report may leave the office). The page is in English.

Every text a person typed (names, titles, caseworkers, the organisation, a tag or
citizenship value that came in with an import) reaches a Paragraph through the base's
`paragraph()`, escaped for reportlab's mark-up (`<i>` in a name is text, not italics,
and `</para>` cannot end the paragraph) and drawable by the font. Texts drawn as
Strings (the bar labels) are not mark-up; they get `fonts.drawable` only.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from casemanager.domain.countries import country_name
from casemanager.domain.messages import counted
from casemanager.reports.base import ALERT, DocumentRenderer, _Doc
from casemanager.reports.fonts import BOLD, REGULAR, drawable
from casemanager.services.overview import NOT_RECORDED, STALE_DAYS, Overview
from casemanager.system.safe_files import write_atomically

ACCENT = colors.HexColor("#2f5d8a")
MUTED = colors.HexColor("#666666")
RULE = colors.HexColor("#cccccc")

# The overview is a one-page summary: a cell shows at most this much of a text.
CELL_MAX = 200


def _label(value: str) -> str:
    return value.replace("_", " ")


class OverviewReport(DocumentRenderer):
    """Renders an Overview on one A4 page (`render()` gives the PDF's bytes)."""

    # Narrower margins than a dossier's: the page must hold all of it. The first page
    # has a slim header (its title block names the organisation, scope and time); a
    # later page, if a long text ever makes one, has the usual header. The footer is
    # drawn at fixed heights (base.draw_header), below the bottom margin.
    left_margin = right_margin = 14 * mm + 6
    first_top_margin = 16 * mm
    top_margin = 27 * mm
    bottom_margin = 16 * mm
    list_rows = 8  # rows of each case list before "and N more"

    def __init__(self, ov: Overview, *, organisation: str = "") -> None:
        super().__init__(lang="en", organisation=organisation, made_at=ov.generated_at)
        self.ov = ov
        self.font, self.bold = REGULAR, BOLD

    def title(self) -> str:
        return "Caseload overview"

    def draw_first_page(self, canvas: Canvas, doc: _Doc) -> None:
        """"Confidential" at the top right, above the title block; the usual footer."""
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(ALERT)
        canvas.setFont(BOLD, 8.5)
        canvas.drawRightString(width - self.right_margin, height - 10 * mm,
                               self.labels["confidential"])
        self.draw_footer(canvas, doc)
        canvas.restoreState()

    def stylesheet(self) -> StyleSheet1:
        s = super().stylesheet()
        s.add(ParagraphStyle("ov_title", fontName=BOLD, fontSize=16, leading=20,
                             textColor=ACCENT))
        s.add(ParagraphStyle("ov_sub", fontName=REGULAR, fontSize=8.5, leading=11,
                             textColor=MUTED))
        s.add(ParagraphStyle("ov_h", fontName=BOLD, fontSize=10, leading=13,
                             spaceBefore=5, spaceAfter=2))
        s.add(ParagraphStyle("ov_cell", fontName=REGULAR, fontSize=7.5, leading=9))
        return s

    def bars(self, title: str, rows: tuple[tuple[str, int], ...], width: float) -> Drawing:
        """A count table with a bar on each row: label, bar, number."""
        row_h, head = 10.5, 14
        height = head + row_h * max(len(rows), 1) + 2
        d = Drawing(width, height)
        d.add(String(0, height - 10, title, fontName=self.bold, fontSize=9))
        if not rows:
            d.add(String(0, height - head - row_h + 3.5, "No cases.", fontName=self.font,
                         fontSize=7.5, fillColor=MUTED))
        top = max((n for _, n in rows), default=0) or 1
        label_w = width * 0.38
        num_w = max(26.0, pdfmetrics.stringWidth(f"{top:,}", self.font, 7.5) + 2)
        bar_w = width - label_w - num_w - 6
        for i, (label, n) in enumerate(rows):
            y = height - head - row_h * (i + 1) + 2
            d.add(String(0, y + 1.5, self._fit(drawable(label), label_w - 4), fontName=self.font,
                         fontSize=7.5))
            if n:
                d.add(Rect(label_w, y, max(bar_w * n / top, 1), row_h - 3,
                           fillColor=ACCENT, strokeColor=None))  # type: ignore[arg-type]  # types-reportlab types **kw as the dict itself
            d.add(String(width, y + 1.5, f"{n:,}", fontName=self.font, fontSize=7.5,
                         textAnchor="end"))
        return d

    def _fit(self, text: str, width: float, size: float = 7.5) -> str:
        """Text cut with an ellipsis to fit `width` points."""
        if pdfmetrics.stringWidth(text, self.font, size) <= width:
            return text
        # No letter is narrower than a fifth of the size: cut a 5,000-letter word first,
        # so the loop below stays short.
        text = text[: int(width / (size * 0.2)) + 1]
        while text and pdfmetrics.stringWidth(text + "…", self.font, size) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def _pair(self, left: Drawing, right: Drawing) -> Table:
        t = Table([[left, right]], colWidths=[self.width / 2, self.width / 2])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), 14)]))
        return t

    def case_table(self, header: list[str], rows: list[list[str]], widths: list[float],
                   more: int) -> Table:
        data: list[list[str | Flowable]] = [list(header)]
        data += [[self.paragraph(c, "ov_cell", limit=CELL_MAX) for c in r] for r in rows]
        extra = f"… and {more:,} more" if more else "" if rows else "None."
        if extra:
            last_row: list[str | Flowable] = [self.paragraph(extra, "ov_cell")]
            data.append(last_row + [""] * (len(header) - 1))
        t = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1, hAlign="LEFT")
        last = len(data) - 1
        t.setStyle(TableStyle([
            *([("SPAN", (0, last), (-1, last))] if extra else []),
            ("FONT", (0, 0), (-1, 0), self.bold, 7.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return t

    def story(self) -> list:
        ov = self.ov
        half = self.width / 2 - 14
        scope = f"Cases of {ov.assignee}" if ov.assignee else "All cases"
        org = f"{self.organisation} · " if self.organisation else ""
        summary = (f"{counted(ov.total, 'case', 'cases')}, {ov.open_cases:,} open · "
                   f"{ov.stale_count:,} with no update for {STALE_DAYS} days · "
                   f"{counted(ov.overdue_count, 'overdue follow-up', 'overdue follow-ups')}")
        cits = list(ov.by_citizenship)
        if len(cits) > 9:
            cits = cits[:8] + [("other", sum(n for _, n in cits[8:]))]
        cits_named = tuple(
            (c if c in (NOT_RECORDED, "other") else f"{country_name(c)} ({c})", n) for c, n in cits
        )
        story: list = [
            self.paragraph("Caseload overview", "ov_title"),
            self.paragraph(f"{org}{scope} · {ov.generated_at:%Y-%m-%d %H:%M} UTC", "ov_sub"),
            Spacer(1, 2),
            self.paragraph(summary, "ov_sub"),
            Spacer(1, 6),
            self._pair(
                self.bars("By status", tuple((_label(s), n) for s, n in ov.by_status), half),
                self.bars("By citizenship", cits_named, half),
            ),
            Spacer(1, 6),
            self._pair(
                self.bars("By recruitment", tuple((_label(s), n) for s, n in ov.by_recruitment), half),
                self.bars("By priority", ov.by_priority, half),
            ),
        ]
        stale = ov.stale[: self.list_rows]
        story += [
            self.paragraph(f"No update for {STALE_DAYS} days ({ov.stale_count:,})", "ov_h"),
            self.case_table(
                ["Case", "Name", "Status", "Caseworker", "Last update"],
                [[s.reference, s.case_name, _label(s.status), s.assigned_to,
                  f"{s.updated_at:%Y-%m-%d} ({s.days} days)"] for s in stale],
                [0.11, 0.35, 0.16, 0.16, 0.22], ov.stale_count - len(stale),
            ),
        ]
        overdue = ov.overdue[: self.list_rows]
        story += [
            self.paragraph(f"Overdue follow-ups ({ov.overdue_count:,})", "ov_h"),
            self.case_table(
                ["Due", "Case", "Name", "What", "Assigned"],
                [[f"{i.due:%Y-%m-%d}", i.case_reference, i.case_name, i.title, i.assignee]
                 for i in overdue],
                [0.11, 0.1, 0.24, 0.4, 0.15], ov.overdue_count - len(overdue),
            ),
        ]
        recent = ov.recent[: self.list_rows]
        story += [
            self.paragraph("Recent changes", "ov_h"),
            self.case_table(
                ["When (UTC)", "Who", "What", "Case", "Fields"],
                [[f"{c.at:%Y-%m-%d %H:%M}", c.actor, _label(c.action), c.case_reference,
                  c.fields] for c in recent],
                [0.16, 0.13, 0.17, 0.1, 0.44], 0,
            ),
        ]
        return story

    def render(self) -> bytes:
        return self.build(self.story())


def write_overview_pdf(ov: Overview, path: str | Path, *, organisation: str = "") -> Path:
    """Render `ov` and write it to `path` all at once, owner-only (0600); returns the path.

    Raises CaseManagerError (one line) when the file cannot be written: a folder, a
    missing folder, no permission, a full disk; nothing is left behind then.
    """
    data = OverviewReport(ov, organisation=organisation).render()
    return write_atomically(path, data)
