"""Before a new case is saved: is this person already held under another spelling?

The editor window and `casemanager new` ask `possible_duplicates` with the fields about
to be saved, and say so before saving ("may be CM-0091 Tursunow Farrukh, born 01.1999 -
open it, or keep both"). It only reads; the decision stays with the caseworker. Imports
ask the same matcher row by row (casemanager.lists.likely_duplicates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz.distance import Levenshtein
from sqlalchemy import select

from casemanager.domain.dto import PossibleDuplicate
from casemanager.domain.fields import CASE_FIELDS, convert_all
from casemanager.domain.names import name_similarity
from casemanager.services.duplicates import DEFAULT_MIN_SCORE, likely_duplicates_for
from casemanager.store.database import Database
from casemanager.store.models import Alias, Case

# The fields the duplicate score looks at; the others of a new case do not matter here.
PERSON_FIELDS = (
    "family_name", "given_name", "patronymic", "name_native", "name_latin", "aliases",
    "date_of_birth", "citizenships", "place_of_birth",
)


def possible_duplicates(
    db: Database,
    fields: Mapping[str, Any],
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int = 5,
    exclude: Iterable[str] = (),
) -> tuple[PossibleDuplicate, ...]:
    """Cases already held that may be the person `fields` describe, best first.

    `fields` are a new case's fields as the editor or the command line give them
    (interchange names, text or values); only the person fields are read, and they are
    validated as `create_case` would (ValidationError on bad input). `exclude` holds
    references to leave out (the case being edited). Merged cases are never proposed.
    """
    wanted = {k: v for k, v in fields.items() if k in PERSON_FIELDS}
    values = convert_all(CASE_FIELDS, wanted, what="a case")
    if not any(values.get(k) for k in ("family_name", "given_name", "name_native",
                                       "name_latin", "aliases")):
        return ()
    with db.session() as session:
        skip = set(session.scalars(select(Case.id).where(Case.reference.in_(list(exclude)))))
        matches = likely_duplicates_for(session, values, min_score=min_score, limit=limit,
                                        exclude=skip)
        if not matches:
            return ()
        ids = [m.case_id for m in matches]
        rows = {r.id: r for r in session.execute(select(
            Case.id, Case.reference, Case.family_name, Case.given_name, Case.patronymic,
            Case.name_native, Case.name_latin, Case.date_of_birth,
        ).where(Case.id.in_(ids)))}
        aliases: dict[int, list[str]] = {}
        for case_id, spelling in session.execute(
                select(Alias.case_id, Alias.spelling).where(Alias.case_id.in_(ids))):
            aliases.setdefault(case_id, []).append(spelling)
    incoming = [" ".join(values.get(k) or "" for k in ("family_name", "given_name",
                                                       "patronymic")).strip(),
                values.get("name_native") or "", values.get("name_latin") or "",
                *(values.get("aliases") or [])]
    incoming = [s for s in incoming if s]
    out = []
    for match in matches:
        row = rows[match.case_id]
        main = " ".join(p for p in (row.family_name, row.given_name, row.patronymic) if p)
        spellings = [s for s in (main, row.name_native, row.name_latin,
                                 *aliases.get(row.id, ())) if s]
        # Show the spelling that made the match, as written closest to what was typed
        # (same script): it is the one the caseworker will recognise.
        closest = max(spellings, key=lambda s: (
            max(name_similarity(s, i) for i in incoming),
            max(Levenshtein.normalized_similarity(s.casefold(), i.casefold())
                for i in incoming),
            s == main))
        out.append(PossibleDuplicate(
            reference=row.reference, name=closest,
            date_of_birth=row.date_of_birth.display() if row.date_of_birth else "",
            score=match.score, reasons=match.reasons,
        ))
    return tuple(out)
