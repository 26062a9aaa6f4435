"""What every printed document shares: page, fonts, styles, header, "page X of Y", bytes.

Every PDF the program makes (case dossier, cover letter, appeal letter, overview) is
one renderer class derived from `DocumentRenderer`, after pretix's invoice renderer
(pretix/base/invoice.py): page size and margins are attributes, the fonts are
registered once per process (`fonts.register_fonts`, under a lock), `stylesheet()`
gives the paragraph styles, `page_templates()` the first and later pages with the
header (organisation, "Confidential", reference, date) and the footer, the canvas
writes "Page X of Y", `story()` gives the flowables and `render()` returns the PDF as
bytes. No Qt, no database: a renderer runs on a worker thread or in a test as it is,
and two renderers may build at the same time on two threads (nothing is shared but
the registered fonts).

Text from the database reaches a page one way only: `paragraph(value, style)`, which
escapes reportlab's mark-up (`<`, `&`, `>`) and replaces what the fonts cannot draw
(`fonts.para`). The renderer's own mark-up is made with `fonts.markup()`. Texts drawn
straight on the canvas or in a drawing (header, footer, the overview's bar labels) are
not mark-up and go through `fonts.drawable` only.

PDF metadata: the title, and "Case Manager" as creator and producer. The author is set
empty on purpose: reportlab would otherwise write "anonymous", and nothing about the user
or the machine belongs in a file handed to an embassy. `invariant=1` is set too: the
file then carries no random file id and no creation time of day, so the same data on the
same day gives byte-identical files (the SHA-256 in the disclosure ledger can be checked
by rebuilding), and the creation moment is not leaked beyond the date printed on the page
(the metadata's creation date is that day, at midnight UTC).
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import time
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from casemanager.reports.fonts import (
    BOLD,
    ITALIC,
    REGULAR,
    Markup,
    cap,
    drawable,
    para,
    register_fonts,
)
from casemanager.reports.labels import Labels

CREATOR = "Case Manager"
INK = colors.HexColor("#1d2430")
MUTED = colors.HexColor("#5b6472")
RULE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef1f5")
ACCENT = colors.HexColor("#1f4e79")
ALERT = colors.HexColor("#a4161a")


class NumberedCanvas(Canvas):
    """Holds each page back until the end, then writes "Page X of Y" on all of them."""

    page_format = "Page {page} of {pages}"
    right_margin = 20 * mm  # the renderer's, set per build: the number ends there
    # The creation date written in the metadata: the day printed on the page (midnight
    # UTC), instead of reportlab's invariant 2000-01-01 or the exact moment.
    made_on: dt.date | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []
        if self.made_on is not None:
            stamp = self._doc._timeStamp  # type: ignore[attr-defined]  # reportlab's own, unstubbed
            stamp.t = calendar.timegm(self.made_on.timetuple())
            stamp.lt = time.gmtime(stamp.t)
            stamp.YMDhms = tuple(stamp.lt)[:6]

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own, unstubbed

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, page: int, pages: int) -> None:
        self.saveState()
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        width = self._pagesize[0]  # type: ignore[attr-defined]  # reportlab's own, unstubbed
        self.drawRightString(width - self.right_margin, 11 * mm,
                             self.page_format.format(page=page, pages=pages))
        self.restoreState()


class Marker(Flowable):
    """An invisible flowable that tells the page header which case the page belongs to."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _Doc(BaseDocTemplate):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reference = ""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Marker):
            self.reference = flowable.reference


