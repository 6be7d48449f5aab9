"""Creator-level authenticity signals (METRICS.md §5): pure functions over an account's data, no I/O.

Each function returns a :class:`Signal`: its value, a peer comparison, evidence (facts, post ids, dates), a
confidence 0–1 that reflects how much data it rests on, a ``risk`` 0–1 (how strongly it points at fraud) and a
plain-language sentence. ``score.py`` turns risk × confidence × weight into the signal's effect on the score.
Method and thresholds: docs/authenticity.md. The comment signals, which build on these types, are in
``comment_signals.py``; the comment-floor test (comments that don't grow with the post) in ``floor.py``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from reachroom.core.batch import unchanged
from reachroom.core.dates import human_date

# ---- inputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostPoint:
    """A post with its latest metrics (None where the platform did not report them)."""

    id: int
    posted_at: datetime
    likes: int | None
    comments: int | None
    views: int | None = None
    shares: int | None = None
    saves: int | None = None

    @property
    def engagements(self) -> int | None:
        if self.likes is None:
            return None
        # the sum of the reported counts, added in this order (what sum() over them gives, without a generator)
        total = 0 + self.likes
        for v in (self.comments, self.shares, self.saves):
            if v is not None:
                total += v
        return total


def post_points_by_account(rows: Sequence[Sequence[Any]], posted_at: Callable[[Any], datetime] = unchanged
                           ) -> dict[int, list[PostPoint]]:
    """{account: its PostPoints} from (account, id, posted_at, likes, comments, views, shares, saves) rows, in row
    order, posted_at through ``posted_at``: equal to ``PostPoint(*row[1:])`` in every way (fields, instance dict,
    hash, frozen), built by filling the instance dict directly; the frozen __init__ sets each field through
    object.__setattr__, 2.4× the cost for the job's 1.7 M posts at 20k."""
    out: dict[int, list[PostPoint]] = {}
    new = object.__new__
    for r in rows:
        p = new(PostPoint)
        d = p.__dict__
        d["id"], d["posted_at"], d["likes"], d["comments"] = r[1], posted_at(r[2]), r[3], r[4]
        d["views"], d["shares"], d["saves"] = r[5], r[6], r[7]
        points = out.get(r[0])
        if points is None:
            out[r[0]] = [p]
        else:
            points.append(p)
    return out


@dataclass(frozen=True)
class CommentPoint:
    """One sampled comment."""

    post_id: int
    commenter: str
    text: str


@dataclass(frozen=True)
class Norm:
    """Robust centre and spread of a log-scale metric among peers."""

    median: float
    sd: float
    n: int
    source: str  # "catalogue" (peers in the shared catalogue) or "published" (fallback constants)


@dataclass(frozen=True)
class PeerNorms:
    """Peer norms of the structure metrics for one platform × tier group."""

    group: str
    likes_per_comment: Norm
    views_per_follower: Norm | None
    likes_per_view: Norm | None


# Fallback norms when the catalogue has fewer than MIN_PEERS peers: industry rules of thumb (comments are
# ~1-5% of likes on Instagram and YouTube, ~1% on TikTok; a video reaches 0.2-1x the follower count). Log scale.
MIN_PEERS = 30
PUBLISHED_NORMS: dict[str, tuple[tuple[float, float], tuple[float, float] | None, tuple[float, float] | None]] = {
    "instagram": ((math.log(30.0), 0.45), (math.log(0.5), 0.7), (math.log(0.05), 0.6)),
    "tiktok": ((math.log(70.0), 0.45), (math.log(0.8), 0.9), (math.log(0.08), 0.6)),
    "youtube": ((math.log(25.0), 0.45), (math.log(0.2), 0.8), (math.log(0.03), 0.6)),
}


def published_norms(platform: str, tier: str) -> PeerNorms:
    """The fallback norms of a platform (used when the catalogue holds too few peers)."""
    lpc, vpf, lpv = PUBLISHED_NORMS.get(platform, PUBLISHED_NORMS["instagram"])
    return PeerNorms(
        group=f"{platform}|{tier}",
        likes_per_comment=Norm(lpc[0], lpc[1], 0, "published"),
        views_per_follower=Norm(vpf[0], vpf[1], 0, "published") if vpf else None,
        likes_per_view=Norm(lpv[0], lpv[1], 0, "published") if lpv else None,
    )


# Published ER benchmarks (METRICS.md §2), used for context in the peer sentence.
INSTAGRAM_ER_BANDS = ((1_000, 0.1058), (5_000, 0.0426), (20_000, 0.0228), (100_000, 0.0162), (1_000_000, 0.0155),
                      (math.inf, 0.0154))
