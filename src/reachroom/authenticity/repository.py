"""All SQL of authenticity: an account's inputs, follower-sample uploads, stored scores, bulk reads for the job.

Tenancy: accounts are reached through ``creators.repository.visible_accounts(ctx)``; follower samples are the
shared ones (``workspace_id IS NULL``) plus, for a workspace's own view, that workspace's private uploads only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from reachroom.core.batch import latest_per_post, rows_but_one_converted
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import plain_rows
from reachroom.models import (
    AccountAuthenticity,
    AccountSnapshot,
    AccountStats,
    CommentSample,
    Creator,
    DemoTruth,
    FollowerSample,
    FollowerSampleUpload,
    Post,
    PostSnapshot,
    SocialAccount,
)

SAMPLE_COLUMNS = (
    FollowerSample.username, FollowerSample.followers, FollowerSample.following, FollowerSample.posts,
    FollowerSample.has_profile_pic, FollowerSample.is_private, FollowerSample.has_external_url,
    FollowerSample.username_length, FollowerSample.username_digits, FollowerSample.username_digit_ratio,
    FollowerSample.full_name_words, FollowerSample.bio_length,
)
SAMPLE_KEYS = tuple(c.key for c in SAMPLE_COLUMNS)
PEER_SAMPLE = 20_000
SNAPSHOT_COLUMNS = (PostSnapshot.post_id, PostSnapshot.likes, PostSnapshot.comments, PostSnapshot.views,
                    PostSnapshot.shares, PostSnapshot.saves)

# ---- one account (ORM session, request or CLI) --------------------------------------------------------------


def creator_of(db: Session, account_id: int) -> Creator | None:
    return db.scalar(select(Creator).join(SocialAccount, SocialAccount.creator_id == Creator.id)
                     .where(SocialAccount.id == account_id))


def stats(db: Session, account_id: int) -> AccountStats | None:
    return db.get(AccountStats, account_id)


def posts_with_metrics(db: Session, account_id: int) -> list:
    """(id, posted_at, likes, comments, views, shares, saves) of every post, with its latest snapshot."""
    posts = db.execute(select(Post.id, Post.posted_at).where(Post.account_id == account_id)).all()
    snaps: dict[int, tuple] = {}
    stmt = (select(*SNAPSHOT_COLUMNS).join(Post, Post.id == PostSnapshot.post_id)
            .where(Post.account_id == account_id).order_by(PostSnapshot.collected_at, PostSnapshot.id))
    for row in db.execute(stmt):
        snaps[row[0]] = tuple(row[1:])
    return [(pid, at, *snaps.get(pid, (None,) * 5)) for pid, at in posts]


def follower_series(db: Session, account_id: int) -> list[tuple]:
    stmt = (select(AccountSnapshot.collected_at, AccountSnapshot.followers)
            .where(AccountSnapshot.account_id == account_id).order_by(AccountSnapshot.collected_at))
    return [tuple(r) for r in db.execute(stmt)]


def comments(db: Session, account_id: int) -> list[tuple]:
    stmt = (select(CommentSample.post_id, CommentSample.commenter_handle, CommentSample.text)
            .where(CommentSample.account_id == account_id).order_by(CommentSample.id))
    return [tuple(r) for r in db.execute(stmt)]


def follower_rows(db: Session, account_id: int, workspace_id: int | None) -> list[dict]:
    """Shared follower samples of the account, plus the given workspace's private ones (never another's)."""
    scope = FollowerSample.workspace_id.is_(None)
    if workspace_id is not None:
        scope = or_(scope, FollowerSample.workspace_id == workspace_id)
    stmt = select(*SAMPLE_COLUMNS).where(FollowerSample.account_id == account_id, scope).order_by(FollowerSample.id)
    return [dict(zip(SAMPLE_KEYS, r, strict=True)) for r in db.execute(stmt)]


def has_private_samples(db: Session, account_id: int, workspace_id: int) -> bool:
    stmt = select(FollowerSample.id).where(FollowerSample.account_id == account_id,
                                           FollowerSample.workspace_id == workspace_id).limit(1)
    return db.scalar(stmt) is not None


def uploads(db: Session, ctx: WorkspaceContext, account_id: int) -> list[FollowerSampleUpload]:
    """This workspace's uploads for an account, newest first."""
    stmt = (select(FollowerSampleUpload)
            .where(FollowerSampleUpload.account_id == account_id,
                   FollowerSampleUpload.workspace_id == ctx.workspace_id)
            .order_by(FollowerSampleUpload.created_at.desc(), FollowerSampleUpload.id.desc()))
    return list(db.scalars(stmt))


