"""All SQL of measurement. Every query is by a campaign the service has already found in the caller's workspace."""

from datetime import date, datetime

from sqlalchemy import String, and_, case, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from reachroom.metrics.delivery import COUNTS, ENGAGEMENT_PARTS, HISTORY_COUNTS, RATE_BASES, pair_keys
from reachroom.models import (
    Agreement,
    Campaign,
    CampaignCreator,
    CampaignDailyDelta,
    CampaignPost,
    CampaignRollup,
    CreatorTracking,
    DeliverableForecast,
    EmvTable,
    Post,
    PostMetricSnapshot,
    PostSnapshot,
    ReportShare,
    SalesOrder,
    ShopWebhook,
    ShopWebhookDelivery,
    SocialAccount,
)


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def posts(db: Session, campaign_id: int) -> list[tuple[CampaignPost, str, str]]:
    """(post, handle, platform) of every post ever linked to the campaign, by posting time then link order."""
    stmt = (select(CampaignPost, SocialAccount.handle, SocialAccount.platform)
            .join(CampaignCreator, CampaignCreator.id == CampaignPost.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignPost.campaign_id == campaign_id)
            .order_by(CampaignPost.posted_at, CampaignPost.id))
    return [(p, h, pl) for p, h, pl in db.execute(stmt)]


def post(db: Session, campaign_id: int, post_id: int) -> CampaignPost | None:
    return db.scalar(select(CampaignPost).where(CampaignPost.campaign_id == campaign_id, CampaignPost.id == post_id))


def post_by_url(db: Session, campaign_id: int, url: str) -> CampaignPost | None:
    return db.scalar(select(CampaignPost).where(CampaignPost.campaign_id == campaign_id, CampaignPost.url == url))


def snapshots(db: Session, post_ids: list[int]) -> dict[int, list[PostMetricSnapshot]]:
    """{post id: its snapshots, oldest first}."""
    out: dict[int, list[PostMetricSnapshot]] = {}
    if post_ids:
        stmt = (select(PostMetricSnapshot).where(PostMetricSnapshot.campaign_post_id.in_(post_ids))
                .order_by(PostMetricSnapshot.collected_at, PostMetricSnapshot.id))
        for s in db.scalars(stmt):
            out.setdefault(s.campaign_post_id, []).append(s)
    return out


def newest_emv_table(db: Session, workspace_id: int) -> EmvTable | None:
    return db.scalar(select(EmvTable).where(EmvTable.workspace_id == workspace_id)
                     .order_by(EmvTable.version.desc()).limit(1))


def shares(db: Session, campaign_id: int) -> list[ReportShare]:
    return list(db.scalars(select(ReportShare).where(ReportShare.campaign_id == campaign_id)
                           .order_by(ReportShare.id.desc())))


def share(db: Session, campaign_id: int, share_id: int) -> ReportShare | None:
    return db.scalar(select(ReportShare).where(ReportShare.campaign_id == campaign_id, ReportShare.id == share_id))


def share_by_hash(db: Session, token_hash: str, now: datetime) -> ReportShare | None:
    """A live link: not revoked, not expired."""
    return db.scalar(select(ReportShare).where(ReportShare.token_hash == token_hash, ReportShare.revoked_at.is_(None),
                                               ReportShare.expires_at > now))


def catalogue_posts(db: Session, account_ids: list[int], start: datetime, end: datetime) -> list[Post]:
    """The accounts' posts published between start and end, oldest first."""
    if not account_ids:
        return []
    return list(db.scalars(select(Post).where(Post.account_id.in_(account_ids), Post.posted_at >= start,
                                              Post.posted_at <= end).order_by(Post.posted_at, Post.id)))


def rollup_rows(db: Session, campaign_id: int | None = None) -> list[tuple]:
    """Sums over the counted posts' latest snapshots, one row per (campaign, creator entry, format, platform,
    source): (campaign, entry, format, platform, source, posts, *sums of COUNTS, *how many reported each,
    engagements, posts with any engagement count, newest collection time, then for each of RATE_BASES the
    engagements, the base and the posts over the posts reporting both). What the rollups are rebuilt from."""
    s = PostMetricSnapshot
    parts = [s.likes, s.comments, s.shares, s.saves]
    per_post = sum((func.coalesce(p, 0) for p in parts[1:]), func.coalesce(parts[0], 0))
    engaged = func.sum(per_post)
    has_any = or_(*(p.is_not(None) for p in parts))
    any_part = func.count(case((has_any, 1)))
    pairs = []
    for base in RATE_BASES:
        both = and_(has_any, getattr(s, base).is_not(None))
        pairs += [func.sum(case((both, per_post))), func.sum(case((both, getattr(s, base)))),
                  func.count(case((both, 1)))]
    key = (CampaignPost.campaign_id, CampaignPost.campaign_creator_id, CampaignPost.format, CampaignPost.platform,
           s.source)
    stmt = (select(*key, func.count(), *(func.sum(getattr(s, n)) for n in COUNTS),
                   *(func.count(getattr(s, n)) for n in COUNTS), engaged, any_part, func.max(s.collected_at), *pairs)
            .join(s, s.id == CampaignPost.latest_snapshot_id)
            .where(CampaignPost.unlinked_at.is_(None)).group_by(*key))
    if campaign_id is not None:
        stmt = stmt.where(CampaignPost.campaign_id == campaign_id)
    return [tuple(r) for r in db.execute(stmt)]


