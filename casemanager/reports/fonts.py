"""The fonts of every printed document (DejaVu Sans, bundled in resources/fonts) and
safe text for them.

DejaVu Sans draws Latin, Cyrillic, Greek, Hebrew, Arabic letters and many symbols, so
names in any of the region's scripts print as written. Characters it has no glyph for
(emoji, Chinese, Japanese...) would silently print as empty boxes; `drawable()`
replaces them with U+FFFD, which prints visibly as "�", and `para()` also escapes the text
for reportlab's Paragraph mark-up, so a `<` or `&` in a name never breaks a dossier.
`markup()` builds the few paragraphs that mix the renderer's own tags (bold, a line
break, a colour) with such text: the template is trusted, every value is escaped.

The fonts are registered once per process, under a lock (`register_fonts`): documents
are made on a worker thread while the CLI, a test or a second worker may start another.
Only the bundled files are used, never the system's DejaVu, so the glyphs `drawable()`
checks against are the glyphs that print, on every machine.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from casemanager.system.paths import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
REPLACEMENT = "\ufffd"
_MODIFIERS = frozenset({0x200D, *range(0xFE00, 0xFE10)})

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab once per process (thread-safe: the GUI renders
    on a worker thread while a test or the CLI may render on another)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        # <b> and <i> inside a Paragraph pick the right face.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(REGULAR).face  # type: ignore[attr-defined]
    bold = pdfmetrics.getFont(BOLD).face  # type: ignore[attr-defined]
    # A character must exist in both faces: a label in bold must draw too.
    return frozenset(face.charToGlyph) & frozenset(bold.charToGlyph)


def drawable(text: str) -> str:
    """`text` as the font can print it: a run of characters it has no glyph for becomes
    one U+FFFD mark, and right-to-left runs are put in visual order."""
    covered = _covered()
    if all(ord(ch) in covered or ch in "\n\t" for ch in text):
        return _visual_order(text)  # the usual case, without building a new string
    out = []
    for ch in text:
        if ord(ch) in _MODIFIERS or 0x1F3FB <= ord(ch) <= 0x1F3FF:
            continue  # joiners, variation selectors, skin tones: one mark per emoji, not three
        if ord(ch) in covered or ch in "\n\t":
            out.append(ch)
        elif not out or out[-1] != REPLACEMENT:
            out.append(REPLACEMENT)
    return _visual_order("".join(out))


_RTL = ("R", "AL")
# Neutral characters that stay inside a right-to-left run when RTL text follows them.
_NEUTRAL = ("WS", "NSM", "ON", "CS")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _visual_order(text: str) -> str:
    """Reverse right-to-left runs (Hebrew, Arabic) so they read correctly on the page.

    reportlab draws characters left to right in the order stored. This handles the
    short texts a dossier holds (a name, a place); it does not join Arabic letters
    (that needs a shaping engine), so Arabic prints legibly but in isolated forms.
    """
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if unicodedata.bidirectional(text[i]) not in _RTL:
            out.append(text[i])
            i += 1
            continue
        j = last = i
        while j < n:
            kind = unicodedata.bidirectional(text[j])
            if kind in _RTL:
                last = j
            elif kind not in _NEUTRAL or text[j] == "\n":
                break
            j += 1
        out.append(text[i:last + 1][::-1].translate(_MIRROR))
        i = last + 1
    return "".join(out)


def para(text: object) -> str:
    """Plain text made safe for a reportlab Paragraph: drawable, escaped, line breaks kept.

    `<`, `&` and `>` become entities (so `</para>` or `<font>` in a name is printed, not
    obeyed), characters the fonts cannot draw become U+FFFD, a tab a space and a line
    break `<br/>`. `None` gives "". A `Markup` is returned as it is (already safe).
    """
    if isinstance(text, Markup):
        return text
    value = "" if text is None else str(text)
    value = escape(drawable(value))
    return value.replace("\t", " ").replace("\n", "<br/>")


class Markup(str):
    """Paragraph mark-up that is safe as it is: made only by `markup()`."""

    __slots__ = ()


def markup(template: str, *values: object) -> Markup:
    """The renderer's own mark-up with `values` put in as text: `template` is a constant
    of the code with `{}` fields (e.g. "<b>{}</b>"), each value goes through `para()`."""
    return Markup(template.format(*(para(v) for v in values)))


# A table row cannot be split over pages (reportlab raises LayoutError): texts printed
# in one (a dossier's title block, a cover letter's list, the overview's cells) are cut
# at this many characters, with "…". The forms accept at most 400 for a name; a
# database changed by other means may hold more.
CELL_MAX = 400


def cap(text: str, limit: int = CELL_MAX) -> str:
    """`text` cut to at most `limit` characters, the last being "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
