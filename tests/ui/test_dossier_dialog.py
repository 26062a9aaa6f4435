"""The Dossier dialog driven as a caseworker would: choose, type, click; then the PDF,
the printout and the disclosure ledger are checked."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from dossier_case import PHONE, make_case, pdf_text  # noqa: E402
from editor_helpers import key_text  # noqa: E402

from casemanager.reports.dossiers import list_disclosures  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.operations.operation import settled  # noqa: E402
from ui.reports.disclosures_view import DisclosuresView  # noqa: E402
from ui.reports.dossier_dialog import DossierDialog, open_dossier_dialog  # noqa: E402


@pytest.fixture
def ctx(db, tmp_path):
    return AppContext(db=db, actor="tester",
                      settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def click_and_wait(qtbot, dialog, button) -> str:
    with qtbot.waitSignal(dialog.completed, timeout=60_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_save_in_russian_with_strict_redaction_records_the_ledger(qtbot, ctx, tmp_path):
    ref = make_case(ctx.db, share_embassy=True)
    ledger = DisclosuresView(ctx, ref)
    qtbot.addWidget(ledger)
    qtbot.waitUntil(settled)  # read on the database worker
    assert ledger.model.rowCount() == 0
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)
    choose(dialog.language, "ru")
    choose(dialog.profile, "strict")
    assert "family's private contact details" in dialog.omits.text()
    qtbot.keyClicks(dialog.recipient, "Embassy of Uzbekistan, Kyiv")
    out = tmp_path / "dossier.pdf"
    dialog.choose_save_path = lambda: str(out)
    message = click_and_wait(qtbot, dialog, dialog.save_button)
    assert "recorded in the disclosure ledger" in message
    text = pdf_text(out.read_bytes())
    assert "Досье по делу" in text and "Турсунов Алишер Бахтиёрович" in text
    assert PHONE not in text
    (entry,) = list_disclosures(ctx.db, ref)
    assert (entry.recipient, entry.profile, entry.made_by) == (
        "Embassy of Uzbekistan, Kyiv", "strict", "tester")
    # The ledger view heard about the change and shows the new row.
    qtbot.waitUntil(settled)
    assert ledger.model.rowCount() == 1
    assert ledger.model.index(0, 1).data() == "Embassy of Uzbekistan, Kyiv"


def test_print_renders_every_page_to_the_printer(qtbot, ctx, tmp_path):
    ref = make_case(ctx.db)
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"

    def printer():
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p

    dialog.ask_printer = printer
    message = click_and_wait(qtbot, dialog, dialog.print_button)
    assert "Sent 2 pages" in message
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == 2
    (entry,) = list_disclosures(ctx.db, ref)
    assert entry.filename == "" and entry.profile == "strict"  # where the dialog starts


def test_cancelled_print_dialog_makes_and_records_nothing(qtbot, ctx):
    ref = make_case(ctx.db)
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)
    dialog.ask_printer = lambda: None
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert list_disclosures(ctx.db, ref) == []


def test_preview_shows_the_pages_and_records_nothing(qtbot, ctx):
    ref = make_case(ctx.db)
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)
    click_and_wait(qtbot, dialog, dialog.preview_button)
    assert dialog.preview is not None and dialog.preview.isVisible()
    assert dialog.preview.document.pageCount() == 2
    assert list_disclosures(ctx.db, ref) == []
    dialog.preview.close()


def test_several_cases_one_file_per_case_into_a_folder(qtbot, ctx, tmp_path):
    refs = [make_case(ctx.db), make_case(ctx.db)]
    dialog = open_dossier_dialog(ctx, refs)
    qtbot.addWidget(dialog)
    assert "2 cases" in dialog.windowTitle()
    dialog.per_case.setChecked(True)
    assert not dialog.print_button.isEnabled() and not dialog.preview_button.isEnabled()
    dialog.choose_save_path = lambda: str(tmp_path)
    click_and_wait(qtbot, dialog, dialog.save_button)
    assert sorted(p.name for p in tmp_path.glob("CM-*.pdf")) == [f"{r}.pdf" for r in refs]
    assert all(len(list_disclosures(ctx.db, r)) == 1 for r in refs)


def test_an_error_is_shown_in_the_dialog(qtbot, ctx, tmp_path):
    ref = make_case(ctx.db)
    dialog = DossierDialog(ctx, [ref, "CM-9999"])
    qtbot.addWidget(dialog)
    dialog.choose_save_path = lambda: str(tmp_path / "x.pdf")
    message = click_and_wait(qtbot, dialog, dialog.save_button)
    assert "no case CM-9999" in message and dialog.status.text() == message
    assert dialog.save_button.isEnabled()
    assert not (tmp_path / "x.pdf").exists()


def test_no_selection_opens_nothing(ctx):
    assert open_dossier_dialog(ctx, []) is None


def test_the_dialog_starts_safe_and_remembers_the_profile_per_recipient(qtbot, ctx, tmp_path):
    ref = make_case(ctx.db)
    first = DossierDialog(ctx, [ref])
    qtbot.addWidget(first)
    assert first.profile_name == "strict"  # the safest, until the caseworker chooses
    choose(first.language, "ru")
    choose(first.profile, "internal")
    first.choose_save_path = lambda: str(tmp_path / "a.pdf")
    click_and_wait(qtbot, first, first.save_button)  # no recipient: an internal copy
    choose(first.profile, "icrc")
    qtbot.keyClicks(first.recipient, "ICRC Delegation Kyiv")
    first.choose_save_path = lambda: str(tmp_path / "b.pdf")
    click_and_wait(qtbot, first, first.save_button)

    second = DossierDialog(ctx, [ref])
    qtbot.addWidget(second)
    # The language comes back; the full file does not, although it was the last used.
    assert (second.lang, second.profile_name) == ("ru", "strict")
    qtbot.keyClicks(second.recipient, "icrc delegation kyiv")
    assert second.profile_name == "icrc"  # what this recipient got last time
    second.recipient.clear()
    qtbot.keyClicks(second.recipient, "Embassy of Uzbekistan")
    assert second.profile_name == "icrc"  # an unknown recipient changes nothing

    # A recipient once sent the full file does not get it again by memory.
    choose(second.profile, "internal")
    second.recipient.clear()
    qtbot.keyClicks(second.recipient, "Head office")
    second.choose_save_path = lambda: str(tmp_path / "c.pdf")
    click_and_wait(qtbot, second, second.save_button)
    third = DossierDialog(ctx, [ref])
    qtbot.addWidget(third)
    qtbot.keyClicks(third.recipient, "Head office")
    assert third.profile_name == "strict"


def test_ledger_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, tmp_path):
    ref = make_case(ctx.db)
    from casemanager.reports.dossiers import make_dossier

    make_dossier(ctx.db, [ref], "en", "embassy", "Embassy", output=tmp_path / "x.pdf")
    make_dossier(ctx.db, [ref], "ru", "strict", "")
    view = DisclosuresView(ctx, ref)
    qtbot.addWidget(view)
    qtbot.waitUntil(settled)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 2
    assert view.model.index(0, 5).data() == "(printed)"  # newest first: no file name
    assert view.model.index(1, 1).data() == "Embassy"
    assert len(view.model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole)) == 64


def test_a_printer_that_fails_is_shown_and_nothing_is_recorded(qtbot, ctx):
    ref = make_case(ctx.db)
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)

    def broken_printer():
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName("/proc/version/cannot.pdf")  # the printer cannot start
        return p

    dialog.ask_printer = broken_printer
    message = click_and_wait(qtbot, dialog, dialog.print_button)
    assert message == "Failed: The printer could not be started."
    assert dialog.status.text() == message
    assert list_disclosures(ctx.db, ref) == []  # nothing left, so nothing is recorded


def test_embassy_copy_with_consent_says_what_it_really_did(qtbot, ctx, tmp_path):
    """The mother consented to sharing with embassies: her phone is printed, and the
    closing note says so instead of claiming the family's details are left out; the
    program's own words ("case opened") are Russian in a Russian dossier."""
    ref = make_case(ctx.db, share_embassy=True)
    dialog = DossierDialog(ctx, [ref])
    qtbot.addWidget(dialog)
    choose(dialog.language, "ru")
    choose(dialog.profile, "embassy")
    assert "unless the family consented" in dialog.omits.text()
    key_text(qtbot, dialog.recipient, "Посольство Республики Узбекистан")
    out = tmp_path / "embassy.pdf"
    dialog.choose_save_path = lambda: str(out)
    click_and_wait(qtbot, dialog, dialog.save_button)
    text = pdf_text(out.read_bytes())
    assert PHONE in text
    assert "личные контакты семьи" not in text
    assert "Личные контакты приводятся с согласия указанного лица: Зарина Турсунова (мать)." in text
    assert "конфиденциальные сведения" in text
    assert "дело открыто" in text and "case opened" not in text
