"""The import wizard and the export dialog, driven as a caseworker would (offscreen)."""

from __future__ import annotations

import csv
import io

import pytest
from failure_helpers import wait_for_background
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWizard

from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from ui.context import AppContext
from ui.labels import date_text
from ui.lists.export_dialog import ExportDialog
from ui.lists.import_wizard import ImportWizard


@pytest.fixture
def ctx(sqlite_db, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=sqlite_db, actor="tester", settings=settings)
    # Let background jobs end before their widgets and the database go away.
    wait_for_background()


def _next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def cell(table, row, column):
    return table.model().index(row, column).data()


def choose(qtbot, check, row, key):
    """Click the row's choice, as a caseworker does, and pick `key` in the list."""
    from PySide6.QtWidgets import QComboBox

    table = check.duplicates
    index = table.model().index(row, 3)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    combo = table.indexWidget(index)
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.view().isVisible())  # the list opens at once
    combo.setCurrentIndex(combo.findData(key))
    combo.activated.emit(combo.currentIndex())
    combo.hidePopup()
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def _start(qtbot, ctx, path):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    _next(qtbot, wizard)
    return wizard


def test_wizard_maps_columns_checks_and_imports_with_a_duplicate_choice(qtbot, ctx, tmp_path):
    ref = cases.create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                            "date_of_birth": "1994"}).reference
    path = tmp_path / "partner.csv"
    path.write_text("Фамилия;Имя;Дата рождения;Brigade\nTursunow;Alisher;12.03.1994;5th\n"
                    "Каримов;Жасур;1990;3rd\n", encoding="cp1251", errors="strict")
    wizard = _start(qtbot, ctx, path)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert page.chosen() == ["family_name", "given_name", "date_of_birth", None]
    assert page.mapping.item(0, 2).text() == "Tursunow"
    # Two columns read as the same field: the page says so and will not go on.
    page.combos[3].setCurrentIndex(page.combos[3].findData("family_name"))
    assert "both read as family_name" in page.error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.combos[3].setCurrentIndex(page.combos[3].findData("unit"))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _next(qtbot, wizard)
    check = wizard.check_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    assert check.problems.isHidden() and not check.duplicates.isHidden()
    assert cell(check.duplicates, 0, 0) == "2"
    assert ref in cell(check.duplicates, 0, 2)
    # Dates the check read are written as the window writes them, not ISO (1994-03-12).
    assert cell(check.duplicates, 0, 1).endswith(f" ({date_text(PartialDate(1994, 3, 12))})")
    assert cell(check.duplicates, 0, 2).endswith(" (1994)")
    assert check.choice(2) == "skip"
    choose(qtbot, check, 0, "update")  # a click on the row's choice, then "Update that case"
    assert check.choice(2) == "update"
    _next(qtbot, wizard)
    assert "new cases: 1" in wizard.confirm_page.summary.text()
    assert "existing cases updated: 1" in wizard.confirm_page.summary.text()
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert wizard.result_report.written
    assert count_cases(ctx.db) == 2
    updated = cases.get_case(ctx.db, ref)
    assert updated.unit == "5th" and "Tursunow Alisher" in updated.aliases
    assert updated.family_name == "Tursunov"


