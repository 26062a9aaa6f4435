"""Cyrillic names in Latin letters as passports write them: ICAO Doc 9303 (Part 3).

ICAO Doc 9303, the standard for machine-readable travel documents, fixes one Latin
spelling per Cyrillic letter (Russian, Ukrainian, Belarusian and others): the spelling a
detainee's passport most likely shows, so partners and embassies will recognise it.
The Central Asian letters the table lacks (Uzbek, Kazakh, Kyrgyz, Tajik) are given the
nearest plain Latin letters, in the same spirit; they are our choice, marked below.
No maintained Python package implements the ICAO table (the `transliterate` and
`unidecode` packages follow other systems), so the table is kept here.
"""

from __future__ import annotations

import re

STANDARD = "ICAO Doc 9303"

_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Ukrainian, Belarusian and others, as in ICAO Doc 9303 Part 3.
    "ґ": "g", "є": "ie", "і": "i", "ї": "i", "ў": "u", "ј": "j", "љ": "lj", "њ": "nj",
    "ђ": "d", "ћ": "c", "џ": "dz", "ѕ": "dz", "ѓ": "g", "ќ": "k",
    # Not in ICAO's table (our choice): Uzbek, Kazakh, Kyrgyz and Tajik letters.
    "ғ": "g", "қ": "k", "ҳ": "kh", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ң": "n", "ө": "o",
    "ү": "u", "ә": "a", "ұ": "u", "һ": "h",
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    """Whether `text` holds any Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def to_latin(text: str) -> str:
    """`Турсунов Алишер` -> `Tursunov Alisher` (ICAO Doc 9303); other characters kept.

    A capital letter gives a capitalised spelling (`Ш` -> `Sh`); a word written all in
    capitals stays all in capitals (`ШУКУРОВ` -> `SHUKUROV`).
    """
    words = re.split(r"(\s+|-)", text)
    out = []
    for word in words:
        latin = "".join(
            (_ICAO[ch.lower()].capitalize() if ch.isupper() else _ICAO[ch])
            if ch.lower() in _ICAO else ch
            for ch in word
        )
        if len(word) > 1 and word.isupper():
            latin = latin.upper()
        out.append(latin)
    return "".join(out)


# Russian-passport transliteration, the spelling most partner lists use.
# The plain transliteration for keys and synthetic data, not ICAO's (above).
PLAIN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h", "ң": "ng", "ө": "o", "ү": "u",
    "ұ": "u", "ә": "a", "і": "i", "ҷ": "j", "ӣ": "i", "ӯ": "u",
}
