"""Getting a passphrase or recovery key on the command line, never from argv.

From `$CASEMANAGER_PASSPHRASE` / `$CASEMANAGER_RECOVERY_KEY`, else a hidden prompt when
stdin is a terminal, else a clear error (a script must set the variable).
"""

from __future__ import annotations

import getpass
import os
import sys

from casemanager.cli.errors import UsageError
from casemanager.store.key_file import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, RECOVERY_ENV  # noqa: F401


def _utf8(value: str, env: str) -> str:
    """The variable's value, refused in one line when it is not valid UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"${env} is not valid UTF-8") from None
    return value


def _prompt(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    if value:
        return _utf8(value, env)
    if not sys.stdin.isatty():
        raise UsageError(f"{prompt.rstrip(': ')} needed: set ${env} or run in a terminal")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError(f"{prompt.rstrip(': ')} needed") from None


def passphrase(what: str = "Passphrase: ") -> str:
    return _prompt(what, PASSPHRASE_ENV)


def recovery_key() -> str:
    return _prompt("Recovery key: ", RECOVERY_ENV)


def new_passphrase(env: str = NEW_PASSPHRASE_ENV) -> str:
    """A new passphrase, typed twice at a terminal."""
    value = os.environ.get(env)
    if value:
        return _utf8(value, env)
    first = _prompt("New passphrase: ", env)
    if sys.stdin.isatty() and getpass.getpass("Repeat the new passphrase: ") != first:
        raise UsageError("the two passphrases differ; nothing was changed")
    return first
