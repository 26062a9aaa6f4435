"""Partial dates: a year, a year and month, or a full date, kept exactly as known.

Stored as ISO prefixes (`1994`, `1994-03`, `1994-03-12`), which sort correctly as text
and are never padded to a made-up day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})$")
MIN_YEAR = 1850
MAX_YEAR = 2100


@dataclass(frozen=True)
class DateProblem:
    """What is wrong with a date, in parts a front end words and formats itself:
    `kind` is no_such_day, no_such_month, year_out_of_range, day_without_month,
    not_a_date or needs_day; `parts` holds the numbers (day, month, year, low, high) or
    the text typed."""

    kind: str
    parts: dict


class DateError(ValueError):
    """A date that cannot be. The message (for logs and the command line) writes dates
    as dd.mm.yyyy, never ISO; front ends word `problem` themselves."""

    def __init__(self, message: str, kind: str, **parts: int | str | None) -> None:
        super().__init__(message)
        self.problem = DateProblem(kind, parts)


def date_problem_of(error: BaseException | None) -> DateProblem | None:
    """The DateProblem behind an error (a DateError, or an error raised from one)."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DateError):
            return error.problem
        error = error.__cause__ or getattr(error, "detail", None)
        seen += 1
    return None


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DateError(f"year {self.year} is outside {MIN_YEAR}-{MAX_YEAR}",
                            "year_out_of_range", year=self.year, low=MIN_YEAR, high=MAX_YEAR)
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month", "day_without_month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist", "no_such_month",
                            month=self.month)
        if self.day is not None:
            try:
                dt.date(self.year, self.month or 1, self.day)
            except ValueError:
                raise DateError(
                    f"day {self.day} does not exist in {self.month:02d}.{self.year}",
                    "no_such_day", day=self.day, month=self.month, year=self.year,
                ) from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `1994`, `1994-03`, `1994-03-12`, `03.1994` or `12.03.1994`."""
        value = text.strip()
        if m := _ISO.match(value):
            y, mo, d = m.groups()
            return cls(int(y), int(mo) if mo else None, int(d) if d else None)
        if m := _DOTTED.match(value):
            d, mo, y = m.groups()
            return cls(int(y), int(mo), int(d) if d else None)
        raise DateError(f"'{text}' is not a date (write 1994, 03.1994 or 12.03.1994)",
                        "not_a_date", text=text)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def today(cls) -> PartialDate:
        return cls.from_date(dt.date.today())

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """The way a European caseworker writes it: `1994`, `03.1994`, `12.03.1994`."""
        if self.month is None:
            return f"{self.year}"
        if self.day is None:
            return f"{self.month:02d}.{self.year}"
        return f"{self.day:02d}.{self.month:02d}.{self.year}"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def _key(self) -> tuple[int, int, int]:
        # A less precise date sorts before the more precise dates it contains.
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.iso()


def parse_optional(text: str | None) -> PartialDate | None:
    if text is None or not str(text).strip():
        return None
    return PartialDate.parse(str(text))


class PartialDateType(TypeDecorator[PartialDate]):
    """Column type: a PartialDate in Python, its ISO prefix as text in the database."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = PartialDate.parse(value)
        return value.iso()

    def process_result_value(self, value: str | None, dialect: Dialect) -> PartialDate | None:
        return None if value is None else PartialDate.parse(value)
