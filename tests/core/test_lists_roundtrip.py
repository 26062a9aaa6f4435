"""Property: any cases, exported and imported into an empty database, come back field for field.

Generated with Cyrillic, Latin, partial dates and awkward text: quotes, commas,
semicolons (inside plain text; list items cannot hold `;`, the services refuse it),
newlines in long text, and values beginning with `=`, `-`, `+`, `@` or apostrophes.
Runs on SQLite files (a fresh pair per example); the fixed awkward cases of
test_import.py cover PostgreSQL.
"""

from __future__ import annotations

import shutil
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lists_helpers import rows_by_reference

from casemanager.domain import vocab
from casemanager.domain.partialdate import PartialDate
from casemanager.lists.export import export_cases
from casemanager.lists.importer import import_file
from casemanager.services import cases, records
from casemanager.services.queries import case_ids
from casemanager.store.database import open_database

LETTERS = "АБВГДЕЁЖЗИЙКЛМНОПабвгдеёжзийқўғҳABCDEFXYZabcxyz"
AWKWARD = " ,;\"'.()-"
PREFIXES = st.sampled_from(["", "", "", "=", "+", "-", "@", "'", "'=", "''-", "=SUM(A1)", "-5 "])


def text(max_size=20, extra=AWKWARD, semicolon=True):
    chars = LETTERS + (extra if semicolon else extra.replace(";", ""))
    body = st.text(alphabet=chars, min_size=1, max_size=max_size)
    return st.builds(lambda p, b: p + b, PREFIXES, body).filter(lambda s: s.strip())


partial_dates = st.builds(
    lambda y, m, d, precision: PartialDate(y, m if precision > 0 else None,
                                           d if precision > 1 else None).iso(),
    st.integers(1950, 2025), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2),
)
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731

case_fields = st.fixed_dictionaries(
    {"family_name": text()},
    optional={
        "given_name": text(),
        "patronymic": text(),
        "name_native": text(40),
        "aliases": st.lists(text(semicolon=False), max_size=3),
        "sex": st.sampled_from(vocab.SEXES),
        "date_of_birth": partial_dates,
        "place_of_birth": text(),
        "citizenships": st.lists(st.sampled_from(["UZ", "RU", "KG", "TJ", "KZ", "TM"]),
                                 max_size=3, unique=True),
        "home_region": text(),
        "recruitment": st.sampled_from(vocab.RECRUITMENT),
        "affiliation": text(),
        "unit": text(),
        "rank": text(),
        "capture_date": partial_dates,
        "capture_place": text(),
        "health": text(60, extra=AWKWARD + "\n\n\t"),
        "assigned_to": text(),
        "tags": st.lists(text(semicolon=False), max_size=3),
        "status": st.sampled_from(vocab.STATUSES),
        "priority": st.sampled_from(vocab.PRIORITIES),
    },
)
custody = maybe(st.one_of(st.just(None), text(30)))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    people=st.lists(st.tuples(case_fields, custody), min_size=1, max_size=4),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_any_cases_survive_export_and_import(people, fmt, sqlite_template, tmp_path):
    run = tmp_path / uuid.uuid4().hex[:8]
    run.mkdir()
    dbs = []
    for name in ("source.db", "target.db"):
        shutil.copy(sqlite_template, run / name)
        dbs.append(open_database(str(run / name)))
    source, target = dbs
    try:
        for fields, place in people:
            ref = cases.create_case(source, fields=fields).reference
            if place is not None or fields.get("status") == "detained":
                records.add_custody(source, ref, facility=place or "", disclosed=place is not None)
        out = run / f"list.{fmt}"
        export_cases(source, case_ids(source), out)
        report = import_file(target, out)
        assert report.written, report.lines()
        assert rows_by_reference(target) == rows_by_reference(source)
    finally:
        for db in dbs:
            db.dispose()
