"""What a creator will likely charge for a deliverable, with an interval (issue #16): the published rate card as the
prior (`metrics/fees.py`, METRICS.md §4), updated by the workspace's own agreed fees and accepted bids and, most of
all, by the creator's own — each shrunk towards the level above it in proportion to how few there are. Pure
functions over plain values: no database, no settings.

Model, on the log scale: fee = rate card × e^(b + c + ε), with b the workspace's offset from the card
(prior N(0, τ_b²)), c the creator's offset from the workspace (prior N(0, σ²): creators differ as deals do) and ε a
deal's own noise (σ between creators, estimated from the workspace's fees when it has enough, else the card's
published spread; half of it within one creator's deals).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reachroom.metrics.fees import estimate_fee

Z80 = 1.2816  # two-sided 80% interval
TAU_WORKSPACE = 0.5  # how far a workspace's deals may sit from the card (log): a factor of about 1.6
WITHIN_CREATOR = 0.5  # a creator's own deals vary about half as much as deals across creators
SIGMA_CARD = math.log(1.6) / Z80  # the card's published ×0.5–×1.6 spread as a log-sd (≈ 0.37)
MIN_DEALS_FOR_SIGMA = 8  # fewer of the workspace's own deals: keep the card's spread


@dataclass(frozen=True)
class AgreedFee:
    """A fee the workspace agreed (accepted terms or an accepted bid) for one deliverable."""

    followers: float
    platform: str
    format: str
    amount: float
    currency: str
    creator: int | None = None  # whose fee it was


@dataclass(frozen=True)
class FeeForecast:
    """A fee estimate with its 80% interval, in `currency`, and what it rests on."""

    value: float
    low: float
    high: float
    currency: str
    basis: str
    deals_used: int


def convert(amount: float, currency: str, to: str, rates: Mapping[tuple[str, str], float]) -> float:
    """`amount` in `to`, at the table's rate (either direction); ValueError naming the pair when it has none."""
    if currency == to:
        return amount
    if (currency, to) in rates:
        return amount * rates[(currency, to)]
    if (to, currency) in rates and rates[(to, currency)] > 0:
        return amount / rates[(to, currency)]
    raise ValueError(f"currency: no rate from {currency} to {to} in the rate table")


def _card(followers: float, platform: str, fmt: str, currency: str, rates: Mapping[tuple[str, str], float]) -> float:
    card = estimate_fee(followers, platform, fmt)
    return convert(card.value, card.currency, currency, rates)


def _shrunk(residuals: Sequence[float], sigma: float, tau: float) -> tuple[float, float]:
    """(mean, variance) of an offset with prior N(0, tau²) after `residuals` with noise sigma (normal–normal)."""
    n = len(residuals)
    if n == 0:
        return 0.0, tau * tau
    precision = n / (sigma * sigma) + 1 / (tau * tau)
    return (sum(residuals) / (sigma * sigma)) / precision, 1 / precision


def fee_forecast(followers: float, platform: str, fmt: str, deals: Sequence[AgreedFee], currency: str = "GBP",
                 rates: Mapping[tuple[str, str], float] | None = None, creator: int | None = None) -> FeeForecast:
    """The fee of `fmt` on `platform` for an account with `followers`, in `currency`: the card, moved by the
    workspace's offset and, when the creator has deals of their own, by theirs; the interval is what is left
    uncertain (a deal's own spread, and not knowing each offset exactly)."""
    rates = rates or {}
    prior = _card(followers, platform, fmt, currency, rates)
    residuals = [math.log(max(convert(d.amount, d.currency, currency, rates), 1.0)
                          / _card(d.followers, d.platform, d.format, currency, rates)) for d in deals]
    sigma = SIGMA_CARD  # spread between deals of different creators
    if len(residuals) >= MIN_DEALS_FOR_SIGMA:
        sigma = max(statistics.stdev(residuals), 0.15)
    b, var_b = _shrunk(residuals, sigma, TAU_WORKSPACE)
    own = [r - b for r, d in zip(residuals, deals, strict=True) if creator is not None and d.creator == creator]
    if own:  # the creator's level, shrunk towards the workspace's; their own deals vary less than across creators
        within = sigma * WITHIN_CREATOR
        c, var_c = _shrunk(own, within, sigma)
        variance = within * within + var_c + var_b
    else:
        c, variance = 0.0, sigma * sigma + var_b
    centre = math.log(prior) + b + c
    spread = Z80 * math.sqrt(variance)
    basis = (f"rate card {prior:,.0f} {currency}"
             + (f" × {math.exp(b):.2f} from {len(residuals)} of this workspace's agreed fees" if deals else
                " (no agreed fees of this workspace yet)")
             + (f" × {math.exp(c):.2f} from {len(own)} of this creator's own" if own else ""))
    return FeeForecast(math.exp(centre), math.exp(centre - spread), math.exp(centre + spread), currency, basis,
                       len(residuals))
