"""Signals made cheaper for the job give exactly what the straightforward versions gave (kept here as reference),
compared on generated accounts by the repr of their stored dicts (NaN != NaN and 0.0 == -0.0 would hide a
difference)."""

import dataclasses
import math
import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.authenticity.assess import AccountInputs, assess
from reachroom.authenticity.service import stored_row
from reachroom.authenticity.signals import (
    FOLLOWS_PER_ENGAGEMENT,
    FOLLOWS_PER_VIEW,
    NOISE_FLOOR,
    SOFTEN_MAX_GAIN,
    SPIKE_MIN_ABS,
    SPIKE_MIN_GAIN,
    SPIKE_Z,
    Norm,
    PeerNorms,
    PostPoint,
    Signal,
    _clip,
    _date,
    _log_stats,
    _mad_sd,
    _outsized,
    _unavailable,
    comment_consistency_signal,
    growth_signal,
    likes_comments_signal,
    post_points_by_account,
    recent_posts,
    views_signal,
)

T0 = datetime(2026, 6, 1, 9, 30)


def reference_growth_signal(series: Sequence[tuple[datetime, int]], posts: Sequence[PostPoint]) -> Signal:
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
    engs = [(p, p.engagements) for p in posts]  # worked out once per post: the property adds up four counts
    with_eng = [p for p, e in engs if e is not None]
    eng_values = [e for _, e in engs if e is not None]
    median_eng = statistics.median(eng_values) if with_eng else None
    eng_log = _log_stats(eng_values)
    views_log = _log_stats([p.views for p in posts if p.views])
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
    conf = _clip(len(pts) / 12) * (1.0 if with_eng else 0.6)
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


maybe = st.one_of(st.none(), st.integers(0, 30_000))
post = st.builds(lambda i, day, likes, comments, views, shares, saves: PostPoint(
    i, T0 + timedelta(days=day, hours=i % 5), likes, comments, views, shares, saves),
    st.integers(1, 10_000), st.integers(-10, 130), maybe, maybe, st.one_of(maybe, st.integers(0, 3_000_000)),
    maybe, maybe)
# follower series with jumps up and down (some explained by a viral post), flat stretches, repeated times
step = st.tuples(st.sampled_from([0, 1, 3, 7, 7, 7, 14]), st.sampled_from([1.0, 1.0, 1.01, 1.02, 0.99, 1.3, 2.5,
                                                                            0.6, 1.08]))


@settings(max_examples=500, deadline=None)
@given(start=st.integers(1, 500_000), steps=st.lists(step, min_size=0, max_size=16), posts=st.lists(post, max_size=40),
       zero=st.booleans())
def test_the_growth_signal_equals_the_reference(start, steps, posts, zero):
    series, t, n = [], T0, float(start)
    for gap, factor in steps:
        t, n = t + timedelta(days=gap), n * factor
        series.append((t, int(n)))
    if zero and series:
        series[0] = (series[0][0], 0)  # dropped by both: not a usable point
    got, want = growth_signal(series, posts), reference_growth_signal(series, posts)
    assert repr(got.to_dict()) == repr(want.to_dict())


def test_the_reference_sees_spikes():
    """The generated accounts do reach the spike branch: a doubling with and without a viral post."""
    series = [(T0 + timedelta(days=7 * i), 1000 + 10 * i) for i in range(8)]
    series += [(T0 + timedelta(days=56), 2500), (T0 + timedelta(days=63), 2510), (T0 + timedelta(days=70), 2520)]
    posts = [PostPoint(i, T0 + timedelta(days=5 * i), 100 + i, 10, 2000 + i, None, None) for i in range(15)]
    viral = [*posts, PostPoint(99, T0 + timedelta(days=55), 40_000, 900, 900_000, 10, None)]
    for p in (posts, viral, []):
        got, want = growth_signal(series, p), reference_growth_signal(series, p)
        assert want.details["spikes"] and repr(got.to_dict()) == repr(want.to_dict())
    assert reference_growth_signal(series, viral).details["spikes"][0]["explained_by"] is not None


norms = st.builds(lambda lpc, vpf, lpv, source, tier: PeerNorms(
    f"instagram|{tier}", Norm(lpc, 0.5, 40, source), Norm(vpf, 0.7, 40, source), Norm(lpv, 0.6, 40, source)),
    st.floats(1.0, 5.0), st.floats(-3.0, 1.0), st.floats(-5.0, -1.0), st.sampled_from(["catalogue", "published"]),
    st.sampled_from(["nano", "micro"]))
# posting times with many ties (the newest 24 are cut inside a tie group), counts that make the signals available
tied_post = st.builds(lambda i, day, likes, comments, views: PostPoint(i, T0 + timedelta(days=day), likes, comments,
                                                                         views, None, None),
                      st.integers(1, 500), st.integers(0, 12),
                      *(st.integers(-1, top).map(lambda v: None if v < 0 else v) for top in (4000, 300, 90_000)))


