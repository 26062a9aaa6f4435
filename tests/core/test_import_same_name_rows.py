"""Two rows of one list with the same name (tester of stop 26): a different patronymic is
a different person, and a row like an earlier row still shows the case of ours it may be,
so no row's facts go silently into another man's new case."""

from __future__ import annotations

from casemanager.lists.importer import import_file
from casemanager.services import cases
from casemanager.services.queries import list_cases

HEADER = "family_name,given_name,patronymic,date_of_birth,capture_place\n"


def _ours(db) -> str:
    return cases.create_case(db, fields={
        "family_name": "Akhmetov", "given_name": "Bauyrzhan", "patronymic": "Erzhanovich",
        "date_of_birth": "1970-06-11", "capture_place": "Kursk region"}).reference


def test_a_different_patronymic_in_the_same_list_is_another_person(db, tmp_path):
    ours = _ours(db)
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "Akhmetov,Bauyrzhan,Nursultanovich,1970-08-27,Bakhmut\n"
                    "Akhmetov,Bauyrzhan,Ержанович,1970,Kursk region\n", encoding="utf-8")
    report = import_file(db, path, dry_run=True)
    (third,) = [d for d in report.duplicates if d.row == 3]
    # Not row 2 (Nursultanovich, another man); our case is named.
    assert [m.row for m in third.matches if m.row] == []
    assert [m.reference for m in third.matches] == [ours]

    report = import_file(db, path, on_duplicate="update")
    assert report.written and report.created == 1 and report.updated == 1
    (new,) = [c.reference for c in list_cases(db) if c.reference != ours]
    assert cases.get_case(db, ours).capture_place == "Kursk region"
    assert cases.get_case(db, new).capture_place == "Bakhmut"  # not Kursk region
    assert cases.get_case(db, new).patronymic == "Nursultanovich"


def test_a_row_like_an_earlier_row_and_like_a_case_of_ours_is_not_updated_blindly(
        db, tmp_path):
    ours = _ours(db)
    path = tmp_path / "list.csv"
    # Row 2 is another man (his patronymic is not ours); row 3 gives none: it may be
    # row 2's man or ours.
    path.write_text(HEADER + "Akhmetov,Bauyrzhan,Nursultanovich,1970,Bakhmut\n"
                    "Akhmetov,Bauyrzhan,,1970,Chasiv Yar\n", encoding="utf-8")
    report = import_file(db, path, dry_run=True)
    (third,) = [d for d in report.duplicates if d.row == 3]
    assert [m.row for m in third.matches if m.row] == [2]
    assert ours in [m.reference for m in third.matches]
    # Updating: which case row 3 is cannot be told; refused, naming both, nothing written.
    report = import_file(db, path, on_duplicate="update")
    assert not report.written
    assert any("row 2 of this list or" in p.reason and ours in p.reason
               for p in report.problems if p.row == 3), report.lines()
    assert cases.get_case(db, ours).capture_place == "Kursk region"
