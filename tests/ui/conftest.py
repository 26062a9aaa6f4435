"""Fixtures for the GUI tests: an application context over a fresh SQLite database,
with its own settings file so no test sees another's saved columns or geometry."""

from __future__ import annotations

import shutil
import time

import pytest
from PySide6.QtCore import QSettings

from casemanager.services import demo
from casemanager.services.cases import create_case
from casemanager.store.database import open_database
from ui import i18n
from ui.context import AppContext


@pytest.fixture(scope="session", autouse=True)
def english(qapp):
    """The English translator the application installs (plural forms: "1 case"), and
    the GUI-thread-only garbage collector and the GIL beat it installs (ui/operations/)."""
    from ui import i18n
    from ui.operations import garbage, turns

    turns.install(qapp)  # as ui.app.application() does
    # Windows opened through ui.app (app.run, File > Connect) would freeze what earlier
    # tests left for the collector to free; one process runs every test here.
    garbage.install(qapp).frozen = True

    translators = i18n.install(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def make_ctx(db, tmp_path, name: str = "settings.ini") -> AppContext:
    settings = QSettings(str(tmp_path / name), QSettings.Format.IniFormat)
    return AppContext(db=db, actor="tester", settings=settings)


@pytest.fixture
def ctx_factory(tmp_path, qapp):
    """Builds a new context (new objects) over a database, on this test's settings file."""
    return lambda db: make_ctx(db, tmp_path)


@pytest.fixture
def ctx(sqlite_db, tmp_path, qapp) -> AppContext:
    """An empty database."""
    return make_ctx(sqlite_db, tmp_path)


@pytest.fixture
def demo_ctx(sqlite_db, tmp_path, qapp) -> AppContext:
    """60 demo cases (names in Cyrillic and Latin, partial dates, contacts)."""
    demo.generate(sqlite_db, cases=60, seed=5, actor="tester")
    return make_ctx(sqlite_db, tmp_path)


@pytest.fixture(scope="session")
def big_db_file(sqlite_template, tmp_path_factory):
    """A 2,000-case demo database, made once and copied for each test that wants it."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    shutil.copy(sqlite_template, path)
    db = open_database(str(path))
    demo.generate(db, cases=2000, seed=11, actor="tester")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def big_ctx(big_db_file, tmp_path, qapp):
    path = tmp_path / "big.db"
    shutil.copy(big_db_file, path)
    db = open_database(str(path))
    yield make_ctx(db, tmp_path)
    db.dispose()


@pytest.fixture
def named_ctx(ctx) -> AppContext:
    """Four cases whose names are known, in both scripts."""
    for fields in (
        {"family_name": "Tursunov", "given_name": "Alisher", "name_native": "Турсунов Алишер",
         "citizenships": "UZ", "status": "detained"},
        {"family_name": "Turdiev", "given_name": "Bakhtiyor", "name_native": "Турдиев Бахтиёр",
         "citizenships": "UZ", "status": "missing"},
        {"family_name": "Karimov", "given_name": "Rustam", "name_native": "Каримов Рустам",
         "citizenships": "TJ", "status": "detained", "capture_date": "03.2023"},
        {"family_name": "Osmonov", "given_name": "Nurlan", "name_native": "Осмонов Нурлан",
         "citizenships": "KG", "status": "released", "priority": "urgent"},
    ):
        create_case(ctx.db, fields=fields, actor="tester")
    return ctx


@pytest.fixture
def boxes(monkeypatch):
    """Every message box shown, as (kind, title, text); the box itself is not opened (a
    modal box would wait for a click offscreen). What made it appear is untouched."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str):
        def show(_parent, title, text, *_args, **_kwargs):
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(show)

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Before the test's fixtures go (its database, its patched message boxes), close its
    windows and let every operation they queued finish and deliver its result. Else a
    read still on the worker ran against a database already removed, and its failure
    box opened after the test, over a window being destroyed (CI aborted there)."""
    from PySide6.QtWidgets import QApplication, QMessageBox
    from pytestqt import plugin as qt_plugin

    from ui.operations import garbage
    from ui.operations.operation import settled
    from ui.operations.worker import all_workers

    app = QApplication.instance()
    if app is not None:
        originals = {kind: QMessageBox.__dict__[kind]
                     for kind in ("warning", "critical", "information", "question")}
        late: list[str] = []

        def recorder(kind: str):
            def show(_parent, title, text, *_args, **_kwargs):
                late.append(f"{kind}: {title}: {text}")
                # "Save the changes?" of a window left with unsaved edits: drop them
                # (the test fails anyway) instead of waiting for a click that never comes.
                return (QMessageBox.StandardButton.Discard if kind == "question"
                        else QMessageBox.StandardButton.Ok)
            return staticmethod(show)

        # A box the test did not ask for (no `boxes` fixture) would wait for a click.
        patched = [kind for kind, value in originals.items()
                   if not hasattr(getattr(value, "__func__", value), "__code__")]  # Qt's own
        for kind in patched:
            setattr(QMessageBox, kind, recorder(kind))
        try:
            app.processEvents()
            close_widgets = getattr(qt_plugin, "_close_widgets", None)  # pytest-qt 4.x
            if close_widgets is not None:
                close_widgets(item)
            deadline = 600  # × 0.1 s
            while not settled() and deadline:
                app.processEvents()
                time.sleep(0.1)
                deadline -= 1
            app.processEvents()
            # Each context's worker thread ends with its test (they piled up, hundreds
            # of idle threads), and the test's cycles are collected here, on this thread.
            for worker in all_workers():
                if worker.is_idle():
                    worker.stop(timeout=5)
            garbage.install(app).collect_now()
        finally:
            for kind in patched:
                setattr(QMessageBox, kind, originals[kind])
        if late:
            raise AssertionError("a message box appeared as the test ended: " + "; ".join(late))
    return (yield)


@pytest.fixture
def russian(qapp):
    """The interface in Russian for the test, English again after it."""
    translators = i18n.install(qapp, "ru")
    assert translators
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    i18n.install(qapp, "en")
