"""Progress and cancellation for long work (import, export, batch dossiers, backup).

Long core functions take a `progress` callable and call it now and then; the caller
raises `Cancelled` from it to stop the work, which then rolls back like any failure.
The command line passes nothing; the GUI passes one that updates a progress bar.
"""

from __future__ import annotations

from typing import Protocol

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg


class Cancelled(CaseManagerError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(msg("cancelled; nothing was changed") if message is None else message)


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


def no_progress(done: int, total: int | None = None, message: str = "") -> None:
    """The default: report nothing, never cancel."""


class Checkpoint:
    """Calls `progress(done, total, message)` once every `every` calls of itself, so a
    loop of millions of small steps can be cancelled (the caller raises Cancelled from
    `progress`) without a progress update per step. With `no_progress` it costs only the
    count."""

    def __init__(self, progress: Progress, done: int, total: int | None, message: str,
                 every: int = 1000) -> None:
        self.progress, self.done, self.total, self.message = progress, done, total, message
        self.every = every
        self._left = every

    def __call__(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._left = self.every
            self.progress(self.done, self.total, self.message)