def _report(duplicates: int = 0, problems: int = 0):
    from casemanager.lists.importer import Duplicate, ImportReport, Problem
    from casemanager.lists.likely_duplicates import DuplicateMatch

    return ImportReport(file="big.csv", rows=max(duplicates, problems), dry_run=True, duplicates=[
        Duplicate(row=n + 2, name=f"Tursunov Alisher Bakhtiyorovich {n}", date_of_birth="1994",
                  matches=(DuplicateMatch(f"CM-{n:05d}", f"Tursunov Alisher {n}", "1994", 80),
                           DuplicateMatch("", f"Tursunov A. {n}", "", 70, row=n + 1)))
        for n in range(duplicates)], problems=[
        Problem(row=n // 2 + 2, column="date_of_birth", reason="day 31 does not exist")
        for n in range(problems)])


def test_thousands_of_duplicates_and_problems_are_not_built_row_by_row(qtbot, ctx):
    # 10,000 likely duplicates froze the window for 13.3 s (an item per cell, a combo box
    # per row, every row measured); 40,000 problems for 3.6 s. The check's tables are
    # models now: nothing is built per row, and a cell is read only when shown.
    from PySide6.QtWidgets import QComboBox

    from ui.lists.import_tables import DuplicatesModel
    from ui.lists.import_wizard import CheckPage

    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    page = CheckPage(wizard)  # shown alone: the check itself is not what is tested here
    qtbot.addWidget(page)
    page.resize(800, 520)
    page.show()
    worded = []
    describe = page.duplicates_model._describe
    page.duplicates_model._describe = lambda d: worded.append(d.row) or describe(d)
    page._checked(_report(duplicates=3000))
    qtbot.wait(50)  # painted
    table = page.duplicates
    assert table.model().rowCount() == 3000 and table.isVisible()
    assert not page.findChildren(QComboBox)  # no combo box per row
    assert 0 < len(worded) < 200, len(worded)  # the rows in sight and a few beyond
    assert cell(table, 2999, 0) == "3001"
    # The case a row may be has room (it was squeezed to "…" beside the person's name).
    header = table.horizontalHeader()
    assert header.sectionSize(DuplicatesModel.MAY_BE) >= table.viewport().width() // 4
    assert header.sectionSize(DuplicatesModel.MAY_BE) >= \
        header.sectionSize(DuplicatesModel.PERSON) - 1
    assert "row 2: Tursunov A. 1" in table.model().index(1, 2).data(Qt.ItemDataRole.ToolTipRole)
    # Many rows at once: select them, then one choice for all.
    assert not page.choose_buttons["update"].isEnabled()
    table.selectRow(1)
    table.selectionModel().select(table.model().index(2, 0), table.selectionModel()
                                  .SelectionFlag.Select | table.selectionModel()
                                  .SelectionFlag.Rows)
    qtbot.mouseClick(page.choose_buttons["update"], Qt.MouseButton.LeftButton)
    assert [page.choice(r) for r in (2, 3, 4, 5)] == ["skip", "update", "update", "skip"]
    assert cell(table, 1, 3) == "Update that case"
    table.selectAll()
    qtbot.mouseClick(page.choose_buttons["add"], Qt.MouseButton.LeftButton)
    page.validatePage()
    assert len(wizard.decisions) == 3000 and set(wizard.decisions.values()) == {"add"}

    page._checked(_report(problems=40_000))
    assert page.problems.model().rowCount() == 40_000 and page.problems.isVisible()
    assert cell(page.problems, 39_999, 0) == "20001"


def test_wizard_shows_every_problem_and_imports_nothing(qtbot, ctx, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("surname,dob,citizenship\nIvanov,31.02.1990,UZ\nPetrov,1990,Марс\n",
                    encoding="utf-8")
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    table = wizard.check_page.problems
    assert table.model().rowCount() == 2
    assert [cell(table, r, 0) for r in range(2)] == ["2", "3"]
    assert "'Марс' is not a known country" in cell(table, 1, 2)
    assert "Nothing will be imported" in wizard.check_page.status.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert count_cases(ctx.db) == 0


def test_wizard_says_why_a_file_is_refused(qtbot, ctx, tmp_path):
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    wizard = _start(qtbot, ctx, path)
    assert wizard.currentPage() is wizard.file_page
    assert "not a readable XLSX workbook" in wizard.file_page.error.text()


def test_export_dialog_writes_the_list_and_remembers_choices(qtbot, ctx, tmp_path):
    cases.create_case(ctx.db, fields={"family_name": "Tursunov", "name_native": "Турсунов",
                                      "status": "detained"})
    cases.create_case(ctx.db, fields={"family_name": "Ivanov", "status": "released"})
    dialog = ExportDialog(ctx, CaseFilter(statuses=("detained",)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "counting" in dialog.summary.text()  # on the database worker
    qtbot.waitUntil(lambda: dialog.count is not None)
    assert dialog.count == 1 and ": 1</b>" in dialog.summary.text()
    dialog.csv.setChecked(True)
    for row in range(dialog.columns.count()):
        item = dialog.columns.item(row)
        keep = item.data(Qt.ItemDataRole.UserRole) in ("reference", "name_native", "status")
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    assert not dialog.export_button.isEnabled()  # no file chosen yet
    out = tmp_path / "detained.csv"
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows == [["reference", "status", "name_native"], ["CM-0001", "detained", "Турсунов"]]
    again = ExportDialog(ctx, CaseFilter())
    qtbot.addWidget(again)
    assert again.chosen_columns() == ["reference", "status", "name_native"]
    assert again.fmt() == "csv"


def _export(qtbot, ctx, typed: str, fmt: str) -> ExportDialog:
    dialog = ExportDialog(ctx, CaseFilter())
    qtbot.addWidget(dialog)
    dialog.show()
    (dialog.csv if fmt == "csv" else dialog.xlsx).setChecked(True)
    qtbot.keyClicks(dialog.path, typed)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    return dialog


def test_export_never_writes_one_format_under_the_other_s_extension(qtbot, ctx, tmp_path):
    """Issue 17 item 8: Excel chosen, `export_ru.csv` typed: an XLSX was written into it."""
    cases.create_case(ctx.db, fields={"family_name": "Tursunov", "status": "detained"})
    typed_csv = tmp_path / "export_ru.csv"
    dialog = _export(qtbot, ctx, str(typed_csv), "xlsx")
    assert dialog.fmt() == "csv" and dialog.written == typed_csv  # the format followed
    assert typed_csv.read_bytes()[:2] != b"PK"  # not a zip (XLSX)
    assert next(csv.reader(io.StringIO(typed_csv.read_text("utf-8-sig"))))[0] == "reference"
    typed_xlsx = tmp_path / "export_ru.xlsx"
    dialog = _export(qtbot, ctx, str(typed_xlsx), "csv")
    assert dialog.fmt() == "xlsx" and typed_xlsx.read_bytes()[:2] == b"PK"
    # No extension: the chosen format's is added, and the field shows it.
    dialog = _export(qtbot, ctx, str(tmp_path / "list"), "xlsx")
    assert dialog.written == tmp_path / "list.xlsx" and (tmp_path / "list.xlsx").exists()
    assert dialog.path.text() == str(tmp_path / "list.xlsx")
    # Choosing the other format afterwards changes the extension typed.
    dialog = ExportDialog(ctx, CaseFilter())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.path, str(tmp_path / "again.csv"))
    dialog.xlsx.setChecked(True)
    assert dialog.path.text() == str(tmp_path / "again.xlsx")


def test_wizard_shows_decisions_warnings_and_leads_to_the_imported_cases(qtbot, ctx, tmp_path):
    path = tmp_path / "partner.csv"
    path.write_text(
        "Список, март 2024\n\n"
        "№;Номер;Фамилия (кириллицей);Фамилия (латиницей);Гражданство;Гражданство;Здоровье\n"
        "1;ACC-001;Турсунов;Tursunov;KG;RU;+ shrapnel wound\n"
        "2;ACC-002;Каримов;Karimov;UZ;;\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    qtbot.keyClicks(wizard.file_page.source, "Partner NGO")
    _next(qtbot, wizard)
    notes = wizard.mapping_page.notes.text()
    assert "header was found on row 3" in notes
    assert "are read together as citizenships" in notes
    assert wizard.mapping_page.chosen()[1:4] == ["reference", "name_native", "family_name"]
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    check = wizard.check_page
    assert not check.warnings.isHidden()
    assert cell(check.warnings, 0, 0) == "4"
    assert "looks like a spreadsheet formula" in cell(check.warnings, 0, 2)
    _next(qtbot, wizard)
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    report = wizard.result_report
    assert report.written and report.created == 2
    # Written: one way out, Close, focused (not Cancel beside it, issue 17 item 8).
    shown = [b for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                         QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton)
             if wizard.button(b).isVisible()]
    close = wizard.button(QWizard.WizardButton.FinishButton)
    assert shown == [QWizard.WizardButton.FinishButton] and close.text() == "Close"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is close)
    assert close.isDefault()
    assert "New cases: <b>2</b>" in wizard.confirm_page.summary.text()
    assert cases.get_case(ctx.db, "CM-0001").external_references == ("Partner NGO: ACC-001",)
    assert cases.get_case(ctx.db, "CM-0001").citizenships == ("KG", "RU")
    with qtbot.waitSignal(wizard.show_cases_requested, timeout=5_000) as shown:
        qtbot.mouseClick(wizard.confirm_page.show_cases, Qt.MouseButton.LeftButton)
    assert shown.args == [report.import_id]
    assert count_cases(ctx.db, CaseFilter(import_id=report.import_id)) == 2
    assert not wizard.isVisible()


def test_wizard_keeps_an_unknown_column_in_the_case_notes(qtbot, ctx, tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("surname,Mother's phone\nIvanov,0049 30 1234\n", encoding="utf-8")
    wizard = _start(qtbot, ctx, path)
    combo = wizard.mapping_page.combos[1]
    assert combo.currentData() is None  # ignored unless the caseworker says otherwise
    combo.setCurrentIndex(combo.findData("notes"))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    _next(qtbot, wizard)
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert cases.get_case(ctx.db, "CM-0001").notes == "Mother's phone: 0049 30 1234"


def test_the_wizard_s_own_cancel_cancels_the_running_import(qtbot, ctx, tmp_path):
    # The wizard's Cancel looked enabled during "Importing row N…" but did nothing (the
    # progress dialog was modal): all 3,000 rows were written. It cancels the import now.
    import threading

    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name\n" + "".join(
        f"Karimov{n},Aziz\n" for n in range(30)), encoding="utf-8")
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    _next(qtbot, wizard)
    gate = threading.Event()
    ctx.worker.submit(lambda: gate.wait(10))  # the import waits behind this
    try:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
        assert wizard.task is not None and not wizard.task.finished
        assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        cancel = wizard.button(QWizard.WizardButton.CancelButton)
        assert cancel.isEnabled()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert wizard.isVisible()  # until the import has stopped
        assert not cancel.isEnabled()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: wizard.task is None, timeout=20_000)
    assert wizard.confirm_page.title() == "Import cancelled"
    assert "Nothing was written" in wizard.confirm_page.subTitle()
    assert count_cases(ctx.db) == 0 and wizard.result_report is None
    assert cancel.isEnabled()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # now it closes the wizard
    assert not wizard.isVisible()


