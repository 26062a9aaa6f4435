"""What is overdue, said quietly: a count in the status bar and in the Due tab's title.

Nothing pops up at start (a list of 300 overdue items in the caseworker's face at every
start got in the way). The count is a flat button at the right of the status bar; a
click opens the Due tab on everyone's items, the ones it counts.
The count follows every change announced through `ctx.changes` and every saved case;
it is counted on the database worker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from casemanager.services.caseworker import caseworker_name
from casemanager.services.followups import overdue_count
from ui.context import AppContext
from ui.operations.failures import failure_reason
from ui.operations.operation import Operation


class DueIndicator(QPushButton):
    """"12 follow-ups overdue (3 yours)" in the status bar; hidden when nothing is overdue.

    It counts follow-ups (open appeals' follow-up dates and tasks' due dates), not cases:
    beside "1,000,000 cases" a bare "1,011,853 overdue" read as more cases overdue than
    there are (tester t18)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overdue = 0
        self.mine = 0
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("QPushButton { color: #a4161a; padding: 0 6px; }")
        self.setToolTip(self.tr("Open the Due tab"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        ctx.changes.cases_changed.connect(lambda _refs: self._timer.start())
        self.hide()

    def schedule(self, *_args) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Count again on the database worker; a newer count drops an older one."""
        Operation(self.ctx, parent=self, work=_count, key="count") \
            .success(self._counted).failure(self._not_counted).run()

    def _not_counted(self, exc: BaseException) -> None:
        # Said where the count would be, never silently dropped.
        self.setText(self.tr("Overdue: could not count"))
        self.setToolTip(failure_reason(exc))
        self.show()

    def _counted(self, counts: tuple[int, int]) -> None:
        self.overdue, self.mine = counts
        text = self.tr("%Ln follow-up(s) overdue", "", self.overdue)
        if self.mine:
            text += " " + self.tr("(%Ln yours)", "", self.mine)
        self.setText(text)
        self.setToolTip(self.tr("Open the Due tab"))
        self.setVisible(self.overdue > 0)
        self.changed()

    def changed(self) -> None:
        """Hook: the window re-titles its Due tab."""

    def tab_title(self) -> str:
        """"Due (12 overdue)": the count says what it counts, as in the status bar."""
        if self.overdue:
            return self.tr("Due (%Ln overdue)", "", self.overdue)
        return self.tr("Due")


def _count(db) -> tuple[int, int]:
    """On the worker: everything overdue, and the caseworker's own share of it."""
    overdue = overdue_count(db)
    return overdue, overdue_count(db, assignee=caseworker_name(db)) if overdue else 0


def install_due_indicator(window) -> DueIndicator:
    """The count in `window`'s status bar; a click opens the Due tab (the "due" action)."""
    indicator = DueIndicator(window.ctx, window)
    window.statusBar().addPermanentWidget(indicator)
    window.tabs.case_saved.connect(indicator.schedule)

    def retitle() -> None:
        view = window.__dict__.get("feature_views", {}).get("due")
        if view is not None:
            at = window.tabs.indexOf(view)
            if at >= 0:
                window.tabs.setTabText(at, indicator.tab_title())

    def open_due() -> None:
        # The link opens what it counts: everyone's overdue items, as its first number
        # and the tab's title say (a view left on "My cases only" or on one caseworker
        # showed fewer than the count the caseworker clicked).
        window.actions_by_name["due"].trigger()
        view = window.__dict__.get("feature_views", {}).get("due")
        if view is not None:
            view.show_everyone()
        retitle()

    indicator.changed = retitle  # type: ignore[method-assign]
    indicator.clicked.connect(open_due)
    indicator.refresh()
    return indicator
