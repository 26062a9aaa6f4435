"""People on a shared server: `user add|list|role|disable|enable|password` and
`restrict REF`.

The server does the refusing (only coordinators may manage people; see
casemanager/services/access.py and migration 0007_roles); these commands print its answer in one
line. On a local SQLite file they say in one line that roles belong to a server.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from casemanager.cli.context import CliContext, UsageError, print_table
from casemanager.domain.messages import counted
from casemanager.services import access

if TYPE_CHECKING:  # annotations only
    from casemanager.store.database import Database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="people and roles on a shared server")
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True,
                             parser_class=type(p))
    a = users.add_parser("add", help="a new login with a role; shows its first password once")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=access.ROLES)
    a.set_defaults(func=cmd_add)
    a = users.add_parser("list", help="everyone with a role on this server")
    a.add_argument("--format", choices=("table", "json"), default="table")
    a.set_defaults(func=cmd_list)
    a = users.add_parser("role", help="give a person another role")
    a.add_argument("name")
    a.add_argument("role", choices=access.ROLES)
    a.set_defaults(func=cmd_role)
    a = users.add_parser("disable", help="stop a person from connecting (ends their sessions)")
    a.add_argument("name")
    a.set_defaults(func=cmd_disable)
    a = users.add_parser("enable", help="let a disabled person connect again")
    a.add_argument("name")
    a.set_defaults(func=cmd_enable)
    a = users.add_parser(
        "password", help="choose your own password ($CASEMANAGER_NEW_PASSWORD or a prompt); "
        "a coordinator naming someone gives them a new first password, shown once")
    a.add_argument("name", nargs="?", help="the person who forgot theirs (coordinators)")
    a.set_defaults(func=cmd_password)

    p = sub.add_parser("restrict", help="make a case visible only to coordinators and the "
                       "caseworkers named on it")
    p.add_argument("reference")
    p.add_argument("--member", action="append", default=[], metavar="LOGIN",
                   help="a caseworker's login who may see it (repeatable)")
    p.add_argument("--off", action="store_true", help="lift the restriction")
    p.set_defaults(func=cmd_restrict)


def _db(ctx: CliContext) -> Database:
    db = ctx.database()
    access.require_server(db)
    return db


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    login = access.normal_login(args.name)
    password = access.add_person(_db(ctx), login, args.role)
    if login != args.name:
        print(f"Login names are lower case: {args.name} is {login}.")
    # Shown once, never stored by us: the person must replace it at first sign-in.
    print(f"Added {login} as {args.role}.")
    print(f"First password (shown once; {login} must change it at first sign-in): "
          f"{password}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = [
        {"name": p.login, "role": p.role, "enabled": "yes" if p.enabled else "no",
         "must_change_password": "yes" if p.must_change_password else "no"}
        for p in access.people(_db(ctx))
    ]
    if args.format == "json":
        ctx.print_json(rows)
    else:
        print_table(rows, [("name", "name", 40), ("role", "role", 12),
                           ("enabled", "enabled", 8),
                           ("must_change_password", "must change password", 22)])
    return 0


def cmd_role(args: argparse.Namespace, ctx: CliContext) -> int:
    access.set_role(_db(ctx), args.name, args.role)
    print(f"{access.normal_login(args.name)} is now {args.role}.")
    return 0


def cmd_disable(args: argparse.Namespace, ctx: CliContext) -> int:
    still_open = access.set_enabled(_db(ctx), args.name, False)
    print(f"{access.normal_login(args.name)} is disabled and can no longer connect.")
    if still_open:
        print(f"Could not end the {counted(still_open, 'session', 'sessions')} {args.name} "
              "has open now (the "
              "database's owner lacks pg_signal_backend): they last until closed.")
    return 0


def cmd_enable(args: argparse.Namespace, ctx: CliContext) -> int:
    access.set_enabled(_db(ctx), args.name, True)
    print(f"{access.normal_login(args.name)} can connect again.")
    return 0


def cmd_password(args: argparse.Namespace, ctx: CliContext) -> int:
    db = _db(ctx)
    if args.name and args.name != access.session_login(db):
        if access.must_change_password(db):
            raise UsageError("choose your own password first: `casemanager user password` "
                             "(the first one was shown to the coordinator)")
        password = access.reset_password(db, args.name)
        print(f"New first password for {args.name} (shown once; they must change it at "
              f"their next sign-in): {password}")
        return 0
    new = os.environ.get("CASEMANAGER_NEW_PASSWORD")
    if not new:
        if not sys.stdin.isatty():
            raise UsageError("give the new password in $CASEMANAGER_NEW_PASSWORD or at a "
                             "terminal")
        new = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != new:
            raise UsageError("the two passwords differ; nothing was changed")
    access.change_password(db, new)
    print("Your password is changed.")
    return 0


def cmd_restrict(args: argparse.Namespace, ctx: CliContext) -> int:
    access.restrict_case(_db(ctx), args.reference, restricted=not args.off,
                         members=args.member)
    print(f"{args.reference} is {'no longer ' if args.off else ''}restricted.")
    return 0
