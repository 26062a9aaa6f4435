"""What protecting the data costs: encryption, the quick check at open, backups.

Baselines measured in the same run: the same work on a plain file, and a plain file copy.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from casemanager.services import demo
from casemanager.services.queries import CaseFilter, list_cases
from casemanager.store import key_file as crypto
from casemanager.store import sqlcipher as encryption
from casemanager.store.backup import backup
from casemanager.store.database import open_database

CASES = 10_000
PASS = "benchmark passphrase"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best(fn, n: int = 3) -> float:
    return min(timed(fn) for _ in range(n))


def run(work: Path) -> str:
    plain = work / "plain.db"
    db = open_database(str(plain), create=True)
    demo.generate(db, cases=CASES, seed=7)
    db.dispose()
    enc = work / "enc.db"
    shutil.copy(plain, enc)
    convert = timed(lambda: encryption.encrypt_database(enc, PASS))

    unlock = best(lambda: crypto.unlock_key(enc, passphrase=PASS))
    key = crypto.unlock_key(enc, passphrase=PASS)
    rows = []
    for label, path, kw in (("plain", plain, {}), ("encrypted", enc, {"key": key})):
        open_s = best(lambda p=path, k=kw: open_database(str(p), **k).dispose())
        open_nocheck = best(
            lambda p=path, k=kw: open_database(str(p), quick_check=False, **k).dispose())
        db = open_database(str(path), **kw)
        listing = best(lambda d=db: list_cases(d, CaseFilter()))
        dest = work / f"{label}-backup.db"
        backup_s = best(lambda d=db, o=dest: backup(d, o))
        db.dispose()
        rows.append((label, open_s, open_nocheck, listing, backup_s))
    copy_s = best(lambda: shutil.copy(plain, work / "copy.db"))
    size_mb = plain.stat().st_size / 1e6

    lines = [
        "## Protecting the data (encryption, quick check, backups)",
        "",
        f"{CASES:,} demo cases, database {size_mb:.1f} MB. Best of 3.",
        "",
        "| | open (with quick_check) | open (without) | list all cases | backup |",
        "|---|---|---|---|---|",
    ]
    for label, o, on, li, b in rows:
        lines.append(f"| {label} | {o * 1000:.0f} ms | {on * 1000:.0f} ms | {li * 1000:.0f} ms "
                     f"| {b * 1000:.0f} ms |")
    lines += [
        "",
        f"- Unlocking with the passphrase (Argon2id, 64 MiB, 3 passes): {unlock * 1000:.0f} ms "
        "(paid once per open, and by an attacker per guess).",
        f"- Encrypting the plain file in place (export, verify, overwrite the old file): "
        f"{convert:.1f} s.",
        f"- Baseline: plain file copy of the same database: {copy_s * 1000:.0f} ms.",
    ]
    return "\n".join(lines)
