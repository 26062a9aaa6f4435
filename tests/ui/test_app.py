"""Starting the application: a database that cannot be opened is explained, exit 1."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ui import app


def test_unopenable_database_is_explained(tmp_path, qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    assert app.run(str(folder)) == 1
    assert len(shown) == 1 and "is a folder, not a database file" in shown[0]
    not_db = tmp_path / "notes.db"
    not_db.write_bytes(b"these are not the cases you are looking for" * 100)
    assert app.run(str(not_db)) == 1
    assert "not a database" in shown[1] or "not a Case Manager database" in shown[1]
    # A file that is not ours gets no claim file beside it and keeps its mode.
    assert not (tmp_path / "notes.db.lock").exists()
