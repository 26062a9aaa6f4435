"""Counts in the window as a reader reads them: digits grouped the locale's way ("2,000"
in English, "2 000" in Russian, a no-break space), and one thing said in the singular
("1 row from", "1 contact"), never "1 rows" or "(s)". Testers saw "Due (101106)".
"""

from __future__ import annotations

import pytest
from editor_helpers import settle
from PySide6.QtWidgets import QWizard

from casemanager.services import contacts
from casemanager.services.followups import overdue_count
from ui import features, i18n
from ui.contacts.contacts_view import ContactsView
from ui.main_window import MainWindow

NBSP = "\u00a0"


@pytest.fixture
def russian(qapp):
    translators = i18n.install(qapp, "ru")
    assert translators, "the Russian .qm could not be compiled or loaded"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    i18n.install(qapp, "en")


def open_window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    features.on_start(window)
    settle(qtbot)
    # On a database without a caseworker's name the Welcome dialog asks for it: answered
    # here, or it stays among the dialogs asking (ui.settings.caseworker_dialog._asking)
    # and a later test finds two.
    from ui.settings.caseworker_dialog import _asking

    for dialog in list(_asking):
        dialog.reject()
    return window


def overview_summary(qtbot, window) -> str:
    window.actions_by_name["overview"].trigger()
    view = window.feature_views["overview"]
    settle(qtbot)
    return view.summary.text()


def test_large_counts_are_grouped_in_english(qtbot, big_ctx):
    window = open_window(qtbot, big_ctx)
    assert window.count_label.text() == "2,000 cases"
    assert overview_summary(qtbot, window).startswith("All cases: 2,000 · ")
    overdue = overdue_count(big_ctx.db)
    # It counts follow-ups, not cases: "1,011,853 overdue" beside "1,000,000 cases" read
    # as more cases overdue than there are (tester t18).
    assert window.due_indicator.text().startswith(f"{overdue:,} follow-ups overdue")
    window.due_indicator.click()
    view = window.feature_views["due"]
    assert window.tabs.tabText(window.tabs.indexOf(view)) == f"Due ({overdue:,} overdue)"
    settle(qtbot)
    everything = sum(view.counts.values())
    assert everything > 999
    assert view.summary.text().startswith(f"{everything:,} due, ")


def test_large_counts_are_grouped_in_russian(qtbot, big_ctx, russian):
    window = open_window(qtbot, big_ctx)
    assert window.count_label.text() == f"2{NBSP}000 дел"
    assert overview_summary(qtbot, window).startswith(f"Все дела: 2{NBSP}000 · ")
    overdue = overdue_count(big_ctx.db)
    grouped = f"{overdue:,}".replace(",", NBSP)
    word = ("срок просрочен" if overdue % 10 == 1 and overdue % 100 != 11 else
            "срока просрочено" if 2 <= overdue % 10 <= 4 and not 12 <= overdue % 100 <= 14
            else "сроков просрочено")
    assert window.due_indicator.text().startswith(f"{grouped} {word}")
    window.due_indicator.click()
    view = window.feature_views["due"]
    assert window.tabs.tabText(window.tabs.indexOf(view)).endswith(f" {grouped})")


def test_contacts_counted_with_russian_plural_forms(qtbot, ctx, russian):
    """Was «Контактов: 2» (one form for every count): Qt's plural forms say «2 контакта»."""
    contacts.create_contact(ctx.db, fields={"name": "Мадина Турсунова", "kind": "relative"})
    view = ContactsView(ctx)
    qtbot.addWidget(view)
    settle(qtbot)
    assert view.count_label.text() == "1 контакт"
    contacts.create_contact(ctx.db, fields={"name": "Aziz Karimov", "kind": "relative"})
    view.reload()
    settle(qtbot)
    assert view.count_label.text() == "2 контакта"


def test_one_row_from_the_file(qtbot, ctx, tmp_path):
    """The import's last page said "1 rows from partner.csv"."""
    from failure_helpers import wait_for_background
    from PySide6.QtCore import Qt

    from ui.lists.import_wizard import ImportWizard

    path = tmp_path / "partner.csv"
    path.write_text("Фамилия;Имя\nКаримов;Жасур\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    for _ in range(2):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton),
                         Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    assert wizard.check_page.status.text() == "The 1 row can be imported."
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    summary = wizard.confirm_page.summary.text()
    assert summary.startswith("<p><b>1</b> row from <b>partner.csv</b>:</p>"), summary
    assert "new cases: 1" in summary
    wizard.reject()
    wait_for_background()


def test_counts_in_the_cores_messages_are_grouped_in_russian(russian):
    """The core's messages keep their counts as numbers; the window writes them its way
    («строк: 1 200»), and a number that is not a count (the row's) as it is."""
    from casemanager.lists.importer import ImportReport, Problem
    from ui.labels import core_text

    report = ImportReport(file="big.csv", rows=1200, dry_run=True, problems=[
        Problem(row=1201, column="date_of_birth", reason="day 31 does not exist")])
    text = core_text(report.summary())
    assert f"строк: 1{NBSP}200" in text, text
    assert "1200" not in text and "1,200" not in text
