"""Case services on SQLite and PostgreSQL: round trips, history, audit, locking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casemanager.domain.errors import ConflictError, NotFoundError, ValidationError
from casemanager.services import cases, contacts, records
from casemanager.services.queries import CaseFilter, case_ids, list_cases
from casemanager.store.models import AuditEntry, Case

TURSUNOV = {
    "family_name": "Tursunov",
    "given_name": "Alisher",
    "patronymic": "Bakhtiyorovich",
    "name_native": "Турсунов Алишер Бахтиёрович",
    "aliases": "Tursunow Alisher;Турсунов А.",
    "citizenships": "UZ;Россия",
    "date_of_birth": "03.1994",
    "capture_date": "2024-02-17",
    "recruitment": "deceived",
    "tags": ["video", "wounded"],
}


def audit(db, case_id=None):
    with db.session() as s:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if case_id is not None:
            stmt = stmt.where(AuditEntry.case_id == case_id)
        return list(s.scalars(stmt))


def test_create_round_trips_cyrillic_latin_and_partial_dates(db):
    case = cases.create_case(db, fields=TURSUNOV)
    assert case.reference == "CM-0001"
    got = cases.get_case(db, "cm-0001")
    assert got.name_native == "Турсунов Алишер Бахтиёрович"
    assert got.aliases == ("Tursunow Alisher", "Турсунов А.")
    assert got.citizenships == ("UZ", "RU")
    assert got.date_of_birth.iso() == "1994-03"
    assert got.capture_date.iso() == "2024-02-17"
    assert got.tags == ("video", "wounded")
    assert got.status == "reported" and got.priority == "normal"
    assert [s.status for s in got.status_history] == ["reported"]
    entries = audit(db, got.id)
    assert [e.action for e in entries] == ["create"]
    assert entries[0].changes["family_name"] == ["", "Tursunov"]
    assert entries[0].actor == "tester"


def test_references_count_up(db):
    refs = [cases.create_case(db, fields={"family_name": f"N{i}"}).reference for i in range(3)]
    assert refs == ["CM-0001", "CM-0002", "CM-0003"]


def test_partial_dates_sort_in_the_list(db):
    for name, captured in [("A", "2024"), ("B", "2023-12-30"), ("C", "2024-01"), ("D", None)]:
        cases.create_case(db, fields={"family_name": name, "capture_date": captured})
    rows = list_cases(db, sort="capture_date")
    # No date last, whichever the direction (tester B7)
    assert [r.family_name for r in rows] == ["B", "A", "C", "D"]
    rows = list_cases(db, sort="capture_date", descending=True)
    assert [r.family_name for r in rows] == ["C", "A", "B", "D"]


def test_status_change_keeps_dated_sourced_history(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    cases.change_status(db, ref, status="detained", date="05.2024", source="ICRC", note="in Lviv")
    cases.change_status(db, ref, status="exchange_listed", source="Coordination HQ")
    got = cases.get_case(db, ref)
    assert got.status == "exchange_listed"
    hist = [(s.status, s.source) for s in got.status_history]
    # In the order of the facts' dates: the back-dated detention before today's opening.
    assert hist == [("detained", "ICRC"), ("reported", "case opened"),
                    ("exchange_listed", "Coordination HQ")]
    assert got.status_history[0].date.iso() == "2024-05"
    actions = [e.action for e in audit(db, got.id)]
    assert actions == ["create", "change_status", "change_status"]


def test_unknown_status_names_the_field_and_writes_nothing(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    with pytest.raises(ValidationError) as err:
        cases.change_status(db, ref, status="freed")
    assert err.value.field == "status"
    assert len(cases.get_case(db, ref).status_history) == 1
    assert len(audit(db)) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_of_birth", "1994-02-30"),
        ("citizenships", "Atlantis"),
        ("recruitment", "volunteer"),
        ("family_name", "x" * 201),
        ("given_name", "bell\x07"),
        ("sex", 5),
        ("nickname", "Ali"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, field, value):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    before = cases.get_case(db, ref)
    with pytest.raises(ValidationError) as err:
        cases.update_case(db, ref, fields={"family_name": "Changed", field: value})
    assert err.value.field == field
    after = cases.get_case(db, ref)
    assert after == before
    assert len(audit(db)) == 1


def test_edit_records_old_and_new_values(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    cases.update_case(db, ref, fields={"given_name": "Алишер", "aliases": ["Tursunov A."]})
    entry = audit(db)[-1]
    assert entry.action == "update"
    assert entry.changes == {
        "given_name": ["Alisher", "Алишер"],
        "aliases": ["Tursunow Alisher;Турсунов А.", "Tursunov A."],
    }


def test_a_failed_action_leaves_no_audit_entry(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    with pytest.raises(NotFoundError):
        records.add_appeal(db, "CM-9999", subject="x")
    with pytest.raises(ValidationError):
        records.add_appeal(db, ref, subject="Consular access", follow_up_date="2025-13-01")
    assert [e.action for e in audit(db)] == ["create"]
    assert cases.get_case(db, ref).appeals == ()


def test_optimistic_locking_refuses_a_stale_save(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    opened = cases.get_case(db, ref)
    cases.update_case(db, ref, fields={"given_name": "Alisher B."}, expected_version=opened.version)
    with pytest.raises(ConflictError) as err:
        cases.update_case(db, ref, fields={"given_name": "Ali"}, expected_version=opened.version)
    assert "given_name" in err.value.changes
    assert cases.get_case(db, ref).given_name == "Alisher B."


def test_adding_records_does_not_bump_the_case_version(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    v = cases.get_case(db, ref).version
    records.add_event(db, ref, summary="Call from mother", date="2024-06")
    got = cases.get_case(db, ref)
    assert got.version == v
    assert got.updated_at >= got.created_at
    cases.update_case(db, ref, fields={"rank": "private"}, expected_version=v)


def test_appeals_events_custody_documents(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    aid = records.add_appeal(db, ref, subject="Consular access", sent_date="2024-03",
                             follow_up_date="15.04.2024", status="sent")
    records.add_event(db, ref, summary="Видео в Telegram", kind="media", date="2024-02-20")
    records.add_custody(db, ref, facility="", disclosed=False, date_from="2024-02")
    records.add_document(db, ref, doc_type="passport", number="FA1234567", issuing_country="UZ")
    records.update_record(db, "appeal", aid, fields={"status": "answered", "response_summary": "Noted"})
    got = cases.get_case(db, ref)
    assert got.appeals[0].status == "answered"
    assert str(got.appeals[0].follow_up_date) == "2024-04-15"
    assert got.events[0].summary == "Видео в Telegram"
    assert got.detention_place == "location not disclosed"
    assert got.documents[0].number == "FA1234567"
    records.delete_record(db, "event", got.events[0].id)
    assert cases.get_case(db, ref).events == ()
    assert audit(db)[-1].action == "delete_event"


def test_filters_and_query(db):
    cases.create_case(db, fields=TURSUNOV)
    cases.create_case(db, fields={"family_name": "Osmonov", "citizenships": "KG", "priority": "urgent"})
    assert len(case_ids(db, CaseFilter(citizenship="RU"))) == 1
    assert len(case_ids(db, CaseFilter(priority="urgent"))) == 1
    assert len(case_ids(db, CaseFilter(query="турсунов"))) == 1
    assert len(case_ids(db, CaseFilter(query="TURSUNOW"))) == 1
    assert len(case_ids(db, CaseFilter(tag="video"))) == 1


def test_delete_case_cascades_and_is_audited(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    records.add_event(db, ref, summary="x")
    cases.delete_case(db, ref)
    with pytest.raises(NotFoundError):
        cases.get_case(db, ref)
    with db.session() as s:
        assert s.scalar(select(Case.id)) is None
    assert audit(db)[-1].action == "delete"


def test_demo_then_services_on_both_databases(db):
    from casemanager.services import demo

    demo.generate(db, cases=30, seed=2)
    # Ids and references continue after the bulk insert (PostgreSQL sequences moved on).
    new = cases.create_case(db, fields={"family_name": "Новый"})
    assert new.reference == "CM-0031"
    contact_id = contacts.create_contact(
        db, fields={"name": "Лола"}
    )
    assert contact_id > 30
    demo.generate(db, cases=5, seed=3)
    assert len(case_ids(db)) == 36
    detail = cases.get_case(db, "CM-0036")
    assert detail.contacts and detail.status_history


def test_a_status_change_does_not_conflict_with_an_open_edit(db):
    ref = cases.create_case(db, fields=TURSUNOV).reference
    opened = cases.get_case(db, ref)
    cases.change_status(db, ref, status="detained", source="ICRC")
    saved = cases.update_case(db, ref, fields={"rank": "private"}, expected_version=opened.version)
    assert saved.status == "detained" and saved.rank == "private"
