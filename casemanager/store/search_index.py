"""The search index: the `name_keys` rows of every case, kept current on every flush.

Each case has one row per distinct skeleton key (casemanager.domain.names) of its names,
aliases, reference, identity documents, unit and places, with the kind of field it came
from. A Session `after_flush` listener re-indexes every case whose row, aliases,
documents or custody periods the flush touched, on the flush's own connection: the keys
commit or roll back with the change itself, whoever wrote it (services, demo, import).

Rows moved with Core UPDATEs (a merge) are not seen by the ORM: call `index_case` or
`reindex` for those cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, delete, event, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from casemanager.domain.messages import msg
from casemanager.domain.names import compact, has_latin_x, keys, ks_reading, skeleton, words
from casemanager.domain.progress import Progress, no_progress
from casemanager.store.models import (
    Alias,
    Case,
    CustodyPeriod,
    ExternalReference,
    IdentityDocument,
    NameKey,
    SearchVocab,
)
from casemanager.store.privileges import withheld

# Earlier kinds win when two fields give the same key; search ranks names above places.
NAME_KINDS = ("family", "given", "patronymic", "native", "alias")
# "ext": a partner's own reference (ExternalReference), found like ours.
KINDS = (*NAME_KINDS, "ref", "doc", "ext", "unit", "place")
_STOP = frozenset({"no", "of", "the", "for", "and", "in", "on", "at", "nr"})
# Rows of these kinds carry no initials (-1): a login that may not read documents or
# partners' references leaves them as they are when it rewrites a case's other keys.
CODE_KINDS = ("ref", "doc", "ext")
# The characters keys begin with, in the order of their bits in `initials`.
INITIAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_INITIAL_BITS = {ch: 1 << i for i, ch in enumerate(INITIAL_CHARS)}
_NAME_KIND_SET = frozenset(NAME_KINDS)
_CHUNK = 500
# Bumped whenever this process adds keys to search_vocab (see casemanager.services.search's cache).
vocab_generation = 0

_CASE_COLUMNS = (
    Case.id,
    Case.reference,
    Case.family_name,
    Case.given_name,
    Case.patronymic,
    Case.name_native,
    Case.name_latin,
    Case.unit,
    Case.place_of_birth,
    Case.capture_place,
    Case.merged_into_id,
)


def case_keys(
    row: Mapping[Any, Any], aliases: Iterable[str] = (), documents: Iterable[str] = (),
    facilities: Iterable[str] = (), externals: Iterable[str] = (),
) -> dict[str, tuple[str, str]]:
    """{key: (kind, token)} for one case's values (a pure function, used by tests too)."""
    out: dict[str, tuple[str, str]] = {}
    # The first field to give a key keeps it; keys over 60 characters are left out.
    # (Written out rather than through a helper: a bulk import runs this per case.)
    reference = row["reference"]
    key = compact(reference)
    if key and len(key) <= 60:
        out[key] = ("ref", reference[:200])
    for ref in externals:
        key = compact(ref)
        if key and len(key) <= 60 and key not in out:
            out[key] = ("ext", ref[:200])
    get = row.get
    if get("merged_into_id"):
        return out  # a merged case is found by its reference only; its names live on
    for key, kind, token in _names_keys(
            get("family_name", ""), get("given_name", ""), get("patronymic", ""),
            get("name_native", ""), get("name_latin", ""), tuple(aliases)):
        if key and len(key) <= 60 and key not in out:
            out[key] = (kind, token[:200])
    for number in documents:
        key = compact(number)
        if key and len(key) <= 60 and key not in out:
            out[key] = ("doc", number[:200])
    for key, kind, token in _places_keys(get("unit", ""), get("place_of_birth", ""),
                                         get("capture_place", ""), tuple(facilities)):
        if key and len(key) <= 60 and key not in out:
            out[key] = (kind, token[:200])
    return out


