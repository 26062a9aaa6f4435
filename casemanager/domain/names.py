"""A person's name: how it is shown (`display_name`), and normalisation and comparison
that see through scripts and spellings.

`display_name` is the one rule for the name a list, a heading, a report or the command
line shows for a person; see its docstring. Everything below it is matching.

The same man is "Турсунов Алишер", "Tursunov Alisher", "Tursunow A." and "Alisher
Tursunov". Every word is reduced to a *skeleton key*: Cyrillic (Russian, Uzbek, Kazakh,
Kyrgyz, Tajik letters) is transliterated, Latin diacritics and the usual alternatives
are folded (х = kh/h/x, ш = sh/ş/sch, ч = ch/ç, ж = zh/j/dzh, й/ы = y/i, w = v, q = k,
-ov/-ow/-ev/-ew, doubled letters, apostrophes of o'/g'...). Keys are plain ASCII
[a-z0-9], so they sort the same on SQLite and PostgreSQL and prefix ranges use an index.

Names are also read as people write them (issue 16): invisible characters are ignored,
a hyphenated compound is one key, patronymic particles (oʻgʻli, qizi, uly, uulu, kyzy)
become -ovich / -ovna, and first letters that scripts write for one another (o / u, i / j)
share fuzzy buckets and duplicate blocks.

Comparison of two keys is a Levenshtein distance in which vowel edits cost half a
consonant edit: transliterations disagree mostly about vowels (Tursunov/Tursonov,
Bakhtiyor/Bakhtier), while a changed consonant usually means another name
(Karimov/Kasimov).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import permutations
from typing import Any, Literal

from casemanager.domain.invisible import strip_invisible

# ------------------------------------------------------------------ display

NameOrder = Literal["family", "given"]


def _clean(part: object) -> str:
    return " ".join(str(part).split()) if part else ""


def display_name(
    family: str | None = "",
    given: str | None = "",
    patronymic: str | None = "",
    *,
    native: str | None = "",
    latin: str | None = "",
    order: NameOrder = "family",
    placeholder: str = "",
) -> str:
    """The name to show for a person: one line of text, never None.

    The rule, in this order:

    1. The name's Latin-script parts that are known, joined by one space: family name,
       given name, patronymic (`order="family"`, as lists and files sort them:
       "Tursunov Alisher Bakhtiyorovich"), or given name, patronymic, family name
       (`order="given"`, for prose). The patronymic is part of the name whenever it is
       known. Runs of white space inside a part become one space.
    2. Else `latin`, the case's whole name in Latin script (the `name_latin` field).
    3. Else `native`, the name as written in its own script ("Турсунов Алишер").
    4. Else `placeholder` ("" unless the caller gives one, e.g. a translated
       "(no name)"; a case cannot be saved without a family, given or native name, so
       only a damaged or half-imported record gets here).

    A caller that shows the native name in a column of its own (the exchange list)
    passes no `native`, so the name column stays Latin-only. `None` counts as empty.
    """
    parts = [_clean(p) for p in (family, given, patronymic)]
    if order == "given":
        parts = parts[1:] + parts[:1]
    elif order != "family":
        raise ValueError(f"order must be 'family' or 'given', not {order!r}")
    return (" ".join(p for p in parts if p) or _clean(latin) or _clean(native)
            or placeholder)


def display_name_of(fields: Mapping[str, object], **options: Any) -> str:
    """`display_name` of a mapping with the case's field names (`family_name`,
    `given_name`, `patronymic`, `name_latin`, `name_native`): an import row, a bundle's
    case fields. Missing keys and None count as empty; `options` as display_name's."""
    def get(key: str) -> str:
        value = fields.get(key)
        return str(value) if value else ""

    return display_name(get("family_name"), get("given_name"), get("patronymic"),
                        latin=get("name_latin"), native=get("name_native"), **options)


# ------------------------------------------------------------------ matching

