"""Screenshots for docs/guide.md, made from a demo database (300 cases, seed 7).

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python docs/make_guide_screenshots.py

Everything happens in a temporary folder with its own settings file, so the user's data
and settings are never touched. Writes docs/screenshots/guide-*.png and
main-window-ru.png (the main window with the Russian translation). The import wizard
is shot only when ui/lists/import_wizard.py exists; otherwise the guide says so.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QSize  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from casemanager.services import demo  # noqa: E402
from casemanager.store.database import open_database  # noqa: E402
from casemanager.reports.dossiers import render_dossier  # noqa: E402
from casemanager.services.caseworker import set_caseworker_name  # noqa: E402
from casemanager.services.settings import set_setting  # noqa: E402
from ui import features, i18n  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1360, 820)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def wait_for(done, seconds: float = 20) -> None:
    """Let background loading finish (the overview counts on a worker thread)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    settle()


def grab(widget: QWidget, name: str) -> Path:
    from ui.operations.operation import settled

    # The window reads on its database worker: shoot what it shows once it has it (a
    # dialog's lists, a case's sections), never a "Loading…".
    wait_for(lambda: settled() and getattr(widget, "is_loaded", lambda: True)())
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def pdf_page_png(pdf: bytes, name: str, page: int = 0, width: int = 900) -> Path:
    """Render one PDF page with QtPdf (no poppler needed) on white."""
    path = OUT / name
    pdf_file = Path(tempfile.mkdtemp(prefix="cm-guide-")) / "dossier.pdf"
    pdf_file.write_bytes(pdf)
    document = QPdfDocument()
    document.load(str(pdf_file))
    points = document.pagePointSize(page)
    size = QSize(width, round(width * points.height() / points.width()))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    image.save(str(path))
    document.close()
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def window_for(db, settings: QSettings) -> MainWindow:
    window = MainWindow(AppContext(db=db, actor="Dilnoza Karimova", settings=settings))
    features.install(window)
    window.resize(*SIZE)
    window.show()
    settle()
    return window


def english_shots(db, settings: QSettings) -> None:
    window = window_for(db, settings)
    window.case_list.select_case(window.case_list.model.case_id(2) or 0)
    grab(window, "guide-main-window.png")

    reference = window.case_list.model.index(2, 0).data()
    editor = window.open_case(reference)
    grab(window, "guide-case-editor.png")
    editor.tabs.setCurrentWidget(editor.appeals)
    grab(window, "guide-appeals.png")
    editor.appeals.add_appeal()
    dialog = editor.appeals.current_dialog
    if dialog is not None:
        dialog.form.widget("subject").setText("Request for information on detention place")
        grab(dialog, "guide-appeal-dialog.png")
        dialog.reject()
    window.tabs.close_current()

    actions = window.actions_by_name
    actions["overview"].trigger()
    overview = window.feature_views["overview"]
    wait_for(lambda: overview.summary.text() != QCoreApplication.translate(
        "OverviewView", "Counting…"))
    grab(window, "guide-overview.png")

    from ui.settings.settings_dialog import SettingsDialog

    settings_dialog = SettingsDialog(window.ctx, window)
    settings_dialog.show()
    grab(settings_dialog, "guide-settings.png")
    settings_dialog.reject()

    if importlib.util.find_spec("ui.lists.import_wizard") is not None:
        from ui.lists import import_wizard

        # A partner's list with Russian headings, as they arrive: the mapping page shows
        # how each column is read.
        sample = Path(tempfile.mkdtemp(prefix="cm-guide-")) / "partner-list.csv"
        sample.write_text(
            "Фамилия;Имя;Отчество;Дата рождения;Гражданство;Статус;Место пленения\n"
            "Турсунов;Алишер;Бахтиёрович;03.1994;Узбекистан;в плену;Бахмут\n"
            "Осмонов;Нурлан;;1988;KG;пропал без вести;Авдеевка\n"
            "Rakhimov;Jamshid;Ulugbekovich;12.05.1990;UZ, RU;detained;Kupiansk\n",
            encoding="cp1251",
        )
        wizard = import_wizard.open_import_wizard(window.ctx, window)
        wizard.resize(900, 600)
        wizard.currentPage().path.setText(str(sample))
        wizard.next()
        grab(wizard, "guide-import-wizard.png")
        wizard.close()
    else:
        print("skipped guide-import-wizard.png: ui/lists/import_wizard.py is not on this branch")
    window.close()

    pdf, _cases = render_dossier(db, [reference], lang="en", profile="embassy",
                                 recipient="Embassy of Uzbekistan in Kyiv")
    pdf_page_png(pdf, "guide-dossier-page.png")


def russian_shot(db, settings: QSettings, app: QApplication) -> None:
    translators = i18n.install(app, "ru")
    window = window_for(db, settings)
    window.case_list.select_case(window.case_list.model.case_id(2) or 0)
    grab(window, "main-window-ru.png")
    window.close()
    for translator in translators:
        app.removeTranslator(translator)
    i18n.install(app, "en")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    QCoreApplication.setOrganizationName("CaseManager")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    font = app.font()
    font.setFamily("DejaVu Sans")
    font.setPointSize(10)
    app.setFont(font)
    i18n.install(app, "en")
    with tempfile.TemporaryDirectory(prefix="cm-guide-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        db = open_database(str(Path(tmp) / "demo.db"), create=True)
        demo.generate(db, cases=300, seed=7, actor="demo")
        set_setting(db, "organisation_name", "Families of the Detained", actor="demo")
        set_caseworker_name(db, "Dilnoza Karimova", actor="demo")
        english_shots(db, settings)
        # Fresh settings: column widths saved by the English window would not fit Russian.
        russian = QSettings(str(Path(tmp) / "settings-ru.ini"), QSettings.Format.IniFormat)
        russian_shot(db, russian, app)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
