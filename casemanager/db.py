"""The one place that makes engines and opens databases.

A path means a SQLite file (WAL, foreign keys on, a busy timeout, synchronous=FULL so an
acknowledged save survives a power cut); a `postgresql+psycopg://` URL means a server.
Opening a database brings its schema to the newest Alembic revision, copying a SQLite
file aside first, so an upgrade can never cost a caseworker their data.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from casemanager import search_index  # noqa: F401  (keeps search keys current on every flush)
from casemanager.errors import DatabaseError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def is_url(target: str) -> bool:
    return "://" in target


def make_engine(target: str) -> Engine:
    """An engine for a SQLite path or a server URL, configured the same way everywhere."""
    if is_url(target):
        if target.startswith("sqlite"):
            engine = create_engine(target)
        elif target.startswith("postgresql"):
            engine = create_engine(target, pool_pre_ping=True)
        else:
            raise DatabaseError(
                f"unsupported database URL '{target}' (use a file path or postgresql+psycopg://)"
            )
    else:
        engine = create_engine(f"sqlite:///{target}", connect_args={"timeout": 15})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class Database:
    """An open database: its engine, a session factory, and what it is."""

    def __init__(self, target: str, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self.sessionmaker = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server."""
        if self.dialect != "sqlite":
            return None
        db = self.engine.url.database
        return Path(db) if db and db != ":memory:" else None

    def describe(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessionmaker() as session:
            yield session

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self) -> Path | None:
        """Bring the schema to head; returns where an older SQLite file was copied aside."""
        current = self.revision()
        head = head_revision()
        if current == head:
            return None
        saved = None
        if current is not None and self.path is not None and self.path.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            saved = self.path.with_name(f"{self.path.name}.before-{current}-{stamp}")
            with self.engine.connect() as conn:
                # Fold the WAL into the main file so the copy is complete.
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(self.path, saved)
        with self.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        return saved

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(target: str, *, create: bool = False, upgrade: bool = True) -> Database:
    """Open (and with `create`, make) a database, upgraded to the newest schema.

    Raises DatabaseError with a one-line reason for anything a user can get wrong:
    a missing file, a file that is not a database, an unreachable server.
    """
    if not is_url(target):
        path = Path(target).expanduser()
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        if not path.exists():
            if not create:
                raise DatabaseError(f"no database at {path}; create one with `casemanager init`")
            if not path.parent.exists():
                raise DatabaseError(f"folder {path.parent} does not exist")
        target = str(path)
    engine = make_engine(target)
    db = Database(target, engine)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and tables - {"alembic_version"}:
            raise DatabaseError(f"{db.describe()} is not a Case Manager database")
        if "alembic_version" not in tables and not create:
            raise DatabaseError(
                f"{db.describe()} has no Case Manager data yet; run `casemanager init`"
            )
        if upgrade:
            current = db.revision()
            if current is not None and current not in _known_revisions():
                raise DatabaseError(
                    f"{db.describe()} was made by a newer Case Manager (schema {current})"
                )
            db.upgrade()
    except sa_exc.DatabaseError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"cannot open {db.describe()}: {reason}") from None
    except sa_exc.OperationalError as exc:  # pragma: no cover - subclass of DatabaseError
        engine.dispose()
        raise DatabaseError(f"cannot open {db.describe()}: {exc.orig}") from None
    except DatabaseError:
        engine.dispose()
        raise
    return db


def _known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
