"""Issue 17 item 9: nothing pops up at start; the overdue count is in the status bar and
in the Due tab's title, and a click on the count opens the Due tab."""

from __future__ import annotations

import datetime as dt

import pytest
from editor_helpers import settle
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog

from casemanager.services import cases, records
from casemanager.services.caseworker import set_caseworker_name
from casemanager.services.followups import complete
from ui import features
from ui.context import AppContext
from ui.followups.due_indicator import DueIndicator
from ui.main_window import MainWindow

OVERDUE = dt.date.today() - dt.timedelta(days=3)


def test_overdue_count_in_the_status_bar_opens_the_due_tab(qtbot, sqlite_db, tmp_path):
    set_caseworker_name(sqlite_db, "Дилноза Каримова")
    mine = cases.create_case(sqlite_db, fields={"family_name": "Турсунов",
                                                "assigned_to": "Дилноза Каримова"}).reference
    theirs = cases.create_case(sqlite_db, fields={"family_name": "O'Brien",
                                                  "assigned_to": "Marat"}).reference
    tasks = [records.add_task(sqlite_db, mine, title=f"Call {n}", due_date=OVERDUE)
             for n in range(2)]
    records.add_task(sqlite_db, theirs, title="Write", due_date=OVERDUE)
    records.add_appeal(sqlite_db, theirs, subject="Proof of life", status="sent",
                       follow_up_date=OVERDUE)
    ctx = AppContext(db=sqlite_db, actor="Дилноза Каримова",
                     settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    features.on_start(window)
    settle(qtbot)  # counted on the database worker
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]  # no list pushed at start
    indicator = window.due_indicator
    assert indicator.isVisible() and indicator.text() == "4 follow-ups overdue (2 yours)"
    assert indicator.parent() is window.statusBar() or window.statusBar().isAncestorOf(indicator)

    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    view = window.feature_views["due"]
    assert window.tabs.currentWidget() is view
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Due (4 overdue)"
    # The link opens what it counts: everyone's 4 overdue, as the tab's title says.
    assert not view.mine.isChecked()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)  # read on the worker
    settle(qtbot)
    assert view.headings()[0] == "Overdue (4)"

    # Narrowed to the caseworker's own cases, then the count clicked again: everyone's.
    view.mine.setChecked(True)
    qtbot.waitUntil(lambda: view.headings()[:1] == ["Overdue (2)"])
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert not view.mine.isChecked()
    qtbot.waitUntil(lambda: view.headings()[:1] == ["Overdue (4)"])

    complete(sqlite_db, "task", tasks[0], actor="Дилноза Каримова")
    ctx.changes.cases_changed.emit([mine])
    qtbot.waitUntil(lambda: indicator.text() == "3 follow-ups overdue (1 yours)")
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Due (3 overdue)"


def test_nothing_overdue_shows_nothing(qtbot, sqlite_db, tmp_path):
    set_caseworker_name(sqlite_db, "Anna")
    ctx = AppContext(db=sqlite_db, actor="Anna",
                     settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    features.on_start(window)
    settle(qtbot)
    assert not window.due_indicator.isVisible()
    window.actions_by_name["due"].trigger()
    view = window.feature_views["due"]
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Due"


@pytest.mark.parametrize(("language", "texts"), [
    ("en", {1: ("1 follow-up overdue", "Due (1 overdue)"),
            2: ("2 follow-ups overdue", "Due (2 overdue)"),
            5: ("5 follow-ups overdue", "Due (5 overdue)")}),
    ("ru", {1: ("1 срок просрочен", "Сроки (просрочен 1)"),
            2: ("2 срока просрочено", "Сроки (просрочено 2)"),
            5: ("5 сроков просрочено", "Сроки (просрочено 5)")}),
])
def test_the_count_says_it_counts_follow_ups(qtbot, qapp, sqlite_db, tmp_path, language, texts):
    """Beside "1,000,000 cases" the status bar said "1,011,853 overdue": more overdue
    than cases, because it counts follow-ups (tester t18). It says so now, in the
    language's plural forms, and the Due tab's title says the same."""
    from ui import i18n

    translators = i18n.install(qapp, language)
    try:
        indicator = DueIndicator(AppContext(db=sqlite_db, actor="Anna", settings=QSettings(
            str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
        qtbot.addWidget(indicator)
        for count, (status_text, title) in texts.items():
            indicator._counted((count, 0))
            assert (indicator.text(), indicator.tab_title()) == (status_text, title)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")
