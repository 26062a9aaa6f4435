"""The overview from the command line: `casemanager stats`, as a table, JSON or PDF."""

from __future__ import annotations

import argparse
import sys

from casemanager.cli.context import CliContext, print_table
from casemanager.domain.fields import as_text
from casemanager.domain.messages import counted
from casemanager.services.caseworker import caseworker_name
from casemanager.services.overview import STALE_DAYS, overview, overview_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="the overview: counts, stale cases, overdue follow-ups")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--mine", action="store_true", help="only my cases")
    who.add_argument("--assignee", metavar="NAME", help="only this caseworker's cases")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--pdf", metavar="FILE", help="also write the one-page PDF report")
    p.set_defaults(func=cmd_stats)


def _counts(title: str, rows: tuple[tuple[str, int], ...]) -> None:
    print_table(
        [{"value": k.replace("_", " "), "n": f"{n:,}"} for k, n in rows],
        [("value", title.upper(), 24), ("n", "CASES", 11)],
    )
    print()


def _listed(shown: tuple[object, ...], total: int) -> str:
    return f" (the first {len(shown):,} listed)" if len(shown) < total else ""


def cmd_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.system.safe_files import check_output

    target = check_output(args.pdf, what="--pdf file") if args.pdf is not None else None
    db = ctx.database()
    assignee = caseworker_name(db) if args.mine else args.assignee
    ov = overview(db, assignee=assignee)
    if target is not None:
        from casemanager.reports.overview_pdf import write_overview_pdf

        write_overview_pdf(ov, target)
        print(f"Report written to {target}", file=sys.stderr)
    if args.format == "json":
        ctx.print_json(overview_json(ov))
        return 0
    scope = f" assigned to {assignee}" if assignee else ""
    print(f"{counted(ov.total, 'case', 'cases')}{scope}, {ov.open_cases:,} open\n")
    _counts("By status", ov.by_status)
    _counts("By citizenship", ov.by_citizenship)
    _counts("By recruitment", ov.by_recruitment)
    _counts("By priority", ov.by_priority)
    print(f"No update for {STALE_DAYS} days: {ov.stale_count:,}{_listed(ov.stale, ov.stale_count)}")
    if ov.stale:
        print_table(
            [{"reference": s.reference, "name": s.case_name, "status": s.status,
              "assigned": s.assigned_to, "updated": f"{s.updated_at:%Y-%m-%d}"} for s in ov.stale],
            [("reference", "CASE", 9), ("name", "NAME", 28), ("status", "STATUS", 15),
             ("assigned", "ASSIGNED", 12), ("updated", "UPDATED", 10)],
        )
    print(f"\nOverdue follow-ups: {ov.overdue_count:,}{_listed(ov.overdue, ov.overdue_count)}")
    if "appeals" in ov.left_out:
        print("(tasks only: your role does not see appeals)")
    if ov.overdue:
        print_table(
            [{"due": as_text(i.due), "reference": i.case_reference, "title": i.title,
              "assigned": i.assignee} for i in ov.overdue],
            [("due", "DUE", 10), ("reference", "CASE", 9), ("title", "WHAT", 48),
             ("assigned", "ASSIGNED", 12)],
        )
    print(f"\nRecent changes: {len(ov.recent)}")
    if ov.recent:
        print_table(
            [{"at": f"{c.at:%Y-%m-%d %H:%M}", "actor": c.actor, "action": c.action,
              "reference": c.case_reference, "fields": c.fields} for c in ov.recent],
            [("at", "WHEN", 16), ("actor", "WHO", 12), ("action", "ACTION", 18),
             ("reference", "CASE", 9), ("fields", "FIELDS", 40)],
        )
    return 0