# Cyrillic letters of Russian and the Central Asian alphabets, in a Latin that the
# folding below understands (ё keeps its glide: Бахтиёр and Bakhtiyor meet).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "ї": "yi", "і": "i", "ґ": "g",
    # Uzbek, Kazakh, Kyrgyz, Tajik, Bashkir/Tatar extras.
    "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h", "ң": "ng", "ө": "o", "ү": "u", "ұ": "u",
    "ә": "a", "ҷ": "j", "ӣ": "i", "ӯ": "u", "һ": "h", "ҙ": "z", "ҫ": "s", "ӊ": "ng",
    "ҝ": "g", "ӝ": "j", "ӟ": "z",
}
# Latin letters whose diacritic carries a sound (stripping it would lose a letter).
_LATIN = {
    "ş": "sh", "š": "sh", "ș": "sh", "ç": "ch", "č": "ch", "ž": "zh", "ğ": "g", "ǵ": "g",
    "ñ": "ng", "ň": "ng", "ń": "ng", "ä": "a", "ə": "a", "æ": "a", "ö": "o", "ø": "o",
    "ü": "u", "ı": "i", "ý": "y", "ß": "ss", "đ": "d", "ł": "l",
}
_MAP = {**_CYRILLIC, **_LATIN}

# Order matters: longer sequences first, and Latin x (Uzbek х) becomes h before "x" is
# used as the code of the ш sound.
_FOLDS = [
    (re.compile(r"x"), "kh"),
    (re.compile(r"dzh|dsch|dj"), "j"),
    (re.compile(r"tsch|tch"), "c"),
    (re.compile(r"shch|sch|sh"), "x"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[aeiou])j(?=[aeou])"), "i"),  # German j as a glide: Alijew
    (re.compile(r"ou"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
    # A glide between vowels (Abdullayev/Abdullaev, Muhammadiev/Muhammadiyev).
    (re.compile(r"([aeou])i(?=[aeou])"), r"\1"),
    (re.compile(r"^ie"), "e"),  # Yerzhan / Erzhan / Ерж-
    (re.compile(r"(?<=[a-z]{3})[oe](?:v|f)$"), "ov"),  # -ov -ow -off -ev -ew -eff
    (re.compile(r"(?<=[a-z]{3})[oe]va$"), "ova"),
    (re.compile(r"(?<=[a-z]{3})[oe]vic$"), "ovic"),  # patronymics -ovich / -evich
    (re.compile(r"(?<=[a-z]{3})[oe]vna$"), "ovna"),
    (re.compile(r"m[aou]ham[ae]d"), "muhamad"),  # Mohammed, Mukhammad, Mahammad (Azeri)
    (re.compile(r"ulah$"), "ula"),  # Arabic -ullah; -ulla / -ullo is a cheap a/o swap
]
_WORD = re.compile(r"[^\W_]+(?:['ʻʼ’‘`][^\W_]+)*['ʻʼ’‘`]?")
# A hyphen inside a word joins a compound name: Abdul-Karimov, Said-Akbarov, Nur-Islom.
_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])")
# Patronymic particles written as a word after the father's name (Uzbek oʻgʻli / qizi,
# Kazakh uly / qyzy, Kyrgyz uulu / kyzy, Azerbaijani-Russian оглы), as keys. They
# become the Russian form: "Bakhtiyor oʻgʻli" and "Bakhtiyorovich" are one key.
_SON = frozenset({"ogli", "ugli", "uli", "ulu", "oglu"})
_DAUGHTER = frozenset({"kizi"})
PATRONYMIC_PARTICLES = _SON | _DAUGHTER
_VOWELS = frozenset("aeiou")