class DocumentRenderer:
    """Base of the printed documents; subclasses give `title()` and `story()`.

    Sizes are in points (reportlab's unit; `mm` converts). `lang` is "en" or "ru" (the
    labels' language); `made_at` is naive UTC, printed as a date in the header and
    written as the PDF's creation date (midnight of that day). `public`: a copy meant
    for publication, headed "for public use" rather than "confidential".
    """

    pagesize = A4
    left_margin = 20 * mm
    right_margin = 20 * mm
    top_margin = 27 * mm
    bottom_margin = 20 * mm
    first_top_margin = 27 * mm

    def __init__(
        self,
        *,
        lang: str = "en",
        organisation: str = "",
        made_at: dt.datetime | None = None,
        recipient_line: str = "",
        public: bool = False,
    ) -> None:
        register_fonts()
        # A copy meant for publication (the `public` profile) is not headed confidential.
        self.public = public
        self.labels = Labels(lang)
        self.lang = lang
        # Empty while the organisation is unnamed: nothing is printed in its place.
        self.organisation = organisation.strip()
        self.made_at = made_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.recipient_line = recipient_line
        self.styles = self.stylesheet()

    @property
    def width(self) -> float:
        """The frame's width in points: the page less the side margins."""
        return self.pagesize[0] - self.left_margin - self.right_margin

    def paragraph(self, value: object, style: str = "cell", *,
                  limit: int | None = None) -> Paragraph:
        """A Paragraph of `value` printed as written: the one way text from the database
        reaches a page. Escaped and made drawable by `fonts.para` (a `fonts.Markup`
        passes as it is); with `limit`, cut to that many characters first ("…"), for
        table rows that cannot split over pages. `style` names a style of `stylesheet()`."""
        if limit is not None and value is not None and not isinstance(value, Markup):
            value = cap(str(value), limit)
        return Paragraph(para(value), self.styles[style])

    # ------------------------------------------------------------------ styles

    def stylesheet(self) -> StyleSheet1:
        s = StyleSheet1()
        s.add(ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, textColor=INK,
                             alignment=TA_LEFT))
        s.add(ParagraphStyle("small", parent=s["body"], fontSize=8, leading=10))
        s.add(ParagraphStyle("muted", parent=s["small"], textColor=MUTED))
        s.add(ParagraphStyle("centered", parent=s["muted"], alignment=TA_CENTER))
        s.add(ParagraphStyle("empty", parent=s["muted"], fontName=ITALIC, spaceAfter=4))
        s.add(ParagraphStyle("label", parent=s["small"], textColor=MUTED))
        s.add(ParagraphStyle("cell", parent=s["body"], fontSize=8.2, leading=10.4))
        s.add(ParagraphStyle("head", parent=s["cell"], fontName=BOLD, textColor=MUTED,
                             fontSize=7.5))
        s.add(ParagraphStyle("kicker", fontName=BOLD, fontSize=8, leading=11, textColor=ACCENT,
                             spaceAfter=3))
        s.add(ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, textColor=INK,
                             spaceAfter=2))
        s.add(ParagraphStyle("subtitle", fontName=REGULAR, fontSize=11.5, leading=15,
                             textColor=MUTED, spaceAfter=2))
        s.add(ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT,
                             spaceBefore=12, spaceAfter=5, keepWithNext=1))
        s.add(ParagraphStyle("h3", fontName=BOLD, fontSize=9, leading=12, textColor=INK,
                             spaceBefore=6, spaceAfter=3, keepWithNext=1))
        s.add(ParagraphStyle("letter", parent=s["body"], fontSize=10.5, leading=15,
                             spaceAfter=8))
        return s

    # ------------------------------------------------------------------ pages

    def frame(self, top: float) -> Frame:
        width, height = self.pagesize
        return Frame(
            self.left_margin, self.bottom_margin,
            width - self.left_margin - self.right_margin,
            height - top - self.bottom_margin,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )

    def page_templates(self) -> list[PageTemplate]:
        return [
            PageTemplate(id="first", frames=[self.frame(self.first_top_margin)],
                         onPageEnd=self.draw_first_page),
            PageTemplate(id="later", frames=[self.frame(self.top_margin)],
                         onPageEnd=self.draw_later_page),
        ]

    def draw_first_page(self, canvas: Canvas, doc: _Doc) -> None:
        self.draw_header(canvas, doc)

    def draw_later_page(self, canvas: Canvas, doc: _Doc) -> None:
        self.draw_header(canvas, doc)

    def draw_header(self, canvas: Canvas, doc: _Doc) -> None:
        width, height = self.pagesize
        left, right = self.left_margin, width - self.right_margin
        top = height - 13 * mm
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(left, top, drawable(self.organisation)[:90])
        canvas.setFillColor(ALERT)
        canvas.setFont(BOLD, 8.5)
        canvas.drawRightString(right, top,
                               self.labels["public_mark" if self.public else "confidential"])
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        line = []
        if doc.reference:
            line.append(f"{self.labels['reference']} {doc.reference}")
        line.append(f"{self.labels['made']} {self.labels.date(self.made_at)}")
        canvas.drawString(left, top - 4.2 * mm, "  ·  ".join(line))
        if self.recipient_line:
            canvas.drawRightString(right, top - 4.2 * mm, drawable(self.recipient_line)[:110])
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - 6.8 * mm, right, top - 6.8 * mm)
        self.draw_footer(canvas, doc)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, doc: _Doc) -> None:
        """The footer rule and text; the page number is written by NumberedCanvas at the end."""
        width = self.pagesize[0]
        left, right = self.left_margin, width - self.right_margin
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, 15 * mm, right, 15 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, 11 * mm, drawable(self.footer_text(doc))[:120])
        canvas.restoreState()

    def footer_text(self, doc: _Doc) -> str:
        return " · ".join(x for x in (self.organisation, doc.reference) if x)

    # ------------------------------------------------------------------ output

    def title(self) -> str:
        raise NotImplementedError

    def build(self, story: Sequence[Flowable]) -> bytes:
        out = io.BytesIO()
        doc = _Doc(
            out,
            pagesize=self.pagesize,
            leftMargin=self.left_margin, rightMargin=self.right_margin,
            topMargin=self.top_margin, bottomMargin=self.bottom_margin,
            title=self.title(), author="", subject="", keywords="",
            creator=CREATOR, producer=CREATOR, invariant=1, lang=self.lang,
            initialFontName=REGULAR,
        )
        doc.addPageTemplates(self.page_templates())
        page_format = self.labels["page"]

        class _Canvas(NumberedCanvas):
            pass

        _Canvas.page_format = page_format
        _Canvas.made_on = self.made_at.date()
        _Canvas.right_margin = self.right_margin
        doc.build(list(story), canvasmaker=_Canvas)
        return out.getvalue()
