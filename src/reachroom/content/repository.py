"""All SQL of content intelligence: bulk reads and writes for the job, scoped reads for the service."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from reachroom.db import plain_rows
from reachroom.models import AccountContent, DemoTruth, Post, PostContent, SocialAccount

# ---------------------------------------------------------------------------------------------------------
# Job: Core statements over id ranges (no ORM objects per row)
# ---------------------------------------------------------------------------------------------------------


def account_id_bounds(conn: Connection) -> tuple[int, int, int]:
    """Smallest id, largest id and number of accounts."""
    row = conn.execute(select(func.min(SocialAccount.id), func.max(SocialAccount.id), func.count())).one()
    return (row[0] or 0, row[1] or 0, row[2] or 0)


def accounts_in(conn: Connection, lo: int, hi: int) -> Sequence[Any]:
    """(id, bio) for lo <= id < hi."""
    stmt = (
        select(SocialAccount.id, SocialAccount.bio)
        .where(SocialAccount.id >= lo, SocialAccount.id < hi)
        .order_by(SocialAccount.id)
    )
    return plain_rows(conn, stmt)


def recent_posts_in(conn: Connection, lo: int, hi: int, limit: int) -> Sequence[Any]:
    """(account_id, post_id, caption, is_paid_partnership) of each account's `limit` newest posts, newest first
    (the same order as the profile's post list: posted_at, then id, descending)."""
    rank = func.row_number().over(
        partition_by=Post.account_id, order_by=(Post.posted_at.desc(), Post.id.desc())
    ).label("rank")
    ranked = (
        select(Post.account_id, Post.id, Post.caption, Post.is_paid_partnership, rank)
        .where(Post.account_id >= lo, Post.account_id < hi)
        .subquery()
    )
    stmt = (
        select(ranked.c.account_id, ranked.c.id, ranked.c.caption, ranked.c.is_paid_partnership)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.account_id, ranked.c.rank)
    )
    return plain_rows(conn, stmt)


def replace_content(conn: Connection, lo: int, hi: int, accounts: list[dict], posts: list[dict]) -> None:
    """Swap the range's content rows (accounts and posts) for new ones."""
    conn.execute(delete(PostContent).where(PostContent.account_id >= lo, PostContent.account_id < hi))
    conn.execute(delete(AccountContent).where(AccountContent.account_id >= lo, AccountContent.account_id < hi))
    if accounts:
        _insert_many(conn, AccountContent, accounts)
    if posts:
        _insert_many(conn, PostContent, posts)


def _insert_many(conn: Connection, model: type[AccountContent | PostContent], rows: list[dict]) -> None:
    """``conn.execute(insert(model), rows)`` (rows with the same keys) for a driver with positional parameters,
    without SQLAlchemy's per-row parameter building: the statement compiled once, each value passed through its
    column type's bind processor (what SQLAlchemy does), one ``executemany``. Other drivers take the usual path."""
    keys = list(rows[0])
    compiled = insert(model).compile(dialect=conn.dialect, column_keys=keys)
    order = compiled.positiontup if compiled.positional else None
    if order is None or sorted(order) != sorted(keys):
        conn.execute(insert(model), rows)
        return
    table = model.__table__
    processors = [table.c[k].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for k in order]
    columns = [_bound([r[k] for r in rows], proc) for k, proc in zip(order, processors, strict=True)]
    conn.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))


def _bound(values: list[Any], proc: Callable[[Any], Any] | None) -> list[Any]:
    """One column's values through its bind processor; a value that is the same object as the one before it
    (the batch's one ``computed_at``, a shared empty list) reuses that one's result: the processors are pure."""
    if proc is None:
        return values
    out: list[Any] = []
    last: Any = _UNSET
    done: Any = None
    for v in values:
        if v is not last:
            last, done = v, proc(v)
        out.append(done)
    return out


_UNSET = object()


# ---------------------------------------------------------------------------------------------------------
# Service: one account (already checked visible through creators.repository.visible_accounts)
# ---------------------------------------------------------------------------------------------------------


def account_content(db: Session, account_id: int) -> AccountContent | None:
    return db.get(AccountContent, account_id)


def analysed_posts(db: Session, account_id: int) -> list[tuple[PostContent, Post]]:
    """The account's analysed posts with the posts themselves, newest first."""
    stmt = (
        select(PostContent, Post)
        .join(Post, Post.id == PostContent.post_id)
        .where(PostContent.account_id == account_id)
        .order_by(Post.posted_at.desc(), Post.id.desc())
    )
    return [(pc, p) for pc, p in db.execute(stmt).all()]


def recent_posts(db: Session, account_id: int, limit: int) -> list[Post]:
    """The account's newest posts (for a live profile of an account the job has not reached yet)."""
    stmt = (
        select(Post).where(Post.account_id == account_id)
        .order_by(Post.posted_at.desc(), Post.id.desc()).limit(limit)
    )
    return list(db.scalars(stmt))


# ---------------------------------------------------------------------------------------------------------
# Evaluation against the demo ground truth (operator command; catalogue data, no workspace rows)
# ---------------------------------------------------------------------------------------------------------


def demo_truth_posts(db: Session, cases: tuple[str, ...]) -> list[tuple[int, int, str, dict]]:
    """(account_id, post_id, case, details) of the post-level demo cases."""
    stmt = select(DemoTruth.account_id, DemoTruth.post_id, DemoTruth.case, DemoTruth.details).where(
        DemoTruth.case.in_(cases), DemoTruth.post_id.is_not(None)
    )
    return [tuple(r) for r in db.execute(stmt).all()]


def post_verdicts(db: Session) -> list[tuple[int, int, bool, str, int]]:
    """(post_id, account_id, is_sponsored, disclosure, safety_mask) of every analysed post."""
    stmt = select(PostContent.post_id, PostContent.account_id, PostContent.is_sponsored, PostContent.disclosure,
                  PostContent.safety_mask)
    return [(pid, aid, bool(sp), disc, int(mask)) for pid, aid, sp, disc, mask in db.execute(stmt)]

