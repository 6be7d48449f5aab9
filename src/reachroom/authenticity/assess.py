"""Assess one account: its inputs → every signal → the score. Pure (no I/O); shared by the job and the service."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from .comment_signals import CommentedHost, comment_quality_signal, pod_membership_signal, pod_signal
from .floor import comment_floor_signal
from .score import AuthenticityScore, combine
from .signals import (
    MIN_PEERS,
    CommentPoint,
    Norm,
    PeerNorms,
    PostPoint,
    comment_consistency_signal,
    engagement_signal,
    growth_signal,
    likes_comments_signal,
    published_norms,
    reachability_signal,
    recent_posts,
    suspicious_followers_signal,
    views_signal,
)

# Rows a follower-sample report keeps when stored (per-account probabilities are not stored).
_REPORT_KEYS = ("model_version", "n", "suspicious_share", "audience_types", "quiet", "reachability")


@dataclass(frozen=True)
class StatsView:
    """The AccountStats numbers the signals read."""

    tier: str
    band: str | None
    engagement_rate: float | None
    er_denominator: str | None
    er_percentile: float | None
    er_peers: int | None
    er_posts_used: int


@dataclass
class AccountInputs:
    """Everything known about one account that the signals use."""

    account_id: int
    platform: str
    followers: int
    stats: StatsView | None = None
    posts: list[PostPoint] = field(default_factory=list)
    series: list[tuple[datetime, int]] = field(default_factory=list)
    comments: list[CommentPoint] = field(default_factory=list)
    follower_rows: list[dict[str, Any]] = field(default_factory=list)
    commented_hosts: list[CommentedHost] = field(default_factory=list)  # its comments on other accounts


def tier_key(inputs: AccountInputs) -> str:
    from reachroom.metrics import tier_of

    return inputs.stats.tier if inputs.stats else tier_of(inputs.followers)


def sample_report(rows: Sequence[Mapping[str, Any]], model: Any = None) -> dict[str, Any] | None:
    """The stored part of ``share.follower_sample_report`` (no per-follower probabilities), or None."""
    if not rows:
        return None
    from .share import follower_sample_report

    full = follower_sample_report(rows, model)
    return {k: full[k] for k in _REPORT_KEYS}


def report_from_scores(rows: Sequence[Mapping[str, Any]], prob: np.ndarray, X: np.ndarray, model: Any,
                       patterns: np.ndarray | None = None) -> dict[str, Any]:
    """Same as :func:`sample_report` from precomputed scores, features and (optionally) column patterns (the batch
    job)."""
    from .share import assess_sample, audience_types, quiet_accounts, reachability

    judged = assess_sample(model, X, prob, patterns)
    return {"model_version": model.version, "n": len(rows), "suspicious_share": judged.share.to_dict(),
            "audience_types": audience_types(rows, judged.flags, judged.share),
            "quiet": quiet_accounts(X, judged.flags, judged.share), "reachability": reachability(rows)}


def assess(inputs: AccountInputs, norms: PeerNorms | None = None,
           report: Mapping[str, Any] | None = None, explained: bool = True) -> AuthenticityScore:
    """Every signal of one account, combined into the score. ``report`` defaults to classifying its sample;
    ``explained=False`` skips the explanation (see ``combine``)."""
    norms = norms or published_norms(inputs.platform, tier_key(inputs))
    if report is None and inputs.follower_rows:
        report = sample_report(inputs.follower_rows)
    st = inputs.stats
    # three structure signals read only the 24 newest posts (recent_posts): sorted once here; sorting them again in
    # each is stable on a list already in that order, so each sees the same posts in the same order. The floor test
    # reads a year of posts: its power grows with the posts it compares
    recent = recent_posts(inputs.posts)
    signals = [
        suspicious_followers_signal(report),
        growth_signal(inputs.series, inputs.posts),
        engagement_signal(inputs.platform, inputs.followers, st.engagement_rate if st else None,
                          st.er_denominator if st else None, st.er_percentile if st else None,
                          st.er_peers if st else None, st.er_posts_used if st else 0, st.band if st else None),
        pod_signal(inputs.comments),
        likes_comments_signal(recent, inputs.platform, norms),
        comment_consistency_signal(recent, inputs.platform, norms),
        comment_floor_signal(inputs.posts),
        pod_membership_signal(inputs.commented_hosts),
        views_signal(recent, inputs.platform, inputs.followers, norms),
        comment_quality_signal(inputs.comments),
        reachability_signal(report),
    ]
    return combine(signals, explained)


def commented_hosts(rows: Sequence[Sequence[Any]], host_comments: Sequence[Sequence[Any]]
                    ) -> dict[int, list[CommentedHost]]:
    """Each member account's CommentedHosts from ``repository.commented_hosts`` rows and the hosts' own comment
    samples (``repository.comments_of``): the host's pod signal says whether the member commented in a pod."""
    by_host: dict[int, list[CommentPoint]] = {}
    for aid, pid, who, text in host_comments:
        by_host.setdefault(aid, []).append(CommentPoint(pid, who, text))
    pods = {h: pod_signal(c) for h, c in by_host.items()}
    seen: dict[tuple[int, int], tuple[str, set[int], list[str]]] = {}
    for member, host, handle, pid, text in rows:
        entry = seen.setdefault((member, host), (handle, set(), []))
        entry[1].add(pid)
        entry[2].append(text)
    out: dict[int, list[CommentedHost]] = {}
    for (member, host), (handle, posts, texts) in seen.items():
        pod = pods.get(host)
        if pod is None or not pod.available:
            continue  # too small a host sample to tell a pod from an audience
        out.setdefault(member, []).append(
            CommentedHost(host, handle, pod.risk, pod.confidence, len(posts), tuple(texts)))
    return out


