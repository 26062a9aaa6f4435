"""Decrypted copies opened in a viewer stay in a private folder and do not outlive a
crash (issue 13, item 5). A real child process writes a copy and dies without cleaning
up; the next start of the application sweeps it; a running program's copies stay."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager.services import viewer_copies

ROOT = Path(__file__).resolve().parents[2]

SECRET = b"Hasanov family, Samarkand, phone +998 90 000 00 00"


@pytest.fixture
def runtime(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def child_env(runtime: Path) -> dict:
    return {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen"}


def crash_with_a_copy(runtime: Path) -> Path:
    code = ("import os; from casemanager.services.viewer_copies import CopySession; "
            f"print(CopySession().write('passport.jpg', {SECRET!r})); os._exit(9)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=child_env(runtime), timeout=120)
    assert r.returncode == 9, r.stderr
    return Path(r.stdout.strip())


def test_copies_are_private_and_go_with_their_session(runtime):
    session = viewer_copies.CopySession()
    path = session.write("../../escape.pdf", SECRET)
    assert path.name == "escape.pdf" and path.read_bytes() == SECRET
    root = viewer_copies.copies_root()
    assert root.parent == runtime and path.is_relative_to(root)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(session.folder.stat().st_mode) == 0o700
    session.close()
    assert not path.exists() and not session.folder.exists()


def test_a_crashed_programs_copies_are_swept_at_the_next_start(runtime, tmp_path):
    left = crash_with_a_copy(runtime)
    assert left.read_bytes() == SECRET  # the crash left it behind
    alive = viewer_copies.CopySession()  # this program is still running: kept
    mine = alive.write("mine.txt", b"open in a viewer")

    db = tmp_path / "cases.db"
    env = child_env(runtime)
    r = subprocess.run([sys.executable, "-m", "casemanager", "--db", str(db), "gui",
                        "--smoke-test"], capture_output=True, text=True, env=env, timeout=300,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    assert not left.exists() and not left.parent.parent.exists()
    assert mine.exists()
    alive.close()


def test_a_folder_open_to_others_is_not_used(runtime):
    root = runtime / "CaseManager-open"
    root.mkdir(mode=0o700)
    os.chmod(root, 0o777)
    # Made private again, since it is ours; someone else's would be refused.
    viewer_copies.copies_root()
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_without_a_runtime_folder_copies_go_to_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    root = viewer_copies.copies_root()
    assert root == tmp_path / "data" / "CaseManager" / "open-copies"
    assert not str(root).startswith("/tmp/casemanager-")
