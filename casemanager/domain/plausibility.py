"""Dates that are possible but unlikely: warned about, never refused.

A capture date in the future, a birth year that makes the person a child (or implausibly
old) when captured, a capture before birth: each is usually a typing slip (2204 for 2024,
the capture year typed as the birth year), sometimes the truth (child soldiers exist).
So the editor, `casemanager new/edit` and imports say so at the field and keep the value.

Partial dates count as the whole span they cover: a warning is given only when every day
of the span makes it true (born "2008" and captured "05.2024" is a child either way).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casemanager.domain.messages import msg
from casemanager.domain.partialdate import PartialDate

# The dates of facts about the person that date_warnings looks at (the planned ones, a
# follow-up or a due date, may lie in the future).
CHECKED_DATES = ("date_of_birth", "capture_date", "last_proof_of_life")
ADULT_AGE = 18
OLDEST_AGE = 80  # older than this at capture is implausible for a detained combatant


@dataclass(frozen=True)
class DateWarning:
    """`field` looks wrong for the reason `code` ("future", "before_birth", "child",
    "old"); `ages` is the age or range of ages, "" when no age is concerned;
    `at_capture` whether the age is at capture (else today)."""

    field: str
    code: str
    ages: str = ""
    at_capture: bool = False

    @property
    def reason(self) -> str:
        if self.code == "future":
            return msg("is in the future")
        if self.code == "before_birth":
            return msg("is before the date of birth")
        if self.code == "child":
            return (msg("makes the person {ages} when captured: a child?", ages=self.ages)
                    if self.at_capture else
                    msg("makes the person {ages} today: a child?", ages=self.ages))
        return (msg("makes the person {ages} when captured: is the year right?", ages=self.ages)
                if self.at_capture else
                msg("makes the person {ages} today: is the year right?", ages=self.ages))

    def line(self) -> str:
        return f"{self.field} {self.reason}"


def _span(value: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date may mean."""
    if value.day is not None:
        day = dt.date(value.year, value.month or 1, value.day)
        return day, day
    if value.month is not None:
        last = calendar.monthrange(value.year, value.month)[1]
        return dt.date(value.year, value.month, 1), dt.date(value.year, value.month, last)
    return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _date(value: Any) -> PartialDate | None:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return PartialDate.parse(value)
        except ValueError:
            return None  # not a date at all: the field's own check says so
    return None


def date_warnings(values: Mapping[str, Any], *,
                  today: dt.date | None = None) -> list[DateWarning]:
    """A warning for each implausible date among CHECKED_DATES (PartialDate or text as
    typed): any in the future, a capture or a proof of life before birth, an age at
    capture (or today) under 18 or over 80; empty when all is plausible or unknown."""
    today = today or dt.date.today()
    born = _date(values.get("date_of_birth"))
    captured = _date(values.get("capture_date"))
    alive = _date(values.get("last_proof_of_life"))
    out: list[DateWarning] = []
    if captured is not None and _span(captured)[0] > today:
        out.append(DateWarning("capture_date", "future"))
    if born is not None and _span(born)[0] > today:
        out.append(DateWarning("date_of_birth", "future"))
    if alive is not None and _span(alive)[0] > today:
        out.append(DateWarning("last_proof_of_life", "future"))
    if born is None:
        return out
    born_first, born_last = _span(born)
    if alive is not None and _span(alive)[1] < born_first:
        out.append(DateWarning("last_proof_of_life", "before_birth"))
    if captured is not None:
        first, last = _span(captured)
        if last < born_first:
            out.append(DateWarning("capture_date", "before_birth"))
            return out
        at_capture, on_first, on_last = True, first, last
    else:
        at_capture, on_first, on_last = False, today, today
    oldest = _age(born_first, on_last)
    youngest = _age(born_last, on_first)
    if 0 <= oldest < ADULT_AGE:
        out.append(DateWarning("date_of_birth", "child", _years(youngest, oldest), at_capture))
    elif youngest > OLDEST_AGE:
        out.append(DateWarning("date_of_birth", "old", _years(youngest, oldest), at_capture))
    return out


def _years(youngest: int, oldest: int) -> str:
    youngest = max(youngest, 0)
    return f"{oldest}" if youngest == oldest else f"{youngest}–{oldest}"
