"""Where things live: the user's data folder and the bundled resources.

The one resolver for resources: it works from a source checkout, an installed package
and a PyInstaller bundle (`sys._MEIPASS`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import platformdirs

from casemanager.system.safe_files import private_dir

APP_NAME = "CaseManager"


def data_dir() -> Path:
    """The user's data folder (databases, automatic backups), created private (0700)."""
    return private_dir(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> str:
    """`--db` else `$CASEMANAGER_DB` else `cases.db` in the user's data folder."""
    return os.environ.get("CASEMANAGER_DB") or str(data_dir() / "cases.db")


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def backups_dir(target: object = None) -> Path:
    """Where automatic backups go: `backups` in the user's data folder and, for the
    database `target` (an open Database, or a SQLite path), its own folder in there, named by the
    file's stem and a hash of its full path (`backups/cases-1a2b3c4d`). Computed from the
    path alone, so a damaged database that cannot be opened still finds its backups."""
    root = data_dir() / "backups"
    if target is None:
        return root
    # An open Database (anything with `.path`) or a path.
    path = getattr(target, "path", target)
    if path is None:
        return root
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"not a database or a path: {target!r}")  # as Path() would
    return root / _backups_name(path)


def _backups_name(path: str | os.PathLike) -> str:
    real = os.path.realpath(Path(path).expanduser())
    tag = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{Path(path).stem}-{tag}"


def backup_folder_of(path: str | os.PathLike) -> Path:
    """`backups_dir(path)` for a SQLite path, without creating any folder."""
    return (Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups"
            / _backups_name(path))
