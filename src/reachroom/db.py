"""Engine, sessions and the one transaction boundary per request, command or job."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker

from reachroom.config import get_settings


def _prepare_sqlite_path(url: str) -> None:
    """Create the folder of a file-based SQLite database."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        Path(url[len(prefix):]).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend: WAL and foreign keys on SQLite."""
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        _prepare_sqlite_path(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_savepoint_inside_transaction)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: object) -> None:
    """WAL for concurrent readers; enforce foreign keys like PostgreSQL does."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_savepoint_inside_transaction(conn: Connection, _name: str) -> None:
    """Open the real transaction before a SAVEPOINT when none is open yet.

    Python's sqlite3 only begins a transaction implicitly before INSERT/UPDATE/DELETE, not before SAVEPOINT; a
    savepoint opened first (`db.begin_nested()` around a request's first write) then starts a transaction of its
    own, and releasing it COMMITS that write at once — so a later error in the same request could no longer undo
    it (half-written data on SQLite only; PostgreSQL nests as expected)."""
    raw = conn.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        raw.execute("BEGIN")


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


@lru_cache
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def new_session(engine: Engine | None = None) -> Session:
    """A fresh session bound to the configured (or given) engine."""
    return _session_factory(engine or get_engine())()


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """Commit on success, roll back on error: the only place that commits."""
    session = new_session(engine)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def plain_rows(conn: Connection, stmt: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A Core select's rows as plain tuples, each value converted by its column's type exactly as a Row's would
    be, but without building Row objects: the batch jobs read millions of rows, and Rows cost about 2× the fetch."""
    result = conn.execute(stmt)
    cursor = result.cursor
    dialect = conn.dialect
    procs = [(i, proc) for i, (col, desc) in enumerate(zip(stmt.selected_columns, cursor.description, strict=True))
             if (proc := col.type.dialect_impl(dialect).result_processor(dialect, desc[1])) is not None]
    rows = cursor.fetchall()
    result.close()
    if not procs or not rows:
        return [tuple(r) for r in rows]
    columns = list(zip(*rows, strict=True))
    for i, proc in procs:
        columns[i] = tuple(map(proc, columns[i]))
    return list(zip(*columns, strict=True))