# ---- peer norms from the catalogue --------------------------------------------------------------------------


def _robust(values: np.ndarray) -> tuple[float, float] | None:
    values = values[np.isfinite(values)]
    if len(values) < MIN_PEERS:
        return None
    med = float(np.median(values))
    sd = float(1.4826 * np.median(np.abs(values - med)))
    return med, max(sd, 0.05)


#: the share of a tier's accounts with enough comments and likes for its own likes-per-comment norm
LPC_MIN_SHARE = 0.5


def norms_from_arrays(platform: np.ndarray, tier: np.ndarray, likes: np.ndarray, comments: np.ndarray,
                      views: np.ndarray, followers: np.ndarray) -> dict[str, PeerNorms]:
    """Peer norms per 'platform|tier' (and per 'platform' as the fallback) from per-account medians.

    Accounts with fewer than 3 comments or 20 likes per post are left out of the likes-per-comment norm (their
    ratio is mostly counting noise); a group with fewer than MIN_PEERS accounts falls back to the platform and
    then to the published norms. A tier's likes-per-comment norm also falls back to the platform's when fewer
    than LPC_MIN_SHARE of the tier's accounts are counted: the ones that are are then the comment-heavy few
    (pods among them), and their median would make the tier's ordinary accounts look like-heavy.
    """
    platform, tier = np.asarray(platform).astype(str), np.asarray(tier).astype(str)
    likes, comments = np.asarray(likes, dtype=float), np.asarray(comments, dtype=float)
    views, followers = np.asarray(views, dtype=float), np.asarray(followers, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lpc = np.where((comments >= 3) & (likes >= 20), np.log(likes / comments), np.nan)
        vpf = np.where((views > 0) & (followers > 0), np.log(views / followers), np.nan)
        lpv = np.where((views > 0) & (likes > 0), np.log(likes / views), np.nan)
    out: dict[str, PeerNorms] = {}
    for p in np.unique(platform):
        base = published_norms(str(p), "")
        in_p = platform == p
        groups: list[tuple[str, np.ndarray]] = [(str(p), in_p)]
        groups += [(f"{p}|{t}", in_p & (tier == t)) for t in np.unique(tier[in_p])]
        for name, mask in groups:
            fallback = out[str(p)] if "|" in name else base
            counted = np.isfinite(lpc[mask]).mean() if mask.any() else 0.0
            if "|" in name and counted < LPC_MIN_SHARE:
                norm_lpc = fallback.likes_per_comment
            else:
                norm_lpc = _norm(lpc[mask], fallback.likes_per_comment)
            norm_vpf = _norm(vpf[mask], fallback.views_per_follower)
            norm_lpv = _norm(lpv[mask], fallback.likes_per_view)
            out[name] = PeerNorms(name, norm_lpc, norm_vpf, norm_lpv)
    return out


def _norm(values: np.ndarray, fallback: Norm | None) -> Norm | None:
    r = _robust(values)
    if r is None:
        return fallback
    return Norm(r[0], r[1], int(np.isfinite(values).sum()), "catalogue")


def norms_for(table: Mapping[str, PeerNorms], platform: str, tier: str) -> PeerNorms:
    """The most specific norms known for a platform and tier."""
    return table.get(f"{platform}|{tier}") or table.get(platform) or published_norms(platform, tier)


def norms_to_json(table: Mapping[str, PeerNorms]) -> dict[str, Any]:
    def n(x: Norm | None):
        return None if x is None else {"median": x.median, "sd": x.sd, "n": x.n, "source": x.source}

    return {k: {"likes_per_comment": n(v.likes_per_comment), "views_per_follower": n(v.views_per_follower),
                "likes_per_view": n(v.likes_per_view)} for k, v in table.items()}


def finite(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def er_quantiles(values: np.ndarray) -> dict | None:
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    p10, p50, p90 = np.quantile(values, [0.1, 0.5, 0.9])
    return {"p10": float(p10), "p50": float(p50), "p90": float(p90), "n": int(len(values))}


def peer_tables(rows: list) -> tuple[dict[str, PeerNorms], dict[str, dict]]:
    """Structure norms per 'platform|tier' and ER quantiles per 'platform|band' from peer rows."""
    if not rows:
        return {}, {}
    cols = list(zip(*rows, strict=True))
    platform, tier, band = (np.asarray(c, dtype=object).astype(str) for c in cols[:3])

    def arr(c):
        return np.asarray([np.nan if v is None else v for v in c], dtype=float)

    likes, comments, views, followers, er = (arr(c) for c in cols[3:8])
    norms = norms_from_arrays(platform, tier, likes, comments, views, followers)
    quantiles = {}
    keys = np.char.add(np.char.add(platform.astype(str), "|"), band.astype(str))
    for k in np.unique(keys):
        q = er_quantiles(er[keys == k])
        if q:
            quantiles[str(k)] = q
    return norms, quantiles


# ---- batch classification -----------------------------------------------------------------------------------


def classify_all(scoped: dict[tuple[int, int], list[dict]], model) -> dict[tuple[int, int], dict]:
    """Classify every sample of a batch in one model call, then build each scope's report."""
    if not scoped:
        return {}
    keys = list(scoped)
    flat = [row for k in keys for row in scoped[k]]
    from .classifier import column_patterns

    prob, X = model.scores_and_features(flat)
    # a row's column pattern depends on that row alone: worked out for the batch at once, each sample its slice
    patterns = column_patterns(X)
    out, start = {}, 0
    for k in keys:
        n = len(scoped[k])
        if n:
            sl = slice(start, start + n)
            out[k] = report_from_scores(scoped[k], prob[sl], X[sl], model, patterns[sl])
        start += n
    return out
