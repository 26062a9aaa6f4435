"""Duplicates from the command line: list likely pairs, dismiss one, merge, undo a merge.

    casemanager duplicates [--min-score S] [--format table|json]
    casemanager duplicates dismiss REF1 REF2
    casemanager merge KEEP OTHER
    casemanager merge --undo AUDIT_ID
"""

from __future__ import annotations

import argparse
import gc
import sys

from casemanager.cli.context import CliContext, UsageError, print_table, record_id
from casemanager.domain.messages import counted
from casemanager.services.duplicates import (
    DEFAULT_MIN_SCORE,
    DuplicatePair,
    dismiss_pair,
    find_duplicates,
)

# What a merge moved (casemanager.services.merge.MOVED), one and many: "1 event".
_RECORDS = {
    "appeals": ("appeal", "appeals"), "events": ("event", "events"),
    "attachments": ("attachment", "attachments"), "documents": ("document", "documents"),
    "custody": ("custody period", "custody periods"),
    "media": ("media appearance", "media appearances"), "tasks": ("task", "tasks"),
    "disclosures": ("disclosure", "disclosures"), "contacts": ("contact", "contacts"),
    "exchanges": ("exchange listing", "exchange listings"),
    "external_references": ("partner's reference", "partners' references"),
}

TABLE_COLUMNS = [
    ("score", "SCORE", 5),
    ("reference_a", "CASE A", 10),
    ("name_a", "NAME A", 30),
    ("reference_b", "CASE B", 10),
    ("name_b", "NAME B", 30),
    ("reasons", "REASONS", 90),
]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("duplicates", help="list cases that are likely the same person")
    p.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE, metavar="S",
                   help=f"lowest score shown, 0.5 to 1 (default {DEFAULT_MIN_SCORE})")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_duplicates)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    d = actions.add_parser("dismiss", help="mark two cases as not the same person")
    d.add_argument("reference_a")
    d.add_argument("reference_b")
    d.set_defaults(func=cmd_dismiss)

    m = sub.add_parser("merge", help="merge case OTHER into case KEEP (or undo a merge)")
    m.add_argument("references", nargs="*", metavar="REF", help="KEEP OTHER")
    m.add_argument("--undo", type=record_id, metavar="ID", help="undo the merge with this audit id")
    m.set_defaults(func=cmd_merge)


def pair_row(pair: DuplicatePair) -> dict[str, str]:
    return {
        "reference_a": pair.reference_a,
        "name_a": pair.name_a,
        "reference_b": pair.reference_b,
        "name_b": pair.name_b,
        "score": f"{pair.score:.2f}",
        "reasons": ";".join(pair.reasons),
    }


def cmd_duplicates(args: argparse.Namespace, ctx: CliContext) -> int:
    if not 0.5 <= args.min_score <= 1.0:
        raise UsageError("--min-score must be between 0.5 and 1")
    # The scan leaves its 60,000 results to the cyclic collector's young generation;
    # walked twice while the table was written (0.1-0.2 s), they need no collecting
    # before the command ends (nothing here makes reference cycles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = [pair_row(p) for p in find_duplicates(ctx.database(), args.min_score)]
        if args.format == "json":
            ctx.print_json(rows)
        elif not rows:
            print("No likely duplicates.", file=sys.stderr)
        else:
            for row in rows:
                row["reasons"] = row["reasons"].replace(";", "; ")
            print_table(rows, TABLE_COLUMNS)
    finally:
        if collecting:
            gc.enable()
    return 0


def cmd_dismiss(args: argparse.Namespace, ctx: CliContext) -> int:
    dismiss_pair(ctx.database(), args.reference_a, args.reference_b)
    print(f"{args.reference_a.upper()} and {args.reference_b.upper()} are marked as "
          "not the same person.")
    return 0


def cmd_merge(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here: `duplicates` itself need not load merging (and the case services).
    from casemanager.services.merge import merge_cases, undo_merge

    if args.undo is not None:
        if args.references:
            raise UsageError("give either KEEP OTHER or --undo ID, not both")
        kept, restored = undo_merge(ctx.database(), args.undo)
        print(f"Merge undone: {restored} is separate from {kept} again.")
        return 0
    if len(args.references) != 2:
        raise UsageError("merge needs two references: KEEP OTHER (or --undo ID)")
    result = merge_cases(ctx.database(), args.references[0], args.references[1])
    moved = ", ".join(counted(n, *_RECORDS.get(what, (what, what)))
                      for what, n in result.moved.items()) or "no records"
    print(f"Merged {result.merged} into {result.kept}: moved {moved}; "
          f"{counted(len(result.aliases_added), 'spelling', 'spellings')} kept as aliases. "
          + (f"{result.kept} is restricted now, as {result.merged} was. "
             if result.restricted else "")
          + f"Undo with: casemanager merge --undo {result.audit_id}")
    return 0
