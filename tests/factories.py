"""Test data factories: real rows through services or plain ORM inserts, committed."""

import itertools
import uuid
from dataclasses import dataclass
from datetime import timedelta

from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.metrics import tier_of
from reachroom.models import (
    AccountSnapshot,
    AccountStats,
    AudienceProfile,
    Creator,
    Membership,
    Post,
    PostSnapshot,
    SocialAccount,
    utcnow,
)
from reachroom.workspaces import service as auth

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


@dataclass
class Tenant:
    """A workspace with one user of the given role and an API token."""

    workspace_id: int
    user_id: int
    email: str
    role: str
    token: str
    slug: str

    @property
    def ctx(self) -> WorkspaceContext:
        return WorkspaceContext(self.workspace_id, self.user_id, self.role)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Factory:
    """Creates committed rows for tests."""

    def __init__(self, engine):
        self.engine = engine

    def tenant(self, role: str = "owner", workspace_id: int | None = None) -> Tenant:
        """A user with a role in a new (or the given) workspace, plus a token."""
        n, tag = next(_seq), uuid.uuid4().hex[:12]
        with unit_of_work(self.engine) as db:
            user = auth.create_user(db, f"user{n}-{tag}@example.com", PASSWORD, f"User {n}")
            if workspace_id is None:
                owner = user if role == "owner" else auth.create_user(db, f"owner{n}-{tag}@example.com", PASSWORD)
                workspace_id = auth.create_workspace(db, f"Workspace {n}", owner).id
            if auth.repo.membership(db, workspace_id, user.id) is None:
                auth.repo.add(db, Membership(workspace_id=workspace_id, user_id=user.id, role=role))
            ws = auth.repo.workspace_by_id(db, workspace_id)
            _, raw = auth.create_token(db, WorkspaceContext(workspace_id, user.id, role), "test")
            return Tenant(workspace_id, user.id, user.email, role, raw, ws.slug)

    def creator(self, workspace_id: int | None = None, platform: str = "instagram", followers: int = 12000,
                country: str = "GB", name: str | None = None, handle: str | None = None, posts: int = 6,
                er: float = 0.03, tier: str | None = None, email: str | None = None) -> tuple[int, int]:
        """A creator with one account, follower history, posts with snapshots, audience and stats."""
        n = next(_seq)
        now = utcnow()
        with unit_of_work(self.engine) as db:
            creator = Creator(workspace_id=workspace_id, name=name or f"Creator {n}", country=country, language="en",
                              email=email)
            db.add(creator)
            db.flush()
            acc = SocialAccount(
                creator_id=creator.id, workspace_id=workspace_id, scope_key=workspace_id or 0, platform=platform,
                handle=handle or f"handle_{n}", display_name=name or f"Creator {n}", followers=followers,
                following=300, posts_count=posts, source="manual", collected_at=now,
            )
            db.add(acc)
            db.flush()
            for week in range(8, -1, -1):
                db.add(AccountSnapshot(account_id=acc.id, followers=int(followers * (1 - week * 0.01)),
                                       following=300, posts_count=posts, source="manual",
                                       collected_at=now - timedelta(days=7 * week)))
            for i in range(posts):
                post = Post(account_id=acc.id, platform_post_id=f"p{n}_{i}", posted_at=now - timedelta(days=3 * i + 1),
                            format="image" if platform == "instagram" else "video", caption=f"Post {i} #test",
                            hashtags=["test"], mentions=[], source="manual")
                db.add(post)
                db.flush()
                likes = int(followers * er)
                db.add(PostSnapshot(post_id=post.id, likes=likes, comments=max(1, likes // 20),
                                    views=followers * 2 if platform != "instagram" else None,
                                    source="manual", collected_at=now))
            db.add(AudienceProfile(account_id=acc.id, age_bands={"18-24": 0.4, "25-34": 0.6},
                                   genders={"female": 0.7, "male": 0.3}, countries={country: 0.6, "US": 0.4},
                                   languages={"en": 1.0}, sample_size=1000, source="manual", collected_at=now))
            db.add(AccountStats(account_id=acc.id, metric_version="test", tier=tier or tier_of(followers),
                                band="10k-20k", engagement_rate=er, er_denominator="followers", er_posts_used=posts,
                                er_percentile=50.0, posts_per_week=2.0, computed_at=now, details={}))
            return creator.id, acc.id
