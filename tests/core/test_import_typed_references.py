"""Our references however typed (CM-141 = CM-0141 = cm-00141), names an update by
reference spells otherwise kept as aliases, one row per case, and the report's words
(tester t14, findings 7, 8, 10, 11, 12, 16)."""

from __future__ import annotations

import json

from casemanager.lists.importer import import_file
from casemanager.services import cases
from casemanager.store.database import open_database


def _seed(path, people):
    db = open_database(str(path))
    for reference, fields in people:
        cases.create_case(db, reference=reference, fields=fields)
    db.dispose()


def _show(cli, path, reference):
    done = cli("show", reference, "--format", "json", db=str(path))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


SARDOR = {"family_name": "Tursunov", "given_name": "Sardor"}


def test_our_references_typed_short_or_padded_are_our_cases_on_the_command_line(
        cli, sqlite_path, tmp_path):
    _seed(sqlite_path, [("CM-0012", {"family_name": "Ivanov"}),
                        *((f"CM-{n:04d}", SARDOR) for n in (141, 142, 143, 144, 145)),
                        ("CM-0155", {"family_name": "Karimov", "given_name": "Timur"})])
    for typed in ("cm-12", "CM-00012", "12", "CM 12"):
        assert _show(cli, sqlite_path, typed)["reference"] == "CM-0012", typed

    short = tmp_path / "short.csv"
    short.write_text("reference,family_name,given_name,unit\n"
                     "CM-141,Tursunov,Sardor,5th brigade\n"
                     "CM-00155,Karimov,Timur,7th brigade\n", encoding="utf-8")
    done = cli("import", str(short), "--on-duplicate", "update", db=str(sqlite_path))
    assert done.returncode == 0, done.stderr
    assert "0 new cases, 2 updated" in done.stdout
    # Said, not silent: the cell was read as our reference.
    assert "'CM-141' read as our CM-0141" in done.stdout
    assert "file's name" not in done.stdout  # no partner's reference in this file
    first = _show(cli, sqlite_path, "CM-0141")
    assert first["unit"] == "5th brigade" and not first["external_references"]
    assert _show(cli, sqlite_path, "cm-155")["unit"] == "7th brigade"
    assert [_show(cli, sqlite_path, f"CM-{n:04d}")["unit"] for n in (142, 143)] == ["", ""]
    listed = json.loads(cli("list", "--format", "json", db=str(sqlite_path)).stdout)
    assert len(listed) == 7  # no second case numbered 155


def test_a_reference_like_ours_is_never_a_partners(cli, sqlite_path, tmp_path):
    _seed(sqlite_path, [("CM-0001", SARDOR)])
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,family_name\nCM-12a,Ivanov\n", encoding="utf-8")
    done = cli("import", str(bad), db=str(sqlite_path))
    assert done.returncode == 1
    assert "row 2, reference: 'CM-12a' begins like our references but is not one" in done.stdout
    # Ours but beyond the numbers given here: refused (a typo would move the numbering).
    new = tmp_path / "new.csv"
    new.write_text("reference,family_name\nCM-900,Ivanov\n", encoding="utf-8")
    done = cli("import", str(new), db=str(sqlite_path))
    assert done.returncode == 1
    assert "CM-0900 is beyond the case numbers given here" in done.stdout
    # Into an empty database (an export restored): created under it, and said so.
    empty = tmp_path / "empty.db"
    assert cli("init", db=str(empty)).returncode == 0
    done = cli("import", str(new), db=str(empty))
    assert done.returncode == 0, done.stderr
    assert ("references of ours that this database does not hold (CM-0900 (row 2)): added "
            "as new cases under those references") in done.stdout
    assert _show(cli, empty, "CM-0900")["family_name"] == "Ivanov"


def test_an_update_by_reference_keeps_the_old_spelling_as_an_alias(sqlite_db, tmp_path):
    ref = cases.create_case(sqlite_db, fields={
        "family_name": "Khasanov", "given_name": "Rustam",
        "name_native": "Хасанов Рустам Икромович"}).reference
    path = tmp_path / "k2.csv"
    path.write_text("reference,family_name,given_name,name_native,rank\n"
                    f"{ref},Petrov,Ivan,Хасанов Рустам Икромович,private\n", encoding="utf-8")
    report = import_file(sqlite_db, path)
    assert (report.updated, report.problems) == (1, [])
    assert [(w.row, w.column, w.reason) for w in report.warnings] == [
        (2, "family_name", f"{ref} was Khasanov Rustam, the row spells it Petrov Ivan: the name is "
                    "updated and Khasanov Rustam kept as another spelling (alias)")]
    case = cases.get_case(sqlite_db, ref)
    assert (case.family_name, case.given_name, case.rank) == ("Petrov", "Ivan", "private")
    assert case.aliases == ("Khasanov Rustam",)

    # Every name disagrees: refused as before, nothing written.
    path.write_text("reference,family_name,given_name,name_native\n"
                    f"{ref},Sidorov,Oleg,Сидоров Олег\n", encoding="utf-8")
    report = import_file(sqlite_db, path)
    assert not report.written and [p.column for p in report.problems] == ["reference"]
    assert cases.get_case(sqlite_db, ref).family_name == "Petrov"


