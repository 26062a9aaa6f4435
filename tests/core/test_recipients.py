"""Appeal recipients: the case's own contacts, then the organisations, then a search over
the rest that tells namesakes apart; sending an appeal links its recipient to the case."""

from __future__ import annotations

from sqlalchemy import select

from casemanager.services import cases, contacts, records
from casemanager.services.recipients import find_recipients, recipient_index
from casemanager.store.models import AuditEntry


def _setup(db):
    own = cases.create_case(db, fields={"family_name": "Турсунов", "given_name": "Алишер"})
    other = cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Bekzod"})
    mother = contacts.create_contact(db, fields={"kind": "relative", "name": "Зарина Турсунова",
                                                 "address": "Samarkand, street 1"},
                                     channels=[("phone", "+998 90 555 12 34")])
    contacts.link_contact(db, own.reference, mother, fields={"relationship": "mother"})
    namesake = contacts.create_contact(db, fields={"kind": "relative", "name": "Зарина Турсунова",
                                                   "address": "Bukhara, street 9"},
                                       channels=[("phone", "+998 93 111 98 76")])
    contacts.link_contact(db, other.reference, namesake, fields={"relationship": "wife"})
    icrc = contacts.create_contact(db, fields={"kind": "icrc", "name": "ICRC Central Tracing Agency"})
    embassy = contacts.create_contact(db, fields={"kind": "embassy", "name": "Embassy of Uzbekistan",
                                                  "country": "UZ"})
    ngo = contacts.create_contact(db, fields={"kind": "ngo", "name": "Amnesty"})
    lawyer = contacts.create_contact(db, fields={"kind": "lawyer", "name": "Oleh Kovalenko"})
    return own.reference, other.reference, dict(mother=mother, namesake=namesake, icrc=icrc,
                                                 embassy=embassy, ngo=ngo, lawyer=lawyer)


def test_groups_and_order(sqlite_db):
    ref, other, ids = _setup(sqlite_db)
    index = recipient_index(sqlite_db, ref)
    assert [c.id for c in index.own] == [ids["mother"]]
    assert index.own[0].own_relationship == "mother"
    assert [c.id for c in index.organisations] == [ids["embassy"], ids["icrc"], ids["ngo"]]
    assert {c.id for c in index.others} == {ids["namesake"], ids["lawyer"]}


def test_search_across_scripts_and_namesakes_told_apart(sqlite_db):
    ref, other, ids = _setup(sqlite_db)
    index = recipient_index(sqlite_db, ref)
    hits = find_recipients(index, "турсунова")
    assert {h.id for h in hits} == {ids["mother"], ids["namesake"]}
    namesake = next(h for h in hits if h.id == ids["namesake"])
    assert namesake.cases == ((other, "Tursunov Bekzod", "wife"),)
    assert (namesake.place, namesake.phone_tail) == ("Bukhara", "9876")
    assert [h.id for h in find_recipients(index, "Tursunova")] != []  # Latin finds Cyrillic
    assert [h.id for h in find_recipients(index, "9876")] == [ids["namesake"]]
    assert [h.id for h in find_recipients(index, other)] == [ids["namesake"]]
    assert [h.id for h in find_recipients(index, "bukhara zarina")] == [ids["namesake"]]
    assert find_recipients(index, "") == []
    assert find_recipients(index, "nobody-at-all") == []


def test_sending_an_appeal_links_the_recipient_once_and_audits_it(sqlite_db):
    ref, other, ids = _setup(sqlite_db)
    draft = records.add_appeal(sqlite_db, ref, recipient_id=ids["lawyer"], subject="Draft")
    assert ids["lawyer"] not in {c.contact.id for c in cases.get_case(sqlite_db, ref).contacts}
    records.update_record(sqlite_db, "appeal", draft, fields={"sent_date": "2024-03"},
                          actor="anna")
    linked = [c for c in cases.get_case(sqlite_db, ref).contacts if c.contact.id == ids["lawyer"]]
    assert len(linked) == 1
    records.add_appeal(sqlite_db, ref, recipient_id=ids["lawyer"], subject="Again",
                       sent_date="2024-04")
    assert len([c for c in cases.get_case(sqlite_db, ref).contacts
                if c.contact.id == ids["lawyer"]]) == 1
    records.add_appeal(sqlite_db, ref, recipient_id=ids["icrc"], status="sent", actor="anna")
    assert ids["icrc"] in {c.contact.id for c in cases.get_case(sqlite_db, ref).contacts}
    with sqlite_db.session() as s:
        links = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "link_contact",
                                                        AuditEntry.actor == "anna")))
    assert len(links) == 2 and links[0].changes["contact"] == ["", "Oleh Kovalenko"]
