"""Finding cases by name in any script or spelling, reference, document, unit or place.

The query's words are reduced to skeleton keys (casemanager.matching) and looked up in
the indexed `name_keys` table: exact keys, then key prefixes (an index range, so
"Turs" finds Tursunov), then, for words of four letters or more, keys within a small
spelling distance, taken from `search_vocab` and scored with rapidfuzz. Every word must
match (in any order, in any field); cases are ranked exact before prefix before fuzzy,
names before places. A whole query that is a reference (CM-0042, 42) or a document
number is looked up as such first.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import intersect, or_, select
from sqlalchemy.orm import Session

from casemanager import search_index
from casemanager.matching import compact, key_similarity, keys
from casemanager.models import Case, NameKey, SearchVocab
from casemanager.search_index import NAME_KINDS

EXACT, PREFIX, FUZZY = 3, 2, 1
WHOLE = 4  # the whole query is this case's reference or document number
FUZZY_MIN = 0.8  # key_similarity needed for a misspelt word
_FUZZY_MIN_LEN = 4
_MAX_FUZZY_KEYS = 40
_REFERENCE = re.compile(r"(?:cm)?0*(\d{1,9})")
_VOCAB_TTL = 30.0
_VOCAB_CACHE: dict[tuple[int, str, str], tuple[float, int, list[str]]] = {}


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def search_text_for(case: Case) -> str:
    """Casefolded names, aliases and reference (kept on Case.search_text for display)."""
    parts = [
        case.reference,
        case.family_name,
        case.given_name,
        case.patronymic,
        case.name_native,
        case.name_latin,
        *(a.spelling for a in case.aliases),
    ]
    return fold(" | ".join(p for p in parts if p))


def _upper_bound(prefix: str) -> str:
    # Keys are ASCII [a-z0-9]; the next code point after the last character ends the range.
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _key_range(prefix: str):
    return (NameKey.key >= prefix) & (NameKey.key < _upper_bound(prefix))


def _bucket(session: Session, first: str) -> list[str]:
    """Vocabulary keys starting with `first`, cached briefly per database.

    The vocabulary only grows; a key another user added in the last few seconds may be
    missing from a fuzzy look-up (exact and prefix look-ups never use this cache).
    """
    bind = session.get_bind()
    cache_key = (id(bind), str(bind.url), first)
    now = time.monotonic()
    hit = _VOCAB_CACHE.get(cache_key)
    if hit and now - hit[0] < _VOCAB_TTL and hit[1] == search_index.vocab_generation:
        return hit[2]
    bucket = list(session.scalars(select(SearchVocab.key).where(
        SearchVocab.key >= first, SearchVocab.key < _upper_bound(first))))
    _VOCAB_CACHE[cache_key] = (now, search_index.vocab_generation, bucket)
    return bucket


def _fuzzy_keys(session: Session, word: str) -> dict[str, float]:
    """Indexed keys within a small spelling distance of `word` (not its extensions)."""
    bucket = _bucket(session, word[0])
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
        NameKey.key.in_(wanted), NameKey.kind.in_(("ref", "doc"))
    )
    for case_id in session.scalars(exact):
        hits[case_id] = WHOLE
    prefix = select(NameKey.case_id).where(_key_range(whole), NameKey.kind.in_(("ref", "doc")))
    for case_id in session.scalars(prefix.limit(5000)):
        hits.setdefault(case_id, PREFIX + 0.9)
    return hits


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return [k for k in items if not (k in seen or seen.add(k))]


def search_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Ids of cases matching every word of `query`, best first."""
    query = (query or "").strip()
    if not query:
        return []
    whole = _whole_query_hits(session, query)
    single_code = len(query.split()) == 1 and any(ch.isdigit() for ch in query)
    ranks: dict[int, tuple] = {cid: (level, level, 1, 0) for cid, level in whole.items()}
    words = _dedupe(keys(query))
    if words and not (single_code and whole):
        for cid, rank in _ranks_for_keys(session, words).items():
            if cid not in ranks or rank > ranks[cid]:
                ranks[cid] = rank
    ordered = sorted(ranks, key=lambda cid: (tuple(-x for x in ranks[cid]), cid))
    return ordered[:limit] if limit else ordered


def search_keys(session: Session, words: list[str], limit: int | None = None) -> list[int]:
    """Like search_ids for words already reduced to keys (casemanager.matching.keys)."""
    ranks = _ranks_for_keys(session, _dedupe(words))
    ordered = sorted(ranks, key=lambda cid: (tuple(-x for x in ranks[cid]), cid))
    return ordered[:limit] if limit else ordered


def _word_condition(session: Session, word: str):
    """(SQL condition, fuzzy keys with similarity) for one query word."""
    if len(word) == 1 and not word.isdigit():
        cond = NameKey.key == word  # an initial: exact only
    else:
        cond = _key_range(word)
    near: dict[str, float] = {}
    if len(word) >= _FUZZY_MIN_LEN and not word.isdigit():
        near = _fuzzy_keys(session, word)
        if near:
            cond = or_(cond, NameKey.key.in_(list(near)))
    return cond, near


def _ranks_for_keys(session: Session, words: list[str]) -> dict[int, tuple]:
    """Rank of every case that has a match for each word (any field, any order).

    One statement: the cases matching every word are intersected in SQL, so only their
    rows come back, however common each word is on its own.
    """
    if not words:
        return {}
    parts = [_word_condition(session, w) for w in words]
    conds = [c for c, _ in parts]
    stmt = select(NameKey.case_id, NameKey.key, NameKey.kind)
    if len(conds) == 1:
        stmt = stmt.where(conds[0])
    else:
        both = intersect(*(select(NameKey.case_id).where(c) for c in conds))
        stmt = stmt.where(NameKey.case_id.in_(both), or_(*conds))
    best: dict[int, list[tuple[float, bool]]] = {}
    for case_id, key, kind in session.execute(stmt):
        levels = best.get(case_id)
        if levels is None:
            levels = best[case_id] = [(0.0, False)] * len(words)
        is_name = kind in NAME_KINDS
        for i, word in enumerate(words):
            if key == word:
                level = EXACT
            elif key.startswith(word) and (len(word) > 1 or word.isdigit()):
                level = PREFIX
            elif key in parts[i][1]:
                level = FUZZY + parts[i][1][key] * 0.5
            else:
                continue
            if (level, is_name) > levels[i]:
                levels[i] = (level, is_name)
    ranks: dict[int, tuple] = {}
    for case_id, levels in best.items():
        if any(lv == 0.0 for lv, _ in levels):
            continue
        ranks[case_id] = (
            min(int(lv) for lv, _ in levels),  # exact > prefix > fuzzy, worst word decides
            sum(lv for lv, _ in levels),
            sum(1 for _, is_name in levels if is_name),
            0,
        )
    return ranks
