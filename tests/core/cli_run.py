"""Running the command line as a subprocess with raw arguments and a private log folder,
and checking that a failure is one line on stderr (tests of issue 12, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: put on PYTHONPATH

__all__ = ["ROOT", "one_line", "reports", "run"]


def run(*args: str | bytes, db: Path | str | None = None, env: dict | None = None,
        state: Path, input: bytes | None = None, preexec_fn=None) -> subprocess.CompletedProcess:
    """`python -m casemanager ARGS` with its own log folder (XDG_STATE_HOME=`state`)."""
    cmd: list[str | bytes] = [sys.executable, "-m", "casemanager"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += list(args)
    full_env = {**os.environ, "XDG_STATE_HOME": str(state), "PYTHONDONTWRITEBYTECODE": "1",
                **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(cmd, capture_output=True, env=full_env, input=input or b"",
                          timeout=300, preexec_fn=preexec_fn)


def reports(state: Path) -> list[Path]:
    folder = state / "CaseManager" / "log"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def one_line(result: subprocess.CompletedProcess, state: Path, needle: str) -> str:
    """Assert exit 1 with exactly one line on stderr holding `needle`; no report."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, (result.returncode, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("casemanager"), err
    assert needle in lines[0], err
    assert reports(state) == []  # handled, not caught by the last net
    return lines[0]
