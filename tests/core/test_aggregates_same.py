"""The overview, the due list and the duplicate finder of issue 18 (aggregate queries,
limits, indexes) give exactly what they gave before, on a demo database with extra cases
written as people write them: Cyrillic and Latin names, partial dates, missing facts,
caseworkers' names in other letter cases. The old code is kept in legacy_aggregates.py."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casemanager.services import cases, demo, records
from casemanager.services.followups import (
    BUCKETS,
    assignees,
    count_due,
    count_due_by_bucket,
    due_assignees,
    due_items,
    group_by_bucket,
    overdue_count,
)
from casemanager.services.overview import overview
from casemanager.store.models import utcnow
from tests.core import legacy_aggregates as legacy

TODAY = dt.date.today()
ASSIGNEES = [None, "Olga", "olga ", "ОЛЬГА", "Dilnoza", "", "nobody"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from casemanager.store.database import open_database

    path = tmp_path_factory.mktemp("aggregates") / "cases.db"
    db = open_database(str(path), create=True)
    demo.generate(db, cases=600, seed=11)
    extra = [
        {"family_name": "", "given_name": "", "name_native": "Турсунов Алишер",
         "assigned_to": "Ольга", "priority": "urgent"},
        {"family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1990",
         "assigned_to": "ОЛЬГА", "status": "detained", "recruitment": "prison"},
        {"family_name": "Tursunow", "given_name": "A.", "date_of_birth": "1990-05",
         "assigned_to": "olga", "citizenships": "UZ;RU"},
        {"family_name": "Эргашев", "given_name": "Фаррух", "assigned_to": " Olga "},
        {"family_name": "Ergashev", "given_name": "Farrukh", "date_of_birth": "1985-03-02",
         "priority": "high"},
        {"family_name": "Каримов", "assigned_to": "", "status": "missing"},
        # The duplicate finder's harder cases: compounds written apart and joined, an
        # initial and an unknown year beside full names, reasons that name both sides.
        {"family_name": "Abdul Karimov", "given_name": "Rustam", "date_of_birth": "1980",
         "citizenships": "UZ"},
        {"family_name": "Abdulkarimov", "given_name": "Rustam", "date_of_birth": "1980-02",
         "citizenships": "KZ"},
        {"family_name": "Абдулкаримов", "given_name": "Р.", "date_of_birth": "1980-02-11",
         "citizenships": "TJ"},
        {"family_name": "Tursunov", "given_name": "A."},
        {"family_name": "Tursunov", "given_name": "Alisher", "patronymic": "Bakhtiyorovich",
         "date_of_birth": "1990-05-04", "citizenships": "UZ", "aliases": "Alisher Tursun"},
        {"family_name": "Oʻtkir", "given_name": "Said Ali", "date_of_birth": "1975"},
        {"family_name": "Utkir", "given_name": "Saidali", "date_of_birth": "1975-03"},
    ]
    refs = [cases.create_case(db, fields=f).reference for f in extra]
    soon = TODAY + dt.timedelta(days=3)
    late = TODAY - dt.timedelta(days=4)
    for n, ref in enumerate(refs):
        records.add_task(db, ref, title=f"Call {n}", due_date=late if n % 2 else soon,
                         assignee=["", "Dilnoza", "OLGA", "  ", "", "Марат"][n % 6])
        records.add_appeal(db, ref, subject="" if n % 3 == 0 else f"Appeal {n}",
                           follow_up_date=late if n % 2 == 0 else TODAY, status="sent")
    yield db
    db.dispose()


@pytest.mark.parametrize("assignee", ASSIGNEES)
def test_the_overview_is_the_same(filled, assignee):
    now = utcnow()
    old = legacy.overview(filled, assignee=assignee, today=TODAY, now=now)
    whole = overview(filled, assignee=assignee, today=TODAY, now=now, list_limit=None)
    assert dataclasses.replace(whole, stale_total=None, overdue_total=None) == old
    assert (whole.stale_count, whole.overdue_count) == (len(old.stale), len(old.overdue))
    short = overview(filled, assignee=assignee, today=TODAY, now=now, list_limit=7)
    assert short.stale == old.stale[:7] and short.overdue == old.overdue[:7]
    assert (short.stale_count, short.overdue_count) == (len(old.stale), len(old.overdue))
    assert short.by_status == old.by_status and short.by_citizenship == old.by_citizenship
    assert short.by_recruitment == old.by_recruitment and short.by_priority == old.by_priority
    assert short.total == old.total and short.recent == old.recent
    if assignee is None:
        assert len(old.stale) > 7 and len(old.overdue) > 7  # the limits were tested


@pytest.mark.parametrize("assignee", ASSIGNEES)
@pytest.mark.parametrize("days", [None, 0, 7, 30])
def test_the_due_list_is_the_same(filled, assignee, days):
    old = legacy.due_items(filled, today=TODAY, days=days, assignee=assignee)
    assert due_items(filled, today=TODAY, days=days, assignee=assignee) == old
    for limit in (0, 1, 5, 50):
        assert due_items(filled, today=TODAY, days=days, assignee=assignee,
                         limit=limit) == old[:limit]
    assert count_due(filled, today=TODAY, days=days, assignee=assignee) == len(old)
    # The Due view's headings and filter, counted without listing every item.
    groups = group_by_bucket(old)
    assert count_due_by_bucket(filled, today=TODAY, days=days, assignee=assignee) == {
        b: len(groups[b]) for b in BUCKETS}
    if assignee is None:
        assert due_assignees(filled, today=TODAY, days=days) == assignees(old)
        assert len(assignees(old)) > 3
    overdue = [i for i in old if i.bucket == "overdue"]
    if days == 0:
        assert due_items(filled, today=TODAY, days=0, assignee=assignee,
                         overdue_only=True) == overdue
        assert overdue_count(filled, today=TODAY, assignee=assignee) == len(overdue)


@pytest.mark.parametrize("min_score", [0.5, 0.6, 0.75])
def test_the_duplicate_pairs_are_the_same(filled, min_score):
    from casemanager.services.duplicates import find_duplicates

    old = legacy.find_duplicates(filled, min_score=min_score)
    assert find_duplicates(filled, min_score=min_score) == old
    if min_score == 0.5:
        assert len(old) >= 4  # the namesakes added above, at least
        reasons = [" ".join(p.reasons) for p in old]
        assert any("different citizenships" in r for r in reasons)  # both sides named
        assert any(p.name_a.startswith("Oʻtkir") for p in old)  # a compound written apart
