"""Rows naming our references, or a partner's, find their cases one look-up at a time
(lists/likely_duplicates.KnownCases): in any order, beyond the block of cases read at
once, with aliases counted, and a reference whose case is someone else refused."""

from __future__ import annotations

import csv
import random

from casemanager.lists import likely_duplicates
from casemanager.lists.importer import import_file
from casemanager.services import cases, queries

PEOPLE = [("Турсунов", "Алишер"), ("Petrenko", "Olga"), ("Каримов", "Бахтиёр"),
          ("Ivanova", "Maria"), ("Юлдашев", "Рустам"), ("Smirnov", "Oleg"),
          ("Абдуллаев", "Шухрат"), ("Kovalenko", "Iryna"), ("Рахимов", "Тимур"),
          ("Nazarov", "Farrukh"), ("Сидоренко", "Анна"), ("Haydarov", "Jasur")]


def test_references_in_any_order_across_blocks(sqlite_db, tmp_path, monkeypatch):
    monkeypatch.setattr(likely_duplicates, "NEAR", 3)  # blocks of 3 cases, 12 cases
    refs = [cases.create_case(sqlite_db, fields={"family_name": f, "given_name": g}).reference
            for f, g in PEOPLE]
    # the seventh case is known under a Latin alias only: the row spells it so
    cases.update_case(sqlite_db, refs[6], fields={"aliases": ["Abdullaev Shukhrat"]})
    rows = [[ref, "Abdullaev" if i == 6 else f, "Shukhrat" if i == 6 else g, "released"]
            for i, (ref, (f, g)) in enumerate(zip(refs, PEOPLE, strict=True))]
    rows[9][1:3] = ["Petrenko", "Olga"]  # the tenth case's reference under someone else
    random.Random(4).shuffle(rows)
    path = tmp_path / "back.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "family_name", "given_name", "status"])
        writer.writerows(rows)

    report = import_file(sqlite_db, path, dry_run=True)
    assert [(p.column, p.reason.split(" in this")[0]) for p in report.problems] == [
        ("reference", f"{refs[9]} is Nazarov Farrukh")]

    rows = [r for r in rows if r[0] != refs[9]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "family_name", "given_name", "status"])
        writer.writerows(rows)
    report = import_file(sqlite_db, path)
    assert (report.created, report.updated, report.problems) == (0, 11, [])
    assert [cases.get_case(sqlite_db, r).status for r in refs] == (
        ["released"] * 9 + ["reported"] + ["released"] * 2)


