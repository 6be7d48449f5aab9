"""Shared fixtures: a migrated database per worker, a live HTTP server, and data factories."""

import os
import uuid

import httpx
import pytest
from hypothesis import settings

from reachroom.config import get_settings
from reachroom.db import get_engine, make_engine, unit_of_work
from reachroom.migrate import upgrade
from tests.dbutil import drop_database, fresh_database_url
from tests.factories import Factory
from tests.live import serve

# Property tests: CI replays the same derandomised examples every run (a landing never fails by chance);
# elsewhere examples are random so repeated runs explore, and a failure prints the blob that reproduces it.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore")
settings.load_profile(HYPOTHESIS_PROFILE)


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


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Settings are read once per test, so a test's monkeypatched REACHROOM_* variables take effect."""
    get_settings.cache_clear()


@pytest.fixture
def db(engine):
    """A session in its own unit of work (committed at the end of the test body)."""
    with unit_of_work(engine) as session:
        yield session


@pytest.fixture(scope="session")
def factory(engine):
    return Factory(engine)


@pytest.fixture(scope="session")
def live_server(engine):
    """The real app served over real HTTP on a free local port."""
    from reachroom.app import create_app

    with serve(create_app(engine)) as url:
        yield url


@pytest.fixture
def http(live_server):
    """An HTTP client against the live server."""
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


@pytest.fixture
def unique():
    """A suffix for names and emails that is unique by construction (a fresh uuid4), never time- or id()-based."""
    return uuid.uuid4().hex[:12]


def pytest_report_header(config) -> str:
    """Say which hypothesis profile runs, so a failing property test can be replayed the same way."""
    return f"hypothesis profile: {HYPOTHESIS_PROFILE} (set HYPOTHESIS_PROFILE=ci or explore to choose)"
