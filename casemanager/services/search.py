"""Finding cases by name in any script or spelling, reference, document, unit or place.

The query's words are reduced to skeleton keys (casemanager.domain.names) and looked up in
the indexed `name_keys` table: exact keys, then key prefixes (an index range, so
"Turs" finds Tursunov), then, for words of four letters or more, keys within a small
spelling distance, taken from `search_vocab` and scored with rapidfuzz. Every word must
match (in any order, in any field); cases are ranked exact before prefix before fuzzy,
names before places. A whole query that is a reference (CM-0042, 42) or a document
number is looked up as such first.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import ColumnElement, and_, intersect, or_, select
from sqlalchemy.orm import Session

from casemanager.domain.names import (
    PATRONYMIC_PARTICLES,
    compact,
    first_letters,
    join_compounds,
    key_similarity,
    patronymic_keys,
    skeleton,
)
from casemanager.domain.names import words as words_of
from casemanager.store import search_index
from casemanager.store.models import NameKey, SearchVocab
from casemanager.store.search_index import NAME_KINDS

EXACT, PREFIX, FUZZY = 3, 2, 1
WHOLE = 4  # the whole query is this case's reference or document number
FUZZY_MIN = 0.8  # key_similarity needed for a misspelt word
_FUZZY_MIN_LEN = 4
_MAX_FUZZY_KEYS = 40
_REFERENCE = re.compile(r"(?:cm)?0*(\d{1,9})")
_VOCAB_TTL = 30.0
_NAMES = frozenset(NAME_KINDS)
_MAX_WORDS = 8  # more words than a name has only slow the look-up down
_VOCAB_CACHE: dict[tuple[int, str, str], tuple[float, int, list[str]]] = {}


def _upper_bound(prefix: str) -> str:
    # Keys are ASCII [a-z0-9]; the next code point after the last character ends the range.
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _key_range(prefix: str) -> ColumnElement[bool]:
    return (NameKey.key >= prefix) & (NameKey.key < _upper_bound(prefix))


def _bucket(session: Session, first: str) -> list[str]:
    """Vocabulary keys starting with `first`, cached briefly per database.

    The vocabulary only grows; a key another user added in the last few seconds may be
    missing from a fuzzy look-up (exact and prefix look-ups never use this cache).
    """
    bind = session.get_bind()
    cache_key = (id(bind), str(bind.engine.url), first)
    now = time.monotonic()
    hit = _VOCAB_CACHE.get(cache_key)
    if hit and now - hit[0] < _VOCAB_TTL and hit[1] == search_index.vocab_generation:
        return hit[2]
    # Sorted here (not by the database's collation), so `_has_prefix` can bisect it.
    bucket = sorted(session.scalars(select(SearchVocab.key).where(
        SearchVocab.key >= first, SearchVocab.key < _upper_bound(first))))
    _VOCAB_CACHE[cache_key] = (now, search_index.vocab_generation, bucket)
    return bucket


def _has_prefix(session: Session, prefix: str) -> bool:
    """Whether some indexed word key begins with `prefix` (from the cached vocabulary)."""
    bucket = _bucket(session, prefix[0])
    i = bisect.bisect_left(bucket, prefix)
    return i < len(bucket) and bucket[i].startswith(prefix)


def _fuzzy_keys(session: Session, word: str) -> dict[str, float]:
    """Indexed keys within a small spelling distance of `word` (not its extensions).

    Candidates come from the vocabulary of the word's first letter and of the letters
    other scripts write for it (Oʻtkir, Уткир, Utkir: casemanager.domain.names.first_letters),
    so a first letter that varies does not hide a name.
    """
    bucket = [k for first in first_letters(word) for k in _bucket(session, first)]
    near = process.extract(
        word,
        bucket,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=0.6,
        limit=_MAX_FUZZY_KEYS * 3,
    )
    found: dict[str, float] = {}
    for key, _score, _index in near:
        if key.startswith(word):
            continue  # found by the prefix look-up already
        sim = max(key_similarity(word, key), key_similarity(word, key[: len(word)]) - 0.05)
        if sim >= FUZZY_MIN:
            found[key] = sim
    return dict(sorted(found.items(), key=lambda kv: -kv[1])[:_MAX_FUZZY_KEYS])


def _whole_query_hits(session: Session, query: str) -> dict[int, float]:
    """Cases whose reference or a document number is the whole query (or starts so)."""
    whole = compact(query)
    if not whole or not any(ch.isdigit() for ch in whole):
        return {}
    wanted = {whole}
    if m := _REFERENCE.fullmatch(whole):
        wanted.add(f"cm{int(m.group(1)):04d}")
    hits: dict[int, float] = {}
    exact = select(NameKey.case_id).where(
        NameKey.key.in_(wanted), NameKey.kind.in_(("ref", "doc", "ext"))
    )
    for case_id in session.scalars(exact):
        hits[case_id] = WHOLE
    prefix = select(NameKey.case_id).where(_key_range(whole),
                                           NameKey.kind.in_(("ref", "doc", "ext")))
    for case_id in session.scalars(prefix.limit(5000)):
        hits.setdefault(case_id, PREFIX + 0.9)
    return hits


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))  # first occurrences, in order


@dataclass(frozen=True)
class Word:
    """One query word: its key, the key prefixes it may begin, whether it is an initial."""

    key: str
    prefixes: tuple[str, ...]
    initial: bool = False


# A Latin word cut short may end inside a digraph ("Bak" of Bakhtiyor, "Suk" of
# Sukhrob, "Dz" of Dzhamshed): the prefix is tried with each completion too.
_COMPLETIONS = {
    "k": ("kh",), "s": ("sh",), "c": ("ch",), "z": ("zh",), "d": ("dzh",), "t": ("ts", "tch"),
    "g": ("gh",), "p": ("ph",),
}


# Particles that are also how a name begins (Ulugbek, Ulmas): typed alone they stay words.
_PREFIX_LIKE = frozenset({"ulu", "uli"})


def _low_plain(word: str) -> str:
    """A word in lower case without apostrophes (oʻgʻli -> ogli)."""
    return "".join(ch for ch in word.lower() if ch.isalnum())


def query_words(query: str) -> list[Word]:
    """The words of a typed query, with the prefixes each may stand for.

    A hyphenated compound is one word (Abdul-Karimov). A patronymic particle after a word
    is left out (Bakhtiyor oʻgʻli finds Bakhtiyorovich by its prefix), unless it could be
    the start of a name ("Ulu" of Ulugbek); a joined form (Nurlanuly) also looks for
    Nurlanovich.
    """
    out: dict[str, Word] = {}
    for raw in words_of(join_compounds(query))[:_MAX_WORDS]:
        key = skeleton(raw)
        if not key or key in out:
            continue
        if key in PATRONYMIC_PARTICLES and out and _low_plain(raw) not in _PREFIX_LIKE:
            # The father's name before it finds -ovich / -ovna by prefix already.
            continue
        prefixes = {key}
        low = raw.lower()
        for tail in _COMPLETIONS.get(low[-1], ()):
            prefixes.add(skeleton(low[:-1] + tail))
        if key.endswith("e") and len(key) > 3:
            prefixes.add(key[:-1] + "o")  # -ev and -ov end in the same key
        if (joined := patronymic_keys([key])[0]) != key:
            prefixes.add(joined)  # Nurlanuly finds Nurlanovich too
        prefixes.discard("")
        out[key] = Word(key, tuple(sorted(prefixes)), initial=len(raw) == 1)
    return list(out.values())


def search_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Ids of cases matching every word of `query`, best first."""
    query = (query or "").strip()
    if not query:
        return []
    whole = _whole_query_hits(session, query)
    single_code = len(query.split()) == 1 and any(ch.isdigit() for ch in query)
    # Sort keys: (-worst level, -sum of levels, -words found in names, id); lower is better.
    ranks: dict[int, tuple] = {cid: (-level, -level, -1, cid) for cid, level in whole.items()}
    qwords = query_words(query)
    if qwords and not (single_code and whole):
        for variant in [qwords, *_compound_variants(session, qwords)]:
            for cid, rank in _ranks(session, variant).items():
                if cid not in ranks or rank < ranks[cid]:
                    ranks[cid] = rank
    return _ordered(ranks, limit)


