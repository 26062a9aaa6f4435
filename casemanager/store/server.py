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


def secure_url(target: str) -> str:
    """`target` (a postgresql URL) with `sslmode=verify-full` added when it names a host
    that is not this machine and says nothing about sslmode itself.

    Hosts come from the URL's host part and from a `host=` query (libpq allows a
    comma-separated list there): one remote host is enough to ask for TLS.
    """
    url = make_url(target)
    if "sslmode" in url.query:
        return target
    hosts: list[str] = [url.host] if url.host else []
    query_host = url.query.get("host")
    for item in (query_host if isinstance(query_host, tuple) else [query_host]):
        if item:
            hosts.extend(item.split(","))
    if all(is_local_host(h) for h in hosts):
        return target
    return url.update_query_dict({"sslmode": "verify-full"}).render_as_string(
        hide_password=False)


def refused(context: ExceptionContext) -> None:
    """SQLAlchemy `handle_error` hook for server engines: the server's refusal of a
    privilege or a row-level security policy (SQLSTATE 42501) becomes AccessDenied, a
    one-line CaseManagerError, wherever in the core it happens."""
    from casemanager.domain.errors import AccessDenied

    orig = context.original_exception
    if getattr(orig, "sqlstate", "") == "42501":
        reason = getattr(getattr(orig, "diag", None), "message_primary", None) or str(orig)
        raise AccessDenied(
            f"the server refused: {reason.strip().splitlines()[0]} "
            "(your role does not allow it)") from None
