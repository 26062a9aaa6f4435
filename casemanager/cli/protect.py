"""Protecting the data from the command line: encryption, passphrase, backups, audit.

`init --encrypt` (in admin.py) ends here too. Secrets never come from argv: see
cli/secrets.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casemanager.cli import secrets
from casemanager.cli.context import MAX_ID, CliContext, UsageError, whole_number
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import is_url, open_database
from casemanager.store.key_file import (
    change_passphrase,
    is_encrypted_file,
    keyfile_path,
    unlock_key,
)

RECOVERY_NOTICE = """\
Recovery key (shown only this once):

    {key}

Write it on paper and keep it away from this computer. With the key file
({keyfile}) it opens the database if the passphrase is forgotten."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("encrypt", help="encrypt a plain database in place (SQLCipher)")
    p.set_defaults(func=cmd_encrypt)
    p = sub.add_parser("decrypt", help="turn an encrypted database back into a plain one")
    p.set_defaults(func=cmd_decrypt)
    p = sub.add_parser(
        "passphrase", help="change the passphrase (new one from $CASEMANAGER_NEW_PASSPHRASE "
        "or a prompt); the recovery key stays valid")
    p.set_defaults(func=cmd_passphrase)
    register_backup(sub)
    register_audit(sub)


def _local_path(ctx: CliContext) -> Path:
    if is_url(ctx.target):
        raise UsageError("encryption is for SQLite files; protect a PostgreSQL server's "
                         "storage on the server (see docs/security.md)")
    path = Path(ctx.target).expanduser()
    if not path.exists():
        raise UsageError(f"no database at {path}")
    return path


def _unlock(ctx: CliContext, path: Path) -> bytes:
    if ctx.args.recovery_key:
        return unlock_key(path, recovery_key=secrets.recovery_key())
    return unlock_key(path, passphrase=secrets.passphrase())


def init_encrypted(args: argparse.Namespace, ctx: CliContext) -> int:
    if is_url(ctx.target):
        raise UsageError("--encrypt is for SQLite files, not servers")
    path = Path(ctx.target).expanduser()
    if path.exists() and path.stat().st_size > 0:
        raise UsageError(f"{path} already exists; encrypt it with `casemanager encrypt`")
    keys = encryption.create_encrypted(path, secrets.new_passphrase(secrets.PASSPHRASE_ENV))
    try:
        db = open_database(str(path), create=True, key=keys.db_key)
    except Exception:
        encryption.keyfile_path(path).unlink(missing_ok=True)
        raise
    ctx._db = db
    print(f"Encrypted database ready at {db.describe()} (schema {db.revision()})")
    print(RECOVERY_NOTICE.format(key=keys.recovery_key, keyfile=encryption.keyfile_path(path)))
    return 0


def cmd_encrypt(args: argparse.Namespace, ctx: CliContext) -> int:
    path = _local_path(ctx)
    if is_encrypted_file(path):
        raise UsageError(f"{path} is already encrypted")
    db = open_database(str(path))  # a Case Manager database, upgraded, intact
    try:
        from casemanager.store.database_identity import database_identity

        identity = database_identity(db)  # finds its backups made under another name
    finally:
        db.dispose()
    keys = encryption.encrypt_database(path, secrets.new_passphrase(secrets.PASSPHRASE_ENV))
    print(f"Encrypted {path}; the unencrypted file was overwritten and deleted.")
    print(RECOVERY_NOTICE.format(key=keys.recovery_key, keyfile=encryption.keyfile_path(path)))
    from casemanager.store.backup import encrypt_plain_copies

    done = encrypt_plain_copies(path, keys, identity=identity)
    if done.encrypted:
        print(f"Encrypted with the same key the {len(done.encrypted)} older unencrypted "
              "copies the application had kept (automatic backups, the file kept before an "
              "upgrade or a restore); their plain bytes were overwritten and deleted:")
        for copy in done.encrypted:
            print(f"  {copy}")
    if done.erased:
        print(f"Erased {len(done.erased)} unfinished backups (.partial).")
    if done.failed:
        copy, reason = done.failed[0]
        others = f" (and {len(done.failed) - 1} more)" if len(done.failed) > 1 else ""
        raise UsageError(f"{copy}{others} is still unencrypted and readable by anyone who "
                         f"gets it: {reason}. Delete it yourself (the database itself is "
                         "encrypted)")
    return 0


def cmd_decrypt(args: argparse.Namespace, ctx: CliContext) -> int:
    path = _local_path(ctx)
    if not is_encrypted_file(path):
        raise UsageError(f"{path} is not encrypted")
    encryption.decrypt_database(path, _unlock(ctx, path))
    print(f"Decrypted {path}: it is now readable by anyone who gets the file.")
    return 0


def cmd_passphrase(args: argparse.Namespace, ctx: CliContext) -> int:
    path = _local_path(ctx)
    if not is_encrypted_file(path):
        raise UsageError(f"{path} is not encrypted; use `casemanager encrypt`")
    key = _unlock(ctx, path)
    change_passphrase(path, key, secrets.new_passphrase())
    print(f"Passphrase changed for {path}.")
    return 0


