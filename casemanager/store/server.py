"""How Case Manager reaches a PostgreSQL server: TLS with a verified certificate unless
the server is on this machine.

A `postgresql+psycopg://` URL whose host is another machine gets `sslmode=verify-full`
(libpq then checks the certificate against `~/.postgresql/root.crt`, or the file named
by `sslrootcert=`, and that it was issued for that host name). A plain or unverified
connection needs the explicit `?sslmode=disable` (or `require`, `prefer`...) in the URL;
docs/security.md says when that is acceptable. A Unix socket, `localhost` and the
loopback addresses are this machine and are left as they are.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import ExceptionContext, make_url


def is_local_host(host: str | None) -> bool:
    """True for no host (libpq's default socket), a socket folder, `localhost` and the
    loopback addresses; False for any other name or address."""
    if not host:
        return True
    host = host.strip("[]")
    if host.startswith("/") or host.startswith("@") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _items(value: object) -> list[str]:
    """A query value (a string, a tuple of them or None) as libpq's comma-separated list."""
    out: list[str] = []
    for item in (value if isinstance(value, tuple) else [value]):
        if item:
            out.extend(str(item).split(","))
    return out


def _service(name: str) -> dict[str, str] | None:
    """The settings of libpq service `name` (PGSERVICEFILE or ~/.pg_service.conf, then
    PGSYSCONFDIR/pg_service.conf), or None when no file has it."""
    import configparser
    import os
    from pathlib import Path

    files = [Path(os.environ.get("PGSERVICEFILE") or Path.home() / ".pg_service.conf")]
    if os.environ.get("PGSYSCONFDIR"):
        files.append(Path(os.environ["PGSYSCONFDIR"]) / "pg_service.conf")
    for path in files:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (OSError, configparser.Error):
            continue
        if parser.has_section(name):
            return {k.lower(): v.strip() for k, v in parser.items(name)}
    return None


def secure_url(target: str) -> str:
    """`target` (a postgresql URL) with `sslmode=verify-full` added when the connection
    libpq will make goes to a host that is not this machine and nothing says sslmode.

    Where libpq connects is decided as libpq decides it: the URL's host and `host=` query
    (a comma-separated list: one remote host is enough), else the service's (`service=`
    or PGSERVICE, from pg_service.conf), else PGHOST; and `hostaddr=` (else the
    service's, else PGHOSTADDR), which libpq dials instead of the host name. A service
    that cannot be read counts as another machine.
    """
    import os

    url = make_url(target)
    if "sslmode" in url.query:
        return target
    hosts: list[str] = ([url.host] if url.host else []) + _items(url.query.get("host"))
    hostaddrs = _items(url.query.get("hostaddr"))
    service_name = (_items(url.query.get("service")) or [os.environ.get("PGSERVICE", "")])[0]
    remote = False
    if service_name:
        service = _service(service_name)
        if service is None:
            remote = True
        else:
            if "sslmode" in service:
                return target
            hosts = hosts or _items(service.get("host"))
            hostaddrs = hostaddrs or _items(service.get("hostaddr"))
    hosts = hosts or _items(os.environ.get("PGHOST"))
    hostaddrs = hostaddrs or _items(os.environ.get("PGHOSTADDR"))
    if not remote and all(is_local_host(h) for h in hosts + hostaddrs):
        return target
    return url.update_query_dict({"sslmode": "verify-full"}).render_as_string(
        hide_password=False)


def refused(context: ExceptionContext) -> None:
    """SQLAlchemy `handle_error` hook for server engines: the server's refusal of a
    privilege or a row-level security policy (SQLSTATE 42501) becomes AccessDenied, a
    one-line CaseManagerError, wherever in the core it happens. A refusal to read or
    change a table says so in the role's words (casemanager.domain.roles), the
    server's own words after it."""
    from casemanager.domain.errors import AccessDenied
    from casemanager.domain.roles import refused_table

    orig = context.original_exception
    if getattr(orig, "sqlstate", "") == "42501":
        reason = getattr(getattr(orig, "diag", None), "message_primary", None) or str(orig)
        reason = reason.strip().splitlines()[0]
        conn = context.connection
        role = conn.info.get(ROLE_KEY, "") if conn is not None else ""
        sentence = refused_table(role, context.statement or "", reason)
        if sentence is not None:
            raise AccessDenied(sentence) from None
        raise AccessDenied(
            f"the server refused: {reason} (your role does not allow it)") from None


# Where a pooled connection keeps its login's role (connection.info), for the refusals.
ROLE_KEY = "casemanager_role"


def remember_role(dbapi_connection: Any, record: Any) -> None:
    """SQLAlchemy `connect` hook for server engines: note this login's role on the new
    connection ('' for the owner, or a database without roles yet), so that a refusal
    can name it without asking the server in a failed transaction."""
    import psycopg

    role = ""
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT cm_role()")
            row = cursor.fetchone()
            role = str(row[0] or "") if row else ""
    except psycopg.Error:  # no cm_role() before `init`: no role to name
        role = ""
    finally:
        dbapi_connection.rollback()
    record.info[ROLE_KEY] = role


@dataclass(frozen=True)
class ServerAddress:
    """Where a server is, as the window asks for it: a host (name, address or socket
    folder; empty: libpq's default), a port (0: the default), a database, a login, or a
    libpq service name (pg_service.conf) that fills in whatever is left empty. Never a
    password: that goes to libpq beside the URL, or comes from its password file."""

    host: str = ""
    port: int = 0
    database: str = ""
    login: str = ""
    service: str = ""

    def url(self) -> str:
        """The `postgresql+psycopg://` URL of this address (no password in it)."""
        from sqlalchemy.engine import URL

        query: dict[str, str] = {}
        host = self.host.strip() or None
        if host and (host.startswith("/") or host.startswith("@")):
            query["host"], host = host, None  # a socket folder goes in the query
        if self.service.strip():
            query["service"] = self.service.strip()
        return URL.create(
            "postgresql+psycopg", username=self.login.strip() or None, host=host,
            port=self.port or None, database=self.database.strip() or None, query=query,
        ).render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, target: str) -> ServerAddress:
        """The address in a `postgresql…://` URL (its password, if any, is left out)."""
        url = make_url(target)
        host = url.host or url.query.get("host") or ""
        service = url.query.get("service") or ""
        port = url.port or url.query.get("port") or 0
        if not isinstance(port, (int, str)):
            port = port[0]
        try:
            port = int(port)
        except ValueError:
            port = 0
        return cls(host=host if isinstance(host, str) else host[0], port=port,
                   database=url.database or "", login=url.username or "",
                   service=service if isinstance(service, str) else service[0])