def rollups(db: Session, campaign_id: int) -> list[CampaignRollup]:
    return list(db.scalars(select(CampaignRollup).where(CampaignRollup.campaign_id == campaign_id,
                                                        CampaignRollup.posts > 0)))


def rollup_of(db: Session, key: tuple[int, int, str, str, str]) -> CampaignRollup | None:
    c, e, f, p, src = key
    return db.scalar(select(CampaignRollup).where(
        CampaignRollup.campaign_id == c, CampaignRollup.campaign_creator_id == e, CampaignRollup.format == f,
        CampaignRollup.platform == p, CampaignRollup.source == src))


def group_until(db: Session, key: tuple[int, int, str, str, str]) -> datetime | None:
    """The newest collection time among the counted posts' latest snapshots of one rollup group."""
    c, e, f, p, src = key
    return db.scalar(select(func.max(PostMetricSnapshot.collected_at))
                     .join(CampaignPost, CampaignPost.latest_snapshot_id == PostMetricSnapshot.id)
                     .where(CampaignPost.campaign_id == c, CampaignPost.campaign_creator_id == e,
                            CampaignPost.format == f, CampaignPost.platform == p, PostMetricSnapshot.source == src,
                            CampaignPost.unlinked_at.is_(None)))


def rebuild_rollups(db: Session, campaign_id: int | None = None) -> int:
    """Replace the rollups (of one campaign, or all) with sums computed from the snapshots; returns the rows."""
    gone = delete(CampaignRollup)
    if campaign_id is not None:
        gone = gone.where(CampaignRollup.campaign_id == campaign_id)
    db.execute(gone)
    n = len(COUNTS)
    rest = 6 + 2 * n  # engagements, posts with any, newest time, then the rates' pairs
    rows = []
    for r in rollup_rows(db, campaign_id):
        sums = {c: int(v or 0) for c, v in zip(COUNTS, r[6:6 + n], strict=True)}
        reported = {c: int(v or 0) for c, v in zip(COUNTS, r[6 + n:rest], strict=True)}
        for i, base in enumerate(RATE_BASES):
            eng_key, base_key = pair_keys(base)
            sums[eng_key], sums[base_key], reported[eng_key] = (int(v or 0) for v in r[rest + 3 + 3 * i:
                                                                                        rest + 6 + 3 * i])
        rows.append(CampaignRollup(campaign_id=r[0], campaign_creator_id=r[1], format=r[2], platform=r[3],
                                   source=r[4], posts=int(r[5]), sums=sums, reported=reported,
                                   engagements=int(r[rest] or 0), engagements_reported=int(r[rest + 1] or 0),
                                   collected_until=r[rest + 2]))
    db.add_all(rows)
    db.flush()
    rebuild_daily(db, campaign_id)
    return len(rows)


def post_counts(db: Session, campaign_id: int) -> tuple[int, int, int]:
    """(posts counted, posts ever linked, flagged snapshots of the counted posts)."""
    row = db.execute(select(func.count(case((CampaignPost.unlinked_at.is_(None), 1))), func.count(),
                            func.coalesce(func.sum(case((CampaignPost.unlinked_at.is_(None),
                                                         CampaignPost.flagged_snapshots), else_=0)), 0))
                     .where(CampaignPost.campaign_id == campaign_id)).one()
    return int(row[0]), int(row[1]), int(row[2])


def metric_versions(db: Session, campaign_id: int) -> list[tuple[int, str, str]]:
    """(creator entry, platform, metric version) of the counted posts' latest snapshots, each once."""
    stmt = (select(CampaignPost.campaign_creator_id, CampaignPost.platform, PostMetricSnapshot.metric_version)
            .join(PostMetricSnapshot, PostMetricSnapshot.id == CampaignPost.latest_snapshot_id)
            .where(CampaignPost.campaign_id == campaign_id, CampaignPost.unlinked_at.is_(None)).distinct())
    return [(int(e), str(p), str(v or "")) for e, p, v in db.execute(stmt)]