def test_one_case_is_updated_by_one_row(sqlite_db, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("family_name,given_name,external_references\n"
                     "Tursunov,Sardor,Red Cross: ACC-002\n", encoding="utf-8")
    assert import_file(sqlite_db, first).created == 1
    ref = "CM-0001"
    same2 = tmp_path / "same2.csv"
    same2.write_text("reference,external_references,family_name,given_name,health\n"
                     f"{ref},,Tursunov,Sardor,first-row\n"
                     ",Red Cross: ACC-002,Tursunov,Sardor,second-row\n", encoding="utf-8")
    report = import_file(sqlite_db, same2)
    assert not report.written
    assert [(p.row, p.reason) for p in report.problems] == [
        (3, f"Red Cross: ACC-002 names {ref}, which row 2 already updates; a case is "
            "updated by one row of a list: join the two rows or remove one")]
    assert "file's name" not in " ".join(report.notes)
    assert cases.get_case(sqlite_db, ref).health == ""


def test_equally_likely_cases_are_not_picked_for_an_update(sqlite_db, tmp_path):
    refs = [cases.create_case(sqlite_db, fields=SARDOR).reference for _ in range(3)]
    path = tmp_path / "acc.csv"
    path.write_text("family_name,given_name,unit\nTursunov,Sardor,5th\n", encoding="utf-8")
    report = import_file(sqlite_db, path, on_duplicate="update")
    assert not report.written
    (problem,) = report.problems
    assert problem.row == 2 and problem.reason.startswith(
        f"may be any of {', '.join(refs)} (")
    assert "give its reference in the row" in problem.reason
    assert [cases.get_case(sqlite_db, r).unit for r in refs] == ["", "", ""]


def test_the_reports_words(sqlite_db, tmp_path):
    # The same partner's reference twice on one row is once, not "also on row 2".
    path = tmp_path / "x.csv"
    path.write_text("reference,external_references,family_name\n"
                    "x-1,red cross: x-1,Ivanov\n", encoding="utf-8")
    report = import_file(sqlite_db, path, source="red cross")
    assert report.problems == []
    assert report.summary() == (
        "x.csv: imported (import 1) 1 row: 1 new case, 0 updated, 0 unchanged, 0 skipped")
    # Only the external_references column, each with its source: no note on the file's name.
    ws = tmp_path / "ws.csv"
    ws.write_text("family_name,external_references\nPetrov,ICRC: 55\n", encoding="utf-8")
    report = import_file(sqlite_db, ws, dry_run=True)
    assert report.created == 1 and report.notes == []
    cyr = tmp_path / "cyr.csv"
    cyr.write_text("family_name,given_name\nPetrov,Ivan\nКаримов,Тимур\n", encoding="utf-8")
    report = import_file(sqlite_db, cyr, dry_run=True)
    assert report.notes[0].startswith("Cyrillic in the Latin name columns on row 3: kept")
    # A partner's reference of another case than the row's reference: what to do.
    other = cases.create_case(sqlite_db, fields={"family_name": "Petrenko"}).reference
    clash = tmp_path / "clash.csv"
    clash.write_text("reference,external_references,family_name\n"
                     f"{other},red cross: x-1,Petrenko\n", encoding="utf-8")
    report = import_file(sqlite_db, clash)
    (problem,) = report.problems
    assert problem.reason == (f"red cross: x-1 is CM-0001 here, not {other}; correct one of "
                              "the two references so that both name the same case")
    assert report.summary() == "clash.csv: 1 of 1 row rejected (1 problem); nothing was imported"


def test_a_reference_stored_as_typed_before_is_still_found(sqlite_db):
    # Before our numbers were read however padded, CM-00155 was stored as typed.
    from sqlalchemy import text

    ref = cases.create_case(sqlite_db, fields={"family_name": "Karimov"}).reference
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET reference = 'CM-00155' WHERE reference = :r"),
                     {"r": ref})
    assert cases.get_case(sqlite_db, "cm-00155").family_name == "Karimov"


