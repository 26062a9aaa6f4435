"""Issue 15, one kind of real-world fault per test, each from a small file built here."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from lists_helpers import counts, empty_twin, rows_by_reference
from openpyxl import Workbook

from casemanager.domain.errors import ValidationError
from casemanager.lists.export import export_cases
from casemanager.lists.importer import import_file, preview
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, case_ids


def _csv(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(path, rows, *, formats=None, merges=()):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for coord, fmt in (formats or {}).items():
        ws[coord].number_format = fmt
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


# ------------------------------------------------------------ 5: cell counts


def test_rows_with_fewer_or_more_cells_are_refused_with_both_counts(db, tmp_path):
    path = _csv(tmp_path / "shift.csv", (
        "family_name,given_name,capture_place\n"
        "Tursunov,Alisher,Avdiivka\n"
        "Karimov,Jasur\n"                     # one cell missing
        "Nazarov,Sardor,near Bakhmut, Donetsk\n"  # an unquoted comma
        "Rakhimov,Bobur,Kupiansk,,\n"          # trailing empty cells are harmless
    ))
    before = counts(db)
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "cells"), (4, "cells")]
    assert "2 cells but the header has 3" in report.problems[0].reason
    assert "4 cells but the header has 3" in report.problems[1].reason
    assert counts(db) == before


def test_workbook_value_beyond_the_last_header_is_refused(db, tmp_path):
    path = _xlsx(tmp_path / "wide.xlsx", [["family_name", "given_name"],
                                          ["Tursunov", "Alisher", "stray"]])
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "cells")]


# ------------------------------------------------------------ 6: two headers, one field


def test_two_columns_for_one_plain_field_are_refused_naming_both(db, tmp_path):
    path = _csv(tmp_path / "two.csv", "Фамилия;Дата рождения;DOB\nИванов;1990;1991\n")
    with pytest.raises(ValidationError, match="'Дата рождения' and 'DOB' are both read as "
                       "date_of_birth"):
        import_file(db, path)


def test_repeated_list_columns_are_joined_and_the_preview_says_so(db, tmp_path):
    path = _csv(tmp_path / "tags.csv", "surname,tag,tag,alias,alias\nIvanov,a,b,Ivanow,Иванов\n")
    p = preview(path)
    assert p.mapping == ("family_name", "tags", "tags", "aliases", "aliases")
    assert any("read together as tags" in n for n in p.notes)
    report = import_file(db, path)
    assert report.written, report.lines()
    got = cases.get_case(db, "CM-0001")
    assert got.tags == ("a", "b") and got.aliases == ("Ivanow", "Иванов")


# ------------------------------------------------------------ 8: Excel dates and numbers


def test_excel_date_formats_decide_the_precision_and_zero_formats_keep_zeros(db, tmp_path):
    path = _xlsx(tmp_path / "dates.xlsx", [
        ["family_name", "date_of_birth", "capture_date", "unit", "reference"],
        ["Karimov", dt.datetime(1990, 1, 1), dt.datetime(2023, 11, 1), 117, "CM-0001"],
        ["Nazarov", dt.datetime(1988, 4, 12), dt.datetime(2024, 2, 29), "0042", 7],
    ], formats={"B2": "yyyy", "C2": "mmm yyyy", "D2": "0000", "B3": "dd.mm.yyyy"})
    report = import_file(db, path)
    assert report.written, report.lines()
    first = cases.get_case(db, "CM-0001")
    assert (first.date_of_birth.iso(), first.capture_date.iso(), first.unit) == (
        "1990", "2023-11", "0117")
    second = cases.get_case(db, "CM-0007")
    assert (second.date_of_birth.iso(), second.capture_date.iso(), second.unit) == (
        "1988-04-12", "2024-02-29", "0042")
    assert [(w.row, w.column) for w in report.warnings] == [(3, "reference")] * 2
    assert "leading zeros" in report.warnings[0].reason
    assert report.warnings[1].reason == "'7' read as our CM-0007"  # a partner's 7?


# ------------------------------------------------------------ 9: merged cells


def test_merged_cells_give_their_value_to_every_row_they_span(db, tmp_path):
    path = _xlsx(tmp_path / "merged.xlsx", [
        ["family_name", "status", "capture_place"],
        ["Tursunov", "detained", "Avdiivka"],
        ["Karimov", None, None],
        ["Nazarov", "released", "Bakhmut"],
    ], merges=["B2:B3", "C2:C3"])
    report = import_file(db, path)
    assert report.written, report.lines()
    assert any("B2:B3 are merged" in n for n in report.notes)
    karimov = cases.get_case(db, "CM-0002")
    assert (karimov.status, karimov.capture_place) == ("detained", "Avdiivka")
    assert cases.get_case(db, "CM-0003").status == "released"


# ------------------------------------------------------------ 12: same person twice


def test_same_person_twice_across_spellings_but_not_namesakes_of_other_birth(db, tmp_path):
    path = _csv(tmp_path / "twice.csv", (
        "family_name,given_name,date_of_birth\n"
        "Tursunov,Alisher,1990-03\n"
        "Karimov,Jasur,1988\n"
        "Tursunow,Alisher,12.03.1990\n"   # same man, another spelling, fuller date
        "Karimov,Jasur,1979\n"            # a namesake born nine years earlier
    ))
    report = import_file(db, path)
    assert [(d.row, [m.row for m in d.matches]) for d in report.duplicates] == [(4, [2])]
    assert "row 4: Tursunow Alisher (1990-03-12) may be the same person as row 2" in (
        report.lines()[0])
    assert not report.written
    assert import_file(db, path, decisions={4: "skip"}).created == 3


# ------------------------------------------------------------ 1: partners' references


def test_partner_references_are_kept_found_exported_and_update_later(db, request, tmp_path):
    path = _csv(tmp_path / "acc_list.csv", (
        "reference,family_name,given_name,status\n"
        "ACC-001,Tursunov,Alisher,detained\n"
        "UA-POW-2024-0117,Karimov,Jasur,reported\n"
    ))
    report = import_file(db, path, source="Partner NGO")
    assert report.written and report.created == 2, report.lines()
    first = cases.get_case(db, "CM-0001")
    assert first.external_references == ("Partner NGO: ACC-001",)
    with db.session() as s:
        from casemanager.services.search import search_ids

        assert search_ids(s, "ACC-001") == [first.id]
        assert search_ids(s, "UA-POW-2024-0117") == [cases.get_case(db, "CM-0002").id]
    # The partner's updated list, later: the same cases through (source, reference).
    _csv(path, "reference,family_name,status\nACC-001,Tursunov,released\n")
    again = import_file(db, path, source="Partner NGO")
    assert (again.created, again.updated) == (0, 1)
    assert cases.get_case(db, "CM-0001").status == "released"
    # Another partner's ACC-001 is another case.
    _csv(path, "reference,family_name\nACC-001,Nazarov\n")
    assert import_file(db, path, source="Other group").created == 1
    # Export, then import into an empty database: same references, theirs included.
    out = tmp_path / "out.csv"
    export_cases(db, case_ids(db), out)
    header, first_row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.endswith(",updated_at,external_references")
    assert first_row.endswith(",Partner NGO: ACC-001")
    with empty_twin(db, request, tmp_path) as twin:
        back = import_file(twin, out)
        assert back.written and back.created == 3, back.lines()
        assert rows_by_reference(twin) == rows_by_reference(db)
        assert cases.get_case(twin, "CM-0003").external_references == ("Other group: ACC-001",)


def test_without_a_source_the_file_name_stands_and_the_report_says_so(db, tmp_path):
    path = _csv(tmp_path / "icrc_march.csv", "reference,family_name\nICRC 123456,Tursunov\n")
    report = import_file(db, path)
    assert report.written
    assert any("'icrc_march' as their source" in n for n in report.notes)
    assert cases.get_case(db, "CM-0001").external_references == ("icrc_march: ICRC 123456",)


def test_our_reference_beside_theirs_of_another_case_is_refused(db, tmp_path):
    path = _csv(tmp_path / "p.csv", "reference,family_name\nACC-1,Tursunov\nACC-2,Karimov\n")
    import_file(db, path, source="P")
    _csv(path, "reference,external_references,family_name\nCM-0001,P: ACC-2,Tursunov\n")
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert "P: ACC-2 is CM-0002 here, not CM-0001" in report.problems[0].reason


# ------------------------------------------------------------ 2: formula-looking text


def test_formula_looking_text_is_imported_as_written_with_warnings(db, tmp_path):
    path = _csv(tmp_path / "f.csv", (
        "family_name,health,unit,capture_place\n"
        'Tursunov,+ shrapnel wound,"=HYPERLINK(""http://x"")",@SUM(A1:A2)\n'
        "Karimov,-2 kg a week,'-guarded by our export,\n"
    ))
    report = import_file(db, path)
    assert report.written and not report.problems
    assert [(w.row, w.column) for w in report.warnings] == [
        (2, "health"), (2, "unit"), (2, "capture_place"), (3, "health")]
    first = cases.get_case(db, "CM-0001")
    assert (first.health, first.unit, first.capture_place) == (
        "+ shrapnel wound", '=HYPERLINK("http://x")', "@SUM(A1:A2)")
    assert cases.get_case(db, "CM-0002").unit == "-guarded by our export"
    out = tmp_path / "out.csv"
    export_cases(db, case_ids(db), out)
    assert "'+ shrapnel wound" in out.read_text(encoding="utf-8-sig")  # guarded again


def test_a_formula_cell_gives_its_saved_value_with_a_warning(db, tmp_path):
    path = _xlsx(tmp_path / "formula.xlsx", [["family_name", "unit", "rank"],
                                             ["Ivanov", '=CONCAT("3rd"," brigade")', "=1+1"]])
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    # Excel saves a formula's last value beside it; openpyxl cannot, so add it to B2.
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'(<c r="B2"[^>]*>)<f>(.*?)</f><v ?/>',
        rb'\1<f>\2</f><v>3rd brigade</v>', sheet).replace(b'<c r="B2"', b'<c r="B2" t="str"')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "rank")]
    assert "C2 is a formula with no saved value" in report.problems[0].reason
    assert [(w.row, w.column) for w in report.warnings] == [(2, "unit")]
    assert "saved value '3rd brigade' was taken" in report.warnings[0].reason


# ------------------------------------------------------------ 3: Windows-1251


def test_windows_1251_with_typographic_punctuation_is_read(db, tmp_path):
    path = _csv(tmp_path / "cp.csv", (
        "Фамилия;Имя;Место пленения;Здоровье\n"
        "Турсунов;Алишер;«Авдеевка» — позиция №3…;ранение – «лёгкое»\n"
    ), "cp1251")
    report = import_file(db, path)
    assert report.written, report.lines()
    assert any("Windows-1251" in n for n in report.notes)
    got = cases.get_case(db, "CM-0001")
    assert got.capture_place == "«Авдеевка» — позиция №3…"
    assert got.health == "ранение – «лёгкое»"


def test_an_unreadable_encoding_says_why(db, tmp_path):
    from casemanager.lists.reading import FileRejected

    path = tmp_path / "bin.csv"
    path.write_bytes(b"family_name\n" + bytes(range(0x80, 0x100)) * 3 + b"\x01\x02\n")
    with pytest.raises(FileRejected, match="save it as UTF-8"):
        import_file(db, path)


# ------------------------------------------------------------ 4: header below a title


def test_header_below_a_title_and_blank_lines_in_a_csv(db, tmp_path):
    path = _csv(tmp_path / "t.csv", (
        "Список военнопленных, март 2024\n"
        "\n"
        "№;Фамилия;Имя;Дата рождения\n"
        "1;Турсунов;Алишер;1990\n"
    ))
    report = import_file(db, path)
    assert report.written, report.lines()
    assert any("header was found on row 3" in n for n in report.notes)
    assert cases.get_case(db, "CM-0001").name_native == "Турсунов Алишер"


# ------------------------------------------------------------ 7: Cyrillic in Latin columns


def test_cyrillic_in_latin_name_columns_gets_native_name_and_icao_latin(db, tmp_path):
    path = _csv(tmp_path / "ru.csv", "Фамилия;Имя;Отчество\nЩукин;Юрий;Ильич\nSmith;John;\n")
    report = import_file(db, path)
    assert report.written
    got = cases.get_case(db, "CM-0001")
    assert (got.family_name, got.given_name, got.patronymic, got.name_native) == (
        "Shchukin", "Iurii", "Ilich", "Щукин Юрий Ильич")
    assert cases.get_case(db, "CM-0002").name_native == ""
    assert any("ICAO Doc 9303" in n and "on row 2:" in n for n in report.notes)


# ------------------------------------------------------------ 10: mojibake


def test_mojibake_is_repaired_per_cell_and_reported(db, tmp_path):
    broken = "Турсунов".encode().decode("cp1251")  # РўСѓСЂСЃСѓРЅРѕРІ
    latin1 = "Каримов Жасур".encode().decode("latin-1").encode("latin-1").decode("cp1252",
                                                                                  "replace")
    path = _csv(tmp_path / "m.csv", f"family_name,name_native\nTursunov,{broken}\n"
                f"Karimov,{latin1}\n")
    report = import_file(db, path)
    lines = report.lines()
    assert [(w.row, w.column) for w in report.warnings] == [(2, "name_native")], lines
    assert "once read as Windows-1251: read as 'Турсунов'" in report.warnings[0].reason
    assert [(p.row, p.column) for p in report.problems] == [(3, "name_native")], lines
    assert "cannot be repaired unambiguously" in report.problems[0].reason


def test_latin1_mojibake_is_repaired_by_ftfy(db, tmp_path):
    path = _csv(tmp_path / "l.csv", "family_name,health\nDubois,blessÃ© Ã  la jambe\n")
    report = import_file(db, path)
    assert report.written, report.lines()
    assert cases.get_case(db, "CM-0001").health == "blessé à la jambe"
    assert [(w.row, w.column) for w in report.warnings] == [(2, "health")]


# ------------------------------------------------------------ after the import


def test_the_import_is_remembered_by_its_cases(db, tmp_path):
    cases.create_case(db, fields={"family_name": "Untouched"})
    path = _csv(tmp_path / "p.csv", "reference,family_name\nA-1,Tursunov\nA-2,Karimov\n")
    report = import_file(db, path, source="Partner")
    assert report.import_id is not None
    assert f"(import {report.import_id})" in report.summary()
    ids = case_ids(db, CaseFilter(import_id=report.import_id))
    assert len(ids) == 2
    got = cases.get_case(db, "CM-0002")
    assert [(i.import_id, i.file, i.source, i.action) for i in got.imports] == [
        (report.import_id, "p.csv", "Partner", "create")]
    _csv(path, "reference,family_name,status\nA-1,Tursunov,released\n")
    later = import_file(db, path, source="Partner")
    assert [i.action for i in cases.get_case(db, "CM-0002").imports] == ["create", "update"]
    assert len(case_ids(db, CaseFilter(import_id=later.import_id))) == 1


def test_a_merge_takes_the_partners_references_along_and_undo_gives_them_back(db, tmp_path):
    from casemanager.services.merge import merge_cases, undo_merge
    from casemanager.services.search import search_ids

    path = _csv(tmp_path / "p.csv", "reference,family_name,date_of_birth\n"
                "A-1,Tursunov,1990\nA-2,Tursunow,1991\n")
    import_file(db, path, source="P")
    result = merge_cases(db, "CM-0001", "CM-0002")
    assert cases.get_case(db, "CM-0001").external_references == ("P: A-1", "P: A-2")
    with db.session() as s:
        assert search_ids(s, "A-2") == [cases.get_case(db, "CM-0001").id]
    undo_merge(db, result.audit_id)
    assert cases.get_case(db, "CM-0002").external_references == ("P: A-2",)


def test_unknown_columns_can_go_to_the_case_notes(db, tmp_path):
    from casemanager.lists.columns import guess_mapping, unknown_to_notes

    path = _csv(tmp_path / "n.csv", "surname,Mother's phone,Brigade\nIvanov,+7 900,5th\n")
    mapping = unknown_to_notes(["surname", "Mother's phone", "Brigade"],
                               guess_mapping(["surname", "Mother's phone", "Brigade"]))
    assert mapping == ["family_name", "notes", "notes"]
    report = import_file(db, path, mapping=mapping)
    assert report.written, report.lines()
    assert cases.get_case(db, "CM-0001").notes == "Mother's phone: +7 900\nBrigade: 5th"
    _csv(path, "reference,Visit\nCM-0001,ICRC visit 2024-05\n")
    import_file(db, path, mapping=["reference", "notes"])
    assert cases.get_case(db, "CM-0001").notes.endswith("Brigade: 5th\nVisit: ICRC visit 2024-05")


def test_cells_merged_across_columns_are_refused_naming_the_range(db, tmp_path):
    path = _xlsx(tmp_path / "wide.xlsx", [
        ["Список на обмен", None, None],
        ["family_name", "given_name", "unit"],
        ["Tursunov Alisher", None, "5th"],
    ], merges=["A1:C1", "A3:B3"])
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "family_name")]
    assert "cells A3:B3 are merged across columns" in report.problems[0].reason


def test_the_same_name_heading_twice_is_told_apart_by_the_script_of_its_values(db, tmp_path):
    path = _csv(tmp_path / "twice.csv", "Фамилия;Фамилия;Имя;Имя\n"
                "Турсунов;Tursunov;Алишер;Alisher\nKarimov;Каримов;Jasur;Жасур\n")
    # Script told by the first rows: column 1 is Cyrillic there, column 2 Latin... but
    # row 3 mixes them, so nothing can be said: refused, naming both columns.
    with pytest.raises(ValidationError, match="'Фамилия' and 'Фамилия' are both read"):
        import_file(db, path)
    _csv(path, "Фамилия;Фамилия;Имя;Имя\nТурсунов;Tursunov;Алишер;Alisher\n"
         "Каримов;Karimov;Жасур;Jasur\n")
    report = import_file(db, path)
    assert report.written, report.lines()
    got = cases.get_case(db, "CM-0001")
    assert (got.family_name, got.given_name, got.name_native) == (
        "Tursunov", "Alisher", "Турсунов Алишер")


def test_a_mojibake_header_is_repaired_and_said(db, tmp_path):
    header = "Фамилия;Отчество".encode().decode("cp1251")  # РћС‚С‡РµСЃС‚РІРѕ
    path = _csv(tmp_path / "h.csv", f"{header}\nIvanov;Petrovich\n")
    report = import_file(db, path)
    assert report.written, report.lines()
    assert any("read as 'Фамилия'" in n for n in report.notes)
    got = cases.get_case(db, "CM-0001")
    assert (got.family_name, got.patronymic) == ("Ivanov", "Petrovich")


# ------------------------------------------------------------ found by a tester


def test_a_value_under_a_column_with_no_heading_is_refused(db, tmp_path):
    path = _csv(tmp_path / "noheading.csv",
                "Фамилия,Имя,\r\nТурсунов,Алишер,важная заметка\r\n")
    before = counts(db)
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "column C")]
    assert "no heading ('важная заметка')" in report.problems[0].reason
    assert counts(db) == before


def test_columns_no_field_takes_are_named_in_the_report(db, tmp_path):
    path = _csv(tmp_path / "extra.csv", "Фамилия,Имя,Возраст,Примечание\r\n"
                "Турсунов,Алишер,35,важно\r\nКаримов,Жасур,,\r\n")
    report = import_file(db, path)
    assert not report.problems and report.created == 2
    [note] = [n for n in report.notes if n.startswith("not imported")]
    assert "'Возраст' (first value on row 2), 'Примечание' (first value on row 2)" in note
    assert "--unknown-to-notes" in note


def test_separators_of_reference_lists_are_refused_in_references_and_sources(db, tmp_path):
    path = _csv(tmp_path / "refs.csv", "reference,family_name,given_name\r\n"
                "A;B-2,Nazarov,Sardor\r\n")
    report = import_file(db, path, source="Partner NGO")
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert "contains ';'" in report.problems[0].reason
    with pytest.raises(ValidationError, match="may not contain ';' or ': '"):
        import_file(db, path, source="Ombudsman: Kyiv office")


def test_an_update_never_makes_a_date_less_precise(db, tmp_path):
    first = _csv(tmp_path / "a.csv", "family_name,given_name,date_of_birth\r\n"
                 "Tursunov,Alisher,12.03.1990\r\n")
    assert import_file(db, first).created == 1
    vaguer = _csv(tmp_path / "b.csv", "family_name,given_name,date_of_birth,rank\r\n"
                  "Tursunov,Alisher,1990,private\r\n")
    report = import_file(db, vaguer, on_duplicate="update")
    assert report.updated == 1
    [ref] = [c.reference for c in [cases.get_case(db, "CM-0001")]]
    case = cases.get_case(db, ref)
    assert (case.date_of_birth.display(), case.rank) == ("12.03.1990", "private")


def test_windows_1251_read_as_latin1_and_uzbek_apostrophe_mojibake_are_repaired(db, tmp_path):
    sardor = "Сардор".encode("cp1251").decode("latin-1")           # Ñàðäîð
    wound = "ранение в ногу".encode("cp1251").decode("latin-1")
    place = "Oʻzbekiston".encode().decode("cp1251")           # OК»zbekiston
    path = _csv(tmp_path / "moji.csv", "family_name,given_name,health,capture_place\r\n"
                f"Nazarov,{sardor},{wound},{place}\r\nMüller,José,,\r\n")
    report = import_file(db, path)
    assert not report.problems and report.created == 2
    case = cases.get_case(db, "CM-0001")
    # The repaired Cyrillic name goes to the native-script name, ICAO Latin beside it.
    assert (case.given_name, case.health, case.capture_place) == (
        "Sardor", "ранение в ногу", "Oʻzbekiston")
    assert "Сардор" in case.name_native
    assert cases.get_case(db, "CM-0002").given_name == "José"  # real Latin-1 text stays
    assert sorted((w.row, w.column) for w in report.warnings) == [
        (2, "capture_place"), (2, "given_name"), (2, "health")]


def test_ukrainian_and_uzbek_headings_and_country_names_are_read(db, tmp_path):
    """Lists from Ukrainian and Uzbek partners: their headings (Latin and Cyrillic Uzbek,
    apostrophes typed any way) and their names of countries, sexes and statuses."""
    ukrainian = _xlsx(tmp_path / "uk.xlsx", [
        ["Прізвище", "Ім'я", "По батькові", "Дата народження", "Громадянство", "Стать",
         "Статус"],
        ["Турсунов", "Алішер", "Бахтійорович", "12.03.1994", "Узбекистан", "чоловіча",
         "у полоні"],
    ])
    uzbek = _xlsx(tmp_path / "uz.xlsx", [
        ["Familiyasi", "Ismi", "Otasining ismi", "Tugʻilgan sanasi", "Fuqaroligi", "Jinsi"],
        ["Karimov", "Aziz", "Rustamovich", "05.01.1990", "O'zbekiston", "erkak"],
        ["Sadykov", "Bakyt", "", "1988", "Qirgʻiziston", "erkak"],
    ])
    uzbek_cyrillic = _csv(tmp_path / "uz-cyr.csv",
                          "Фамилияси,Исми,Туғилган санаси,Фуқаролиги\n"
                          "Юсупов,Бахтиёр,1979,Ўзбекистон\n")
    for path in (ukrainian, uzbek, uzbek_cyrillic):
        report = import_file(db, path, actor="tester")
        assert report.written and not report.problems and not report.warnings, (
            path.name, report.problems, report.warnings)
    made = {c.family_name or c.name_native: c for c in
            (cases.get_case(db, r) for r in ("CM-0001", "CM-0002", "CM-0003", "CM-0004"))}
    tursunov = next(c for c in made.values() if "Турсунов" in (c.family_name + c.name_native))
    assert str(tursunov.date_of_birth) == "1994-03-12" and tursunov.citizenships == ("UZ",)
    assert tursunov.sex == "male" and tursunov.status == "detained"
    karimov = made["Karimov"]
    assert karimov.patronymic == "Rustamovich" and karimov.citizenships == ("UZ",)
    assert made["Sadykov"].citizenships == ("KG",)
    yusupov = next(c for c in made.values() if "Юсупов" in (c.family_name + c.name_native))
    assert yusupov.citizenships == ("UZ",) and str(yusupov.date_of_birth) == "1979"


def test_a_list_after_a_cover_sheet_is_found_and_said(db, tmp_path):
    """Partners' workbooks often open on a cover page or a summary: the list is read from
    the first sheet whose header names known columns, and the report says which."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Обложка"
    cover.append(["Список, подготовлен 12.03.2026"])
    cover.merge_cells("A1:D1")
    data = wb.create_sheet("Данные")
    data.append(["Фамилия", "Имя", "Дата рождения", "Место содержания"])
    data.append(["Турсунов", "Алишер", dt.datetime(1994, 3, 12), "СИЗО-1"])
    data.append(["Каримов", "Азиз", "1990", None])
    data.merge_cells("D2:D3")  # one place for both: the data sheet's merges are read
    path = tmp_path / "cover.xlsx"
    wb.save(path)
    report = import_file(db, path, actor="tester")
    assert report.written and report.created == 2, report.problems
    assert any("read from the sheet 'Данные'" in n and "'Обложка'" in n for n in report.notes)
    made = [cases.get_case(db, r) for r in ("CM-0001", "CM-0002")]
    assert str(made[0].date_of_birth) == "1994-03-12"
    assert {c.detention_place for c in made} == {"СИЗО-1"}


def test_a_workbook_with_no_list_on_any_sheet_is_refused_as_before(db, tmp_path):
    wb = Workbook()
    wb.active.append(["Notes for the meeting"])
    wb.create_sheet("Sums").append(["Total", 3])
    path = tmp_path / "none.xlsx"
    wb.save(path)
    with pytest.raises(ValidationError, match="no name or reference column"):
        import_file(db, path, actor="tester")