def test_update_is_not_offered_for_a_row_that_may_be_any_of_several_cases(qtbot, ctx,
                                                                         tmp_path):
    """The re-tester's finding: "Update the case" chosen for a row that may be either of
    two cases was accepted by the check page and refused by the import."""
    for _ in range(2):
        cases.create_case(ctx.db, fields={"family_name": "Karimov", "given_name": "Rustam",
                                          "date_of_birth": "1990-02-03"})
    path = tmp_path / "karimov.csv"
    path.write_text("family_name,given_name,date_of_birth\nKarimov,Rustam,1990-02-03\n",
                    encoding="utf-8")
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    check = wizard.check_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    assert check.duplicates_model.ambiguous(0)
    choose(qtbot, check, 0, "update")  # the list's "Update that case" is off: not taken
    assert check.choice(2) == "skip"
    check.duplicates.selectRow(0)
    qtbot.mouseClick(check.choose_buttons["update"], Qt.MouseButton.LeftButton)
    assert check.choice(2) == "skip"
    assert check.kept_note.isVisible() and "1 row may be any of several cases and was left" in (
        check.kept_note.text())
    qtbot.mouseClick(check.choose_buttons["add"], Qt.MouseButton.LeftButton)
    assert check.choice(2) == "add" and not check.kept_note.isVisible()


