"""Services that compose: a caller's unit of work holds several service calls as one
user action, both written or neither, audit entries included."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casemanager.domain.errors import ConflictError, NotFoundError, ValidationError
from casemanager.services import attachments, cases, contacts, exchanges, followups, records
from casemanager.services.case_contacts import create_linked_contact
from casemanager.services.settings import get_setting, set_setting
from casemanager.store.models import AuditEntry, Contact
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work

FULL = {
    "family_name": "Tursunov",
    "given_name": "Alisher",
    "name_native": "Турсунов Алишер Бахтиёрович",
    "aliases": "Tursunow Alisher;Турсунов А.",
    "citizenships": "UZ;Россия",
    "date_of_birth": "03.1994",
    "capture_date": "2024-02-17",
    "tags": ["wounded", "video"],
}


def _audit(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(e.action, e.entity) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _contacts(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Contact.id)))


class Boom(Exception):
    pass


def test_two_calls_in_one_unit_of_work_are_written_together(db):
    ref = cases.create_case(db, fields={"family_name": "Tursunov"}).reference
    before = _audit(db)
    with UnitOfWork(db, "anna") as uow:
        contact_id = contacts.create_contact(db, fields={"name": "Mother"}, uow=uow)
        records.add_event(db, ref, summary="Called the mother", uow=uow)
        # Not committed yet: another session sees neither.
        assert _contacts(db) == 0 and _audit(db) == before
        uow.commit()
    assert _contacts(db) == 1 and len(cases.get_case(db, ref).events) == 1
    assert _audit(db)[len(before):] == [("create", "contact"), ("add_event", "event")]
    with db.session() as s:
        actors = {e.actor for e in s.scalars(select(AuditEntry).where(AuditEntry.id > len(before)))}
    assert actors == {"anna"}  # the caller's unit of work signs them
    assert contacts.get_contact(db, contact_id).name == "Mother"


def test_a_failure_between_two_calls_leaves_nothing(db):
    ref = cases.create_case(db, fields={"family_name": "Tursunov"}).reference
    before = _audit(db)
    version = cases.get_case(db, ref).version
    with pytest.raises(Boom), UnitOfWork(db) as uow:
        cases.update_case(db, ref, fields={"rank": "private"}, uow=uow)
        contacts.create_contact(db, fields={"name": "Mother"}, uow=uow)
        raise Boom
    detail = cases.get_case(db, ref)
    assert (detail.rank, detail.version) == ("", version)
    assert _contacts(db) == 0 and _audit(db) == before


def test_a_refused_second_call_takes_the_first_back(db):
    ref = cases.create_case(db, fields={"family_name": "Tursunov"}).reference
    before = _audit(db)
    with pytest.raises(NotFoundError), UnitOfWork(db) as uow:
        records.add_task(db, ref, title="Call the embassy", uow=uow)
        cases.change_status(db, "CM-9999", status="detained", uow=uow)
        uow.commit()
    assert cases.get_case(db, ref).tasks == () and _audit(db) == before


def test_a_service_given_a_unit_of_work_does_not_commit_it(db):
    ref = cases.create_case(db, fields={"family_name": "Tursunov"}).reference
    before = _audit(db)
    with UnitOfWork(db) as uow:  # left without commit: rolled back
        set_setting(db, "organisation_name", "Mothers of Soldiers", uow=uow)
        attachments.add_attachment(db, ref, filename="a.txt", data=b"x", uow=uow)
        exchanges.create_exchange(db, date="2024-05", description="Round 3", uow=uow)
        cases.change_status(db, ref, status="missing", uow=uow)
        cases.delete_case(db, ref, uow=uow)
    assert get_setting(db, "organisation_name") == ""
    assert cases.get_case(db, ref).status == "reported" and _audit(db) == before
    assert exchanges.list_exchanges(db) == []


def test_the_helper_commits_its_own_and_only_its_own(db):
    with unit_of_work(db, None, "anna") as own:
        own.audit("note", "test")
    assert _audit(db)[-1] == ("note", "test")
    with UnitOfWork(db) as outer:
        with unit_of_work(db, outer, "ignored") as inner:
            assert inner is outer
            inner.audit("note", "inner")
        assert _audit(db)[-1] == ("note", "test")  # not committed by the helper
    assert _audit(db)[-1] == ("note", "test")


def test_create_linked_contact_audits_both_and_composes(db):
    ref = cases.create_case(db, fields={"family_name": "Турсунов"}).reference
    contact_id, link_id = create_linked_contact(
        db, ref, fields={"name": "Турсунова Гульнара"}, channels=[("phone", "+998 90")],
        link={"relationship": "mother", "share_icrc": True}, actor="anna",
    )
    with db.session() as s:
        create, link = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)))[::-1]
        assert (create.action, create.entity, create.entity_id) == ("create", "contact", contact_id)
        assert create.changes["name"] == ["", "Турсунова Гульнара"]
        assert create.changes["channels"] == ["", "phone:+998 90"]
        assert (link.action, link.entity_id, link.case_reference) == ("link_contact", link_id, ref)
        assert link.changes == {"contact": ["", "Турсунова Гульнара"],
                                "relationship": ["", "mother"], "share_icrc": ["", "yes"]}
        assert {create.actor, link.actor} == {"anna"}
    # Inside a caller's action it is part of that action.
    before = _audit(db)
    with pytest.raises(Boom), UnitOfWork(db) as uow:
        create_linked_contact(db, ref, fields={"name": "Brother"}, uow=uow)
        raise Boom
    assert _contacts(db) == 1 and _audit(db) == before


def test_create_linked_contact_for_a_missing_case_writes_no_contact(db):
    with pytest.raises(NotFoundError):
        create_linked_contact(db, "CM-0404", fields={"name": "Mother"})
    assert _contacts(db) == 0 and _audit(db) == []


def test_update_case_returns_what_a_fresh_read_returns(db):
    ref = cases.create_case(db, fields=FULL).reference
    embassy = contacts.create_contact(db, fields={"name": "Embassy", "kind": "embassy"},
                                      channels=[("phone", "+998 1")])
    contacts.link_contact(db, ref, embassy, fields={"relationship": "embassy"})
    records.add_appeal(db, ref, recipient_id=embassy, subject="Access")
    records.add_event(db, ref, summary="Seen on video", date="2024-03")
    cases.change_status(db, ref, status="detained", source="ICRC")
    opened = cases.get_case(db, ref)
    saved = cases.update_case(
        db, ref, expected_version=opened.version,
        fields={"rank": "private", "aliases": "Tursunow;Турсунов А.;Tursunov A.",
                "citizenships": "RU", "tags": ["video", "released_list"]},
    )
    fresh = cases.get_case(db, ref)
    assert saved == fresh
    assert saved.version == opened.version + 1 and saved.rank == "private"
    assert saved.tags == ("released_list", "video") and saved.citizenships == ("RU",)
    # Nothing changed: the case as it is, version alone.
    assert cases.update_case(db, ref, fields={"rank": "private"}) == fresh


def test_create_case_and_change_status_return_what_a_fresh_read_returns(db):
    created = cases.create_case(db, fields=FULL)
    assert created == cases.get_case(db, created.reference)
    changed = cases.change_status(db, created.reference, status="detained", date="05.2024")
    assert changed == cases.get_case(db, created.reference)
    with UnitOfWork(db) as uow:  # composed: read inside the caller's transaction
        inside = cases.create_case(db, fields={"family_name": "Rakhimov"}, uow=uow)
        assert inside.reference == "CM-0002" and len(inside.status_history) == 1
        uow.commit()
    assert cases.get_case(db, "CM-0002") == inside


def test_a_status_change_leaves_the_version_alone(db):
    """Why the editor needs no special case for its own status changes."""
    ref = cases.create_case(db, fields=FULL).reference
    version = cases.get_case(db, ref).version
    for status in ("detained", "missing", "exchange_listed"):
        assert cases.change_status(db, ref, status=status).version == version
    assert cases.get_case(db, ref).version == version


def test_conflict_names_a_colleagues_save_despite_a_later_status_change(db):
    ref = cases.create_case(db, fields=FULL).reference
    opened = cases.get_case(db, ref)
    cases.update_case(db, ref, fields={"family_name": "Tursunow"},
                      expected_version=opened.version, actor="bakhrom")
    cases.change_status(db, ref, status="detained", actor="dilnoza")
    with pytest.raises(ConflictError) as err:
        cases.update_case(db, ref, fields={"rank": "private"}, expected_version=opened.version)
    assert err.value.changes["family_name"] == ("Tursunow", "Tursunov")
    assert err.value.changes["status"] == ("detained", "reported")
    assert err.value.changes["rank"] == ("", "private")


def test_follow_ups_compose(db):
    ref = cases.create_case(db, fields={"family_name": "Tursunov"}).reference
    task = records.add_task(db, ref, title="Call", due_date="2024-05-01")
    appeal = records.add_appeal(db, ref, subject="Access", follow_up_date="2024-05-01")
    before = _audit(db)
    with pytest.raises(ValidationError), UnitOfWork(db) as uow:
        followups.complete(db, "task", task, uow=uow)
        followups.move_due_date(db, "appeal", appeal, "not a date", uow=uow)
        uow.commit()
    assert _audit(db) == before and not cases.get_case(db, ref).tasks[0].done
    with pytest.raises(NotFoundError):
        followups.complete(db, "task", 999)
    with UnitOfWork(db) as uow:
        followups.complete(db, "task", task, uow=uow)
        followups.complete(db, "appeal", appeal, uow=uow)
        uow.commit()
    assert [a for a, _ in _audit(db)[len(before):]] == ["update_task", "update_appeal"]
