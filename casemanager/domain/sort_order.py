"""The order in which lists sort names and other text: a caseworker's dictionary order.

`sort_key(text)` is a string whose plain code-point order (SQLite's BINARY collation,
PostgreSQL's "C", Python's `<`) is that order:

- Case-insensitive: capitals sort with their small letters.
- Latin letters first (a-z), then Cyrillic (а-я), as in Unicode's default order (ICU's
  root, PostgreSQL's "und-x-icu"); digits, spaces and punctuation before letters.
- Latin letters with diacritics sort as their base letter (É as e, Ö as o, ł as l, ß as
  ss), as in ICU's root order; the diacritic does not separate them (ties by reference).
- Ё sorts as Е, as Russian dictionaries do (Ожегов): "Ёлкин" beside "Елкин", before
  "Жуков". Both spellings of one name are met in the same place.
- Ukrainian and Belarusian letters in their alphabet's place: Ґ after Г, Є after Е, І and
  Ї after И and before Й, Ў after У (Ukrainian: а б в г ґ д е є ж з и і ї й ...).
- Kazakh, Kyrgyz, Tajik and Uzbek letters after their base letter: Ә after А, Ғ after Г,
  Қ after К, Ң after Н, Ө after О, Ӣ after И, Ұ Ӯ then Ү after У, Һ Ҳ after Х, Ҷ after Ч.
- Apostrophes (' ’ ʻ ʼ `) are left out: "Дем'яненко" sorts as "Демяненко".
- Other characters (other scripts, rarer Latin letters such as ŋ or Vietnamese ones)
  keep their code-point order after these.

The key maps each character to one or more characters; a letter that must sort between
two others (Ґ between Г and Д) becomes the earlier letter followed by `AFTER`, the
greatest code point, so "ґа" sorts after every "г…" word and before "д". Because no
mapped-to character is itself mapped, the mapping can be applied as independent
replacements in any order: the databases compute the same key with nested replace()
(SQLite) or translate() and replace() (PostgreSQL), see casemanager.store.sort_keys.
Migration 0020 holds a copy of this table (migrations repeat their constants): a change
here needs a migration that rebuilds the indexes.
"""

from __future__ import annotations

import unicodedata

# The greatest code point: sorts after every letter (see the module's docstring).
AFTER = "\U0010ffff"

_CYRILLIC_UPPER = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_CYRILLIC_LOWER = "абвгдежзийклмнопрстуфхцчшщъыьэюя"

# Cyrillic letters outside а-я, small and capital: what each sorts as.
_CYRILLIC_EXTRA = {
    "ё": "е", "Ё": "е",
    "є": "е" + AFTER, "Є": "е" + AFTER,
    "ґ": "г" + AFTER, "Ґ": "г" + AFTER,
    "і": "и" + AFTER, "І": "и" + AFTER,
    "ї": "и" + AFTER + AFTER, "Ї": "и" + AFTER + AFTER,
    "ў": "у" + AFTER, "Ў": "у" + AFTER,
    # Central Asian letters, each after its base letter as in the Kazakh, Kyrgyz, Tajik
    # and Uzbek alphabets (tester: Ғафуров, Қодиров, Ҷалилов sorted after Я, capitals
    # apart from small letters).
    "ә": "а" + AFTER, "Ә": "а" + AFTER,
    "ғ": "г" + AFTER, "Ғ": "г" + AFTER,
    "қ": "к" + AFTER, "Қ": "к" + AFTER,
    "ң": "н" + AFTER, "Ң": "н" + AFTER,
    "ө": "о" + AFTER, "Ө": "о" + AFTER,
    "ӣ": "и" + AFTER, "Ӣ": "и" + AFTER,
    "ұ": "у" + AFTER, "Ұ": "у" + AFTER, "ӯ": "у" + AFTER, "Ӯ": "у" + AFTER,
    "ү": "у" + AFTER * 2, "Ү": "у" + AFTER * 2,
    "һ": "х" + AFTER, "Һ": "х" + AFTER, "ҳ": "х" + AFTER, "Ҳ": "х" + AFTER,
    "ҷ": "ч" + AFTER, "Ҷ": "ч" + AFTER,
}
# Apostrophes and the Uzbek ʻ inside a name are not letters: "Дем'яненко" sorts as
# "Демяненко", "Oʻrinov" as "Orinov", "O'Brien" as "OBrien".
_IGNORED = {"'": "", "\u2019": "", "\u02bb": "", "\u02bc": "", "`": ""}

# Latin letters that have no decomposition to a base letter but sort as one (ICU root).
_LATIN_EXTRA = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l",
    "ħ": "h", "Ħ": "h", "ı": "i", "ŧ": "t", "Ŧ": "t", "ŀ": "l", "Ŀ": "l",
}


def _latin_base(char: str) -> str | None:
    """The small ASCII letter `char` (a Latin letter with diacritics) sorts as, if any."""
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if "a" <= base <= "z" and base != char else None


def _build() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for upper, lower in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz",
                            strict=True):
        mapping[upper] = lower
    # Latin-1 Supplement, Latin Extended-A, and Romanian's ș ț (Latin Extended-B).
    for code in (*range(0xC0, 0x180), *range(0x218, 0x21C)):
        char = chr(code)
        if char in _LATIN_EXTRA:
            mapping[char] = _LATIN_EXTRA[char]
        elif (base := _latin_base(char)) is not None:
            mapping[char] = base
    mapping.update({k: v for k, v in _LATIN_EXTRA.items() if k not in mapping})
    for upper, lower in zip(_CYRILLIC_UPPER, _CYRILLIC_LOWER, strict=True):
        mapping[upper] = lower
    mapping.update(_CYRILLIC_EXTRA)
    mapping.update(_IGNORED)
    return mapping


# {character: what it sorts as}; characters not in it sort as themselves.
SORT_MAP: dict[str, str] = _build()
_TABLE = str.maketrans(SORT_MAP)


def sort_key(text: str) -> str:
    """The key that sorts `text` in dictionary order (see the module's docstring) by
    plain code-point comparison; "" for "". The databases compute the same key
    (casemanager.store.sort_keys), so a list sorted in SQL and one sorted in Python by
    this key are in the same order."""
    return text.translate(_TABLE)
