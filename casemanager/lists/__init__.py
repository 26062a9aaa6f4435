"""Case lists in and out in the interchange columns (docs/design.md): reading CSV
and XLSX defensively, matching headings to columns, the import's two passes and its
report, likely duplicates among imported rows, CSV/XLSX export.
"""
