"""The duplicate finder's name keys of a person (services.duplicates._name_keys, which
keeps the keys of a person's own names apart from their aliases' to reuse them) are
those of all their spellings taken together, as first written (kept here)."""

from __future__ import annotations

import itertools
import random

from casemanager.services.duplicates import _PATRONYMIC, _keys, _name_keys


def reference_name_keys(family: str, given: str, patronymic: str, native: str, latin: str,
                        aliases: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], str]:
    spellings = [" ".join(p for p in (family, given, patronymic) if p), native, latin,
                 *aliases]
    variants: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for spelling in spellings:
        k = _keys(spelling)
        if k and tuple(sorted(k)) not in seen:
            seen.add(tuple(sorted(k)))
            variants.append(k)
    father = (_keys(patronymic) or ("",))[0]
    if not father:
        found = [v[-1] for v in variants if len(v) >= 3 and v[-1].endswith(_PATRONYMIC)]
        father = found[0] if found else ""
    return tuple(variants), father


FAMILY = ["", "Tursunov", "Турсунов", "Abdul-Karimov"]
GIVEN = ["", "Alisher", "A."]
FATHER = ["", "Bakhtiyorovich", "Бахтиёр ўғли", "-"]
NATIVE = ["", "Турсунов Алишер", "Алишер Турсунов Бахтиёрович"]
ALIASES = ["Alisher Tursun", "Tursunov Alisher Rustamovich", "Турсунов Алишер",
           "Alisher Tursunov", "Rustam qizi Karima Tursunova", "  "]


def test_name_keys_with_and_without_aliases_are_the_plain_ones():
    rng = random.Random(18)
    for family, given, father, native in itertools.product(FAMILY, GIVEN, FATHER, NATIVE):
        for n in range(4):
            aliases = tuple(rng.sample(ALIASES, n))
            latin = rng.choice(["", "Tursunov A. B.", "Tursunov Alisher Bakhtiyor o'g'li"])
            assert _name_keys(family, given, father, native, latin, aliases) == \
                reference_name_keys(family, given, father, native, latin, aliases)
