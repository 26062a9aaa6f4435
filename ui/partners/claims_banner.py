"""The editor's notice of partners' claims: values a partner's bundle gave for this case
that differ from ours (casemanager.bundles.claims).

Receiving never writes over our value; the claim waits here, above the case's sections,
until the caseworker accepts the partner's value or keeps ours: "Kyiv says capture
place is 'near Pokrovsk' (ours: 'near Avdiivka')". Each choice is one action with its
audit entry; the editor reloads the case afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casemanager.bundles.claims import ClaimInfo, list_claims, resolve_claim
from casemanager.domain.errors import AccessDenied
from ui.context import AppContext
from ui.labels import word
from ui.operations.operation import Operation
from ui.protect.audit_words import field_label  # the form's own label for a field


class ClaimsBanner(QFrame):
    """Open claims of one case, each with "Accept theirs" and "Keep ours"; `resolved`
    is emitted after a choice was saved (the editor reloads the case)."""

    resolved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("claimsBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#claimsBanner { background: #eef4fd; border: 1px solid #8ab4f8; }")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        self.claims: list[ClaimInfo] = []
        # Asked before a choice is written (the editor: unsaved edits are saved first,
        # else the case's version moves under them); False: the choice waits.
        self.ready: Callable[[], bool] | None = None
        self.hide()

    def show_for(self, reference: str | None) -> None:
        """Show the open claims of the case `reference` (None: a new case, none), read
        on the database worker; a newer call wins over one still on its way."""
        if reference is None:
            self._show([])
            return

        def work(db) -> list[ClaimInfo]:
            try:
                return list_claims(db, reference)
            except AccessDenied:
                return []  # a volunteer: the caseworkers decide claims

        Operation(self.ctx, parent=self, work=work, key="claims",
                  failure_title=self.tr("Could not read the partners' claims")
                  ).success(self._show).run()

    def _show(self, claims: list[ClaimInfo]) -> None:
        self.claims = claims
        while self.rows.count():
            item = self.rows.takeAt(0)
            row = item.widget() if item is not None else None
            if row is not None:
                # Out of the banner now (its buttons name a decided claim), freed later.
                row.setParent(None)
                row.deleteLater()
        self.title.setText(self.tr("A partner's file says otherwise: choose which to keep"))
        for claim in claims:
            self.rows.addWidget(self._row(claim))
        self.setVisible(bool(claims))

    def _row(self, claim: ClaimInfo) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        theirs = word("status", claim.theirs) if claim.field == "status" else claim.theirs
        ours = word("status", claim.ours) if claim.field == "status" else claim.ours
        text = QLabel(self.tr("%1 says %2 is “%3” (ours: “%4”)")
                      .replace("%1", claim.partner).replace("%2", field_label(claim.field).lower())
                      .replace("%3", theirs).replace("%4", ours or self.tr("empty")))
        text.setWordWrap(True)
        accept = QPushButton(self.tr("Accept theirs"))
        keep = QPushButton(self.tr("Keep ours"))
        accept.clicked.connect(self._choose(claim, True))
        keep.clicked.connect(self._choose(claim, False))
        line.addWidget(text, 1)
        line.addWidget(accept)
        line.addWidget(keep)
        return row

    def _choose(self, claim: ClaimInfo, accept: bool) -> Callable[[], None]:
        def choose() -> None:
            if self.ready is not None and not self.ready():
                return
            actor = self.ctx.actor
            # The case changes (an accepted value): every view of it refreshes from the
            # announcement, the editor too, which then reads the claims left.
            Operation(self.ctx, parent=self,
                      work=lambda db: resolve_claim(db, claim.id, accept=accept, actor=actor),
                      failure_title=self.tr("Could not save the choice"),
                      ).success(lambda _info: self.resolved.emit()).announce(
                          "edited", [claim.reference]).run()
        return choose
