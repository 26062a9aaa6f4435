"""Screenshots of the case editor for the documentation.

Builds a demo database (casemanager.services.demo.generate, seed 7) in a temporary folder, gives
the first case a portrait (drawn here with QPainter, no real person's photo), and saves
grabs of the editor, the status dialog and the attachments section to docs/screenshots.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python docs/make_editor_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from casemanager.services import demo  # noqa: E402
from casemanager.store.database import open_database  # noqa: E402
from casemanager.services import attachments, queries  # noqa: E402
from ui.editor.case_editor import CaseEditor  # noqa: E402
from ui.context import AppContext  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def portrait_png() -> bytes:
    """A neutral drawn silhouette, standing in for a photo."""
    image = QImage(240, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#cfd8dc"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#546e7a"))
    painter.drawEllipse(QPointF(120, 115), 52, 62)
    body = QPainterPath()
    body.addRoundedRect(QRectF(30, 195, 180, 160), 70, 70)
    painter.drawPath(body)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def grab(widget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    from ui import i18n

    i18n.install(app, "en")  # as the application does: dates as an English window writes them
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cm-shots-") as tmp:
        db = open_database(str(Path(tmp) / "demo.db"), create=True)
        demo.generate(db, cases=12, seed=7)
        reference = queries.list_cases(db)[0].reference
        attachments.add_attachment(
            db, reference, filename="portrait.png", data=portrait_png(), is_portrait=True
        )
        attachments.add_attachment(
            db, reference, filename="letter-from-mother.pdf", data=b"%PDF-1.4\n%demo\n"
        )
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db=db, actor="screenshots", settings=settings)
        editor = CaseEditor(ctx, reference)
        editor.resize(1150, 760)
        editor.show()
        grab(editor, "case-editor.png")
        editor.tabs.setCurrentWidget(editor.service)
        grab(editor, "case-editor-service.png")
        editor.tabs.setCurrentWidget(editor.status)
        editor.status.change_status()
        dialog = editor.status.current_dialog
        dialog.source.setText("Call with the mother")
        grab(dialog, "status-dialog.png")
        dialog.reject()
        editor.tabs.setCurrentWidget(editor.attachments)
        editor.attachments.list.clearSelection()
        grab(editor, "case-editor-attachments.png")
        # A date the editor cannot read, shown at its field when saving.
        editor.tabs.setCurrentWidget(editor.person)
        editor.person.form.widget("date_of_birth").setText("02/31/1974")  # 31 February, as an English window writes it
        editor.save()
        grab(editor, "case-editor-error.png")
        editor.person.form.widget("date_of_birth").setText("1974")
        editor.save()
        editor.dispose()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
