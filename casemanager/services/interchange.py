"""The interchange columns of docs/design.md: one case as a flat row of text.

Used by JSON output, exports and imports alike, so every format writes values the
same way: text, lists joined with `;`, partial dates as recorded, empty when unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from casemanager.domain.dto import CaseDetail
from casemanager.domain.fields import as_text

if TYPE_CHECKING:
    from casemanager.store.database import Database
    from casemanager.store.models import Case  # annotations only

COLUMNS = (
    "reference",
    "status",
    "priority",
    "family_name",
    "given_name",
    "patronymic",
    "name_native",
    "aliases",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "citizenships",
    "home_region",
    "recruitment",
    "affiliation",
    "unit",
    "rank",
    "capture_date",
    "capture_place",
    "detention_place",
    "health",
    "assigned_to",
    "tags",
    "updated_at",
    # Partners' own references, `SOURCE: REF` items joined by `;` (docs/design.md).
    "external_references",
)


def case_row(case: CaseDetail) -> dict[str, str]:
    """The interchange row of a case, every value as text."""
    row: dict[str, str] = {}
    for column in COLUMNS:
        value: Any = getattr(case, column)
        row[column] = as_text(value)
    return row


def _row_from_model(case: Case) -> dict[str, str]:
    place = ""
    if case.custody:
        last = case.custody[-1]
        place = last.facility if last.disclosed else "location not disclosed"
    special = {
        "aliases": [a.spelling for a in case.aliases],
        "citizenships": [c.country for c in case.citizenships],
        "tags": [t.tag for t in case.tags],
        "detention_place": place,
        "external_references": [f"{x.source}: {x.reference}" for x in case.external_references],
    }
    return {
        col: as_text(special[col] if col in special else getattr(case, col)) for col in COLUMNS
    }


def iter_rows(db: Database, ids: Iterable[int], *, chunk: int = 1000
              ) -> Iterator[dict[str, str]]:
    """Interchange rows for many cases, loaded a chunk at a time (memory stays flat)."""
    from sqlalchemy import select
    from sqlalchemy.orm import defer, selectinload
    from sqlalchemy.orm.attributes import set_committed_value

    from casemanager.store.models import Case
    from casemanager.store.privileges import withheld

    ids = list(ids)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        with db.session() as session:
            # On a server, what this login may not read is not asked for: a volunteer's
            # rows leave partners' references empty (confidential notes are no column).
            hidden = withheld(session, ("aliases", "citizenships", "case_tags",
                                        "custody_periods", "external_references"))
            loads = {"aliases": "aliases", "citizenships": "citizenships", "tags": "case_tags",
                     "custody": "custody_periods", "external_references": "external_references"}
            stmt = select(Case).where(Case.id.in_(part)).options(
                *(defer(getattr(Case, c)) for c in hidden.case_columns),
                *(selectinload(getattr(Case, name)) for name, table in loads.items()
                  if table not in hidden.tables))
            cases = session.scalars(stmt).all()
            for case in cases:
                for name, table in loads.items():
                    if table in hidden.tables:
                        set_committed_value(case, name, [])
            by_id = {c.id: _row_from_model(c) for c in cases}
        for case_id in part:
            if case_id in by_id:
                yield by_id[case_id]
