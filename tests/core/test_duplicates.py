"""Duplicate finding, dismissal, merge and undo on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casemanager.domain.errors import ValidationError
from casemanager.services import attachments, cases, contacts, duplicates, records
from casemanager.services.merge import last_merge_id, merge_cases, undo_merge
from casemanager.services.search import search_ids
from casemanager.store.models import AuditEntry, Case

ALISHER_RU = {
    "name_native": "Турсунов Алишер Бахтиёрович", "date_of_birth": "12.03.1994",
    "citizenships": "UZ", "place_of_birth": "Самарканд",
}
ALISHER_LAT = {
    "family_name": "Tursunow", "given_name": "Alisher", "date_of_birth": "1994-03",
    "citizenships": "UZ;RU", "unit": "Storm-Z", "capture_place": "Bakhmut",
}
OTHERS = [
    {"family_name": "Tursunov", "given_name": "Rustam", "date_of_birth": "1994-03-12",
     "citizenships": "UZ"},
    {"family_name": "Karimov", "given_name": "Aziz", "date_of_birth": "1990",
     "citizenships": "UZ"},
    {"family_name": "Karimov", "given_name": "Azamat", "date_of_birth": "1990",
     "citizenships": "KG"},
    {"family_name": "Tursunov", "given_name": "Alisher", "date_of_birth": "1981",
     "citizenships": "UZ"},  # same name, another man (born 13 years earlier)
]


def seed(db):
    cases.create_case(db, fields=ALISHER_RU)  # CM-0001
    cases.create_case(db, fields=ALISHER_LAT)  # CM-0002
    for person in OTHERS:  # CM-0003..6
        cases.create_case(db, fields=person)


def test_find_pairs_across_scripts_with_reasons(db):
    seed(db)
    pairs = duplicates.find_duplicates(db)
    assert [(p.reference_a, p.reference_b) for p in pairs] == [("CM-0001", "CM-0002")]
    pair = pairs[0]
    assert pair.score >= 0.8
    # The Latin name lacks the Russian one's patronymic: said, not "same name" (tester).
    assert "same family and given name, patronymic given for one only" in pair.reasons
    assert "compatible dates of birth (1994-03-12 / 1994-03)" in pair.reasons
    assert "both citizens of UZ" in pair.reasons
    assert pair.name_b == "Tursunow Alisher"


def test_scores_weigh_dates_citizenship_and_place():
    p = duplicates.make_person
    a = p(1, "CM-1", {"name_native": "Каримов Азиз", "date_of_birth": "1990-05-01",
                      "citizenships": "UZ", "place_of_birth": "Фергана"})
    same = p(2, "CM-2", {"family_name": "Karimov", "given_name": "Aziz",
                         "date_of_birth": "1990-05-01", "citizenships": ["UZ"],
                         "place_of_birth": "Fergana"})
    score, reasons = duplicates.score_pair(a, same)
    assert score == 1.0 and "same place of birth" in reasons
    older = p(3, "CM-3", {"family_name": "Karimov", "given_name": "Aziz",
                          "date_of_birth": "1975"})
    score, reasons = duplicates.score_pair(a, older)
    assert score < 0.5 and any("different dates of birth" in r for r in reasons)
    other = p(4, "CM-4", {"family_name": "Karimov", "given_name": "Azamat",
                          "date_of_birth": "1990-05-01"})
    assert duplicates.score_pair(a, other) == (0.0, ())
    brother = p(5, "CM-5", {"name_native": "Каримов Азиз Рустамович", "date_of_birth": "1990"})
    cousin = p(6, "CM-6", {"family_name": "Karimov", "given_name": "Aziz",
                           "patronymic": "Bakhtiyorovich", "aliases": "Karimov Aziz"})
    assert duplicates.score_pair(brother, cousin) == (0.0, ())  # different fathers
    assert duplicates.score_pair(brother, same)[0] > 0.6  # no patronymic on one side


def test_dismissed_pair_stays_dismissed(db):
    seed(db)
    duplicates.dismiss_pair(db, "CM-0002", "CM-0001", actor="amina")
    duplicates.dismiss_pair(db, "CM-0001", "CM-0002", actor="amina")  # twice is harmless
    assert duplicates.find_duplicates(db) == []
    with db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.action == "not_duplicate")))
    assert actions == ["not_duplicate", "not_duplicate"]


def test_likely_duplicates_for_an_import_row(db):
    seed(db)
    row = {"family_name": "Tursunov", "given_name": "A.", "patronymic": "",
           "name_native": "", "aliases": "Alisher Tursunov", "date_of_birth": "1994",
           "citizenships": "UZ"}
    found = duplicates.likely_duplicates_for(db, row)
    assert [m.case_id for m in found][:2] == [1, 2]
    case_id, score, reasons = found[0]
    assert score >= 0.7 and "compatible dates of birth (1994 / 1994-03-12)" in reasons
    assert duplicates.likely_duplicates_for(db, {"family_name": "Nobody"}) == []
    with db.session() as s:
        assert duplicates.likely_duplicates_for(s, row, exclude=[1])[0].case_id == 2


def _child_counts(db, ref):
    got = cases.get_case(db, ref)
    return {k: len(getattr(got, k)) for k in
            ("appeals", "events", "attachments", "documents", "custody", "tasks", "contacts")}


def test_merge_moves_records_keeps_spellings_and_undo_restores(db):
    seed(db)
    embassy = contacts.create_contact(db, fields={"kind": "embassy",
                                                  "name": "Embassy of Uzbekistan"})
    contacts.link_contact(db, "CM-0002", embassy, fields={"relationship": "consular officer"})
    records.add_appeal(db, "CM-0002", subject="Consular access", recipient_id=embassy)
    records.add_event(db, "CM-0002", summary="Seen in a video", kind="media")
    records.add_document(db, "CM-0002", doc_type="passport", number="FA7654321")
    records.add_custody(db, "CM-0002", facility="Colony No. 8, Zhytomyr region")
    records.add_task(db, "CM-0002", title="Call the mother")
    attachments.add_attachment(db, "CM-0002", filename="letter.pdf", data=b"%PDF-1.4 x")
    before_keep, before_other = _child_counts(db, "CM-0001"), _child_counts(db, "CM-0002")

    result = merge_cases(db, "CM-0001", "CM-0002", actor="amina")
    assert result.kept == "CM-0001" and result.merged == "CM-0002"
    kept, gone = cases.get_case(db, "CM-0001"), cases.get_case(db, "CM-0002")
    assert _child_counts(db, "CM-0001") == {
        k: before_keep[k] + before_other[k] for k in before_keep}
    assert all(v == 0 for v in _child_counts(db, "CM-0002").values())
    assert "Tursunow Alisher" in kept.aliases
    assert kept.citizenships == ("UZ", "RU")
    assert kept.unit == "Storm-Z" and kept.date_of_birth.iso() == "1994-03-12"
    assert gone.status == "closed" and "merged into CM-0001" in gone.status_history[-1].note
    with db.session() as s:
        assert s.get(Case, 2).merged_into_id == 1
        assert search_ids(s, "FA7654321") == [1]  # the moved document is searchable
        assert search_ids(s, "CM-0002") == [2]  # the old reference still answers
        assert 2 not in search_ids(s, "Tursunow Alisher")
        entry = s.get(AuditEntry, result.audit_id)
        assert entry.action == "merge" and entry.changes["merged_from"] == ["", "CM-0002"]
    assert duplicates.find_duplicates(db) == []
    assert last_merge_id(db) == result.audit_id

    assert undo_merge(db, result.audit_id, actor="amina") == ("CM-0001", "CM-0002")
    assert _child_counts(db, "CM-0001") == before_keep
    assert _child_counts(db, "CM-0002") == before_other
    kept, back = cases.get_case(db, "CM-0001"), cases.get_case(db, "CM-0002")
    assert kept.aliases == () and kept.citizenships == ("UZ",) and kept.unit == ""
    assert back.status == "reported" and [s.status for s in back.status_history] == [
        "reported"]
    with db.session() as s:
        assert s.get(Case, 2).merged_into_id is None
        assert search_ids(s, "FA7654321") == [2]
    assert last_merge_id(db) is None
    try:
        undo_merge(db, result.audit_id)
        raise AssertionError("second undo accepted")
    except ValidationError as exc:
        assert "already undone" in str(exc)


def test_merge_refuses_nonsense(db):
    seed(db)
    for keep, other in (("CM-0001", "CM-0001"),):
        try:
            merge_cases(db, keep, other)
            raise AssertionError("accepted")
        except ValidationError as exc:
            assert exc.field == "reference"
    merge_cases(db, "CM-0001", "CM-0002")
    try:
        merge_cases(db, "CM-0003", "CM-0002")
        raise AssertionError("merged twice")
    except ValidationError as exc:
        assert "already merged" in str(exc)


def test_cancel_stops_the_scan_inside_its_loops(db, monkeypatch):
    """The tester's finding: Cancel left the scan running in its name comparisons (the
    progress callable, which raises Cancelled, was called at four fixed points only), and
    every later database action of the window waited behind it. Now the comparing loops
    call it every CANCEL_EVERY steps."""
    from casemanager.domain.progress import Cancelled

    seed(db)
    monkeypatch.setattr(duplicates, "CANCEL_EVERY", 1)
    seen: list[tuple[int, int | None]] = []

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        seen.append((done, total))
        # The fixed points call (0, 3), (1, 3), (2, 3), (3, 3) once each: a second
        # (1, 3) comes from inside the loops.
        if seen.count((1, 3)) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        duplicates.find_duplicates(db, progress=progress)
    assert (3, 3) not in seen  # stopped before the end
    # Without cancelling, the same scan finds the same pair as before.
    assert [(p.reference_a, p.reference_b) for p in duplicates.find_duplicates(db)] == [
        ("CM-0001", "CM-0002")]


def test_cancel_stops_the_scan_while_it_reads_the_cases(db, monkeypatch):
    """The re-tester's finding: the scan read every case (3 s at 100,000) before its
    first progress step, so neither the dialog nor Cancel came before that."""
    from casemanager.domain.progress import Cancelled

    seed(db)
    monkeypatch.setattr(duplicates, "CANCEL_EVERY", 1)
    said: list[str] = []

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        said.append(str(message))
        if len(said) == 2:  # the first step inside the reading
            raise Cancelled()

    with pytest.raises(Cancelled):
        duplicates.find_duplicates(db, progress=progress)
    assert said == ["Reading the cases", "Reading the cases"]
