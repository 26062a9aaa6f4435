"""People, roles and access on a shared PostgreSQL server (issue 19).

Each person signs in as their own PostgreSQL login, a member of one of three group
roles: coordinator, caseworker or volunteer. The server enforces what each may see and
do (migration 0007_roles: privileges, row-level security, the audit trigger); this
module is the client side: managing people through the server's `cm_user_*` functions
(only coordinators may call them), asking who this session is, and recording reads.

On a SQLite file there are no people: every function here that needs a server raises
NotOnServer with one line saying so.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from casemanager.domain import roles
from casemanager.domain.errors import AccessDenied, CaseManagerError, DatabaseError, ValidationError
from casemanager.domain.messages import msg
from casemanager.store.bulk import insert_rows
from casemanager.store.database import Database
from casemanager.store.models import AuditEntry, Case, utcnow
from casemanager.store.unit_of_work import UnitOfWork, refuse_merged, unit_of_work

if TYPE_CHECKING:  # annotations only
    from casemanager.domain.dto import CaseDetail

ROLES = ("coordinator", "caseworker", "volunteer")
GROUP_PREFIX = "casemanager_"
# Lower case only: PostgreSQL folds unquoted names, so `Malika` and `malika` would be
# two logins that look the same in psql.
LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


class NotOnServer(CaseManagerError):
    """A people or roles command on a local SQLite file."""


@dataclass(frozen=True)
class Person:
    """One login of the server that belongs to a Case Manager role."""

    login: str
    role: str  # one of ROLES
    enabled: bool  # False: the login may not connect (disabled)
    must_change_password: bool  # still on the first password shown by `user add`


def require_server(db: Database) -> None:
    """Raise NotOnServer (one line) unless `db` is a PostgreSQL server."""
    if db.dialect != "postgresql":
        raise NotOnServer(
            "people and roles belong to a shared PostgreSQL server; this database is a "
            "local file, where everyone who can open it is its only user"
        )


def normal_login(login: str) -> str:
    """A login as the server keeps it: lower case (`Malika` is `malika`), no spaces
    around it; the front ends say so when it differs from what was typed."""
    return login.strip().lower()


def _check_login(login: str) -> str:
    login = normal_login(login)
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            "name", msg("'{login}' is not a usable login: lower-case letters, digits, _ . - "
                        "(up to 63, not starting with a digit)", login=login))
    return login


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("role", msg("'{role}' is not a role ({roles})", role=role,
                                            roles=", ".join(ROLES)))
    return role


def _server_error(exc: sa_exc.DBAPIError) -> CaseManagerError:
    """The server's one-line reason, as AccessDenied when it is about privileges."""
    orig = exc.orig
    reason = (getattr(getattr(orig, "diag", None), "message_primary", None)
              or str(orig or exc).strip().splitlines()[0])
    if getattr(orig, "sqlstate", "") == "42501":
        return AccessDenied(f"the server refused: {reason} (your role does not allow it)")
    return DatabaseError(f"the server refused: {reason}")