VIDEO_ER = {"tiktok": (0.18, 0.05), "youtube": (0.0164, 0.0037)}  # (micro, mega), ER by views, IMH 2021


def published_er(platform: str, followers: int) -> tuple[float, str]:
    """Published average ER for an account's size, with its source."""
    if platform in VIDEO_ER:
        micro, mega = VIDEO_ER[platform]
        return (micro if followers < 1_000_000 else mega), "Influencer Marketing Hub 2021, ER by views"
    for limit, er in INSTAGRAM_ER_BANDS:
        if followers < limit:
            return er, "HypeAuditor 2018, ER by followers"
    return INSTAGRAM_ER_BANDS[-1][1], "HypeAuditor 2018, ER by followers"


# ---- output -------------------------------------------------------------------------------------------------


_NEW_DICT: Any = object()  # details left out: a new empty dict, as field(default_factory=dict) gives


@dataclass(frozen=True, init=False)
class Signal:
    """One authenticity signal with value, peer comparison, evidence and confidence (never a bare number)."""

    key: str
    label: str
    available: bool
    value: float | None
    display: str
    peer: str
    evidence: list[dict[str, Any]]
    confidence: float
    risk: float  # 0 = nothing suspicious, 1 = as strong as this signal gets
    sentence: str
    direction: str | None = None  # "low" / "high" when the value is off in one direction
    effect: float = 0.0  # points taken off the score (<= 0), filled in by score.py
    details: dict[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, label: str, available: bool, value: float | None, display: str, peer: str,
                 evidence: list[dict[str, Any]], confidence: float, risk: float, sentence: str,
                 direction: str | None = None, effect: float = 0.0, details: dict[str, Any] = _NEW_DICT) -> None:
        # The generated __init__ of a frozen dataclass sets each field through object.__setattr__ (~3 µs for these
        # 13; the job builds 11 signals per account): the same instance dict, fields in order, filled directly.
        d = self.__dict__
        d["key"], d["label"], d["available"], d["value"], d["display"] = key, label, available, value, display
        d["peer"], d["evidence"], d["confidence"], d["risk"], d["sentence"] = peer, evidence, confidence, risk, sentence
        d["direction"], d["effect"], d["details"] = direction, effect, {} if details is _NEW_DICT else details

    @property
    def flagged(self) -> bool:
        """True when this signal on its own points at a problem."""
        return self.available and self.risk >= 0.5 and self.confidence >= 0.3

    def to_dict(self) -> dict[str, Any]:
        # shallow (asdict's deep copy is slow in the job); __init__ and with_effect set the fields in field order
        d = dict(self.__dict__)
        d["flagged"] = self.flagged
        d["confidence"] = round(self.confidence, 3)
        d["risk"] = round(self.risk, 3)
        d["effect"] = round(self.effect, 2)
        return d


def with_effect(signal: Signal, effect: float) -> Signal:
    """``dataclasses.replace(signal, effect=effect)`` without its per-call field walk (the job makes ten per
    account): the same attributes, shared the same way."""
    new = object.__new__(Signal)
    new.__dict__.update(signal.__dict__)
    new.__dict__["effect"] = effect
    return new


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def post_evidence(post: PostPoint, note: str = "") -> dict[str, Any]:
    """An evidence entry naming one post, its date and its likes and comments (a link on the page)."""
    return {"post_id": post.id, "at": post.posted_at.isoformat(),
            "text": f"{post.likes:,} likes, {post.comments:,} comments{note}"}


def _unavailable(key: str, label: str, why: str) -> Signal:
    return Signal(key, label, False, None, "—", "", [], 0.0, 0.0, why)


def _pct(x: float, digits: int = 1) -> str:
    return f"{x * 100:.{digits}f}%"


def _date(t: datetime) -> str:
    return human_date(t)


PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}


def _group_words(group: str) -> str:
    """'tiktok|micro' → 'TikTok micro accounts' (a peer group in words)."""
    platform, _, tier = group.partition("|")
    return f"{PLATFORM_NAMES.get(platform, platform)} {tier} accounts".replace("  ", " ")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---- engagement rate vs tier peers --------------------------------------------------------------------------


