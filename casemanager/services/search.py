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
import heapq
import itertools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import (
    ColumnElement,
    Executable,
    and_,
    bindparam,
    func,
    intersect,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from casemanager.domain.names import (
    PATRONYMIC_PARTICLES,
    compact,
    equivalent_forms,
    first_letters,
    has_latin_x,
    join_compounds,
    key_similarity,
    ks_reading,
    patronymic_keys,
    skeleton,
)
from casemanager.domain.names import words as words_of
from casemanager.store import search_index
from casemanager.store.models import Case, NameKey, SearchVocab
from casemanager.store.search_index import NAME_KINDS

EXACT, PREFIX, FUZZY = 3, 2, 1
# An initial beside full words that begins the case's given name: between the prefix of
# any name word and an exact key (the same tier as PREFIX: only the sum of levels, the
# rank's second part, tells them apart). "Karimov A" put Karimov Rustam Azizovich (A in
# the patronymic) and Karimova Aziza level with Karimov Alisher, ordered by id (tester).
GIVEN_INITIAL = PREFIX + 0.5
# Kinds of rows an atom (`_Atom`) may be found in: any, names, the given name only.
_ANY_KIND, _NAME_KIND, _GIVEN_KIND = 0, 1, 2
WHOLE = 4  # the whole query is this case's reference or document number
FUZZY_MIN = 0.8  # key_similarity needed for a misspelt word
# The similarity a Ukrainian or Russian form of the word typed counts as (Nikolai for
# Mykola): the best of the fuzzy level, FUZZY + 0.5, below every exact or prefix match.
EQUIVALENT_FORM = 1.0
_FUZZY_MIN_LEN = 4
_MAX_FUZZY_KEYS = 40
_REFERENCE = re.compile(r"(?:cm)?0*(\d{1,9})")
_VOCAB_TTL = 30.0
_NAMES = frozenset(NAME_KINDS)
_MAX_WORDS = 8  # more words than a name has only slow the look-up down
# Below this many cases, ranking every match is cheaper than finding the first page
# alone: at 100,000 cases the whole ranking took 2.8-3.5 s of CPU for an import check of
# 100 rows (500 candidates each) against 4.3-6.4 s by pages, and a page of 100 p95 20.4
# against 24.9 ms; at 1,000,000 pages win (p95 16.9 against 187.7 ms). Where between the
# two the lines cross is not measured.
TOP_FROM_CASES = 200_000
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
    # Words alone: the keys of names with digits are there for `_Top.exists`.
    bucket = sorted(k for k in session.scalars(select(SearchVocab.key).where(
        SearchVocab.key >= first, SearchVocab.key < _upper_bound(first))) if k.isalpha())
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


def _whole_query_hits(session: Session, query: str, limit: int | None = None
                      ) -> dict[int, float]:
    """Cases whose reference or a document number is the whole query (or starts so):
    every one, or with a `limit` the `limit` lowest case ids of those that start so (they
    rank alike, ties by id, so no other can come before them)."""
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
    # No silent cap: "CM-1" names 11,001 cases at 100,000 (a cap of 5,000 hid the rest).
    if limit is not None:
        prefix = prefix.order_by(NameKey.case_id).limit(limit + len(hits))
    for case_id in session.scalars(prefix):
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
    """Ids of cases matching every word of `query`, best first.

    With a `limit`, only the first `limit` are looked for (`_top_ranks`): the same ids in
    the same order as the first `limit` of the whole list, without reading every match.
    """
    query = (query or "").strip()
    if not query:
        return []
    whole = _whole_query_hits(session, query, limit)
    single_code = len(query.split()) == 1 and any(ch.isdigit() for ch in query)
    # Sort keys: (-worst level, -sum of levels, -words found in names, id); lower is better.
    ranks: dict[int, tuple] = {cid: (-level, -level, -1, cid) for cid, level in whole.items()}
    qwords = query_words(query)
    if qwords and not (single_code and whole):
        for variant in [qwords, *_compound_variants(session, qwords), *_x_variants(query)]:
            # Each variant's first `limit` hold every case of the merged first `limit`
            # with its best rank (a case outside them has `limit` better ones there).
            found = _top_ranks(session, variant, limit) if limit else _ranks(session, variant)
            for cid, rank in found.items():
                if cid not in ranks or rank < ranks[cid]:
                    ranks[cid] = rank
    return _ordered(ranks, limit)


def _x_variants(query: str) -> list[list[Word]]:
    """The query's other readings of words with a Latin x (x as ks: Maxim as Maksim,
    finding Максим; the query itself reads x as kh, as Xasanov is Хасанов): every
    combination of the first three such words read either way, the query's own left
    out. The index holds both readings of its names' x words."""
    if not has_latin_x(query):
        return []
    raw = words_of(join_compounds(query))[:_MAX_WORDS]
    options: list[tuple[str, ...]] = []
    varied = 0
    for word in raw:
        if has_latin_x(word) and varied < 3:
            varied += 1
            options.append((word, ks_reading(word)))
        else:
            options.append((word,))
    out = []
    for combo in itertools.islice(itertools.product(*options), 1, None):
        if variant := query_words(" ".join(combo)):
            out.append(variant)
    return out


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
    if not qwords:
        return []
    return _ordered(_top_ranks(session, qwords, limit) if limit else _ranks(session, qwords),
                    limit)


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
    # The Ukrainian and Russian forms of a given name or patronymic (Mykola: Nikolai,
    # Serhii: Sergei), found at the best fuzzy level: below the name as typed.
    for key in equivalent_forms(word.key):
        if not key.startswith(word.prefixes):  # else a prefix match already
            near[key] = EQUIVALENT_FORM
    if near:
        cond = or_(cond, NameKey.key.in_(list(near)))
    return cond, near


@dataclass
class _Prepared:
    """A variant's words ready to look up: the SQL condition of each word, the ones the
    cases are narrowed by, and the plan the ranking reads rows with."""

    words: list[Word]
    conds: list[ColumnElement[bool]]
    narrowing: list[ColumnElement[bool]]
    plan: list[tuple[str, tuple[str, ...] | None, dict[str, float]]]
    name_only: list[bool]
    soft: bool
    # Per word: an initial beside full words (its prefix in a given name ranks higher).
    given_initial: list[bool] = field(default_factory=list)


def _prepare(session: Session, words: list[Word]) -> _Prepared:
    # Initials beside full words are checked on the rows of the cases the full words
    # found, never intersected on their own: "N" alone would be a twentieth of the index.
    soft = any(not _is_initial(w) for w in words)
    parts = [_condition(session, w, soft_initial=soft) for w in words]
    conds = [c for c, _ in parts]
    narrowing = [c for w, c in zip(words, conds, strict=True) if not (soft and _is_initial(w))]
    plan: list[tuple[str, tuple[str, ...] | None, dict[str, float]]] = [
        (w.key, (w.key,) if soft else None, near) if _is_initial(w) else (w.key, w.prefixes, near)
        for w, (_, near) in zip(words, parts, strict=True)
    ]
    initials = [_is_initial(w) for w in words]
    return _Prepared(words, conds, narrowing, plan, initials, soft,
                     [soft and initial for initial in initials])


def _ranks(session: Session, words: list[Word]) -> dict[int, tuple]:
    """Rank of every case that has a match for each word (any field, any order).

    One statement: the cases matching every word are intersected in SQL, so only their
    rows come back, however common each word is on its own.
    """
    if not words:
        return {}
    prep = _prepare(session, words)
    conds, narrowing = prep.conds, prep.narrowing
    stmt = select(NameKey.case_id, NameKey.key, NameKey.kind)
    if len(conds) == 1:
        stmt = stmt.where(conds[0])
    else:
        every = (select(NameKey.case_id).where(narrowing[0]) if len(narrowing) == 1 else
                 intersect(*(select(NameKey.case_id).where(c) for c in narrowing)))
        stmt = stmt.where(NameKey.case_id.in_(every), or_(*conds))
    # Core rows on the session's connection, fetched at once: no ORM work per row.
    return _rank_rows(prep, session.connection().execute(stmt).fetchall())


def _rank_rows(prep: _Prepared, rows: Iterable[tuple[int, str, str]]) -> dict[int, tuple]:
    """The ranks of the cases these rows (case_id, key, kind) belong to."""
    return _ranks_of(_best_levels(prep, rows), len(prep.plan))


def _best_levels(prep: _Prepared, rows: Iterable[tuple[int, str, str]]
                 ) -> dict[int, list[float]]:
    """Per case of these rows (case_id, key, kind): each word's best level, exact >
    prefix > fuzzy, then (after the n levels) whether that level was found in a name."""
    plan, name_only, given = prep.plan, prep.name_only, prep.given_initial
    n = len(plan)
    best: dict[int, list[float]] = {}
    for case_id, key, kind in rows:
        levels = best.get(case_id)
        if levels is None:
            levels = best[case_id] = [0.0] * (2 * n)
        is_name = 1.0 if kind in _NAMES else 0.0
        for i, (wkey, prefixes, near) in enumerate(plan):
            if key == wkey:
                level: float = EXACT
            elif prefixes is not None and key.startswith(prefixes) and (
                    is_name or not name_only[i]):
                level = GIVEN_INITIAL if given and given[i] and kind == "given" else PREFIX
            else:
                sim = near.get(key)
                if sim is None:
                    continue
                level = FUZZY + sim * 0.5
            if level > levels[i] or (level == levels[i] and is_name > levels[n + i]):
                levels[i] = level
                levels[n + i] = is_name
    return best


def _ranks_of(best: dict[int, list[float]], n: int) -> dict[int, tuple]:
    ranks: dict[int, tuple] = {}
    for case_id, levels in best.items():
        found = levels[:n]
        worst = min(found)
        if worst:
            # exact > prefix > fuzzy, the worst word decides; then all words; then names.
            ranks[case_id] = (-int(worst), -sum(found), -sum(levels[n:]), case_id)
    return ranks


# ---------------------------------------------------------------- the first page only
#
# A case's rank is decided by each word's best (level, found in a name), then its id. So
# the cases are looked for best level first: for a combination of one such "option" per
# word, the cases having at least that option for every word all rank at least as well
# as the combination, and the first `limit` of them by id are read a window of case ids
# at a time (`_first_ids`). Combinations are taken in rank order; once `limit` cases are
# known whose rank is no worse than every combination taken so far, no case outside them
# can be in the first `limit` (tests/core/test_search_top.py compares this with the
# whole ranking). Every match is looked for first: when few, they are all ranked in
# that walk (`_top_combinations`). Whatever does not fit this scheme cheaply (too many
# combinations or look-ups, only words of many keys and few rows) falls back to ranking
# every match.

_TOP_MAX_COMBOS = 4096  # combinations of the words' options; more: rank every match
_TOP_MAX_STATEMENTS = 120  # look-ups before falling back to ranking every match
_DRIVER_MAX_KEYS = 24  # keys of a word sought one by one in a window; more: checked per case
_CHUNK_IDS = 500
# A word of too many keys to seek each drives windows of cases (each case checked) only
# when it has at least this many rows: below, ranking every match reads fewer rows.
_COMMON_ROWS = 10_000
# A seek per case and atom costs about this many index entries read in order (SQLite,
# measured at 1,000,000 cases: Aydos driving, Kursk and region sought, 52 against 262 ms).
_PROBE_COST = 4
# When every match is estimated at no more than this many, they are all read and ranked
# (in chunks of _CHUNK_IDS) instead of looked for level by level.
_RANK_ALL_UP_TO = 1500
# A word sought case by case is looked for in names at all only below this many entries
# in the first window (a 64th of the ids): at most some 64 times as many in the walk.
_EXISTS_MAX_SAMPLE = 2500


class _TooCostly(Exception):
    """The first page would cost more looked for this way than ranking every match."""


@dataclass
class _Top:
    """State of one `_top_ranks` call: the statements spent and the keys found."""

    session: Session
    prep: _Prepared
    limit: int
    statements: int = 0
    expanded: dict[str, list[str] | None] = field(default_factory=dict)
    span: tuple[int, int] | None = None
    commons: dict[tuple[_Atom, ...], bool] = field(default_factory=dict)
    existing: dict[tuple[_Atom, ...], bool] = field(default_factory=dict)
    samples: dict[tuple[str, ...], int] = field(default_factory=dict)

    def id_span(self) -> tuple[int, int]:
        """The lowest and highest case id in the index (one seek each, read once)."""
        if self.span is None:
            # Two statements: SQLite seeks min() or max() alone, and scans for both.
            low = self.execute(select(func.min(NameKey.case_id)))[0][0]
            high = self.execute(select(func.max(NameKey.case_id)))[0][0]
            self.span = (low or 0, high or -1)
        return self.span

    def execute(self, stmt: Executable, params: dict[str, object] | None = None) -> list:
        self.statements += 1
        if self.statements > _TOP_MAX_STATEMENTS:
            raise _TooCostly
        return list(self.session.connection().execute(stmt, params).fetchall())

    def exists(self, atoms: list[_Atom]) -> bool:
        """Whether a row of these atoms exists, where some are in names only (a place's
        name is rarely a person's: each combination wanting it in a name would otherwise
        walk the place's index entries to find none). One statement per atoms, read at
        most as far as the atoms' rows go."""
        if not any(names_only for _, _, names_only in atoms):
            return True  # their keys are in the index (`keys_under`, `_options`)
        key = tuple(atoms)
        if key not in self.existing:
            # Atoms wanted in a name whose key or prefix the vocabulary lacks (it holds
            # every name's key: `search_index.in_vocabulary`) have no row: "CM-" is a
            # million references to walk, for none in a name.
            kept = [a for a in atoms if not (a[1] and a[2]) or self.in_vocabulary(a[0])]
            if not any(names_only for _, _, names_only in kept):
                self.existing[key] = bool(kept)
            else:
                sql = _Sql()
                stmt = f"SELECT 1 FROM name_keys WHERE {sql.atoms_where(kept, '')} LIMIT 1"
                self.existing[key] = bool(self.execute(text(stmt).bindparams(**sql.params)))
        return self.existing[key]

    def in_vocabulary(self, prefix: str) -> bool:
        """Whether `search_vocab` has a key beginning with `prefix` (one seek, outside
        the statements counted: the walk it may spare is the cost)."""
        return self.session.connection().execute(select(SearchVocab.key).where(
            SearchVocab.key >= prefix, SearchVocab.key < _upper_bound(prefix)).limit(1)
        ).first() is not None

    def sample_rows(self, keys: dict[str, int]) -> int:
        """Rows of these keys among the first ids (the first window of `_first_ids`): how
        common a word is, at the cost of the first window."""
        key = tuple(sorted(keys))
        if key not in self.samples:
            first, last = self.id_span()
            sql = _Sql()
            # Without the names-only condition: the entries a window reads either way.
            rows = sql.keys_rows(dict.fromkeys(keys, _ANY_KIND), first,
                                 first + max(1024, (last - first + 1) // 64) - 1)
            self.samples[key] = self.execute(text(
                f"SELECT count(*) FROM ({rows}) AS sample").bindparams(**sql.params))[0][0]
        return self.samples[key]

    def common(self, atoms: list[_Atom]) -> bool:
        """Whether the index holds at least _COMMON_ROWS rows of these atoms (a bounded
        count): then a page of cases having them is found in a few windows of cases."""
        key = tuple(atoms)
        if key not in self.commons:
            sql = _Sql()
            stmt = (f"SELECT count(*) FROM (SELECT 1 FROM name_keys WHERE "
                    f"{sql.atoms_where(atoms, '')} LIMIT {_COMMON_ROWS}) AS counted")
            self.commons[key] = (self.execute(text(stmt).bindparams(**sql.params))[0][0]
                                 >= _COMMON_ROWS)
        return self.commons[key]

    def keys_under(self, prefix: str) -> list[str] | None:
        """The distinct keys that begin with `prefix` (None: more than a driver takes),
        one index seek each."""
        if prefix not in self.expanded:
            found: list[str] | None = []
            upper, last = _upper_bound(prefix), None
            while found is not None:
                after = NameKey.key >= prefix if last is None else NameKey.key > last
                key = self.execute(select(func.min(NameKey.key)).where(
                    after, NameKey.key < upper))[0][0]
                if key is None:
                    break
                found.append(key)
                last = key
                if len(found) > _DRIVER_MAX_KEYS:
                    found = None
            self.expanded[prefix] = found
        return self.expanded[prefix]


# An atom of a word's condition: (key or prefix, is a prefix, the kinds of rows it is
# found in: _ANY_KIND, _NAME_KIND or _GIVEN_KIND).
_Atom = tuple[str, bool, int]


def _options(top: _Top, i: int) -> list[tuple[float, float, list[_Atom]]]:
    """Word i's options, (level, in a name, the atoms of the rows reaching at least that),
    best first, leaving out the levels no row of the index can give."""
    wkey, prefixes, near = top.prep.plan[i]
    name_only = top.prep.name_only[i]
    exact = bool(top.execute(select(NameKey.case_id).where(NameKey.key == wkey).limit(1)))
    # Fuzzy keys the prefixes take are prefix matches (the ranking tries prefixes first).
    fuzzy = {k: FUZZY + sim * 0.5 for k, sim in near.items()
             if prefixes is None or not k.startswith(prefixes)}
    has_prefix = prefixes is not None and any(
        top.keys_under(p) != [] for p in prefixes)
    levels: list[tuple[float, float]] = []
    if exact:
        levels += [(EXACT, 1.0), (EXACT, 0.0)]
    given = bool(top.prep.given_initial) and top.prep.given_initial[i]
    if has_prefix and given:
        levels += [(GIVEN_INITIAL, 1.0)]
    if has_prefix:
        levels += [(PREFIX, 1.0)] if name_only else [(PREFIX, 1.0), (PREFIX, 0.0)]
    for level in sorted(set(fuzzy.values()), reverse=True):
        levels += [(level, 1.0), (level, 0.0)]
    out = []
    for level, name in levels:
        # The word's own key as an atom only where the index has it (an initial "T" is
        # rarely a key: an atom finding nothing costs a look-up per case checked).
        atoms: list[_Atom] = [(wkey, False, int((level, name) == (EXACT, 1.0)))] if exact else []
        if level == GIVEN_INITIAL and prefixes is not None:
            atoms += [(p, True, _GIVEN_KIND) for p in prefixes]
        if level <= PREFIX and prefixes is not None:
            atoms += [(p, True, int(name_only or (level, name) == (PREFIX, 1.0)))
                      for p in prefixes]
        if level < PREFIX:
            atoms += [(k, False, int(lv == level and name == 1.0))
                      for k, lv in fuzzy.items() if lv >= level]
        out.append((level, name, atoms))
    return out


def _driver_keys(top: _Top, atoms: list[_Atom]) -> dict[str, int] | None:
    """{key: the kinds of rows (_Atom)} of every key the atoms take, the widest of its
    atoms', or None when there are too many."""
    out: dict[str, int] = {}
    for key, is_prefix, kinds in atoms:
        found = top.keys_under(key) if is_prefix else [key]
        if found is None:
            return None
        for k in found:
            out[k] = min(out.get(k, _GIVEN_KIND), kinds)
    return out if len(out) <= _DRIVER_MAX_KEYS else None


_KINDS_SQL = ", ".join(f"'{kind}'" for kind in NAME_KINDS)  # constants, not input
# The condition on a row's kind for each kinds of an atom (constants, not input).
_KIND_SQL = {_NAME_KIND: f"IN ({_KINDS_SQL})", _GIVEN_KIND: "= 'given'"}


class _Sql:
    """A statement's text and its parameters, written directly: the windows below run
    a few statements of one shape each, and building them as SQLAlchemy expressions
    cost more than running them."""

    def __init__(self) -> None:
        self.params: dict[str, object] = {}

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def keys_rows(self, keys: dict[str, int], lo: int, hi: int, initials: bool = False
                  ) -> str:
        """Case ids of rows of these keys (some in names only, or given names: _Atom)
        with ids from lo to hi, with `initials`, the rows' initials too. The id bounds
        stand in each branch: SQLite seeks (key, case_id) ranges only so."""
        window = f"case_id BETWEEN {self.param(lo)} AND {self.param(hi)}"
        branches = []
        for kinds in (_ANY_KIND, _NAME_KIND, _GIVEN_KIND):
            listed = [k for k, only in keys.items() if only == kinds]
            if listed:
                branches.append(
                    f"(key IN ({', '.join(self.param(k) for k in listed)}) AND {window}"
                    + (f" AND kind {_KIND_SQL[kinds]})" if kinds else ")"))
        columns = "case_id, initials" if initials else "case_id"
        return f"SELECT {columns} FROM name_keys WHERE ({' OR '.join(branches)})"

    def atoms_where(self, atoms: list[_Atom], table: str = "w.") -> str:
        """The condition of a row of these atoms (of `table`, a prefix such as "w.")."""
        conds = []
        for key, is_prefix, kinds in atoms:
            cond = (f"{table}key >= {self.param(key)} AND {table}key < "
                    f"{self.param(_upper_bound(key))}"
                    if is_prefix else f"{table}key = {self.param(key)}")
            conds.append(f"({cond} AND {table}kind {_KIND_SQL[kinds]})" if kinds
                         else f"({cond})")
        return " OR ".join(conds)

    def bits_needed(self, atoms: list[_Atom]) -> str:
        """A case of `found` (with its initials, or none: -1) has one of these atoms'
        bits (`_bits_needed`), a condition the atoms' own check implies."""
        return (f"(found.initials < 0 OR (found.initials & "
                f"{self.param(_bits_needed(atoms))}) <> 0)")

    def atoms_exist(self, atoms: list[_Atom]) -> str:
        """Whether the case `found.case_id` has a row of these atoms."""
        return (f"EXISTS (SELECT 1 FROM name_keys w WHERE w.case_id = found.case_id AND "
                f"({self.atoms_where(atoms)}))")

    def atoms_check(self, atoms: list[_Atom]) -> str:
        """`atoms_exist` where `found` has the case's `initials` (or none: -1): an atom
        of a name beginning with one character is the character's bit of them."""
        bits, rest = _initial_atoms(atoms)
        # A given name beginning with c: the case's initials have c's bit whichever
        # word began so (a patronymic too), so the bit only narrows the look-up (tester:
        # "Karimov A" at a million put "Karimov Bakhtiyor Azizovich" on the first page).
        given = [a for a in rest if a[1] and a[2] == _GIVEN_KIND
                 and search_index.initial_bit(a[0])]
        if not bits and not given:
            return self.atoms_exist(atoms)
        others = [a for a in rest if a not in given]
        either = [f"(found.initials < 0 AND {self.atoms_exist(atoms)})"]
        if bits:
            either.append(f"(found.initials >= 0 AND (found.initials & {self.param(bits)}) <> 0)")
        if given:
            gbits = 0
            for key, _prefix, _kinds in given:
                gbits |= search_index.initial_bit(key)
            either.append(f"(found.initials >= 0 AND (found.initials & {self.param(gbits)}) "
                          f"<> 0 AND {self.atoms_exist(given)})")
        if others:
            either.append(self.atoms_exist(others))
        return f"({' OR '.join(either)})"


def _reads_initials(atoms: list[_Atom]) -> bool:
    """Whether `atoms_check` of these atoms reads `found.initials`: an atom of a name,
    or of a given name, beginning with one character."""
    return any(is_prefix and kinds and search_index.initial_bit(key)
               for key, is_prefix, kinds in atoms)


def _bits_needed(atoms: list[_Atom]) -> int:
    """The bits of `name_keys.initials` a case with a row of these atoms has one of,
    when every atom is a name (or given name) beginning with one character; else 0."""
    bits = 0
    for key, is_prefix, kinds in atoms:
        bit = search_index.initial_bit(key) if is_prefix and kinds else 0
        if not bit:
            return 0
        bits |= bit
    return bits


def _check_cost(atoms: list[_Atom]) -> int:
    """How costly `atoms_check` of these atoms is per case, in order: 0 the initials
    alone, 1 the initials then a seek for some, 2 a seek for every case."""
    bits, rest = _initial_atoms(atoms)
    if not rest:
        return 0
    return 1 if bits or _reads_initials(rest) else 2


def _initial_atoms(atoms: list[_Atom]) -> tuple[int, list[_Atom]]:
    """(the bits of `name_keys.initials` for these atoms' names beginning with one
    character, the other atoms): a row of a name kind whose key begins with c exists for
    a case exactly when its initials have c's bit."""
    bits, rest = 0, []
    for atom in atoms:
        key, is_prefix, kinds = atom
        # Only a row of any name kind is its case's bit; a given name's is not (atoms_check).
        bit = search_index.initial_bit(key) if is_prefix and kinds == _NAME_KIND else 0
        if bit:
            bits |= bit
        else:
            rest.append(atom)
    return bits, rest


def _first_ids(top: _Top, combo: tuple[list[_Atom], ...], start: int | None = None,
               want: int | None = None,
               settled: Callable[[list[int]], bool] | None = None) -> list[int]:
    """The first `want` (default `limit`) ids from `start` on (default the lowest), in id
    order, of the cases that have rows of every word's atoms. Read a window of ids at a
    time, each an intersection of the words' index entries in that window (the index is
    ordered by key, then case id: every key's entries in a window are one short range),
    the windows widening until enough cases are found or the ids run out. When every
    word has too many keys to seek each, the cases themselves are the windows, each
    checked for every word (only for words common enough that a page is found soon).

    With `settled`, it is called with each window's ids (every case of the atoms between
    the previous window and this one's end) and the walk ends when it returns True; the
    windows then grow by about a page at a time (so that a walk that can end early reads
    little past where it can)."""
    windowed: list[tuple[int, dict[str, int]]] = []
    probed: list[int] = []
    for i, atoms in enumerate(combo):
        keys = _driver_keys(top, atoms)
        if keys is None:
            probed.append(i)  # too many keys to seek each: checked case by case
        elif not keys:
            return []  # no row of the index has this word at this level
        else:
            windowed.append((i, keys))
    if not windowed:
        if not all(top.exists(combo[i]) for i in probed):
            # A prefix wanted in a name where only references have it ("CM-" in a name):
            # one walk of its entries instead of a look-up for every case.
            return []
        if not any(top.common(combo[i]) for i in probed):
            raise _TooCostly  # rare words of many keys: every match ranked is cheaper
    if len(windowed) > 1:
        # A word found by a name's first letter alone ("E." beside "Sydykov Alisher") is
        # a bit of the initials on the driving word's rows: free to check, where read in
        # the windows its seven keys were 140,000 entries at a million.
        bits_only = [w for w in windowed if _check_cost(combo[w[0]]) == 0]
        if len(bits_only) < len(windowed):
            probed += [i for i, _keys in bits_only]
            windowed = [w for w in windowed if w not in bits_only]
    sample: dict[int, int] = {}
    if len(windowed) > 1:
        # The rarest word drives; a word many times more common is checked case by case
        # (a seek each) rather than read whole in every window: "Kursk region Aydos"
        # reads Aydos's entries, not the region's half a million.
        sample = {i: top.sample_rows(keys) for i, keys in windowed}
        windowed.sort(key=lambda item: sample[item[0]])
        rarest = sample[windowed[0][0]]
        for i, _keys in windowed[1:]:
            if (rarest + 1) * len(combo[i]) * _PROBE_COST < sample[i]:
                probed.append(i)
        windowed = [w for w in windowed if w[0] not in probed]
    # A word in no name anywhere (a place's name wanted in a name) leaves no case: one
    # walk of its entries says so for every combination asking it. Done for the words
    # read whole in the windows (the walk costs no more than theirs) and for those sought
    # case by case that are not too common (each combination's walk costs more).
    if not all(top.exists(combo[i]) for i, _ in windowed) or not all(
            top.exists(combo[i]) for i in probed
            if sample.get(i, _EXISTS_MAX_SAMPLE) < _EXISTS_MAX_SAMPLE):
        return []
    masked = any(_reads_initials(combo[i]) for i in probed)
    wanted = top.limit if want is None else want
    first, last = top.id_span()
    if start is not None:
        first = max(first, start)
    found: list[int] = []
    # Index windows start at a 64th of the ids; case windows (a look-up per case) small.
    lo, width = first, (max(1024, (last - first + 1) // 64) if windowed
                        else max(256, 4 * wanted))
    while lo <= last and len(found) < wanted:
        hi = lo + width - 1
        sql = _Sql()
        if windowed:
            # The first word's rows carry their case's initials (name_keys.initials):
            # an initial beside it is checked on them, no look-up into each case.
            parts = [sql.keys_rows(keys, lo, hi, initials=bool(masked) and n == 0)
                     for n, (_, keys) in enumerate(windowed)]
            if masked and len(parts) > 1:
                both = f"{parts[0]} AND case_id IN ({' INTERSECT '.join(parts[1:])})"
            else:
                both = " INTERSECT ".join(parts)
            # Cheapest first (SQLite tests them in the order written): a check on the
            # initials alone before one that seeks into the case ("Karimov K. S.": the
            # S bit first, then a given name in K only for the cases that have it; the
            # K bit, Karimov's own, narrowed nothing, and 44,000 seeks cost 150 ms).
            checks = [sql.atoms_check(combo[i])
                      for i in sorted(probed, key=lambda i: _check_cost(combo[i]))]
            if masked:
                # Every initial's bit before any seek: "Akhmetov A. E." sought a given
                # name in A in every Akhmetov (the A bit is the surname's own) before
                # looking at the E bit.
                checks = [sql.bits_needed(combo[i]) for i in probed
                          if _bits_needed(combo[i])] + checks
        else:
            both = (f"SELECT id AS case_id FROM cases WHERE id BETWEEN {sql.param(lo)} "
                    f"AND {sql.param(hi)}")
            checks = [sql.atoms_exist(combo[i]) for i in probed]
        stmt = (f"SELECT DISTINCT found.case_id FROM ({both}) AS found"
                + (f" WHERE {' AND '.join(checks)}" if checks else ""))
        window = sorted(r[0] for r in top.execute(text(stmt).bindparams(**sql.params)))
        found += window
        lo = hi + 1
        if settled is not None and settled(window):
            break
        # The next window: wide enough for the cases still wanted at the density so far
        # (four times as wide while none is found: an empty set costs a few statements);
        # when the walk may end early, for as many again as found so far, at least a page.
        density = len(found) / (lo - first)
        still = wanted - len(found)
        if settled is not None:
            still = min(still, max(len(found), top.limit))
        more = still / density * 1.25 if found else width * 4.0
        width = min(max(width * 2, int(more) + 1), last - first + 1)
    return found[:wanted]


def _top_ranks(session: Session, words: list[Word], limit: int) -> dict[int, tuple]:
    """Ranks of a set of cases that holds the first `limit` of `_ranks(session, words)`,
    each with the rank `_ranks` gives it."""
    if not words:
        return {}
    if _cases_about(session) < TOP_FROM_CASES:
        return _ranks(session, words)
    top = _Top(session, _prepare(session, words), limit)
    try:
        return _top_combinations(top)
    except _TooCostly:
        return _ranks(session, words)


def _cases_about(session: Session) -> int:
    """About how many cases there are (the highest id: one step down an index), read
    once per session: an import asks for every row."""
    about = session.info.get("cm_cases_about")
    if about is None:
        about = session.info["cm_cases_about"] = int(
            session.execute(select(func.max(Case.id))).scalar() or 0)
    return about


def _top_combinations(top: _Top) -> dict[int, tuple]:
    n = len(top.prep.words)
    options = [_options(top, i) for i in range(n)]
    count = 1
    for opts in options:
        count *= len(opts)
    if count > _TOP_MAX_COMBOS:
        raise _TooCostly
    combos = []
    for combo in itertools.product(*(range(len(opts)) for opts in options)):
        levels = [options[i][o][0] for i, o in enumerate(combo)]
        names = [options[i][o][1] for i, o in enumerate(combo)]
        # The rank's first three parts, computed as `_ranks_of` does (the same sums).
        combos.append(((-int(min(levels)), -sum(levels), -sum(names)), combo))
    combos.sort(key=lambda c: c[0])
    if not combos:
        return {}  # a word no row of the index has
    found = _Found(top, options)
    # Every match first, the first page of them by id: when they are fewer than a page,
    # they are all known, ranked, in one walk of the index (a rare combination of common
    # words: "Karimov T", "Abdullaev Erlan"); otherwise each combination below is
    # answered up to the last of them from their levels, and its walk starts after it.
    every = found.first_ids(tuple(len(opts) - 1 for opts in options))
    if len(every) < top.limit:
        return found.ranks
    covers = _covers(combos, found.worst())
    if covers is not None and all(len(found.first_ids(c)) < top.limit for c in covers):
        # Every case ranking before the page's worst so far is known: a case not read
        # ranks no better than it, and has a higher id than every case of that rank read.
        # "Kholav Khurshid" at a million: five combinations asking Khurshid exactly or
        # by prefix walked every id each to find none (holov is a family name only with
        # hurxed); one walk (the largest of them) says so for all five.
        return found.ranks
    first, last = top.id_span()
    if top.limit * (last - first + 1) / (every[-1] - first + 1) <= _RANK_ALL_UP_TO:
        # Few matches in all, by their density in the ids read: reading and ranking the
        # rest of them costs less than a walk for each combination whose cases are rare.
        # The walk ends once `limit` cases known have the best rank any combination
        # gives (a case after them can only tie, and loses on its id): "Kholav Khurshid"
        # at a million read all 1,500 matches for a page whose cases were all found in
        # the first tenth of the ids.
        best = combos[0][0]

        def settled(ids: list[int]) -> bool:
            found.add(ids)
            return found.settled(best)

        cap = _RANK_ALL_UP_TO * 4
        if found.settled(best) or len(_first_ids(
                top, found.every_atoms, start=every[-1] + 1, want=cap,
                settled=settled)) < cap:
            return found.ranks
        # More matches than estimated: the levels of those read are kept, and the
        # combinations below find the rest.
    tiers: dict[int, int] = {}  # combinations looked up per level
    for rank, group in itertools.groupby(combos, key=lambda c: c[0]):
        tier = -rank[0]
        for _, combo in group:
            tiers[tier] = tiers.get(tier, 0) + 1
            if tiers[tier] == 2:
                # Before the level's second combination, the weakest of every level down
                # to prefix, then the level's own: when its cases are fewer than a page
                # they are all known, and every other combination of those levels is
                # answered from them (no index walk finding nothing, each).
                for level in dict.fromkeys((PREFIX, tier) if tier >= PREFIX else (tier,)):
                    found.first_ids(tuple(max(o for o, opt in enumerate(opts) if opt[0] >= level)
                                          for opts in options))
            found.first_ids(combo)
        # Every case ranked no worse than this combination is in `ranks` unless `limit`
        # cases that rank before it are: with enough of them the first page is known.
        if sum(1 for r in found.ranks.values() if r[:3] <= rank) >= top.limit:
            break
    return found.ranks


# At most this many combinations ranking before the first page's worst are reduced to
# their largest ones (a quadratic comparison), and at most this many largest walked.
_COVER_MAX_COMBOS = 512
_COVER_MAX_WALKS = 3


def _covers(combos: list[tuple[tuple, tuple[int, ...]]], worst: tuple | None
            ) -> list[tuple[int, ...]] | None:
    """The largest of the combinations (rank, options) that rank before `worst` (the
    first three parts of a rank): every case ranking before it has at least one of them
    (an option's atoms hold every better option's: `_options`, and a combination with
    better options ranks better). Empty when none ranks before it; None when there are
    too many to walk."""
    if worst is None:
        return None
    better = [combo for rank, combo in combos if rank < worst]
    if len(better) > _COVER_MAX_COMBOS:
        return None
    largest = [c for c in better if not any(
        d != c and all(x >= y for x, y in zip(d, c, strict=True)) for d in better)]
    return largest if len(largest) <= _COVER_MAX_WALKS else None


class _Found:
    """The cases read so far by `_top_combinations`, with their levels and ranks, and
    the combinations whose cases are all known (fewer than a page)."""

    def __init__(self, top: _Top, options: list[list[tuple[float, float, list[_Atom]]]]
                 ) -> None:
        self.top, self.options = top, options
        self.levels: dict[int, list[float]] = {}
        self.ranks: dict[int, tuple] = {}
        self.complete: list[tuple[tuple[int, ...], list[int]]] = []
        # The first `limit` of every match (the weakest combination), once read: every
        # case with an id up to the last of them that matches at all is among them.
        self.every: list[int] | None = None
        self.every_atoms: tuple[list[_Atom], ...] = ()

    def add(self, ids: list[int]) -> None:
        """Read the levels and ranks of these cases (those not read yet)."""
        new = {cid for cid in ids if cid not in self.levels}
        if new:
            levels = _case_levels(self.top, new)
            self.levels.update(levels)
            self.ranks.update(_ranks_of(levels, len(self.options)))

    def worst(self) -> tuple | None:
        """The first three parts of the rank of the `limit`-th best case read (None:
        fewer read)."""
        limit = self.top.limit
        if len(self.ranks) < limit:
            return None
        return heapq.nsmallest(limit, self.ranks.values())[-1][:3]

    def settled(self, best: tuple) -> bool:
        """Whether `limit` of the cases read have `best`, the best rank's first three
        parts a combination gives (then they are the first page when every case with
        an id up to the last read is known: any other has a higher id or a worse rank)."""
        return self.worst() == best

    def _having(self, ids: list[int], combo: tuple[int, ...]) -> list[int]:
        """Those of these cases (levels known) with at least this combination's options."""
        n = len(combo)
        wanted = [self.options[i][o][:2] for i, o in enumerate(combo)]
        return [cid for cid in ids if all(
            (self.levels[cid][i], self.levels[cid][n + i]) >= wanted[i] for i in range(n))]

    def first_ids(self, combo: tuple[int, ...]) -> list[int]:
        """The first `limit` ids of the cases with at least this combination's options."""
        limit = self.top.limit
        for known, ids in self.complete:
            if all(c <= k for c, k in zip(combo, known, strict=True)):
                # Every case of this combination is among those of `known`.
                return self._having(ids, combo)[:limit]
        atoms = tuple(self.options[i][o][2] for i, o in enumerate(combo))
        if self.every is None:
            ids = _first_ids(self.top, atoms)
            if all(o == len(opts) - 1 for o, opts in zip(combo, self.options, strict=True)):
                self.every, self.every_atoms = ids, atoms
        else:
            # The cases up to the last of every match's first page are known already.
            ids = self._having(self.every, combo)
            if len(ids) >= limit:
                return ids[:limit]
            ids += _first_ids(self.top, atoms, start=self.every[-1] + 1,
                              want=limit - len(ids))
        self.add(ids)
        if len(ids) < self.top.limit:
            self.complete.append((combo, ids))
        return ids


def _case_levels(top: _Top, ids: set[int]) -> dict[int, list[float]]:
    """The words' best levels of these cases, from their rows that match a word."""
    listed = sorted(ids)
    rows: list = []
    # One statement for every chunk, the ids one expanding parameter: building an IN of
    # 500 parameters as expressions cost more than the look-up (rank-all reads thousands).
    stmt = select(NameKey.case_id, NameKey.key, NameKey.kind).where(
        NameKey.case_id.in_(bindparam("ids", expanding=True)), or_(*top.prep.conds))
    for start in range(0, len(listed), _CHUNK_IDS):
        rows += top.execute(stmt, {"ids": listed[start : start + _CHUNK_IDS]})
    return _best_levels(top.prep, rows)


CLOSEST_MIN = 0.5  # looser than FUZZY_MIN: suggestions after a search found nothing


def closest_ids(session: Session, query: str, limit: int = 5) -> list[int]:
    """Cases whose names come nearest to `query` when `search_ids` found none, best first.

    Each word of the query is compared (by spelling distance of skeleton keys) with every
    indexed name word; a case scores the sum of its best similarity per query word."""
    qwords = [w for w in query_words(query) if len(w.key) >= 2]
    if not qwords:
        return []
    vocab = [k for k in session.scalars(select(SearchVocab.key)) if k.isalpha()]
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


# ---------------------------------------------------------------- many queries at once
#
# An import asks `search_keys(words, limit=500)` for every row (likely duplicates), and
# a demo-like database gives each name word thousands of cases: one ranking per row cost
# 0.155 s at 100,000 cases. The rows of a list share their name words, so `KeySearch`
# reads each word's index rows once, keeps its cases by level (the word's best level in
# a case, and whether it is in a name: what `_best_levels` finds), and ranks a query by
# intersecting those sets a level against a level, best first, until `limit` cases are
# known. The ids and their order are those of `search_keys`.

_KEY_SEARCH_MAX_IDS = 4_000_000  # case ids held over all words; more: start again


class KeySearch:
    """`search_keys` for many queries in one session, each word's index rows read once.

    For a session that sees the database as it was when it began (the importer's
    planning session: it writes nothing, and another connection's writes are not
    committed before the import ends): cases added or changed meanwhile are not
    seen. Words of one letter (initials) are passed to `search_keys` as they are.
    """

    def __init__(self, session: Session, step: Callable[[], None] = lambda: None) -> None:
        """`step()` is called after each word's rows are read (the caller's progress and
        Cancel checkpoint)."""
        self._session = session
        self._step = step
        # word key -> [(level, in a name), the cases having that as their best], best first
        self._words: dict[str, list[tuple[tuple[float, float], set[int]]]] = {}
        self._held = 0  # case ids held in self._words
        self._answers: dict[tuple[str, ...], list[int]] = {}  # the last queries' answers

    def search(self, words: list[str], limit: int) -> list[int]:
        """search_keys(session, words, limit): the first `limit` cases, best first."""
        keys = tuple(_dedupe(words))
        if not keys or limit <= 0:
            return search_keys(self._session, list(keys), limit) if keys else []
        if any(len(k) <= 1 for k in keys):  # initials are ranked otherwise (soft)
            return search_keys(self._session, list(keys), limit)
        answer = self._answers.get(keys + (str(limit),))
        if answer is None:
            answer = self._first(keys, limit)
            if len(self._answers) >= 4096:
                self._answers.clear()
            self._answers[keys + (str(limit),)] = answer
        return answer

    def _first(self, keys: tuple[str, ...], limit: int) -> list[int]:
        """The first `limit` ids of `_ranks` (the same ranks, sorted the same way)."""
        levels = [self._levels(k) for k in keys]
        combos = []
        for combo in itertools.product(*levels):
            found = [tier[0][0] for tier in combo]
            names = [tier[0][1] for tier in combo]
            # The rank's first three parts, summed as `_ranks_of` sums them.
            combos.append(((-int(min(found)), -sum(found), -sum(names)),
                           [tier[1] for tier in combo]))
        combos.sort(key=lambda c: c[0])
        out: list[int] = []
        for _rank, group in itertools.groupby(combos, key=lambda c: c[0]):
            ids: set[int] = set()
            for _r, sets in group:
                sets = sorted(sets, key=len)
                both = sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
                ids.update(both)
            out += sorted(ids)  # the same rank before the id: by id
            if len(out) >= limit:
                break
        return out[:limit]

    def _levels(self, key: str) -> list[tuple[tuple[float, float], set[int]]]:
        """The cases of one word, by their best (level, in a name), as `_ranks` finds it
        in each case's rows (the rows the word's condition matches)."""
        held = self._words.get(key)
        if held is None:
            prep = _prepare(self._session, [Word(key, (key,))])
            rows = self._session.connection().execute(
                select(NameKey.case_id, NameKey.key, NameKey.kind).where(prep.conds[0])
            ).fetchall()
            self._step()
            # A word that is no initial has its level by the key alone (`_best_levels`
            # for one word, each distinct key's level found once).
            level_of: dict[str, float] = {}
            best: dict[int, tuple[float, float]] = {}
            for case_id, found, kind in rows:
                level = level_of.get(found)
                if level is None:
                    levels = _best_levels(prep, [(0, found, "")]).get(0)
                    level = level_of[found] = levels[0] if levels else 0.0
                if not level:
                    continue
                mine = (level, 1.0 if kind in _NAMES else 0.0)
                had = best.get(case_id)
                if had is None or mine > had:
                    best[case_id] = mine
            by_level: dict[tuple[float, float], set[int]] = {}
            for case_id, mine in best.items():
                by_level.setdefault(mine, set()).add(case_id)
            held = sorted(by_level.items(), reverse=True)
            count = sum(len(ids) for _level, ids in held)
            if self._held + count > _KEY_SEARCH_MAX_IDS:
                self._words.clear()  # memory bounded; the words asked next are read again
                self._held = 0
            self._words[key] = held
            self._held += count
        return held
