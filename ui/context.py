"""The application context handed to every window and widget.

Widgets get what they need from here (the open database, who is working, settings)
instead of from globals, so a test can build any widget with its own context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal

from casemanager.store.database import Database
from casemanager.store.unit_of_work import current_actor


class Changes(QObject):
    """Announces what an operation changed, so views refresh from it instead of polling.

    `cases_changed` carries the references touched (empty list: "many, reload all").
    """

    cases_changed = Signal(list)
    contacts_changed = Signal()


@dataclass
class AppContext:
    db: Database
    actor: str = field(default_factory=current_actor)
    settings: QSettings = field(default_factory=lambda: QSettings("CaseManager", "CaseManager"))
    changes: Changes = field(default_factory=Changes)
    # The login's role on a server, asked once by ui.permissions.role (None: not yet).
    role: str | None = None