def _compound_variants(session: Session, qwords: list[Word]) -> list[list[Word]]:
    """The query with two neighbouring words joined, where the index holds such a
    compound ("Abdul Karimov" for Abdulkarimov): one extra look-up per compound the
    vocabulary knows, none otherwise."""
    variants = []
    for i in range(len(qwords) - 1):
        a, b = qwords[i], qwords[i + 1]
        if a.initial or b.initial or len(a.key) < 3 or len(b.key) < 2:
            continue
        joined = a.key + b.key
        if _has_prefix(session, joined):
            variants.append([*qwords[:i], Word(joined, (joined,)), *qwords[i + 2 :]])
    return variants


def _ordered(ranks: dict[int, tuple], limit: int | None) -> list[int]:
    ordered = [rank[3] for rank in sorted(ranks.values())]
    return ordered[:limit] if limit else ordered


def search_keys(session: Session, words: list[str], limit: int | None = None) -> list[int]:
    """Like search_ids for words already reduced to keys (casemanager.domain.names.keys)."""
    qwords = [Word(k, (k,), initial=len(k) == 1) for k in _dedupe(words)]
    return _ordered(_ranks(session, qwords), limit)


def _is_initial(word: Word) -> bool:
    return word.initial and not word.key.isdigit()


def _condition(session: Session, word: Word, *, soft_initial: bool = False
               ) -> tuple[ColumnElement[bool], dict[str, float]]:
    """(SQL condition matching any key of this word, fuzzy keys with similarity).

    An initial alone matches only itself; beside a full word (`soft_initial`) it
    matches any name word with that first letter (Zhumabekov N finds Nurlan).
    """
    if _is_initial(word) and soft_initial:
        cond = or_(NameKey.key == word.key,
                   and_(_key_range(word.key), NameKey.kind.in_(NAME_KINDS)))
    elif _is_initial(word):
        cond = NameKey.key == word.key  # an initial: exact only
    else:
        cond = or_(*(_key_range(p) for p in word.prefixes))  # the ranges hold the exact key
    near: dict[str, float] = {}
    if len(word.key) >= _FUZZY_MIN_LEN and not word.key.isdigit():
        near = _fuzzy_keys(session, word.key)
        if near:
            cond = or_(cond, NameKey.key.in_(list(near)))
    return cond, near


