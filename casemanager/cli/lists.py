"""Case lists on the command line: `export` and `import`.

A rejected import exits with status 1: the one-line summary goes to stderr like every
error, and the full report (one problem or likely duplicate per line, or JSON with
`--format json`) goes to stdout, so a script can keep it. An accepted one prints its
warnings (`warning: row N, column: reason`) and notes (`note: …`) before the summary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casemanager.cli.cases import add_filter_arguments, filter_from_args
from casemanager.cli.context import CliContext, UsageError
from casemanager.domain.messages import counted
from casemanager.lists.export import (
    FORMATS,
    export_cases,
    format_for,
    parse_columns,
)
from casemanager.lists.importer import DUPLICATE_CHOICES, import_file
from casemanager.lists.older_rows import OLDER_ROW_CHOICES
from casemanager.services.queries import case_ids
from casemanager.system.safe_files import check_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write cases to a CSV or XLSX list")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--format", choices=FORMATS, help="default: from the file name, else csv")
    p.add_argument("--columns", metavar="A,B,C",
                   help="interchange columns to write, in this order (default: all)")
    add_filter_arguments(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="add or update cases from a CSV or XLSX list")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    p.add_argument(
        "--on-duplicate", choices=("ask", *DUPLICATE_CHOICES), default="ask",
        help="rows that look like cases already held: ask (default: stop and list them), "
        "skip them, update those cases, or add them as new cases",
    )
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="how the report is printed")
    p.add_argument("--unknown-to-notes", action="store_true",
                   help="keep columns the importer does not know in each case's notes "
                   "(as 'Header: value' lines) instead of ignoring them")
    p.add_argument("--source", metavar="NAME",
                   help="the partner organisation whose references the file holds "
                   "(default: the file's name)")
    p.add_argument(
        "--older-rows", choices=OLDER_ROW_CHOICES, default="keep-ours",
        help="rows whose updated_at is older than a change made here to a field they "
        "would change: keep-ours (default: our newer value stays) or take-theirs (the "
        "list's value is taken); either way the report lists them")
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    target = check_output(args.output, what="export file")
    fmt = format_for(target, args.format)
    columns = parse_columns(args.columns)
    db = ctx.database()
    ids = case_ids(db, filter_from_args(args))
    count = export_cases(db, ids, target, fmt=fmt, columns=columns)
    left_out = len(ids) - count  # the cases merged into another (export_cases)
    print(f"Exported {counted(count, 'case', 'cases')} to {target}")
    if left_out:
        print(f"Left out {counted(left_out, 'case', 'cases')} merged into another "
              "(kept only so that the merge can be undone)")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    path = Path(args.file)
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if not path.is_file():  # a named pipe would make the reader wait forever
        raise UsageError(f"{path} is not a regular file; only ordinary files can be imported")
    report = import_file(ctx.database(), path, dry_run=args.dry_run,
                         on_duplicate=args.on_duplicate, source=args.source or "",
                         unknown_to_notes=args.unknown_to_notes,
                         older_rows=args.older_rows)
    failed = bool(report.problems or (report.undecided and not report.dry_run))
    if args.format == "json":
        ctx.print_json(report.as_json())
    else:
        # A refused import's report stays what scripts read: problems and duplicates.
        for line in report.lines() + ([] if failed else report.details()):
            print(line)
    if failed:
        print(f"casemanager: error: {report.summary()}", file=sys.stderr)
        return 1
    if args.format != "json":
        print(report.summary())
    return 0
