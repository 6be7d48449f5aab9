"""The process-wide discovery index: loaded from disk when fresh, else built; refreshed incrementally.

One holder per database (keyed by engine URL, so tests with a fresh database get a fresh index). Searches read
`holder.index` without locking; refreshes run under a lock on a copy that is swapped in when complete.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine

from reachroom.config import get_settings
from reachroom.discovery import loader
from reachroom.discovery import repository as repo
from reachroom.discovery.engine import CreatorIndex, IndexFormatError, prerank

log = logging.getLogger(__name__)
INDEX_DIRNAME = "discovery-index"


def check_interval() -> float:
    """Seconds between freshness checks against the database (REACHROOM_DISCOVERY_CHECK_SECONDS, default 10)."""
    return get_settings().discovery_check_seconds


def _clone(index: CreatorIndex) -> CreatorIndex:
    """An independent in-memory copy (arrays copied; memory-mapped columns read into RAM)."""
    twin = copy.copy(index)
    twin._a = {k: np.array(v, copy=True) for k, v in index._a.items()}  # noqa: SLF001 - the holder owns the copy
    twin._vocabs = {k: list(v) for k, v in index._vocabs.items()}  # noqa: SLF001
    twin.meta = copy.deepcopy(index.meta)
    twin._writable = True  # noqa: SLF001
    twin._cache = {}  # noqa: SLF001
    twin._build_lookup()  # noqa: SLF001
    return twin


class IndexHolder:
    """Holds the index of one database; `get()` returns a fresh-enough index, `rebuild()` starts over."""

    def __init__(self, engine: Engine, directory: Path | None) -> None:
        self.engine = engine
        self.directory = directory
        self.index: CreatorIndex | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()
        self._starting = threading.Lock()
        self.refresh_thread: threading.Thread | None = None
        self.last: dict[str, Any] = {}

    # -------------------------------------------------------------- public

    def get(self) -> CreatorIndex:
        """The current index, loading/building it on first use and refreshing it when the DB changed.

        After the first use the freshness check runs on a background thread and the search goes on with the index
        it has (at most one check interval old): at 1M accounts the check and an upsert take long enough to stall
        the search that happened to trigger them. An interval of 0 checks synchronously before every search.
        """
        loaded = False
        if self.index is None:
            with self.lock:
                if self.index is None:
                    self.index, loaded = self._load_or_build()
                    self.checked_at = time.monotonic()
        interval = check_interval()
        if loaded or interval <= 0:
            self.refresh()
        current = self.index
        if not loaded and interval > 0 and time.monotonic() - self.checked_at >= interval:
            self._refresh_in_background()
        assert current is not None
        return current

    def rebuild(self, progress: loader.Progress | None = None) -> dict[str, Any]:
        """Build from scratch and save; returns timings and counts."""
        with self.lock:
            index, info = loader.build_index(self.engine, progress)
            self._save(index)
            self.index = index
            self.checked_at = time.monotonic()
            self.last = {"action": "rebuilt", **info, "rows": index.n_rows, "index_bytes": index.nbytes()}
            return self.last

    def refresh(self) -> dict[str, Any]:
        """Upsert accounts whose source rows changed since the index was read; delete vanished ones."""
        with self.lock:
            self.checked_at = time.monotonic()
            if self.index is None:
                self.index, _ = self._load_or_build()
            current = self.index
            meta = current.meta
            with self.engine.connect() as conn:
                count, _, max_id = repo.account_id_bounds(conn)
                stamps = repo.change_stamps(conn)
                if count == meta.get("db_count") and max_id == meta.get("db_max_id") and stamps == meta.get("stamps"):
                    return {"action": "fresh"}
                changed = repo.changed_account_ids(conn, meta.get("stamps") or {}, int(meta.get("db_max_id") or 0))
            twin = _clone(current)
            upserted = 0
            if changed:
                data = loader.arrays_for_ids(self.engine, changed)
                if data is not None:
                    if "embedding" in data and twin.embedding_dim != data["embedding"].shape[1]:
                        # First embeddings, or a different embedder: the index cannot take these rows; start over.
                        index, _ = loader.build_index(self.engine)
                        self._save(index)
                        self.index = index
                        return {"action": "rebuilt"}
                    res = twin.upsert(data)
                    upserted = res.inserted + res.updated
            gone: list[int] = []
            if twin.n_rows != count:  # accounts were deleted from the database
                with self.engine.connect() as conn:
                    alive = np.asarray(repo.all_account_ids(conn), dtype=np.int64)
                ids = twin.col("account_id")[twin.col("alive")]
                gone = [int(i) for i in ids[~np.isin(ids, alive)]]
                if gone:
                    twin.delete(gone)
            twin.meta.update({"db_count": count, "db_max_id": max_id, "stamps": stamps})
            self._save(twin)
            self.index = twin
            self.last = {"action": "refreshed", "upserted": upserted, "deleted": len(gone)}
            return self.last

    # -------------------------------------------------------------- internals

    def _refresh_in_background(self) -> None:
        """Start one refresh thread unless one is running; the next check is due an interval after it ends."""

        def run() -> None:
            self.refresh()
            self.checked_at = time.monotonic()

        with self._starting:
            if self.refresh_thread is None or not self.refresh_thread.is_alive():
                # A failed check must not kill searches; the next interval tries again.
                self.refresh_thread = _on_thread("discovery-refresh", run, "discovery index refresh failed")

    def _save(self, index: CreatorIndex) -> None:
        if self.directory is None:
            return
        try:
            index.save(self.directory)
        except OSError as err:  # a read-only data dir must not break search
            log.warning("could not save the discovery index to %s: %s", self.directory, err)

    def _load_or_build(self) -> tuple[CreatorIndex, bool]:
        """(index, loaded_from_disk); a loaded index still needs a refresh against the database."""
        index, loaded = self._load_or_build_index()
        if index.ann is not None:  # large enough to pre-rank: compile the kernel now, not in the first search
            prerank.warm_up()
        return index, loaded

    def _load_or_build_index(self) -> tuple[CreatorIndex, bool]:
        """The saved index when it belongs to this database and this code can read it, else a fresh build."""
        if self.directory is not None and (self.directory / "manifest.json").exists():
            try:
                index = CreatorIndex.load(self.directory)
                if index.meta.get("db_url") == url_key(self.engine):
                    self.last = {"action": "loaded", "rows": index.n_rows}
                    return index, True
            except (IndexFormatError, OSError, ValueError, KeyError) as err:
                log.warning("rebuilding the discovery index: %s", err)
        index, info = loader.build_index(self.engine)
        self._save(index)
        self.last = {"action": "built", **info}
        return index, False


def url_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


_holders: dict[str, IndexHolder] = {}
_holders_lock = threading.Lock()


def holder(engine: Engine) -> IndexHolder:
    """The holder of this database's index (one per engine URL per process)."""
    key = url_key(engine)
    with _holders_lock:
        h = _holders.get(key)
        if h is None:
            safe = "".join(c if c.isalnum() else "_" for c in key)[-80:]
            base = Path(get_settings().data_dir) / INDEX_DIRNAME
            directory = base if _is_default(engine) else base.parent / f"{INDEX_DIRNAME}-{safe}"
            h = _holders[key] = IndexHolder(engine, directory)
        return h


def _is_default(engine: Engine) -> bool:
    return url_key(engine) == makeurl_key(get_settings().database_url)


def makeurl_key(url: str) -> str:
    from sqlalchemy.engine import make_url

    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    return make_url(url).render_as_string(hide_password=True)


def current_index(engine: Engine) -> CreatorIndex:
    return holder(engine).get()


def preload_in_background(engine: Engine) -> threading.Thread:
    """Load (or build) the index on a thread at server start, so the first search does not wait for it."""
    # A server must start even if the index cannot be built yet (e.g. before migrations).
    return _on_thread("discovery-preload", lambda: holder(engine).get(),
                      "could not preload the discovery index; the first search will try again")


def _on_thread(name: str, work: Callable[[], Any], failure: str) -> threading.Thread:
    """Run `work` on a started daemon thread; an exception is logged with `failure`, never raised."""

    def run() -> None:
        try:
            work()
        except Exception:
            log.exception(failure)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