@lru_cache(maxsize=1 << 16)
def _names_keys(family: str, given: str, patronymic: str, native: str, latin: str,
                aliases: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(key, kind, token) of a case's names, in `case_keys` order (cached: a million demo
    cases, or a list of namesakes, have far fewer distinct names)."""
    out = []
    for field, kind in ((family, "family"), (given, "given"), (patronymic, "patronymic"),
                        (native, "native"), (latin, "native")):
        if field:
            out += [(key, kind, token) for key, token in _text_keys(field, kind)]
    for alias in aliases:
        out += [(key, "alias", token) for key, token in _text_keys(alias, "alias")]
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _places_keys(unit: str, place_of_birth: str, capture_place: str,
                 facilities: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(key, kind, token) of a case's unit and places, in `case_keys` order (cached)."""
    out = []
    for field, kind in ((unit, "unit"), (place_of_birth, "place"), (capture_place, "place"),
                        *((f, "place") for f in facilities)):
        if field:
            out += [(key, kind, token) for key, token in _text_keys(field, kind)]
    return tuple(out)


def field_keys(text: str, kind: str) -> tuple[tuple[str, str, str], ...]:
    """(key, kind, token) of one field's text as `case_keys` keeps them (no empty or
    over-long keys, tokens cut to 200), in its order: for bulk writers that merge a
    case's fields themselves (the demo). Within a case the first field to give a key
    keeps it: reference, partners' references, names (family, given, patronymic,
    native, Latin as "native", aliases), documents, unit, places, facilities."""
    return tuple((key, kind, token[:200]) for key, token in _text_keys(text, kind)
                 if key and len(key) <= 60)


@lru_cache(maxsize=1 << 16)
def _text_keys(text: str, kind: str) -> tuple[tuple[str, str], ...]:
    """(key, token) pairs of one field's text, in the order `case_keys` offers them (a
    pure function of its arguments, cached: names repeat, and bulk indexing a million
    cases computes each spelling once)."""
    out: list[tuple[str, str]] = []
    for word in words(text):
        key = skeleton(word)
        if kind in ("unit", "place") and key in _STOP:
            continue
        out.append((key, word))
    if kind in NAME_KINDS:
        # Compounds joined (Abdul-Karimov is found as Abdulkarimov too) and patronymic
        # particles merged (Bakhtiyor oʻgʻli as Bakhtiyorovich), as the matcher reads
        # names. Words apart stay apart in the other fields: only a family or given
        # name of two words is one name (Abdul Karimov, Said Ali).
        out.extend((key, key) for key in keys(text))
        parts = [k for k in (skeleton(w) for w in words(text)) if k]
        if kind in ("family", "given") and len(parts) == 2 and min(map(len, parts)) > 2:
            out.append((parts[0] + parts[1], text))
        if has_latin_x(text):
            # A Latin x read as ks too (Maxim is Максим, Olexandr Олександр), after the
            # x as kh (Xasanov is Хасанов): the keys of the text written so, the tokens
            # as read. (Migration 0022 repeats this for the cases stored before.)
            out.extend(_text_keys(ks_reading(text), kind))
    return tuple(out)


def name_initials(found: dict[str, tuple[str, str]]) -> int:
    """The `initials` of a case from its `case_keys`: the bit (INITIAL_CHARS) of the first
    character of each key of a name kind. A case has a name key beginning with c exactly
    when its bit is set: search checks an initial beside a word on that word's own rows."""
    bits = 0
    for key, (kind, _token) in found.items():
        if kind in _NAME_KIND_SET:
            bits |= _INITIAL_BITS.get(key[0], 0)
    return bits


def in_vocabulary(key: str, kind: str) -> bool:
    """Whether a key of this kind goes into `search_vocab`: every key of a name, and the
    alphabetic keys of units and places (fuzzy look-ups read those alone); none of a
    reference or document number. So the vocabulary says that no name has a key
    beginning so ("CM-": a million references, no name), without walking the index."""
    return kind not in CODE_KINDS and (kind in _NAME_KIND_SET or key.isalpha())


def initial_bit(prefix: str) -> int:
    """The bit of `initials` for names beginning with `prefix`, 0 unless it is one of
    INITIAL_CHARS."""
    return _INITIAL_BITS.get(prefix, 0) if len(prefix) == 1 else 0


def row_initials(kind: str, initials: int) -> int:
    """A row's `initials` column: the case's, or -1 on a row of CODE_KINDS."""
    return -1 if kind in CODE_KINDS else initials