def engagement_signal(platform: str, followers: int, engagement_rate: float | None, denominator: str | None,
                      percentile: float | None, peers: int | None, posts_used: int, band: str | None) -> Signal:
    """ER against peers of the same platform and follower band, in both directions (too low and too high)."""
    key, label = "engagement_vs_peers", "Engagement vs peers"
    if engagement_rate is None or posts_used == 0:
        return _unavailable(key, label, "No posts with likes and comments yet, so engagement can't be compared.")
    bench, bench_src = published_er(platform, followers)
    ratio = engagement_rate / bench if bench else math.nan
    name = PLATFORM_NAMES.get(platform, platform)
    group = f"{name} accounts with {band} followers" if band else f"{name} accounts of this size"
    evidence: list[dict[str, Any]] = [
        {"text": f"ER {_pct(engagement_rate, 2)} by {denominator}, median of the last {posts_used} posts"},
        {"text": f"Published average for this size: {_pct(bench, 2)} ({bench_src})"},
    ]
    post_conf = _clip(posts_used / 8)
    if percentile is not None and peers:
        peer_conf = _clip(peers / MIN_PEERS)
        p = percentile
        risk_low = _clip((8.0 - p) / 6.0)
        risk_high = 0.6 * _clip((p - 97.0) / 2.5)
        peer_text = f"{_ordinal(max(1, round(p)))} percentile among {peers:,} {group}"
        evidence.append({"text": f"Higher than {p:.0f}% of {peers:,} peers ({group})"})
    else:  # no peer group yet: compare with the published average only, with less confidence
        peer_conf = 0.4
        lr = math.log(ratio) if ratio > 0 else -5.0
        risk_low = _clip((-lr - math.log(3)) / math.log(3))
        risk_high = 0.6 * _clip((lr - math.log(4)) / math.log(2))
        peer_text = f"{ratio:.1f}× the published average (no peer group yet)"
    conf = post_conf * peer_conf
    if risk_low >= risk_high:
        risk, direction = risk_low, "low"
    else:
        risk, direction = risk_high, "high"
    if risk < 0.05:
        sentence = f"Engagement ({_pct(engagement_rate, 2)}) is in the normal range for {group}."
    elif direction == "low":
        sentence = (f"Engagement ({_pct(engagement_rate, 2)}) is unusually low for {group}: many followers do not "
                    "interact, which is typical of inactive, bought or fake followers.")
    else:
        sentence = (f"Engagement ({_pct(engagement_rate, 2)}) is unusually high for {group}: check for bought "
                    "likes or engagement groups (it can also be a genuinely loyal or viral audience).")
    return Signal(key, label, True, engagement_rate, _pct(engagement_rate, 2), peer_text, evidence, conf, risk,
                  sentence, direction if risk >= 0.05 else None,
                  details={"percentile": percentile, "peers": peers, "benchmark": bench, "benchmark_source": bench_src,
                           "denominator": denominator, "posts_used": posts_used})


# ---- likes-to-comments and views-to-likes structure ---------------------------------------------------------


_POSTED_AT = attrgetter("posted_at")


def recent_posts(posts: Sequence[PostPoint], n: int = 24) -> list[PostPoint]:
    """The n newest posts, newest first (ties in their given order)."""
    return sorted(posts, key=_POSTED_AT, reverse=True)[:n]


def _norm_dict(norm: Norm) -> dict[str, Any]:
    """``asdict(norm)`` without its deep copy (every field is a number or a string)."""
    return {"median": norm.median, "sd": norm.sd, "n": norm.n, "source": norm.source}


def likes_comments_signal(posts: Sequence[PostPoint], platform: str, norms: PeerNorms) -> Signal:
    """Likes per comment over recent posts vs peers: too few likes per comment (comment rings, pods) or too many
    (bought likes without a conversation)."""
    key, label = "likes_comments", "Likes per comment"
    recent = [p for p in recent_posts(posts) if p.likes is not None and p.comments is not None]
    likes = sum(p.likes or 0 for p in recent)
    comments = sum(p.comments or 0 for p in recent)
    if not recent or comments == 0 or likes == 0:
        return _unavailable(key, label, "Not enough likes and comments on recent posts to compare their ratio.")
    ratio = likes / comments
    norm = norms.likes_per_comment
    z = (math.log(ratio) - norm.median) / max(norm.sd, 0.05)
    typical = math.exp(norm.median)
    risk_low = _clip((-z - 1.5) / 1.5)
    risk_high = 0.7 * _clip((z - 2.0) / 1.5)
    risk, direction = (risk_low, "low") if risk_low >= risk_high else (risk_high, "high")
    # Few comments make the ratio noisy; a catalogue norm is better than a published rule of thumb.
    conf = _clip(comments / 40) * _clip(len(recent) / 6) * (1.0 if norm.source == "catalogue" else 0.7)
    peer = f"typical for {_group_words(norms.group)}: {typical:.0f} likes per comment (z = {z:+.1f})"
    evidence = [{"text": f"{likes:,} likes and {comments:,} comments on the {len(recent)} most recent posts"},
                {"text": "Peer norm from " + (f"{norm.n} peers" if norm.source == "catalogue" else "published ratios")}]
    comment_heavy = sorted(recent, key=lambda p: (p.likes or 0) / max(p.comments or 0, 1))[:3]
    if direction == "low" and risk > 0:
        evidence.extend(post_evidence(p) for p in comment_heavy)
    if risk < 0.05:
        sentence = f"{ratio:.0f} likes per comment, in line with similar accounts."
    elif direction == "low":
        sentence = (f"Only {ratio:.1f} likes per comment, far fewer than similar accounts ({typical:.0f}): "
                    "comments may come from an engagement pod or comment bots.")
    else:
        sentence = (f"{ratio:.0f} likes per comment, many more than similar accounts ({typical:.0f}): "
                    "likes without conversation can mean bought likes.")
    return Signal(key, label, True, ratio, f"{ratio:.1f}", peer, evidence, conf, risk, sentence,
                  direction if risk >= 0.05 else None, details={"z": z, "norm": _norm_dict(norm)})


