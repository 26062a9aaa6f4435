"""Cells a list repeats are converted once (issue 18, bulk): each row must still get its
own warnings and problems, values and lists of its own, as when every cell was read anew."""

from __future__ import annotations

from casemanager.lists.importer import _Columns, convert_row, import_file


def _read(rows: list[list[str]], headers: list[str]):
    cols = _Columns.build(headers, headers, "partner", False)
    out = []
    for number, cells in enumerate(rows, 2):
        problems: list = []
        warnings: list = []
        values = convert_row(cells, cols, number, problems, warnings)
        out.append((values, [(p.row, p.column) for p in problems],
                    [(w.row, w.column) for w in warnings]))
    return out


def test_repeated_cells_warn_and_refuse_on_every_row():
    headers = ["family_name", "unit", "date_of_birth", "place_of_birth", "sex", "aliases"]
    row = ["Ivanov", "=unit 5", "03/12/1990", "РўСѓСЂСЃСѓРЅРѕРІ", "nonsense", "A;B"]
    got = _read([row, list(row), list(row)], headers)
    for number, (values, problems, warnings) in enumerate(got, 2):
        # Formula-like text, a day that reads either way round, mojibake repaired: said
        # on each row; the unknown sex refused on each row.
        assert warnings == [(number, "unit"), (number, "date_of_birth"),
                            (number, "place_of_birth")]
        assert problems == [(number, "sex")]
        assert values["place_of_birth"] == "Турсунов"
        assert values["family_name"] == "Ivanov"
    # Each row has a list of its own: changing one row's aliases leaves the others.
    got[0][0]["aliases"].append("C")
    assert got[1][0]["aliases"] == ["A", "B"]


def test_plain_cells_seen_before_give_the_same_values_in_the_same_order():
    headers = ["status", "family_name", "given_name", "citizenships", "capture_date", "tags"]
    rows = [["detained", "Ivanov", "Petr", "UZ;RU", "2024-05", "video"],
            ["detained", "Ivanov", "Petr", "UZ;RU", "2024-05", "video"],
            ["  ", "", "Petr", "", "", ""]]
    got = _read(rows, headers)
    assert got[0] == got[1]
    assert list(got[0][0]) == ["status", "family_name", "given_name", "citizenships",
                               "capture_date", "tags"]
    assert got[2] == ({"given_name": "Petr"}, [], [])


def test_a_list_of_repeated_odd_cells_imports_as_before(db, tmp_path):
    path = tmp_path / "repeats.csv"
    path.write_text("family_name,unit,date_of_birth\n" + "".join(
        f"Name{i},=unit 5,03/12/1990\n" for i in range(5)), encoding="utf-8")
    report = import_file(db, path, on_duplicate="add")  # namesakes born the same day
    assert report.written and report.created == 5
    said = [(w.row, w.column) for w in report.warnings]
    for number in range(2, 7):
        assert (number, "unit") in said and (number, "date_of_birth") in said
