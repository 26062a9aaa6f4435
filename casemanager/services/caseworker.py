"""Who the logged-in caseworker is, for "my cases".

On a local SQLite file the name is a setting kept with the data (asked on first start
by the GUI), else the operating-system login. On a shared PostgreSQL server everyone
connects as their own database user, so that user is the default; a name set there is
kept under a key of its own per database user, so colleagues never overwrite each other's.
"""

from __future__ import annotations

import os

from sqlalchemy import text
from sqlalchemy.orm import Session

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import clean_text
from casemanager.domain.messages import msg
from casemanager.services.settings import ORGANISATION_NAME, clean_setting
from casemanager.store.database import Database
from casemanager.store.models import Setting
from casemanager.store.unit_of_work import UnitOfWork, current_actor, unit_of_work

SETTING_KEY = "caseworker_name"


def _database_user(session: Session) -> str:
    return str(session.execute(text("SELECT current_user")).scalar() or "")


def _key(db: Database, session: Session) -> str:
    if db.dialect == "postgresql":
        return f"{SETTING_KEY}:{_database_user(session)}"
    return SETTING_KEY


def stored_caseworker_name(db: Database) -> str:
    """The name set for this caseworker, or empty text when none was set yet."""
    with db.session() as session:
        row = session.get(Setting, _key(db, session))
        return row.value if row is not None else ""


def caseworker_name(db: Database) -> str:
    """The caseworker "my cases" means: the name given (default_assignee), else the
    login."""
    return default_assignee(db) or current_actor()


def default_assignee(db: Database) -> str:
    """Whom a new case is assigned to when nobody says: the name the caseworker gave,
    on a server their login, else $CASEMANAGER_USER; "" when none of these is known
    (the computer's login, often "root", names nobody)."""
    with db.session() as session:
        row = session.get(Setting, _key(db, session))
        if row is not None and row.value:
            return row.value
        if db.dialect == "postgresql":
            return _database_user(session)
    return os.environ.get("CASEMANAGER_USER", "").strip()


def needs_caseworker_name(db: Database) -> bool:
    """True on a local file where nobody has said who they are yet (the GUI asks once)."""
    return db.dialect != "postgresql" and not stored_caseworker_name(db)


def set_caseworker_name(
    db: Database, name: str, *, actor: str | None = None, uow: UnitOfWork | None = None
) -> str:
    """Store who works at this file; returns the stored name. Raises ValidationError."""
    value = clean_text("caseworker_name", name, 100)
    if not value:
        raise ValidationError("caseworker_name", msg("is required"))
    with unit_of_work(db, uow, actor) as uow:
        key = _key(db, uow.session)
        row = uow.session.get(Setting, key)
        old = row.value if row is not None else None
        if row is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        uow.audit("set_setting", "setting", changes={key: (old, value)})
    return value


def set_first_start(db: Database, name: str, organisation: str = "", *,
                    actor: str | None = None) -> str:
    """The first start's answers, as one user action: the caseworker's name (required)
    and, when given, the organisation's name for documents (blank: still unknown, and
    documents print no name). One transaction, one audit entry; returns the name."""
    value = clean_text("caseworker_name", name, 100)
    if not value:
        raise ValidationError("caseworker_name", msg("is required"))
    org = " ".join(str(organisation or "").split())
    org = clean_setting(ORGANISATION_NAME.key, org) if org else ""
    with UnitOfWork(db, actor) as uow:
        wanted = {_key(db, uow.session): value}
        if org:
            wanted[ORGANISATION_NAME.key] = org
        changes: dict[str, tuple[str | None, str]] = {}
        for key, new in wanted.items():
            row = uow.session.get(Setting, key)
            old = row.value if row is not None else None
            if old == new:
                continue
            if row is None:
                uow.session.add(Setting(key=key, value=new))
            else:
                row.value = new
            changes[key] = (old, new)
        if changes:
            uow.audit("set_setting", "setting", changes=changes)
            uow.commit()
    return value
