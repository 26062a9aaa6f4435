"""Photos and documents kept inside the database: thumbnails, the portrait marked with a
badge, files added by a file dialog or dropped onto the section, opened in the system
viewer through a private copy (casemanager.services.viewer_copies) removed when the editor
closes, at exit, or, after a crash, at the next start."""

from __future__ import annotations

import atexit
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.dto import AttachmentInfo, CaseDetail
from casemanager.services import attachments, viewer_copies
from ui.editor.section import EditorHost, Section
from ui.icons import icon
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import OPERATION_ERRORS, failure_reason, show_failure
from ui.operations.operation import Operation

THUMB = 128
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Sessions of viewer copies not yet closed: a last sweep at exit catches an editor that
# was dropped without being closed; after a crash, the next start sweeps them.
_LEFT_OVER: set[viewer_copies.CopySession] = set()


@atexit.register
def _sweep() -> None:
    for session in list(_LEFT_OVER):
        session.close()


class _ViewerCopies:
    """The private session of copies opened in the system viewer (no Qt parent, so it
    can still be removed when the section's destroyed signal fires)."""

    def __init__(self) -> None:
        self.session: viewer_copies.CopySession | None = None

    def write(self, filename: str, data: bytes) -> Path:
        if self.session is None:
            self.session = viewer_copies.CopySession()
            _LEFT_OVER.add(self.session)
        return self.session.write(filename, data)

    def remove(self, *_args) -> None:
        if self.session is not None:
            self.session.close()
            _LEFT_OVER.discard(self.session)
            self.session = None


