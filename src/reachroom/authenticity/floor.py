"""Comments that don't grow with the post: an engagement pod seen from post counts alone (issue #12 item 5).

Genuine likes and comments come from the same viewers, so a post's comments are about the same share of its
interactions on a small post as on a big one. A pod of N members adds about N comments (and N likes) to every
post, a floor under the comment count that makes small posts comment-heavy. :func:`floor_test` tests for that
floor over a year of posts; method and thresholds: docs/authenticity.md ("Comments that don't grow with the post").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter
from typing import Any

import numpy as np

from .signals import _POSTED_AT, PostPoint, Signal, _clip, _pct, _unavailable, post_evidence

FLOOR_MIN_POSTS = 9        # posts with likes and comments (three per size band, at least)
FLOOR_MIN_COMMENTS = 20    # comments on them together, so the test is not counting noise
FLOOR_WINDOW = timedelta(days=365)  # posts tested: a year back from the newest (older ones: another audience)
FLOOR_Z = 2.5              # the floor test's z where risk starts,
FLOOR_Z_FULL = 3.5         # and where it is full (a red flag: one-sided p < 0.0003 under the genuine model)
FLOOR_FULL = 2.0           # comments per post beyond proportion at which the floor counts in full
_NEWTON_STEPS = 8


@dataclass(frozen=True)
class FloorTest:
    """The score test of "comments = a share of each post's interactions" against "a fixed number of comments on
    every post on top of that share": its z, the estimated fixed comments per post, and the over-dispersion."""

    z: float
    floor: float
    dispersion: float