CONSISTENT_MIN_POSTS = 6     # posts with likes and comments needed to judge post-by-post structure
CONSISTENT_MIN_COMMENTS = 3  # median comments per post below which one comment more or less swamps the ratio


def comment_consistency_signal(posts: Sequence[PostPoint], platform: str, norms: PeerNorms) -> Signal:
    """Likes per comment post by post: a pod makes nearly every post comment-heavy, a giveaway only a few.

    The pooled ratio (``likes_comments``) can be dragged down by one "comment to win" post; the median post's
    ratio and the share of posts more comment-heavy than the typical peer cannot, so this signal adds the
    consistency the pooled one lacks.
    """
    key, label = "comment_consistency", "Comments on every post"
    recent = [p for p in recent_posts(posts) if p.likes and p.comments is not None]
    if len(recent) < CONSISTENT_MIN_POSTS:
        return _unavailable(key, label, f"Fewer than {CONSISTENT_MIN_POSTS} recent posts with likes and comments, "
                                        "so comments can't be compared post by post.")
    median_comments = statistics.median(p.comments or 0 for p in recent)
    if median_comments < CONSISTENT_MIN_COMMENTS:
        return _unavailable(key, label, "Too few comments per post to compare likes per comment post by post.")
    norm = norms.likes_per_comment
    sd = max(norm.sd, 0.05)
    zs = [(math.log((p.likes + 0.5) / ((p.comments or 0) + 0.5)) - norm.median) / sd for p in recent]
    z_median = statistics.median(zs)
    heavy = sum(z < 0 for z in zs) / len(zs)  # posts more comment-heavy than the typical peer
    risk = _clip((-z_median - 1.5) / 1.0) * _clip((heavy - 0.6) / 0.3)
    conf = (_clip(len(recent) / 12) * _clip(sum(p.comments or 0 for p in recent) / 60)
            * (1.0 if norm.source == "catalogue" else 0.7))
    typical = math.exp(norm.median)
    median_ratio = math.exp(norm.median + z_median * sd)
    evidence: list[dict[str, Any]] = [
        {"text": f"The median post has {median_ratio:.1f} likes per comment (peers: {typical:.0f}, "
                 f"z = {z_median:+.1f})"},
        {"text": f"{round(heavy * len(zs))} of {len(zs)} recent posts are more comment-heavy than the typical peer"},
    ]
    if risk > 0:
        for p, z in sorted(zip(recent, zs, strict=True), key=lambda x: x[1])[:3]:
            evidence.append(post_evidence(p, f" (z = {z:+.1f})"))
    if risk < 0.05:
        sentence = "Post by post, likes and comments are in the usual proportion for similar accounts."
    else:
        sentence = (f"{_pct(heavy, 0)} of recent posts are comment-heavy and the median post has only "
                    f"{median_ratio:.1f} likes per comment (similar accounts: {typical:.0f}): comments arrive on "
                    "every post, as from an engagement pod, not on a few giveaway posts.")
    peer = f"median post z = {z_median:+.1f} vs {_group_words(norms.group)}; {_pct(heavy, 0)} of posts comment-heavy"
    return Signal(key, label, True, heavy, f"{_pct(heavy, 0)} of posts", peer, evidence, conf, risk, sentence,
                  "low" if risk >= 0.05 else None,
                  details={"z_median": z_median, "heavy_share": heavy, "posts": len(zs),
                           "median_comments": median_comments})


