"""The one-pass bulk import leaves exactly what the two-pass importer left (issue 18).

`data/import_golden.json` was written by the importer before the bulk writer, with
`python tests/core/import_scenario.py tests/core/data/import_golden.json`: the same
messy lists must give the same reports and the same rows in every table (cases, their
lists, custody, status history, partners' references, provenance, audit entries and
search keys), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import import_scenario
from lists_helpers import empty_twin

from casemanager.domain.fields import _REFUSED, _REFUSED_MULTILINE
from casemanager.domain.invisible import _MAYBE_INVISIBLE
from casemanager.store.search_index import CODE_KINDS, name_initials

GOLDEN = Path(__file__).parent / "data" / "import_golden.json"


def test_the_same_lists_leave_the_same_rows(db, tmp_path):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    reports = import_scenario.run(db, tmp_path)
    assert reports == expected["reports"]
    tables = import_scenario.dump(db)
    # Search keys' `initials` (0021) came after the golden file: each row's are its
    # case's name keys' first characters (tests/core/test_search_initials.py), the rest
    # of the row as the golden file has it.
    keys: dict[str, dict[str, tuple[str, int]]] = {}
    for row in tables.get("name_keys", []):
        values = dict(row)
        keys.setdefault(values["case_id"], {})[values["key"]] = (
            values["kind"], values["initials"])
    for found in keys.values():
        bits = name_initials({key: (kind, "") for key, (kind, _) in found.items()})
        assert {i for kind, i in found.values() if kind not in CODE_KINDS} <= {bits}
        assert {i for kind, i in found.values() if kind in CODE_KINDS} <= {-1}
    tables["name_keys"] = sorted(
        ([cell for cell in row if cell[0] != "initials"] for row in tables["name_keys"]),
        key=lambda r: json.dumps(r, ensure_ascii=False))
    assert sorted(tables) == sorted(expected["tables"])
    for name, rows in expected["tables"].items():
        assert tables[name] == rows, name


def test_fast_character_checks_cover_every_character_refused_or_stripped():
    # clean_text and strip_invisible look for a character class instead of asking
    # unicodedata per character: the classes must hold every such character of this
    # Python's Unicode database.
    for code in range(0x110000):
        ch = chr(code)
        category = unicodedata.category(ch)
        refused = category in ("Cc", "Cs")
        assert (_REFUSED.search(ch) is not None) == refused, hex(code)
        assert (_REFUSED_MULTILINE.search(ch) is not None) == (refused and ch not in "\n\t")
        if category == "Cf":
            assert _MAYBE_INVISIBLE.search(ch) is not None, hex(code)


def test_xlsx_written_by_hand_holds_what_the_csv_holds(db, request, tmp_path):
    # The XLSX is written straight to the zip: every cell must read back (openpyxl,
    # whole-workbook mode) as the CSV export's text, markup characters and line breaks
    # included, and the importer must read it back to the same rows.
    import csv

    from openpyxl import load_workbook

    from casemanager.lists.export import export_cases
    from casemanager.lists.importer import import_file
    from casemanager.services import cases
    from casemanager.services.queries import case_ids

    cases.create_case(db, fields={
        "family_name": "O'Brien & <Sons>", "name_native": "Турсунов Алишер",
        "health": "line one\nline two > three", "unit": "=SUM(A1)", "date_of_birth": "1994-03",
        "aliases": ["A & B", "<x>"], "tags": ["exchange"]})
    cases.create_case(db, fields={"given_name": "Ivan"})
    ids = case_ids(db)
    export_cases(db, ids, tmp_path / "list.csv")
    export_cases(db, ids, tmp_path / "list.xlsx")
    with (tmp_path / "list.csv").open(encoding="utf-8-sig", newline="") as fh:
        expected = list(csv.reader(fh))
    ws = load_workbook(tmp_path / "list.xlsx").active
    got = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    assert got == expected
    assert ws.dimensions == "A1:Y3"
    # Read back by the importer into an empty database: the same lists again.
    with empty_twin(db, request, tmp_path) as twin:
        report = import_file(twin, tmp_path / "list.xlsx")
        assert report.written and report.created == 2, report.summary()
        export_cases(twin, case_ids(twin), tmp_path / "again.csv")
    with (tmp_path / "again.csv").open(encoding="utf-8-sig", newline="") as fh:
        again = list(csv.reader(fh))
    updated = expected[0].index("updated_at")
    assert [r[:updated] + r[updated + 1:] for r in again] == [
        r[:updated] + r[updated + 1:] for r in expected]