def test_a_reference_stored_padded_before_is_the_case_an_import_updates(cli, sqlite_path,
                                                                        tmp_path):
    """A database made before our numbers were read however padded may hold CM-00155:
    an import naming CM-155, CM-0155 or CM-00155 updates that case, never adds a second
    person numbered 155 (tester t14, left open: `show` found it, the importer did not)."""
    import sqlite3

    _seed(sqlite_path, [*((f"CM-{n:04d}", {"family_name": f"Case{n}"}) for n in range(1, 4)),
                        ("CM-0155", {"family_name": "Karimov", "given_name": "Timur"})])
    with sqlite3.connect(sqlite_path) as raw:  # as an older version stored it
        raw.execute("UPDATE cases SET reference = 'CM-00155' WHERE reference = 'CM-0155'")
    raw.close()
    for typed in ("CM-155", "CM-0155", "CM-00155"):
        sheet = tmp_path / f"{typed}.csv"
        sheet.write_text(f"reference,family_name,given_name,unit\n"
                         f"{typed},Karimov,Timur,unit {typed}\n", encoding="utf-8")
        done = cli("import", str(sheet), "--on-duplicate", "update", db=str(sqlite_path))
        assert done.returncode == 0, done.stderr
        assert "0 new cases, 1 updated" in done.stdout, typed
        assert _show(cli, sqlite_path, typed)["unit"] == f"unit {typed}"
    listed = json.loads(cli("list", "--format", "json", db=str(sqlite_path)).stdout)
    assert sorted(c["reference"] for c in listed) == [
        "CM-0001", "CM-0002", "CM-0003", "CM-00155"]
    # The rest of the program agrees: its whole history, and no second case under 155.
    from casemanager.domain.errors import ValidationError
    from casemanager.services import audit

    db = open_database(str(sqlite_path))
    try:
        logged = {e.case_reference for e in audit.case_history(db, "CM-155")}
        assert logged == {"CM-0155", "CM-00155"}  # made as CM-0155, updated as stored
        try:
            cases.create_case(db, reference="CM-155", fields={"family_name": "Other"})
            raise AssertionError("a second case numbered 155 was made")
        except ValidationError as e:
            assert "already exists" in str(e)
    finally:
        db.dispose()


def test_a_bare_number_read_as_our_reference_is_said(cli, sqlite_path, tmp_path):
    """141 may be a partner's own number: reading it as our CM-0141 is said on its row
    (tester t14, left open: it was read so without a word)."""
    _seed(sqlite_path, [*((f"CM-{n:04d}", SARDOR) for n in (1, 2)),
                        ("CM-0003", {"family_name": "Karimov", "given_name": "Timur"})])
    sheet = tmp_path / "bare.csv"
    sheet.write_text("reference,family_name,given_name,unit\n"
                     "3,Karimov,Timur,7th brigade\n", encoding="utf-8")
    done = cli("import", str(sheet), "--on-duplicate", "update", db=str(sqlite_path))
    assert done.returncode == 0, done.stderr
    assert "'3' read as our CM-0003" in done.stdout
    assert _show(cli, sqlite_path, "CM-0003")["unit"] == "7th brigade"


def test_a_rename_by_reference_respells_the_whole_latin_name_it_kept(sqlite_db, tmp_path):
    """name_latin kept the old spelling after a rename (tester t14): the dossier printed
    "Khasanov Rustam Ikromovich" for a case now called Hasanov."""
    ref = cases.create_case(sqlite_db, fields={
        "family_name": "Khasanov", "given_name": "Rustam", "patronymic": "Ikromovich",
        "name_latin": "KHASANOV Rustam Ikromovich"}).reference
    other = cases.create_case(sqlite_db, fields={
        "family_name": "Karimov", "given_name": "Timur",
        "name_latin": "Karimov Temur"}).reference  # spelt otherwise: not guessed
    path = tmp_path / "k3.csv"
    path.write_text("reference,family_name,given_name\n"
                    f"{ref},Hasanov,Rustam\n{other},Karimov,Temur\n", encoding="utf-8")
    report = import_file(sqlite_db, path)
    assert (report.updated, report.problems) == (2, [])
    assert (2, "name_latin", f"{ref}'s whole Latin name KHASANOV Rustam Ikromovich is "
            "respelt Hasanov Rustam Ikromovich with it") in [
        (w.row, w.column, w.reason) for w in report.warnings]
    assert cases.get_case(sqlite_db, ref).name_latin == "Hasanov Rustam Ikromovich"
    assert cases.get_case(sqlite_db, ref).aliases == ("Khasanov Rustam",)
    assert cases.get_case(sqlite_db, other).name_latin == "Karimov Temur"


def test_a_slow_check_says_where_it_is_between_its_hundreds(sqlite_db, tmp_path,
                                                             monkeypatch):
    """Progress (and with it Cancel) every quarter second as well as every 500 rows: a
    check of 3,000 likely duplicates said nothing for 12 s at a time (tester t14)."""
    import itertools

    from casemanager.lists import importer

    ticks = itertools.count(0.0, 0.3)  # every row seems to take 0.3 s
    monkeypatch.setattr(importer.time, "monotonic", lambda: next(ticks))
    path = tmp_path / "few.csv"
    path.write_text("family_name,given_name\n" + "".join(
        f"Name{n},Given{n}\n" for n in range(5)), encoding="utf-8")
    said = []
    import_file(sqlite_db, path, dry_run=True,
                progress=lambda done, total, text: said.append(str(text)))
    assert [s for s in said if s.startswith("Checking row")] == [
        f"Checking row {n}…" for n in range(2, 7)]
