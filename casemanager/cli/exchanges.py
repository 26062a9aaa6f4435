"""Exchanges from the command line: `casemanager exchange new|list|show|add|release|match`."""

from __future__ import annotations

import argparse
import sys

from casemanager.cli.context import CliContext, UsageError, print_table, record_id
from casemanager.domain.fields import as_text
from casemanager.domain.messages import counted
from casemanager.services.exchanges import (
    ExchangeInfo,
    add_cases,
    create_exchange,
    get_exchange,
    list_exchanges,
    match_published_list,
    release_cases,
)
from casemanager.services.published_lists import parse_names, read_names


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("exchange", help="exchanges: lists of cases for a swap, releases")
    esub = p.add_subparsers(dest="exchange_command", metavar="SUBCOMMAND", parser_class=type(p))
    esub.required = True

    q = esub.add_parser("new", help="record a negotiation round or swap")
    q.add_argument("--date", default="", help="1994, 1994-03 or 1994-03-12")
    q.add_argument("--description", "-d", default="")
    q.set_defaults(func=cmd_new)

    q = esub.add_parser("list", help="every exchange")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q.set_defaults(func=cmd_list)

    q = esub.add_parser("show", help="an exchange and the cases on its list")
    q.add_argument("exchange", type=record_id, metavar="ID")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q.set_defaults(func=cmd_show)

    q = esub.add_parser("add", help="put cases on an exchange's list")
    q.add_argument("exchange", type=record_id, metavar="ID")
    q.add_argument("references", nargs="+", metavar="REF")
    q.set_defaults(func=cmd_add)

    q = esub.add_parser("release", help="mark cases released after the swap, in one step")
    q.add_argument("exchange", type=record_id, metavar="ID")
    q.add_argument("references", nargs="+", metavar="REF")
    q.add_argument("--date", default="", help="the day of the swap (default today)")
    q.add_argument("--source", default="")
    q.add_argument("--note", default="")
    q.set_defaults(func=cmd_release)

    q = esub.add_parser("match", help="match a published list of names against our cases")
    q.add_argument("file", metavar="FILE", help="CSV, XLSX or text with one name a line; - for stdin")
    q.add_argument("--exchange", type=record_id, metavar="ID",
                   help="the exchange whose list to compare (default: all exchange_listed cases)")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q.set_defaults(func=cmd_match)


def _info_json(info: ExchangeInfo) -> dict[str, object]:
    return {"id": info.id, "date": as_text(info.date), "description": info.description,
            "listed": info.listed, "released": info.released}


def cmd_new(args: argparse.Namespace, ctx: CliContext) -> int:
    new_id = create_exchange(ctx.database(), date=args.date, description=args.description)
    print(new_id)
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    infos = list_exchanges(ctx.database())
    if args.format == "json":
        ctx.print_json([_info_json(i) for i in infos])
    elif not infos:
        print("No exchanges.", file=sys.stderr)
    else:
        print_table(
            [{"id": str(i.id), "date": as_text(i.date), "listed": str(i.listed),
              "released": str(i.released), "description": i.description} for i in infos],
            [("id", "ID", 5), ("date", "DATE", 10), ("listed", "LISTED", 6),
             ("released", "RELEASED", 8), ("description", "DESCRIPTION", 60)],
        )
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    detail = get_exchange(ctx.database(), args.exchange)
    rows = [
        {"reference": li.reference, "name": li.case_name, "name_native": li.name_native,
         "status": li.status, "added_at": as_text(li.added_at), "added_by": li.added_by,
         "released": as_text(li.released), "released_date": as_text(li.released_date)}
        for li in detail.listings
    ]
    if args.format == "json":
        ctx.print_json({**_info_json(detail.info), "cases": rows})
        return 0
    print(f"Exchange {detail.info.id}: {detail.info.title}")
    print(f"{detail.info.listed:,} listed, {detail.info.released:,} released\n")
    if rows:
        print_table(rows, [("reference", "CASE", 9), ("name", "NAME", 30),
                           ("status", "STATUS", 15), ("added_at", "ADDED", 19),
                           ("added_by", "BY", 12), ("released_date", "RELEASED", 10)])
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    added = add_cases(ctx.database(), args.exchange, args.references)
    print(f"{counted(len(added), 'case', 'cases')} added to exchange {args.exchange}" +
          (f": {' '.join(added)}" if added else ""))
    return 0


def cmd_release(args: argparse.Namespace, ctx: CliContext) -> int:
    done = release_cases(ctx.database(), args.exchange, args.references, date=args.date or None,
                         source=args.source, note=args.note)
    print(f"{counted(len(done), 'case', 'cases')} marked released" + (f": {' '.join(done)}" if done else ""))
    return 0


def cmd_match(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.file == "-":
        names = parse_names(sys.stdin.read())
    else:
        names = read_names(args.file)
    if not names:
        raise UsageError(f"no names found in {args.file}")
    report = match_published_list(ctx.database(), names, exchange_id=args.exchange)
    if args.format == "json":
        ctx.print_json({
            "ours": [{"name": m.name, "reference": m.reference, "case_name": m.case_name,
                      "name_native": m.name_native, "status": m.status, "score": m.score,
                      "alternatives": ";".join(m.alternatives)} for m in report.matched],
            "missing": [{"reference": c.reference, "case_name": c.case_name,
                         "name_native": c.name_native, "status": c.status}
                        for c in report.missing],
            "no_case": list(report.unmatched),
        })
        return 0
    print(f"On the list and ours: {len(report.matched):,}")
    if report.matched:
        print_table(
            [{"name": m.name, "reference": m.reference, "case_name": m.case_name,
              "status": m.status, "score": str(m.score),
              "also": " ".join(m.alternatives)} for m in report.matched],
            [("name", "NAME ON LIST", 30), ("reference", "CASE", 9), ("case_name", "OUR NAME", 30),
             ("status", "STATUS", 15), ("score", "SCORE", 5), ("also", "ALSO POSSIBLE", 20)],
        )
    print(f"\nOurs, missing from the list: {len(report.missing):,}")
    if report.missing:
        print_table(
            [{"reference": c.reference, "case_name": c.case_name, "native": c.name_native}
             for c in report.missing],
            [("reference", "CASE", 9), ("case_name", "NAME", 30), ("native", "NATIVE NAME", 34)],
        )
    print(f"\nNames we have no case for: {len(report.unmatched):,}")
    for name in report.unmatched:
        print(f"  {name}")
    return 0
