"""Running the chunks: in this process, or in two processes that take turns writing.

Serial: generate chunk c, write it, commit, next. Parallel (workers=1): this process handles the even chunks
and a spawned peer process the odd ones; each generates its next chunk while the other writes, then waits
for the other's "chunk c-1 committed, ids now end at ..." message before writing its own. Rows never cross
process boundaries (only the id bases and small per-chunk stats do), so the two processes together use about
the same CPU as one and the rows are identical to a serial load. Both processes draw every chunk's identities
so each holds the same handle registry.
"""

import multiprocessing
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine

from reachroom.demo.chunk import generate_chunk
from reachroom.demo.identity import HandleRegistry, draw_identities
from reachroom.demo.plan import Plan, Table
from reachroom.demo.writer import TABLE_ORDER, BulkWriter, chunk_batches

CASES = ("bought_followers", "engagement_pod", "fake_audience", "undisclosed_ad", "brand_unsafe")


@dataclass
class ChunkStats:
    """What one committed chunk added."""

    chunk: int
    counts: dict[str, int]
    case_accounts: dict[str, int]
    case_rows: dict[str, int]
    generating: float = 0.0
    writing: float = 0.0


@dataclass
class Totals:
    """Running totals over committed chunks."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLE_ORDER, 0))
    case_accounts: Counter = field(default_factory=Counter)
    case_rows: Counter = field(default_factory=Counter)
    creators_done: int = 0
    generating: float = 0.0
    writing: float = 0.0

    def add(self, stats: ChunkStats) -> None:
        for name, n in stats.counts.items():
            self.counts[name] += n
        self.case_accounts.update(stats.case_accounts)
        self.case_rows.update(stats.case_rows)
        self.creators_done += stats.counts["creators"]
        self.generating += stats.generating
        self.writing += stats.writing


def write_chunk(writer: BulkWriter, chunk: int, tables: dict[str, Table], bases: dict[str, int],
                generating: float) -> tuple[dict[str, int], ChunkStats]:
    """Insert and commit one chunk at the given id bases; returns the bases after it and its stats."""
    started = time.perf_counter()
    batches = [b for name in TABLE_ORDER for b in chunk_batches(name, tables[name], bases, writer.inline)]
    writer.write(batches)
    writer.commit()
    truth = tables["demo_truth"].columns
    accounts: dict[str, set[int]] = {}
    rows: Counter = Counter()
    for case, acc in zip(truth["case"], truth["account_id"].tolist(), strict=True):
        if case in CASES:
            rows[case] += 1
            accounts.setdefault(case, set()).add(acc)
    counts = {name: tables[name].rows for name in TABLE_ORDER}
    after = {name: bases[name] + counts[name] for name in TABLE_ORDER}
    stats = ChunkStats(chunk, counts, {c: len(a) for c, a in accounts.items()}, dict(rows),
                       generating, time.perf_counter() - started)
    return after, stats


def run_serial(plan: Plan, writer: BulkWriter, bases: dict[str, int], on_chunk: Callable[[ChunkStats], None]) -> None:
    """Generate and write every chunk in this process."""
    registry = HandleRegistry()
    for chunk in range(plan.chunks):
        started = time.perf_counter()
        ident = draw_identities(plan.seed, chunk, plan.chunk_size(chunk))
        registry.claim(ident)
        tables = generate_chunk(plan, chunk, ident)
        bases, stats = write_chunk(writer, chunk, tables, bases, time.perf_counter() - started)
        on_chunk(stats)


def _take_turns(role: int, plan: Plan, writer: BulkWriter, bases: dict[str, int] | None, conn,
                on_chunk: Callable[[ChunkStats], None] | None) -> dict[str, int] | None:
    """Handle the chunks c with c % 2 == role, writing each after the peer committed c - 1."""

    def peer_failed(err: BaseException) -> RuntimeError:
        detail = ""
        try:
            if conn.poll(5):
                message = conn.recv()
                detail = message[1] if message[0] == "error" else ""
        except (EOFError, OSError):
            pass
        return RuntimeError(f"demo peer process stopped: {detail or err!r}")

    def send(message) -> None:
        try:
            conn.send(message)
        except (BrokenPipeError, EOFError, OSError) as err:
            raise peer_failed(err) from err

    def wait_for(chunk: int) -> dict[str, int]:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError) as err:
                raise peer_failed(err) from err
            if message[0] == "error":
                raise RuntimeError(f"demo generator process failed:\n{message[1]}")
            _, done, after, stats = message
            if on_chunk is not None and stats is not None:
                on_chunk(stats)
            if done == chunk:
                return after

    registry = HandleRegistry()
    for chunk in range(plan.chunks):
        ident = draw_identities(plan.seed, chunk, plan.chunk_size(chunk))
        registry.claim(ident)
        if chunk % 2 != role:
            continue
        started = time.perf_counter()
        tables = generate_chunk(plan, chunk, ident)
        generating = time.perf_counter() - started
        if chunk > 0:
            bases = wait_for(chunk - 1)
        bases, stats = write_chunk(writer, chunk, tables, bases, generating)
        if role == 1 or chunk + 1 < plan.chunks:   # the main process wants every peer chunk; the peer only the next
            send(("done", chunk, bases, stats if role == 1 else None))
        if on_chunk is not None:
            on_chunk(stats)
    if role == 0 and (plan.chunks - 1) % 2 == 1:
        bases = wait_for(plan.chunks - 1)
    return bases


def _peer_main(plan: Plan, url: str, conn) -> None:
    """Entry point of the peer process (odd chunks)."""
    engine = None
    try:
        connect_args = {"timeout": 60} if url.startswith("sqlite") else {}
        engine = create_engine(url, connect_args=connect_args)
        writer = BulkWriter(engine)
        try:
            _take_turns(1, plan, writer, None, conn, None)
        finally:
            writer.close()
    except BaseException:  # report anything, including KeyboardInterrupt, to the main process
        try:
            conn.send(("error", traceback.format_exc()))
        except (BrokenPipeError, EOFError, OSError):
            pass
    finally:
        if engine is not None:
            engine.dispose()
        conn.close()


def can_run_parallel(engine: Engine) -> bool:
    """A peer process needs its own connection to the same database (not an in-memory SQLite one)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return bool(url.database) and url.database != ":memory:" and "mode=memory" not in str(url)
    return url.get_backend_name() == "postgresql"


def _context():
    """fork where it is safe (POSIX, single-threaded: no re-import of __main__, fast start), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_parallel(plan: Plan, engine: Engine, writer: BulkWriter, bases: dict[str, int],
                 on_chunk: Callable[[ChunkStats], None]) -> None:
    """Even chunks here, odd chunks in a spawned peer process, alternating writes."""
    context = _context()
    here, there = context.Pipe()
    url = engine.url.render_as_string(hide_password=False)
    peer = context.Process(target=_peer_main, args=(plan, url, there), name="reachroom-demo-peer", daemon=True)
    peer.start()
    there.close()
    try:
        _take_turns(0, plan, writer, bases, here, on_chunk)
        peer.join(timeout=60)
    except BaseException:
        if peer.is_alive():
            peer.terminate()
        peer.join(timeout=10)
        raise
    finally:
        here.close()
