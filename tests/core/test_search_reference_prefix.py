"""A reference prefix finds every case it begins (tester of stop 26): "CM-1" stopped at
5,001 of 11,001 cases at 100,000, without a word, in the CLI and the window."""

from __future__ import annotations

from sqlalchemy import select

from casemanager.services import demo
from casemanager.services.search import search_ids
from casemanager.store.models import Case


def test_every_case_a_reference_prefix_begins_is_found(sqlite_db):
    demo.generate(sqlite_db, cases=16_000, seed=2)
    with sqlite_db.session() as s:
        references = {i: r for i, r in s.execute(select(Case.id, Case.reference)).all()}
        wanted = {i for i, r in references.items() if r.startswith("CM-1")}
        assert len(wanted) > 5_001  # CM-1000…CM-1999, CM-10000…CM-16000
        found = search_ids(s, "CM-1")
        assert wanted <= set(found)
        # A page is the whole list's start, read without every match.
        for limit in (1, 20, 100):
            assert search_ids(s, "CM-1", limit=limit) == found[:limit]
