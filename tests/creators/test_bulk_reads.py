"""The batch jobs' bulk reads: plain tuples equal to SQLAlchemy's Rows, and the latest snapshot per post the same
whichever order the snapshots come in (several per post, ties in collection time, out-of-order ids)."""

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from reachroom.authenticity import repository as auth_repo
from reachroom.core.batch import rows_but_one_converted, series_by_account
from reachroom.creators import stats_repository as stats_repo
from reachroom.db import plain_rows
from reachroom.models import AccountSnapshot, Post, PostSnapshot, SocialAccount, utcnow


def _latest_by_reference(conn, lo: int, hi: int) -> dict:
    """The last snapshot per post when the range is read oldest first overall (the query before the change)."""
    stmt = (select(PostSnapshot.post_id, PostSnapshot.likes, PostSnapshot.comments, PostSnapshot.shares,
                   PostSnapshot.saves, PostSnapshot.views, PostSnapshot.reach)
            .join(Post, Post.id == PostSnapshot.post_id).where(Post.account_id >= lo, Post.account_id < hi)
            .order_by(PostSnapshot.collected_at, PostSnapshot.id))
    return {r[0]: tuple(r[1:]) for r in conn.execute(stmt)}


def test_the_latest_snapshot_per_post_is_the_one_read_before(factory, engine):
    _, first = factory.creator(posts=5)
    _, last = factory.creator(posts=4, platform="tiktok")
    rng = random.Random(4)
    now = utcnow()
    with engine.begin() as conn:
        posts = conn.execute(select(Post.id).where(Post.account_id.in_([first, last]))).scalars().all()
        rows = []
        for pid in posts:
            for _ in range(rng.randint(0, 4)):  # extra snapshots, inserted in random time order, some at one time
                rows.append({"post_id": pid, "likes": rng.randint(0, 900), "comments": rng.randint(0, 50),
                             "views": rng.choice([None, rng.randint(1, 9000)]), "reach": rng.randint(0, 500),
                             "source": "manual", "collected_at": now + timedelta(hours=rng.choice([-5, 0, 0, 3]))})
        rng.shuffle(rows)
        conn.execute(insert(PostSnapshot), rows)
        # a post with no snapshot at all: read with None counts
        conn.execute(insert(Post), [{"account_id": first, "platform_post_id": "no-snapshot", "posted_at": now,
                                     "format": "image", "caption": "", "hashtags": [], "mentions": [],
                                     "is_paid_partnership": False, "source": "manual", "collected_at": now}])
    with engine.connect() as conn:
        want = _latest_by_reference(conn, first, last + 1)
        # the stats job: each post once with its latest counts, in the order in which the read before (no ORDER BY)
        # gave the posts on the demo's database (SQLite's plan there: the unique index (account_id, platform_post_id))
        before = conn.execute(select(Post.account_id, Post.id, Post.posted_at, Post.format)
                              .where(Post.account_id >= first, Post.account_id < last + 1)
                              .order_by(Post.account_id, Post.platform_post_id)).all()
        assert len(before) == 10
        got = stats_repo.posts_in(conn, first, last + 1)
        assert got == [tuple(p) + want.get(p[1], (None,) * 6) for p in before]
        # authenticity: (likes, comments, views, shares, saves), posts in the order of the (account_id, posted_at)
        # index that the posts read before used
        before = conn.execute(select(Post.account_id, Post.id, Post.posted_at)
                              .where(Post.account_id >= first, Post.account_id < last + 1)
                              .order_by(Post.account_id, Post.posted_at, Post.id)).all()
        order = (1, 2, 5, 3, 4)
        latest = {k: tuple(v[i - 1] for i in order) for k, v in want.items()}
        rows, at = auth_repo.posts_in(conn, first, last + 1)  # posted_at as read, and its conversion
        got = [(*r[:2], at(r[2]), *r[3:]) for r in rows]
        assert got == [tuple(p) + latest.get(p[1], (None,) * 5) for p in before]


def test_plain_rows_equal_sqlalchemy_rows(factory, engine):
    _, aid = factory.creator(posts=3)
    stmt = select(SocialAccount.id, SocialAccount.collected_at, SocialAccount.followers, Post.posted_at,
                  Post.is_paid_partnership, Post.hashtags).join(Post, Post.account_id == SocialAccount.id)
    with engine.connect() as conn:
        want = [tuple(r) for r in conn.execute(stmt.where(SocialAccount.id == aid))]
        got = plain_rows(conn, stmt.where(SocialAccount.id == aid))
        assert got == want and len(got) == 3
        assert [type(v) for v in got[0]] == [type(v) for v in want[0]]  # datetimes, bools, JSON decoded
        assert plain_rows(conn, stmt.where(SocialAccount.id == -1)) == []


def test_rows_but_one_converted_equal_plain_rows(factory, engine):
    _, aid = factory.creator(posts=3)
    one = select(Post.account_id, Post.id, Post.posted_at, Post.format).where(Post.account_id == aid)
    # several converted columns (two datetimes, a boolean, JSON): all but the chosen one converted, it after
    several = select(SocialAccount.id, SocialAccount.collected_at, Post.posted_at, Post.is_paid_partnership,
                     Post.hashtags).join(Post, Post.account_id == SocialAccount.id).where(SocialAccount.id == aid)
    with engine.connect() as conn:
        for stmt, column in ((one, 2), (several, 2), (several, 0)):
            want = plain_rows(conn, stmt)
            rows, convert = rows_but_one_converted(conn, stmt, column)
            got = [(*r[:column], convert(r[column]), *r[column + 1:]) for r in rows]
            assert got == want and len(got) == 3
            assert [type(v) for v in got[0]] == [type(v) for v in want[0]]
        rows, convert = rows_but_one_converted(conn, one, 2)
        assert type(convert(rows[0][2])) is datetime
        if engine.dialect.name == "sqlite":  # SQLite stores text: the conversion is left to the caller
            assert type(rows[0][2]) is str
        else:  # PostgreSQL's driver returns datetimes already: nothing left to convert
            assert convert(rows[0][2]) is rows[0][2]
        assert rows_but_one_converted(conn, one.where(Post.id == -1), 2)[0] == []


def test_follower_series_by_account_equal_plain_rows_grouped(factory, engine):
    _, first = factory.creator(posts=1)
    _, last = factory.creator(posts=1, platform="tiktok")
    stmt = (select(AccountSnapshot.account_id, AccountSnapshot.collected_at, AccountSnapshot.followers)
            .where(AccountSnapshot.account_id >= first, AccountSnapshot.account_id < last + 1)
            .order_by(AccountSnapshot.account_id, AccountSnapshot.collected_at))
    with engine.connect() as conn:
        want: dict[int, list] = {}
        for aid, at, n in plain_rows(conn, stmt):
            want.setdefault(aid, []).append((at, n))
        assert want
        for repo in (stats_repo, auth_repo):
            got = series_by_account(*repo.follower_series_in(conn, first, last + 1))
            assert got == want and list(got) == list(want)
            assert all(type(t) is datetime for points in got.values() for t, _ in points)
