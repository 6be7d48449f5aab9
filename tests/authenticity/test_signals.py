"""Creator-level signals on hand-made data, and the score built from them."""

import random
from datetime import datetime, timedelta

import numpy as np
import pytest

from reachroom.authenticity.assess import AccountInputs, StatsView, assess, norms_from_arrays
from reachroom.authenticity.comment_signals import comment_kind, comment_quality_signal, pod_signal
from reachroom.authenticity.score import WEIGHTS, combine, level_of
from reachroom.authenticity.signals import (
    CommentPoint,
    PostPoint,
    engagement_signal,
    growth_signal,
    likes_comments_signal,
    published_norms,
    reachability_signal,
    suspicious_followers_signal,
    views_signal,
)

START = datetime(2026, 1, 1)


def weekly_series(weeks=30, start=10_000, growth=0.006, jump_week=None, jump=0.0, noise=0.002, seed=1):
    rng = random.Random(seed)
    out, f = [], float(start)
    for w in range(weeks):
        f *= 1 + growth
        if jump_week is not None and w == jump_week:
            f *= 1 + jump
        out.append((START + timedelta(weeks=w), int(f * (1 + rng.gauss(0, noise)))))
    return out


def posts_every(days=3, weeks=30, likes=300, comments=12, views=None, seed=2, special=None):
    rng = random.Random(seed)
    out = []
    for i in range(weeks * 7 // days):
        at = START + timedelta(days=i * days, hours=12)
        k = rng.uniform(0.8, 1.25)
        out.append(PostPoint(i + 1, at, int(likes * k), int(comments * k), int(views * k) if views else None))
    for at, mult in special or []:
        out.append(PostPoint(10_000 + len(out), at, likes * mult, comments * mult, views * mult if views else None))
    return out


# ---- growth anomalies -------------------------------------------------------------------------------------------


def test_step_change_without_a_viral_post_is_flagged():
    series = weekly_series(jump_week=15, jump=0.6)
    s = growth_signal(series, posts_every())
    assert s.available and s.flagged and s.risk >= 0.8
    spikes = [x for x in s.details["spikes"] if x["kind"] == "spike"]
    assert len(spikes) == 1 and spikes[0]["explained_by"] is None and spikes[0]["persistent"]
    assert spikes[0]["at"].startswith(series[15][0].date().isoformat())
    assert "no viral post" in s.sentence


def test_organic_growth_is_not_flagged():
    for seed in range(5):
        s = growth_signal(weekly_series(growth=0.012, noise=0.003, seed=seed), posts_every(seed=seed))
        assert s.available and s.risk == 0 and not s.details["spikes"], s.evidence


def test_a_viral_post_explains_a_spike():
    series = weekly_series(jump_week=15, jump=0.12)
    viral_at = series[14][0] + timedelta(days=3)
    s = growth_signal(series, posts_every(special=[(viral_at, 15)]))
    spikes = s.details["spikes"]
    assert len(spikes) == 1 and spikes[0]["explained_by"] is not None
    assert spikes[0]["explained_by"]["post_id"] >= 10_000
    assert s.risk == 0 and not s.flagged


def test_a_normal_post_does_not_explain_a_huge_jump():
    series = weekly_series(jump_week=15, jump=0.8)
    near = series[14][0] + timedelta(days=3)
    s = growth_signal(series, posts_every(special=[(near, 1)]))
    assert s.flagged


def test_growth_needs_enough_snapshots():
    s = growth_signal(weekly_series(weeks=4), [])
    assert not s.available and s.confidence == 0


# ---- comments: quality and pods -------------------------------------------------------------------------------


def test_comment_kinds():
    assert comment_kind("😍😍🔥") == "emoji"
    assert comment_kind("Love this! 🔥") == "generic"
    assert comment_kind("Amazing post 👏") == "generic"
    assert comment_kind("Which lens did you use for the second photo?") == "specific"
    assert comment_kind("DM us to collab, check my page") == "spam"


def _comments(handles_per_post, texts):
    out = []
    for post, handles in enumerate(handles_per_post, start=1):
        for j, h in enumerate(handles):
            out.append(CommentPoint(post, h, texts[(post + j) % len(texts)]))
    return out


def test_pod_is_detected_on_overlapping_commenters():
    ring = ["ana.b", "tom_k", "lu.x", "mia.r", "jo.f", "sam.t"]
    rng = random.Random(3)
    per_post = [rng.sample(ring, 5) + [f"fan{p}"] for p in range(5)]
    s = pod_signal(_comments(per_post, ["Love this! 🔥", "Amazing 👏", "So good 😍", "Wow 🙌"]))
    assert s.available and s.flagged and s.risk >= 0.9
    assert s.details["repeaters"] == 6
    assert any("@" in e["text"] for e in s.evidence)


def test_diverse_commenters_are_not_a_pod():
    per_post = [[f"user{p}_{j}" for j in range(6)] for p in range(5)]
    s = pod_signal(_comments(per_post, ["Recipe please?", "Where is this?", "Love it"]))
    assert s.available and s.risk == 0 and not s.flagged


def test_loyal_fans_writing_specific_comments_weigh_less_than_a_pod():
    ring = ["ana.b", "tom_k", "lu.x", "mia.r"]
    per_post = [ring + [f"u{p}{j}" for j in range(2)] for p in range(5)]
    generic = pod_signal(_comments(per_post, ["Love this!", "Amazing", "So good"]))
    specific = pod_signal(_comments(per_post, ["What flour did you use?", "Trying the sauce tonight, thanks",
                                               "How long in the oven?"]))
    assert specific.risk < generic.risk


def test_comment_quality():
    low = comment_quality_signal([CommentPoint(1, f"u{i}", t) for i, t in
                                  enumerate(["Love this! 🔥", "🔥🔥", "Nice", "Amazing post", "wow"] * 6)])
    high = comment_quality_signal([CommentPoint(1, f"u{i}", f"Which size is the jacket in photo {i}?")
                                   for i in range(30)])
    assert low.flagged and low.risk == 1 and low.details["duplicate_share"] > 0.9
    assert high.risk == 0 and not high.flagged
    assert not comment_quality_signal([CommentPoint(1, "a", "hi")]).available


# ---- engagement and structure ---------------------------------------------------------------------------------


def test_engagement_too_low_and_too_high_vs_peers():
    low = engagement_signal("instagram", 12_000, 0.004, "followers", 1.0, 400, 12, "10k-20k")
    mid = engagement_signal("instagram", 12_000, 0.02, "followers", 50.0, 400, 12, "10k-20k")
    high = engagement_signal("instagram", 12_000, 0.2, "followers", 99.9, 400, 12, "10k-20k")
    assert low.flagged and low.direction == "low"
    assert mid.risk == 0 and mid.direction is None
    assert high.risk > 0 and high.direction == "high"
    assert high.risk < low.risk  # a very engaged audience is weaker evidence than a silent one
    thin = engagement_signal("instagram", 12_000, 0.004, "followers", 1.0, 400, 2, "10k-20k")
    assert thin.confidence < low.confidence
    assert not engagement_signal("instagram", 12_000, None, None, None, None, 0, None).available


def test_likes_per_comment_vs_peers():
    norms = published_norms("instagram", "micro")
    normal = likes_comments_signal(posts_every(likes=600, comments=20), "instagram", norms)
    pod = likes_comments_signal(posts_every(likes=600, comments=150), "instagram", norms)
    bought_likes = likes_comments_signal(posts_every(likes=6000, comments=10), "instagram", norms)
    assert normal.risk == 0
    assert pod.flagged and pod.direction == "low"
    assert bought_likes.risk > 0 and bought_likes.direction == "high"


def test_views_per_follower_low_means_an_audience_that_does_not_watch():
    norms = published_norms("tiktok", "micro")
    fine = views_signal(posts_every(likes=800, comments=10, views=16_000), "tiktok", 20_000, norms)
    silent = views_signal(posts_every(likes=80, comments=2, views=600), "tiktok", 20_000, norms)
    impossible = views_signal(posts_every(likes=900, comments=2, views=800), "tiktok", 20_000, norms)
    assert fine.risk == 0
    assert silent.flagged and silent.direction == "low"
    assert impossible.risk > 0 and any("more likes" in e["text"] for e in impossible.evidence)


def test_norms_from_the_catalogue_fall_back_when_groups_are_small():
    n = 100
    table = norms_from_arrays(["instagram"] * n + ["tiktok"] * 3, ["micro"] * n + ["nano"] * 3,
                              [300.0] * n + [100.0] * 3, [10.0] * n + [1.0] * 3, [0.0] * (n + 3),
                              [10_000.0] * (n + 3))
    assert table["instagram|micro"].likes_per_comment.source == "catalogue"
    assert table["instagram|micro"].likes_per_comment.median == pytest.approx(3.4012, abs=1e-3)
    assert table["tiktok|nano"].likes_per_comment.source == "published"


def test_a_tier_whose_comment_heavy_few_are_all_that_count_uses_the_platform_norm():
    """Nano accounts: 40 of 100 ordinary ones get a single comment per post (not counted), 35 comment-heavy
    ones (4 likes per comment) are: their median must not become the tier's norm. Micro: 60 of 100 count."""
    nano_likes = [40.0] * 65 + [40.0] * 35
    nano_comments = [1.0] * 65 + [10.0] * 35
    micro_likes, micro_comments = [300.0] * 60 + [300.0] * 40, [10.0] * 60 + [1.0] * 40
    table = norms_from_arrays(["instagram"] * 200, ["nano"] * 100 + ["micro"] * 100, nano_likes + micro_likes,
                              nano_comments + micro_comments, [0.0] * 200, [5_000.0] * 200)
    assert table["instagram|nano"].likes_per_comment == table["instagram"].likes_per_comment
    assert table["instagram|micro"].likes_per_comment.median == pytest.approx(np.log(30.0))
    assert table["instagram|micro"].likes_per_comment.n == 60


# ---- follower sample and the score ----------------------------------------------------------------------------


def fake_report(share, n=200, low=None, high=None, reach=0.8):
    return {"model_version": "t", "n": n,
            "suspicious_share": {"estimate": share, "low": low if low is not None else max(0, share - 0.05),
                                 "high": high if high is not None else min(1, share + 0.05),
                                 "raw_rate": share, "n": n, "n_flagged": int(share * n), "sensitivity": 0.9,
                                 "specificity": 0.97, "level": 0.95},
            "audience_types": {"observed": {"real": 1 - share, "influencers": 0, "mass_followers": 0,
                                            "suspicious": share}},
            "reachability": {"share": reach, "low": reach - 0.05, "high": reach + 0.05, "n": n, "k": int(reach * n)}}


def test_more_suspicious_followers_never_raise_the_score():
    scores = []
    for share in [i / 50 for i in range(51)]:
        r = fake_report(share, low=0.0, high=1.0)  # interval width does not change the confidence
        scores.append(combine([suspicious_followers_signal(r), reachability_signal(r)]).score)
    assert all(b <= a for a, b in zip(scores, scores[1:], strict=False))
    assert scores[0] == 100 and scores[-1] < 60


def test_score_is_monotone_in_suspicious_share_with_other_signals_present():
    base = AccountInputs(1, "instagram", 12_000,
                         StatsView("micro", "10k-20k", 0.025, "followers", 45.0, 300, 12),
                         posts_every(likes=300, comments=10), weekly_series())
    prev = 101.0
    for share in (0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.9):
        s = assess(base, None, fake_report(share)).score
        assert s <= prev
        prev = s


def test_confidence_drops_with_thin_data():
    full = AccountInputs(
        1, "instagram", 12_000, StatsView("micro", "10k-20k", 0.025, "followers", 45.0, 300, 12),
        posts_every(likes=300, comments=10), weekly_series(),
        [CommentPoint(p, f"user{p}_{j}", "Where is this?") for p in range(1, 5) for j in range(8)])
    rich = assess(full, None, fake_report(0.1))
    no_sample = assess(full, None, {})
    thin = assess(AccountInputs(2, "instagram", 12_000), None, {})
    assert rich.confidence > no_sample.confidence > thin.confidence
    assert thin.confidence == 0 and thin.score == 100
    assert "not measured yet" in thin.explanation


def test_levels_and_movers():
    assert [level_of(x) for x in (95, 80, 60, 20)] == ["excellent", "good", "caution", "high_risk"]
    result = assess(AccountInputs(1, "instagram", 12_000,
                                  StatsView("micro", "10k-20k", 0.002, "followers", 0.5, 300, 12),
                                  posts_every(likes=30, comments=1), weekly_series(jump_week=15, jump=0.9)),
                    None, fake_report(0.6))
    assert result.level == "high_risk"
    keys = [s.key for s in result.movers]
    assert keys[0] == "suspicious_followers" and "growth_anomaly" in keys
    effect = sum(s.effect for s in result.signals)
    assert result.score == pytest.approx(max(0.0, 100 + effect))
    assert all(-WEIGHTS[s.key] <= s.effect <= 0 for s in result.signals)
    assert "bought" in result.explanation


def test_a_single_certain_red_flag_is_at_least_caution():
    inputs = AccountInputs(1, "instagram", 12_000, StatsView("micro", "10k-20k", 0.03, "followers", 60.0, 300, 12),
                           posts_every(likes=600, comments=200), weekly_series())
    result = assess(inputs)
    lc = next(s for s in result.signals if s.key == "likes_comments")
    assert lc.risk >= 0.9 and result.level == "caution"