def recent_posts(db: Session, campaign_id: int, limit: int, offset: int = 0,
                 entry_id: int | None = None) -> list[tuple]:
    """(post, handle, platform, latest snapshot or None, number of snapshots) of the newest linked posts (of one
    creator entry when given)."""
    stmt = (select(CampaignPost, SocialAccount.handle, SocialAccount.platform, PostMetricSnapshot)
            .join(CampaignCreator, CampaignCreator.id == CampaignPost.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .outerjoin(PostMetricSnapshot, PostMetricSnapshot.id == CampaignPost.latest_snapshot_id)
            .where(CampaignPost.campaign_id == campaign_id)
            .order_by(CampaignPost.id.desc()).limit(limit).offset(offset))
    if entry_id is not None:
        stmt = stmt.where(CampaignPost.campaign_creator_id == entry_id)
    rows: list[tuple[CampaignPost, str, str, PostMetricSnapshot | None]] = [
        (r[0], r[1], r[2], r[3]) for r in db.execute(stmt)]
    ids = [r[0].id for r in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(db.execute(select(PostMetricSnapshot.campaign_post_id, func.count())
                                 .where(PostMetricSnapshot.campaign_post_id.in_(ids))
                                 .group_by(PostMetricSnapshot.campaign_post_id)).all())
    return [(*r, counts.get(r[0].id, 0)) for r in rows]


def recompute_latest(db: Session, campaign_id: int | None = None) -> int:
    """Point every post (of one campaign, or all) at its newest snapshot, recount its flagged ones and rebuild the
    rollups, all from the snapshots themselves; returns how many posts were updated."""
    s = PostMetricSnapshot
    newest = (select(s.id).where(s.campaign_post_id == CampaignPost.id)
              .order_by(s.collected_at.desc(), s.id.desc()).limit(1).scalar_subquery())
    flagged = (select(func.count()).where(s.campaign_post_id == CampaignPost.id,
                                          cast(s.flags, String) != "[]").scalar_subquery())
    stmt = update(CampaignPost).values(latest_snapshot_id=newest, flagged_snapshots=flagged)
    if campaign_id is not None:
        stmt = stmt.where(CampaignPost.campaign_id == campaign_id)
    result = db.execute(stmt.execution_options(synchronize_session=False))
    rebuild_rollups(db, campaign_id)
    return int(getattr(result, "rowcount", 0) or 0)


def handle_of(db: Session, entry_id: int) -> tuple[str, str]:
    """(handle, platform) of a pipeline entry's account."""
    row = db.execute(select(SocialAccount.handle, SocialAccount.platform)
                     .join(CampaignCreator, CampaignCreator.account_id == SocialAccount.id)
                     .where(CampaignCreator.id == entry_id)).one()
    return row[0], row[1]


def daily(db: Session, campaign_id: int) -> list[tuple[date, dict[str, int]]]:
    """The campaign's daily changes of delivery, in day order."""
    rows = db.scalars(select(CampaignDailyDelta).where(CampaignDailyDelta.campaign_id == campaign_id)
                      .order_by(CampaignDailyDelta.day))
    return [(r.day, {k: int(getattr(r, k) or 0) for k in HISTORY_COUNTS}) for r in rows]


def shift_daily(db: Session, campaign_id: int, deltas: dict[date, dict[str, int]], sign: int) -> None:
    """Add (+1) or take away (-1) daily changes to the campaign's delivery over time."""
    if not deltas:
        return
    rows = {r.day: r for r in db.scalars(select(CampaignDailyDelta).where(
        CampaignDailyDelta.campaign_id == campaign_id, CampaignDailyDelta.day.in_(list(deltas))))}
    for day, change in deltas.items():
        row = rows.get(day)
        if row is None:
            row = CampaignDailyDelta(campaign_id=campaign_id, day=day, **dict.fromkeys(HISTORY_COUNTS, 0))
            db.add(row)
        for k in HISTORY_COUNTS:
            setattr(row, k, int(getattr(row, k) or 0) + sign * int(change.get(k, 0)))
    db.flush()


def _daily_changes(campaign_id: int | None):
    """Per campaign and day, the summed change of each counted post's end-of-day latest numbers (window functions:
    the day's last snapshot of each post, minus the post's previous such day)."""
    s, p = PostMetricSnapshot, CampaignPost
    day = func.date(s.collected_at)
    engaged = sum((func.coalesce(getattr(s, k), 0) for k in ENGAGEMENT_PARTS[1:]),
                  func.coalesce(getattr(s, ENGAGEMENT_PARTS[0]), 0))
    values = {k: engaged if k == "engagements" else func.coalesce(getattr(s, k), 0) for k in HISTORY_COUNTS}
    last_of_day = func.row_number().over(partition_by=(s.campaign_post_id, day),
                                         order_by=(s.collected_at.desc(), s.id.desc()))
    stmt = (select(p.campaign_id.label("cid"), s.campaign_post_id.label("pid"), day.label("day"),
                   *(v.label(k) for k, v in values.items()), last_of_day.label("rn"))
            .join(p, p.id == s.campaign_post_id).where(p.unlinked_at.is_(None)))
    if campaign_id is not None:
        stmt = stmt.where(p.campaign_id == campaign_id)
    d = stmt.subquery()
    change = (select(d.c.cid, d.c.day, *((d.c[k] - func.coalesce(func.lag(d.c[k]).over(
        partition_by=d.c.pid, order_by=d.c.day), 0)).label(k) for k in HISTORY_COUNTS)).where(d.c.rn == 1).subquery())
    return (select(change.c.cid, change.c.day, *(func.sum(change.c[k]) for k in HISTORY_COUNTS))
            .group_by(change.c.cid, change.c.day))


def rebuild_daily(db: Session, campaign_id: int | None = None) -> int:
    """Replace the daily changes (of one campaign, or all) with those computed from the snapshots."""
    gone = delete(CampaignDailyDelta)
    if campaign_id is not None:
        gone = gone.where(CampaignDailyDelta.campaign_id == campaign_id)
    db.execute(gone)
    rows = []
    for cid, day, *sums in db.execute(_daily_changes(campaign_id)):
        if any(sums):
            rows.append(CampaignDailyDelta(campaign_id=cid, day=day if isinstance(day, date) else
                                           date.fromisoformat(str(day)[:10]),
                                           **{k: int(v or 0) for k, v in zip(HISTORY_COUNTS, sums, strict=True)}))
    db.add_all(rows)
    db.flush()
    return len(rows)


def rollups_with_accounts(db: Session, campaign_ids: list[int]) -> list[tuple[CampaignRollup, int, int, str, str]]:
    """(rollup, account id, creator id, handle, platform) of the counted posts of several campaigns (one brand's)."""
    if not campaign_ids:
        return []
    stmt = (select(CampaignRollup, CampaignCreator.account_id, SocialAccount.creator_id, SocialAccount.handle,
                   SocialAccount.platform)
            .join(CampaignCreator, CampaignCreator.id == CampaignRollup.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignRollup.campaign_id.in_(campaign_ids), CampaignRollup.posts > 0))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in db.execute(stmt)]


HISTORY_POSTS = 60  # the creator's newest posts before the terms that a forecast reads


def history_before(db: Session, account_id: int, until: datetime) -> list[tuple[Post, PostSnapshot | None]]:
    """The account's newest posts published before `until`, each with its latest snapshot collected by then."""
    posts = list(db.scalars(select(Post).where(Post.account_id == account_id, Post.posted_at < until)
                            .order_by(Post.posted_at.desc(), Post.id.desc()).limit(HISTORY_POSTS)))
    latest: dict[int, PostSnapshot] = {}
    if posts:
        for snap in db.scalars(select(PostSnapshot).where(PostSnapshot.post_id.in_([p.id for p in posts]),
                                                          PostSnapshot.collected_at <= until)
                               .order_by(PostSnapshot.collected_at, PostSnapshot.id)):
            latest[snap.post_id] = snap
    return [(p, latest.get(p.id)) for p in posts]


def accepted_terms(db: Session, campaign_id: int, entry_id: int | None = None) -> list[Agreement]:
    """The accepted agreement of each creator entry of a campaign (of one entry when given)."""
    stmt = (select(Agreement).join(CampaignCreator, CampaignCreator.id == Agreement.campaign_creator_id)
            .where(CampaignCreator.campaign_id == campaign_id, Agreement.status == "accepted"))
    if entry_id is not None:
        stmt = stmt.where(Agreement.campaign_creator_id == entry_id)
    return list(db.scalars(stmt.order_by(Agreement.campaign_creator_id)))


def forecasts(db: Session, campaign_id: int) -> list[DeliverableForecast]:
    """Every stored forecast of a campaign's deliverables."""
    return list(db.scalars(select(DeliverableForecast).where(DeliverableForecast.campaign_id == campaign_id)
                           .order_by(DeliverableForecast.campaign_creator_id, DeliverableForecast.position)))


def forecast_exists(db: Session, entry_id: int, version: int) -> bool:
    found = db.scalar(select(func.count()).where(DeliverableForecast.campaign_creator_id == entry_id,
                                                 DeliverableForecast.agreement_version == version))
    return bool(found)


def tracking(db: Session, campaign_id: int) -> dict[int, CreatorTracking]:
    """The campaign creators' codes and links, by entry."""
    rows = db.scalars(select(CreatorTracking).where(CreatorTracking.campaign_id == campaign_id))
    return {r.campaign_creator_id: r for r in rows}


def tracking_by_code(db: Session, workspace_id: int, code_key: str) -> CreatorTracking | None:
    return db.scalar(select(CreatorTracking).where(CreatorTracking.workspace_id == workspace_id,
                                                   CreatorTracking.code_key == code_key))


def workspace_tracking(db: Session, workspace_id: int) -> list[CreatorTracking]:
    """Every code and link of the workspace (attribution: a code is one creator's across campaigns)."""
    return list(db.scalars(select(CreatorTracking).where(CreatorTracking.workspace_id == workspace_id)))


def post_times(db: Session, entry_ids: list[int]) -> dict[int, list[datetime]]:
    """When each creator's counted posts went up (their touches), by entry."""
    out: dict[int, list[datetime]] = {}
    if entry_ids:
        for entry, at in db.execute(select(CampaignPost.campaign_creator_id, CampaignPost.posted_at).where(
                CampaignPost.campaign_creator_id.in_(entry_ids), CampaignPost.unlinked_at.is_(None),
                CampaignPost.posted_at.is_not(None))):
            if at is not None:
                out.setdefault(entry, []).append(at)
    return out


def orders_by_ids(db: Session, workspace_id: int, external_ids: list[str]) -> dict[str, SalesOrder]:
    out: dict[str, SalesOrder] = {}
    for chunk in range(0, len(external_ids), 500):
        part = external_ids[chunk:chunk + 500]
        out.update({o.external_id: o for o in db.scalars(select(SalesOrder).where(
            SalesOrder.workspace_id == workspace_id, SalesOrder.external_id.in_(part)))})
    return out


def orders_between(db: Session, workspace_id: int, start: datetime, end: datetime) -> list[SalesOrder]:
    """The workspace's orders placed between start and end."""
    return list(db.scalars(select(SalesOrder).where(SalesOrder.workspace_id == workspace_id,
                                                    SalesOrder.ordered_at >= start, SalesOrder.ordered_at <= end)
                           .order_by(SalesOrder.ordered_at, SalesOrder.id)))


def first_orders(db: Session, workspace_id: int, customer_hashes: list[str],
                 not_sales: frozenset[str] = frozenset()) -> dict[str, tuple[datetime, int]]:
    """Each customer's first order in the workspace: (time, order id); orders whose status is in `not_sales`
    (cancelled, voided) are not a first order."""
    out: dict[str, tuple[datetime, int]] = {}
    for chunk in range(0, len(customer_hashes), 500):
        part = customer_hashes[chunk:chunk + 500]
        for h, at, oid, status in db.execute(select(
                SalesOrder.customer_hash, SalesOrder.ordered_at, SalesOrder.id, SalesOrder.financial_status).where(
                SalesOrder.workspace_id == workspace_id, SalesOrder.customer_hash.in_(part))):
            if (status or "").strip().lower() in not_sales:
                continue
            if h is not None and (h not in out or (at, oid) < out[h]):
                out[h] = (at, oid)
    return out


def shop_webhook(db: Session, workspace_id: int) -> ShopWebhook | None:
    return db.scalar(select(ShopWebhook).where(ShopWebhook.workspace_id == workspace_id))


def shop_webhook_by_public_id(db: Session, public_id: str) -> ShopWebhook | None:
    return db.scalar(select(ShopWebhook).where(ShopWebhook.public_id == public_id))


def delivery_seen(db: Session, webhook_id: int, delivery_id: str) -> bool:
    return db.scalar(select(func.count()).where(ShopWebhookDelivery.webhook_id == webhook_id,
                                                ShopWebhookDelivery.delivery_id == delivery_id)) != 0


def live_campaigns(db: Session) -> list[tuple[int, int]]:
    """(campaign id, workspace id) of every live campaign, all workspaces: for the nightly finder only."""
    return [(r[0], r[1]) for r in db.execute(select(Campaign.id, Campaign.workspace_id)
                                              .where(Campaign.status == "live").order_by(Campaign.id))]
