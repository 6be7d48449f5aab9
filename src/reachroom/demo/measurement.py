"""Demo delivery numbers: the three campaigns of the source article report exactly their published totals —
views / reach (sum of post reach) / impressions of 895K / 1.4M / 1.7M, 684K / 928K / 1.1M and 49K / 65K / 74K —
built from per-post snapshots of their paid creators (each creator's live post plus a reel, split by followers);
the live brand campaign gets plausible snapshots, so every table of its report has data."""

import math
import random
from datetime import datetime, time, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.demo.campaigns import demo_post_url
from reachroom.measurement import sales
from reachroom.measurement import service as measurement
from reachroom.measurement.schemas import METRIC_VERSIONS, PostLinkIn, PostOut, SnapshotIn
from reachroom.models import utcnow

# campaign → (views, reach as the sum of post reach, impressions), as the article reports them
ARTICLE_TOTALS = {
    "A Cosy Autumn Night In": (895_000, 1_400_000, 1_700_000),
    "Valentine's Day Ready": (684_000, 928_000, 1_100_000),
    "Show Us Your Party Look!": (49_000, 65_000, 74_000),
}
SALES_CAMPAIGN = "Show Us Your Party Look!"  # the article campaign with the most orders (every measured one has some)
FIRST_LOOK = 0.8  # the numbers two days after posting, as a share of the final ones a week later


def split(total: int, weights: list[float]) -> list[int]:
    """`total` shared by `weights` in whole numbers that add up exactly (largest remainders get the rest)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def add_demo_measurement(engine: Engine, workspace_id: int, user_id: int) -> int:
    """Posts and snapshots for the demo's campaigns with live posts; returns how many snapshots were added."""
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    added = 0
    with unit_of_work(engine) as db:
        for c in campaigns.list_campaigns(db, ctx):
            counted = measurement.posts(db, ctx, c.id)
            live = [p for p in counted if p.linked_by == "live"]
            if not live or any(p.snapshots for p in counted):  # nothing live yet, or done by an earlier run
                continue
            if c.name in ARTICLE_TOTALS and c.starts_on:
                added += _article(db, ctx, c.id, c.starts_on, live, ARTICLE_TOTALS[c.name])
            else:
                added += _plausible(db, ctx, c, live)
            _orders(db, ctx, c.id, c.starts_on or (utcnow() - timedelta(days=20)).date(), c.currency,
                    160 if c.name == SALES_CAMPAIGN else 60)
    return added


def _snapshots(db: Session, ctx: WorkspaceContext, campaign_id: int, post: PostOut, posted: datetime,
               final: dict[str, int]) -> int:
    """Two snapshots of a post: two days in (FIRST_LOOK of the final numbers) and a week in (the final ones)."""
    early = {k: round(v * FIRST_LOOK) for k, v in final.items()}
    for days, counts in ((2, early), (7, final)):
        measurement.add_snapshot(db, ctx, campaign_id, post.id, SnapshotIn(
            collected_at=posted + timedelta(days=days), source="platform_api",
            metric_version=_version(post.platform, counts), **counts))
    return 2


def _version(platform: str, counts: dict[str, int]) -> str:
    """The metric version the platform's connector names for these counts (an Instagram post that still reports
    impressions is counted the pre-2025 way)."""
    if platform == "instagram":
        return "instagram-impressions" if "impressions" in counts else "instagram-views-2025"
    return METRIC_VERSIONS.get(platform, ("",))[0]


STORIES = 3  # the live campaign's first Instagram creators also post a story, measured within its 24 hours


def _stories(db: Session, ctx: WorkspaceContext, campaign_id: int, creators: list) -> int:
    """A story of a few Instagram creators, a few days old, with numbers read 3 and 20 hours after it went up."""
    added = 0
    for n, e in enumerate([e for e in creators if e.platform == "instagram"][:STORIES]):
        posted = utcnow().replace(microsecond=0) - timedelta(days=3 + n, hours=1)
        story = measurement.link_post(db, ctx, campaign_id, PostLinkIn(
            entry_id=e.id, url=f"https://www.instagram.com/stories/{e.handle}/{3_100_000_000 + e.id}/",
            posted_at=posted))
        reach = round((e.followers or 5000) * 0.05)
        for hours, share in ((3, 0.6), (20, 1.0)):
            counts = {"reach": round(reach * share), "impressions": round(reach * share * 1.2),
                      "link_clicks": round(reach * share * 0.01)}
            measurement.add_snapshot(db, ctx, campaign_id, story.id, SnapshotIn(
                collected_at=posted + timedelta(hours=hours), source="platform_api",
                metric_version=_version("instagram", counts), **counts))
            added += 1
    return added


def _article(db: Session, ctx: WorkspaceContext, campaign_id: int, starts, live: list[PostOut],
             totals: tuple[int, int, int]) -> int:
    """Each paid creator's live post (a photo on Instagram, a video elsewhere) and a reel or video, the article's
    totals split by the creators' followers (views over the videos only)."""
    views, reach, impressions = totals
    entries = {e.id: e for e in campaigns.pipeline(db, ctx, campaign_id)}
    creators = [entries[p.entry_id] for p in live]
    weights = [float(e.followers or 1000) for e in creators]
    reels = []
    for n, e in enumerate(creators):
        posted = datetime.combine(starts, time(18)) + timedelta(days=1 + n % 5)
        reels.append((measurement.link_post(db, ctx, campaign_id, PostLinkIn(
            entry_id=e.id, url=demo_post_url(e, "REEL"), format="video" if e.platform != "instagram" else "reel",
            posted_at=posted)), posted))
    posts = [(p, reels[i][1] - timedelta(hours=20)) for i, p in enumerate(live)] + reels
    per_post = [w / 2 for w in weights] * 2  # the live posts, then the reels
    reach_of, impressions_of = split(reach, per_post), split(impressions, per_post)
    # views are plays: every video counts them (a TikTok creator's live post too), a photo does not
    played = [i for i, (p, _) in enumerate(posts) if p.format != "post"]
    views_of = dict(zip(played, split(views, [per_post[i] for i in played]), strict=True))
    added = 0
    for i, (post, posted) in enumerate(posts):
        counts = _engaged(reach_of[i], impressions_of[i], entries[post.entry_id], post.id)
        if i in views_of:
            counts["views"] = views_of[i]
        added += _snapshots(db, ctx, campaign_id, post, posted, counts)
    return added


