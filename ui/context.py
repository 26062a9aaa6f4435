"""The application context handed to every window and widget.

Widgets get what they need from here (the open database, who is working, settings, the
one database worker their operations run on, the announcer of changes) instead of from
globals, so a test can build any widget with its own context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal

from casemanager.store.database import Database
from casemanager.store.unit_of_work import current_actor
from ui.operations.worker import DatabaseWorker


@dataclass(frozen=True)
class CaseChange:
    """What an operation changed: which cases (empty: many, reload all), what kind of
    change ("created", "edited", "deleted", "status", "records", "merged", "unmerged",
    "imported", …) and the widget that started it (None: unknown), so that one need not
    refresh a second time from its own announcement."""

    references: tuple[str, ...] = ()
    kind: str = "edited"
    initiator: object | None = None

    def touches(self, reference: str | None) -> bool:
        return not self.references or reference in self.references


class Changes(QObject):
    """Announces what an operation changed, so views refresh from it instead of polling.

    `changed` carries a CaseChange; `cases_changed` the references touched (empty list:
    "many, reload all"), for views that need no more. `announce` emits both; a bare
    `cases_changed.emit(refs)` still gives `changed` a CaseChange without an initiator.
    """

    changed = Signal(object)
    cases_changed = Signal(list)
    contacts_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next: CaseChange | None = None
        # Connected first, so `changed` goes out before any view's cases_changed slot.
        self.cases_changed.connect(self._forward)

    def announce(
        self, references: list[str] | tuple[str, ...] = (), kind: str = "edited",
        initiator: object | None = None,
    ) -> CaseChange:
        change = CaseChange(tuple(r for r in references if r), kind, initiator)
        self._next = change
        self.cases_changed.emit(list(change.references))
        return change

    def _forward(self, references: list) -> None:
        change, self._next = self._next, None
        if change is None or list(change.references) != list(references):
            change = CaseChange(tuple(references))
        self.changed.emit(change)


@dataclass
class AppContext:
    db: Database
    actor: str = field(default_factory=current_actor)
    settings: QSettings = field(default_factory=lambda: QSettings("CaseManager", "CaseManager"))
    changes: Changes = field(default_factory=Changes)
    worker: DatabaseWorker = field(default_factory=DatabaseWorker)
    # A second lane for the long work that writes nothing to the database, on a
    # connection of its own: the whole-file quick check (40 s at a million cases) and the
    # backups (4½ minutes), during which every read of the case list waited behind them
    # on `worker` (tester t18: rows "…" and sorts held). A backup is one snapshot
    # (store/backup.py), so the window's saves on `worker` go on beside it.
    maintenance: DatabaseWorker = field(
        default_factory=lambda: DatabaseWorker("casemanager-maintenance"))
    # The login's role on a server, asked once by ui.permissions.role (None: not yet).
    role: str | None = None
    # While the idle lock is on (ui/protect/idle_lock.py), an operation's failure box
    # waits here and is shown once the caseworker is back, not over the lock screen.
    locked: bool = False
    after_unlock: list[Callable[[], None]] = field(default_factory=list)
