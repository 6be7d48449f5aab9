"""Helpers for the batch jobs (stats, authenticity): cheaper bookkeeping, never a different result."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
