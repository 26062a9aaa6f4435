"""Time per dossier for typical demo cases, beside a bare reportlab baseline.

Figures: the median time to make one case's dossier (read the case, redact, lay out,
write the PDF) with and without recording it in the disclosure ledger, a three-case PDF
with its cover letter, and a large case (300 timeline events). The baseline is a bare
reportlab document with the same font and as many paragraphs as the dossier has table
cells and paragraphs, measured in the same run. Target: under 150 ms per typical case.
"""

from __future__ import annotations

import io
import statistics
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from casemanager.reports.dossiers import make_dossier, render_dossier
from casemanager.reports.fonts import REGULAR, register_fonts
from casemanager.services import attachments, demo, records
from casemanager.store.database import open_database

CASES = 40
ROUNDS = 3


def _median_ms(fn, items) -> float:
    times = []
    for _ in range(ROUNDS):
        for item in items:
            started = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _portrait() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (900, 1200), (150, 160, 170)).save(buf, "JPEG")
    return buf.getvalue()


def _baseline(paragraphs: int) -> None:
    register_fonts()
    style = ParagraphStyle("p", fontName=REGULAR, fontSize=9, leading=12)
    story = [Paragraph(f"Paragraph {n}: Турсунов Alisher, 12.03.1994", style)
             for n in range(paragraphs)]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)


def run(work: Path) -> str:
    db = open_database(str(work / "bench.db"), create=True)
    demo.generate(db, cases=CASES, seed=7)
    refs = [f"CM-{n:04d}" for n in range(1, CASES + 1)]
    for ref in refs[::4]:  # a quarter of the cases have a portrait (a phone-sized JPEG)
        attachments.add_attachment(db, ref, filename="p.jpg", data=_portrait(),
                                   is_portrait=True)
    big = refs[-1]
    for n in range(300):
        records.add_event(db, big, date=f"{2022 + n % 4}", summary=f"Call number {n}.")
    typical = refs[:20]
    render_dossier(db, typical[:1])  # fonts and imports, once

    render_ms = _median_ms(lambda r: render_dossier(db, [r]), typical)
    make_ms = _median_ms(lambda r: make_dossier(db, [r], "en", "embassy", "Embassy"), typical)
    ru_ms = _median_ms(lambda r: render_dossier(db, [r], lang="ru", profile="strict"),
                       typical)
    batch_ms = _median_ms(lambda rs: render_dossier(db, rs), [typical[:3]])
    big_ms = _median_ms(lambda r: render_dossier(db, [r]), [big])

    # As many paragraphs as a typical dossier has cells and paragraphs (about 150).
    base_ms = _median_ms(_baseline, [150])
    base_big_ms = _median_ms(_baseline, [1500])
    db.dispose()
    return f"""## Dossiers (PDF, reportlab)

{CASES} demo cases, a quarter with a 900×1200 JPEG portrait; median of {ROUNDS} rounds
over 20 typical cases. Target: under 150 ms per typical dossier.

| What | ms |
|---|---:|
| One typical case, English, internal (render only) | {render_ms:.0f} |
| One typical case, Russian, strict redaction (render only) | {ru_ms:.0f} |
| One typical case, embassy profile, recorded in the ledger | {make_ms:.0f} |
| Three cases with a cover letter, one PDF | {batch_ms:.0f} |
| A large case: 300 timeline events (about 9 pages) | {big_ms:.0f} |
| Baseline: bare reportlab, 150 paragraphs, same font | {base_ms:.0f} |
| Baseline: bare reportlab, 1,500 paragraphs, same font | {base_big_ms:.0f} |
"""
