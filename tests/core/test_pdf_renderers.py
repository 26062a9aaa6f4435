"""Every PDF is made by one renderer base (issue 14, item 5).

The overview, the dossier, the cover letter and the appeal letter all derive from
`reports.base.DocumentRenderer`: one font registration (thread-safe), one escaping
paragraph helper, one header and "Page X of Y". Checked here: hostile counts and labels
in the overview print as written; two documents made on two threads at once, in a fresh
process (so the fonts are registered by the race itself), both come out whole.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from dossier_case import make_case, page_texts, pdf_text

from casemanager.reports import base, overview_pdf
from casemanager.reports.appeal_letter import AppealLetter
from casemanager.reports.case_dossier import CaseDossier
from casemanager.reports.cover_letter import CoverLetter
from casemanager.reports.fonts import markup, para
from casemanager.reports.overview_pdf import OverviewReport
from casemanager.services.overview import Overview

REPORTS = Path(base.__file__).parent
HOSTILE = "<b>x</b> & <font>"


def _overview(**changes) -> Overview:
    ov = Overview(
        generated_at=dt.datetime(2030, 1, 1), assignee=None, total=3,
        by_status=(("reported", 2), ("detained", 1)), by_citizenship=(("UZ", 3),),
        by_recruitment=(("deceived", 3),), by_priority=(("normal", 3),),
        stale=(), overdue=(), recent=(),
    )
    return dataclasses.replace(ov, **changes)


def test_every_document_derives_from_the_one_base():
    for renderer in (OverviewReport, CaseDossier, CoverLetter, AppealLetter):
        assert issubclass(renderer, base.DocumentRenderer), renderer


def test_no_renderer_builds_a_paragraph_or_registers_a_font_of_its_own():
    """Paragraphs are made by `DocumentRenderer.paragraph` only (so nothing skips the
    escaping), fonts registered by `fonts.register_fonts` only."""
    for path in REPORTS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {getattr(n.func, "id", getattr(n.func, "attr", "")) for n in ast.walk(tree)
                 if isinstance(n, ast.Call)}
        if path.name != "base.py":
            assert "Paragraph" not in calls, path.name
        if path.name != "fonts.py":
            assert not calls & {"registerFont", "TTFont", "addMapping"}, path.name


def test_hostile_labels_and_counts_print_as_written_in_the_overview():
    ov = _overview(
        by_status=((HOSTILE, 7), ("Задержан <i>", 2)),
        by_citizenship=(("Ж&", 3), ("not recorded", 1)),
        by_recruitment=((HOSTILE, 1),),
        by_priority=(("</para>", 4),),
        assignee="Дилноза <b>",
    )
    pdf = OverviewReport(ov, organisation="Помощь & <font size=90>").render()
    text = pdf_text(pdf)
    assert text.count(HOSTILE) >= 2
    for literal in ("Задержан <i>", "Ж& (Ж&)", "</para>", "Cases of Дилноза <b>",
                    "Помощь & <font size=90>", "Page 1 of 1", "CONFIDENTIAL"):
        assert literal in text, literal
    assert len(page_texts(pdf)) == 1


def test_the_paragraph_helper_escapes_and_markup_keeps_only_its_own_tags():
    assert para(HOSTILE) == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font&gt;"
    assert para("a\nb\tc") == "a<br/>b c"
    assert markup("<b>{}</b>", "<i>") == "<b>&lt;i&gt;</b>"
    assert para(markup("<b>{}</b>", "&")) == "<b>&amp;</b>"  # not escaped twice
    renderer = OverviewReport(_overview())
    assert renderer.paragraph("x" * 500, limit=10).text == "x" * 9 + "…"


_RACE = """
import datetime as dt, sys, threading
sys.path.insert(0, {tests!r})
from casemanager.domain.redaction import get_profile
from casemanager.reports.case_dossier import CaseDossier
from casemanager.reports.overview_pdf import OverviewReport
from casemanager.services.cases import get_case
from casemanager.store.database import open_database
from dossier_case import pdf_text
from reportlab.pdfbase import pdfmetrics
from test_pdf_renderers import _overview

assert "DejaVuSans" not in pdfmetrics.getRegisteredFontNames()
detail = get_case(open_database({path!r}), {reference!r})
start = threading.Barrier(2)
out = {{}}

def run(name, make):
    start.wait()
    try:
        out[name] = make()
    except BaseException as exc:
        out[name] = exc

jobs = {{
    "overview": lambda: OverviewReport(_overview(), organisation="Помощь").render(),
    "dossier": lambda: CaseDossier(profile=get_profile("internal"),
                                   made_at=dt.datetime(2025, 1, 2)).render(detail),
}}
threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()
for name, result in sorted(out.items()):
    assert isinstance(result, bytes), (name, result)
    print(name, pdf_text(result)[:300])
"""


def test_two_documents_from_two_threads_at_once(sqlite_db, sqlite_path):
    """In a fresh process, fonts not yet registered: both threads register the fonts
    and build at the same moment, and both PDFs read back."""
    reference = make_case(sqlite_db)
    sqlite_db.dispose()
    script = _RACE.format(tests=str(Path(__file__).parent), path=str(sqlite_path),
                          reference=reference)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "overview " in done.stdout and "Caseload overview" in done.stdout
    assert "dossier " in done.stdout and "Tursunov Alisher" in done.stdout


def test_the_overview_module_has_no_fonts_of_its_own():
    assert not hasattr(overview_pdf, "register_fonts")
    assert not hasattr(overview_pdf, "font_file")
