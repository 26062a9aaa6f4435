"""Countries: ISO 3166 alpha-2 codes, read from codes or names in English and Russian."""

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
}


# Shorter Russian names than ISO's, as a Russian-speaking reader writes them.
_RU_SHORT = {"RU": "Россия", "KG": "Кыргызстан", "MD": "Молдова", "US": "США", "IR": "Иран"}


@cache
def _russian() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # pragma: no cover - pycountry always ships it
        return gettext.NullTranslations()


@cache
def _index() -> dict[str, str]:
    ru = _russian()
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = {country.alpha_2, country.alpha_3, country.name}
        for attr in ("official_name", "common_name"):
            if hasattr(country, attr):
                names.add(getattr(country, attr))
        names |= {ru.gettext(n) for n in list(names)}
        for name in names:
            index.setdefault(name.casefold(), code)
    index.update(_EXTRA)
    return index


def country_code(text: str) -> str | None:
    """`UZ`, `UZB`, `Uzbekistan`, `Узбекистан` -> `UZ`; None when unknown."""
    key = " ".join(text.split()).casefold()
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