def add_upload(db: Session, upload: FollowerSampleUpload, rows: list[dict]) -> None:
    """Store an upload and its follower rows (bulk insert)."""
    db.add(upload)
    db.flush()
    if rows:
        db.execute(insert(FollowerSample), [{**r, "upload_id": upload.id} for r in rows])
    db.flush()


def peer_values(db: Session, platform: str, tier: str | None = None, band: str | None = None) -> list[tuple]:
    """(tier, median_likes, median_comments, median_views, followers, engagement_rate) of shared peers."""
    stmt = (select(AccountStats.tier, AccountStats.median_likes, AccountStats.median_comments,
                   AccountStats.median_views, SocialAccount.followers, AccountStats.engagement_rate)
            .join(SocialAccount, SocialAccount.id == AccountStats.account_id)
            .where(SocialAccount.scope_key == 0, SocialAccount.platform == platform))
    if tier is not None:
        stmt = stmt.where(AccountStats.tier == tier)
    if band is not None:
        stmt = stmt.where(AccountStats.band == band)
    # A sample of the group is plenty for a median and a spread, and keeps this fast at any catalogue size.
    return [tuple(r) for r in db.execute(stmt.order_by(AccountStats.account_id).limit(PEER_SAMPLE))]


def stored(db: Session, account_id: int, scope_key: int) -> AccountAuthenticity | None:
    return db.get(AccountAuthenticity, (account_id, scope_key))


def save(db: Session, row: dict) -> None:
    """Replace the stored score of (account_id, scope_key)."""
    db.execute(delete(AccountAuthenticity).where(AccountAuthenticity.account_id == row["account_id"],
                                                 AccountAuthenticity.scope_key == row["scope_key"]))
    db.execute(insert(AccountAuthenticity), [row])
    db.flush()


# ---- bulk reads and writes for the job (Core, id ranges) ----------------------------------------------------


def account_id_bounds(conn: Connection) -> tuple[int, int, int]:
    row = conn.execute(select(func.min(SocialAccount.id), func.max(SocialAccount.id), func.count())).one()
    return (row[0] or 0, row[1] or 0, row[2] or 0)


def accounts_in(conn: Connection, lo: int, hi: int) -> list:
    """(id, platform, followers, tier, band, engagement_rate, er_denominator, er_percentile, er_peers,
    er_posts_used) for lo <= id < hi; stats columns are NULL when stats were never computed."""
    stmt = (select(SocialAccount.id, SocialAccount.platform, SocialAccount.followers, AccountStats.tier,
                   AccountStats.band, AccountStats.engagement_rate, AccountStats.er_denominator,
                   AccountStats.er_percentile, AccountStats.er_peers, AccountStats.er_posts_used)
            .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
            .where(SocialAccount.id >= lo, SocialAccount.id < hi).order_by(SocialAccount.id))
    return plain_rows(conn, stmt)


def posts_in(conn: Connection, lo: int, hi: int) -> tuple[list, Callable[[Any], datetime]]:
    """(account_id, post_id, posted_at, likes, comments, views, shares, saves) of the range's posts, one row per post
    with its latest snapshot's counts (all None when it has none), each account's posts oldest first (ties by id);
    posted_at as read, with the conversion that makes it a datetime (the job applies it as it builds the posts)."""
    # One join instead of a posts read and a snapshot read (SQLite: -30 % CPU): the (account_id, posted_at) and the
    # (post_id, collected_at) indexes give this order without a sort; it is the one the posts read had (that index).
    stmt = (select(Post.account_id, Post.id, Post.posted_at, *SNAPSHOT_COLUMNS[1:])
            .select_from(Post).outerjoin(PostSnapshot, PostSnapshot.post_id == Post.id)
            .where(Post.account_id >= lo, Post.account_id < hi)
            .order_by(Post.account_id, Post.posted_at, Post.id, PostSnapshot.collected_at, PostSnapshot.id))
    rows, at = rows_but_one_converted(conn, stmt, 2)
    return latest_per_post(rows), at


