"""Bulk reads and writes for the stats job (Core statements; no ORM objects per row)."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from reachroom.core.batch import latest_per_post, rows_but_one_converted
from reachroom.db import plain_rows
from reachroom.models import AccountSnapshot, AccountStats, Post, PostSnapshot, SocialAccount


def account_id_bounds(conn: Connection) -> tuple[int, int, int]:
    """Smallest id, largest id and number of accounts."""
    row = conn.execute(select(func.min(SocialAccount.id), func.max(SocialAccount.id), func.count())).one()
    return (row[0] or 0, row[1] or 0, row[2] or 0)


def accounts_in(conn: Connection, lo: int, hi: int) -> Sequence[Any]:
    """(id, platform, followers, source) for lo <= id < hi."""
    stmt = (
        select(SocialAccount.id, SocialAccount.platform, SocialAccount.followers, SocialAccount.source)
        .where(SocialAccount.id >= lo, SocialAccount.id < hi)
        .order_by(SocialAccount.id)
    )
    return plain_rows(conn, stmt)


def posts_in(conn: Connection, lo: int, hi: int) -> list[tuple[Any, ...]]:
    """(account_id, post_id, posted_at, format, likes, comments, shares, saves, views, reach) of the range's posts,
    one row per post with its latest snapshot's counts (all None when it has none), each account's posts in
    platform_post_id order."""
    # One join instead of a posts read and a snapshot read (SQLite: -25 % CPU): the unique (account_id,
    # platform_post_id) index and the (post_id, collected_at) index give this order without a sort, and it is the
    # posts' order the read without ORDER BY had (the same index).
    stmt = (
        select(Post.account_id, Post.id, Post.posted_at, Post.format, PostSnapshot.likes, PostSnapshot.comments,
               PostSnapshot.shares, PostSnapshot.saves, PostSnapshot.views, PostSnapshot.reach)
        .outerjoin(PostSnapshot, PostSnapshot.post_id == Post.id)
        .where(Post.account_id >= lo, Post.account_id < hi)
        .order_by(Post.account_id, Post.platform_post_id, PostSnapshot.collected_at, PostSnapshot.id)
    )
    rows, at = rows_but_one_converted(conn, stmt, 2)
    return [(a, p, at(t), f, li, c, sh, sv, v, r) for a, p, t, f, li, c, sh, sv, v, r in latest_per_post(rows)]


def follower_series_in(conn: Connection, lo: int, hi: int) -> tuple[list[tuple[Any, ...]], Callable[[Any], Any]]:
    """(account_id, collected_at, followers) of the range, oldest first; collected_at as read, with its conversion
    (core.batch.series_by_account applies it)."""
    stmt = (
        select(AccountSnapshot.account_id, AccountSnapshot.collected_at, AccountSnapshot.followers)
        .where(AccountSnapshot.account_id >= lo, AccountSnapshot.account_id < hi)
        .order_by(AccountSnapshot.account_id, AccountSnapshot.collected_at)
    )
    return rows_but_one_converted(conn, stmt, 1)


def replace_stats(conn: Connection, lo: int, hi: int, rows: list[dict]) -> None:
    """Swap the range's stats rows for new ones."""
    conn.execute(delete(AccountStats).where(AccountStats.account_id >= lo, AccountStats.account_id < hi))
    if rows:
        conn.execute(insert(AccountStats), rows)


def set_percentiles(conn: Connection, rows: list[dict]) -> None:
    """Write er_percentile and peer counts: rows of {aid, pct, peers}."""
    stmt = (
        update(AccountStats)
        .where(AccountStats.account_id == bindparam("aid"))
        .values(er_percentile=bindparam("pct"), er_peers=bindparam("peers"))
    )
    if rows:
        conn.execute(stmt.execution_options(synchronize_session=False), rows)