def index_new_cases(conn: Connection, cases: Iterable[tuple[Any, ...]]) -> set[str]:
    """Insert the keys of cases inserted in bulk in this transaction, from their values in
    memory instead of reading them back (`demo`, imports): each item is (case row as a
    dict with the columns of `_CASE_COLUMNS`, alias spellings, document numbers,
    disclosed facilities[, partners' references]). The cases must have no keys yet.
    Returns the vocabulary keys, for one `add_vocabulary` call at the end. The rows are
    those `reindex` would write.
    """
    rows: list[tuple[int, str, str, int, str]] = []
    vocabulary: set[str] = set()
    for row, aliases, documents, facilities, *externals in cases:
        found = case_keys(row, aliases, documents, facilities, *externals)
        initials = name_initials(found)
        case_id = row["id"]
        for key, (kind, token) in found.items():
            if kind in CODE_KINDS:
                rows.append((case_id, key, kind, -1, token))
            else:
                rows.append((case_id, key, kind, initials, token))
                if kind in _NAME_KIND_SET or key.isalpha():  # in_vocabulary, written out
                    vocabulary.add(key)
    if rows:
        if conn.dialect.name == "sqlite":  # the driver's own executemany: no per-row dicts
            conn.exec_driver_sql(INSERT_SQL, rows)
        else:
            conn.execute(insert(NameKey), [
                {"case_id": c, "key": k, "kind": kind, "initials": i, "token": t}
                for c, k, kind, i, t in rows])
    return vocabulary


# The rows of `index_new_cases` on SQLite: (case_id, key, kind, initials, token).
INSERT_SQL = ("INSERT INTO name_keys (case_id, key, kind, initials, token) "
              "VALUES (?, ?, ?, ?, ?)")


def trim_key_caches(limit: int = 8192) -> None:
    """Empty the caches of keys by name and place once one holds more than `limit`
    entries. Bulk indexing of many distinct names (a 100,000-row import) would otherwise
    fill them to their sizes, some 150 MB, for few hits; memory stays flat."""
    # Each cache apart: the names of a case (all its spellings together) rarely
    # repeat in a list and fill theirs, while its words do repeat and keep theirs.
    for cache in (_names_keys, _text_keys, _places_keys):
        if cache.cache_info().currsize > limit:
            cache.cache_clear()


def add_vocabulary(conn: Connection, keys: set[str]) -> None:
    """Add these keys to `search_vocab` (those already there are left alone)."""
    if keys:
        _add_vocabulary(conn, keys)


def reindex(conn: Connection, case_ids: Iterable[int], progress: Progress = no_progress,
            *, externals: bool = True, initials: bool = True) -> None:
    """Rewrite the keys of these cases (missing ids just lose their keys).

    `externals=False` leaves partners' references out: for migrations older than the
    table that holds them (0005); `initials=False` the column `initials`: for migrations
    older than 0021.
    """
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), _CHUNK):
        _reindex_chunk(conn, ids[start : start + _CHUNK], externals, initials)
        progress(min(start + _CHUNK, len(ids)), len(ids), msg("Indexing names for search"))


