"""Reading cases from the command line: list, search, show."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from casemanager.cli.context import MAX_ID, CliContext, UsageError, print_table, whole_number
from casemanager.domain import vocab
from casemanager.domain.countries import country_code
from casemanager.services.access import list_rows, open_case
from casemanager.services.queries import SORT_NAMES, CaseFilter, case_ids
from casemanager.services.show import case_json, case_text
from casemanager.store.database import Database

if TYPE_CHECKING:
    from casemanager.bundles.claims import ClaimInfo

TABLE_COLUMNS = [
    ("reference", "REFERENCE", 10),
    ("status", "STATUS", 15),
    ("family_name", "FAMILY NAME", 20),
    ("given_name", "GIVEN NAME", 16),
    ("name_native", "NATIVE NAME", 32),
    ("citizenships", "CITIZENSHIP", 11),
    ("capture_date", "CAPTURED", 10),
]


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The list filters; `export` takes the same ones."""
    p.add_argument("--status", help="one status or several joined with commas")
    p.add_argument("--citizenship", metavar="CC", help="ISO country code or country name")
    p.add_argument("--query", "-q", metavar="Q", help="names, aliases or reference")
    p.add_argument("--priority", choices=vocab.PRIORITIES)
    p.add_argument("--recruitment", choices=vocab.RECRUITMENT)
    p.add_argument("--assigned-to", metavar="NAME")
    p.add_argument("--tag")
    p.add_argument("--import", dest="import_id", type=whole_number(1, MAX_ID, "the import"),
                   metavar="ID",
                   help="the cases that import ID created or changed (its report names it)")


def filter_from_args(args: argparse.Namespace) -> CaseFilter:
    statuses: tuple[str, ...] = ()
    if args.status:
        statuses = tuple(s.strip().lower() for s in args.status.split(",") if s.strip())
        for s in statuses:
            if s not in vocab.STATUSES:
                raise UsageError(f"unknown status '{s}' (one of: {', '.join(vocab.STATUSES)})")
    citizenship = ""
    if args.citizenship:
        citizenship = country_code(args.citizenship) or ""
        if not citizenship:
            raise UsageError(f"unknown country '{args.citizenship}'")
    return CaseFilter(
        statuses=statuses,
        citizenship=citizenship,
        priority=args.priority or "",
        recruitment=args.recruitment or "",
        assigned_to=args.assigned_to or "",
        tag=args.tag or "",
        query=args.query or "",
        import_id=getattr(args, "import_id", None),
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list cases, filtered")
    add_filter_arguments(p)
    p.add_argument("--limit", type=whole_number(0, MAX_ID, "--limit"), metavar="N")
    p.add_argument("--sort", choices=SORT_NAMES, default="reference", metavar="COLUMN",
                   help="order as the window's list sorts it: " + ", ".join(SORT_NAMES)
                   + " (names in dictionary order, status and priority in their order, "
                   "empty values last; with --query and no --sort, best match first)")
    p.add_argument("--descending", action="store_true", help="reverse the --sort order")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help="find cases by name, spelling or reference")
    p.add_argument("query")
    p.add_argument("--limit", type=whole_number(1, MAX_ID, "--limit"), default=20, metavar="N")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="show one case")
    p.add_argument("reference")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_show)


def _output(ctx: CliContext, ids: list[int], fmt: str, command: str) -> None:
    # Reading counts: the log says who listed which cases, whatever the format.
    table = list_rows(ctx.database(), ids, fmt=fmt, command=command)
    if fmt == "json":
        ctx.print_json(table)
        return
    if not table:
        print("No cases.", file=sys.stderr)
        return
    print_table(table, TABLE_COLUMNS)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    f = filter_from_args(args)
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    # With a limit the database stops there (a search ranks its first `limit` alone).
    ids = case_ids(ctx.database(), f, sort=args.sort, descending=args.descending,
                   limit=args.limit) if args.limit != 0 else []
    _output(ctx, ids, args.format, "list")
    return 0


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    if not args.query.strip():
        raise UsageError("the search query is empty")
    db = ctx.database()
    with db.session() as session:
        from casemanager.services.search import search_ids  # the matcher: `search` only

        ids = search_ids(session, args.query, limit=args.limit)
    _output(ctx, ids, args.format, "search")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    # Reading counts: the log says who opened which case.
    db = ctx.database()
    case = open_case(db, args.reference)
    claims = _open_claims(db, case.reference)
    if args.format == "json":
        ctx.print_json({**case_json(case), "partner_claims": [
            {"id": str(c.id), "partner": c.partner, "field": c.field, "ours": c.ours,
             "theirs": c.theirs, "received_at": c.received_at.isoformat(timespec="seconds")}
            for c in claims]})
    else:
        text = case_text(case)
        if claims:
            text += "\n  Partners' claims (decide with `casemanager claims`):\n" + "\n".join(
                f"    #{c.id} {c.field}: ours '{c.ours}', {c.partner} says '{c.theirs}'"
                for c in claims)
        print(text)
    return 0


def _open_claims(db: Database, reference: str) -> list[ClaimInfo]:
    """The case's open partner claims; none for a role the server does not let read them
    (a volunteer: they are the caseworkers' to decide)."""
    from sqlalchemy import select

    from casemanager.domain.errors import AccessDenied
    from casemanager.store.models import Case, PartnerClaim

    try:
        # Most cases have none: ask cheaply before loading the bundles' code.
        with db.session() as session:
            any_open = session.scalar(
                select(PartnerClaim.id).join(Case, Case.id == PartnerClaim.case_id)
                .where(Case.reference == reference, PartnerClaim.resolved.is_(False)).limit(1))
        if any_open is None:
            return []
        from casemanager.bundles.claims import list_claims

        return list_claims(db, reference)
    except AccessDenied:
        return []