def _scram_verifier(db: Database, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of `password`, computed here by libpq, so the password
    itself never travels to the server nor lands in its statement log."""
    with db.engine.connect() as conn:
        pgconn = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
        return pgconn.encrypt_password(
            password.encode(), login.encode(), b"scram-sha-256").decode()


def _call(db: Database, sql: str, **params: object) -> None:
    try:
        with db.engine.begin() as conn:
            conn.execute(text(sql), params)
    except sa_exc.DBAPIError as exc:  # engines not made by make_engine
        raise _server_error(exc) from None


def new_password() -> str:
    """A random first password: 16 characters from 96 bits of the system's CSPRNG."""
    return secrets.token_urlsafe(12)


def add_person(db: Database, login: str, role: str, password: str | None = None) -> str:
    """Create login `login` in `role` with a first password; returns that password.

    The person must choose their own at first sign-in (`must_change_password`). Only a
    coordinator may do this; raises ValidationError for a bad name or role, AccessDenied
    when the server refuses, DatabaseError when the login exists.
    """
    require_server(db)
    require(db, "people")
    login = _check_login(login)
    _check_role(role)
    password = password or new_password()
    verifier = _scram_verifier(db, login, password)
    _call(db, "SELECT cm_user_add(:login, :role, :verifier)",
          login=login, role=role, verifier=verifier)
    return password


def set_role(db: Database, login: str, role: str) -> None:
    """Move person `login` to `role` (their other roles are taken away)."""
    require_server(db)
    require(db, "people")
    _check_role(role)
    _call(db, "SELECT cm_user_role(:login, :role)", login=_check_login(login), role=role)


def set_enabled(db: Database, login: str, enabled: bool) -> int:
    """Disable (no new connections; open sessions are ended) or enable `login` again.

    Returns how many of their open sessions the server could not end (its owner lacks
    `pg_signal_backend`, docs/security.md): the caller says so, never that they ended.
    """
    require_server(db)
    require(db, "people")
    try:
        with db.engine.begin() as conn:
            left = conn.execute(text("SELECT cm_user_enable(:login, :enabled)"),
                                {"login": _check_login(login), "enabled": enabled}).scalar()
    except sa_exc.DBAPIError as exc:  # engines not made by make_engine
        raise _server_error(exc) from None
    return left if isinstance(left, int) else 0


def change_password(db: Database, password: str) -> None:
    """Set this session's own password (ends the must-change state)."""
    require_server(db)
    if len(password) < 10:
        raise ValidationError("password", msg("use at least 10 characters (several words are best)"))
    import os

    if password in {db.engine.url.password, os.environ.get("PGPASSWORD")}:
        raise ValidationError("password", msg("choose a password other than the one you "
                                              "signed in with"))
    login = session_login(db)
    _call(db, "SELECT cm_change_password(:verifier)",
          verifier=_scram_verifier(db, login, password))


def reset_password(db: Database, login: str, password: str | None = None) -> str:
    """Give person `login` a new first password (they forgot theirs); returns it.

    Like the one `add_person` shows, it works only for choosing their own at the next
    sign-in. Only a coordinator may do this (the server's `cm_user_reset_password`).
    """
    require_server(db)
    _check_login(login)
    password = password or new_password()
    _call(db, "SELECT cm_user_reset_password(:login, :verifier)",
          login=login, verifier=_scram_verifier(db, login, password))
    return password


def people(db: Database) -> list[Person]:
    """Everyone in a Case Manager role on this server, by login."""
    require_server(db)
    require(db, "people")
    sql = text(
        "SELECT r.rolname, g.rolname, r.rolcanlogin, "
        "       r.rolname IN (SELECT login FROM cm_first_passwords) "
        "FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid "
        "JOIN pg_roles g ON g.oid = m.roleid "
        "WHERE g.rolname = ANY(:groups) ORDER BY r.rolname"
    )
    groups = [GROUP_PREFIX + r for r in ROLES]
    found: dict[str, Person] = {}
    with db.engine.connect() as conn:
        for login, group, can_login, must in conn.execute(sql, {"groups": groups}):
            role = group.removeprefix(GROUP_PREFIX)
            earlier = found.get(login)
            if earlier is None or ROLES.index(role) < ROLES.index(earlier.role):
                found[login] = Person(login, role, bool(can_login), bool(must))
    return list(found.values())


def session_login(db: Database) -> str:
    """The server's name for this connection (session_user)."""
    require_server(db)
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT session_user")).scalar_one())


def session_role(db: Database) -> str:
    """This login's role ('coordinator', 'caseworker', 'volunteer'), or '' for the
    database's owner, a superuser or another login outside the roles (which the
    policies do not cover; see docs/security.md). '' on SQLite too."""
    return role_of(db)


def role_of(where: Database | Session | Connection) -> str:
    """This login's role, asked of the server now ('' on SQLite, for the owner or a
    superuser); also noted on the connection for the refusals' words."""
    from casemanager.store.server import ROLE_KEY

    if isinstance(where, Database):
        if where.dialect != "postgresql":
            return ""
        with where.engine.connect() as conn:
            return role_of(conn)
    conn = where.connection() if isinstance(where, Session) else where
    if conn.dialect.name != "postgresql":
        return ""
    current = str(conn.execute(text("SELECT cm_role()")).scalar_one() or "")
    conn.info[ROLE_KEY] = current
    return current


def require(where: Database | Session | Connection, action: str) -> str:
    """Refuse `action` (a key of casemanager.domain.roles.ACTIONS) before doing anything,
    in one line naming the real reason, when this login's role may not do it ("deleting
    a case is for coordinators; you are signed in as a caseworker"). The server would
    refuse it anyway, but in its own words about whichever table it met first. Returns
    the role ('' on SQLite and for the owner, who may do everything)."""
    current = role_of(where)
    if not roles.may(current, action):
        raise AccessDenied(roles.refusal(current, action))
    return current


def must_change_password(db: Database) -> bool:
    """True while this login still has the first password `user add` showed."""
    if db.dialect != "postgresql":
        return False
    with db.engine.connect() as conn:
        return bool(conn.execute(text("SELECT cm_must_change_password()")).scalar())


def restrict_case(db: Database, reference: str, *, restricted: bool = True,
                  members: Sequence[str] = (), actor: str | None = None,
                  uow: UnitOfWork | None = None) -> None:
    """Mark a case restricted (or not) and name the logins who may see it besides its
    assigned caseworker and the coordinators; one action, one audit entry.

    Works on SQLite too (where it only records the wish: a file has no people).
    Raises NotFoundError, ValidationError (a login), CaseManagerError (the server).
    """
    from casemanager.services.cases import normalise_reference, with_reference
    from casemanager.store.models import CaseMember

    for login in members:
        _check_login(login)
    ref = normalise_reference(reference)
    try:
        with unit_of_work(db, uow, actor) as uow:
            require(uow.session, "restrict")
            case = uow.session.scalar(with_reference(select(Case), ref))
            if case is None:
                from casemanager.domain.errors import NotFoundError

                raise NotFoundError(msg("no case {reference}", reference=ref))
            refuse_merged(uow.session, case)
            before = bool(case.restricted)
            case.restricted = restricted
            known = set(uow.session.scalars(
                select(CaseMember.login).where(CaseMember.case_id == case.id)))
            for login in members:
                if login not in known:
                    uow.session.add(CaseMember(case_id=case.id, login=login))
            uow.audit("restrict", "case", entity_id=case.id, case=case, changes={
                "restricted": (before, restricted),
                **({"members": ("", ";".join(members))} if members else {}),
            })
    except sa_exc.DBAPIError as exc:  # engines not made by make_engine
        raise _server_error(exc) from None


def open_case(db: Database, reference: str, *, actor: str | None = None) -> CaseDetail:
    """A case's CaseDetail for someone who opens it to read (the window's editor, `show`),
    leaving a 'view' entry in the log; NotFoundError if there is no such case."""
    from casemanager.services.cases import get_case

    detail = get_case(db, reference)
    record_reads(db, "view", [detail.reference], actor=actor)
    return detail


def list_rows(db: Database, ids: Sequence[int], *, fmt: str, command: str = "list",
              actor: str | None = None) -> list[dict[str, str]]:
    """The interchange rows of cases `ids` for a list printed by `list` or `search`, after
    leaving a 'list' entry per case in the log (with the command and the format). A
    list as JSON carries every column, so it is an export: refused to volunteers."""
    from casemanager.services.interchange import iter_rows

    if fmt == "json":
        require(db, "list_json")
    rows = list(iter_rows(db, ids))
    record_reads(db, "list", [row["reference"] for row in rows],
                 detail={"command": command, "format": fmt}, actor=actor)
    return rows


def record_reads(db: Database, action: str, references: Sequence[str], *,
                 detail: dict[str, str] | None = None, actor: str | None = None,
                 uow: UnitOfWork | None = None, ids: Sequence[int] | None = None) -> None:
    """Leave one audit entry per case read (`action`: 'view', 'export'...), so the log
    answers "who has looked at this family's file?" on SQLite and on a server alike.

    `references` are case references as shown (CM-0001); `ids`, when the caller has
    just read them, the cases' ids in the same order (then nothing is looked up: an
    export of 100,000 cases spent a third of its log's time finding ids it had).
    `detail` goes into each entry as {name: new value}. One transaction for all of
    them (the caller's, given `uow`).
    """
    if not references:
        return
    try:
        with unit_of_work(db, uow, actor) as uow:
            refs = list(references)
            changes = {k: ["", v] for k, v in (detail or {}).items()}
            now = utcnow()
            conn = uow.session.connection()
            for start in range(0, len(refs), 1000):
                # Only id and reference: a volunteer may not read every column of a case.
                part = refs[start:start + 1000]
                found = dict(zip(part, ids[start:start + 1000], strict=True)) if ids else {
                    row.reference: row.id for row in uow.session.execute(
                        select(Case.id, Case.reference).where(Case.reference.in_(part)))}
                # One executemany per thousand cases rather than an ORM object per case:
                # an export of a whole office's list stays quick, its memory flat.
                insert_rows(conn, AuditEntry.__table__, [
                    {"at": now, "actor": uow.actor, "action": action, "entity": "case",
                     "entity_id": found[ref], "case_id": found[ref], "case_reference": ref,
                     "changes": changes}
                    for ref in part if ref in found])
    except sa_exc.DBAPIError as exc:  # engines not made by make_engine
        raise _server_error(exc) from None
