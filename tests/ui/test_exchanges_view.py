"""The exchanges view driven as a caseworker would: create an exchange, add the case
list's selection, release in one step, match a pasted or loaded list."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from editor_helpers import settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.domain.partialdate import PartialDate
from casemanager.services import cases
from casemanager.services.exchanges import create_exchange, get_exchange
from ui.context import AppContext
from ui.exchanges.exchanges_view import ExchangesView
from ui.labels import date_text

PEOPLE = [
    {"family_name": "Tursunov", "given_name": "Alisher", "name_native": "Турсунов Алишер"},
    {"family_name": "Zhumabekov", "given_name": "Nurlan", "name_native": "Жумабеков Нурлан"},
    {"family_name": "Khasanov", "given_name": "Rustam"},
    {"name_native": "Одинаев Фирдавс"},
]


@pytest.fixture
def ctx(sqlite_db):
    for p in PEOPLE:
        cases.create_case(sqlite_db, fields={**p, "status": "detained"})
    return AppContext(db=sqlite_db, actor="Olga")


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def make_view(qtbot, ctx) -> ExchangesView:
    view = ExchangesView(ctx)
    qtbot.addWidget(view)
    settle(qtbot)  # the first read runs on the database worker
    return view


def test_new_exchange_and_add_selected_cases(qtbot, ctx):
    view = make_view(qtbot, ctx)
    assert not view.add_button.isEnabled()
    dialog = view.open_new_dialog()
    assert date_text(PartialDate(1994, 3, 12)) in dialog.date.placeholderText()
    qtbot.keyClicks(dialog.date, "2026-11")
    qtbot.keyClicks(dialog.description, "Round 12, UAE mediation")
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert view.current_exchange_id() == dialog.created_id
    assert "Round 12" in view.title.text()
    with qtbot.waitSignal(ctx.changes.cases_changed) as signal:
        view.add_cases(["CM-0001", "CM-0002", "CM-0003"])
    settle(qtbot)
    assert signal.args[0] == ["CM-0001", "CM-0002", "CM-0003"]
    assert view.listings.rowCount() == 3
    assert view.listings.item(0, 3).text() == "Exchange listed"
    assert "Olga" in view.listings.item(0, 4).text()
    assert view.counts.text() == "3 on the list · 0 released · 3 waiting"


def test_bad_date_keeps_the_dialog_open(qtbot, ctx):
    view = make_view(qtbot, ctx)
    dialog = view.open_new_dialog()
    qtbot.keyClicks(dialog.date, "2026-13")
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    # Refused at the field, with its reason, before anything is sent.
    assert dialog.isVisible() and "border" in dialog.date.styleSheet()
    assert dialog.date.toolTip() == "month 13 does not exist"
    assert dialog.created_id is None


def test_batch_release_in_one_go(qtbot, ctx):
    ex = create_exchange(ctx.db, date="2026-11-20", description="Swap at the border")
    view = make_view(qtbot, ctx)
    view.add_cases(["CM-0001", "CM-0002", "CM-0003", "CM-0004"])
    settle(qtbot)
    # Select two rows in the list: the dialog starts with them ticked.
    view.listings.selectRow(0)
    view.listings.setCurrentCell(1, 0, view.listings.selectionModel().SelectionFlag.Select
                                 | view.listings.selectionModel().SelectionFlag.Rows)
    assert sorted(view.selected_listings()) == ["CM-0001", "CM-0002"]
    dialog = view.open_release_dialog()
    assert dialog.checked() == ["CM-0001", "CM-0002"]
    dialog.list.item(2).setCheckState(Qt.CheckState.Checked)  # and a third by hand
    assert dialog.count.text() == "3 of 4 ticked"
    assert dialog.date.text() == date_text(dt.date.today())  # as the window writes dates
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "20.11.2026")  # day first: no month 20 in this window
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.isVisible() and dialog.released == []  # refused at the field
    assert "border" in dialog.date.styleSheet() and "month 20" in dialog.date.toolTip()
    assert cases.get_case(ctx.db, "CM-0001").status == "exchange_listed"
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "11/20/2026")  # as this (en_US) window writes dates
    qtbot.keyClicks(dialog.note, "Handed over near Sumy")
    with qtbot.waitSignal(ctx.changes.cases_changed):
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.released == ["CM-0001", "CM-0002", "CM-0003"]
    for ref in dialog.released:
        case = cases.get_case(ctx.db, ref)
        assert case.status == "released"
        # (the history is in the order of the facts' dates: found by its status)
        (released,) = [s for s in case.status_history if s.status == "released"]
        assert released.date.iso() == "2026-11-20"
        exchange_events = [e for e in case.events if e.kind == "exchange"]
        assert len(exchange_events) == 1 and "Handed over near Sumy" in exchange_events[0].summary
    assert cases.get_case(ctx.db, "CM-0004").status == "exchange_listed"
    assert get_exchange(ctx.db, ex).info.released == 3
    assert view.counts.text() == "4 on the list · 3 released · 1 waiting"
    statuses = {view.listings.item(r, 0).text(): view.listings.item(r, 3).text()
                for r in range(view.listings.rowCount())}
    assert statuses == {"CM-0001": "Released", "CM-0002": "Released", "CM-0003": "Released",
                        "CM-0004": "Exchange listed"}
    # Only the one still waiting is offered next time.
    again = view.open_release_dialog()
    assert again.list.count() == 1
    assert not ok(again).isEnabled()  # nothing ticked yet
    again.reject()


def test_match_pasted_and_loaded_lists(qtbot, ctx, tmp_path):
    create_exchange(ctx.db, date="2026-11", description="Round 12")
    view = make_view(qtbot, ctx)
    view.add_cases(["CM-0001", "CM-0002", "CM-0004"])
    settle(qtbot)
    dialog = view.open_match_dialog()
    # A paste: keyClicks cannot type newlines.
    dialog.text.setPlainText("1. ТУРСУНОВ Алишер, 1994\n2. Odinaev Firdavs\n3. Петров Пётр")
    qtbot.mouseClick(dialog.match_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert [dialog.ours.item(r, 1).text() for r in range(dialog.ours.rowCount())] == \
        ["CM-0001", "CM-0004"]
    assert dialog.missing.rowCount() == 1 and dialog.missing.item(0, 0).text() == "CM-0002"
    assert dialog.unknown.item(0, 0).text() == "Петров Пётр"
    assert dialog.tabs.tabText(0) == "On the list, ours (2)"
    assert not dialog.add_button.isEnabled()  # both already on this exchange's list
    listed = tmp_path / "list.csv"
    listed.write_text("Фамилия,Имя\nЖумабеков,Нурлан\n", encoding="utf-8-sig")
    dialog.load_file(listed)
    settle(qtbot)
    assert dialog.text.toPlainText() == "Жумабеков Нурлан"
    assert dialog.ours.item(0, 1).text() == "CM-0002"
    assert dialog.tabs.tabText(1) == "Ours, not on it (2)"


def test_put_matched_cases_on_the_list(qtbot, ctx):
    create_exchange(ctx.db, date="2026-11", description="Round 12")
    view = make_view(qtbot, ctx)
    dialog = view.open_match_dialog()
    dialog.text.setPlainText("Hasanov Rustam\nTURSUNOV Alisher")
    dialog.run_match()
    settle(qtbot)
    assert dialog.add_button.isEnabled()
    with qtbot.waitSignal(ctx.changes.cases_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.added == ["CM-0003", "CM-0001"]
    assert cases.get_case(ctx.db, "CM-0003").status_history[-1].source == "published list"
    assert view.listings.rowCount() == 2 and not dialog.add_button.isEnabled()


def test_the_view_reads_and_writes_on_the_worker_and_refreshes_once(qtbot, ctx, monkeypatch):
    from casemanager.services import exchanges

    threads: list[tuple[str, int]] = []
    for name in ("list_exchanges", "get_exchange", "add_cases", "release_cases",
                 "create_exchange"):
        real = getattr(exchanges, name)

        def recording(*args, _name=name, _real=real, **kwargs):
            threads.append((_name, threading.get_ident()))
            return _real(*args, **kwargs)

        monkeypatch.setattr(exchanges, name, recording)
    import ui.exchanges.exchange_dialogs as dialogs

    monkeypatch.setattr(dialogs, "create_exchange", exchanges.create_exchange)
    monkeypatch.setattr(dialogs, "release_cases", exchanges.release_cases)
    view = make_view(qtbot, ctx)
    dialog = view.open_new_dialog()
    assert date_text(PartialDate(1994, 3, 12)) in dialog.date.placeholderText()
    qtbot.keyClicks(dialog.date, "2026-11")
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    reads = []
    real_fill = view._fill
    view._fill = lambda result: (reads.append(result[1].info.listed), real_fill(result))
    view.add_cases(["CM-0001", "CM-0002"])
    settle(qtbot)
    assert reads == [2]  # the action's own result; no second read from its announcement
    dialog = view.open_release_dialog()
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert reads == [2, 2]  # the dialog announced; the view read once
    assert "1 released" in view.counts.text()
    names = {name for name, _ in threads}
    assert names == {"list_exchanges", "get_exchange", "add_cases", "release_cases",
                     "create_exchange"}
    assert {thread for _, thread in threads} == {ctx.worker.thread_id}
    assert ctx.worker.thread_id != threading.get_ident()
