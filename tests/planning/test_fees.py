"""Fee estimates: the rate card alone without deals, moved by the workspace's agreed fees in proportion to how many
there are (shrinkage), pulled most by the creator's own, monotone in followers, narrower with more data, and
converted through the rate table (a missing rate named)."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reachroom.metrics.fees import estimate_fee
from reachroom.planning.evaluate import leave_one_out
from reachroom.planning.fees import AgreedFee, convert, fee_forecast


def _deals(n, factor, creator=None, followers=20_000.0):
    card = estimate_fee(followers, "instagram", "post").value
    return [AgreedFee(followers, "instagram", "post", card * factor, "GBP", creator) for _ in range(n)]


def test_without_deals_it_is_the_rate_card():
    f = fee_forecast(20_000, "instagram", "post", [])
    assert f.value == pytest.approx(estimate_fee(20_000, "instagram", "post").value)
    assert f.low < f.value < f.high and f.deals_used == 0 and "no agreed fees" in f.basis


def test_shrinkage_towards_the_card_with_few_deals_and_to_the_data_with_many():
    card = estimate_fee(20_000, "instagram", "post").value
    one = fee_forecast(20_000, "instagram", "post", _deals(1, 2.0))
    many = fee_forecast(20_000, "instagram", "post", _deals(40, 2.0))
    assert card < one.value < many.value < 2 * card
    assert many.value == pytest.approx(2 * card, rel=0.05)
    assert (many.high / many.low) < (one.high / one.low)  # more data: a narrower interval


def test_the_creators_own_deals_pull_hardest():
    deals = _deals(20, 1.0) + _deals(3, 3.0, creator=7)
    theirs = fee_forecast(20_000, "instagram", "post", deals, creator=7)
    anyone = fee_forecast(20_000, "instagram", "post", deals, creator=8)
    assert theirs.value > 1.8 * anyone.value and "this creator's own" in theirs.basis


@given(st.floats(500, 2_000_000), st.floats(1.05, 10), st.integers(0, 12))
def test_monotone_in_followers(followers, more, n):
    deals = _deals(n, 1.3)
    a = fee_forecast(followers, "tiktok", "video", deals)
    b = fee_forecast(followers * more, "tiktok", "video", deals)
    assert b.value >= a.value * (1 - 1e-9) and a.low <= a.value <= a.high


def test_currencies_go_through_the_rate_table():
    rates = {("EUR", "GBP"): 0.85}
    assert convert(100, "EUR", "GBP", rates) == pytest.approx(85)
    assert convert(85, "GBP", "EUR", rates) == pytest.approx(100)
    card_eur = estimate_fee(20_000, "instagram", "post").value / 0.85
    deals = [AgreedFee(20_000, "instagram", "post", card_eur * 2, "EUR")] * 30
    assert fee_forecast(20_000, "instagram", "post", deals, "GBP", rates).value == pytest.approx(
        2 * estimate_fee(20_000, "instagram", "post").value, rel=0.05)
    with pytest.raises(ValueError, match="currency: no rate from USD to GBP"):
        fee_forecast(20_000, "instagram", "post", [AgreedFee(20_000, "instagram", "post", 100, "USD")], "GBP", rates)
    assert math.isfinite(fee_forecast(20_000, "instagram", "post", [], "EUR", rates).value)


def test_leave_one_out_calibration_holds_near_its_level_and_beats_the_card():
    """Deals drawn as the card × 0.6 × log-normal noise: held out one at a time, the 80% interval holds about 80%
    of them, and the estimate is closer than the card alone (which does not know the workspace pays less)."""
    rng = random.Random(7)
    deals = []
    for i in range(240):
        followers = math.exp(rng.uniform(math.log(2_000), math.log(90_000)))
        platform = rng.choice(["instagram", "tiktok"])
        card = estimate_fee(followers, platform, "post").value
        deals.append(AgreedFee(followers, platform, "post", card * 0.6 * math.exp(rng.gauss(0, 0.35)), "GBP", i))
    out = leave_one_out(deals)
    assert out["deals"] == 240
    assert 0.72 <= out["model"]["coverage"] <= 0.88, out
    assert out["model"]["median_abs_log_error"] < out["card"]["median_abs_log_error"], out
