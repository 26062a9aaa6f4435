"""A contact created and linked to a case in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casemanager.domain.errors import ValidationError
from casemanager.services import cases, contacts
from casemanager.services.case_contacts import create_linked_contact
from casemanager.store.models import AuditEntry


def test_create_and_link_in_one_step(db):
    case = cases.create_case(db, fields={"family_name": "Турсунов"}, actor="tester")
    contact_id, link_id = create_linked_contact(
        db,
        case.reference,
        fields={"name": "Турсунова Гульнара", "country": "Узбекистан"},
        channels=[("phone", "+998 90 123 45 67"), ("email", "")],
        link={"relationship": "mother", "share_icrc": True},
        actor="tester",
    )
    [link] = cases.get_case(db, case.reference).contacts
    assert (link.link_id, link.contact.id) == (link_id, contact_id)
    assert link.contact.kind == "other" and link.contact.country == "UZ"
    assert link.contact.values("phone") == ["+998 90 123 45 67"]
    assert link.relationship == "mother" and link.share_icrc and not link.share_embassy
    assert cases.get_case(db, case.reference).version == case.version  # a record, not the case
    with db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["create", "link_contact"]


@pytest.mark.parametrize(
    ("fields", "channels", "link", "field"),
    [
        ({"name": ""}, [], {}, "name"),
        ({"name": "X", "country": "Narnia"}, [], {}, "country"),
        ({"name": "X"}, [("email", "no-at-sign")], {}, "email"),
        ({"name": "X"}, [], {"share_icrc": "perhaps"}, "share_icrc"),
    ],
)
def test_bad_input_leaves_nothing_behind(db, fields, channels, link, field):
    case = cases.create_case(db, fields={"family_name": "Турсунов"}, actor="tester")
    with pytest.raises(ValidationError) as caught:
        create_linked_contact(db, case.reference, fields=fields, channels=channels, link=link)
    assert caught.value.field == field
    assert contacts.list_contacts(db) == [] and cases.get_case(db, case.reference).contacts == ()
