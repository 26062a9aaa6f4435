"""A messy import scenario and a dump of everything it leaves in the database.

`tests/core/test_lists_bulk.py` runs it and compares the dump with
`data/import_golden.json`, which was written by the importer as it was before the
one-pass bulk writer (issue 18): the same file must leave the same rows, audit entries
and search keys, row for row. Volatile values (ids, times of writing) are left out;
cases are named by their reference.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from casemanager.lists.importer import import_file
from casemanager.store.models import Base

# An empty database first: references kept, new ones after the file's highest,
# Cyrillic in Latin columns, mojibake, formula-like text, partners' references,
# undisclosed places, a date in the future, unknown columns (to notes).
FIRST = (
    "reference,family_name,given_name,patronymic,name_native,aliases,sex,date_of_birth,"
    "citizenships,home_region,unit,rank,status,priority,capture_date,capture_place,"
    "detention_place,health,tags,updated_at,external_references,Comment\n"
    "CM-0007,Tursunov,Alisher,,Турсунов Алишер,Tursunow;Tursunov A.,male,12.03.1994,"
    "Uzbekistan,Samarkand,3rd brigade,private,detained,high,2023-05,Bakhmut,"
    "Olenivka,diabetic,\"urgent;exchange\",2024-01-02 10:00:00,ICRC: 1234,first list\n"
    ",Каримов,Бахтиёр,Олимович,,,m,1990,UZ;RU,Tashkent,,,в плену,срочно,,,"
    "not disclosed,,,,,\n"
    "CM-0003,Smith,John,,,,,1985-07-01,\"Korea, Republic of\",,,,reported,,,,,"
    "\"line one\nline two\",,,ACC-9,=1+1 formula\n"
    ",Ð˜Ð²Ð°Ð½Ð¾Ð²,Ivan,,,,,03.1988,RU,,,,,,,,SIZO-1,,,,,\n"
    ",Petrov,Pyotr,,,,,2030,,,,,,,,,,,,,,\n"
    ",Sidorov,Semyon,,,,female,,,,,,missing,,,,,,,,\"ICRC: 77; ACC: 5\",kept\n"
)
# Then a second list against those cases: updates by reference and by a partner's
# reference, a likely duplicate of each kind, the same person twice in the file.
SECOND = (
    "reference,family_name,given_name,date_of_birth,status,detention_place,tags,aliases,"
    "health,external_references\n"
    "CM-0007,Tursunov,Alisher,1994,released,SIZO-2,released,Alisher T.,,\n"
    ",Sidorov,Semyon,,,,,,,ICRC: 77\n"
    ",Karimov,Bakhtiyor,1990,,,,,asthma,\n"
    ",Smith,John,1985,,,,,,\n"
    ",Nazarov,Rustam,1979,,,,,,\n"
    ",Nazarov,Rustam,1979,,,,,,\n"
    ",Petrov,Pyotr,2030,,,,,,\n"
)


def run(db, folder: Path) -> list[dict[str, Any]]:
    """The scenario's imports; returns their reports (as JSON) for comparison too."""
    first, second = folder / "first.csv", folder / "second.csv"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    reports = [import_file(db, first, unknown_to_notes=True, actor="tester")]
    reports.append(import_file(db, second, actor="tester", on_duplicate="update",
                               decisions={3: "add", 5: "skip", 7: "update", 8: "add"}))
    # A list with one bad row changes nothing.
    bad = folder / "bad.csv"
    bad.write_text(SECOND.replace("Nazarov,Rustam,1979", "Nazarov,Rustam,1979-13-45", 1),
                   encoding="utf-8")
    reports.append(import_file(db, bad, actor="tester", on_duplicate="add"))
    out = []
    for report in reports:
        data = report.as_json()
        data.pop("import_id")
        out.append(data)
    return out


_VOLATILE = {"at", "created_at", "recorded_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # Written now (not taken from a file): only that it is recent matters.
        if abs((value - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) < 3600:
            return "<now>"
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        # The day of the import (an opening status dated the day it was reported).
        return "<today>" if value == dt.date.today() else value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)  # a partial date's text
    return "<today>" if text == dt.date.today().isoformat() else text


def dump(db) -> dict[str, list[list[Any]]]:
    """Every table's rows without ids and times of writing; case ids as references."""
    out: dict[str, list[list[Any]]] = {}
    with db.engine.connect() as conn:
        refs = dict(conn.execute(select(Base.metadata.tables["cases"].c.id,
                                        Base.metadata.tables["cases"].c.reference)).all())
        for table in Base.metadata.sorted_tables:
            if table.name in ("alembic_version", "settings"):
                continue
            rows = []
            for row in conn.execute(select(table)).mappings():
                plain = []
                for name, value in row.items():
                    if name == "id" or name in _VOLATILE or name.endswith("import_id"):
                        continue
                    if table.name == "cases" and name.endswith("_sort"):
                        continue  # the name's sort key (tests/core/test_sort_order.py)
                    if name in ("case_id", "entity_id") and table.name != "imports" and (
                        name == "case_id" or row.get("entity") == "case"
                    ):
                        value = refs.get(value, value)
                    plain.append([name, _plain(value)])
                rows.append(plain)
            if rows:
                out[table.name] = sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False))
    return out


if __name__ == "__main__":  # writes the golden file: `python tests/core/import_scenario.py`
    import shutil
    import sys
    import tempfile

    from casemanager.store.database import open_database

    folder = Path(tempfile.mkdtemp())
    try:
        db = open_database(str(folder / "g.db"), create=True)
        reports = run(db, folder)
        result = {"reports": reports, "tables": dump(db)}
        db.dispose()
        Path(sys.argv[1]).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