def views_signal(posts: Sequence[PostPoint], platform: str, followers: int, norms: PeerNorms) -> Signal:
    """Views per follower (an audience that doesn't watch) and likes per view (likes beyond the viewers)."""
    key, label = "views_structure", "Views vs followers and likes"
    recent = [p for p in recent_posts(posts) if p.views is not None and p.views > 0 and p.likes is not None]
    if len(recent) < 3 or followers <= 0 or norms.views_per_follower is None or norms.likes_per_view is None:
        return _unavailable(key, label, "Too few posts with view counts to check how followers watch and like.")
    median_views = statistics.median(p.views for p in recent)
    vpf = median_views / followers
    lpv = sum(p.likes or 0 for p in recent) / sum(p.views or 0 for p in recent)
    nv, nl = norms.views_per_follower, norms.likes_per_view
    z_views = (math.log(max(vpf, 1e-6)) - nv.median) / max(nv.sd, 0.05)
    z_likes = (math.log(max(lpv, 1e-6)) - nl.median) / max(nl.sd, 0.05)
    impossible = [p for p in recent if (p.likes or 0) > (p.views or 0)]
    risk_views = _clip((-z_views - 1.5) / 1.5)
    risk_likes = 0.8 * _clip((z_likes - 2.0) / 1.5)
    if impossible:
        risk_likes = max(risk_likes, _clip(len(impossible) / len(recent) * 2))
    risk, direction = (risk_views, "low") if risk_views >= risk_likes else (risk_likes, "high")
    conf = _clip(len(recent) / 8) * (1.0 if nv.source == "catalogue" else 0.6)
    evidence: list[dict[str, Any]] = [
        {"text": f"Median {median_views:,.0f} views on the {len(recent)} most recent posts with views "
                 f"= {vpf:.2f} per follower (peers: {math.exp(nv.median):.2f})"},
        {"text": f"{_pct(lpv, 1)} of views turn into likes (peers: {_pct(math.exp(nl.median), 1)})"},
    ]
    for p in impossible[:3]:
        evidence.append({"post_id": p.id, "at": p.posted_at.isoformat(),
                         "text": f"more likes ({p.likes:,}) than views ({p.views:,})"})
    group = _group_words(norms.group)
    peer = f"views per follower z = {z_views:+.1f}, likes per view z = {z_likes:+.1f} vs {group}"
    if risk < 0.05:
        sentence = "Views and likes are in proportion to the follower count, as for similar accounts."
    elif direction == "low":
        sentence = (f"Posts reach only {vpf:.2f} views per follower, far below similar accounts: many followers "
                    "never watch, which is typical of bought or inactive followers.")
    else:
        sentence = (f"{_pct(lpv, 1)} of viewers like the posts, far above similar accounts: likes may be bought.")
    return Signal(key, label, True, vpf, f"{vpf:.2f} views/follower", peer, evidence, conf, risk, sentence,
                  direction if risk >= 0.05 else None,
                  details={"z_views": z_views, "z_likes_per_view": z_likes, "likes_per_view": lpv})


# ---- growth anomalies ---------------------------------------------------------------------------------------

SPIKE_Z = 6.0          # robust z of one interval's growth against the account's own growth
SPIKE_MIN_GAIN = 0.04  # and at least +4% of followers
SPIKE_MIN_ABS = 50
NOISE_FLOOR = 0.005    # smallest spread assumed for an interval's log growth (0.5%)
OUTSIZED = 3.0         # a post explains a spike when it had >= 3x the account's median engagement (or views),
OUTSIZED_Z = 2.0       # 2 robust SDs above the account's usual (log) engagement,
FOLLOWS_PER_VIEW = 0.05        # and the gain is at most 5% of its views
FOLLOWS_PER_ENGAGEMENT = 3.0   # (or 3 followers per engagement when views are unknown: reach >> engagements)
# Largest step that engagement rising afterwards may excuse. A shout-out or a press mention brings an account a
# few to a few tens of percent without a post of its own going viral; half the audience again within one
# interval and no outsized post is beyond that, and rising engagement is weak evidence against it: follower
# packages are often sold with likes and views, and on TikTok most views come from the For You feed, not
# from followers, so post-jump engagement says little about whether the new followers are real.
SOFTEN_MAX_GAIN = 0.5


def _mad_sd(values: Sequence[float]) -> float:
    med = statistics.median(values)
    return 1.4826 * statistics.median([abs(v - med) for v in values])


def _log_stats(values: Sequence[float | None]) -> tuple[float, float] | None:
    logs = [math.log1p(v) for v in values if v is not None and v > 0]
    if len(logs) < 5:
        return None
    med = statistics.median(logs)  # _mad_sd(logs) without working out this median a second time
    return med, max(1.4826 * statistics.median([abs(v - med) for v in logs]), 0.1)


def _outsized(value: float, stats: tuple[float, float] | None) -> bool:
    if stats is None or value <= 0:
        return False
    med, sd = stats
    lv = math.log1p(value)
    return lv - med >= math.log(OUTSIZED) and (lv - med) / sd >= OUTSIZED_Z


_EngagementStats = tuple[list[PostPoint], float | None, tuple[float, float] | None, tuple[float, float] | None]