def register_backup(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="copy the database to FILE (encrypted if it is)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with a checked backup; "
                       "the replaced file is kept aside")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--other-database", action="store_true",
                   help="replace the database even with a backup of another database "
                   "(asked at a terminal)")
    p.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from casemanager.store.backup import backup

    db = ctx.database()
    dest = backup(db, args.output)
    note = f" (encrypted; its key file is {dest.name}.keys)" if db.encrypted else ""
    print(f"Backed up {db.describe()} to {dest}{note}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    import sys

    from casemanager.store.backup import OtherDatabase, checksum_status, restore

    if is_url(ctx.target):
        raise UsageError("restore a PostgreSQL server with pg_restore on the server")
    target = Path(ctx.target).expanduser()
    source = Path(args.file).expanduser()
    if not source.is_file():
        raise UsageError(f"no backup at {source}")
    target_encrypted = is_encrypted_file(target) or (
        target.exists() and target.stat().st_size == 0 and keyfile_path(target).exists())
    if is_encrypted_file(source) and not target_encrypted and not keyfile_path(source).exists():
        # Not SQLite, and no key that could open it: not a backup of ours (a CSV, say).
        raise UsageError(f"{source.name} is not a Case Manager backup (nor an encrypted one: "
                         f"there is no key file {keyfile_path(source).name} beside it)")
    if checksum_status(source) == "missing":
        print(f"casemanager: note: {source.name} has no SHA-256 file ({source.name}.sha256): "
              "cannot tell whether it changed since it was made", file=sys.stderr)
    unlock: dict = {}
    if is_encrypted_file(source) or target_encrypted:
        if ctx.args.recovery_key:
            unlock = {"recovery_key": secrets.recovery_key()}
        else:
            unlock = {"passphrase": secrets.passphrase()}
    try:
        aside = restore(target, source, other_database=args.other_database, **unlock)
    except OtherDatabase as exc:
        if not sys.stdin.isatty():
            raise UsageError(f"{exc}; to replace it anyway add --other-database") from None
        answer = input(f"{exc}.\nReplace {target.name} with it? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "д", "да"):
            raise UsageError("nothing was changed") from None
        aside = restore(target, source, other_database=True, **unlock)
    print(f"Restored {target} from {source}")
    if target_encrypted and not is_encrypted_file(source):
        print("The backup was not encrypted: it was restored re-encrypted with this "
              "database's key (same passphrase and key file).")
    if aside is not None:
        print(f"The replaced database was kept as {aside}")
    return 0


def register_audit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="the audit log: who changed what and when")
    p.add_argument("--case", metavar="REF", help="one case's history")
    p.add_argument("--user", metavar="U")
    p.add_argument("--since", metavar="DATE", help="from this day (UTC), e.g. 2024-03-01")
    p.add_argument("--until", metavar="DATE", help="up to and including this day (UTC)")
    p.add_argument("--action", metavar="A", help="create, update, change_status, delete…")
    p.add_argument("--limit", type=whole_number(1, MAX_ID, "--limit"), metavar="N")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (CSV gets a BOM)")
    p.add_argument("--raw", action="store_true",
                   help="the table: the server's own entries (direct_change) with their "
                        "tables and columns as stored (JSON and CSV always have them)")
    p.set_defaults(func=cmd_audit)


def cmd_audit(args: argparse.Namespace, ctx: CliContext) -> int:
    import contextlib
    import json
    import sys

    from casemanager.cli.context import print_table
    from casemanager.services import audit as audit_log
    from casemanager.system.safe_files import atomic_writer

    query = audit_log.AuditQuery(
        case=args.case,
        user=args.user,
        since=audit_log.parse_day(args.since, "--since") if args.since else None,
        until=audit_log.parse_day(args.until, "--until") if args.until else None,
        action=args.action,
        limit=args.limit,
        newest_first=not args.case,
    )
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    records = audit_log.entries(ctx.database(), query)
    with contextlib.ExitStack() as stack:
        out = sys.stdout
        if args.output is not None:
            encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
            # Private and all-or-nothing: the log names people and what changed.
            out = stack.enter_context(atomic_writer(args.output, "w", encoding=encoding,
                                                    newline=""))
        if args.format == "csv":
            audit_log.write_csv(records, out)
        elif args.format == "json":
            json.dump([r.as_dict() for r in records], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            rows = [{"at": f"{r.at:%Y-%m-%d %H:%M}", "user": r.actor, "action": r.action,
                     "case": r.case_reference, "what": r.what(raw=args.raw),
                     "changes": r.summary(40, raw=args.raw)}
                    for r in records]
            with contextlib.redirect_stdout(out):
                print_table(rows, [("at", "At (UTC)", 16), ("user", "User", 16),
                                   ("action", "Action", 16), ("case", "Case", 10),
                                   ("what", "What", 36), ("changes", "Changes", 90)])
    return 0