# How engaged a creator's audience is, per person reached: a typical level per platform (the published micro
# benchmarks of docs/metrics.md are per follower — Instagram ≈ 3.9%, TikTok far higher, YouTube ≈ 1.6% — and a
# post reaches a fraction of the followers, so per person reached it is higher), each creator's own level drawn
# from a lognormal around it (log-sd ENGAGEMENT_SPREAD, seeded by the account: the same creator is as engaging in
# every campaign) and each post's own noise (log-sd POST_NOISE).
TYPICAL_ENGAGEMENT = {"instagram": 0.045, "tiktok": 0.07, "youtube": 0.03}
ENGAGEMENT_SPREAD, POST_NOISE = 0.45, 0.15
# how the engagements split into likes / comments / shares / saves on each platform
ENGAGEMENT_MIX = {"instagram": (0.82, 0.07, 0.03, 0.08), "tiktok": (0.80, 0.06, 0.08, 0.06),
                  "youtube": (0.85, 0.08, 0.05, 0.02)}


def creator_engagement(account_id: int, platform: str) -> float:
    """The demo creator's own engagement per person reached (deterministic: seeded by the account)."""
    draw = random.Random(f"engagement-{account_id}").gauss(0.0, ENGAGEMENT_SPREAD)
    return TYPICAL_ENGAGEMENT.get(platform, 0.045) * math.exp(draw)


def _engaged(reach: int, impressions: int, entry, post_id: int) -> dict[str, int]:
    """Likes, comments, shares and saves on one post of this reach: the creator's engagement per person reached
    with the post's own noise, split as the platform's audiences do (Instagram saves more, TikTok shares more)."""
    rate = creator_engagement(entry.account_id, entry.platform)
    rate *= math.exp(random.Random(f"post-{post_id}").gauss(0.0, POST_NOISE))
    likes, comments, shares, saves = ENGAGEMENT_MIX.get(entry.platform, ENGAGEMENT_MIX["instagram"])
    engaged = reach * rate
    return {"reach": reach, "impressions": impressions, "likes": round(engaged * likes),
            "comments": round(engaged * comments), "shares": round(engaged * shares),
            "saves": round(engaged * saves)}


def _plausible(db: Session, ctx: WorkspaceContext, campaign, live: list[PostOut]) -> int:
    """A campaign's posts with plausible numbers: reach ≈ 9–14% of followers, impressions 1.3 × reach. A finished
    campaign's posts went up in its first days; a running one's are a few days old, with a few stories."""
    entries = {e.id: e for e in campaigns.pipeline(db, ctx, campaign.id)}
    finished = campaign.status in ("completed", "archived") and campaign.starts_on
    added = 0
    for n, post in enumerate(live):
        entry = entries[post.entry_id]
        reach = round((entry.followers or 5000) * (0.09 + 0.01 * (n % 6)))
        posted = (datetime.combine(campaign.starts_on, time(18)) + timedelta(days=1 + n % 5) if finished
                  else utcnow() - timedelta(days=8 + n))
        added += _snapshots(db, ctx, campaign.id, post, posted,
                            {"views": round(reach * 1.6), **_engaged(reach, round(reach * 1.3), entry, post.id)})
    if finished:
        return added
    return added + _stories(db, ctx, campaign.id, [entries[p.entry_id] for p in live])


ORDER_HEADER = ("Name,Email,Financial Status,Currency,Subtotal,Total,Discount Code,Created at,Refunded Amount,"
                "Landing Site\n")


def _orders(db: Session, ctx: WorkspaceContext, campaign_id: int, starts, currency: str, count: int) -> None:
    """Codes and links for the campaign's creators and a month of the shop's orders: most with no code (the floor
    leaves them out), some with a creator's code, a few through a tracked link, one refunded, some repeat buyers."""
    rng = random.Random(campaign_id)
    tracked = [t for t in sales.make_tracking(db, ctx, campaign_id) if t.code]
    latest = utcnow() - timedelta(hours=1)
    lines = []
    for n in range(count):
        at = min(datetime.combine(starts, time(9)) + timedelta(days=rng.uniform(0, 30), hours=rng.uniform(0, 12)),
                 latest - timedelta(minutes=n))
        buyer = f"buyer{rng.randrange(120)}@example.com"
        total = f"{rng.choice([12, 18, 24, 36, 45, 60]) + rng.choice([0, 0.5, 0.99]):.2f}"
        code = landing = ""
        pick = rng.random()
        if pick < 0.3:
            code = rng.choice(tracked).code or ""
        elif pick < 0.4:
            t = rng.choice(tracked)
            landing = t.link or ""
        refunded = total if n == 17 else "0.00"
        lines.append(f"#{campaign_id}-{5000 + n},{buyer},paid,{currency},{total},{total},{code},"
                     f"{at:%Y-%m-%d %H:%M:%S} +0000,{refunded},{landing}\n")
    sales.import_orders(db, ctx, (ORDER_HEADER + "".join(lines)).encode())
