"""The only place icon names are mapped to files: SVGs in resources/icons, falling back
to the platform theme and then to Qt's built-in pixmaps."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from casemanager.system.paths import resource

_THEME = {
    "new": "document-new",
    "save": "document-save",
    "open": "document-open",
    "delete": "edit-delete",
    "find": "edit-find",
    "status": "view-refresh",
    "dossier": "document-print",
    "import": "document-import",
    "export": "document-export",
    "backup": "drive-harddisk",
    "contacts": "x-office-address-book",
    "about": "help-about",
    "add": "list-add",
    "remove": "list-remove",
    "edit": "document-properties",
    "attach": "mail-attachment",
    "portrait": "user-identity",
    "quit": "application-exit",
}
_FALLBACK = {
    "new": QStyle.StandardPixmap.SP_FileIcon,
    "save": QStyle.StandardPixmap.SP_DialogSaveButton,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton,
    "delete": QStyle.StandardPixmap.SP_TrashIcon,
    "find": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "status": QStyle.StandardPixmap.SP_BrowserReload,
    "dossier": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "import": QStyle.StandardPixmap.SP_ArrowDown,
    "export": QStyle.StandardPixmap.SP_ArrowUp,
    "backup": QStyle.StandardPixmap.SP_DriveHDIcon,
    "contacts": QStyle.StandardPixmap.SP_DirHomeIcon,
    "about": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "add": QStyle.StandardPixmap.SP_FileDialogNewFolder,
    "remove": QStyle.StandardPixmap.SP_DialogDiscardButton,
    "edit": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "attach": QStyle.StandardPixmap.SP_FileLinkIcon,
    "portrait": QStyle.StandardPixmap.SP_DesktopIcon,
    "quit": QStyle.StandardPixmap.SP_DialogCloseButton,
}


@cache
def icon(name: str) -> QIcon:
    svg = resource("icons", f"{name}.svg")
    if svg.exists():
        return QIcon(str(svg))
    themed = QIcon.fromTheme(_THEME.get(name, name))
    if not themed.isNull():
        return themed
    pixmap = _FALLBACK.get(name, QStyle.StandardPixmap.SP_FileIcon)
    return QApplication.style().standardIcon(pixmap)
