"""Runs every benchmark and writes benchmarks/results.md.

One command (`make bench`). Each `benchmarks/bench_*.py` module has
`run(work: Path) -> str`, returning a Markdown section whose figures stand beside a raw
baseline measured in the same run. Speed lives here, never in timed test assertions.
`python benchmarks/run.py search lists` runs only the named modules (`case_list` for
bench_case_list.py) and puts their sections into the existing results.md (a section with
the same heading is replaced, the others kept, and so are the header's lines saying when
they were measured), so `make bench-1m` adds the million-case figures beside the rest:
each section's heading says its size (CM_BENCH_CASES, or the reused CM_BENCH_DB's).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1048576:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def _merged(old: str, new: list[str]) -> list[str]:
    """The sections of an earlier results.md (after its header) with `new` in place of
    those with the same heading; new headings are added at the end."""
    parts = old.split("\n## ")
    kept = ["## " + p.strip() for p in parts[1:]]
    heading = {s.splitlines()[0]: s for s in new}
    out = [heading.pop(s.splitlines()[0], s) for s in kept]
    return out + [s for s in new if s.splitlines()[0] in heading]


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(HERE.glob("bench_*.py"))
    unknown = wanted - {p.stem.removeprefix("bench_") for p in modules}
    if unknown:
        print(f"no benchmark named {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    sections = []
    for path in modules:
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        work = Path(tempfile.mkdtemp(prefix=f"cm-bench-{name}-"))
        print(f"running {name}…", flush=True)
        try:
            sections.append(module.run(work).strip())
        finally:
            shutil.rmtree(work, ignore_errors=True)
    out = HERE / "results.md"
    cases = os.environ.get("CM_BENCH_CASES")
    size = f" at {int(cases):,} cases" if cases else ""
    measured = f"Measured{size}" if not wanted else (
        f"Sections {', '.join(sorted(wanted))} measured{size} (the others are from earlier runs)")
    earlier: list[str] = []
    if wanted and out.exists():
        old = out.read_text(encoding="utf-8")
        sections = _merged(old, sections)
        # The header's lines for other runs stay; this one's (same sections, same size) is
        # replaced, not repeated.
        earlier = [line for line in old.split("\n## ")[0].splitlines()
                   if line.startswith(("Sections ", "Measured "))
                   and not line.startswith(measured + " ")]
    header = (
        "# Benchmark results\n\n"
        + "".join(f"{line}\n" for line in earlier)
        + f"{measured} {dt.datetime.now():%Y-%m-%d %H:%M} on: {machine()}.\n"
        "Each figure stands beside a raw baseline measured in the same run.\n"
    )
    out.write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
