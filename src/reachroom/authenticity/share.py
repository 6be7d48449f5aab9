"""Suspicious-follower share, audience types and reachability from a follower sample (METRICS.md §5).

Share estimate
    Counting predicted fakes is biased: with sensitivity ``se`` and specificity ``sp`` the expected flagged
    rate is ``p_obs = se*theta + (1-sp)*(1-theta)``. The Rogan–Gladen estimator inverts that,
    ``theta = (p_obs + sp - 1) / (se + sp - 1)``, clipped to [0, 1]. Its interval is a Monte Carlo over the
    three sources of uncertainty, so it widens both for small samples and for uncertain error rates:

    * the flagged rate: Jeffreys posterior ``Beta(x + 1/2, n - x + 1/2)`` for ``x`` flagged of ``n``;
    * sensitivity and specificity: Beta distributions with the cross-validated mean and an SD that combines
      binomial error with the spread between the two training collections (stored in the model metadata);

    with a fixed seed, so the same sample always gives the same interval. The evaluation (docs/authenticity.md)
    compares this with the mean calibrated probability (with and without EM prior adjustment) on simulated
    follower samples; Rogan–Gladen is used because it is prior-free and its interval covers better.

Audience types (HypeAuditor's vocabulary): *suspicious* = predicted fake; otherwise *mass followers* = following
> 1,500; otherwise *influencers* = followers > 5,000 and following < 1,500; otherwise *real*.
Reachability = share of followers who follow fewer than 1,500 accounts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .features import _num

MASS_FOLLOWING = 1500
INFLUENCER_FOLLOWERS = 5000
DEFAULT_LEVEL = 0.95
_DRAWS = 4000
_SEED = 20240917


@dataclass(frozen=True)
class ShareEstimate:
    estimate: float  # corrected share of fake/suspicious followers, 0..1
    low: float
    high: float
    raw_rate: float  # share flagged by the classifier (uncorrected)
    n: int
    n_flagged: int
    sensitivity: float
    specificity: float
    level: float
    method: str = "rogan-gladen"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rogan_gladen(p_obs: float | np.ndarray, sensitivity: float | np.ndarray, specificity: float | np.ndarray):
    """(p_obs + spec - 1) / (sens + spec - 1), clipped to [0, 1]."""
    denom = np.asarray(sensitivity) + np.asarray(specificity) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (np.asarray(p_obs) + np.asarray(specificity) - 1.0) / denom
    est = np.clip(np.where(denom > 0, est, np.asarray(p_obs)), 0.0, 1.0)
    return float(est) if np.ndim(est) == 0 else est


def _beta_params(mean: float, sd: float) -> tuple[float, float]:
    """Method-of-moments Beta(a, b) with the given mean and sd (sd shrunk if infeasible)."""
    mean = min(max(mean, 1e-4), 1 - 1e-4)
    var = min(max(sd, 1e-4) ** 2, mean * (1 - mean) * 0.99)
    k = mean * (1 - mean) / var - 1.0
    return mean * k, (1 - mean) * k


def estimate_fake_share(
    n_flagged: int,
    n: int,
    sensitivity: float,
    specificity: float,
    sensitivity_sd: float = 0.0,
    specificity_sd: float = 0.0,
    level: float = DEFAULT_LEVEL,
    draws: int = _DRAWS,
    seed: int = _SEED,
) -> ShareEstimate:
    """Rogan–Gladen corrected share with a Monte Carlo interval (sample size + error-rate uncertainty)."""
    if n <= 0:
        raise ValueError("need at least one follower to estimate a share")
    if not 0 <= n_flagged <= n:
        raise ValueError(f"n_flagged={n_flagged} must be between 0 and n={n}")
    p_obs = n_flagged / n
    point = rogan_gladen(p_obs, sensitivity, specificity)
    rng = np.random.default_rng(seed)
    p = rng.beta(n_flagged + 0.5, n - n_flagged + 0.5, draws)
    se = (
        rng.beta(*_beta_params(sensitivity, sensitivity_sd), draws)
        if sensitivity_sd > 0
        else np.full(draws, sensitivity)
    )
    sp = (
        rng.beta(*_beta_params(specificity, specificity_sd), draws)
        if specificity_sd > 0
        else np.full(draws, specificity)
    )
    ok = se + sp - 1.0 > 0.05  # a classifier no better than chance says nothing about the share
    theta = rogan_gladen(p[ok], se[ok], sp[ok])
    alpha = (1 - level) / 2
    if np.size(theta) == 0:  # error rates no better than chance: the sample says nothing about the share
        low, high = 0.0, 1.0
    else:
        low, high = (float(q) for q in np.quantile(theta, [alpha, 1 - alpha]))
    return ShareEstimate(
        estimate=float(point),
        low=min(low, point),
        high=max(high, point),
        raw_rate=p_obs,
        n=n,
        n_flagged=int(n_flagged),
        sensitivity=float(sensitivity),
        specificity=float(specificity),
        level=level,
    )


def estimate_share_from_flags(flags: Sequence[int] | np.ndarray, error_rates: Mapping[str, Any], **kw) -> ShareEstimate:
    """Share estimate from per-account 0/1 flags and a model's ``error_rates`` metadata."""
    flags = np.asarray(flags).astype(bool)
    return estimate_fake_share(
        int(flags.sum()),
        int(flags.size),
        float(error_rates["sensitivity"]),
        float(error_rates["specificity"]),
        float(error_rates.get("sensitivity_sd", 0.0)),
        float(error_rates.get("specificity_sd", 0.0)),
        **kw,
    )


