"""Shown when a colleague saved the case while it was open here.

Lists the fields they changed (their value, and ours where we edited the same field) and
lets the caseworker choose: reload their version and drop the edits made here, reload and
put the edits made here back on top (to review, then save), or go back to editing.
Nothing is overwritten without this choice.
"""

from __future__ import annotations

import html
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class Choice(Enum):
    RELOAD = "reload"
    MERGE = "merge"
    CANCEL = "cancel"


class ConflictDialog(QMessageBox):
    def __init__(
        self,
        reference: str,
        rows: list[tuple[str, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        """`rows`: (field label, their value, our value or "" when we left it alone)."""
        super().__init__(parent)
        self.choice = Choice.CANCEL
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Saved by someone else"))
        intro = self.tr(
            "%1 was saved by someone else while you were editing it. Your changes have "
            "not been saved, and nothing of theirs was overwritten."
        ).replace("%1", reference)
        if rows:
            cells = "".join(
                f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(theirs) or '—'}</td>"
                f"<td>{html.escape(ours)}</td></tr>"
                for label, theirs, ours in rows
            )
            # Each text its own tr() call outside the f-strings: lupdate does not read
            # calls inside them, so these stayed English in the Russian window.
            field_title = self.tr("Field")
            theirs_title = self.tr("Their value")
            yours_title = self.tr("Your value")
            changed = self.tr("They changed:")
            table = (
                "<table cellspacing='0' cellpadding='4'><tr>"
                f"<th align='left'>{field_title}</th>"
                f"<th align='left'>{theirs_title}</th>"
                f"<th align='left'>{yours_title}</th></tr>{cells}</table>"
            )
            body = f"<p>{html.escape(intro)}</p><p>{changed}</p>{table}"
        else:
            body = f"<p>{html.escape(intro)}</p>"
        self.setText(body)
        self.rows = rows
        self.reload_button = self.addButton(
            self.tr("Reload theirs, drop mine"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.merge_button = self.addButton(
            self.tr("Reload, keep my edits"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.merge_button)
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.reload_button:
            self.choice = Choice.RELOAD
        elif button is self.merge_button:
            self.choice = Choice.MERGE
        else:
            self.choice = Choice.CANCEL
