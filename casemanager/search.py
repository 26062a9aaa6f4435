"""Finding cases by name, alias or reference.

For now a case-insensitive substring match over a casefolded text kept on each case
(SQLite's LOWER() knows only ASCII, so folding happens in Python on both databases).
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from casemanager.models import Case


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def search_text_for(case: Case) -> str:
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


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Ids of cases whose names, aliases or reference contain every word of `query`.

    Ranked: exact reference first, then cases whose family name starts with the query.
    """
    words = fold(query).split()
    if not words:
        return []
    stmt = select(Case.id, Case.reference, Case.family_name, Case.search_text)
    for word in words:
        stmt = stmt.where(Case.search_text.like(f"%{_escape(word)}%", escape="\\"))
    rows = session.execute(stmt.order_by(Case.id)).all()
    q = fold(query.strip())

    def rank(row) -> tuple[int, int]:
        if fold(row.reference) == q:
            return (0, row.id)
        if fold(row.family_name).startswith(words[0]) or any(
            part.strip().startswith(q) for part in row.search_text.split("|")
        ):
            return (1, row.id)
        return (2, row.id)

    ranked = [r.id for r in sorted(rows, key=rank)]
    return ranked[:limit] if limit else ranked
