"""Exchange with partners: `keys init|export|add|list`, `send REF… --to NAME -o FILE`,
`receive FILE [--dry-run]` (docs/bundle-format.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casemanager.cli.context import MAX_ID, CliContext, UsageError, whole_number
from casemanager.domain.messages import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keys", help="this organisation's key pair and partners' keys",
                       description="OpenPGP keys for exchanging case bundles with partners.")
    ks = p.add_subparsers(dest="keys_command", metavar="ACTION", parser_class=type(p))
    ks.required = True
    k = ks.add_parser("init", help="make this organisation's key pair (once)")
    k.add_argument("--name", default="", help="the organisation's name in the key "
                   "(default: the organisation_name setting)")
    k.add_argument("--replace", action="store_true", help="make a new key pair in place "
                   "of ours (the old one is kept, retired); partners need the new one")
    k.add_argument("--yes", action="store_true", help="with --replace: do not ask")
    k.set_defaults(func=cmd_keys_init)
    k = ks.add_parser("export", help="write this organisation's public key for partners")
    k.add_argument("-o", "--output", required=True, metavar="FILE")
    k.set_defaults(func=cmd_keys_export)
    k = ks.add_parser("add", help="trust a partner's public key (compare the fingerprint "
                      "with the partner by phone first)")
    k.add_argument("file", metavar="FILE")
    k.add_argument("--name", required=True, help="what to call the partner (for --to)")
    k.set_defaults(func=cmd_keys_add)
    k = ks.add_parser("remove", help="stop trusting a partner's key (lost or replaced)")
    k.add_argument("name", metavar="NAME")
    k.set_defaults(func=cmd_keys_remove)
    k = ks.add_parser("list", help="this organisation's key and the partners' keys")
    k.set_defaults(func=cmd_keys_list)

    p = sub.add_parser("send", help="write cases as a signed, encrypted bundle for a partner",
                       description="Write whole case files (history, custody, appeals, "
                       "timeline, consented contacts, attachments) as one bundle signed "
                       "with this organisation's key and encrypted to the partner's. "
                       "Recorded in each case's disclosure ledger.")
    p.add_argument("references", nargs="+", metavar="REF")
    p.add_argument("--to", required=True, metavar="NAME", help="the partner (keys list)")
    p.add_argument("--profile", choices=("partner", "embassy", "icrc"), default="partner",
                   help="what is left out (as for dossiers; default partner)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("receive", help="take in a partner's signed, encrypted bundle",
                       description="Verify the partner's signature, decrypt, check every "
                       "attachment against the manifest and merge: new cases are created, "
                       "known ones get the new facts; a value that differs from ours is "
                       "kept as the partner's claim, never written over ours. All or "
                       "nothing.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.set_defaults(func=cmd_receive)

    p = sub.add_parser("claims", help="partners' values that differ from ours: list, "
                       "accept or reject", description="`claims [REF]` lists open claims; "
                       "`claims accept ID` makes the partner's value ours; `claims reject "
                       "ID` keeps ours.")
    p.add_argument("action", nargs="?", default="", metavar="REF|accept|reject")
    p.add_argument("claim_id", nargs="?", type=whole_number(1, MAX_ID, "the claim"),
                   metavar="ID")
    p.set_defaults(func=cmd_claims)


def _check_output(path: Path) -> None:
    from casemanager.system.safe_files import check_output

    check_output(path)  # not a folder, its folder exists, never the database's own files
    parent = path.parent if str(path.parent) else Path(".")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"cannot write {path}: permission denied")


def _read(path: str, limit: int) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limit:
            raise UsageError(f"{path} is {size // 1048576} MB; at most {limit // 1048576} MB")
        return file.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder") from None
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def cmd_keys_init(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.keys import init_keys, own_fingerprint, own_names, spaced
    from casemanager.domain.errors import NotFoundError, ValidationError
    from casemanager.reports.dossiers import organisation_name

    if args.yes and not args.replace:
        raise UsageError("--yes goes with --replace")
    db = ctx.database()
    old = None
    if args.replace:
        try:
            old = own_fingerprint(db)
        except NotFoundError:
            raise UsageError("there is no key pair to replace: `keys init` makes the first"
                             ) from None
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("keys init --replace asks first; give --yes to replace "
                                 "the key pair without asking")
            answer = input(f"Replace this organisation's key pair {spaced(old)}? Partners "
                           "will need the new public key. [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing changed.")
                return 1
    try:
        # A replacement keeps the old key's name unless told otherwise.
        named = args.name or organisation_name(db) or (
            next(iter(own_names(db)), "") if old is not None else "")
        info = init_keys(db, user_id=named, replace=args.replace)
    except ValidationError as exc:
        if exc.field != "name":
            raise
        raise UsageError("the key needs the organisation's name: give --name NAME "
                         "(or set the organisation's name in the window's Settings)") from None
    print(f"Made the key pair of {info.user_ids[0]}")
    print(f"Fingerprint: {info.grouped}")
    if old is not None:
        print(f"The old key pair {spaced(old)} is kept, retired: bundles partners "
              "encrypted to it still open here.")
        print("Partners must get the new public key: `casemanager keys export -o FILE`; "
              "they compare the new fingerprint by phone, then `keys remove` the old one "
              "and `keys add` the new one. Until then they refuse what we send.")
        return 0
    print("Give partners `casemanager keys export -o FILE`; read them the fingerprint.")
    return 0


def cmd_keys_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.keys import export_public_key, own_fingerprint, spaced
    from casemanager.system.safe_files import write_atomically

    out = Path(args.output)
    _check_output(out)
    db = ctx.database()
    text = export_public_key(db)
    write_atomically(out, text.encode("ascii"))
    print(f"Wrote {out} (public key {spaced(own_fingerprint(db))})")
    return 0


def cmd_keys_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.keys import MAX_KEY_FILE, add_partner_key

    data = _read(args.file, MAX_KEY_FILE)
    info = add_partner_key(ctx.database(), data, name=args.name)
    print(f"Added {info.name}: {'; '.join(info.user_ids) or '(no user id)'}")
    print(f"Fingerprint: {info.grouped}")
    print("Compare it with the partner by phone before sending anything.")
    return 0


def cmd_keys_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.keys import remove_partner_key

    info = remove_partner_key(ctx.database(), args.name)
    print(f"No longer trusting {info.name} ({info.grouped})")
    return 0


def cmd_keys_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.keys import list_keys

    rows = list_keys(ctx.database())
    if not rows:
        print("No keys yet: `casemanager keys init`, then `keys add FILE --name NAME`.")
    for k in rows:
        print(f"{k.name:<24} {k.grouped}  {'; '.join(k.user_ids)}")
    return 0


def cmd_send(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.send import send_bundle

    out = Path(args.output)
    _check_output(out)
    sent = send_bundle(ctx.database(), args.references, to=args.to, output=out,
                       profile=args.profile)
    count = len(sent.references)
    print(f"Wrote {out} for {sent.recipient}: {counted(count, 'case', 'cases')} "
          f"({', '.join(sent.references)}), profile {sent.profile}, {sent.size:,} bytes, "
          f"SHA-256 {sent.sha256}")
    return 0


def cmd_receive(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.receive import read_bundle_file, receive_bundle

    data = read_bundle_file(args.file)
    report = receive_bundle(ctx.database(), data, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    return 0


def cmd_claims(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.bundles.claims import list_claims, resolve_claim

    if args.action in ("accept", "reject"):
        if args.claim_id is None:
            raise UsageError(f"claims {args.action} needs the claim's ID (see `claims`)")
        info = resolve_claim(ctx.database(), args.claim_id, accept=args.action == "accept")
        kept = info.theirs if args.action == "accept" else info.ours
        print(f"{info.reference} {info.field}: {kept} ({args.action}ed {info.partner}'s claim)")
        return 0
    if args.claim_id is not None:
        raise UsageError("give `claims REF`, `claims accept ID` or `claims reject ID`")
    rows = list_claims(ctx.database(), args.action or None)
    if not rows:
        print("No open claims.")
    for c in rows:
        print(f"{c.id:>5}  {c.reference}  {c.field}: ours '{c.ours}', {c.partner} says "
              f"'{c.theirs}'")
    return 0
