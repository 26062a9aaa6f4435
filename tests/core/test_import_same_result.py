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

from casemanager.domain.fields import _REFUSED, _REFUSED_MULTILINE
from casemanager.domain.invisible import _MAYBE_INVISIBLE

GOLDEN = Path(__file__).parent / "data" / "import_golden.json"


def test_the_same_lists_leave_the_same_rows(db, tmp_path):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    reports = import_scenario.run(db, tmp_path)
    assert reports == expected["reports"]
    tables = import_scenario.dump(db)
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
