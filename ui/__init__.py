"""The Case Manager desktop application (PySide6), a thin layer over `casemanager`."""
