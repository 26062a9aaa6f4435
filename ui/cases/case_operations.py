"""Case operations the window's menus start, as small named functions: each asks what
it must, calls one core service (one transaction) and announces the change through
`ctx.changes`, so every view refreshes from it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from casemanager.domain.progress import Cancelled
from casemanager.services import demo
from casemanager.services.cases import delete_case, get_case
from ui.context import AppContext
from ui.operations.background import BackgroundTask, run_in_background
from ui.operations.failures import show_failure
from ui.operations.operation import Operation

DEMO_CASES = 50


def _tr(text: str) -> str:
    # scripts/update_translations.py runs lupdate with `-tr-function-alias tr+=_tr`: it
    # files these strings, outside any class, under the empty context, so look them up there.
    return QCoreApplication.translate("", text)


def confirm_delete_case(
    parent: QWidget, ctx: AppContext, reference: str, name: str | None,
    deleted: Callable[[], None] | None = None,
) -> bool:
    """Ask, then delete the case with its whole file on the database worker; True when
    the person said yes. `deleted()` is called, and the change announced, once it is."""
    if name is None:  # neither its tab nor the list shows it: read on the worker
        found: list[str] = []
        read = Operation(ctx, parent=parent, failure_title=_tr("Delete case"),
                         work=lambda db: get_case(db, reference))
        read.success(lambda detail: found.append(detail.display_name or detail.name_native))
        if read.run().wait() != "done":
            return False  # the failure was shown
        name = found[0] if found else ""
    answer = QMessageBox.question(
        parent,
        _tr("Delete case"),
        _tr(
            "Delete case %s (%s) with its whole file: contact links, appeals, events, "
            "attachments?\n\nThis cannot be undone."
        ) % (reference, name or _tr("no name")),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    actor = ctx.actor
    op = Operation(ctx, parent=parent, work=lambda db: delete_case(db, reference, actor=actor),
                   failure_title=_tr("Delete case"))
    if deleted is not None:
        op.success(lambda _result: deleted())
    op.announce("deleted", [reference]).run()
    return True


def change_status(parent: QWidget, ctx: AppContext, reference: str, current: str) -> QDialog:
    """Open the status dialog (window-modal, not a nested event loop): its OK saves on
    the database worker, and the change is announced once it is saved."""
    from ui.editor.dialogs.status_dialog import StatusDialog

    dialog = StatusDialog(ctx, reference, current, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: ctx.changes.announce([reference], "status", parent))
    dialog.open()
    return dialog


def add_demo_data(
    parent: QWidget, ctx: AppContext, finished: Callable[[], None] | None = None
) -> BackgroundTask:
    """Add invented cases on a worker thread, so a new user has something to look at."""

    def job(progress) -> int:
        progress(0, None, _tr("Adding %d demo cases…") % DEMO_CASES)
        return demo.generate(ctx.db, cases=DEMO_CASES, seed=7, actor=ctx.actor)

    def done(_added: object) -> None:
        if finished is not None:
            finished()
        ctx.changes.cases_changed.emit([])

    def failed(exc: BaseException) -> None:
        if finished is not None:
            finished()
        if not isinstance(exc, Cancelled):
            show_failure(parent, _tr("Add demo data"), exc)

    return run_in_background(parent, _tr("Adding demo data"), job, done, on_error=failed,
                             ctx=ctx)
