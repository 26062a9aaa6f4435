"""Whether each case's derived keys still describe its stored names, and their repair.

A case keeps three things derived from its names: its search keys (`name_keys`, with the
`initials` bits; casemanager.store.search_index), the words of those keys in
`search_vocab`, and the sort keys of its name columns (`*_sort`, migration 0020;
casemanager.store.sort_keys). The application rewrites them with every change it makes.
A change made beside it leaves them describing the old name: an office fixing a typo
with the `sqlite3` shell, a restore from an old tool, or, on a server, a psql UPDATE
(its trigger keeps the sort keys; the search keys are the client's). Search then no
longer finds the case by its new name and the list sorts it where the old name was.

`find_stale` derives every case's keys again, as the application would write them, and
compares them with those stored (one read of the cases and their keys, in chunks of ids:
memory stays flat); `repair_keys` rewrites exactly the stale cases' keys in one
transaction with an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from casemanager.domain.messages import msg
from casemanager.domain.progress import Progress, no_progress
from casemanager.store.database import Database
from casemanager.store.models import (
    Alias,
    AuditEntry,
    Case,
    CustodyPeriod,
    ExternalReference,
    IdentityDocument,
    NameKey,
    SearchVocab,
    utcnow,
)
from casemanager.store.privileges import withheld
from casemanager.store.search_index import (
    case_keys,
    in_vocabulary,
    name_initials,
    reindex,
    row_initials,
    trim_key_caches,
)
from casemanager.store.sort_keys import SORT_KEY_COLUMNS, sort_key_expr
from casemanager.store.sort_keys import _cached_sort_key as _sort_key
from casemanager.store.unit_of_work import UnitOfWork

_CHUNK = 2000  # cases read at a time
_EXAMPLES = 5  # references a report names
_LOGGED = 50  # references the repair's audit entry names

_CASE_COLUMNS = (
    Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
    Case.name_native, Case.name_latin, Case.unit, Case.place_of_birth, Case.capture_place,
    Case.merged_into_id, Case.assigned_to,
    *(getattr(Case, key) for key in SORT_KEY_COLUMNS.values()),
)


@dataclass(frozen=True)
class StaleKeys:
    """What `find_stale` found. `search`, `sort` and `vocabulary` are the ids (ascending)
    of the cases whose search keys or initials, name sort keys, or words in
    `search_vocab` differ from what their stored names give; `references` maps every
    such id to its case's reference; `checked` counts the cases read."""

    checked: int
    search: tuple[int, ...]
    sort: tuple[int, ...]
    vocabulary: tuple[int, ...]
    references: dict[int, str]

    @property
    def ids(self) -> list[int]:
        """Every stale case's id, ascending."""
        return sorted(self.references)

    @property
    def count(self) -> int:
        return len(self.references)

    def examples(self, limit: int = _EXAMPLES) -> list[str]:
        """The references of the first `limit` stale cases (by id)."""
        return [self.references[i] for i in self.ids[:limit]]

    def line(self) -> str:
        """"N cases have stale search or sort keys (e.g. CM-0042, …)", or "" when none."""
        if not self.count:
            return ""
        shown = ", ".join(self.examples()) + (", …" if self.count > _EXAMPLES else "")
        if self.count == 1:
            return msg("1 case has stale search or sort keys ({example})", example=shown)
        return msg("{count} cases have stale search or sort keys (e.g. {examples})",
                   count=self.count, examples=shown)


def find_stale(conn: Connection, progress: Progress = no_progress) -> StaleKeys:
    """Compare every case's stored search keys (key, kind, initials, token), name sort
    keys and vocabulary words with those its stored values give (what
    `search_index.reindex` and the sort-key triggers would write). Reads only; on a
    login that may not read identity documents or partners' references (a volunteer on
    a server) those kinds of keys are left out of the comparison, as reindex leaves
    them. Cost: one read of the cases, their aliases, documents, disclosed facilities,
    partners' references and search keys (about 1.2 million rows at 100,000 cases)."""
    hidden = withheld(conn, ("identity_documents", "external_references")).tables
    kept_kinds = {kind for kind, table in (("doc", "identity_documents"),
                                           ("ext", "external_references")) if table in hidden}
    vocabulary = set(conn.scalars(select(SearchVocab.key)))
    total = conn.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
    search: list[int] = []
    sort: list[int] = []
    words: list[int] = []
    references: dict[int, str] = {}
    checked = 0
    last = 0
    while True:
        cases = conn.execute(select(*_CASE_COLUMNS).where(Case.id > last)
                             .order_by(Case.id).limit(_CHUNK)).mappings().all()
        if not cases:
            break
        low, last = cases[0]["id"], cases[-1]["id"]
        span = (low, last)
        aliases = _grouped(conn, Alias.case_id, Alias.spelling, span, Alias.id)
        documents = {} if "doc" in kept_kinds else _grouped(
            conn, IdentityDocument.case_id, IdentityDocument.number, span, IdentityDocument.id)
        facilities = _grouped(conn, CustodyPeriod.case_id, CustodyPeriod.facility, span,
                              CustodyPeriod.id, CustodyPeriod.disclosed.is_(True))
        externals = {} if "ext" in kept_kinds else _grouped(
            conn, ExternalReference.case_id, ExternalReference.reference, span,
            ExternalReference.id)
        stored: dict[int, set[tuple[str, str, int, str]]] = {}
        for case_id, key, kind, initials, token in conn.execute(
                select(NameKey.case_id, NameKey.key, NameKey.kind, NameKey.initials,
                       NameKey.token).where(NameKey.case_id.between(low, last))).all():
            if kind not in kept_kinds:
                stored.setdefault(case_id, set()).add((key, kind, initials, token))
        for case in cases:
            cid = case["id"]
            found = case_keys(case, aliases.get(cid, ()), documents.get(cid, ()),
                              facilities.get(cid, ()), externals.get(cid, ()))
            initials = name_initials(found)
            derived = {(key, kind, row_initials(kind, initials), token)
                       for key, (kind, token) in found.items() if kind not in kept_kinds}
            if derived != stored.get(cid, set()):
                search.append(cid)
                references[cid] = case["reference"]
            if any(case[key] != _sort_key(case[column])
                   for column, key in SORT_KEY_COLUMNS.items()
                   if isinstance(case[column], str)):
                sort.append(cid)
                references[cid] = case["reference"]
            if any(key not in vocabulary for key, (kind, _t) in found.items()
                   if in_vocabulary(key, kind)):
                words.append(cid)
                references[cid] = case["reference"]
        checked += len(cases)
        # Bounded by their sizes anyway; emptied less often than a bulk writer does (a
        # check keeps nothing else in memory, and a full cache halves its time).
        trim_key_caches(limit=1 << 15)
        progress(last, total, msg("Checking search and sort keys"))
    return StaleKeys(checked, tuple(search), tuple(sort), tuple(words), references)