class AttachmentsSection(Section):
    opened = Signal(object)  # the private copy shown in the system viewer (a Path)
    files_added = Signal(list)  # the ids attached by add_files (empty: none)

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.last_added: list[int] = []  # what the last add_files attached
        self.title = self.tr("Attachments")
        self.items: dict[int, AttachmentInfo] = {}
        # Thumbnails by (id, portrait?): adding an appeal must not decode every photo again.
        self._icons: dict[tuple[int, bool], QIcon] = {}
        self._images: dict[int, QImage] = {}  # thumbnails scaled off the GUI thread
        self._copies = _ViewerCopies()
        # The main window may drop the editor (deleteLater) without closing it.
        self.destroyed.connect(self._copies.remove)
        self.setAcceptDrops(True)

        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSpacing(6)
        # Drops go to the section (add files), not to the list (move icons about).
        self.list.setDragDropMode(QListWidget.DragDropMode.NoDragDrop)
        self.list.setAcceptDrops(False)
        self.list.viewport().setAcceptDrops(False)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(icon("attach"), self.tr("Add files…"))
        self.open_button = QPushButton(icon("open"), self.tr("Open"))
        self.portrait_button = QPushButton(icon("portrait"), self.tr("Set as portrait"))
        self.delete_button = QPushButton(icon("delete"), self.tr("Delete…"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.portrait_button.clicked.connect(self.set_portrait)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.portrait_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Drop photos or documents here to attach them."))
        hint.setStyleSheet("color: #5f6368;")
        hint.setWordWrap(True)  # gives way in a narrow window (1024 pixels, Russian)
        buttons.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------ showing

    def show_records(self, detail: CaseDetail | None) -> None:
        self.list.clear()
        self.items = {a.id: a for a in (detail.attachments if detail else ())}
        for att in self.items.values():
            key = (att.id, att.is_portrait)
            if key not in self._icons:
                self._icons[key] = self._icon(att)
            item = QListWidgetItem(self._icons[key], att.filename)
            item.setData(ID_ROLE, att.id)
            tip = att.filename + "\n" + self.tr("%1 KB").replace("%1", str(att.size // 1024 or 1))
            if att.description:
                tip += f"\n{att.description}"
            item.setToolTip(tip)
            self.list.addItem(item)
        self._update_buttons()

    def thumbnails_known(self) -> frozenset[int]:
        """Attachments whose thumbnail is here already (not read again)."""
        return frozenset(self._images)

    def add_thumbnails(self, images: dict[int, QImage]) -> None:
        self._images.update(images)

    def _icon(self, att: AttachmentInfo) -> QIcon:
        canvas = QPixmap(THUMB, THUMB)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Read and scaled on the database worker with the case (`thumbnails`); an image
        # whose picture is not here yet shows the file icon until the next read.
        image = self._images.get(att.id, QImage()) if att.is_image else QImage()
        if not image.isNull():
            scaled = image.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            frame = QRectF(
                (THUMB - scaled.width()) // 2, (THUMB - scaled.height()) // 2,
                scaled.width(), scaled.height(),
            )
            painter.drawImage(frame.topLeft(), scaled)
        else:
            frame = QRectF(0, 0, THUMB, THUMB)
            generic = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            painter.drawPixmap(THUMB // 4, THUMB // 4, generic.pixmap(THUMB // 2, THUMB // 2))
        if att.is_portrait:
            self._badge(painter, self.tr("Portrait"), frame)
        painter.end()
        return QIcon(canvas)

    @staticmethod
    def _badge(painter: QPainter, text: str, frame: QRectF) -> None:
        """A rounded label in the picture's lower right corner (inside the picture)."""
        font = QFont(painter.font())
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        width = min(painter.fontMetrics().horizontalAdvance(text) + 14, THUMB - 6)
        right = min(frame.right(), THUMB) - 3
        rect = QRectF(right - width, frame.bottom() - 22, width, 19)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(25, 118, 210, 230))
        painter.drawRoundedRect(rect, 9, 9)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def selected(self) -> AttachmentInfo | None:
        items = self.list.selectedItems()
        return self.items.get(items[0].data(ID_ROLE)) if items else None

    def select_attachment(self, attachment_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == attachment_id:
                self.list.setCurrentRow(row)

    def _update_buttons(self) -> None:
        att = self.selected()
        self.open_button.setEnabled(att is not None)
        self.delete_button.setEnabled(att is not None)
        self.portrait_button.setEnabled(att is not None and att.is_image and not att.is_portrait)

    # ------------------------------------------------------------ adding

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Iterable[str | Path]) -> BackgroundTask | None:
        """Attach files to the case (saving a new case first), on the database worker
        with a progress dialog; `files_added(ids)` and `last_added` once done. A file
        that cannot be attached is named with why; the others are attached."""
        files = [Path(p) for p in paths]
        started: list[BackgroundTask] = []
        # A new case is saved first (on the worker); the files follow once it is.
        self.host.ensure_reference(then=lambda ref: started.append(self._attach(ref, files)))
        return started[0] if started else None

    def _attach(self, reference: str, files: list[Path]) -> BackgroundTask:
        actor, ctx = self.ctx.actor, self.ctx

        def job(progress) -> tuple[list[int], list[tuple[str, BaseException]]]:
            added: list[int] = []
            problems: list[tuple[str, BaseException]] = []
            for n, path in enumerate(files):
                progress(n, len(files), path.name)
                try:
                    # ctx.db read here: a restore may have replaced it meanwhile
                    added.append(attachments.add_attachment_file(ctx.db, reference, path,
                                                                 actor=actor))
                except OPERATION_ERRORS as exc:
                    problems.append((path.name, exc))
            return added, problems

        def done(result: tuple[list[int], list[tuple[str, BaseException]]]) -> None:
            added, problems = result
            self.last_added = added
            if added:
                last = added[-1]
                self.host.records_changed(then=lambda: self.select_attachment(last))
            if problems:
                # One line per file not attached: the failure of each, none silently dropped.
                QMessageBox.warning(self, self.tr("Attach files"), "\n".join(
                    [self.tr("Not attached:")]
                    + [f"{name}: {failure_reason(exc)}" for name, exc in problems]))
            self.files_added.emit(added)

        self.last_added = []
        return run_in_background(self, self.tr("Attaching files…"), job, done,
                                 failure_title=self.tr("Attach files"), ctx=self.ctx)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        files = [p for p in paths if Path(p).is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    # ------------------------------------------------------------ acting

    def set_portrait(self) -> None:
        att = self.selected()
        if att is not None:
            self.run(lambda db: attachments.set_portrait(db, att.id, actor=self.ctx.actor),
                     then=lambda _r: self.select_attachment(att.id))

    def delete_selected(self) -> None:
        att = self.selected()
        if att is not None and self.confirm(
            self.tr("Delete attachment"),
            self.tr("Delete %1 from the case? It is removed from the database.").replace("%1", att.filename),
        ):
            self.run(lambda db: attachments.delete_attachment(db, att.id, actor=self.ctx.actor))

    def open_selected(self) -> None:
        """Open in the system viewer through a private copy (owner-only; removed on
        close). The file is read on the database worker; `opened(path)` once it shows."""
        att = self.selected()
        if att is None:
            return

        def show(data: bytes) -> None:
            try:
                path = self._copies.write(att.filename, data)
            except OPERATION_ERRORS as exc:
                show_failure(self, self.title, exc)
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.opened.emit(path)

        Operation(self.ctx, parent=self, work=lambda db: attachments.attachment_data(db, att.id),
                  failure_title=self.title).success(show).run()

    def cleanup(self) -> None:
        """Remove the temporary copies opened from this case."""
        self._copies.remove()


def thumbnails(db, detail: CaseDetail, known: frozenset[int]) -> dict[int, QImage]:
    """The case's pictures not drawn yet, read and scaled to thumbnails; runs on the
    database worker (QImage, unlike QPixmap, may be used off the GUI thread)."""
    found: dict[int, QImage] = {}
    for att in detail.attachments:
        if not att.is_image or att.id in known:
            continue
        image = QImage()
        image.loadFromData(attachments.attachment_data(db, att.id))
        if not image.isNull():
            found[att.id] = image.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
    return found
