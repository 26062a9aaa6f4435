"""Dossiers and letters from the command line: `dossier REF… -o FILE.pdf`, `letter ID`."""

from __future__ import annotations

import argparse
from pathlib import Path

from casemanager.cli.context import CliContext, UsageError, record_id
from casemanager.domain.redaction import PROFILES
from casemanager.reports.labels import LANGUAGES
from casemanager.system.language import default_language
from casemanager.system.safe_files import check_output, write_atomically


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dossier", help="print-ready PDF dossier of one or several cases",
        description="Make a PDF dossier. Several cases give one PDF opening with a cover "
        "letter, or one file per case with --per-case-folder. Each dossier is recorded in "
        "the case's disclosure ledger.")
    p.add_argument("references", nargs="+", metavar="REF")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="FILE.pdf")
    out.add_argument("--per-case-folder", metavar="DIR",
                     help="write one PDF per case (named by reference) into DIR")
    p.add_argument("--lang", choices=LANGUAGES, default=default_language(),
                   help="default: $CASEMANAGER_LANG, else the system locale")
    p.add_argument("--profile", choices=[n for n in PROFILES if n != "strict"],
                   default="internal", help="who the dossier is for (what it leaves out)")
    p.add_argument("--redact", action="store_true",
                   help="the strictest redaction: no family contact details, no document "
                   "numbers, nothing marked confidential (overrides --profile)")
    p.add_argument("--recipient", default="", metavar="TEXT",
                   help="to whom it goes (cover letter, header and disclosure ledger)")
    p.set_defaults(func=cmd_dossier)

    p = sub.add_parser("letter", help="make the letter for an appeal and attach it to it")
    p.add_argument("appeal_id", type=record_id, metavar="APPEAL_ID")
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="also save the letter here")
    p.add_argument("--lang", choices=LANGUAGES, default=default_language(),
                   help="default: $CASEMANAGER_LANG, else the system locale")
    p.set_defaults(func=cmd_letter)


def cmd_dossier(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.reports.dossiers import make_dossier, make_dossier_folder

    profile = "strict" if args.redact else args.profile
    db = ctx.database()
    if args.per_case_folder:
        folder = Path(args.per_case_folder)
        if not folder.is_dir():
            raise UsageError(f"folder {folder} does not exist")
        paths = make_dossier_folder(db, args.references, folder, args.lang, profile,
                                    args.recipient)
        for path in paths:
            print(path)
        return 0
    output = check_output(args.output, what="dossier file")
    pdf = make_dossier(db, args.references, args.lang, profile, args.recipient, output=output)
    print(f"Wrote {output} ({len(pdf) // 1024 + 1} KB, profile {profile})")
    return 0


def cmd_letter(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.reports.appeal_letter import make_appeal_letter
    from casemanager.services.attachments import attachment_data

    output = check_output(args.output, what="letter file") if args.output is not None else None
    db = ctx.database()
    att_id = make_appeal_letter(db, args.appeal_id, args.lang)
    if output is not None:
        write_atomically(output, attachment_data(db, att_id))
        print(f"Wrote {output}; attached to appeal {args.appeal_id} (attachment {att_id})")
    else:
        print(f"Attached the letter to appeal {args.appeal_id} (attachment {att_id})")
    return 0
