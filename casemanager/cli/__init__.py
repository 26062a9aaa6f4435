"""The command line: `casemanager [--db PATH_OR_URL] COMMAND ...`.

Each group of commands lives in a module of this package with a `register(subparsers)`
function. Exit status: 0 done; 1 the command failed for a reason given in one line on
stderr (bad input, a damaged file, a full disk, a lost server); 2 an unexpected failure
(a bug): one line on stderr naming the report written to the user's log folder
(crash_report.py), never a traceback; 130 interrupted (Ctrl-C; one stopping the schema
upgrade of the first command after an update says in one line that the database is
unchanged: casemanager/store/upgrade.py).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from casemanager import __version__
from casemanager.cli.context import CliContext, UsageError
from casemanager.domain.errors import CaseManagerError
from casemanager.domain.progress import Cancelled

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = (
    "casemanager.cli.admin",
    "casemanager.cli.cases",
    "casemanager.cli.edit",
    "casemanager.cli.dossier",
    "casemanager.cli.followups",
    "casemanager.cli.exchanges",
    "casemanager.cli.stats",
    "casemanager.cli.protect",
    "casemanager.cli.duplicates",
    "casemanager.cli.lists",
    "casemanager.cli.people",
    "casemanager.cli.bundles",
)

# Which module registers each command (a test keeps this equal to what they register), so
# that a command imports its own module only: every module's imports together (reports,
# lists, bundles, the name matcher) cost more than the command itself.
COMMANDS = {
    "init": "casemanager.cli.admin", "demo": "casemanager.cli.admin",
    "check": "casemanager.cli.admin", "gui": "casemanager.cli.admin",
    "list": "casemanager.cli.cases", "search": "casemanager.cli.cases",
    "show": "casemanager.cli.cases",
    "new": "casemanager.cli.edit", "edit": "casemanager.cli.edit",
    "status": "casemanager.cli.edit", "add": "casemanager.cli.edit",
    "attach": "casemanager.cli.edit", "delete": "casemanager.cli.edit",
    "contact": "casemanager.cli.edit",
    "dossier": "casemanager.cli.dossier", "letter": "casemanager.cli.dossier",
    "due": "casemanager.cli.followups",
    "exchange": "casemanager.cli.exchanges",
    "stats": "casemanager.cli.stats",
    "encrypt": "casemanager.cli.protect", "decrypt": "casemanager.cli.protect",
    "passphrase": "casemanager.cli.protect", "backup": "casemanager.cli.protect",
    "restore": "casemanager.cli.protect", "audit": "casemanager.cli.protect",
    "duplicates": "casemanager.cli.duplicates", "merge": "casemanager.cli.duplicates",
    "export": "casemanager.cli.lists", "import": "casemanager.cli.lists",
    "user": "casemanager.cli.people", "restrict": "casemanager.cli.people",
    "keys": "casemanager.cli.bundles", "send": "casemanager.cli.bundles",
    "receive": "casemanager.cli.bundles", "claims": "casemanager.cli.bundles",
}
_GLOBAL_WITH_VALUE = ("--db",)
_GLOBAL_FLAGS = ("--recovery-key",)


def command_of(argv: Sequence[str]) -> str | None:
    """The command word of `argv` when it is certain (a known command after only the global
    options spelt in full), else None (then every command is registered: --help, a typo,
    an abbreviated option)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if arg in _GLOBAL_FLAGS or any(arg.startswith(f"{o}=") for o in _GLOBAL_WITH_VALUE):
            i += 1
            continue
        return arg if arg in COMMANDS else None
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 1, as for any bad input
        self.exit(1, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `command` (a key of COMMANDS), only that command's module is
    imported and registered."""
    parser = _Parser(
        prog="casemanager",
        description="Case Manager: detainee case files, offline.",
    )
    parser.add_argument("--version", action="version", version=f"casemanager {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or postgresql+psycopg:// URL "
        "(default: $CASEMANAGER_DB, else cases.db in the user's data folder)",
    )
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help="unlock an encrypted database with its recovery key "
        "($CASEMANAGER_RECOVERY_KEY or a hidden prompt) instead of the passphrase",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _not_utf8(argv: Sequence[str]) -> str | None:
    """The first argument (or $CASEMANAGER_DB) that is not valid UTF-8, if any.

    Python hands such bytes over as lone surrogates, which fail only later, when the
    text is printed or given to the database; refusing them here says what is wrong.
    """
    for n, arg in enumerate([*argv, os.environ.get("CASEMANAGER_DB", "")], 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return "$CASEMANAGER_DB" if n > len(argv) else f"argument {n}"
    return None


# SQLite's words for a state of the machine, not a bug: said in one line, status 1.
_ENVIRONMENT = ("database or disk is full", "disk i/o error", "database is locked",
                "unable to open database file", "attempt to write a readonly database")


def _database_failure(exc: BaseException) -> str | None:
    """The one line for a database that broke under a command (lost server, full disk,
    locked file), else None.

    Only the driver's first line is shown: SQLAlchemy's own text would add the
    statement and its parameters (names, search keys) to the terminal.
    """
    from sqlalchemy import exc as sa_exc

    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    reason = (str(exc.orig).strip().splitlines() or ["connection lost"])[0][:200]
    if exc.connection_invalidated:
        return (f"lost the connection to the database ({reason}); what this command was "
                "changing was not saved")
    if isinstance(exc, sa_exc.OperationalError) and reason.lower().startswith(_ENVIRONMENT):
        return f"the database refused ({reason}); what this command was changing was not saved"
    return None


def _run(args: argparse.Namespace) -> int:
    ctx = CliContext(args)
    try:
        return args.func(args, ctx) or 0
    finally:
        ctx.close()


def _unraisable_to_log(unraisable: sys.UnraisableHookArgs) -> None:
    logging.getLogger("casemanager").debug(
        "ignored during clean-up: %s", type(unraisable.exc_value).__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (see the module's docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not logging.getLogger().handlers:
        # Libraries' warnings would otherwise reach stderr through logging's last-resort
        # handler (psycopg: "error ignored terminating <Pipeline>…" when the server
        # dies): the command's own line is the one to read.
        logging.getLogger().addHandler(logging.NullHandler())
    # Clean-up errors after a failure that was already reported (openpyxl's half-written
    # zip closing on a full disk) would print "Exception ignored … Traceback" after the
    # command's one line: they go to the log instead, like the libraries' warnings.
    sys.unraisablehook = _unraisable_to_log
    command = "(reading the arguments)"  # a report names the command, never its arguments
    try:
        bad = _not_utf8(argv)
        if bad is not None:
            raise UsageError(f"{bad} is not valid UTF-8 text")
        args = build_parser(command_of(argv)).parse_args(argv)
        command = args.command
        return _run(args)
    except Cancelled as exc:  # only Ctrl-C cancels on the command line (an upgrade)
        print(f"casemanager: {exc}", file=sys.stderr)
        return 130
    except (CaseManagerError, UsageError) as exc:
        print(f"casemanager: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("casemanager: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `casemanager list | head`
        return 0
    except Exception as exc:  # the last net: one line, a report, status 2
        failure = _database_failure(exc)
        if failure is not None:
            print(f"casemanager: error: {failure}", file=sys.stderr)
            return 1
        return _report(exc, command)


def _report(exc: BaseException, command: str) -> int:
    """Write the failure report of `exc`, print the one line naming it; returns 2."""
    from casemanager.system.crash_report import safe_message, write_report

    kind = type(exc).__name__
    if isinstance(exc, OSError):
        kind = f"{kind}: {safe_message(exc)}"
    try:
        where = f"the full report is in {write_report(exc, command=command)}"
    except Exception as failed:  # the log folder itself may be the problem (full disk)
        where = f"no report could be written ({type(failed).__name__})"
    print(f"casemanager: unexpected failure ({kind}); {where}", file=sys.stderr)
    return 2


def gui_main() -> int:
    """Entry point of the `casemanager-gui` script."""
    return main(["gui", *sys.argv[1:]])


def bundle_main() -> int:
    """Entry of the packaged program: no arguments opens the desktop application."""
    return gui_main() if len(sys.argv) == 1 else main()
