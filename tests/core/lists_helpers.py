"""Helpers shared by the list import/export tests: a second empty database, counts."""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager

from sqlalchemy import func, select

from casemanager.services.cases import get_case
from casemanager.services.interchange import case_row
from casemanager.store.database import open_database
from casemanager.store.models import AuditEntry, Case, NameKey


@contextmanager
def empty_twin(db, request, tmp_path):
    """A second, empty database of the same kind as `db` (SQLite file or PostgreSQL)."""
    if db.dialect == "sqlite":
        path = tmp_path / f"twin-{uuid.uuid4().hex[:6]}.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        twin = open_database(str(path))
        try:
            yield twin
        finally:
            twin.dispose()
        return
    server = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE cm_template")
    twin = open_database(server.url(name))
    try:
        yield twin
    finally:
        twin.dispose()
        server.admin(f"DROP DATABASE {name} WITH (FORCE)")


def counts(db) -> tuple[int, int]:
    """(cases, audit entries): an untouched database keeps both."""
    with db.session() as s:
        return (s.scalar(select(func.count(Case.id))), s.scalar(select(func.count(AuditEntry.id))))


def rows_by_reference(db) -> dict[str, dict[str, str]]:
    with db.session() as s:
        refs = list(s.scalars(select(Case.reference).order_by(Case.reference)))
    return {ref: case_row(get_case(db, ref)) for ref in refs}


def search_keys(db) -> set[tuple[str, str, str]]:
    """(reference, key, kind) of every search key: imports must index as the services do."""
    with db.session() as s:
        return set(s.execute(
            select(Case.reference, NameKey.key, NameKey.kind).join(Case, Case.id == NameKey.case_id)
        ).all())
