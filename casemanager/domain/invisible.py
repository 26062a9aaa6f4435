"""Invisible characters: what they are and the one function that removes them.

Names pasted from web pages, PDFs and messengers carry characters nobody sees: soft
hyphens (U+00AD), zero-width spaces and joiners (U+200B-U+200D, U+2060), direction
marks and embeddings (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, U+061C) and a byte
order mark in mid-text (U+FEFF). They split a word in two for the search index
("Tur\u00adsunov" became "Tur" and "sunov") and make two equal names compare unequal.
All of them are Unicode's format characters (category Cf), which is the rule used here.

`strip_invisible` is called by `casemanager.domain.fields.clean_text`, which every writer of a
single-line field goes through (services, the editor window, `casemanager new/edit`, the
importer's field conversion), and by `casemanager.domain.names.words`, so values stored
before this rule are still found. Migration 0006_clean_names cleans those rows.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that may be format characters: everything outside the blocks that hold none
# (Latin, Greek, Cyrillic, Armenian, Hebrew, the Indic scripts, CJK…). Text made only of
# those is left alone without a look-up per character; `tests/core` checks that every Cf
# character of this Python's Unicode is matched here.
_MAYBE_INVISIBLE = re.compile(
    "[^\x00-\xac\xae-\u05ff\u0900-\u180d\u180f-\u200a\u2010-\u2029\u202f-\u205f"
    "\u2070-\ufefe\uff00-\ufff8]")


def is_invisible(ch: str) -> bool:
    """Whether one character is a format character (Unicode category Cf)."""
    return unicodedata.category(ch) == "Cf"


def strip_invisible(text: str) -> str:
    """`text` without its invisible format characters; other text is left as it was.

    `strip_invisible("Tur\\u00adsunov\\u200b")` is `"Tursunov"`. Cheap on clean text (one
    scan, no copy when nothing is found).
    """
    if text.isascii() or _MAYBE_INVISIBLE.search(text) is None:
        return text
    if not any(unicodedata.category(ch) == "Cf" for ch in text):
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