def _ranks(session: Session, words: list[Word]) -> dict[int, tuple]:
    """Rank of every case that has a match for each word (any field, any order).

    One statement: the cases matching every word are intersected in SQL, so only their
    rows come back, however common each word is on its own.
    """
    if not words:
        return {}
    # Initials beside full words are checked on the rows of the cases the full words
    # found, never intersected on their own: "N" alone would be a twentieth of the index.
    soft = any(not _is_initial(w) for w in words)
    parts = [_condition(session, w, soft_initial=soft) for w in words]
    conds = [c for c, _ in parts]
    narrowing = [c for w, c in zip(words, conds, strict=True) if not (soft and _is_initial(w))]
    stmt = select(NameKey.case_id, NameKey.key, NameKey.kind)
    if len(conds) == 1:
        stmt = stmt.where(conds[0])
    else:
        every = (select(NameKey.case_id).where(narrowing[0]) if len(narrowing) == 1 else
                 intersect(*(select(NameKey.case_id).where(c) for c in narrowing)))
        stmt = stmt.where(NameKey.case_id.in_(every), or_(*conds))
    n = len(words)
    plan = [
        (w.key, (w.key,) if soft else None, near) if _is_initial(w) else (w.key, w.prefixes, near)
        for w, (_, near) in zip(words, parts, strict=True)
    ]
    name_only = [_is_initial(w) for w in words]
    best: dict[int, list[float]] = {}
    # Core rows on the session's connection, fetched at once: no ORM work per row.
    for case_id, key, kind in session.connection().execute(stmt).fetchall():
        levels = best.get(case_id)
        if levels is None:
            levels = best[case_id] = [0.0] * (2 * n)
        is_name = 1.0 if kind in _NAMES else 0.0
        for i, (wkey, prefixes, near) in enumerate(plan):
            if key == wkey:
                level: float = EXACT
            elif prefixes is not None and key.startswith(prefixes) and (
                    is_name or not name_only[i]):
                level = PREFIX
            else:
                sim = near.get(key)
                if sim is None:
                    continue
                level = FUZZY + sim * 0.5
            if level > levels[i] or (level == levels[i] and is_name > levels[n + i]):
                levels[i] = level
                levels[n + i] = is_name
    ranks: dict[int, tuple] = {}
    for case_id, levels in best.items():
        found = levels[:n]
        worst = min(found)
        if worst:
            # exact > prefix > fuzzy, the worst word decides; then all words; then names.
            ranks[case_id] = (-int(worst), -sum(found), -sum(levels[n:]), case_id)
    return ranks


CLOSEST_MIN = 0.5  # looser than FUZZY_MIN: suggestions after a search found nothing


def closest_ids(session: Session, query: str, limit: int = 5) -> list[int]:
    """Cases whose names come nearest to `query` when `search_ids` found none, best first.

    Each word of the query is compared (by spelling distance of skeleton keys) with every
    indexed name word; a case scores the sum of its best similarity per query word."""
    qwords = [w for w in query_words(query) if len(w.key) >= 2]
    if not qwords:
        return []
    vocab = list(session.scalars(select(SearchVocab.key)))
    scores: dict[int, dict[int, float]] = {}
    for n, qword in enumerate(qwords):
        near = process.extract(qword.key, vocab, scorer=Levenshtein.normalized_similarity,
                               score_cutoff=CLOSEST_MIN, limit=_MAX_FUZZY_KEYS)
        sims = {key: max(score, key_similarity(qword.key, key)) for key, score, _i in near}
        if not sims:
            continue
        rows = session.execute(select(NameKey.case_id, NameKey.key).where(
            NameKey.key.in_(sims), NameKey.kind.in_(NAME_KINDS)))
        for case_id, key in rows:
            best = scores.setdefault(case_id, {})
            best[n] = max(best.get(n, 0.0), sims[key])
    ranked = sorted(scores, key=lambda cid: (-sum(scores[cid].values()), cid))
    return ranked[:limit]
