"""Helpers for the batch jobs (stats, authenticity): cheaper bookkeeping, never a different result."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a batch with the cyclic garbage collector off.

    A batch builds hundreds of thousands of short-lived rows and tuples; every few hundred allocations start a
    collection, and the older generations' collections walk every live object: ~30 % of the stats job's CPU.
    Nearly all of those objects are freed by reference counting anyway; any cycles wait for the collector's
    next ordinary pass once it is on again (a full collection per batch here would cost ~0.2 CPU-s each).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def latest_per_post(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The last row of each post (column 1) from rows in which a post's rows are adjacent, oldest snapshot first:
    a post read joined with its snapshots comes once per snapshot."""
    if len({r[1] for r in rows}) == len(rows):  # one snapshot (or none) per post: nothing to drop
        return rows
    out: list[tuple[Any, ...]] = []
    for r in rows:
        if out and out[-1][1] == r[1]:
            out[-1] = r
        else:
            out.append(r)
    return out
