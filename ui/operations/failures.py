"""How an operation that failed says so to the person who started it.

One rule for the whole window: a failure is shown where the action was started (a
message box, or an inline label the caller owns) as one line saying why, and nothing is
only logged. `failure_reason` makes that line from any exception; `show_failure` shows
it; `OPERATION_ERRORS` names what an action must catch (the world failing under it: the
database, the disk), so that programming errors still reach the last net that
`install_last_net` puts in front of `sys.excepthook`.

The line never carries SQL or its parameters: SQLAlchemy puts both into `str(exc)`, and
the parameters hold case data (names, search keys) that a dialog or a log must not show
(casemanager.store.failure.database_detail takes the driver's own line instead).
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.progress import Cancelled

# What an action catches (casemanager.store.failure): refusals of the services and the world
# failing underneath. Anything else is a bug; it goes on to the last net (and fails a
# test under pytest-qt). Re-exported here, so actions import failures from one place.
from casemanager.store.failure import OPERATION_ERRORS, database_detail
from ui.labels import error_text

__all__ = ["OPERATION_ERRORS", "failure_reason", "failure_text", "install_last_net",
           "show_failure"]

log = logging.getLogger("casemanager.ui")

# A reason longer than this is cut: a message box is no place for a page of text.
MAX_REASON = 300

translate = QCoreApplication.translate


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 1] + "…"


def failure_reason(exc: BaseException) -> str:
    """One line saying why `exc` stopped an operation, for a person to read.

    Service errors keep their own message (written for caseworkers, translated: see
    casemanager.domain.messages); a database error
    gives the driver's first line ("no such table: audit_entries", "disk I/O error"),
    never the statement or its parameters; an OS error its reason and file; anything
    else its type and first line."""
    if isinstance(exc, CaseManagerError):
        return _one_line(error_text(exc)) or type(exc).__name__
    detail = database_detail(exc)
    if detail is not None:
        return _one_line(translate("Failures", "database error: %1").replace("%1", detail))
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else ""
        return _one_line(f"{exc.strerror}: {where}" if where else exc.strerror)
    first = (str(exc).strip().splitlines() or [""])[0]
    return _one_line(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


def failure_text(template: str, exc: BaseException) -> str:
    """For an inline label: `template` ("The export failed: %1") with the reason in it;
    a cancelled operation did not fail, and says so in its own words instead
    ("Cancelled; nothing was changed")."""
    reason = failure_reason(exc)
    if isinstance(exc, Cancelled):
        return reason[:1].upper() + reason[1:]
    return template.replace("%1", reason)


def show_failure(parent: QWidget | None, title: str, exc: BaseException) -> str:
    """Show why an operation failed in a warning box over `parent`; returns the reason.

    `title` names the operation as failed ("Backup failed", "Cannot save"). It heads the
    box's text as well as its title bar: macOS shows no title on a message box, nor does
    a desktop without window decorations. Also logged, as one line without case data."""
    reason = failure_reason(exc)
    log.warning("%s: %s", title, reason)
    if parent is not None and not parent.window().isVisible():
        parent = None  # its window was closed meanwhile: the box stands on its own
    QMessageBox.warning(parent, title, f"{title}: {reason}")
    return reason


_showing = False


def _last_net(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug escaped a slot: print it as Python would, then tell the person, who may
    think the action they just took went through."""
    global _showing
    traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if _showing or QApplication.instance() is None:
        return  # a failure while the box is shown: one box is enough
    _showing = True
    try:
        QMessageBox.critical(
            QApplication.activeWindow(),
            translate("Failures", "Case Manager"),
            translate("Failures", "Something went wrong and the last action may not have "
                      "been completed: %1").replace("%1", failure_reason(exc)),
        )
    finally:
        _showing = False


def install_last_net() -> None:
    """Show every exception no action caught (the running application, not tests:
    pytest-qt puts its own hook in to fail the test)."""
    sys.excepthook = _last_net
