"""The duplicate finder reads the cases through the driver's own rows and takes a stored
date's ISO parts from its text (issue 18, `duplicates` at 100,000 cases): it finds the
same pairs, scores and reasons as the all-pairs walk of before (tests/core/
legacy_aggregates.py), dates stored in another form than PartialDate.iso writes
included, and its reasons still carry the dates as dates (the window writes them its
way)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases, demo
from casemanager.services.duplicates import find_duplicates
from tests.core import legacy_aggregates as legacy

# (fields, the date of birth as the file holds it afterwards: written past PartialDate,
# as an older version or a hand edit of the file may have left it).
PEOPLE = [
    ({"family_name": "Tursunov", "given_name": "Alisher", "citizenships": "UZ"}, "1990-5-4"),
    ({"family_name": "Tursunow", "given_name": "Alisher", "citizenships": "UZ"}, "04.05.1990"),
    ({"family_name": "Турсунов", "given_name": "Алишер"}, " 1990-05 "),
    ({"family_name": "Tursunov", "given_name": "A.", "aliases": "Alisher Tursun"}, "1990"),
    ({"family_name": "Ergashev", "given_name": "Farrukh", "citizenships": "TJ;RU"}, "03.1985"),
    ({"family_name": "Ergashev", "given_name": "Farruh", "citizenships": "RU"}, "1985-03-02"),
    ({"family_name": "Ergashev", "given_name": "Farrukh"}, "1985-4"),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    from casemanager.store.database import open_database

    db = open_database(str(tmp_path_factory.mktemp("reading") / "cases.db"), create=True)
    demo.generate(db, cases=300, seed=5)
    ids = [cases.create_case(db, fields=fields).id for fields, _stored in PEOPLE]
    with db.engine.begin() as conn:
        for case_id, (_fields, stored) in zip(ids, PEOPLE, strict=True):
            conn.execute(text("UPDATE cases SET date_of_birth = :d WHERE id = :i"),
                         {"d": stored, "i": case_id})
    yield db
    db.dispose()


@pytest.mark.parametrize("min_score", [0.5, 0.6, 0.8])
def test_the_pairs_are_those_of_the_all_pairs_walk(written, min_score):
    pairs = find_duplicates(written, min_score=min_score)
    assert pairs == legacy.find_duplicates(written, min_score=min_score)
    added = {p for p in pairs if "Tursun" in p.name_a + p.name_b or
             "Ergashev" in p.name_a + p.name_b}
    assert len(added) >= (5 if min_score < 0.8 else 2)


def test_the_reasons_name_the_dates_as_dates(written):
    pairs = find_duplicates(written, min_score=0.5)
    dated = [r for p in pairs for r in p.reasons if "date" in r.template]
    assert any("1990-05-04" in r for r in dated)  # "1990-5-4" and "04.05.1990"
    assert all(isinstance(v, PartialDate) for r in dated for v in r.params.values())