def _engagement_stats(posts: Sequence[PostPoint]) -> _EngagementStats:
    """(posts with engagements, their median, log-engagement and log-views centre and spread) of an account."""
    engs = [(p, p.engagements) for p in posts]  # worked out once per post: the property adds up four counts
    with_eng = [p for p, e in engs if e is not None]
    eng_values = [e for _, e in engs if e is not None]
    median_eng = statistics.median(eng_values) if with_eng else None
    return with_eng, median_eng, _log_stats(eng_values), _log_stats([p.views for p in posts if p.views])


def growth_signal(series: Sequence[tuple[datetime, int]], posts: Sequence[PostPoint]) -> Signal:
    """Spikes and step changes in the follower series that no outsized post explains (bought followers)."""
    key, label = "growth_anomaly", "Follower growth anomalies"
    pts = sorted((t, n) for t, n in series if n is not None and n > 0)
    if len(pts) < 5:
        return _unavailable(key, label, "Fewer than 5 follower snapshots, so growth can't be checked for jumps.")
    days = [max((b[0] - a[0]).total_seconds() / 86400, 0.5) for a, b in zip(pts, pts[1:], strict=False)]
    growth = [math.log(b[1] / a[1]) for a, b in zip(pts, pts[1:], strict=False)]
    rate = statistics.median(g / d for g, d in zip(growth, days, strict=True))  # typical log growth per day
    resid = [g - rate * d for g, d in zip(growth, days, strict=True)]
    scale = max(_mad_sd(resid), NOISE_FLOOR)
    # the posts' engagement statistics explain rising spikes only, and nearly no account has one: worked out then
    eng_stats: _EngagementStats | None = None
    spikes: list[dict[str, Any]] = []
    for i, r in enumerate(resid):
        (t0, f0), (t1, f1) = pts[i], pts[i + 1]
        z = r / scale
        gain = f1 - f0
        if abs(z) < SPIKE_Z or abs(gain) < SPIKE_MIN_ABS or abs(f1 / f0 - 1) < SPIKE_MIN_GAIN:
            continue
        after = [n for _, n in pts[i + 1:i + 4]]
        persistent = len(after) < 2 or statistics.median(after) >= f0 + 0.6 * gain if gain > 0 else True
        spike: dict[str, Any] = {"at": t1.isoformat(), "from": t0.isoformat(), "before": f0, "after": f1,
                                 "gain": gain, "gain_pct": f1 / f0 - 1, "z": round(z, 1), "persistent": persistent,
                                 "explained_by": None, "kind": "spike" if gain > 0 else "drop"}
        if gain > 0:
            eng_stats = eng_stats or _engagement_stats(posts)
            with_eng, median_eng, eng_log, views_log = eng_stats
            window = [p for p in posts if t0 - timedelta(days=2) <= p.posted_at <= t1]
            for p in sorted(window, key=lambda p: -(p.engagements or 0)):
                eng = p.engagements or 0
                outsized = _outsized(eng, eng_log) or _outsized(p.views or 0, views_log)
                # A viral post converts a few percent of its viewers (or at most ~1 per engagement) to followers.
                capacity = FOLLOWS_PER_VIEW * p.views if p.views else FOLLOWS_PER_ENGAGEMENT * eng
                if outsized and gain <= capacity:
                    spike["explained_by"] = {"post_id": p.id, "at": p.posted_at.isoformat(), "engagements": eng,
                                             "views": p.views,
                                             "times_median": round(eng / median_eng, 1) if median_eng else None}
                    break
            before = [p.engagements for p in with_eng if t1 - timedelta(days=56) <= p.posted_at < t0]
            later = [p.engagements for p in with_eng if t1 <= p.posted_at <= t1 + timedelta(days=56)]
            if len(before) >= 2 and len(later) >= 2:
                spike["engagement_change"] = statistics.median(later) / max(statistics.median(before), 1) - 1
                # Real new followers lift engagement by about the gain, bought ones by nothing: which is closer,
                # measured in standard errors of the difference of two medians of log engagement?
                sd = eng_log[1] if eng_log else 0.5
                se = 1.25 * sd * math.sqrt(1 / len(before) + 1 / len(later))
                midpoint = math.log1p(spike["gain_pct"]) / 2
                spike["organic_z"] = (math.log1p(spike["engagement_change"]) - midpoint) / max(se, 1e-6)
        spikes.append(spike)
    risk = 0.0
    for s in spikes:
        if s["explained_by"] is not None:
            s["risk"] = 0.0
        elif s["kind"] == "spike":
            r = _clip(0.3 + (s["gain_pct"] - SPIKE_MIN_GAIN) / 0.16 * 0.7)
            if not s["persistent"]:
                r *= 0.5
            organic_z = s.get("organic_z")
            if organic_z is not None and organic_z <= 0:
                r = min(1.0, r + 0.15)  # engagement did not follow the new followers
            elif organic_z is not None and organic_z >= 1 and s["gain_pct"] <= SOFTEN_MAX_GAIN:
                r *= 0.3  # new followers who engage: organic growth (a shout-out, press) more than bought ones
            s["risk"] = r
        else:
            s["risk"] = 0.4 * _clip(-s["gain_pct"] / 0.2)  # a sudden loss: often a platform purge of fakes
        risk = max(risk, s["risk"])
    has_eng = any(p.likes is not None for p in posts)  # a post's engagements are None exactly without likes
    conf = _clip(len(pts) / 12) * (1.0 if has_eng else 0.6)
    evidence: list[dict[str, Any]] = []
    for s in spikes:
        at = datetime.fromisoformat(s["at"])
        text = (f"{'+' if s['gain'] > 0 else ''}{s['gain']:,} followers ({s['gain_pct'] * 100:+.0f}%) between "
                f"{_date(datetime.fromisoformat(s['from']))} and {_date(at)}, {abs(s['z']):.0f}× the usual variation")
        if s["explained_by"]:
            e = s["explained_by"]
            text += f"; explained by a post with {e['engagements']:,} engagements"
            if e.get("times_median"):
                text += f" ({e['times_median']}× the median)"
        elif s["kind"] == "spike":
            text += "; no post around that date had outsized engagement"
            if s.get("engagement_change") is not None:
                text += f"; engagement afterwards changed {s['engagement_change'] * 100:+.0f}%"
                if s.get("organic_z", 0) >= 1 and s["gain_pct"] <= SOFTEN_MAX_GAIN:
                    text += " (it rose with the followers, as organic growth does)"
                elif s.get("organic_z", 0) >= 1:
                    text += (f" (it rose, but a step over {SOFTEN_MAX_GAIN:.0%} with no viral post is more than "
                             "a shout-out brings)")
        evidence.append({"at": s["at"], "text": text,
                         "post_id": s["explained_by"]["post_id"] if s["explained_by"] else None})
    unexplained = [s for s in spikes if s["kind"] == "spike" and not s["explained_by"]]
    if unexplained:
        top = max(unexplained, key=lambda s: s["gain_pct"])
        sentence = (f"Followers jumped {top['gain_pct'] * 100:.0f}% around {_date(datetime.fromisoformat(top['at']))} "
                    "with no viral post to explain it — a pattern typical of bought followers.")
    elif any(s["kind"] == "drop" for s in spikes):
        sentence = "Followers dropped suddenly at least once, as when a platform removes fake accounts."
    elif spikes:
        sentence = "Follower jumps line up with posts that went viral: growth looks organic."
    else:
        sentence = f"Steady follower growth over {len(pts)} snapshots, no unexplained jumps."
    weekly = rate * 7
    peer = f"usual growth {weekly * 100:+.2f}% a week ± {scale * 100:.2f}%"
    value = max((s["gain_pct"] for s in unexplained), default=0.0)
    return Signal(key, label, True, value, f"{value * 100:+.0f}%" if unexplained else "none", peer, evidence, conf,
                  risk, sentence, "high" if risk >= 0.05 else None,
                  details={"spikes": spikes, "points": len(pts), "weekly_growth": weekly, "noise": scale})


