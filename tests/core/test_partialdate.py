"""Partial dates: parsed from what caseworkers type, stored and sorted as given."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casemanager.domain.partialdate import PartialDate


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1994", "1994"),
        ("1994-03", "1994-03"),
        ("1994-3", "1994-03"),
        ("1994-03-12", "1994-03-12"),
        ("03.1994", "1994-03"),
        ("12.03.1994", "1994-03-12"),
        ("2.3.1994", "1994-03-02"),
        (" 1994 ", "1994"),
    ],
)
def test_parse_keeps_the_precision_given(text, iso):
    assert PartialDate.parse(text).iso() == iso


@pytest.mark.parametrize(
    "text", ["", "94", "1994-13", "1994-02-30", "31.04.2020", "yesterday", "1700", "2023-00"]
)
def test_impossible_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError) as err:
        PartialDate.parse(text)
    assert str(err.value)


def test_sorting_puts_a_year_before_the_days_inside_it():
    dates = [PartialDate.parse(t) for t in ("1995", "1994-03-12", "1994", "1994-03", "1994-01-30")]
    assert [d.iso() for d in sorted(dates)] == ["1994", "1994-01-30", "1994-03", "1994-03-12", "1995"]


def test_display_is_the_european_form():
    assert PartialDate.parse("1994-03-12").display() == "12.03.1994"
    assert PartialDate.parse("1994-03").display() == "03.1994"
    assert PartialDate.parse("1994").display() == "1994"


@given(st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from(["y", "m", "d"]))
def test_iso_round_trip_and_text_order_matches_date_order(day, precision):
    pd = PartialDate(day.year, None if precision == "y" else day.month, day.day if precision == "d" else None)
    assert PartialDate.parse(pd.iso()) == pd
    assert PartialDate.parse(pd.display()) == pd
