"""A case list as an XLSX workbook, written straight to the zip (no openpyxl per cell).

openpyxl's write-only mode builds an element per cell and costs ~25 s for 100,000 cases;
a case list needs one sheet of text cells, so the sheet's XML is written here, row by
row, as openpyxl would write it (and with the sheet's size, which openpyxl's
write-only mode leaves out and its readers then find by reading the whole sheet): inline strings (`t="inlineStr"`), the header bold and
top-aligned, frozen below the header, an auto-filter over the list, the columns' widths,
and the workbook's other parts as openpyxl writes them (creator "Case Manager", title
"Case list"). Memory stays flat: rows go to the compressed stream as they come.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from casemanager.domain.errors import CaseManagerError

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# What openpyxl refuses in a cell (XML 1.0 has no place for these control characters).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml" /><Default Extension="xml" ContentType="application/xml" />'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml" /><Override PartName="/xl/theme/theme1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml" /><Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml" />'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml" /><Override '
    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml" /></Types>'
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG_REL}"><Relationship Type="{_REL}/officeDocument" '
    'Target="xl/workbook.xml" Id="rId1" /><Relationship Type="http://schemas.'
    'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    f'Target="docProps/core.xml" Id="rId2" /><Relationship Type="{_REL}/extended-properties" '
    'Target="docProps/app.xml" Id="rId3" /></Relationships>'
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>Case Manager</Application></Properties>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG_REL}"><Relationship Type="{_REL}/worksheet" '
    'Target="/xl/worksheets/sheet1.xml" Id="rId1" /><Relationship '
    f'Type="{_REL}/styles" Target="styles.xml" Id="rId2" /><Relationship '
    f'Type="{_REL}/theme" Target="theme/theme1.xml" Id="rId3" /></Relationships>'
)
# Two cell formats: 0 plain, 1 the header (bold, top-aligned).
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="0" /><fonts count="2"><font><name '
    'val="Calibri" /><family val="2" /><color theme="1" /><sz val="11" /><scheme '
    'val="minor" /></font><font><b val="1" /></font></fonts><fills count="2"><fill>'
    '<patternFill /></fill><fill><patternFill patternType="gray125" /></fill></fills>'
    '<borders count="1"><border><left /><right /><top /><bottom /><diagonal /></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0" /></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" '
    'fillId="0" borderId="0" xfId="0" /><xf numFmtId="0" fontId="1" fillId="0" '
    'borderId="0" applyAlignment="1" xfId="0"><alignment vertical="top" /></xf>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" />'
    '</cellStyles></styleSheet>'
)


def _column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """A non-empty value as the `<t>` element openpyxl writes: escaped, and marked to
    keep its spaces when it begins or ends with some (as openpyxl's `whitespace`)."""
    escaped = value
    if "&" in escaped:
        escaped = escaped.replace("&", "&amp;")
    if "<" in escaped:
        escaped = escaped.replace("<", "&lt;")
    if ">" in escaped:
        escaped = escaped.replace(">", "&gt;")
    if (value[0].isspace() or value[-1].isspace()) and value.strip():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


def write_xlsx(path: Path, rows: Iterable[Sequence[str]], columns: Sequence[str],
               widths: Sequence[float], total: int) -> int:
    """Write `rows` (text cells, guarded already) under a header of `columns` to `path`;
    returns the number of rows. Raises CaseManagerError for a value XML cannot hold."""
    from openpyxl.writer.theme import theme_xml

    letters = [_column_letter(i) for i in range(1, len(columns) + 1)]
    last = letters[-1]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance"><dc:creator>Case Manager</dc:creator><dc:title>Case list'
        '</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">'
        f'{now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{now}'
        '</dcterms:modified></cp:coreProperties>'
    )
    workbook = (
        f'<workbook xmlns:r="{_REL}" xmlns="{_MAIN}"><workbookPr /><bookViews><workbookView '
        'activeTab="0" /></bookViews><sheets><sheet name="Cases" sheetId="1" state="visible" '
        'r:id="rId1" /></sheets><definedNames><definedName name="_xlnm._FilterDatabase" '
        f'localSheetId="0" hidden="1">\'Cases\'!$A$1:${last}${total + 1}</definedName>'
        '</definedNames><calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>'
    )
    cols = "".join(f'<col width="{w:g}" customWidth="1" min="{i}" max="{i}" />'
                   for i, w in enumerate(widths, 1))
    head = (
        f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" />'
        f'<pageSetUpPr /></sheetPr><dimension ref="A1:{last}{total + 1}" /><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
        'topLeftCell="A2" activePane="bottomLeft" state="frozen" /><selection '
        'pane="bottomLeft" activeCell="A1" sqref="A1" /></sheetView></sheetViews>'
        f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15" /><cols>{cols}</cols>'
        '<sheetData><row r="1">'
        + "".join(f'<c r="{c}1" s="1" t="inlineStr"><is>{_text(name)}</is></c>'
                  for c, name in zip(letters, columns, strict=True))
        + "</row>"
    )
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=_LEVEL) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("docProps/app.xml", _APP)
        zf.writestr("docProps/core.xml", core)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("xl/theme/theme1.xml", theme_xml)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            raw.write(head.encode())
            buffer: list[str] = []
            for number, row in enumerate(rows, 2):
                count += 1
                cells = [f'<row r="{number}">']
                for letter, value in zip(letters, row, strict=True):
                    if value:  # an empty cell is left out
                        cells.append(f'<c r="{letter}{number}" t="inlineStr"><is>'
                                     f"{_text(value)}</is></c>")
                cells.append("</row>")
                text = "".join(cells)
                if _ILLEGAL.search(text):  # the markup has none: one of the values
                    raise CaseManagerError(
                        f"row {number} holds a control character that a workbook cannot "
                        "hold; export as CSV or correct the value")
                buffer.append(text)
                if len(buffer) >= 500:
                    raw.write("".join(buffer).encode())
                    buffer.clear()
            raw.write("".join(buffer).encode())
            raw.write(f'</sheetData><autoFilter ref="A1:{last}{total + 1}" /><pageMargins '
                      'left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                      'footer="0.5" /></worksheet>'.encode())
    return count


# Deflate level: 1 packs a case list within ~10% of level 6, several times faster.
_LEVEL = 1
