"""Follow-ups: the due list (buckets, assignees, open appeals only) and the actions that
clear it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.services import cases, records
from casemanager.services.caseworker import (
    caseworker_name,
    needs_caseworker_name,
    set_caseworker_name,
)
from casemanager.services.followups import (
    complete,
    count_due_by_bucket,
    due_assignees,
    due_items,
    group_by_bucket,
    mark_appeal_answered,
    move_due_date,
    overdue_count,
)
from casemanager.store.models import Appeal, AuditEntry, Task

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def setup(db):
    a = cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                      "assigned_to": "Ольга"}).reference
    b = cases.create_case(db, fields={"name_native": "Каримов Рустам", "assigned_to": "Marat",
                                      "priority": "urgent"}).reference
    ids = {
        "overdue_task": records.add_task(db, a, title="Call the mother",
                                         due_date=TODAY - dt.timedelta(days=3)),
        "today_appeal": records.add_appeal(db, b, subject="Proof of life request", status="sent",
                                           follow_up_date=TODAY),
        "week_task": records.add_task(db, b, title="Send the photo to the embassy",
                                      due_date=TODAY + dt.timedelta(days=5), assignee="Dilnoza"),
        "later_appeal": records.add_appeal(db, a, subject="Consular access", status="acknowledged",
                                           follow_up_date=TODAY + dt.timedelta(days=30)),
        # Not due: answered appeal, done task, undated task.
        "answered": records.add_appeal(db, a, subject="Old", status="answered",
                                       follow_up_date=TODAY - dt.timedelta(days=40)),
        "done": records.add_task(db, a, title="Done already", due_date=TODAY, done=True),
        "undated": records.add_task(db, a, title="Someday"),
    }
    return db, a, b, ids


def test_due_list_buckets_and_order(setup):
    db, a, b, ids = setup
    items = due_items(db, today=TODAY)
    assert [(i.kind, i.id, i.bucket) for i in items] == [
        ("task", ids["overdue_task"], "overdue"),
        ("appeal", ids["today_appeal"], "today"),
        ("task", ids["week_task"], "week"),
        ("appeal", ids["later_appeal"], "later"),
    ]
    first = items[0]
    assert first.case_reference == a and first.days == -3 and first.assignee == "Ольга"
    assert items[1].case_name == "Каримов Рустам" and "Proof of life request" in items[1].title
    groups = group_by_bucket(items)
    assert [len(groups[b]) for b in ("overdue", "today", "week", "later")] == [1, 1, 1, 1]
    # Within 7 days: the appeal a month away drops out, overdue stays.
    assert len(due_items(db, today=TODAY, days=7)) == 3
    assert [i.bucket for i in due_items(db, today=TODAY, days=0)] == ["overdue", "today"]
    assert overdue_count(db, today=TODAY) == 1


def test_counts_by_bucket_and_assignees_without_listing(setup):
    # The Due view lists the most urgent few and says how many there are in each group.
    db, a, b, ids = setup
    assert count_due_by_bucket(db, today=TODAY) == {
        "overdue": 1, "today": 1, "week": 1, "later": 1}
    assert count_due_by_bucket(db, today=TODAY, days=7) == {
        "overdue": 1, "today": 1, "week": 1, "later": 0}
    assert count_due_by_bucket(db, today=TODAY, assignee="marat") == {
        "overdue": 0, "today": 1, "week": 0, "later": 0}
    assert all(type(n) is int for n in count_due_by_bucket(db, today=TODAY).values())
    assert due_assignees(db, today=TODAY) == ["Dilnoza", "Marat", "Ольга"]
    assert due_assignees(db, today=TODAY, days=0) == ["Marat", "Ольга"]
    with pytest.raises(ValidationError, match="days"):
        count_due_by_bucket(db, days=-1)


def test_due_list_by_assignee(setup):
    db, a, b, ids = setup
    # A task's own assignee wins over the case's caseworker; names match without case.
    assert [i.id for i in due_items(db, today=TODAY, assignee="Dilnoza")] == [ids["week_task"]]
    mine = due_items(db, today=TODAY, assignee="ольга")
    assert {i.id for i in mine} == {ids["overdue_task"], ids["later_appeal"]}
    assert due_items(db, today=TODAY, assignee="Nobody") == []
    assert overdue_count(db, today=TODAY, assignee="Marat") == 0


def test_mark_done_and_answered_leave_the_list_with_audit(setup):
    db, a, b, ids = setup
    complete(db, "task", ids["overdue_task"], actor="Olga")
    mark_appeal_answered(db, ids["today_appeal"], summary="They confirmed he is alive.")
    left = {(i.kind, i.id) for i in due_items(db, today=TODAY)}
    assert ("task", ids["overdue_task"]) not in left
    assert ("appeal", ids["today_appeal"]) not in left
    with db.session() as s:
        assert s.get(Task, ids["overdue_task"]).done is True
        appeal = s.get(Appeal, ids["today_appeal"])
        assert appeal.status == "answered" and appeal.response_date is not None
        assert appeal.response_summary == "They confirmed he is alive."
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["update_task", "update_appeal"]


def test_move_date(setup):
    db, a, b, ids = setup
    move_due_date(db, "task", ids["overdue_task"], TODAY + dt.timedelta(days=2))
    move_due_date(db, "appeal", ids["today_appeal"], "2026-04-01")
    by_key = {(i.kind, i.id): i for i in due_items(db, today=TODAY)}
    assert by_key["task", ids["overdue_task"]].bucket == "week"
    assert by_key["appeal", ids["today_appeal"]].due == dt.date(2026, 4, 1)


def test_bad_actions_change_nothing(setup):
    db, a, b, ids = setup
    with pytest.raises(ValidationError, match="follow_up_date"):
        move_due_date(db, "appeal", ids["today_appeal"], "2026-04")
    with pytest.raises(ValidationError, match="kind"):
        complete(db, "letter", 1)
    with pytest.raises(NotFoundError):
        complete(db, "task", 99999)
    with pytest.raises(ValidationError, match="days"):
        due_items(db, days=-1)
    assert len(due_items(db, today=TODAY)) == 4


def test_caseworker_name(db):
    if db.dialect == "postgresql":
        assert caseworker_name(db) == "postgres"  # the database user by default
        assert not needs_caseworker_name(db)
    else:
        assert caseworker_name(db) == "tester"  # $CASEMANAGER_USER from conftest
        assert needs_caseworker_name(db)
    set_caseworker_name(db, "  Дилноза ")
    assert caseworker_name(db) == "Дилноза"
    assert not needs_caseworker_name(db)
    with pytest.raises(ValidationError, match="caseworker_name"):
        set_caseworker_name(db, "   ")
