"""The editor's labels now live in ui/labels.py (one table of vocabulary words); this
module stays so code written against the old name keeps working."""

from __future__ import annotations

from ui.labels import choices, show, word

__all__ = ["choices", "show", "word"]
