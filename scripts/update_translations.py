"""Refresh resources/translations/casemanager_ru.ts from the sources in ui/.

Runs pyside6-lupdate over every Python file in ui/ (new strings appear as
"unfinished"; obsolete ones are dropped). Translate with pyside6-linguist or by editing
the .ts; tests/ui/test_translations.py fails while any string lacks a translation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "casemanager_ru.ts"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(target: Path, *, keep_obsolete: bool = False) -> None:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    cmd = [str(exe), *sources(), "-ts", str(target), "-locations", "none", "-silent"]
    if not keep_obsolete:
        cmd.insert(-3, "-no-obsolete")
    subprocess.run(cmd, check=True, cwd=ROOT)


if __name__ == "__main__":
    lupdate(TS)
    print(f"updated {TS}")