def _grouped(conn: Connection, case_id: Any, value: Any, span: tuple[int, int],
             order: Any, *where: Any) -> dict[int, list[str]]:
    """{case id: [value, …]} of one child table for the cases with ids in `span`, in
    `order` (the order reindex reads them in: the first field to give a key keeps it)."""
    out: dict[int, list[str]] = {}
    for cid, text in conn.execute(select(case_id, value).where(
            case_id.between(*span), *where).order_by(case_id, order)).all():
        out.setdefault(cid, []).append(text)
    return out


@dataclass(frozen=True)
class Repaired:
    """What `repair_keys` rewrote: the stale cases it found (`StaleKeys`)."""

    found: StaleKeys

    @property
    def count(self) -> int:
        return self.found.count

    def line(self) -> str:
        """"Rewrote the search and sort keys of N cases (e.g. …)" or that none were stale."""
        if not self.count:
            return msg("No case has stale search or sort keys; nothing to repair")
        shown = ", ".join(self.found.examples()) + (", …" if self.count > _EXAMPLES else "")
        if self.count == 1:
            return msg("Rewrote the search and sort keys of 1 case ({example})",
                       example=shown)
        return msg("Rewrote the search and sort keys of {count} cases (e.g. {examples})",
                   count=self.count, examples=shown)


def repair_keys(db: Database, *, actor: str | None = None,
                progress: Progress = no_progress) -> Repaired:
    """Find the stale cases (`find_stale`, inside the transaction, so nothing changes
    between finding and writing) and rewrite exactly their keys: search keys and
    initials (`search_index.reindex`, which adds their words to `search_vocab` too) and
    name sort keys (`cm_sort_key`, SQLite's and the server's). One transaction, with an
    audit entry `repair_keys` naming how many and which cases; each case whose row in
    `cases` is rewritten (its sort keys) gets an entry of its own, which the server asks
    of every changed case (0015: else it logs a `direct_change` and moves the case's
    version on, as if its content had changed). Nothing is written when none is stale.
    Neither a case's version nor its `updated_at` moves: its content did not change."""
    with UnitOfWork(db, actor) as uow:
        conn = uow.session.connection()
        found = find_stale(conn, progress)
        if not found.count:
            return Repaired(found)
        keyed = sorted({*found.search, *found.vocabulary})
        reindex(conn, keyed, progress)
        if found.sort:
            sets = {key: sort_key_expr(getattr(Case, column), "")
                    for column, key in SORT_KEY_COLUMNS.items()}
            for start in range(0, len(found.sort), 500):
                conn.execute(update(Case).where(Case.id.in_(found.sort[start:start + 500]))
                             .values(sets).execution_options(synchronize_session=False))
            now = utcnow()
            uow.session.add_all(
                AuditEntry(at=now, actor=uow.actor, action="repair_keys", entity="case",
                           entity_id=cid, case_id=cid,
                           case_reference=found.references[cid],
                           changes={"sort_keys": ["stale", "rewritten"]})
                for cid in found.sort)
        uow.audit("repair_keys", "database", changes={
            "cases": (None, found.count),
            "search_keys": (None, len(found.search)),
            "sort_keys": (None, len(found.sort)),
            "search_words": (None, len(found.vocabulary)),
            "references": (None, _listed(found.references[i] for i in found.ids)),
        })
        uow.commit()
    return Repaired(found)


def _listed(references: Iterable[str]) -> str:
    out = []
    for at, ref in enumerate(references):
        if at == _LOGGED:
            out.append("…")
            break
        out.append(ref)
    return ", ".join(out)
