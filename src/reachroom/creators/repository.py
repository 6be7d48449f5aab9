"""All SQL for creators, accounts, posts, snapshots and audience, scoped by the workspace context."""

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from reachroom.core.pagination import PageParams
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import (
    AccountSnapshot,
    AccountStats,
    AudienceProfile,
    Creator,
    Post,
    PostSnapshot,
    SocialAccount,
)


def visible_accounts(ctx: WorkspaceContext):
    """The one tenancy rule for catalogue rows: shared (NULL) or this workspace's own."""
    return or_(SocialAccount.workspace_id.is_(None), SocialAccount.workspace_id == ctx.workspace_id)


def visible_creators(ctx: WorkspaceContext):
    """Creators in the shared catalogue or owned by this workspace."""
    return or_(Creator.workspace_id.is_(None), Creator.workspace_id == ctx.workspace_id)


SORTS = {
    "followers": SocialAccount.followers,
    "engagement_rate": AccountStats.engagement_rate,
    "er_percentile": AccountStats.er_percentile,
    "growth_90d": AccountStats.growth_90d_pct,
    "posts_per_week": AccountStats.posts_per_week,
    "handle": SocialAccount.handle,
    "name": Creator.name,
}


def _account_query(ctx: WorkspaceContext, f) -> Select:
    stmt = (
        select(SocialAccount, Creator, AccountStats)
        .join(Creator, Creator.id == SocialAccount.creator_id)
        .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
        .where(visible_accounts(ctx))
    )
    conds = []
    if f.q:
        # Escape LIKE wildcards so "_" and "%" in a handle match themselves.
        text = f.q.lower().lstrip("@").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{text}%"
        conds.append(or_(func.lower(SocialAccount.handle).like(like, escape="\\"),
                         func.lower(Creator.name).like(like, escape="\\")))
    if f.platform:
        conds.append(SocialAccount.platform == f.platform)
    if f.country:
        conds.append(Creator.country == f.country)
    if f.tier:
        conds.append(AccountStats.tier == f.tier)
    if f.min_followers is not None:
        conds.append(SocialAccount.followers >= f.min_followers)
    if f.max_followers is not None:
        conds.append(SocialAccount.followers <= f.max_followers)
    if f.min_er is not None:
        conds.append(AccountStats.engagement_rate >= f.min_er)
    if f.max_er is not None:
        conds.append(AccountStats.engagement_rate <= f.max_er)
    return stmt.where(and_(*conds)) if conds else stmt


def list_accounts(db: Session, ctx: WorkspaceContext, f, page: PageParams) -> tuple[list, int, int]:
    """Accounts matching the filters, one page, plus the number of accounts and of creators they belong to."""
    stmt = _account_query(ctx, f)
    matched = stmt.with_only_columns(SocialAccount.id, SocialAccount.creator_id).subquery()
    total, creators = db.execute(select(func.count(), func.count(func.distinct(matched.c.creator_id)))
                                 .select_from(matched)).one()
    col = SORTS[f.sort]
    order = col.desc().nulls_last() if f.order == "desc" else col.asc().nulls_last()
    rows = db.execute(stmt.order_by(order, SocialAccount.id).offset(page.offset).limit(page.size)).all()
    return [tuple(r) for r in rows], total or 0, creators or 0


def creator(db: Session, ctx: WorkspaceContext, creator_id: int) -> Creator | None:
    stmt = (
        select(Creator)
        .where(Creator.id == creator_id, visible_creators(ctx))
        .options(selectinload(Creator.accounts))
    )
    return db.scalar(stmt)


def account(db: Session, ctx: WorkspaceContext, account_id: int) -> SocialAccount | None:
    return db.scalar(select(SocialAccount).where(SocialAccount.id == account_id, visible_accounts(ctx)))


def accounts_by_handle(db: Session, ctx: WorkspaceContext, handle: str, platform: str | None) -> list[SocialAccount]:
    """Visible accounts @handle (case-insensitive), this workspace's own first, then the shared catalogue."""
    stmt = select(SocialAccount).where(visible_accounts(ctx),
                                       func.lower(SocialAccount.handle) == handle.strip().lstrip("@").lower())
    if platform:
        stmt = stmt.where(SocialAccount.platform == platform)
    return list(db.scalars(stmt.order_by(SocialAccount.workspace_id.desc().nulls_last(), SocialAccount.id)))


def stats_for(db: Session, account_ids: list[int]) -> dict[int, AccountStats]:
    rows = db.scalars(select(AccountStats).where(AccountStats.account_id.in_(account_ids)))
    return {r.account_id: r for r in rows}


def latest_snapshot_subquery():
    """The newest snapshot id per post."""
    return (
        select(PostSnapshot.post_id, func.max(PostSnapshot.id).label("snap_id"))
        .group_by(PostSnapshot.post_id)
        .subquery()
    )


def recent_posts(db: Session, account_id: int, page: PageParams) -> tuple[list[tuple[Post, PostSnapshot | None]], int]:
    """An account's posts, newest first, each with its latest metric snapshot."""
    total = db.scalar(select(func.count()).where(Post.account_id == account_id)) or 0
    posts = list(
        db.scalars(
            select(Post).where(Post.account_id == account_id)
            .order_by(Post.posted_at.desc(), Post.id.desc()).offset(page.offset).limit(page.size)
        )
    )
    snaps = latest_snapshots(db, [p.id for p in posts])
    return [(p, snaps.get(p.id)) for p in posts], total


def latest_snapshots(db: Session, post_ids: list[int]) -> dict[int, PostSnapshot]:
    if not post_ids:
        return {}
    rows = db.scalars(
        select(PostSnapshot).where(PostSnapshot.post_id.in_(post_ids)).order_by(PostSnapshot.collected_at)
    )
    return {r.post_id: r for r in rows}


def follower_history(db: Session, account_id: int) -> list[AccountSnapshot]:
    stmt = (
        select(AccountSnapshot)
        .where(AccountSnapshot.account_id == account_id)
        .order_by(AccountSnapshot.collected_at)
    )
    return list(db.scalars(stmt))


def latest_audience(db: Session, account_id: int) -> AudienceProfile | None:
    stmt = (
        select(AudienceProfile).where(AudienceProfile.account_id == account_id)
        .order_by(AudienceProfile.collected_at.desc()).limit(1)
    )
    return db.scalar(stmt)


def add(db: Session, row) -> None:
    db.add(row)
    db.flush()


def accounts_by_keys(db: Session, scope_key: int, keys: list[tuple[str, str]]) -> dict[tuple[str, str], SocialAccount]:
    """Existing accounts in one scope keyed by (platform, lower(handle)), with their creators."""
    out: dict[tuple[str, str], SocialAccount] = {}
    handles = sorted({h for _, h in keys})
    for start in range(0, len(handles), 500):
        chunk = handles[start:start + 500]
        stmt = (
            select(SocialAccount)
            .where(SocialAccount.scope_key == scope_key, func.lower(SocialAccount.handle).in_(chunk))
            .options(selectinload(SocialAccount.creator))
        )
        for acc in db.scalars(stmt):
            out[(acc.platform, acc.handle.lower())] = acc
    return out
