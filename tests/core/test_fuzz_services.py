"""Bad input everywhere: random Unicode, huge strings, impossible dates, wrong types.

Every call ends in a ValidationError naming a field, or in a save that reads back as
converted; never another exception, never a half-written case (one more case and one
more audit entry, or none of either), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import CASE_FIELDS, as_text, convert_all
from casemanager.services import cases, records
from casemanager.store.models import AuditEntry, Case, StatusChange

RTL = "שלום مرحبا ‏‮"
NASTY = ["", " ", "\x00", "\u200b", "\ufeff", "𝕏", "👩‍👩‍👧", RTL, "Ǆ", "é", "Ꙭ",
         "Ⅻ", "\r\n", "\t", "\x1b[31m", "%s%n", "'; DROP TABLE cases; --", "NULL", "ﷺ"]
DATES = ["2024-02-30", "31.02.1999", "1994-13", "0000", "99999", "2024-00-10", "12.03.1994",
         "1994", "03.1994", "1850-01-01", "2024-02-29", "2023-02-29", "-5", "1e3", "２０２４"]

text_values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY + ["Иван", "Ali"]), max_size=6).map("".join),
    st.sampled_from(DATES),
)
wrong_types = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.binary(max_size=20), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(dt.date(2024, 2, 29)), st.just(dt.datetime(2024, 1, 1, 12)),
)
big = st.sampled_from([200, 201, 400, 20_000, 200_001, 1_048_576]).map(lambda n: "Ж" * n)
values = st.one_of(text_values, text_values, wrong_types, big)
field_names = st.sampled_from(sorted(CASE_FIELDS) + ["no_such_field", "id", "version"])
case_fields = st.dictionaries(field_names, values, max_size=6).map(
    lambda d: {"family_name": "Фуззов", **d})

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def totals(db) -> tuple[int, int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Case)),
                s.scalar(select(func.count()).select_from(AuditEntry)),
                s.scalar(select(func.count()).select_from(StatusChange)))


def expected(fields: dict) -> dict:
    return convert_all(CASE_FIELDS, fields, what="a case")


def same(name: str, got, want) -> bool:
    if name == "tags":  # a set: stored without order
        return sorted(got) == sorted(want)
    return as_text(got) == as_text(want)


@FUZZ
@given(fields=case_fields)
def test_create_case_saves_correctly_or_refuses(db, fields):
    before = totals(db)
    try:
        made = cases.create_case(db, fields=fields)
    except ValidationError as exc:
        assert exc.field and exc.reason
        assert totals(db) == before
        return
    assert totals(db) == (before[0] + 1, before[1] + 1, before[2] + 1)
    got = cases.get_case(db, made.reference)
    for name, value in expected(fields).items():
        if name in ("status", "priority") and not value:
            continue
        assert same(name, getattr(got, name), value), name


@FUZZ
@given(change=case_fields)
def test_update_case_saves_correctly_or_changes_nothing(db, change):
    ref = cases.create_case(db, fields={"family_name": "Base", "notes": "до"}).reference
    change = {k: v for k, v in change.items() if k != "status"}
    start = cases.get_case(db, ref)
    before = totals(db)
    try:
        cases.update_case(db, ref, fields=change, expected_version=start.version)
    except ValidationError:
        assert totals(db) == before
        assert cases.get_case(db, ref) == start
        return
    got = cases.get_case(db, ref)
    for name, value in expected(change).items():
        assert same(name, getattr(got, name), value), name


RECORD_NAMES = sorted({n for k in ("event", "appeal", "task") for n in records.RECORD_KINDS[k][1]})
record_fields = st.dictionaries(st.sampled_from([*RECORD_NAMES, "bogus"]), values, max_size=5)


@FUZZ
@given(kind=st.sampled_from(["event", "appeal", "task"]), fields=record_fields)
def test_records_save_or_refuse_whole(db, kind, fields):
    ref = cases.create_case(db, fields={"family_name": "Records"}).reference
    before = totals(db)
    adder = {"event": records.add_event, "appeal": records.add_appeal,
             "task": records.add_task}[kind]
    try:
        adder(db, ref, **fields)
    except ValidationError:
        assert totals(db) == before
        assert records.record_ids(db, ref, kind) == []
        return
    assert len(records.record_ids(db, ref, kind)) == 1
    assert totals(db)[1] == before[1] + 1


def test_a_one_megabyte_note_is_refused_and_a_large_one_kept(db):
    with pytest.raises(ValidationError) as err:
        cases.create_case(db, fields={"family_name": "Big", "notes": "ё" * 1_048_576})
    assert err.value.field == "notes"
    note = ("Длинная запись 📎 " * 12_000)[:199_999]
    ref = cases.create_case(db, fields={"family_name": "Big", "notes": note}).reference
    assert cases.get_case(db, ref).notes == note.strip()
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


references = st.one_of(
    st.text(max_size=50), st.integers(), st.none(), st.binary(max_size=8), st.booleans(),
    st.lists(st.text(max_size=3), max_size=2), st.just("x" * 100_000), st.just("CM-0001\x00"))
versions = st.one_of(st.none(), st.integers(), st.text(max_size=3), st.floats(), st.booleans())


@FUZZ
@given(reference=references, version=versions)
@example(reference="¹", version=None)  # a digit to str.isdigit(), not to int() (found here)
@example(reference="١٢", version=None)
def test_wrong_references_and_versions_are_refused_not_crashes(db, reference, version):
    from casemanager.domain.errors import ConflictError, NotFoundError

    if not totals(db)[0]:
        cases.create_case(db, fields={"family_name": "Target"})
    before = totals(db)
    for call in (
        lambda: cases.get_case(db, reference),
        lambda: cases.update_case(db, reference, fields={"notes": "n"},
                                  expected_version=version),
        lambda: cases.change_status(db, reference, status="released"),
        lambda: records.add_event(db, reference, summary="s"),
    ):
        try:
            call()
        except (ValidationError, NotFoundError, ConflictError) as exc:
            assert len(str(exc)) < 300
    if not isinstance(reference, str | int) or isinstance(reference, bool):
        assert totals(db) == before
