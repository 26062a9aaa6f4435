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


def test_an_unopenable_database_is_explained_in_russian(tmp_path, qapp, monkeypatch):
    """The reason is the core's message, in the window's language (it was English)."""
    import sqlite3

    from ui import i18n

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:  # a SQLite database, but not ours
        conn.execute("CREATE TABLE photos (id INTEGER)")
    translators = i18n.install(qapp, "ru")
    try:
        assert app.run(str(other)) == 1
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.install(qapp, "en")
    assert shown == [f"{other} — не база данных Case Manager"], shown
