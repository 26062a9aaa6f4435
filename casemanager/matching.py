"""Name normalisation and comparison that see through scripts and spellings.

The same man is "Турсунов Алишер", "Tursunov Alisher", "Tursunow A." and "Alisher
Tursunov". Every word is reduced to a *skeleton key*: Cyrillic (Russian, Uzbek, Kazakh,
Kyrgyz, Tajik letters) is transliterated, Latin diacritics and the usual alternatives
are folded (х = kh/h/x, ш = sh/ş/sch, ч = ch/ç, ж = zh/j/dzh, й/ы = y/i, w = v, q = k,
-ov/-ow/-ev/-ew, doubled letters, apostrophes of o'/g'...). Keys are plain ASCII
[a-z0-9], so they sort the same on SQLite and PostgreSQL and prefix ranges use an index.

Comparison of two keys is a Levenshtein distance in which vowel edits cost half a
consonant edit: transliterations disagree mostly about vowels (Tursunov/Tursonov,
Bakhtiyor/Bakhtier), while a changed consonant usually means another name
(Karimov/Kasimov).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import permutations

from rapidfuzz.distance import Levenshtein

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
]
_WORD = re.compile(r"[^\W_]+(?:['ʻʼ’‘`][^\W_]+)*['ʻʼ’‘`]?")
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


def words(text: str) -> list[str]:
    """The words of a name or place, apostrophes of o'/g' kept inside the word."""
    return _WORD.findall(text or "")


def keys(text: str) -> list[str]:
    """Skeleton keys of every word of `text`, in order, without empties."""
    return [k for k in (skeleton(w) for w in words(text)) if k]


def compact(text: str) -> str:
    """A reference or document number as a key: letters and digits only, lower case."""
    return "".join(ch for ch in _latin(text or "") if ch.isalnum())


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


def _sub_cost(x: str, y: str, final: bool) -> float:
    if x == y:
        return 0.0
    cost = _CHEAP.get((x, y), 1.0)
    return _FINAL.get((x, y), cost) if final else cost


@lru_cache(maxsize=262144)
def key_distance(a: str, b: str) -> float:
    """Levenshtein distance where vowel insertions and deletions and the usual
    transliteration substitutions cost 0.5 and everything else 1."""
    if a == b:
        return 0.0
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + (0.5 if ch in _VOWELS else 1.0))
    last_a, last_b = len(a), len(b)
    for i, ca in enumerate(a, 1):
        ca_cost = 0.5 if ca in _VOWELS else 1.0
        cur = [prev[0] + ca_cost]
        for j, cb in enumerate(b, 1):
            cb_cost = 0.5 if cb in _VOWELS else 1.0
            sub = _sub_cost(ca, cb, i == last_a and j == last_b)
            cur.append(min(prev[j] + ca_cost, cur[j - 1] + cb_cost, prev[j - 1] + sub))
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
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    if a + "a" == b or b + "a" == a:
        return 0.5
    longest = max(len(a), len(b))
    # Every weighted edit costs at least half a plain one, so the plain distance (fast,
    # in C) settles clearly different keys without the weighted computation. Below 0.6
    # the exact value never matters: every threshold is 0.8 or more.
    plain = Levenshtein.distance(a, b)
    if 1.0 - 0.5 * plain / longest < 0.6:
        return max(0.0, 1.0 - plain / longest)
    return max(0.0, 1.0 - key_distance(a, b) / longest)


# Same-word threshold: one vowel slip is fine in any name, one consonant slip only in
# names of eight letters or more (Tursumov, yes; Kasimov for Karimov, no).
SAME_WORD = 0.87
MAX_WORDS = 5


def name_similarity(a: str | list[str], b: str | list[str]) -> float:
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


@lru_cache(maxsize=262144)
def _name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    ka, kb = _dedupe(list(a))[:MAX_WORDS], _dedupe(list(b))[:MAX_WORDS]
    if not ka or not kb:
        return 0.0
    if len(ka) > len(kb):
        ka, kb = kb, ka
    if len(ka) == 1 and len(ka[0]) == 1:
        return 0.0  # a lone initial says nothing
    best = 0.0
    for chosen in permutations(kb, len(ka)):
        weakest = min(key_similarity(x, y) for x, y in zip(ka, chosen, strict=True))
        if weakest > best:
            best = weakest
            if best == 1.0:
                break
    return best


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [k for k in items if not (k in seen or seen.add(k))]


def same_person_names(a: str, b: str) -> bool:
    """Whether two spellings are, by the name alone, likely the same person."""
    return name_similarity(a, b) >= SAME_WORD
