"""What a campaign delivered (METRICS.md §3-4): totals over posts from each post's latest snapshot, engagement
rate by the right denominator, costs per result, and the checks that flag numbers contradicting each other.
Pure functions over plain values: no database, no settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

COUNTS = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "link_clicks", "watch_time_s")
ENGAGEMENT_PARTS = ("likes", "comments", "shares", "saves")
# The denominators of an engagement rate. Each rate reads only the posts that report both engagements and its
# denominator (a TikTok or YouTube post reports views, not reach: its engagements must not be divided by the reach
# of other posts).
RATE_BASES = ("reach", "impressions", "views")


def pair_keys(base: str) -> tuple[str, str]:
    """The rollup keys of one rate's pair: engagements and the denominator, over the posts reporting both."""
    return f"er_{base}_engagements", f"er_{base}_{base}"


@dataclass(frozen=True)
class Counts:
    """A post's counts at one time (None = not reported by the source)."""

    views: int | None = None
    reach: int | None = None
    impressions: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    link_clicks: int | None = None
    watch_time_s: int | None = None

    @property
    def engagements(self) -> int | None:
        """Likes + comments + shares + saves where reported; None when none is."""
        parts = [getattr(self, k) for k in ENGAGEMENT_PARTS if getattr(self, k) is not None]
        return sum(parts) if parts else None


@dataclass(frozen=True)
class Totals:
    """Sums over posts, each count with how many posts reported it (a total over fewer posts says so)."""

    posts: int
    sums: dict[str, int]
    reported_by: dict[str, int]
    engagements: int
    engagements_reported_by: int
    # base → (engagements, the base's count, posts) over the posts that report both engagements and that base
    paired: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def get(self, name: str) -> int | None:
        """The sum of one count, None when no post reported it."""
        return self.sums[name] if self.reported_by.get(name) else None


def totals(posts: Iterable[Counts]) -> Totals:
    """Sum each count over the posts that reported it. Reach summed this way is "sum of post reach": people who
    saw several posts are counted once per post (what the source article's campaign figures are)."""
    sums = dict.fromkeys(COUNTS, 0)
    reported = dict.fromkeys(COUNTS, 0)
    n = eng = eng_n = 0
    paired = {b: (0, 0, 0) for b in RATE_BASES}
    for c in posts:
        n += 1
        for name in COUNTS:
            value = getattr(c, name)
            if value is not None:
                sums[name] += value
                reported[name] += 1
        e = c.engagements
        if e is not None:
            eng += e
            eng_n += 1
            for b in RATE_BASES:
                d = getattr(c, b)
                if d is not None:
                    pe, pd, pn = paired[b]
                    paired[b] = (pe + e, pd + d, pn + 1)
    return Totals(n, sums, reported, eng, eng_n, paired)


def ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    """numerator / denominator × scale; None when either is unknown or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator * scale


@dataclass(frozen=True)
class CostPerResult:
    """Costs per result; `cpm_basis` says whether CPM is per 1,000 impressions or falls back to views."""

    cost_per_post: float | None
    cpm: float | None
    cpm_basis: str | None  # impressions | views
    cpv: float | None
    cpe: float | None
    cpc: float | None


def cost_per_result(cost: float, t: Totals) -> CostPerResult:
    """CPM = cost / impressions × 1000 (views when no impressions), CPV = cost / views, CPE = cost /
    engagements, CPC = cost / link clicks, cost per post = cost / posts (METRICS.md §4)."""
    impressions, views = t.get("impressions"), t.get("views")
    basis = "impressions" if impressions else "views" if views else None
    return CostPerResult(
        cost_per_post=ratio(cost, t.posts), cpm=ratio(cost, impressions or views, 1000), cpm_basis=basis,
        cpv=ratio(cost, views), cpe=ratio(cost, t.engagements if t.engagements_reported_by else None),
        cpc=ratio(cost, t.get("link_clicks")))


def cost_by_group(costs: dict[int, float], posts: dict[int, dict[str, int]]) -> dict[str, float]:
    """A cost per group (a format) when costs are per creator: each creator's cost shared equally by their counted
    posts, a group's cost the sum of its posts' shares. `costs` is creator → cost, `posts` creator → group → counted
    posts. A creator without counted posts adds nothing to any group (their cost stays in the campaign's)."""
    out: dict[str, float] = {}
    for creator, groups in posts.items():
        n = sum(groups.values())
        cost = costs.get(creator)
        if not n or cost is None:
            continue
        for group, k in groups.items():
            out[group] = out.get(group, 0.0) + cost * k / n
    return out


@dataclass(frozen=True)
class Rates:
    """Engagement rate of the delivered posts by each denominator (a fraction), where it can be computed."""

    by_reach: float | None
    by_impressions: float | None
    by_views: float | None
    by_followers: float | None

    @property
    def headline(self) -> tuple[float | None, str | None]:
        """The rate a row shows and a verdict compares: by reach where posts report it, else by views (TikTok,
        YouTube); with its denominator's name."""
        if self.by_reach is not None:
            return self.by_reach, "reach"
        if self.by_views is not None:
            return self.by_views, "views"
        return None, None


def paired_rate(t: Totals, base: str) -> float | None:
    """Engagements ÷ `base` over only the posts that report both; None when no post does (or the base is 0)."""
    eng, den, posts = t.paired.get(base, (0, 0, 0))
    return ratio(eng, den) if posts else None


def engagement_rates(t: Totals, followers: int | None = None) -> Rates:
    """Engagements over reach, impressions and views, each over only the posts that report both numbers, and over
    followers × posts (METRICS.md §2)."""
    eng = t.engagements if t.engagements_reported_by else None
    return Rates(by_reach=paired_rate(t, "reach"), by_impressions=paired_rate(t, "impressions"),
                 by_views=paired_rate(t, "views"),
                 by_followers=ratio(eng, followers * t.posts if followers else None))


def check_snapshot(new: Counts, earlier: Sequence[Counts] = ()) -> list[str]:
    """Flags for numbers that contradict each other or the post's earlier snapshots (never fixed silently):
    reach above impressions (a platform counts every view of a person in impressions), link clicks above reach,
    and any cumulative count lower than an earlier snapshot's."""
    flags = []
    if new.reach is not None and new.impressions is not None and new.reach > new.impressions:
        flags.append("reach_above_impressions")
    if new.link_clicks is not None and new.reach is not None and new.link_clicks > new.reach:
        flags.append("clicks_above_reach")
    for name in COUNTS:
        value = getattr(new, name)
        before = [getattr(c, name) for c in earlier if getattr(c, name) is not None]
        if value is not None and before and value < max(before):
            flags.append(f"{name}_dropped")
    return flags


EMV_ACTIONS = ("views_per_1000", "impressions_per_1000", "like", "comment", "share", "save")
_EMV_COUNT = {"like": "likes", "comment": "comments", "share": "shares", "save": "saves"}


def emv_range(by_platform: dict[str, Totals], values: dict[str, dict[str, list[float]]]) -> tuple[float, float]:
    """Earned media value as (low, high): Σ over platforms and actions of count × unit value, each unit value a
    [low, high] pair from a published, versioned table (METRICS.md §4). Views and impressions are per 1,000."""
    low = high = 0.0
    for platform, t in by_platform.items():
        table = values.get(platform, {})
        for action in EMV_ACTIONS:
            pair = table.get(action)
            if not pair:
                continue
            if action.endswith("_per_1000"):
                count = (t.get(action.removesuffix("_per_1000")) or 0) / 1000
            else:
                count = t.get(_EMV_COUNT[action]) or 0
            low += count * pair[0]
            high += count * pair[1]
    return low, high


DailyChanges = dict[date, dict[str, int]]  # day → count name → change that day
HISTORY_COUNTS = ("views", "reach", "impressions", "engagements", "link_clicks")  # what delivery over time shows


def history_values(c: Counts) -> dict[str, int]:
    """One snapshot's numbers as delivery over time adds them up (a count not reported adds nothing)."""
    return {k: int((c.engagements if k == "engagements" else getattr(c, k)) or 0) for k in HISTORY_COUNTS}


def history_deltas(points: Iterable[tuple[datetime, int, Counts]]) -> DailyChanges:
    """How one post's latest numbers changed per day: for every day whose end-of-day latest snapshot (a later
    collection time wins, a tie the later row) differs from the day before's, the difference. Their running sum
    is the post's latest numbers at the end of each day; over all posts, the campaign's delivery over time."""
    end_of_day: dict[date, dict[str, int]] = {}
    for at, _, counts in sorted(points, key=lambda p: (p[0], p[1])):
        end_of_day[at.date()] = history_values(counts)
    out: dict[date, dict[str, int]] = {}
    before = dict.fromkeys(HISTORY_COUNTS, 0)
    for day in sorted(end_of_day):
        now = end_of_day[day]
        change = {k: now[k] - before[k] for k in HISTORY_COUNTS}
        if any(change.values()):
            out[day] = change
        before = now
    return out


def subtract_deltas(after: DailyChanges, before: DailyChanges) -> DailyChanges:
    """after − before, day by day, leaving out days with no change."""
    out: dict[date, dict[str, int]] = {}
    for day in set(after) | set(before):
        a, b = after.get(day, {}), before.get(day, {})
        change = {k: a.get(k, 0) - b.get(k, 0) for k in HISTORY_COUNTS}
        if any(change.values()):
            out[day] = change
    return out


def running_totals(deltas: Iterable[tuple[date, dict[str, int]]]) -> list[tuple[date, dict[str, int]]]:
    """The running sum of daily changes, in day order: the totals at the end of each day that changed."""
    total = dict.fromkeys(HISTORY_COUNTS, 0)
    out = []
    for day, change in sorted(deltas, key=lambda d: d[0]):
        total = {k: total[k] + int(change.get(k, 0)) for k in HISTORY_COUNTS}
        out.append((day, dict(total)))
    return out
