"""Partner files as they really arrive (../shared/field-cases): each through the command
line, as a partner's script would run it, with the values the field-case README gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def dbpath(sqlite_path) -> str:
    return str(sqlite_path)


def _show(cli, dbpath: str, ref: str) -> dict:
    done = cli("show", ref, "--format", "json", db=dbpath)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _all(cli, dbpath: str) -> list[dict]:
    done = cli("list", "--format", "json", db=dbpath)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_f05_row_with_one_cell_too_many_is_refused_naming_row_and_counts(cli, dbpath):
    done = cli("import", str(DATA / "f05_unquoted_comma_row.csv"), db=dbpath)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "row 2, cells: the row has 6 cells but the header has 5" in done.stdout
    assert _all(cli, dbpath) == []  # nothing written, not even row 3


def test_f04_bilingual_headers_keep_both_scripts_and_both_citizenships(cli, dbpath):
    done = cli("import", str(DATA / "f04_bilingual_duplicate_headers.csv"), db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "are read together as name_native" in done.stdout
    assert "are read together as citizenships" in done.stdout
    first = _show(cli, dbpath, "CM-0001")
    assert (first["family_name"], first["given_name"]) == ("Tursunov", "Alisher")
    assert first["name_native"] == "Турсунов Алишер"
    assert first["citizenships"] == "KG;RU"
    assert first["date_of_birth"] == "1990-03-12"
    second = _show(cli, dbpath, "CM-0002")
    assert (second["family_name"], second["name_native"], second["citizenships"]) == (
        "Karimov", "Каримов Жасур", "UZ")


def test_f06_month_year_date_cells_stay_month_and_year(cli, dbpath):
    done = cli("import", str(DATA / "f06_xlsx_month_year_dates.xlsx"), db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["name_native"]: r for r in _all(cli, dbpath)}
    assert (rows["Турсунов Алишер"]["date_of_birth"], rows["Турсунов Алишер"]["capture_date"]) \
        == ("1990-03", "2023-11")
    assert (rows["Каримов Жасур"]["date_of_birth"], rows["Каримов Жасур"]["capture_date"]) \
        == ("1988-04-12", "2024-02-29")


def test_f07_same_person_twice_waits_for_a_choice_before_writing(cli, dbpath):
    path = str(DATA / "f07_same_person_twice.csv")
    done = cli("import", path, db=dbpath)
    assert done.returncode == 1
    assert "row 4: Турсунов Алишер (1990-03-12) may be the same person as row 2" in done.stdout
    # Named for what it is: an earlier row of the file, not a case of the database
    # (tester t18: "looks like cases already in the database" in an empty one).
    assert "1 row looks like earlier rows of this file; choose skip" in done.stderr
    assert _all(cli, dbpath) == []
    done = cli("import", path, "--on-duplicate", "update", db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = _all(cli, dbpath)
    assert len(rows) == 2  # row 4 went into row 2's case
    tursunov = next(r for r in rows if r["family_name"] == "Tursunov")
    assert "Турсунов Алишер" in tursunov["aliases"]
    # An update changes the filled cells, as for any update: row 4's spelling of the place.
    assert tursunov["capture_place"] == "Авдеевка"
    assert tursunov["date_of_birth"] == "1990-03-12"


def test_f07_add_keeps_both_rows(cli, dbpath):
    done = cli("import", str(DATA / "f07_same_person_twice.csv"), "--on-duplicate", "add",
               db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(_all(cli, dbpath)) == 3


def test_f09_header_below_a_title_is_found_and_said(cli, dbpath):
    done = cli("import", str(DATA / "f09_title_rows_above_header.xlsx"), db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the header was found on row 3" in done.stdout
    rows = {r["name_native"]: r for r in _all(cli, dbpath)}
    assert set(rows) == {"Турсунов Алишер", "Каримов Жасур"}
    assert rows["Турсунов Алишер"]["date_of_birth"] == "1990-03-12"
    assert rows["Турсунов Алишер"]["status"] == "detained"
    assert rows["Каримов Жасур"]["date_of_birth"] == "1988"
    assert rows["Каримов Жасур"]["status"] == "released"


def test_f02_invisible_characters_are_gone_and_names_are_found(cli, dbpath, tmp_path):
    path = tmp_path / "f02.csv"
    shutil.copy(DATA / "f02_invisible_chars_in_names.csv", path)
    done = cli("import", str(path), db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    names = {r["family_name"] for r in _all(cli, dbpath)}
    assert names == {"Tursunov", "Karimov", "Nazarov"}
    for query in ("Tursunov", "Jasur Karimov", "Nazarov Sardor"):
        found = cli("search", query, "--format", "json", db=dbpath)
        assert len(json.loads(found.stdout)) == 1, query


def test_partner_references_through_the_command_line(cli, dbpath, tmp_path):
    path = tmp_path / "acc.csv"
    path.write_text("reference,family_name,given_name\nACC-001,Tursunov,Alisher\n"
                    "ACC-002,Karimov,Jasur\n", encoding="utf-8")
    done = cli("import", str(path), "--source", "Partner NGO", "--format", "json", db=dbpath)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["created"], report["source"]) == (2, "Partner NGO")
    found = cli("search", "ACC-002", "--format", "json", db=dbpath)
    assert [(r["reference"], r["external_references"]) for r in json.loads(found.stdout)] == [
        ("CM-0002", "Partner NGO: ACC-002")]
    listed = cli("list", "--import", str(report["import_id"]), "--format", "json", db=dbpath)
    assert [r["reference"] for r in json.loads(listed.stdout)] == ["CM-0001", "CM-0002"]
    shown = _show(cli, dbpath, "CM-0001")
    assert shown["external_references"] == "Partner NGO: ACC-001"
    assert [(i["file"], i["source"], i["action"]) for i in shown["imports"]] == [
        ("acc.csv", "Partner NGO", "create")]
    text = cli("show", "CM-0001", db=dbpath).stdout
    assert "Partner NGO: ACC-001" in text and "acc.csv from Partner NGO" in text
    # Their updated list, later: the same case, through their reference.
    path.write_text("reference,family_name,status\nACC-001,Tursunov,released\n",
                    encoding="utf-8")
    done = cli("import", str(path), "--source", "Partner NGO", db=dbpath)
    assert done.returncode == 0 and "1 updated" in done.stdout, done.stdout + done.stderr
    assert _show(cli, dbpath, "CM-0001")["status"] == "released"
    bad = cli("list", "--import", "x", db=dbpath)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_unknown_to_notes_on_the_command_line(cli, dbpath, tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("Фамилия;Телефон матери\nИванов;+7 900 000\n", encoding="utf-8")
    done = cli("import", str(path), "--unknown-to-notes", db=dbpath)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _show(cli, dbpath, "CM-0001")["notes"] == "Телефон матери: +7 900 000"
