"""Texts a tester found in English in the Russian window: those written inside
f-strings (lupdate does not read a tr() call there) and the core's busy and disk-full
lines (plain strings, not `msg`)."""

from __future__ import annotations

from casemanager.store import locks
from ui.editor.dialogs.conflict_dialog import ConflictDialog
from ui.labels import core_text
from ui.protect.unlock_dialog import PassphraseForm


def test_the_conflict_table_is_russian(qtbot, russian):
    dialog = ConflictDialog("CM-0001", [("Звание", "сержант", "рядовой")])
    qtbot.addWidget(dialog)
    text = dialog.text()
    for english in ("They changed", "Field", "Their value", "Your value"):
        assert english not in text, text
    assert "Их значение" in text and "Ваше значение" in text and "Они изменили" in text


def test_the_recovery_links_are_russian(qtbot, russian):
    form = PassphraseForm(lambda passphrase: None, lambda key, new: None)
    qtbot.addWidget(form)
    assert "Забыли?" in form.recovery_link.text()
    assert "recovery" not in form.recovery_link.text()


def test_the_busy_line_is_russian(tmp_path, russian):
    shown = core_text(locks.busy_message(tmp_path / "cases.db"))
    assert "база данных занята" in shown and "cases.db" in shown, shown
    assert "busy" not in shown
