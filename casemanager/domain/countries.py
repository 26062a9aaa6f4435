"""Countries: ISO 3166 alpha-2 codes, read from codes or names in English, Russian and the
languages of the region's partner lists (Ukrainian, Uzbek, Kazakh, Kyrgyz, Tajik: the
translations pycountry ships)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

# Names people write that are not in ISO 3166's English or Russian names.
_EXTRA = {
    "russia": "RU",
    "россия": "RU",
    "рф": "RU",
    "uk": "GB",
    "britain": "GB",
    "kirgizia": "KG",
    "kirghizia": "KG",
    "киргизия": "KG",
    "кыргызстан": "KG",
    "кыргызская республика": "KG",
    "kyrgyz republic": "KG",
    "tadjikistan": "TJ",
    "turkmenia": "TM",
    "туркмения": "TM",
    "moldova": "MD",
    "молдавия": "MD",
    "iran": "IR",
    "syria": "SY",
    "usa": "US",
    "сша": "US",
    "south korea": "KR",
    "north korea": "KP",
    "росія": "RU",
    "rossiya": "RU",
    "россия федерацияси": "RU",
    # Uzbek in Cyrillic script (pycountry has the Latin one), and typed without apostrophes
    "ўзбекистон": "UZ",
    "қирғизистон": "KG",
    "қозоғистон": "KZ",
    "тожикистон": "TJ",
    "туркманистон": "TM",
    "ozbekiston": "UZ",
    "qirgiziston": "KG",
    "qozogiston": "KZ",
}
# Languages whose country names are read too (pycountry's iso3166-1 translations).
_LANGUAGES = ("ru", "uk", "uz", "kk", "ky", "tg")
# Apostrophes as people type them: Uzbek `O'zbekiston` for ISO's `Oʻzbekiston`.
_APOSTROPHES = str.maketrans({c: "'" for c in "`\u2018\u2019\u02bb\u02bc\u02b9"})


# Shorter Russian names than ISO's, as a Russian-speaking reader writes them.
_RU_SHORT = {"RU": "Россия", "KG": "Кыргызстан", "MD": "Молдова", "US": "США", "IR": "Иран"}


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:  # pragma: no cover - pycountry ships them
        return gettext.NullTranslations()


def _russian() -> gettext.NullTranslations:
    return _translation("ru")


@cache
def _index() -> dict[str, str]:
    ru, others = _translation("ru"), [_translation(lang) for lang in _LANGUAGES[1:]]
    index: dict[str, str] = {}
    more: dict[str, set[str]] = {}  # names in the other languages, and whose they are
    for country in pycountry.countries:
        code = country.alpha_2
        names = {country.alpha_2, country.alpha_3, country.name}
        for attr in ("official_name", "common_name"):
            if hasattr(country, attr):
                names.add(getattr(country, attr))
        english = list(names)
        names |= {ru.gettext(n) for n in english}
        for name in names:
            index.setdefault(_key(name), code)
        for translation in others:
            for name in english:
                more.setdefault(_key(translation.gettext(name)), set()).add(code)
    # A translated name that two countries share (pycountry's Kazakh and Tajik files have
    # a few) means neither: such a cell stays unknown and the import says so.
    for key, codes in more.items():
        if len(codes) == 1 and key not in index:
            index[key] = next(iter(codes))
    index.update(_EXTRA)
    return index


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().translate(_APOSTROPHES)


def country_code(text: str) -> str | None:
    """`UZ`, `UZB`, `Uzbekistan`, `Узбекистан`, `O'zbekiston`, `Өзбекстан` -> `UZ`; None
    when unknown."""
    key = _key(text)
    if not key:
        return None
    return _index().get(key)


def country_name(code: str, lang: str = "en") -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if lang == "ru":
        return _RU_SHORT.get(country.alpha_2) or _russian().gettext(country.name)
    return name
