"""Shared fixtures: a migrated database per worker, a live HTTP server, and data factories."""

import itertools
import os
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from reachroom.config import get_settings
from reachroom.db import get_engine, make_engine, unit_of_work
from reachroom.migrate import upgrade
from tests.dbutil import drop_database, fresh_database_url
from tests.factories import Factory


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A migrated, empty database for this test worker."""
    url = fresh_database_url(tmp_path_factory.mktemp("db"), f"t_{_worker()}")
    upgrade(url)
    yield url
    get_engine.cache_clear()
    drop_database(url)


@pytest.fixture(scope="session")
def engine(database_url):
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session", autouse=True)
def _settings_env(database_url, tmp_path_factory):
    """Point settings (used by the CLI and create_app) at the test database."""
    os.environ["REACHROOM_DATABASE_URL"] = database_url
    os.environ["REACHROOM_DATA_DIR"] = str(tmp_path_factory.mktemp("var"))
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield


@pytest.fixture
def db(engine):
    """A session in its own unit of work (committed at the end of the test body)."""
    with unit_of_work(engine) as session:
        yield session


@pytest.fixture(scope="session")
def factory(engine):
    return Factory(engine)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(engine):
    """The real app served over real HTTP on a free local port."""
    from reachroom.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "test server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def http(live_server):
    """An HTTP client against the live server."""
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


_counter = itertools.count()


@pytest.fixture
def unique():
    """A unique suffix for names and emails within the test session."""
    return f"{_worker()}{next(_counter)}{int(time.time() * 1000) % 100000}"