# ---- alternatives (kept for the evaluation in evaluate.simulate_share) ------------------------------------------


def mean_probability_share(prob: np.ndarray) -> float:
    """Mean calibrated P(fake). Biased towards the calibration prior (50%) under prior shift."""
    return float(np.mean(prob)) if len(prob) else math.nan


def em_prior_share(prob: np.ndarray, train_prior: float = 0.5, iters: int = 200, tol: float = 1e-7) -> float:
    """Saerens–Latinne–Decaestecker EM: re-estimate the prior of calibrated probabilities on a new sample."""
    prob = np.clip(np.asarray(prob, dtype=np.float64), 1e-6, 1 - 1e-6)
    if not len(prob):
        return math.nan
    pi = float(np.mean(prob))
    for _ in range(iters):
        num = prob * pi / train_prior
        adj = num / (num + (1 - prob) * (1 - pi) / (1 - train_prior))
        new = float(np.mean(adj))
        if abs(new - pi) < tol:
            pi = new
            break
        pi = new
    return pi


# ---- audience types and reachability ----------------------------------------------------------------------------


def wilson_interval(k: int, n: int, level: float = DEFAULT_LEVEL) -> tuple[float, float]:
    if n <= 0:
        return (0.0, 1.0)
    z = {0.9: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}.get(level)
    if z is None:
        from statistics import NormalDist

        z = NormalDist().inv_cdf(0.5 + level / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def audience_type(followers: float, following: float, suspicious: bool) -> str:
    if suspicious:
        return "suspicious"
    if following > MASS_FOLLOWING:
        return "mass_followers"
    if followers > INFLUENCER_FOLLOWERS and following < MASS_FOLLOWING:
        return "influencers"
    return "real"


AUDIENCE_TYPES = ("real", "influencers", "mass_followers", "suspicious")


def audience_types(
    rows: Sequence[Mapping[str, Any]],
    flags: Sequence[int] | np.ndarray,
    share: ShareEstimate | None = None,
) -> dict[str, Any]:
    """Audience breakdown. ``observed``: per-account labels (suspicious = flagged by the classifier).
    ``adjusted`` (when ``share`` is given): suspicious = the corrected share estimate, the other three types
    scaled from their proportions among non-flagged accounts, so the shares still sum to 1."""
    if len(rows) != len(flags):
        raise ValueError("rows and flags differ in length")
    counts = dict.fromkeys(AUDIENCE_TYPES, 0)
    for row, flag in zip(rows, flags, strict=True):
        counts[audience_type(_num(row.get("followers")), _num(row.get("following")), bool(flag))] += 1
    n = len(rows)
    out: dict[str, Any] = {
        "n": n,
        "counts": counts,
        "observed": {k: (v / n if n else 0.0) for k, v in counts.items()},
    }
    if share is not None and n:
        clean = n - counts["suspicious"]
        rest = 1.0 - share.estimate
        adjusted = {k: (counts[k] / clean * rest if clean else rest / 3) for k in AUDIENCE_TYPES[:3]}
        adjusted["suspicious"] = share.estimate
        out["adjusted"] = adjusted
    return out


def reachability(rows: Iterable[Mapping[str, Any]], level: float = DEFAULT_LEVEL) -> dict[str, Any]:
    """Share of followers following fewer than 1,500 accounts, with a Wilson interval."""
    following = [_num(r.get("following")) for r in rows]
    known = [f for f in following if not math.isnan(f)]
    k = sum(f < MASS_FOLLOWING for f in known)
    n = len(known)
    low, high = wilson_interval(k, n, level)
    return {"share": (k / n if n else math.nan), "low": low, "high": high, "n": n, "k": k}


def follower_sample_report(rows: Sequence[Mapping[str, Any]], model: Any = None) -> dict[str, Any]:
    """Everything the authenticity signal needs from one follower sample: per-account P(fake), thresholds and
    flags (the operating point depends on which optional columns a row has), the corrected suspicious share
    with its interval, audience types and reachability. ``rows`` as returned by ``parse_follower_csv``."""
    from .classifier import load_model

    model = model or load_model()
    rows = list(rows)
    prob, flags, X = model.classify_rows(rows)
    share = estimate_share_from_flags(flags, model.error_rates_for(X))
    return {
        "model_version": model.version,
        "thresholds": [round(float(t), 4) for t in model.thresholds_for(X)],
        "n": len(rows),
        "probabilities": [round(float(p), 4) for p in prob],
        "flags": flags.tolist(),
        "suspicious_share": share.to_dict(),
        "audience_types": audience_types(rows, flags, share),
        "reachability": reachability(rows),
    }