def _share_trend(n: np.ndarray, c: np.ndarray, t: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    """Each post's comment share under the genuine model with a share that drifts in time (logit-linear,
    maximum likelihood by Newton's method from the constant share ``q``), and each post's binomial weight."""
    b0, b1 = math.log(q / (1 - q)), 0.0
    p = np.full(len(n), q)
    for _ in range(_NEWTON_STEPS):
        r, w = c - n * p, n * p * (1 - p)
        wt = w * t
        g0, g1, h00, h01, h11 = r.sum(), r.dot(t), w.sum(), wt.sum(), wt.dot(t)
        det = h00 * h11 - h01 * h01
        if det <= 1e-12 * h00 * h11:
            break  # the times don't separate the posts: keep the constant share
        d0, d1 = (h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det
        b0, b1 = b0 + d0, b1 + d1
        p = 1 / (1 + np.exp(-(b0 + b1 * t)))
        if abs(d0) + abs(d1) < 1e-5:  # in log-odds: far below what moves z
            break
    return p, n * p * (1 - p)


def floor_test(sizes: Sequence[float] | np.ndarray, comments: Sequence[float] | np.ndarray,
               times: Sequence[float] | None = None) -> FloorTest | None:
    """Score test for a comment floor across posts (``sizes`` = likes + comments of each post, ``times`` their
    posting times in any unit, or None for a share that does not drift); None when the posts' sizes are all
    equal or there are no comments.

    Genuine likes and comments come from the same viewers, so given a post's interactions n its comments are a
    binomial share q of n. A pod adds about the same comments to every post: E[comments] ≈ X + q·n. The score
    test of X = 0 (covariate 1/n) conditions on the posts' sizes, so it holds whatever they are. With ``times``
    the share may drift over the year (logit-linear in time, a nuisance projected out of the score), so an
    audience whose comment share changed while the account grew is not read as a pod. The variance is widened
    by the account's Pearson over-dispersion (at least 1)."""
    n, c = np.asarray(sizes, dtype=np.float64), np.asarray(comments, dtype=np.float64)
    total_n, total_c, m = float(n.sum()), float(c.sum()), len(n)
    q = total_c / total_n if total_n else 0.0
    if not 0 < q < 1:
        return None
    x = 1 / n
    if times is None or max(times) == min(times):
        score = float(x.dot(c)) - m * q
        spread = float(n.dot((x - m / total_n) ** 2))  # around the interaction-weighted mean of 1/n
        if spread <= 0:
            return None
        phi = max(1.0, float(((c - n * q) ** 2).dot(x)) / (q * (1 - q) * (m - 1)))
        return FloorTest(score / math.sqrt(phi * q * (1 - q) * spread), score / spread, phi)
    t = np.asarray(times, dtype=np.float64)
    t = (t - (t.max() + t.min()) / 2) / ((t.max() - t.min()) / 2)
    p, w = _share_trend(n, c, t, q)
    if not (w > 0).all():
        return None
    resid = c - n * p
    score = float(resid.dot(x))
    # variance of the score with the share's two parameters projected out: x'Wx - b' H^-1 b
    wx, wt = w * x, w * t
    h00, h01, h11 = float(w.sum()), float(wt.sum()), float(wt.dot(t))
    b0, b1, xwx = float(wx.sum()), float(wx.dot(t)), float(wx.dot(x))
    variance = xwx - (h11 * b0 * b0 - 2 * h01 * b0 * b1 + h00 * b1 * b1) / (h00 * h11 - h01 * h01)
    if variance <= 1e-12 * xwx:
        return None
    phi = max(1.0, float((resid * resid / w).sum()) / max(m - 2, 1))
    # the fixed comments per post: the score over its variance, back on the comment scale (as without drift)
    return FloorTest(score / math.sqrt(phi * variance), score / variance * q * (1 - q), phi)


_BY_TIME = attrgetter("posted_at", "id")


def floor_posts(posts: Sequence[PostPoint]) -> list[PostPoint]:
    """The posts the test reads: those with likes and comments from a year before the newest, oldest first."""
    counted = [p for p in posts if p.likes and p.comments is not None]
    if not counted:
        return []
    since = max(map(_POSTED_AT, counted)) - FLOOR_WINDOW
    return sorted((p for p in counted if p.posted_at >= since), key=_BY_TIME)


def comment_floor_signal(posts: Sequence[PostPoint]) -> Signal:
    """Comments that do not grow with a post: a pod's members comment on every post however few people it
    reached, so small posts are far more comment-heavy than the ones that travelled.

    :func:`floor_test` tests for that floor over a year of posts; the evidence compares the comment share of the
    third of posts with the fewest interactions with the third with the most.
    """
    key, label = "comment_floor", "Comments that don't grow with the post"
    tested = floor_posts(posts)
    if len(tested) < FLOOR_MIN_POSTS:
        return _unavailable(key, label, f"Fewer than {FLOOR_MIN_POSTS} posts in the last year with likes and "
                                        "comments, so comments can't be compared between small and large posts.")
    comments = np.array([p.comments for p in tested], dtype=np.float64)
    sizes = np.array([p.likes for p in tested], dtype=np.float64) + comments
    days = [p.posted_at.toordinal() for p in tested]  # the drift is over months: the day is precise enough
    test = floor_test(sizes, comments, days) if comments.sum() >= FLOOR_MIN_COMMENTS else None
    if test is None:
        return _unavailable(key, label, "Too few comments, or posts all of one size, to tell whether comments "
                                        "grow with the post.")
    return _floor_signal(key, label, tested, sizes, comments, test)


def _median_of_sorted(values: np.ndarray) -> float:
    """The median of values already in ascending order (np.median sorts again, at ~15 µs a call)."""
    m = len(values)
    return float(values[(m - 1) // 2] + values[m // 2]) / 2


def _floor_signal(key: str, label: str, tested: Sequence[PostPoint], sizes: np.ndarray, comments: np.ndarray,
                  test: FloorTest) -> Signal:
    """The signal of a computed floor test, with the small and large posts as evidence."""
    order = np.argsort(sizes, kind="stable")
    ranked = sizes[order]
    k = len(order) // 3
    low, high = order[:k], order[-k:]
    n_low, c_low, n_high, c_high = (float(sizes[low].sum()), float(comments[low].sum()), float(sizes[high].sum()),
                                    float(comments[high].sum()))
    share_low, share_high = c_low / n_low, c_high / n_high
    # half a comment added to each third's count, so a third without comments gives a finite ratio
    ratio = ((c_low + 0.5) / n_low) / ((c_high + 0.5) / n_high)
    typical = _median_of_sorted(np.sort(comments))
    risk = _clip((test.z - FLOOR_Z) / (FLOOR_Z_FULL - FLOOR_Z)) * _clip(test.floor / FLOOR_FULL)
    conf = _clip(len(tested) / 15) * _clip(float(comments.sum()) / 60)
    size_low, size_high = _median_of_sorted(ranked[:k]), _median_of_sorted(ranked[-k:])
    evidence: list[dict[str, Any]] = [
        {"text": f"{k} posts with the fewest likes and comments (median {size_low:,.0f}): {_pct(share_low)} of them "
                 "are comments"},
        {"text": f"{k} posts with the most (median {size_high:,.0f}): {_pct(share_high)} are comments"},
        {"text": f"Estimated comments on every post beyond the usual share: {max(test.floor, 0):.1f} "
                 f"(the median post has {typical:,.0f}; {len(tested)} posts over the last year); test z = "
                 f"{test.z:+.1f}"},
    ]
    if risk > 0:
        evidence.extend(post_evidence(tested[i]) for i in low[:3].tolist())
    if risk < 0.05:
        sentence = "Comments grow with a post's likes, as they do when they come from its viewers."
    else:
        sentence = (f"About {test.floor:.0f} comments arrive on every post whatever its size, so small posts are "
                    f"{ratio:.1f}× as comment-heavy as big ones: a fixed group comments on every post, as an "
                    "engagement pod does.")
    peer = (f"comment share of the smallest vs the largest posts: {ratio:.1f}×, fixed comments per post "
            f"{max(test.floor, 0):.1f} (z = {test.z:+.1f}); genuine: about 1× and 0")
    return Signal(key, label, True, ratio, f"{ratio:.1f}×", peer, evidence, conf, risk, sentence,
                  "high" if risk >= 0.05 else None,
                  details={"z": test.z, "floor": test.floor, "low_posts": k, "share_low": share_low,
                           "share_high": share_high, "dispersion": test.dispersion, "posts": len(tested)})
