"""The deliverable forecast: which history it rests on (sponsored first, organic scaled, published reach ratios),
its interval by hand, and its calibration — on simulated creators whose next posts come from the same
distribution as their history, the 80% interval holds about 80% of the time."""

import math
import random

import pytest

from reachroom.metrics.forecast import (
    DEFAULT_SPONSORED_RATIO,
    MIN_LOG_SD,
    RATIO_LOG_SD,
    PastPost,
    Z,
    covered,
    forecast_deliverable,
)


def _posts(values, sponsored=False, fmt="image", metric="engagements"):
    return [PastPost(format=fmt, sponsored=sponsored, **{metric: v}) for v in values]


def test_organic_history_is_scaled_by_the_assumed_ratio_by_hand():
    f = forecast_deliverable(_posts([630] * 6), followers=20_000, platform="instagram", fmt="post", count=2)
    e = f.metrics["engagements"]
    var = MIN_LOG_SD ** 2 * (1 + 1 / 6) + RATIO_LOG_SD ** 2
    per_post = 630 * math.exp(var / 2) * DEFAULT_SPONSORED_RATIO
    var_mean = math.log(1 + (math.exp(var) - 1) / 2)
    assert e.expected == pytest.approx(2 * per_post)
    assert e.low == pytest.approx(2 * per_post * math.exp(-var_mean / 2 - Z * math.sqrt(var_mean)))
    assert e.high == pytest.approx(2 * per_post * math.exp(-var_mean / 2 + Z * math.sqrt(var_mean)))
    assert "organic" in e.basis and e.sample_size == 6
    assert f.metrics["views"] is None  # no post reported views
    reach = f.metrics["reach"]  # no reach history: the published share of followers (6% for 10k-100k), ±50%
    assert (reach.expected, reach.low, reach.high) == pytest.approx((2400, 1200, 3600))
    assert reach.basis.startswith("published ratio")


def test_sponsored_history_wins_and_a_measured_ratio_beats_the_assumed_one():
    paid = _posts([100, 120, 90], sponsored=True)
    f = forecast_deliverable(paid + _posts([1000] * 5), 10_000, "instagram", "post", 1)
    assert "sponsored posts" in f.metrics["engagements"].basis and f.metrics["engagements"].expected < 200
    two_paid = _posts([500, 500], sponsored=True) + _posts([1000] * 5)
    g = forecast_deliverable(two_paid, 10_000, "instagram", "post", 1)
    assert "ratio 0.50 measured on 2 sponsored posts" in g.metrics["engagements"].basis
    assert forecast_deliverable(_posts([5, 6]), 0, "instagram", "post", 1).metrics["engagements"] is None


def test_a_similar_format_is_preferred_when_there_are_enough():
    history = _posts([10_000] * 4, fmt="reel", metric="views") + _posts([100] * 4, fmt="image", metric="views")
    reel = forecast_deliverable(history, 5000, "instagram", "reel", 1).metrics["views"]
    post = forecast_deliverable(history, 5000, "instagram", "post", 1).metrics["views"]
    assert reel.expected > 50 * post.expected


@pytest.mark.parametrize("sigma,n,count", [(0.4, 8, 1), (0.8, 12, 3), (1.0, 30, 2)])
def test_the_interval_holds_about_80_percent_of_the_time(sigma, n, count):
    rng = random.Random(20261205)
    hits = trials = 0
    for _ in range(1500):
        mu = rng.uniform(5, 10)
        history = [PastPost("image", True, engagements=round(math.exp(rng.gauss(mu, sigma)))) for _ in range(n)]
        actual = sum(math.exp(rng.gauss(mu, sigma)) for _ in range(count))
        f = forecast_deliverable(history, 10_000, "instagram", "post", count).metrics["engagements"]
        hits += covered(actual, f)
        trials += 1
    assert 0.72 <= hits / trials <= 0.9, hits / trials