def _reindex_chunk(conn: Connection, ids: Sequence[int], with_externals: bool = True,
                   with_initials: bool = True) -> None:
    # A login that may not read documents or partners' references (a volunteer on a
    # server) rewrites the other keys and leaves those kinds as they are.
    hidden = withheld(conn, ("identity_documents", "external_references")).tables
    kept_kinds = [kind for kind, table in (("doc", "identity_documents"),
                                           ("ext", "external_references")) if table in hidden]
    with_documents = "identity_documents" not in hidden
    with_externals = with_externals and "external_references" not in hidden
    cases = [r._asdict() for r in conn.execute(select(*_CASE_COLUMNS).where(Case.id.in_(ids)))]
    # Children in the order of their ids (SQLite's own order by its case_id index; a
    # server's is unspecified): where two give one key the first keeps it, and
    # derived_keys.find_stale, reading them in this order, expects the same token.
    aliases: dict[int, list[str]] = {}
    for case_id, spelling in conn.execute(
        select(Alias.case_id, Alias.spelling).where(Alias.case_id.in_(ids))
        .order_by(Alias.case_id, Alias.id)
    ):
        aliases.setdefault(case_id, []).append(spelling)
    docs: dict[int, list[str]] = {}
    for case_id, number in conn.execute(
        select(IdentityDocument.case_id, IdentityDocument.number).where(
            IdentityDocument.case_id.in_(ids)
        ).order_by(IdentityDocument.case_id, IdentityDocument.id)
    ) if with_documents else ():
        docs.setdefault(case_id, []).append(number)
    places: dict[int, list[str]] = {}
    for case_id, facility in conn.execute(
        select(CustodyPeriod.case_id, CustodyPeriod.facility).where(
            CustodyPeriod.case_id.in_(ids), CustodyPeriod.disclosed.is_(True)
        ).order_by(CustodyPeriod.case_id, CustodyPeriod.id)
    ):
        places.setdefault(case_id, []).append(facility)
    externals: dict[int, list[str]] = {}
    for case_id, ref in conn.execute(
        select(ExternalReference.case_id, ExternalReference.reference).where(
            ExternalReference.case_id.in_(ids)
        ).order_by(ExternalReference.case_id, ExternalReference.id)
    ) if with_externals else ():
        externals.setdefault(case_id, []).append(ref)
    rows: list[dict[str, Any]] = []
    for case in cases:
        cid = case["id"]
        found = case_keys(case, aliases.get(cid, ()), docs.get(cid, ()), places.get(cid, ()),
                          externals.get(cid, ()))
        initials = name_initials(found)
        rows.extend(
            {"case_id": cid, "key": k, "kind": kind, "initials": row_initials(kind, initials),
             "token": token}
            for k, (kind, token) in found.items()
        )
    gone = delete(NameKey).where(NameKey.case_id.in_(ids))
    if kept_kinds:
        gone = gone.where(NameKey.kind.not_in(kept_kinds))
        rows = [r for r in rows if r["kind"] not in kept_kinds]
    conn.execute(gone)
    if not with_initials:
        for row in rows:
            del row["initials"]
    if rows:
        conn.execute(insert(NameKey), rows)
        # References and document numbers stay out (`in_vocabulary`).
        _add_vocabulary(conn, {r["key"] for r in rows if in_vocabulary(r["key"], r["kind"])})


def _add_vocabulary(conn: Connection, keys: set[str]) -> None:
    listed = sorted(keys)
    known: set[str] = set()
    for start in range(0, len(listed), 900):
        part = listed[start : start + 900]
        known.update(conn.scalars(select(SearchVocab.key).where(SearchVocab.key.in_(part))))
    missing = [{"key": k} for k in listed if k not in known]
    if not missing:
        return
    global vocab_generation
    vocab_generation += 1  # this process's cached vocabulary buckets are stale now
    # Another writer may add the same key meanwhile: ignore, never fail the user's save.
    stmt: Insert
    if conn.dialect.name == "postgresql" and conn.scalar(
            text("SELECT to_regprocedure('public.cm_add_vocabulary(text[])') IS NOT NULL")):
        # Through the server's function (0015): the roles may not insert words
        # themselves, which told them which words restricted cases hold.
        conn.execute(text("SELECT public.cm_add_vocabulary(CAST(:keys AS text[]))"),
                     {"keys": [m["key"] for m in missing]})
        return
    if conn.dialect.name == "postgresql":  # older schemas, migrations on the way to 0015
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        stmt = pg_insert(SearchVocab).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(SearchVocab).on_conflict_do_nothing()
    conn.execute(stmt, missing)


def index_case(session: Session, case: Case | int) -> None:
    """Bring one case's keys up to date now, in the session's transaction.

    Ordinary ORM writes are indexed automatically; call this after Core UPDATEs that
    move rows between cases, or from code that wants to be explicit. It is cheap: a few
    small queries on one case.
    """
    session.flush()
    case_id = case if isinstance(case, int) else case.id
    reindex(session.connection(), [case_id])


def reindex_all(conn: Connection, progress: Progress = no_progress, *,
                externals: bool = True, initials: bool = True) -> int:
    """Rebuild the keys of every case (the migration's backfill; a repair tool)."""
    ids = list(conn.scalars(select(Case.id).order_by(Case.id)))
    reindex(conn, ids, progress, externals=externals, initials=initials)
    return len(ids)


_WATCHED_CHILDREN = (Alias, IdentityDocument, CustodyPeriod, ExternalReference)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Case) and obj.id is not None:
            ids.add(obj.id)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED_CHILDREN) and obj.case_id is not None:
            ids.add(obj.case_id)
    deleted_cases = {o.id for o in session.deleted if isinstance(o, Case)}
    ids -= deleted_cases  # their keys go with them (ON DELETE CASCADE)
    if ids:
        reindex(session.connection(), ids)
