"""Screenshots for the documentation: the main window over a demo database, the
contacts directory and the empty-state panel, saved in docs/screenshots/.

Run from the checkout: `QT_QPA_PLATFORM=offscreen python scripts/screenshots.py`.
Built on a fresh demo database (300 cases, seed 7) in a temporary folder, with
settings in a temporary file, so the user's own data and settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from casemanager.services import demo  # noqa: E402
from casemanager.store.database import open_database  # noqa: E402
from ui import features  # noqa: E402
from ui.app import application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1360, 820)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(window: MainWindow, name: str, app: QApplication) -> Path:
    settle(app)
    path = OUT / name
    window.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = application()
    font = app.font()
    font.setFamily("DejaVu Sans")
    font.setPointSize(10)
    app.setFont(font)
    with tempfile.TemporaryDirectory(prefix="cm-shots-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)

        empty = open_database(str(Path(tmp) / "empty.db"), create=True)
        window = MainWindow(AppContext(db=empty, actor="demo", settings=settings))
        features.install(window)
        window.resize(*SIZE)
        window.show()
        shoot(window, "empty-state.png", app)
        window.close()
        empty.dispose()

        db = open_database(str(Path(tmp) / "demo.db"), create=True)
        demo.generate(db, cases=300, seed=7, actor="demo")
        window = MainWindow(AppContext(db=db, actor="demo", settings=settings))
        features.install(window)
        window.resize(*SIZE)
        window.show()
        window.case_list.select_case(window.case_list.model.case_id(2) or 0)
        shoot(window, "main-window.png", app)
        window.show_contacts()
        shoot(window, "contacts.png", app)
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