@settings(max_examples=400, deadline=None)
@given(posts=st.one_of(st.lists(tied_post, max_size=12), st.lists(tied_post, min_size=20, max_size=60)), norm=norms,
       followers=st.integers(0, 50_000))
def test_the_structure_signals_see_the_same_posts_given_the_newest_24(posts, norm, followers):
    """assess hands three structure signals recent_posts(posts) instead of all posts."""
    recent = recent_posts(posts)
    for signal in (lambda ps: likes_comments_signal(ps, "instagram", norm),
                   lambda ps: comment_consistency_signal(ps, "instagram", norm),
                   lambda ps: views_signal(ps, "instagram", followers, norm)):
        assert repr(signal(recent).to_dict()) == repr(signal(posts).to_dict())


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 10**6), st.one_of(st.none(), st.integers(0, 9))),
                max_size=20))
def test_post_points_by_account_equal_the_dataclass(rows):
    rows = [(aid, pid, T0 + timedelta(hours=pid % 7), n, n, None, n, 3) for aid, pid, n in rows]
    got = post_points_by_account(rows)
    want: dict[int, list[PostPoint]] = {}
    for r in rows:
        want.setdefault(r[0], []).append(PostPoint(*r[1:]))
    assert got == want and list(got) == list(want)
    for a, b in zip((p for ps in got.values() for p in ps), (p for ps in want.values() for p in ps), strict=True):
        assert repr(a) == repr(b) and hash(a) == hash(b) and a.__dict__ == b.__dict__
        assert list(a.__dict__) == list(b.__dict__) and a.engagements == b.engagements
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.likes = 1  # type: ignore[misc]


@dataclasses.dataclass(frozen=True)
class ReferenceSignal:
    """Signal's fields with the generated frozen __init__ (Signal's own before the hand-written one)."""

    key: str
    label: str
    available: bool
    value: float | None
    display: str
    peer: str
    evidence: list[dict[str, Any]]
    confidence: float
    risk: float
    sentence: str
    direction: str | None = None
    effect: float = 0.0
    details: dict[str, Any] = dataclasses.field(default_factory=dict)


@given(args=st.tuples(st.text(max_size=3), st.text(max_size=3), st.booleans(), st.one_of(st.none(), st.floats()),
                      st.text(max_size=3), st.text(max_size=3), st.lists(st.dictionaries(st.text(max_size=2),
                                                                                           st.integers()), max_size=2),
                      st.floats(), st.floats(), st.text(max_size=3)),
       optional=st.fixed_dictionaries({}, optional={"direction": st.one_of(st.none(), st.just("low")),
                                                    "effect": st.floats(-50, 0),
                                                    "details": st.one_of(st.none(), st.dictionaries(
                                                        st.text(max_size=2), st.integers(), max_size=3))}),
       keywords=st.booleans())
def test_a_signal_is_built_as_the_dataclass_built_it(args, optional, keywords):
    names = [f.name for f in dataclasses.fields(Signal)]
    assert names == [f.name for f in dataclasses.fields(ReferenceSignal)]
    if keywords:  # everything by name, as service._signal does
        got, want = (cls(**dict(zip(names, args, strict=False)), **optional) for cls in (Signal, ReferenceSignal))
    else:
        got, want = Signal(*args, **optional), ReferenceSignal(*args, **optional)
    assert repr(got.__dict__) == repr(want.__dict__) and list(got.__dict__) == names
    given_names = names[:len(args)] + list(optional)
    assert all(getattr(got, n) is getattr(want, n) for n in given_names)  # the very objects passed in
    assert repr(got).removeprefix("Signal") == repr(want).removeprefix("ReferenceSignal")
    if "details" not in optional:  # a new dict each time, never shared
        assert got.details == {} and got.details is not Signal(*args).details
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.risk = 1.0  # type: ignore[misc]
    assert dataclasses.replace(got, effect=-3.0).__dict__ == {**got.__dict__, "effect": -3.0}


@settings(max_examples=150, deadline=None)
@given(posts=st.lists(tied_post, min_size=0, max_size=40), steps=st.lists(step, max_size=16),
       followers=st.integers(0, 90_000), norm=norms)
def test_the_job_skips_only_the_explanation_which_no_stored_row_holds(posts, steps, followers, norm):
    series, t, n = [], T0, float(followers or 1)
    for gap, factor in steps:
        t, n = t + timedelta(days=gap), n * factor
        series.append((t, int(n)))
    inputs = AccountInputs(1, "instagram", followers, None, posts, series)
    full, lean = assess(inputs, norm, {}), assess(inputs, norm, {}, explained=False)
    assert lean.explanation == "" and full.explanation
    assert dataclasses.replace(lean, explanation=full.explanation) == full
    now = datetime(2026, 12, 1)
    assert repr(stored_row(1, 0, lean, None, None, now)) == repr(stored_row(1, 0, full, None, None, now))
