"""A warning before a duplicate is made (issue 16): the service the editor and
`casemanager new` ask, the command line's refusal and --force, and the default cut."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from casemanager.services import cases
from casemanager.services.duplicate_check import possible_duplicates
from casemanager.services.duplicates import find_duplicates
from casemanager.store.database import open_database
from casemanager.store.models import Case

FARRUKH = {"family_name": "Турсунов", "given_name": "Фаррух", "aliases": "Tursunow Farrukh",
           "date_of_birth": "01.1999", "citizenships": "UZ"}


def test_a_close_name_with_a_compatible_birth_date_is_proposed(db):
    cases.create_case(db, fields=FARRUKH)
    cases.create_case(db, fields={"family_name": "Karimov", "given_name": "Aziz"})
    found = possible_duplicates(db, {"family_name": "Tursunow", "given_name": "Farruh",
                                     "date_of_birth": "1999"})
    assert [c.describe() for c in found] == ["CM-0001 Tursunow Farrukh, born 01.1999"]
    assert "compatible dates of birth (1999 / 1999-01)" in found[0].reasons
    # The duplicates view shows the pair at its default cut too, once both exist.
    cases.create_case(db, fields={"family_name": "Tursunow", "given_name": "Farruh",
                                  "date_of_birth": "1999"})
    pairs = find_duplicates(db)
    assert [(p.reference_a, p.reference_b) for p in pairs] == [("CM-0001", "CM-0003")]


def test_no_warning_for_another_person_or_the_case_itself(db):
    cases.create_case(db, fields=FARRUKH)
    assert possible_duplicates(db, {"family_name": "Tursunow", "given_name": "Farrukh",
                                    "date_of_birth": "1985"}) == ()  # born 14 years earlier
    assert possible_duplicates(db, {"family_name": "Tursunov", "given_name": "Farhod"}) == ()
    assert possible_duplicates(db, {"date_of_birth": "1999"}) == ()  # no name yet
    assert possible_duplicates(db, FARRUKH, exclude=["CM-0001"]) == ()


def test_spellings_of_issue_16_are_proposed(db):
    cases.create_case(db, fields={"name_native": "Рахимов Уткир", "date_of_birth": "1990"})
    cases.create_case(db, fields={"name_native": "Абдулкаримов Рустам"})
    cases.create_case(db, fields={"family_name": "Asanov", "given_name": "Bakyt",
                                  "patronymic": "Asanbekovich"})
    assert [c.reference for c in possible_duplicates(
        db, {"family_name": "Rahimov", "given_name": "Oʻtkir", "date_of_birth": "1990-05"})
    ] == ["CM-0001"]
    assert [c.reference for c in possible_duplicates(
        db, {"family_name": "Abdul-Karimov", "given_name": "Rustam"})] == ["CM-0002"]
    assert [c.reference for c in possible_duplicates(
        db, {"name_latin": "Asanbek uulu Bakyt"})] == ["CM-0003"]
    assert [c.reference for c in possible_duplicates(
        db, {"family_name": "Rahi\u00admov", "given_name": "Ut\u200bkir"})] == ["CM-0001"]


def test_cli_new_stops_with_the_candidates_unless_forced(sqlite_path, cli):
    db = open_database(str(sqlite_path))
    cases.create_case(db, fields=FARRUKH)
    db.dispose()
    path = str(sqlite_path)
    out = cli("new", "family_name=Tursunow", "given_name=Farruh", "date_of_birth=1999", db=path)
    assert out.returncode == 1
    assert out.stderr == ("casemanager: error: may be CM-0001 Tursunow Farrukh, born 01.1999:"
                          " open it, or add --force to keep both\n")
    reference, name, born, score, reasons = out.stdout.strip().split("\t")
    assert (reference, name, born) == ("CM-0001", "Tursunow Farrukh", "01.1999")
    assert float(score) >= 0.6 and "compatible dates of birth" in reasons
    db = open_database(path)
    with db.session() as s:
        assert s.scalar(select(func.count(Case.id))) == 1  # nothing written
    db.dispose()
    out = cli("new", "family_name=Tursunow", "given_name=Farruh", "date_of_birth=1999",
              "--force", db=path)
    assert (out.returncode, out.stdout.strip()) == (0, "CM-0002"), out.stderr
    # Someone else is saved without a word.
    out = cli("new", "family_name=Karimov", "given_name=Aziz", db=path)
    assert (out.returncode, out.stdout.strip()) == (0, "CM-0003"), out.stderr
    shown = json.loads(cli("show", "CM-0002", "--format", "json", db=path).stdout)
    assert shown["family_name"] == "Tursunow"


def test_cli_import_reports_the_row_and_stores_names_clean(sqlite_path, cli, tmp_path):
    db = open_database(str(sqlite_path))
    cases.create_case(db, fields={"name_native": "Рахимов Уткир", "date_of_birth": "1990"})
    db.dispose()
    path = tmp_path / "partner.csv"
    path.write_text("family_name,given_name,date_of_birth\nRahimov,Oʻtkir,05.1990\n"
                    "Kari\u00admov,A\u200bziz,1985\n", encoding="utf-8")
    asked = cli("import", str(path), db=str(sqlite_path))
    assert asked.returncode == 1 and "--on-duplicate" in asked.stderr
    assert asked.stdout.startswith("row 2: Rahimov Oʻtkir (1990-05) may be CM-0001 Рахимов")
    done = cli("import", str(path), "--on-duplicate", "skip", db=str(sqlite_path))
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("list", "--format", "json", db=str(sqlite_path)).stdout)
    assert [(r["family_name"], r["given_name"]) for r in listed][1:] == [("Karimov", "Aziz")]
    found = json.loads(cli("search", "Karimov Aziz", "--format", "json",
                           db=str(sqlite_path)).stdout)
    assert [r["reference"] for r in found] == ["CM-0002"]


def test_find_duplicates_meets_first_letters_other_scripts_write(db):
    cases.create_case(db, fields={"name_native": "Рахимов Уткир", "date_of_birth": "1990"})
    cases.create_case(db, fields={"family_name": "Rahimov", "given_name": "Oʻtkir",
                                  "date_of_birth": "1990-05"})
    # A close name alone is not enough (0.54); with a compatible birth year it is.
    cases.create_case(db, fields={"family_name": "Iusupov", "given_name": "Iunus",
                                  "date_of_birth": "1988"})
    cases.create_case(db, fields={"family_name": "Jusupow", "given_name": "Junus",
                                  "date_of_birth": "03.1988"})
    cases.create_case(db, fields={"family_name": "Rahimov", "given_name": "Otabek",
                                  "date_of_birth": "1990"})
    pairs = {(p.reference_a, p.reference_b) for p in find_duplicates(db)}
    assert pairs == {("CM-0001", "CM-0002"), ("CM-0003", "CM-0004")}
