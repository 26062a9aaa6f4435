"""Refresh resources/translations/casemanager_ru.ts (and the plural forms in
casemanager_en.ts) from the sources in ui/ and the core's messages:
`python scripts/update_translations.py`.

Runs pyside6-lupdate over every Python file in ui/, and over the templates of every
`msg("…")` in casemanager/ (casemanager.domain.messages; context "Core"), which
`core_messages` finds with Python's own parser (new strings appear as
"unfinished"; ones no longer used stay as "vanished", so their translation comes back
when a merged branch brings the string back). Translate with pyside6-linguist or by editing
the .ts; tests/ui/test_translations.py fails while any string lacks a translation.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "casemanager_ru.ts"
# English needs only the plural forms of "%n case(s)"-style messages (Qt's way).
TS_EN = ROOT / "resources" / "translations" / "casemanager_en.ts"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


CORE_CONTEXT = "Core"  # casemanager.domain.messages.CONTEXT (a script does not import it)


class NotLiteral(ValueError):
    """A msg() whose template is not a literal string: no translator could see it."""


def core_messages(root: Path = ROOT) -> list[str]:
    """The template of every `msg("…")` call in casemanager/, in order, without repeats;
    raises NotLiteral naming the file and line of a template that is not a literal."""
    found: dict[str, None] = {}
    for path in sorted((root / "casemanager").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "msg"):
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                raise NotLiteral(f"{path.relative_to(root)}:{node.lineno}: msg() needs a "
                                 "literal template")
            found[first.value] = None
    return list(found)


def lupdate(target: Path, *, keep_obsolete: bool = False, plural_only: bool = False) -> None:
    """Merge the strings of ui/ and the core's messages into the .ts file `target`
    (made when missing)."""
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    with tempfile.TemporaryDirectory() as tmp:
        # The core's templates, written as lupdate reads them (the core has no Qt).
        core = Path(tmp) / "core_messages.py"
        core.write_text("".join(
            f"QT_TRANSLATE_NOOP({json.dumps(CORE_CONTEXT)}, {json.dumps(t, ensure_ascii=False)})\n"
            for t in core_messages()), encoding="utf-8")
        # `_tr("…")` (ui/features.py and others) is tr() outside a class: the empty context.
        cmd = [str(exe), *sources(), str(core), "-ts", str(target), "-locations", "none",
               "-silent", "-tr-function-alias", "tr+=_tr"]
        if not keep_obsolete:
            cmd.append("-no-obsolete")
        if plural_only:
            cmd.append("-pluralonly")
        subprocess.run(cmd, check=True, cwd=ROOT)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message still waiting for its translation."""
    import xml.etree.ElementTree as ET

    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") == "unfinished":
                missing.append((context.findtext("name") or "", message.findtext("source") or ""))
    return missing


if __name__ == "__main__":
    # Strings no longer in ui/ stay as "vanished" (not compiled): a branch merged later
    # that brings them back gets its translations back.
    lupdate(TS, keep_obsolete=True)
    lupdate(TS_EN, plural_only=True, keep_obsolete=True)
    print(f"updated {TS.relative_to(ROOT)} and {TS_EN.relative_to(ROOT)}")
    for ts in (TS, TS_EN):
        for context, source in untranslated(ts):
            print(f"  to translate in {ts.name}: [{context}] {source!r}")
