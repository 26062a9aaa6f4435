"""Issue 17 item 16: implausible dates are warned about, never refused (core, CLI, import)."""

from __future__ import annotations

import datetime as dt

from casemanager.domain.plausibility import date_warnings
from casemanager.services import cases

TODAY = dt.date(2026, 11, 29)


def warned(**values) -> list[tuple[str, str]]:
    return [(w.field, w.code) for w in date_warnings(values, today=TODAY)]


def test_the_rules_with_partial_dates():
    assert warned(date_of_birth="1994-03", capture_date="2024-02-17") == []
    assert warned(capture_date="2027-01") == [("capture_date", "future")]
    assert warned(capture_date="2026") == []  # may be earlier this year
    assert warned(date_of_birth="2008", capture_date="05.2024") == [("date_of_birth", "child")]
    assert warned(date_of_birth="2006", capture_date="2024") == []  # 17 or 18: not sure
    assert warned(date_of_birth="1930", capture_date="2024") == [("date_of_birth", "old")]
    assert warned(date_of_birth="2024-05", capture_date="2023") == [
        ("capture_date", "before_birth")]
    assert warned(date_of_birth="2015") == [("date_of_birth", "child")]  # today
    assert warned(date_of_birth="not a date") == []
    # A proof of life is a fact too: not in the future, not before birth (2099 for 2009).
    assert warned(last_proof_of_life="2099") == [("last_proof_of_life", "future")]
    assert warned(last_proof_of_life="11.2026") == []
    assert warned(date_of_birth="1990", capture_date="2023",
                  last_proof_of_life="1989") == [("last_proof_of_life", "before_birth")]
    (child,) = date_warnings({"date_of_birth": "2008", "capture_date": "05.2024"}, today=TODAY)
    assert child.line() == "date_of_birth makes the person 15–16 when captured: a child?"


def test_cli_new_and_edit_warn_on_stderr_and_still_save(sqlite_db, sqlite_path, cli):
    db = str(sqlite_path)
    made = cli("new", "family_name=Турсунов", "date_of_birth=2010", "capture_date=2024-05",
               db=db)
    assert made.returncode == 0
    ref = made.stdout.strip()
    assert made.stderr.strip() == ("casemanager: warning: date_of_birth makes the person "
                                   "13–14 when captured: a child?")
    assert cases.get_case(sqlite_db, ref).date_of_birth.iso() == "2010"
    future = dt.date.today().year + 1
    edited = cli("edit", ref, f"capture_date={future}", "date_of_birth=1990", db=db)
    assert edited.returncode == 0, edited.stderr
    assert "warning: capture_date is in the future" in edited.stderr
    quiet = cli("edit", ref, "rank=private", db=db)  # dates not touched: nothing repeated
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_import_report_warns_and_imports(sqlite_db, tmp_path):
    from casemanager.lists.importer import import_file

    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name,date_of_birth,capture_date\n"
                    "Karimov,Aziz,1990,2023-04\n"
                    "Рахимов,Отабек,2009,2024-03\n", encoding="utf-8")
    report = import_file(sqlite_db, path)
    assert report.created == 2  # warned, not refused
    lines = report.details()
    assert any(line.startswith("warning: row 3") and "date_of_birth" in line
               and "a child?" in line for line in lines), lines
    assert not any("row 2" in line for line in lines)


def test_cli_warns_of_a_proof_of_life_in_the_future(sqlite_path, cli):
    made = cli("new", "family_name=Турсунов", "last_proof_of_life=2099", db=str(sqlite_path))
    assert made.returncode == 0
    assert made.stderr.strip() == ("casemanager: warning: last_proof_of_life is in the "
                                   "future")