def _latin(text: str) -> str:
    out = []
    for ch in text.lower():
        mapped = _MAP.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        # Strip remaining accents (é, ō, á...) and keep letters and digits only.
        for part in unicodedata.normalize("NFKD", ch):
            if part.isascii() and part.isalnum():
                out.append(part)
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The key of one word: `Турсунов`, `Tursunow` and `TURSUNOV` all give `tursunov`."""
    text = _latin(word)
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


# ------------------------------------------------------------- other readings
#
# Latin x is read as Uzbek х (Xasanov = Хасанов, Xurshid, Toshxoʻja): that is the key.
# But Russian and Ukrainian names written in Latin use x for кс (Maxim = Максим,
# Olexandr = Олександр, Alexei): a word with a Latin x has that second reading too, the
# word with x written ks. Where keys are compared (the search index, a query, likely
# duplicates), both readings count.


def has_latin_x(text: str) -> bool:
    """Whether `text` holds a Latin x (then `ks_reading` gives its second reading)."""
    return "x" in text or "X" in text


def ks_reading(text: str) -> str:
    """`text` with each Latin x written ks (Maxim -> Maksim, Xasanov -> Ksasanov): the
    second reading of a word with an x, whose keys are those of this text."""
    return text.replace("x", "ks").replace("X", "Ks")


@lru_cache(maxsize=65536)
def word_readings(word: str) -> tuple[str, ...]:
    """The keys one word may stand for: its skeleton, and for a word with a Latin x the
    skeleton of its ks reading when that differs (`Maxim` -> ("mahim", "maksim"))."""
    key = skeleton(word)
    if not has_latin_x(word):
        return (key,)
    other = skeleton(ks_reading(word))
    return (key,) if other == key or not other else (key, other)


# At most this many readings of one spelling (each Latin-x word doubles them).
MAX_READINGS = 8


def key_readings(text: str) -> list[tuple[str, ...]]:
    """The keys of a name (`keys`) under each reading of its words with a Latin x (x as
    kh, x as ks: `word_readings`), `keys(text)` first; at most MAX_READINGS (the first
    three such words are read both ways, the others as kh). A name without a Latin x
    has one reading."""
    first = tuple(keys(text))
    if not has_latin_x(text):
        return [first]
    options = [word_readings(w) for w in words(join_compounds(text))]
    out = [first]
    varied = 0
    for i, option in enumerate(options):
        if len(option) > 1:
            varied += 1
            if varied > 3:
                options[i] = option[:1]
    for combo in itertools.product(*options):
        reading = tuple(patronymic_keys([k for k in combo if k]))
        if reading not in out:
            out.append(reading)
    return out[:MAX_READINGS]


# Ukrainian and Russian forms of one given name: lists from the two sides of the war
# write the same man as Mykola and Nikolai (Микола / Николай), Serhii and Sergei. Each
# line is a name's Russian forms, "|", its Ukrainian forms, in Cyrillic (their Latin
# spellings give the same keys, skeleton transliterates) with the usual Latin spellings
# whose keys differ (German j, Polish w). Ukrainian г is h in Latin (Serhii, Oleh,
# Hanna): a Ukrainian form is read with г as h too. Patronymics made from these names
# are lines of their own (Nikolaevich / Mykolaiovych), masculine and feminine.
# Names spelt alike in both languages (Ivan, Roman, Taras, Maksym / Maksim) need no line.
_NAME_FORMS = """
Николай Nikolaj | Микола
Александр Aleksander | Олександр
Алексей Aleksej | Олексій
Сергей Sergej | Сергій
Андрей Andrej | Андрій
Дмитрий Dmitrij | Дмитро
Владимир | Володимир
Василий Wassili Vasilij | Василь
Михаил | Михайло
Григорий Grigorij | Григорій
Пётр Петр | Петро
Павел | Павло
Игорь | Ігор
Олег | Олег
Евгений Jewgeni Evgenij | Євген Евген
Фёдор Федор | Федір
Константин | Костянтин
Геннадий Gennadij | Геннадій
Георгий Georgij | Георгій
Глеб | Гліб
Кирилл | Кирило
Даниил | Данило
Тимофей | Тимофій
Матвей | Матвій
Анатолий | Анатолій
Галина | Галина
Елена Jelena | Олена
Наталья Наталия | Наталія
Татьяна | Тетяна
Екатерина Jekaterina | Катерина
Анна | Ганна
Ольга | Ольга
Людмила | Людмила
Светлана | Світлана
Надежда | Надія
Вера | Віра
Евгения | Євгенія
Николаевич | Миколайович
Николаевна | Миколаївна
Александрович | Олександрович
Александровна | Олександрівна
Алексеевич | Олексійович
Алексеевна | Олексіївна
Сергеевич | Сергійович
Сергеевна | Сергіївна
Андреевич | Андрійович
Андреевна | Андріївна
Дмитриевич | Дмитрович
Дмитриевна | Дмитрівна
Владимирович | Володимирович
Владимировна | Володимирівна
Васильевич | Васильович
Васильевна | Василівна
Михайловна | Михайлівна
Григорьевич | Григорович
Григорьевна | Григорівна
Петровна | Петрівна
Павловна | Павлівна
Юрьевич | Юрійович
Юрьевна | Юріївна
Игоревич | Ігорович
Игоревна | Ігорівна
Олегович | Олегович
Олеговна | Олегівна
Евгеньевич | Євгенович
Евгеньевна | Євгенівна
Фёдорович Федорович | Федорович
Фёдоровна Федоровна | Федорівна
Константинович | Костянтинович
Константиновна | Костянтинівна
Геннадьевич | Геннадійович
Георгиевич | Георгійович
Анатольевич | Анатолійович
Анатольевна | Анатоліївна
Иванович | Іванович
Ивановна | Іванівна
Викторович | Вікторович
Викторовна | Вікторівна
Степанович | Степанович
Степановна | Степанівна
"""
# Which lines are patronymics (their reason says so): the keys' endings.
_PATRONYMIC_FORM_ENDINGS = ("vic", "vna")


@lru_cache(maxsize=1)
def _name_forms() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """({key of a form: the key of its line's first form}, {that first key: every key
    of the line}), made at the first use (names are keyed at start-up elsewhere)."""
    canonical: dict[str, str] = {}
    lines: dict[str, tuple[str, ...]] = {}
    for line in _NAME_FORMS.strip().splitlines():
        russian, ukrainian = line.split("|")
        spellings = russian.split() + [
            variant for form in ukrainian.split()
            for variant in (form, form.lower().replace("г", "h"))]
        found = list(dict.fromkeys(skeleton(form) for form in spellings))
        if len(found) < 2:
            continue  # written alike: nothing to pair
        for key in found:
            canonical[key] = found[0]
        lines[found[0]] = tuple(found)
    return canonical, lines


def russian_form(key: str) -> str:
    """The key of the Russian form of a given name or patronymic whose Ukrainian and
    Russian forms differ (`mikola` -> `nikolai`, `serhi` -> `sergei`); other keys as
    they are."""
    return _name_forms()[0].get(key, key)


def equivalent_forms(key: str) -> tuple[str, ...]:
    """The keys of the other forms of a given name or patronymic (`nikolai` ->
    ("mikola",)); () for a key with none."""
    canonical = _name_forms()[0].get(key)
    if canonical is None:
        return ()
    return tuple(k for k in _name_forms()[1][canonical] if k != key)


def is_patronymic_form(key: str) -> bool:
    """Whether a key with equivalent forms is a patronymic's (else a given name's)."""
    return key.endswith(_PATRONYMIC_FORM_ENDINGS)


def name_readings(text: str) -> list[tuple[str, ...]]:
    """Every reading of a name as keys: `key_readings` (a Latin x as kh and as ks), and
    each of those with the Ukrainian forms of given names and patronymics in their
    Russian form when some word has one (Mykola Ivanov -> (mikola, ivanov), (nikolai,
    ivanov)). The first is `keys(text)`; at most 2 x MAX_READINGS."""
    out = key_readings(text)
    more = []
    forms = _name_forms()[0]
    for reading in out:
        if any(k in forms for k in reading):
            russian = tuple(forms.get(k, k) for k in reading)
            if russian not in out and russian not in more:
                more.append(russian)
    return out + more if more else out


def words(text: str) -> list[str]:
    """The words of a name or place, apostrophes of o'/g' kept inside the word.

    Invisible characters (casemanager.domain.invisible) are ignored, so a soft hyphen stored
    before they were removed on input does not cut a word in two. A hyphen separates
    words here; `keys` joins them.
    """
    return _WORD.findall(strip_invisible(text or ""))


def join_compounds(text: str) -> str:
    """`text` with the hyphens inside compound names removed (Abdul-Karimov ->
    AbdulKarimov) and invisible characters dropped."""
    return _HYPHEN.sub("", strip_invisible(text or ""))


def keys(text: str) -> list[str]:
    """Skeleton keys of the words of a name, in order, without empties.

    Hyphenated compounds are one key (`Abdul-Karimov` -> `abdulkarimov`), and a
    patronymic particle joins the father's name in the Russian form (`Bakhtiyor
    oʻgʻli` -> `bahtiorovic`, like `Bakhtiyorovich`; `Rustam qizi` -> `rustamovna`).
    """
    joined = join_compounds(text)
    return patronymic_keys([k for k in (skeleton(w) for w in words(joined)) if k])


def patronymic_keys(items: list[str]) -> list[str]:
    """Keys with patronymic particles merged into the word before them, and the joined
    Kazakh form (`nurlanuli`, `maratkizi`) in the Russian one (`nurlanovic`)."""
    out: list[str] = []
    for key in items:
        if out and len(out[-1]) > 2 and key in _SON:
            out[-1] = _patronymic(out[-1], "ovic")
        elif out and len(out[-1]) > 2 and key in _DAUGHTER:
            out[-1] = _patronymic(out[-1], "ovna")
        elif len(key) >= 7 and key.endswith("uli"):
            out.append(_patronymic(key[:-3], "ovic"))
        elif len(key) >= 8 and key.endswith("kizi"):
            out.append(_patronymic(key[:-4], "ovna"))
        else:
            out.append(key)
    return out


def _patronymic(stem: str, ending: str) -> str:
    # A father's name that already ends in -ov (Tursunov uulu is rare, but it happens)
    # keeps one -ov.
    return stem[:-2] + ending if stem.endswith("ov") else stem + ending


def compact(text: str) -> str:
    """A reference or document number as a key: letters and digits only, lower case."""
    text = text or ""
    if text.isascii():  # _latin keeps ASCII letters and digits as they are
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    return "".join(ch for ch in _latin(text) if ch.isalnum())


_NOT_ASCII_ALNUM = re.compile("[^a-z0-9]+")


# ---------------------------------------------------------------- comparing keys


# Substitutions that transliteration conventions produce, at half cost: vowels that one
# script writes for another's (Uzbek o for Russian a, ў as o or u, ё as e or o, ө as e
# or o), German ch for х, j for й and s for з. Other vowel swaps (Nazarov/Nazirov,
# Khasanov/Khusanov) are different names and cost a full edit.
_CHEAP = {
    pair: 0.5
    for p in ("ao", "ou", "ei", "eo", "ae", "ch", "ji", "zs")
    for pair in ((p[0], p[1]), (p[1], p[0]))
}
_FINAL = {("d", "t"): 0.5, ("t", "d"): 0.5}  # devoiced last letter: Bekzod / Bekzot


@lru_cache(maxsize=262144)
def key_distance(a: str, b: str) -> float:
    """Levenshtein distance where vowel insertions and deletions and the usual
    transliteration substitutions cost 0.5 and everything else 1."""
    if a == b:
        return 0.0
    # The table one row at a time, its steps written out (tests/core/test_key_distance.py
    # holds it to the plain table; every cost is a multiple of 0.5, so sums are exact).
    b_costs = [0.5 if ch in _VOWELS else 1.0 for ch in b]
    prev = [0.0]
    for cost in b_costs:
        prev.append(prev[-1] + cost)
    cheap = _CHEAP.get
    final = len(b) - 1
    last = len(a) - 1
    for i, ca in enumerate(a):
        ca_cost = 0.5 if ca in _VOWELS else 1.0
        left = prev[0] + ca_cost
        cur = [left]
        for j, cb in enumerate(b):
            if ca == cb:
                best = prev[j]
            elif i == last and j == final:  # a devoiced last letter: Bekzod / Bekzot
                best = prev[j] + _FINAL.get((ca, cb), cheap((ca, cb), 1.0))
            else:
                best = prev[j] + cheap((ca, cb), 1.0)
            up = prev[j + 1] + ca_cost
            if up < best:
                best = up
            left += b_costs[j]
            if left < best:
                best = left
            left = best
            cur.append(best)
        prev = cur
    return prev[-1]


@lru_cache(maxsize=262144)
def key_similarity(a: str, b: str) -> float:
    """1.0 for the same key, near 1 for a slip of the pen, low for another name.

    A one-letter key is an initial: it matches any key starting with that letter (0.9).
    A key that differs only by a final -a is the feminine form: another person.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if _is_initial(a) or _is_initial(b):
        short, full = (a, b) if len(a) <= len(b) else (b, a)
        if full.startswith(short) or (len(short) == 1 and _initial_class(short) ==
                                      _initial_class(full[0])):
            return 0.9
        return 0.0
    if a + "a" == b or b + "a" == a:
        return 0.5
    short, full = (a, b) if len(a) < len(b) else (b, a)
    if len(short) >= 4 and full in (short + "ov", short + "ova"):
        return STEM  # the russified family name: Tursun / Tursunov, Ergash / Ergashev
    longest = max(len(a), len(b))
    # Every weighted edit costs at least half a plain one, so the plain distance (fast,
    # in C) settles clearly different keys without the weighted computation. Below 0.6
    # the exact value never matters: every threshold is 0.8 or more.
    plain = _levenshtein()(a, b)
    if 1.0 - 0.5 * plain / longest < 0.6:
        return max(0.0, 1.0 - plain / longest)
    return max(0.0, 1.0 - key_distance(a, b) / longest)


def keys_alike(a: str, b: str, floor: float) -> bool:
    """key_similarity(a, b) >= floor, for a floor of 0.8 or more; the slow weighted
    distance is skipped for keys too far apart in plain distance to reach it (every
    weighted edit costs at least half a plain one)."""
    if a == b:
        return True
    longest = max(len(a), len(b))
    if min(len(a), len(b)) > 2 and abs(len(a) - len(b)) not in (2, 3) and (
            _levenshtein()(a, b) > 2 * (1 - floor) * longest + 1e-9):
        return False  # no initial, no -ov / -ova ending, too many edits
    return key_similarity(a, b) >= floor


@lru_cache(maxsize=1)
def _levenshtein() -> Any:
    """rapidfuzz's Levenshtein.distance, imported at the first comparison: saving a case
    makes its name keys here, and need not load the matcher to do so."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance


def _is_initial(key: str) -> bool:
    # One letter, or the key of a Cyrillic letter written with two (Ю. = Yu., Я. = Ya.).
    return len(key) == 1 or (len(key) == 2 and key[0] == "i" and key[1] in _VOWELS)


# First letters that scripts write for one another, as keys: Uzbek oʻ / ў is у or u in
# Russian and English sources (Oʻtkir, Уткир, Utkir, Otkir: o / u), and Ю / Я / Ё are
# Yu / Ya / Yo, Iu / Ia / Io (ICAO passports) or German Ju / Ja / Jo (i / j). Skeleton keys
# already fold the rest (ж = j = zh, х = h = kh = x, қ = q = k, ғ = g = gh, Э / Е / Ye = e,
# И / Й / Y = i). A class is named by one of its letters.
_FIRST_CLASS = {"u": "o", "o": "o", "j": "i", "i": "i"}
_CLASS_LETTERS = {"o": ("o", "u"), "i": ("i", "j")}


def _initial_class(letter: str) -> str:
    return _FIRST_CLASS.get(letter, letter)


# A whole word's first letter has one more alternative than an initial's: German and
# Polish lists write Х as Ch (Chasanov, Chabibullajew for Хасанов, Хабибуллаев), whose
# key begins with c, the key of Ч (Chernov); key_similarity puts c for h at half a
# consonant (Chasanov / Khasanov 0.93), but a word filed under c alone was never looked
# for under h, nor blocked with it (tester: "Chasanov Rustam" imported as a new case).
# Likewise Ukrainian О for Russian А, and Uzbek o for it, at the start of a name
# (Oleksandr / Aleksandr, Олим / Алим: a / o at half cost too).
# An initial keeps its class: "Ch." says too little to stand for Kh.
_WORD_CLASS = {**_FIRST_CLASS, "c": "h", "h": "h", "a": "o"}
_WORD_CLASS_LETTERS = {**_CLASS_LETTERS, "h": ("h", "c"), "o": ("o", "u", "a")}


def _word_class(letter: str) -> str:
    return _WORD_CLASS.get(letter, letter)


def first_letters(key: str) -> tuple[str, ...]:
    """The first letters under which a key's spelling variants may be filed: the key's
    own and the others of its class (o / u, i / j, and for a word c / h).

    Used by the fuzzy search to choose vocabulary buckets.
    """
    if not key:
        return ()
    if len(key) == 1:
        return _CLASS_LETTERS.get(_initial_class(key), (key,))
    return _WORD_CLASS_LETTERS.get(_word_class(key[0]), (key[0],))


def block_prefix(key: str, size: int = 3) -> str:
    """The first `size` letters of a key with its first letter replaced by its class
    as the first letter of a word (so utkir and otkir, chasanov and hasanov share a
    duplicate block; a block only chooses whom to compare, so an initial filed under
    the wider class is compared a little more often, never less)."""
    return _word_class(key[0]) + key[1:size] if key else ""


# A family name with and without its Russian ending (Tursun / Tursunov): just the same
# word, and recognisable, since only one word of a name may match so (see _pairing).
STEM = 0.88


# Same-word threshold: one vowel slip is fine in any name, one consonant slip only in
# names of eight letters or more (Tursumov, yes; Kasimov for Karimov, no).
SAME_WORD = 0.87
MAX_WORDS = 5


def name_similarity(a: str | Sequence[str], b: str | Sequence[str]) -> float:
    """How alike two full names are, 0..1, in any word order and script.

    Every word of the shorter name must find its own partner in the longer one (so a
    missing patronymic costs nothing, a different one does); the result is the weakest
    such pairing, so one wrong word makes the names different.
    """
    ka = tuple(keys(a) if isinstance(a, str) else a)
    kb = tuple(keys(b) if isinstance(b, str) else b)
    if ka > kb:
        ka, kb = kb, ka  # symmetric: one cache entry per pair
    return _name_similarity(ka, kb)


def names_may_meet(a: Sequence[str], b: Sequence[str], floor: float = 0.8) -> bool:
    """False only when name_similarity(a, b) is below `floor` (0.8 or more), for names
    given as keys; a few cached look-ups where name_similarity tries every pairing and
    compound (an import checks each row against hundreds of namesakes).

    name_similarity pairs each word of the shorter name with a word of the longer one,
    each pair at `floor` or more (two STEM pairs count as 0.8), or does so after joining
    two neighbouring words of one name when the joined word is at SAME_WORD or more
    with a word of the other: without either, it is below `floor`.
    """
    ta, tb = tuple(a), tuple(b)
    ka, kb = _prepared(*((ta, tb) if ta <= tb else (tb, ta)))  # as name_similarity orders
    if not ka:
        return False  # name_similarity gives 0.0
    if all(any(key_similarity(x, y) >= floor for y in kb) for x in ka):
        return True
    for side, other in ((ka, kb), (kb, ka)):
        for i in range(len(side) - 1):
            if len(side[i]) >= 3 and len(side[i + 1]) >= 3 and any(
                    _keys_alike_same_word(side[i] + side[i + 1], y) for y in other):
                return True
    return False


@lru_cache(maxsize=262144)
def _keys_alike_same_word(a: str, b: str) -> bool:
    return keys_alike(a, b, SAME_WORD)


def word_pairing_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """name_similarity of two names' keys without joining compounds: the same value
    whenever no two neighbouring words of either name, joined, pair with the other
    name's words at 0.8 or more (casemanager.services.duplicates knows when)."""
    ka, kb = _prepared(a, b)
    return _pairing(ka, kb) if ka else 0.0


def _prepared(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    """The words name_similarity pairs: each name's distinct keys (at most MAX_WORDS),
    shorter name first; ([], []) when there is nothing to compare."""
    ka, kb = _dedupe(list(a))[:MAX_WORDS], _dedupe(list(b))[:MAX_WORDS]
    if not ka or not kb:
        return [], []
    if len(ka) > len(kb):
        ka, kb = kb, ka
    if len(ka) == 1 and len(ka[0]) == 1:
        return [], []  # a lone initial says nothing
    return ka, kb


@lru_cache(maxsize=262144)
def _name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    ka, kb = _prepared(a, b)
    if not ka:
        return 0.0
    best = _pairing(ka, kb)
    if best < SAME_WORD:
        # Compound names written apart on one side and joined on the other (Abdul
        # Karimov / Abdulkarimov, Said Ali / Saidali): join two neighbours, when the
        # joined key is near a word of the other name.
        for side, other in ((ka, kb), (kb, ka)):
            for i in range(len(side) - 1):
                if len(side[i]) < 3 or len(side[i + 1]) < 3:
                    continue  # an initial is not half of a compound
                joined = side[i] + side[i + 1]
                if not any(keys_alike(joined, y, SAME_WORD) for y in other):
                    continue
                merged = [*side[:i], joined, *side[i + 2 :]]
                x, y = (merged, other) if len(merged) <= len(other) else (other, merged)
                best = max(best, _pairing(x, y))
    return best


def _pairing(ka: list[str], kb: list[str]) -> float:
    """The best weakest-word similarity over pairings of `ka` (shorter) into `kb`."""
    if len(ka) == 1 and len(ka[0]) == 1:
        return 0.0
    best = 0.0
    for chosen in permutations(kb, len(ka)):
        sims = [key_similarity(x, y) for x, y in zip(ka, chosen, strict=True)]
        weakest = min(sims)
        if weakest == STEM and sims.count(STEM) > 1:
            # Two words each with and without -ov: another person in another order
            # (Aziz Karimov / Karim Azizov), not one family name written two ways.
            weakest = 0.8
        if weakest > best:
            best = weakest
            if best == 1.0:
                break
    return best


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))  # first spellings first, as they came


def same_person_names(a: str, b: str) -> bool:
    """Whether two spellings are, by the name alone, likely the same person."""
    return name_similarity(a, b) >= SAME_WORD


# Patronymic endings as keys (-ovich / -evich, -ovna / -evna, the particles merged by
# patronymic_keys, Kyrgyz and Kazakh joined forms), longest first.
_FATHER_ENDINGS = ("ovic", "ovna", "ogli", "ugli", "kizi", "vic", "vna", "uli")


def father_stem(key: str) -> str:
    """The father's given name in a patronymic's key: `bahromovic` -> `bahrom`; a key
    without a patronymic ending is returned as it is."""
    for ending in _FATHER_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return key[: -len(ending)]
    return key


@lru_cache(maxsize=65536)
def fathers_alike(a: str, b: str) -> bool:
    """Whether two patronymics' keys may name one father: the same key, or alike as
    words (SAME_WORD) and their fathers' names alike as given names are (SAME_WORD on
    the stems). A patronymic is long, so one changed consonant in it passed as a slip
    of the pen (Shakhromovich / Bakhromovich 0.90, Erlanovich / Erzhanovich 0.90), while
    Shakhrom and Bakhrom, Erlan and Erzhan, are other fathers: another person, as the
    importer reads a row with another patronymic (tester: such pairs were listed as
    "same name" by `duplicates`). The Ukrainian and Russian forms of one patronymic
    (`russian_form`) and a Latin x read as ks are one father too."""
    if a == b or russian_form(a) == russian_form(b):
        return True  # Mykolaiovych / Nikolaevich: one father's name in two languages
    if keys_alike(a, b, SAME_WORD) and keys_alike(father_stem(a), father_stem(b), SAME_WORD):
        return True
    # A Latin x read as kh in one key and written ks in the other (Maximovich, key
    # mahimovic / Максимович, maksimovic): the other reading of the ks one.
    if "ks" in a or "ks" in b:
        return fathers_alike(a.replace("ks", "h"), b.replace("ks", "h"))
    return False
