"""The errors services raise; each carries a message a caseworker can act on."""

from __future__ import annotations


class CaseManagerError(Exception):
    """Base class: the message is shown to the user as it is."""


class ValidationError(CaseManagerError):
    """Bad input for one field; `field` names it so a form can show the error there."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.detail: BaseException | None = None  # the error behind it (a DateError…)


class NotFoundError(CaseManagerError):
    """A case, contact or other record that does not exist."""


class ConflictError(CaseManagerError):
    """Someone else saved the same record first; `changes` maps field -> (theirs, ours)."""

    def __init__(self, message: str, changes: dict[str, tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or {}


class MergedCaseError(CaseManagerError):
    """A write to a case merged into another (kept closed so the merge can be undone):
    `reference` the merged-away case, `kept` the case it was merged into, where the
    change belongs."""

    def __init__(self, message: str, reference: str, kept: str) -> None:
        super().__init__(message)
        self.reference = reference
        self.kept = kept


class DatabaseError(CaseManagerError):
    """The database cannot be opened or used (missing, unreadable, wrong passphrase...)."""


class AccessDenied(CaseManagerError):
    """The server refused: this login's role may not do that."""
