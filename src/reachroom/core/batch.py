"""Helpers for the batch jobs (stats, authenticity): cheaper bookkeeping, never a different result."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Connection, Select


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


def unchanged(value: Any) -> Any:
    """The identity: the conversion of a value that needs none."""
    return value


def rows_but_one_converted(conn: Connection, stmt: Select[*tuple[Any, ...]], column: int
                           ) -> tuple[list[tuple[Any, ...]], Callable[[Any], Any]]:
    """A select's rows with every column but `column` converted as a Row would convert it, and the conversion
    left for `column` (the caller applies it in the loop it runs over the rows anyway).

    The jobs' post reads (1.7 M rows at 20k) have one converted column, posted_at: db.plain_rows transposes the
    whole result twice to convert it, ~1 µs a row of 8-10 columns. When no other column needs a conversion (SQLite,
    PostgreSQL) the DBAPI rows come back as they are; otherwise converted as plain_rows does, with an identity."""
    result = conn.execute(stmt)
    cursor = result.cursor
    dialect = conn.dialect
    convert = [col.type.dialect_impl(dialect).result_processor(dialect, desc[1])
               for col, desc in zip(stmt.selected_columns, cursor.description, strict=True)]
    rows = cast(list[tuple[Any, ...]], cursor.fetchall())
    result.close()
    if any(c is not None for i, c in enumerate(convert) if i != column):
        columns = list(zip(*rows, strict=True))
        for i, c in enumerate(convert):
            if c is not None and columns:
                columns[i] = tuple(map(c, columns[i]))
        return list(zip(*columns, strict=True)), unchanged
    if rows and type(rows[0]) is not tuple:
        rows = [tuple(r) for r in rows]
    return rows, convert[column] or unchanged


def series_by_account(rows: list[tuple[Any, ...]], at: Callable[[Any], Any]) -> dict[int, list[tuple[Any, Any]]]:
    """{account: [(at(collected_at), followers), ...]} from (account, collected_at, followers) rows, in row order."""
    out: dict[int, list[tuple[Any, Any]]] = {}
    for aid, t, n in rows:
        points = out.get(aid)
        if points is None:
            out[aid] = [(at(t), n)]
        else:
            points.append((at(t), n))
    return out
