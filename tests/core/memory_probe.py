"""Peak memory of a real command: run it as a child of a fresh probe process and read
the kernel's account of the child (getrusage RUSAGE_CHILDREN, ru_maxrss in KiB)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(r.stderr); "
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_cli_measured(*args: str, db: str) -> tuple[int, int, str]:
    """(exit status, peak resident memory in MiB, stderr) of `casemanager --db DB ARGS`."""
    cmd = [sys.executable, "-c", _PROBE, sys.executable, "-m", "casemanager", "--db", db, *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    code, peak_kib = (int(x) for x in r.stdout.split())
    return code, peak_kib // 1024, r.stderr
