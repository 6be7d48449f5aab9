"""Test databases: a SQLite file by default, a fresh PostgreSQL database when asked."""

import os
import re
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "REACHROOM_TEST_DATABASE_URL"


def pg_base_url() -> str | None:
    """The PostgreSQL URL the suite should run against, if any."""
    return os.environ.get(PG_ENV) or None


def fresh_database_url(tmp_dir, name: str) -> str:
    """A new, empty database for this worker: SQLite file, or a recreated PostgreSQL database."""
    base = pg_base_url()
    if not base:
        return f"sqlite:///{tmp_dir}/{name}.db"
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    # Unique by construction: xdist workers, modules and concurrent runs never share (and so never drop) each
    # other's database, even when they ask for the same name or a long name is cut to PostgreSQL's 63 bytes.
    readable = re.sub(r"[^a-z0-9_]", "_", f"{url.database}_{name}".lower())[:50]
    db_name = f"{readable}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{db_name}"'))
    admin.dispose()
    return url.set(database=db_name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Remove a PostgreSQL test database (SQLite files go with tmp dirs)."""
    if not url.startswith("postgresql"):
        return
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
    admin.dispose()
