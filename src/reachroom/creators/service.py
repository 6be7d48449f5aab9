"""Creator lists, profiles, posts and stats: the rules behind page, API and CLI."""

from sqlalchemy.orm import Session

from reachroom.core.errors import invalid, not_found
from reachroom.core.pagination import PageParams
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import as_utc
from reachroom.creators import repository as repo
from reachroom.creators.definitions import DEFINITIONS
from reachroom.creators.schemas import (
    AccountList,
    AccountOut,
    AccountRow,
    CreatorFilters,
    CreatorOut,
    MetricValue,
    PostList,
    PostOut,
    StatsOut,
)
from reachroom.models import AccountStats, SocialAccount


def list_accounts(db: Session, ctx: WorkspaceContext, f: CreatorFilters) -> AccountList:
    """One page of creator accounts matching the filters."""
    page = PageParams(f.page, f.size)
    rows, total, creators = repo.list_accounts(db, ctx, f, page)
    items = [_row(acc, cr, st) for acc, cr, st in rows]
    return AccountList(items=items, total=total, creators=creators, page=f.page, size=f.size,
                       pages=max(1, -(-total // f.size)))


def _row(acc, cr, st: AccountStats | None) -> AccountRow:
    return AccountRow(
        account_id=acc.id, creator_id=cr.id, platform=acc.platform, handle=acc.handle, name=cr.name,
        country=cr.country, followers=acc.followers, tier=st.tier if st else None,
        engagement_rate=st.engagement_rate if st else None, er_denominator=st.er_denominator if st else None,
        er_percentile=st.er_percentile if st else None, growth_90d_pct=st.growth_90d_pct if st else None,
        posts_per_week=st.posts_per_week if st else None,
    )


def get_creator(db: Session, ctx: WorkspaceContext, creator_id: int) -> CreatorOut:
    """A creator with accounts and each account's key metrics."""
    creator = repo.creator(db, ctx, creator_id)
    if creator is None:
        raise not_found("Creator")
    accounts = sorted(
        [a for a in creator.accounts if a.workspace_id in (None, ctx.workspace_id)], key=lambda a: -a.followers
    )
    stats = repo.stats_for(db, [a.id for a in accounts])
    return CreatorOut(
        id=creator.id, name=creator.name, country=creator.country, language=creator.language, city=creator.city,
        accounts=[AccountOut.model_validate(a) for a in accounts],
        metrics={a.id: key_metrics(a, stats.get(a.id)) for a in accounts},
    )


def _metric(key: str, value, source: str, as_of, sample_size=None) -> MetricValue:
    label, definition, unit = DEFINITIONS[key]
    return MetricValue(
        value=value, label=label, definition=definition, source=source, as_of=as_of,
        sample_size=sample_size, unit=unit,
    )


def key_metrics(acc: SocialAccount, st: AccountStats | None) -> list[MetricValue]:
    """Headline numbers of an account, each with definition and provenance."""
    out = [_metric("followers", acc.followers, acc.source, acc.collected_at)]
    if st is None:
        return out
    derived = f"derived from {acc.source} data, metric version {st.metric_version}"
    peers = st.er_peers
    out += [
        _metric("tier", st.tier, derived, st.computed_at),
        _metric("engagement_rate", st.engagement_rate, f"{derived}; denominator: {st.er_denominator}",
                st.computed_at, st.er_posts_used),
        _metric("er_percentile", st.er_percentile,
                f"{derived}; peers: {acc.platform} accounts with {st.band} followers", st.computed_at, peers),
        _metric("posts_per_week", st.posts_per_week, derived, st.computed_at),
        _metric("growth_30d_pct", st.growth_30d_pct, derived, st.computed_at),
        _metric("growth_90d_pct", st.growth_90d_pct, derived, st.computed_at),
        _metric("est_reach", st.est_reach, f"{derived}; method: {st.reach_method}", st.computed_at),
    ]
    return out


def visible_account(db: Session, ctx: WorkspaceContext, account_id: int) -> SocialAccount:
    """An account in the shared catalogue or this workspace, else 404 (the one check every domain uses)."""
    acc = repo.account(db, ctx, account_id)
    if acc is None:
        raise not_found("Account")
    return acc


def account_for_handle(db: Session, ctx: WorkspaceContext, handle: str, platform: str | None = None) -> SocialAccount:
    """The one visible account @handle (this workspace's own first); 404 if none, 422 if on several platforms."""
    clean = handle.strip().lstrip("@")
    found = repo.accounts_by_handle(db, ctx, clean, platform)
    if not found:
        raise not_found(f"Account @{clean}" + (f" on {platform}" if platform else ""))
    platforms = sorted({a.platform for a in found})
    if platform is None and len(platforms) > 1:
        raise invalid("platform", f"@{clean} exists on {', '.join(platforms)}; pass --platform")
    return found[0]


def account_posts(db: Session, ctx: WorkspaceContext, account_id: int, page: PageParams) -> PostList:
    """An account's posts, newest first, with their latest metrics."""
    visible_account(db, ctx, account_id)
    rows, total = repo.recent_posts(db, account_id, page)
    return PostList(items=[_post(p, s) for p, s in rows], total=total, page=page.page, size=page.size)


def _post(p, s) -> PostOut:
    parts = [getattr(s, k) for k in ("likes", "comments", "shares", "saves")] if s else []
    engagements = sum(v for v in parts if v is not None) if s and s.likes is not None else None
    return PostOut(
        id=p.id, platform_post_id=p.platform_post_id, posted_at=p.posted_at, format=p.format,
        caption=p.caption, hashtags=list(p.hashtags or []), is_paid_partnership=p.is_paid_partnership,
        likes=s.likes if s else None, comments=s.comments if s else None, views=s.views if s else None,
        reach=s.reach if s else None, shares=s.shares if s else None, saves=s.saves if s else None,
        engagements=engagements, metrics_source=s.source if s else None,
        metrics_collected_at=s.collected_at if s else None,
    )


def account_stats(db: Session, ctx: WorkspaceContext, account_id: int) -> StatsOut:
    """Derived stats, follower history and audience of an account."""
    acc = visible_account(db, ctx, account_id)
    st = repo.stats_for(db, [acc.id]).get(acc.id)
    history = [(s.collected_at, s.followers) for s in repo.follower_history(db, acc.id)]
    aud = repo.latest_audience(db, acc.id)
    audience = None
    if aud is not None:
        audience = {
            "age_bands": aud.age_bands, "genders": aud.genders, "countries": aud.countries,
            "languages": aud.languages, "source": aud.source, "collected_at": as_utc(aud.collected_at).isoformat(),
            "sample_size": aud.sample_size,
        }
    return StatsOut(
        account_id=acc.id, metric_version=st.metric_version if st else None,
        computed_at=st.computed_at if st else None, metrics=key_metrics(acc, st),
        follower_history=history, audience=audience,
    )
