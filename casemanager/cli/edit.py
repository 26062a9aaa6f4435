"""Changing cases from the command line: new, edit, status, add, attach, delete, contacts.

Fields are given as `name=value` pairs using the interchange and model field names,
so a script can do anything the editor window can.
"""

from __future__ import annotations

import argparse
import sys

from casemanager.cli.context import (
    MAX_ID,
    CliContext,
    UsageError,
    print_table,
    record_id,
    whole_number,
)
from casemanager.domain import vocab
from casemanager.domain.dto import CaseDetail
from casemanager.domain.plausibility import CHECKED_DATES, date_warnings
from casemanager.services import attachments, cases, contacts, records
from casemanager.services.caseworker import default_assignee
from casemanager.services.duplicate_check import possible_duplicates


def _pairs(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"'{item}' is not NAME=VALUE")
        out[name.strip()] = value
    return out


def _warn_dates(case: CaseDetail) -> None:
    """Implausible dates are kept, and said: one line each on stderr (exit status 0)."""
    for warning in date_warnings({name: getattr(case, name, None) for name in CHECKED_DATES}):
        print(f"casemanager: warning: {warning.line()}", file=sys.stderr)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="open a new case: new family_name=Tursunov given_name=Alisher …")
    p.add_argument("fields", nargs="*", metavar="NAME=VALUE")
    p.add_argument("--reference", help="use this reference instead of the next free one")
    p.add_argument("--reported", metavar="DATE",
                   help="when the case was reported (dates the opening status entry; "
                   "1994, 03.1994, 12.03.1994 or ISO); default today")
    p.add_argument("--force", action="store_true",
                   help="save even if the person looks like a case already held")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("edit", help="change fields of a case: edit CM-0001 rank=private …")
    p.add_argument("reference")
    p.add_argument("fields", nargs="+", metavar="NAME=VALUE")
    p.add_argument("--expect-version", type=whole_number(0, MAX_ID, "the version"), metavar="V",
                   help="refuse the change if the case is no longer at version V")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("status", help="change a case's status, kept in its history")
    p.add_argument("reference")
    p.add_argument("status", help=", ".join(vocab.STATUSES))
    p.add_argument("--date", help="when (1994, 03.1994, 12.03.1994 or ISO); default today")
    p.add_argument("--source", default="")
    p.add_argument("--note", default="")
    p.add_argument("--confidence", choices=vocab.CONFIDENCE,
                   help="how sure the source is (default: confirmed for the status "
                   "'confirmed', else unverified)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("add", help="add an appeal, event, custody, document, media or task")
    p.add_argument("kind", choices=sorted(records.RECORD_KINDS))
    p.add_argument("reference")
    p.add_argument("fields", nargs="*", metavar="NAME=VALUE")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("attach", help="store a file (photo, document) in a case")
    p.add_argument("reference")
    p.add_argument("file")
    p.add_argument("--description", default="")
    p.add_argument("--portrait", action="store_true", help="use this photo as the portrait")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("delete", help="delete a case and everything in it")
    p.add_argument("reference")
    p.add_argument("--yes", action="store_true", help="do it (required: there is no undo)")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("contact", help="add a contact, or link one to a case")
    csub = p.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    c = csub.add_parser("add", help="contact add name=… kind=embassy phone=… email=…")
    c.add_argument("fields", nargs="+", metavar="NAME=VALUE")
    c.set_defaults(func=cmd_contact_add)
    c = csub.add_parser("link", help="contact link CM-0001 CONTACT_ID relationship=mother …")
    c.add_argument("reference")
    c.add_argument("contact_id", type=record_id)
    c.add_argument("fields", nargs="*", metavar="NAME=VALUE")
    c.set_defaults(func=cmd_contact_link)
    c = csub.add_parser("list", help="list contacts")
    c.add_argument("--query", default="")
    c.add_argument("--format", choices=("table", "json"), default="table")
    c.set_defaults(func=cmd_contact_list)


def cmd_new(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = _pairs(args.fields)
    db = ctx.database()
    if not args.force:
        # A likely duplicate stops here, before anything is written: the candidates on
        # stdout (reference, name, born, score, reasons; tab-separated for scripts).
        found = possible_duplicates(db, fields)
        if found:
            for c in found:
                print(f"{c.reference}\t{c.name}\t{c.date_of_birth}\t{c.score:.2f}\t"
                      f"{'; '.join(c.reasons)}")
            others = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise UsageError(f"may be {found[0].describe()}{others}: open it, or add "
                             "--force to keep both")
    if "assigned_to" not in fields:
        # The caseworker who opens a case has it, unless another assignee is named
        # (`assigned_to=` names nobody on purpose).
        fields["assigned_to"] = default_assignee(db)
    case = cases.create_case(db, fields=fields, reference=args.reference,
                             reported_on=args.reported)
    print(case.reference)
    _warn_dates(case)
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    case = cases.update_case(
        ctx.database(), args.reference, fields=_pairs(args.fields),
        expected_version=args.expect_version,
    )
    print(f"{case.reference} saved (version {case.version})")
    if {"date_of_birth", "capture_date"} & set(_pairs(args.fields)):
        _warn_dates(case)
    return 0


def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    case = cases.change_status(
        ctx.database(), args.reference, status=args.status, date=args.date,
        source=args.source, note=args.note, confidence=args.confidence,
    )
    print(f"{case.reference} is now {case.status}")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    new_id = records.add_record(ctx.database(), args.reference, args.kind, fields=_pairs(args.fields))
    print(new_id)
    return 0


def cmd_attach(args: argparse.Namespace, ctx: CliContext) -> int:
    new_id = attachments.add_attachment_file(
        ctx.database(), args.reference, args.file, description=args.description,
        is_portrait=args.portrait,
    )
    print(new_id)
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    if not args.yes:
        raise UsageError("deleting a case cannot be undone; add --yes to confirm")
    cases.delete_case(ctx.database(), args.reference)
    print(f"{cases.normalise_reference(args.reference)} deleted", file=sys.stderr)
    return 0


def cmd_contact_add(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = _pairs(args.fields)
    channels = []
    for kind in ("phone", "email", "messenger"):
        for value in fields.pop(kind, "").split(";"):
            if value.strip():
                channels.append((kind, value.strip()))
    print(contacts.create_contact(ctx.database(), fields=fields, channels=channels))
    return 0


def cmd_contact_link(args: argparse.Namespace, ctx: CliContext) -> int:
    print(contacts.link_contact(ctx.database(), args.reference, args.contact_id,
                                fields=_pairs(args.fields)))
    return 0


def cmd_contact_list(args: argparse.Namespace, ctx: CliContext) -> int:
    found = contacts.list_contacts(ctx.database(), query=args.query)
    rows = [
        {
            "id": str(c.id), "kind": c.kind, "name": c.name, "organisation": c.organisation,
            "country": c.country, "phones": ";".join(c.values("phone")),
            "emails": ";".join(c.values("email")),
            "cases": ";".join(ref for ref, _, _ in c.cases),
        }
        for c in found
    ]
    if args.format == "json":
        ctx.print_json(rows)
    else:
        print_table(rows, [("id", "ID", 6), ("kind", "KIND", 10), ("name", "NAME", 30),
                           ("country", "CC", 2), ("phones", "PHONES", 24), ("cases", "CASES", 30)])
    return 0

