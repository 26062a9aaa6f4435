"""Where things live: the user's data folder and the bundled resources.

The one resolver for resources: it works from a source checkout, an installed package
and a PyInstaller bundle (`sys._MEIPASS`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from casemanager.safe_files import private_dir

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
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