def test_a_refused_import_names_the_rows_and_lets_the_caseworker_go_back(qtbot, ctx, tmp_path):
    """A refusal at Import (here: the file changed after the check) said only "1 of 1 row
    rejected", with Back and Import both off."""
    path = tmp_path / "list.csv"
    path.write_text("family_name,given_name,date_of_birth\nKarimov,Rustam,1990-02-03\n",
                    encoding="utf-8")
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    _next(qtbot, wizard)
    path.write_text("family_name,given_name,date_of_birth\nKarimov,Rustam,31.02.1990\n",
                    encoding="utf-8")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    page = wizard.confirm_page
    qtbot.waitUntil(lambda: page.title() == "Nothing was imported", timeout=20_000)
    assert "row 2, date_of_birth" in page.summary.text(), page.summary.text()
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert count_cases(ctx.db) == 0
    # The file put right, Import again (it is on) goes through.
    path.write_text("family_name,given_name,date_of_birth\nKarimov,Rustam,1990-02-03\n",
                    encoding="utf-8")
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert count_cases(ctx.db) == 1


def test_rows_the_same_as_their_case_are_said_apart_from_updates(qtbot, ctx, tmp_path):
    """Tester: our own export read back in was "100000 updated". The check's summary
    and the result count rows that change nothing apart, and write nothing for them."""
    from casemanager.lists.export import export_cases
    from casemanager.services.queries import case_ids

    for name in ("Tursunov", "Karimov", "Yusupov"):
        cases.create_case(ctx.db, fields={"family_name": name, "given_name": "Alisher"})
    path = tmp_path / "ours.csv"
    export_cases(ctx.db, case_ids(ctx.db), path)
    text = path.read_text(encoding="utf-8-sig").replace("Yusupov,Alisher", "Yusupov,Alisherjon")
    path.write_text(text, encoding="utf-8-sig")
    before = cases.get_case(ctx.db, "CM-0001")
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    _next(qtbot, wizard)
    summary = wizard.confirm_page.summary.text()
    assert "existing cases updated: 1 " in summary
    assert "rows the same as their case (nothing to change): 2" in summary
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    result = wizard.confirm_page.summary.text()
    assert "Updated: <b>1</b>." in result
    assert "Unchanged (the same as their case): 2." in result
    after = cases.get_case(ctx.db, "CM-0001")
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert cases.get_case(ctx.db, "CM-0003").given_name == "Alisherjon"