def test_a_partner_reference_finds_its_case_whatever_the_letter_case(sqlite_db, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("family_name,given_name,external_references\n"
                     "Турсунов,Алишер,Memorial: ab-17\n", encoding="utf-8")
    assert import_file(sqlite_db, first).created == 1
    again = tmp_path / "again.csv"
    again.write_text("external_references,family_name,given_name,unit\n"
                     "MEMORIAL: AB-17,Tursunov,Alisher,5th\n", encoding="utf-8")
    report = import_file(sqlite_db, again)
    assert (report.created, report.updated, report.problems) == (0, 1, [])
    [ref] = [c.reference for c in queries.list_cases(sqlite_db)]
    assert cases.get_case(sqlite_db, ref).unit == "5th"


def test_a_deleted_case_s_reference_is_not_given_to_another_person(sqlite_db, tmp_path, cli):
    """The tester's finding 13: CM-0002 deleted, then a list row `CM-0002,Somebody,Else`
    made a new, different person under the old number without a word."""
    for family in ("Karimov", "Юлдашев", "Nazarov"):
        cases.create_case(sqlite_db, fields={"family_name": family, "given_name": "Aziz"})
    cases.delete_case(sqlite_db, "CM-0002")
    path = tmp_path / "reuse.csv"
    path.write_text("reference,family_name,given_name\nCM-0002,Somebody,Else\n",
                    encoding="utf-8")
    report = import_file(sqlite_db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert "CM-0002 was a case deleted here" in report.problems[0].reason
    assert report.created == 0
    assert [c.reference for c in queries.list_cases(sqlite_db)] == ["CM-0001", "CM-0003"]
    # The command line says so too, in its report, and writes nothing.
    result = cli("import", str(path), db=str(sqlite_db.path))
    assert result.returncode == 1 and "CM-0002 was a case deleted here" in result.stdout


def test_a_mistyped_reference_of_ours_does_not_move_the_numbering(sqlite_db, tmp_path):
    """The re-tester's finding: `CM-100000` in a 3-case database was imported (the next
    case became CM-100001), `CM-12345678901234567890` made the next ones
    CM-9223372036854775808…, and `CM-0` became CM-0000."""
    for family in ("Karimov", "Юлдашев", "Nazarov"):
        cases.create_case(sqlite_db, fields={"family_name": family, "given_name": "Aziz"})
    path = tmp_path / "typos.csv"
    path.write_text("reference,family_name,given_name\n"
                    "CM-100000,Somebody,Else\n"
                    "CM-12345678901234567890,Another,One\n"
                    "CM-0,Third,Person\n", encoding="utf-8")
    report = import_file(sqlite_db, path)
    reasons = {p.row: p.reason for p in report.problems}
    assert "CM-100000 is beyond the case numbers given here" in reasons[2]
    assert "(the next new case gets CM-0004)" in reasons[2]
    assert "begins like our references but is not one" in reasons[3]
    assert "begins like our references but is not one" in reasons[4]
    assert report.created == 0
    # The next new case is numbered as before.
    assert cases.create_case(sqlite_db, fields={"family_name": "Rahimov"}).reference == "CM-0004"
    # An empty database takes any of ours (an export restored), as before.
    restore = tmp_path / "restore.csv"
    restore.write_text("reference,family_name\nCM-0500,Karimov\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()


def test_a_row_like_an_earlier_row_that_updates_a_case_does_not_update_it_again(
        sqlite_db, tmp_path):
    """The re-tester's finding 2: with --on-duplicate update, row 2 updated CM-0001 and
    row 3, "the same person as row 2", updated it again; "2 updated", row 3's health
    silently over row 2's."""
    ref = cases.create_case(sqlite_db, fields={"family_name": "Ismoilov", "given_name": "Ikrom",
                                               "date_of_birth": "1991"}).reference
    path = tmp_path / "twice.csv"
    path.write_text("family_name,given_name,date_of_birth,health\n"
                    "Ismoilov,Ikrom,1991,first row\nIsmoylov,Ikrom,1991,second row\n",
                    encoding="utf-8")
    report = import_file(sqlite_db, path, on_duplicate="update")
    assert [(p.row, p.column) for p in report.problems] == [(3, "reference")]
    assert f"{ref}, which this row would update, is already updated by row 2" in (
        report.problems[0].reason)
    assert cases.get_case(sqlite_db, ref).health == ""


def test_a_partner_reference_of_a_case_deleted_here_is_not_a_new_person(sqlite_db, tmp_path):
    """The re-tester's finding 7: CM-0001 carrying "Partner: ACC-77" was deleted; a list
    naming ACC-77 (with --source Partner, or in the external_references column) made the
    deleted person again as "1 new case", with no note."""
    first = tmp_path / "first.csv"
    first.write_text("family_name,given_name,external_references\n"
                     "Юлдашев,Рустам,Partner: ACC-77\n", encoding="utf-8")
    assert import_file(sqlite_db, first).created == 1
    cases.delete_case(sqlite_db, "CM-0001")
    again = tmp_path / "again.csv"
    again.write_text("family_name,given_name,external_references\n"
                     "Yuldashev,Rustam,PARTNER: acc-77\n", encoding="utf-8")
    report = import_file(sqlite_db, again)
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert "Partner: acc-77 was our case CM-0001, deleted here" in report.problems[0].reason \
        or "PARTNER: acc-77 was our case CM-0001, deleted here" in report.problems[0].reason
    bare = tmp_path / "bare.csv"
    bare.write_text("reference,family_name,given_name\nACC-77,Yuldashev,Rustam\n",
                    encoding="utf-8")
    report = import_file(sqlite_db, bare, source="Partner")
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert queries.list_cases(sqlite_db) == []


def test_a_reference_is_looked_up_unless_its_number_is_above_every_one_held(sqlite_db,
                                                                            tmp_path):
    # KnownCases answers "not held" without a query for a number above every reference
    # held (a list of new cases), and for any reference in an empty database; the numbers
    # are compared, not the text (CM-10000 is above CM-0009).
    first = tmp_path / "first.csv"
    first.write_text("reference,family_name\nCM-0009,Karimov\nCM-10000,Nazarov\n",
                     encoding="utf-8")
    with sqlite_db.session() as session:
        index = likely_duplicates.KnownCases(session)
        assert index.empty and index.by_reference("CM-0009") is None
    assert import_file(sqlite_db, first).created == 2
    with sqlite_db.session() as session:
        index = likely_duplicates.KnownCases(session)
        found = {ref: index.by_reference(ref) for ref in (
            "CM-10000", "CM-0009", "CM-0010", "CM-10001")}
    assert {ref: known and known.display for ref, known in found.items()} == {
        "CM-10000": "Nazarov", "CM-0009": "Karimov", "CM-0010": None, "CM-10001": None}
    again = tmp_path / "again.csv"
    again.write_text("reference,family_name,status\nCM-10000,Nazarov,released\n"
                     "CM-0009,Karimov,released\n", encoding="utf-8")
    report = import_file(sqlite_db, again)
    assert (report.created, report.updated, report.problems) == (0, 2, [])
    assert cases.get_case(sqlite_db, "CM-10000").status == "released"
