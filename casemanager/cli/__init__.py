"""The command line: `casemanager [--db PATH_OR_URL] COMMAND ...`.

Each group of commands lives in a module of this package with a `register(subparsers)`
function. Errors a user can cause print one line on stderr and exit with status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from casemanager import __version__
from casemanager.cli.context import CliContext, UsageError
from casemanager.errors import CaseManagerError

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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 1, as for any bad input
        self.exit(1, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext(args)
    try:
        return args.func(args, ctx) or 0
    except (CaseManagerError, UsageError) as exc:
        print(f"casemanager: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("casemanager: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `casemanager list | head`
        return 0
    finally:
        ctx.close()


def gui_main() -> int:
    """Entry point of the `casemanager-gui` script."""
    return main(["gui", *sys.argv[1:]])


def bundle_main() -> int:
    """Entry of the packaged program: no arguments opens the desktop application."""
    return gui_main() if len(sys.argv) == 1 else main()