def test_rows_older_than_their_case_say_which_newer_values_were_kept(qtbot, ctx, tmp_path):
    """Tester: an old list read back in undid a later correction without a word. The
    check's warnings name the row and field, its summary and the result say which of our
    newer values were kept, and the case keeps them."""
    from casemanager.lists.export import export_cases
    from casemanager.services.queries import case_ids

    cases.create_case(ctx.db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                      "health": "stable"})
    path = tmp_path / "old.csv"
    export_cases(ctx.db, case_ids(ctx.db), path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0]["updated_at"] = "2020-01-01 00:00:00"  # written before the edit below
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    cases.update_case(ctx.db, "CM-0001", fields={"health": "insulin needed"})
    wizard = _start(qtbot, ctx, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    check = wizard.check_page
    assert not check.warnings.isHidden()
    assert cell(check.warnings, 0, 1) == "Health"
    assert "our newer value 'insulin needed' kept" in cell(check.warnings, 0, 2)
    _next(qtbot, wizard)
    said = ("1 row is older than its case (changed here after the list was written): "
            "kept our newer values of health (CM-0001)")
    assert said in wizard.confirm_page.summary.text()
    with qtbot.waitSignal(ctx.changes.cases_changed, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert said in wizard.confirm_page.summary.text()
    assert cases.get_case(ctx.db, "CM-0001").health == "insulin needed"
