"""Merging through the core's services, on SQLite and on a real PostgreSQL server: an
older bundle received late, a dry run that writes nothing, and the audit trail."""

from __future__ import annotations

import shutil

import pytest
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.bundles.receive import BundleError, receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.services import cases, records
from casemanager.services.audit import entries
from casemanager.services.queries import list_cases
from casemanager.store.database import open_database


@pytest.fixture
def pair(db, sqlite_template, tmp_path):
    """`db` (SQLite or PostgreSQL) is Bishkek; a SQLite file is Kyiv."""
    shutil.copy(sqlite_template, tmp_path / "kyiv.db")
    kyiv = open_database(str(tmp_path / "kyiv.db"))
    keys.init_keys(db, user_id="Bishkek")
    keys.init_keys(kyiv, user_id="Kyiv")
    keys.add_partner_key(db, keys.export_public_key(kyiv).encode(), name="Kyiv")
    keys.add_partner_key(kyiv, keys.export_public_key(db).encode(), name="Bishkek")
    yield db, kyiv
    kyiv.dispose()


def test_an_older_bundle_received_late_rolls_nothing_back(pair, tmp_path):
    bishkek, kyiv = pair
    ref = make_case(kyiv)
    old, new = tmp_path / "old.pgp", tmp_path / "new.pgp"
    send_bundle(kyiv, [ref], to="Bishkek", output=old)
    first = receive_bundle(bishkek, old.read_bytes(), dry_run=True)
    assert first.cases[0].new and list_cases(bishkek) == []  # the dry run wrote nothing
    cases.change_status(kyiv, ref, status="released", date="2025-01", source="list")
    cases.update_case(kyiv, ref, fields={"capture_place": "near Pokrovsk"})
    records.add_event(kyiv, ref, date="2025-01-10", summary="Exchanged")
    send_bundle(kyiv, [ref], to="Bishkek", output=new)

    report = receive_bundle(bishkek, new.read_bytes())
    (ours,) = list_cases(bishkek)
    assert report.cases[0].new and ours.status == "released"
    late = receive_bundle(bishkek, old.read_bytes())
    assert late.stale and not late.cases[0].changed
    assert "older than one already taken in" in late.lines()[1]
    now = cases.get_case(bishkek, ours.reference)
    assert now.status == "released" and now.capture_place == "near Pokrovsk"
    assert sorted(s.status for s in now.status_history) == ["released", "reported"]
    assert len(list_cases(bishkek)) == 1
    actions = [e.action for e in entries(bishkek)]
    assert actions.count("receive_bundle") == 2 and "receive" in actions
    with pytest.raises(BundleError, match="already received"):
        receive_bundle(bishkek, new.read_bytes())


def test_a_case_both_hold_is_matched_by_the_person_then_by_its_id(pair, tmp_path):
    bishkek, kyiv = pair
    ref = make_case(kyiv)  # Tursunov Alisher, born 1994-03, in Kyiv's file
    mine = cases.create_case(bishkek, fields={
        "family_name": "Турсунов", "given_name": "Алишер", "date_of_birth": "1994-03",
        "rank": "private"}).reference
    other = cases.create_case(bishkek, fields={
        "family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1990"}).reference
    first = tmp_path / "1.pgp"
    send_bundle(kyiv, [ref], to="Bishkek", output=first)
    (change,) = receive_bundle(bishkek, first.read_bytes()).cases
    assert (change.reference, change.new) == (mine, False)
    assert ("capture_place", "near Avdiivka") in change.filled
    # Our name in Cyrillic, theirs in Latin: the same person, so an alias, not a dispute.
    assert not [c for c in change.claims if c[0] in ("family_name", "given_name")]
    assert cases.get_case(bishkek, mine).family_name == "Турсунов"
    assert "Tursunov Alisher Bakhtiyorovich" in cases.get_case(bishkek, mine).aliases
    assert sorted(r.reference for r in list_cases(bishkek)) == sorted([mine, other])
    # Bishkek corrects the date of birth; the next bundle still finds the case by its id.
    cases.update_case(bishkek, mine, fields={"date_of_birth": "1994"})
    records.add_event(kyiv, ref, date="2025-02", summary="Letter from the camp")
    second = tmp_path / "2.pgp"
    send_bundle(kyiv, [ref], to="Bishkek", output=second)
    (change,) = receive_bundle(bishkek, second.read_bytes()).cases
    assert change.reference == mine and change.added == {"events": 1}
