"""Fixtures of the core tests beside tests/conftest.py's."""

from __future__ import annotations

import shutil

import pytest

from casemanager.bundles import keys
from casemanager.store.database import open_database


@pytest.fixture
def pair(sqlite_template, tmp_path):
    """Two SQLite organisations with real keys that trust each other."""
    dbs = []
    for name in ("Bishkek", "Kyiv"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.db")
        db = open_database(str(tmp_path / f"{name}.db"))
        keys.init_keys(db, user_id=name)
        dbs.append(db)
    bishkek, kyiv = dbs
    keys.add_partner_key(bishkek, keys.export_public_key(kyiv).encode(), name="Kyiv")
    keys.add_partner_key(kyiv, keys.export_public_key(bishkek).encode(), name="Bishkek")
    yield bishkek, kyiv
    for db in dbs:
        db.dispose()
