"""Looking after the database from the command line: init, demo, check, gui."""

from __future__ import annotations

import argparse
import importlib
import time

from sqlalchemy import func, select, text

from casemanager.cli.context import MAX_ID, CliContext, UsageError, whole_number
from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import counted, msg
from casemanager.services import demo, derived_keys
from casemanager.store import models
from casemanager.store.database import SCHEMA_HEAD, Database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the database, or upgrade it to the newest schema")
    p.add_argument("--encrypt", action="store_true",
                   help="create it encrypted (passphrase from $CASEMANAGER_PASSPHRASE or a prompt)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="add realistic synthetic cases")
    p.add_argument("--cases", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=whole_number(0, MAX_ID, "the seed"), default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="integrity, schema version and counts")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--keys", action="store_true",
                   help="also compare every case's search and sort keys with its names "
                        "(reads every case: seconds per 100,000)")
    p.add_argument("--repair", action="store_true",
                   help="rewrite the stale search and sort keys --keys finds (one "
                        "transaction, with an audit entry)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("gui", help="open the desktop application")
    p.add_argument("--smoke-test", action="store_true",
                   help="open the window and close it again (checks an installation)")
    p.set_defaults(func=cmd_gui)


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.encrypt:
        from casemanager.cli.protect import init_encrypted

        return init_encrypted(args, ctx)
    db = ctx.database(create=True)
    print(f"Database ready at {db.describe()} (schema {db.revision()})")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.cases < 1 or args.cases > 1_000_000:
        raise UsageError("--cases must be between 1 and 1000000")
    db = ctx.database(create=True)
    started = time.perf_counter()
    added = demo.generate(db, cases=args.cases, seed=args.seed)
    print(f"Added {added} demo cases to {db.describe()} in {time.perf_counter() - started:.1f} s")
    return 0


COUNTED = (
    ("cases", models.Case),
    ("contacts", models.Contact),
    ("appeals", models.Appeal),
    ("events", models.Event),
    ("attachments", models.Attachment),
    ("status_changes", models.StatusChange),
    ("exchanges", models.Exchange),
    ("disclosures", models.Disclosure),
    ("audit_entries", models.AuditEntry),
)


def check_report(db: Database) -> dict:
    """What `check` says: {"database", "dialect", "schema", "schema_head", "integrity"
    ("ok" or SQLite's findings, one line), "counts" (table name -> rows; empty when a
    damaged file cannot be counted)}. Reads every page of a SQLite file (integrity_check):
    seconds at a million cases; opening itself checks only after an unclean shutdown."""
    from sqlalchemy import exc as sa_exc

    counts: dict[str, int] = {}
    with db.session() as session:
        if db.dialect == "sqlite":
            try:
                integrity = "; ".join(r[0] for r in session.execute(
                    text("PRAGMA integrity_check")))
                fk = session.execute(text("PRAGMA foreign_key_check")).fetchall()
                if fk:
                    integrity += f"; {counted(len(fk), 'broken reference', 'broken references')}"
                if db.encrypted:  # pages whose authentication code fails: tampering or damage
                    bad = session.execute(text("PRAGMA cipher_integrity_check")).fetchall()
                    if bad:
                        integrity += (f"; {counted(len(bad), 'page fails', 'pages fail')} "
                                      "authentication (tampered?)")
            except sa_exc.DatabaseError as exc:  # too damaged even to check: say so
                session.rollback()
                integrity = (str(exc.orig).strip().splitlines() or ["unreadable"])[0]
            integrity = " ".join(integrity.split())[:300]
        else:
            session.execute(text("SELECT 1"))
            integrity = "ok"
        try:
            counts = {name: session.scalar(select(func.count()).select_from(m)) or 0
                      for name, m in COUNTED}
        except sa_exc.DatabaseError:
            if integrity == "ok":
                raise
            session.rollback()
    revision = db.revision()
    return {
        "database": db.describe(),
        "dialect": db.dialect,
        "schema": revision or "",
        "schema_head": SCHEMA_HEAD,  # kept equal to the scripts' head by a test
        "integrity": integrity,
        "counts": counts,
    }


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    # The quick check at open gives a damaged or tampered file the same one line, with
    # where the backups are, as an open after an unclean shutdown does.
    db = ctx.database(quick_check=True)
    report = check_report(db)
    ok = report["integrity"] == "ok" and report["schema"] == report["schema_head"]
    # The keys are read only from a sound file at the newest schema (the columns they
    # compare are that schema's); --repair finds them again inside its transaction.
    keys: dict = {"checked": False}
    repaired: derived_keys.Repaired | None = None
    stale: derived_keys.StaleKeys | None = None
    if ok and args.repair:
        repaired = derived_keys.repair_keys(db)
        stale = repaired.found
        keys = {"checked": True, "stale": 0, "repaired": repaired.count,
                "examples": stale.examples()}
    elif ok and args.keys:
        with db.engine.connect() as conn:
            stale = derived_keys.find_stale(conn)
        keys = {"checked": True, "stale": stale.count, "repaired": 0,
                "examples": stale.examples()}
    if args.format == "json":
        ctx.print_json({**report, "keys": keys, "ok": ok and not keys.get("stale")})
    else:
        print(f"Database:  {report['database']} ({report['dialect']})")
        print(f"Schema:    {report['schema']} (newest {report['schema_head']})")
        print(f"Integrity: {report['integrity']}")
        if repaired is not None:
            print(f"Keys:      {repaired.line()}")
        elif stale is not None:
            print(f"Keys:      {stale.line() or msg('ok ({count} cases compared with their names)', count=stale.checked)}")
        elif ok:
            print(f"Keys:      {msg('not compared with the names; casemanager check --keys does')}")
        for name, n in report["counts"].items():
            print(f"  {name:<15}{n:>9}")
    if not ok:
        raise DatabaseError(f"check failed: integrity {report['integrity']}")
    if keys.get("stale") and stale is not None:
        raise DatabaseError(msg("check failed: {found}; casemanager check --repair rewrites "
                                "them", found=stale.line()))
    return 0


def cmd_gui(args: argparse.Namespace, ctx: CliContext) -> int:
    # The GUI package is looked up by name when this command runs: the core never
    # imports it (nor Qt), so every other command runs without a display.
    app = importlib.import_module("ui.app")
    return app.run(ctx.target, smoke_test=args.smoke_test)
