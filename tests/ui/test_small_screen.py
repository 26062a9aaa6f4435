"""Everything usable at 1024×700 (issue 17, item 14), in English and in Russian: the main
window on every tab and the main dialogs fit, and their key buttons lie on the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from casemanager.services.queries import CaseFilter
from ui import features, i18n
from ui.lists.export_dialog import ExportDialog
from ui.lists.import_wizard import ImportWizard
from ui.main_window import MainWindow
from ui.reports.dossier_dialog import DossierDialog, PreviewDialog
from ui.settings.settings_dialog import SettingsDialog

SCREEN = QRect(0, 0, 1024, 700)
WINDOW = (1024 - 24, 700 - 48)  # the screen less the frame, title bar and a panel


@pytest.fixture(params=["en", "ru"])
def language(request, qapp, monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: SCREEN)
    translators = i18n.install(qapp, request.param) if request.param == "ru" else []
    yield request.param
    for translator in translators:
        qapp.removeTranslator(translator)
    if translators:
        i18n.install(qapp, "en")


def fits(widget: QWidget, width: int, height: int) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, (type(widget).__name__, hint)


def on_screen(button: QWidget, window: QWidget) -> None:
    """Shown, and wholly inside `window`, which is inside the 1024×700 screen."""
    assert button.isVisible(), button.text()
    inside = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
    assert window.rect().contains(inside), (button.text(), inside, window.rect())
    assert SCREEN.contains(QRect(QPoint(0, 0), window.size()))


def settle(widget: QWidget) -> None:
    if widget.layout() is not None:  # a wizard lays out its pages itself
        widget.layout().activate()
    QApplication.processEvents()


def test_main_window_on_every_tab(demo_ctx, qtbot, language):
    window = MainWindow(demo_ctx)
    features.install(window)
    qtbot.addWidget(window, before_close_func=lambda w: [e._edited.clear() for e in w.editors()])
    window.show()
    window.resize(*WINDOW)
    editor = window.open_case(window.case_list.current_reference())
    pages = [window.case_list, editor]
    for name in ("due", "exchanges", "overview", "audit"):
        window.actions_by_name[name].trigger()
        pages.append(window.tabs.currentWidget())
    window.show_contacts()
    pages.append(window.contacts_view)
    for page in pages:
        window.tabs.setCurrentWidget(page)
        settle(window)
        fits(window, *WINDOW)
        assert (window.width(), window.height()) == WINDOW
    window.tabs.setCurrentWidget(window.case_list)
    settle(window)
    bar = window.case_list.filter_bar
    for widget in (bar.search, bar.clear_button, *bar.combos()):
        on_screen(widget, window)
    for combo in bar.combos():  # wrapped to a second row rather than cut
        assert combo.width() >= combo.sizeHint().width(), (combo.objectName(), combo.width())
    window.tabs.setCurrentWidget(editor)
    settle(window)
    on_screen(editor.save_button, window)
    editor.tabs.setCurrentWidget(editor.attachments)
    settle(window)
    for button in (editor.attachments.add_button, editor.attachments.delete_button):
        on_screen(button, window)


def small_pdf() -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Dossier")
    painter.end()
    return bytes(buffer.data())


def test_dialogs_fit_and_their_buttons_are_on_screen(demo_ctx, qtbot, language):
    preview = PreviewDialog(small_pdf(), "CM-0001")
    qtbot.addWidget(preview)
    preview.show()
    settle(preview)
    assert preview.height() <= WINDOW[1] and preview.width() <= WINDOW[0]
    on_screen(preview.close_button, preview)

    dossier = DossierDialog(demo_ctx, ["CM-0001"])
    qtbot.addWidget(dossier)
    dossier.show()
    settle(dossier)
    fits(dossier, *WINDOW)
    for button in (dossier.preview_button, dossier.print_button, dossier.save_button):
        on_screen(button, dossier)

    for dialog in (ImportWizard(demo_ctx), ExportDialog(demo_ctx, CaseFilter()), SettingsDialog(demo_ctx)):
        qtbot.addWidget(dialog)
        dialog.show()
        settle(dialog)
        fits(dialog, *WINDOW)
        assert dialog.width() <= WINDOW[0] and dialog.height() <= WINDOW[1], type(dialog)
