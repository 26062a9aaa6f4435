"""The case list: the lazy table model, the filter bar, tabs of open cases, and the
case-level actions (delete, status change, demo data).
"""