# ---- follower sample: suspicious share, audience types, reachability -----------------------------------------


FIRM_SAMPLE = 200  # sampled followers for full confidence in a follower-sample signal


def sample_confidence(n: int) -> float:
    """Confidence of a follower-sample signal from its size alone (so it never depends on the estimate)."""
    return _clip(math.sqrt(n / FIRM_SAMPLE)) if n > 0 else 0.0


SUSPICIOUS_NORMAL = 0.25  # up to ~25% suspicious followers is common for real accounts (METRICS.md §5)


def suspicious_followers_signal(report: Mapping[str, Any] | None) -> Signal:
    """Corrected suspicious-follower share from a follower sample (``share.follower_sample_report``)."""
    key, label = "suspicious_followers", "Suspicious followers"
    if not report or not report.get("n"):
        return _unavailable(key, label, "No follower sample yet: upload one to measure the share of fake followers.")
    s = report["suspicious_share"]
    est, low, high, n = s["estimate"], s["low"], s["high"], int(report["n"])
    risk = _clip((est - SUSPICIOUS_NORMAL) / 0.3)
    conf = sample_confidence(n)
    evidence = [
        {"text": f"{s['n_flagged']} of {n} sampled followers flagged as likely fake, each judged against the whole "
                 f"sample ({_pct(s['raw_rate'], 0)})" if s.get("method") == "mixture" else
                 f"{s['n_flagged']} of {n} sampled followers flagged by the classifier ({_pct(s['raw_rate'], 0)})"},
        {"text": (f"Estimated from the whole sample's score distribution, allowing for the shift between the "
                  f"training collections and this sample: {_pct(est, 0)}, 95% interval {_pct(low, 0)}–{_pct(high, 0)}")
         if s.get("method") == "mixture" else
         (f"Corrected for the classifier's error rates (sensitivity {s['sensitivity']:.2f}, specificity "
          f"{s['specificity']:.2f}): {_pct(est, 0)}, 95% interval {_pct(low, 0)}–{_pct(high, 0)}")},
        {"text": f"Model {report.get('model_version', '?')}"},
    ]
    if est <= SUSPICIOUS_NORMAL:
        sentence = (f"About {_pct(est, 0)} of followers look fake ({_pct(low, 0)}–{_pct(high, 0)}), "
                    "within the usual range for real accounts (up to about 25%).")
    elif risk < 0.5:
        sentence = (f"About {_pct(est, 0)} of followers look fake or spam ({_pct(low, 0)}–{_pct(high, 0)}), "
                    "somewhat above the usual range for real accounts (up to about 25%).")
    else:
        sentence = (f"About {_pct(est, 0)} of followers look fake or spam ({_pct(low, 0)}–{_pct(high, 0)}), "
                    "well above the usual range for real accounts (up to about 25%).")
    quiet_info = report.get("quiet") or {}
    quiet = quiet_info.get("flagged", 0)
    if quiet:  # the training collections call these fake; real audiences hold many such people (docs/authenticity.md)
        evidence.insert(1, {"text": f"{quiet} of the flagged followers are quiet accounts (under 100 followers, "
                                    "following 100–1,000, at most 3 posts): real people who rarely post look like "
                                    "this too, and the training data holds few of them"})
        if quiet / n >= 0.05:
            sentence += (f" {_pct(quiet / n, 0)} of the sample are quiet accounts flagged as fake; some may be real "
                         "people who rarely post, so the share may be overstated")
            if quiet_info.get("expected_fakes"):
                sentence += f" (about {_pct(max(est - quiet_info['expected_fakes'] / n, 0.0), 0)} if they all are)"
            sentence += "."
    if quiet_info.get("share_low_model") is not None:  # the interval's low end reads the quiet followers as real
        evidence.insert(2 if quiet else 1, {
            "text": f"The interval's low end, {_pct(low, 0)}, counts the sample's quiet followers as real people; "
                    f"read as the training data labels them, the interval is {_pct(quiet_info['share_low_model'], 0)}"
                    f"–{_pct(high, 0)}"})
    if n < FIRM_SAMPLE:  # say why a striking share may move the score little
        sentence += f" From only {n:,} sampled followers: {FIRM_SAMPLE} or more give a firm answer."
    peer = f"95% interval {_pct(low, 0)}–{_pct(high, 0)}; real accounts: usually up to about 25%"
    return Signal(key, label, True, est, _pct(est, 0), peer, evidence, conf, risk, sentence,
                  "high" if risk >= 0.05 else None, details={"low": low, "high": high, "n": n})


