"""Follow-ups from the command line: `casemanager due` lists what needs doing."""

from __future__ import annotations

import argparse
import sys

from casemanager.cli.context import CliContext, UsageError, print_table, whole_number
from casemanager.domain.fields import as_text
from casemanager.services.caseworker import caseworker_name
from casemanager.services.followups import BUCKET_TITLES, DueItem, count_due, due_items

#: How many items `due` shows unless told otherwise (the most urgent first).
# All by default: partners' scripts read the whole list (the command-line contract).
DEFAULT_LIMIT = 0

COLUMNS = [
    ("when", "WHEN", 9),
    ("due", "DUE", 10),
    ("reference", "CASE", 9),
    ("name", "NAME", 24),
    ("title", "WHAT", 44),
    ("assignee", "ASSIGNED", 12),
    ("item", "ITEM", 11),
]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("due", help="follow-ups and tasks due: overdue, today, this week")
    p.add_argument(
        "--days", type=whole_number(0, 36_500, "--days"), default=7, metavar="N",
        help="what falls due within N days (default 7); overdue items always show",
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument("--assignee", metavar="NAME", help="only this caseworker's items")
    who.add_argument("--mine", action="store_true", help="only my items")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--limit", type=whole_number(0, 10**9, "--limit"), default=DEFAULT_LIMIT,
                   metavar="N", help="show only the N most urgent (default: all); how many "
                   "there are in all is then said on stderr")
    p.set_defaults(func=cmd_due)


def item_json(item: DueItem) -> dict[str, object]:
    return {
        "kind": item.kind,
        "id": item.id,
        "reference": item.case_reference,
        "name": item.case_name,
        "priority": item.case_priority,
        "title": item.title,
        "due": as_text(item.due),
        "assignee": item.assignee,
        "bucket": item.bucket,
        "days": item.days,
    }


def cmd_due(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.days < 0:
        raise UsageError("--days must be 0 or more")
    db = ctx.database()
    assignee = caseworker_name(db) if args.mine else args.assignee
    limit = args.limit or None
    items = due_items(db, days=args.days, assignee=assignee, limit=limit)
    if limit is not None and len(items) == limit:
        total = count_due(db, days=args.days, assignee=assignee)
        if total > limit:
            print(f"Showing the {limit:,} most urgent of {total:,} (--limit 0 shows all).",
                  file=sys.stderr)
    if args.format == "json":
        ctx.print_json([item_json(i) for i in items])
        return 0
    if not items:
        print("Nothing due.", file=sys.stderr)
        return 0
    rows = [
        {
            "when": BUCKET_TITLES[i.bucket],
            "due": as_text(i.due),
            "reference": i.case_reference,
            "name": i.case_name,
            "title": i.title,
            "assignee": i.assignee,
            "item": f"{i.kind}:{i.id}",
        }
        for i in items
    ]
    print_table(rows, COLUMNS)
    return 0