def follower_series_in(conn: Connection, lo: int, hi: int) -> tuple[list, Callable[[Any], datetime]]:
    """(account_id, collected_at, followers) of the range, oldest first; collected_at as read, with its conversion
    (core.batch.series_by_account applies it)."""
    stmt = (select(AccountSnapshot.account_id, AccountSnapshot.collected_at, AccountSnapshot.followers)
            .where(AccountSnapshot.account_id >= lo, AccountSnapshot.account_id < hi)
            .order_by(AccountSnapshot.account_id, AccountSnapshot.collected_at))
    return rows_but_one_converted(conn, stmt, 1)


def comments_in(conn: Connection, lo: int, hi: int) -> list:
    stmt = (select(CommentSample.account_id, CommentSample.post_id, CommentSample.commenter_handle,
                   CommentSample.text)
            .where(CommentSample.account_id >= lo, CommentSample.account_id < hi).order_by(CommentSample.id))
    return plain_rows(conn, stmt)


def commented_hosts(conn: Connection | Session, member_id: int | None = None) -> list:
    """(member account, host account, host handle, post_id, text): sampled comments written on an account by
    another shared account of the same platform (matched by exact handle); one member's only when given."""
    host = SocialAccount.__table__.alias("host")
    member = SocialAccount.__table__.alias("member")
    stmt = (select(member.c.id, host.c.id, host.c.handle, CommentSample.post_id, CommentSample.text)
            .join(host, host.c.id == CommentSample.account_id)
            .join(member, (member.c.scope_key == 0) & (member.c.platform == host.c.platform)
                  & (member.c.handle == CommentSample.commenter_handle) & (member.c.id != host.c.id))
            .order_by(CommentSample.id))
    if member_id is not None:
        stmt = stmt.where(member.c.id == member_id)
    return conn.execute(stmt).all()


def comments_of(conn: Connection | Session, account_ids: list[int]) -> list:
    """(account_id, post_id, commenter_handle, text) of the given accounts' comment samples."""
    out: list = []
    for i in range(0, len(account_ids), 500):
        stmt = (select(CommentSample.account_id, CommentSample.post_id, CommentSample.commenter_handle,
                       CommentSample.text)
                .where(CommentSample.account_id.in_(account_ids[i:i + 500])).order_by(CommentSample.id))
        out.extend(conn.execute(stmt).all())
    return out


def follower_samples_in(conn: Connection, lo: int, hi: int) -> list:
    """(account_id, workspace_id, *SAMPLE_KEYS) of the range: shared and private rows (the job keeps them apart)."""
    stmt = (select(FollowerSample.account_id, FollowerSample.workspace_id, *SAMPLE_COLUMNS)
            .where(FollowerSample.account_id >= lo, FollowerSample.account_id < hi).order_by(FollowerSample.id))
    return plain_rows(conn, stmt)


def replace_scores(conn: Connection, lo: int, hi: int, rows: list[dict]) -> None:
    conn.execute(delete(AccountAuthenticity).where(AccountAuthenticity.account_id >= lo,
                                                   AccountAuthenticity.account_id < hi))
    if rows:
        conn.execute(insert(AccountAuthenticity), rows)


def all_peer_values(conn: Connection) -> list:
    """(platform, tier, band, median_likes, median_comments, median_views, followers, engagement_rate) of every
    shared account with stats."""
    stmt = (select(SocialAccount.platform, AccountStats.tier, AccountStats.band, AccountStats.median_likes,
                   AccountStats.median_comments, AccountStats.median_views, SocialAccount.followers,
                   AccountStats.engagement_rate)
            .join(SocialAccount, SocialAccount.id == AccountStats.account_id).where(SocialAccount.scope_key == 0))
    return plain_rows(conn, stmt)


# ---- demo evaluation ----------------------------------------------------------------------------------------


def demo_cases(conn: Connection, cases: tuple[str, ...]) -> list:
    """(account_id, case, details) of the injected account-level demo cases."""
    stmt = select(DemoTruth.account_id, DemoTruth.case, DemoTruth.details).where(DemoTruth.case.in_(cases))
    return conn.execute(stmt).all()


def shared_scores(conn: Connection) -> list:
    """(account_id, platform, level, signals, score) of every stored shared-scope score."""
    stmt = (select(AccountAuthenticity.account_id, SocialAccount.platform, AccountAuthenticity.level,
                   AccountAuthenticity.signals, AccountAuthenticity.score)
            .join(SocialAccount, SocialAccount.id == AccountAuthenticity.account_id)
            .where(AccountAuthenticity.scope_key == 0))
    return conn.execute(stmt).all()


def count_scores(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(AccountAuthenticity)).scalar_one()