def reachability_signal(report: Mapping[str, Any] | None) -> Signal:
    """Reachability and audience types from a follower sample (METRICS.md §5)."""
    key, label = "audience_reachability", "Audience reachability"
    if not report or not report.get("n"):
        return _unavailable(key, label, "No follower sample yet, so audience types and reachability are unknown.")
    reach = report["reachability"]
    share = reach["share"]
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return _unavailable(key, label, "The follower sample has no following counts.")
    types = report["audience_types"].get("adjusted") or report["audience_types"]["observed"]
    risk = _clip((0.6 - share) / 0.3)
    conf = sample_confidence(int(report["n"]))
    evidence = [{"text": f"{_pct(share, 0)} of sampled followers follow fewer than 1,500 accounts "
                         f"(95% interval {_pct(reach['low'], 0)}–{_pct(reach['high'], 0)})"}]
    evidence += [{"text": f"{k.replace('_', ' ').capitalize()}: {_pct(v, 0)}"} for k, v in types.items()]
    if risk < 0.05:
        sentence = f"{_pct(share, 0)} of followers can realistically see the posts (they follow < 1,500 accounts)."
    else:
        sentence = (f"Only {_pct(share, 0)} of followers follow fewer than 1,500 accounts; the rest are mass "
                    "followers whose feeds are too crowded to see the posts.")
    return Signal(key, label, True, share, _pct(share, 0), "real audiences: usually above 60%", evidence, conf, risk,
                  sentence, "low" if risk >= 0.05 else None, details={"audience_types": types})
