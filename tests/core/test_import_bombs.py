"""A workbook whose one part unpacks to far more than a list needs is refused before
openpyxl loads it (issue 13, item 8): a few MB of zip whose shared-strings part unpacks to
~140 MB made a one-row dry run take 1.7 GB and minutes. Driven by the command line."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from memory_probe import run_cli_measured

from casemanager.services.interchange import COLUMNS

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def col(i: int) -> str:
    return (chr(64 + i // 26) if i >= 26 else "") + chr(65 + i % 26)


def excel_workbook(path: Path, padding: int = 0) -> None:
    """A workbook as Excel writes it: texts in a shared-strings part, cells pointing to
    them. `padding` unused strings are added (random, so the part does not pack more
    than 200 times smaller: the existing ratio check does not catch it)."""
    row = {c: "" for c in COLUMNS}
    row.update(family_name="Турсунов", given_name="Alisher", status="detained")
    strings = list(COLUMNS) + [v for v in row.values() if v]
    cells1 = "".join(f'<c r="{col(i)}1" t="s"><v>{i}</v></c>' for i in range(len(COLUMNS)))
    cells2, n = "", len(COLUMNS)
    for i, c in enumerate(COLUMNS):
        if row[c]:
            cells2 += f'<c r="{col(i)}2" t="s"><v>{n}</v></c>'
            n += 1
    sheet = (f'<worksheet xmlns="{NS}"><sheetData><row r="1">{cells1}</row>'
             f'<row r="2">{cells2}</row></sheetData></worksheet>')
    rng = random.Random(13)
    sst = (f'<sst xmlns="{NS}">' + "".join(f"<si><t>{t}</t></si>" for t in strings)
           + "".join(f"<si><t>{rng.getrandbits(48):012x} padding for nothing</t></si>"
                     for _ in range(padding)) + "</sst>")
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": sst,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode())


def test_a_shared_strings_bomb_is_refused_before_loading(tmp_path, sqlite_path):
    bomb = tmp_path / "list.xlsx"
    excel_workbook(bomb, padding=2_400_000)
    with zipfile.ZipFile(bomb) as zf:
        part = zf.getinfo("xl/sharedStrings.xml")
    assert part.file_size > 100 * 2**20 and part.file_size / part.compress_size < 200
    assert bomb.stat().st_size < 40 * 2**20

    code, peak_mib, err = run_cli_measured("import", str(bomb), "--dry-run", db=str(sqlite_path))
    assert code == 1
    assert "sharedStrings.xml" in err and "MB" in err, err
    assert len(err.strip().splitlines()) == 1
    assert peak_mib < 300, f"peak {peak_mib} MB"


def test_an_ordinary_workbook_still_imports(cli, tmp_path, sqlite_path):
    path = tmp_path / "list.xlsx"
    excel_workbook(path)
    r = cli("import", str(path), "--dry-run", db=str(sqlite_path))
    assert r.returncode == 0, r.stderr
