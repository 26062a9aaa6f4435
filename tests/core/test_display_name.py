"""One rule for a person's display name (issue 14, item 5): names.display_name.

The rule is checked on Latin, Cyrillic, partial and empty names, then through the
places that show a name (the case list's rows, a case's detail, the due list, the
overview, the import's duplicate report), which must all agree.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casemanager.domain.names import display_name, display_name_of
from casemanager.services import cases, records
from casemanager.services.followups import due_items
from casemanager.services.overview import overview
from casemanager.services.queries import list_cases


@pytest.mark.parametrize(("parts", "options", "expected"), [
    # Latin parts, family name first, patronymic included when known.
    (("Tursunov", "Alisher", "Bakhtiyorovich"), {}, "Tursunov Alisher Bakhtiyorovich"),
    (("Tursunov", "Alisher", ""), {}, "Tursunov Alisher"),
    (("Tursunov", "", ""), {"native": "Турсунов"}, "Tursunov"),
    (("", "Alisher", "Bakhtiyorovich"), {}, "Alisher Bakhtiyorovich"),
    # Prose order: given name, patronymic, family name.
    (("Tursunov", "Alisher", "Bakhtiyorovich"), {"order": "given"},
     "Alisher Bakhtiyorovich Tursunov"),
    (("Tursunov", "", ""), {"order": "given"}, "Tursunov"),
    # No Latin parts: the whole Latin name, then the native-script one.
    (("", "", ""), {"latin": "Tursunov A.", "native": "Турсунов Алишер"}, "Tursunov A."),
    (("", "", ""), {"native": "Турсунов Алишер Бахтиёрович"}, "Турсунов Алишер Бахтиёрович"),
    # Cyrillic typed into the parts is shown as typed (the parts win over `native`).
    (("Турсунов", "Алишер", ""), {"native": "Турсунов Алишер"}, "Турсунов Алишер"),
    # White space and None.
    (("  Tursunov ", "Ali\tsher", None), {}, "Tursunov Ali sher"),
    ((None, None, None), {"native": None, "latin": None}, ""),
    # The placeholder only when nothing is known.
    (("", "", ""), {"placeholder": "(no name)"}, "(no name)"),
    (("", "", ""), {"native": "Турсунов", "placeholder": "(no name)"}, "Турсунов"),
    (("   ", "", ""), {"native": " ", "placeholder": "(no name)"}, "(no name)"),
])
def test_the_rule(parts, options, expected):
    assert display_name(*parts, **options) == expected


def test_an_unknown_order_is_refused():
    with pytest.raises(ValueError):
        display_name("A", "B", order="backwards")  # type: ignore[arg-type]


def test_a_mapping_of_fields():
    assert display_name_of({"family_name": "Karimov", "given_name": None,
                            "name_native": "Каримов"}) == "Karimov"
    assert display_name_of({"name_native": "Каримов", "name_latin": ""}) == "Каримов"
    assert display_name_of({}, placeholder="?") == "?"


def test_every_place_shows_the_same_name(sqlite_db):
    full = cases.create_case(sqlite_db, fields={
        "family_name": "Tursunov", "given_name": "Alisher", "patronymic": "Bakhtiyorovich",
        "name_native": "Турсунов Алишер Бахтиёрович"}).reference
    native = cases.create_case(sqlite_db, fields={"name_native": "Каримов Бекзод"}).reference
    latin = cases.create_case(sqlite_db, fields={"name_native": "Осмонов Нурлан",
                                                 "name_latin": "Osmonov Nurlan"}).reference
    for ref in (full, native, latin):
        records.add_task(sqlite_db, ref, title="Call", due_date="2020-01-01")
    expected = {full: "Tursunov Alisher Bakhtiyorovich", native: "Каримов Бекзод",
                latin: "Osmonov Nurlan"}

    rows = {r.reference: r.display_name for r in list_cases(sqlite_db)}
    details = {ref: cases.get_case(sqlite_db, ref).display_name for ref in expected}
    due = {i.case_reference: i.case_name for i in due_items(sqlite_db,
                                                            today=dt.date(2030, 1, 1))}
    ov = overview(sqlite_db, now=dt.datetime(2030, 1, 1), today=dt.date(2030, 1, 1))
    stale = {s.reference: s.case_name for s in ov.stale}
    for shown in (rows, details, due, stale):
        assert {k: shown[k] for k in expected} == expected
