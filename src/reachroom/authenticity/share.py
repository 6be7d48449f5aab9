"""Suspicious-follower share, audience types and reachability from a follower sample (METRICS.md §5).

Share estimate (``mixture_share``, the one reported)
    The whole sample's scores, not a count of flags: each follower's calibrated log-odds ``s`` is modelled as
    drawn from ``theta * f_fake(s - d1) + (1 - theta) * f_genuine(s - d0)``, where ``f_*`` are the score densities
    of each class for that follower's column pattern (from the training procedure's out-of-fold scores) and
    ``d1, d0`` are unknown shifts between the training collections and this sample, with a normal prior whose
    SD is the shift measured by leave-one-collection-out training (``tau``, per pattern and class). ``theta``
    has a weak Beta prior. The posterior of ``theta`` is computed on a grid, marginalising the shifts, so the
    interval reflects both the sample size and the transfer uncertainty; the estimate is its median.

    Transfer confusion: a shift moves a whole class; it cannot say "some of this collection's fakes look
    genuine to the model" (a kind of fake the training collections label genuine-looking). So each class's
    template on a new collection is itself a mixture, ``f1' = (1 - e1) f1 + e1 f0`` and
    ``f0' = (1 - e0) f0 + e0 f1``, with ``e0, e1`` half-normal with the SDs measured leaving each collection out
    (``TRANSFER_CONFUSION_SD``). The sample identifies only the effective share
    ``t = theta (1 - e1) + (1 - theta) e0``, so the posterior of ``theta`` is the effective-share likelihood
    mapped through the prior of ``e0, e1``: the interval widens with the share, and its median moves up by
    what a typical confusion hides.

Flags (``assess_sample``)
    The same fit says, for each follower, how likely it is fake given its whole sample (``fit_mixture``): a
    follower is flagged at ``FLAG_PROBABILITY``, so a collection whose genuine followers all score fake-like
    (a shift the fit learns) does not get them flagged, as fixed per-pattern thresholds would.

Rogan–Gladen (``estimate_fake_share``, kept for comparison)
    Counting flags corrected with sensitivity ``se`` and specificity ``sp``:
    ``theta = (p_obs + sp - 1) / (se + sp - 1)``, clipped to [0, 1], with a Monte Carlo interval over the
    flagged rate (Jeffreys) and Beta-distributed error rates.

Audience types (HypeAuditor's vocabulary): *suspicious* = flagged; otherwise *mass followers* = following
> 1,500; otherwise *influencers* = followers > 5,000 and following < 1,500; otherwise *real*.
Reachability = share of followers who follow fewer than 1,500 accounts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from .classifier import FakeFollowerModel, ScoreTemplates, column_patterns, sigmoid
from .features import FEATURE_NAMES, _num

MASS_FOLLOWING = 1500
INFLUENCER_FOLLOWERS = 5000
DEFAULT_LEVEL = 0.95
_DRAWS = 4000
_SEED = 20240917
#: Beta(a, b) prior of the fake share: weak, centred on the published 10-25% of real audiences (mean 0.27).
SHARE_PRIOR = (1.5, 4.0)
_THETA_GRID = np.linspace(0.0, 1.0, 401)
_SHIFT_Z = np.linspace(-2.5, 2.5, 7)  # shift nodes in units of shift_sd (normal prior weights)
_SCORE_STEP = 0.05  # scores are pooled to this resolution before the likelihood (bounds the cost)
#: Half-normal prior SD of the share of genuine (0) and fake (1) followers that score like the other class on a
#: new collection, used when the model's templates carry none (``confusion_sd``, per pattern, from
#: ``train.confusion_prior``): none, the estimator of models trained before method auth-2026.12.3.
TRANSFER_CONFUSION_SD = np.array([0.0, 0.0])
_CONF_Z = np.linspace(0.0, 2.5, 11)  # confusion nodes in units of its SD (half-normal weights)
_FLAG_THETA_BIN = 10  # grid steps of the share pooled per bin when averaging rows' P(fake) (400 / 10 = 40 bins)
#: a follower is flagged when its P(fake) given its whole sample (``fit_mixture``) is at least this. One number for
#: every column pattern (the templates already make a sparse row less certain), chosen leaving one collection out:
#: the smallest of 0.50, 0.55, 0.60 … whose false-alarm rate on synthetic samples of the left-out collection is
#: <= 5% in both directions and every simulated column scenario (0.50 gave 5.2% counts only; docs/authenticity.md).
FLAG_PROBABILITY = 0.55


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
    #: the model's own lower bound, before it was stretched down for quiet followers (None: not stretched)
    low_model: float | None = None
    #: expected fakes among the sample's quiet followers under the model (what the stretch takes off)
    quiet_fakes: float = 0.0

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


def score_density(scores: np.ndarray, weights: np.ndarray, grid: np.ndarray, bandwidth: float = 0.6,
                  floor: float = 0.02) -> np.ndarray:
    """Weighted Gaussian kernel density of ``scores`` on ``grid`` (mixed with ``floor`` of a uniform)."""
    scores = np.clip(np.asarray(scores, dtype=np.float64), grid[0], grid[-1])
    w = np.asarray(weights, dtype=np.float64)
    step = float(grid[1] - grid[0])
    if not len(scores) or w.sum() <= 0:
        return np.full(len(grid), 1.0 / (step * len(grid)))
    k = np.exp(-0.5 * ((grid[:, None] - scores[None, :]) / bandwidth) ** 2) @ w
    k = k / (k.sum() * step)
    return (1 - floor) * k + floor / (step * len(grid))


def _pool(
    logit: np.ndarray, pattern: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(unique score, its pattern, total weight, each row's unique index): the sample pooled to _SCORE_STEP so the
    likelihood stays cheap."""
    q = np.round(np.asarray(logit, dtype=np.float64) / _SCORE_STEP).astype(np.int64)
    keys, inverse = np.unique(np.stack([np.asarray(pattern, dtype=np.int64), q]), axis=1, return_inverse=True)
    w = np.ones(len(q)) if weights is None else np.asarray(weights, dtype=np.float64)
    inverse = inverse.ravel()
    return keys[1] * _SCORE_STEP, keys[0], np.bincount(inverse, weights=w, minlength=keys.shape[1]), inverse


def _pooled_scores(
    logit: np.ndarray, pattern: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unique score, its pattern, total weight) of :func:`_pool`."""
    return _pool(logit, pattern, weights)[:3]


def _class_likelihoods(score: np.ndarray, pattern: np.ndarray, templates: ScoreTemplates, cls: int,
                       scale: float = 1.0) -> np.ndarray:
    """(len(_SHIFT_Z), U) density of each pooled score under class ``cls`` shifted by z * scale * tau."""
    out = np.empty((len(_SHIFT_Z), len(score)))
    for p in np.unique(pattern):
        m = pattern == p
        tau = scale * templates.shift_sd[p, cls]
        for k, z in enumerate(_SHIFT_Z):
            out[k, m] = np.interp(score[m] - z * tau, templates.grid, templates.density[p, cls])
    return np.maximum(out, 1e-300)


def _shift_terms(
    score: np.ndarray, pat: np.ndarray, count: np.ndarray, templates: ScoreTemplates
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(terms, f0, f1): terms[j, k, t] = the pooled sample's log-likelihood at share _THETA_GRID[t] with the genuine
    class shifted to node j and the fakes to node k (plus the nodes' log prior weights); f0, f1 the class
    densities of each pooled score at each node."""
    f0 = _class_likelihoods(score, pat, templates, 0)
    f1 = _class_likelihoods(score, pat, templates, 1)
    theta = _THETA_GRID[:, None]
    log_z = -0.5 * _SHIFT_Z**2
    # terms[j, k] = log(theta * f1[k] + (1 - theta) * f0[j]) @ count + log_z[j] + log_z[k], seven k at a time:
    # the same operations on the same numbers (tests/authenticity/test_share_fast_path.py), a fifth of the calls
    fake = theta * f1[:, None, :]  # (k, theta, U)
    genuine = (1 - theta) * f0[:, None, :]  # (j, theta, U)
    terms = np.empty((len(_SHIFT_Z), len(_SHIFT_Z), len(_THETA_GRID)))
    buf = np.empty_like(fake)
    for j in range(len(_SHIFT_Z)):
        np.add(genuine[j], fake, out=buf)
        np.log(buf, out=buf)
        terms[j] = buf @ count + log_z[j] + log_z[:, None]
    return terms, f0, f1


def _share_posterior(terms: np.ndarray, pat: np.ndarray, count: np.ndarray, templates: ScoreTemplates,
                     prior: tuple[float, float]) -> np.ndarray:
    """Posterior over _THETA_GRID of the fake share from the shift terms (shifts and confusion marginalised)."""
    log_prior = _log_beta_prior(*prior)
    lik = np.exp(terms - terms.max()).sum(axis=(0, 1))  # likelihood of the effective share on _THETA_GRID
    if templates.confusion_sd is None:
        conf = TRANSFER_CONFUSION_SD
    else:  # the sample's patterns, weighted by their rows
        conf = (np.asarray(templates.confusion_sd)[pat] * count[:, None]).sum(axis=0) / count.sum()
    lik = confusion_marginal(lik, conf)
    post = lik * np.exp(log_prior - log_prior.max())
    return post / post.sum()


def mixture_posterior(
    logit: Sequence[float] | np.ndarray,
    pattern: Sequence[int] | np.ndarray,
    templates: ScoreTemplates,
    prior: tuple[float, float] = SHARE_PRIOR,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Posterior over _THETA_GRID of the fake share (the classes' score shifts marginalised)."""
    score, pat, count = _pooled_scores(np.asarray(logit, dtype=np.float64), np.asarray(pattern), weights)
    terms, _, _ = _shift_terms(score, pat, count, templates)
    return _share_posterior(terms, pat, count, templates, prior)


def _pooled_fake_probability(terms: np.ndarray, f0: np.ndarray, f1: np.ndarray,
                             prior: tuple[float, float]) -> np.ndarray:
    """P(fake) of each pooled score given the whole sample: the mixture's posterior responsibility, averaged over
    the joint posterior of the share and both shifts (the share in bins of _FLAG_THETA_BIN grid steps)."""
    joint = terms + _log_beta_prior(*prior)
    w = np.exp(joint - joint.max())[:, :, :-1]  # the share 1 has no prior weight; the rest splits into equal bins
    shape = (*w.shape[:2], -1, _FLAG_THETA_BIN)
    bins = w.reshape(shape)
    wb = bins.sum(axis=3)
    theta = np.divide((bins * _THETA_GRID[:-1].reshape(-1, _FLAG_THETA_BIN)).sum(axis=3), wb,
                      out=np.zeros_like(wb), where=wb > 0)
    j, k, b = np.nonzero(wb > wb.max() * 1e-9)  # cells with any weight: usually a few dozen of the 1,960
    t = theta[j, k, b][:, None]
    fake = t * f1[k]
    resp = fake / (fake + (1 - t) * f0[j])
    weight = wb[j, k, b]
    return weight @ resp / weight.sum()


@dataclass(frozen=True)
class MixtureFit:
    """The whole-sample mixture: posterior of the fake share, and each row's P(fake) given the sample."""

    posterior: np.ndarray
    fake_probability: np.ndarray


def fit_mixture(
    logit: Sequence[float] | np.ndarray,
    pattern: Sequence[int] | np.ndarray,
    templates: ScoreTemplates,
    prior: tuple[float, float] = SHARE_PRIOR,
) -> MixtureFit:
    """The share's posterior (as :func:`mixture_posterior`) and every row's P(fake) under the fitted mixture.

    A row's probability is judged against the sample it came from: if this collection's genuine followers all
    score higher than the training collections' did, the fitted shift lowers every row's probability, where a
    fixed threshold would flag the quiet genuine ones. The transfer confusion is left out of the row
    probability: it widens the share's interval but cannot say which rows are the confused ones."""
    logit = np.asarray(logit, dtype=np.float64)
    score, pat, count, inverse = _pool(logit, np.asarray(pattern))
    terms, f0, f1 = _shift_terms(score, pat, count, templates)
    posterior = _share_posterior(terms, pat, count, templates, prior)
    pooled = _monotone_in_score(_pooled_fake_probability(terms, f0, f1, prior), pat)
    return MixtureFit(posterior, pooled[inverse])


def _monotone_in_score(prob: np.ndarray, pat: np.ndarray) -> np.ndarray:
    """Within each pattern (pooled scores come sorted by score), a higher score is never less likely fake: flat
    up to the least likely score, the running maximum above it. The kernel templates thin out beyond the
    training scores, where both classes fall to the uniform floor and their ratio back towards 1; without this
    the most extreme fakes (calibrated log-odds above ~9) would read as undecided."""
    out = prob.copy()
    for p in np.unique(pat):
        idx = np.flatnonzero(pat == p)
        v = prob[idx]
        lowest = int(np.argmin(v))
        v[:lowest] = v[lowest]
        v[lowest:] = np.maximum.accumulate(v[lowest:])
        out[idx] = v
    return out


def confusion_marginal(lik: np.ndarray, confusion_sd: Sequence[float] | np.ndarray) -> np.ndarray:
    """Likelihood of the true share on _THETA_GRID from that of the effective share ``lik``, marginalising the
    half-normal transfer confusion ``e0, e1`` (effective share ``theta (1 - e1) + (1 - theta) e0``)."""
    sd0, sd1 = (float(v) for v in np.asarray(confusion_sd, dtype=np.float64))
    if sd0 <= 0 and sd1 <= 0:
        return lik
    def nodes(sd: float) -> tuple[np.ndarray, np.ndarray]:  # confusion values (capped) and half-normal weights
        if sd <= 0:
            return np.zeros(1), np.ones(1)
        return np.minimum(_CONF_Z * sd, 0.45), np.exp(-0.5 * _CONF_Z**2)

    (e0, w0), (e1, w1) = nodes(sd0), nodes(sd1)
    theta = _THETA_GRID
    # every (a, b) node's interpolation and weight in one call each (elementwise the same numbers), then added up
    # one node after another in the loop's order (np.sum could pair them differently)
    shares = theta * (1 - e1)[None, :, None] + (1 - theta) * e0[:, None, None]  # (a, b, theta)
    weighted = (w0[:, None] * w1[None, :])[:, :, None] * np.interp(shares, _THETA_GRID, lik)
    out = np.zeros(len(theta))
    for node in weighted.reshape(-1, len(theta)):
        out += node
    return out


def _log_beta_prior(a: float, b: float) -> np.ndarray:
    """Unnormalised log Beta(a, b) density on _THETA_GRID (ends that are impossible get a very low value)."""
    inner = _THETA_GRID[1:-1]
    out = np.full(len(_THETA_GRID), -1e9)
    out[1:-1] = (a - 1) * np.log(inner) + (b - 1) * np.log1p(-inner)
    out[0] = 0.0 if a == 1 else (-1e9 if a > 1 else 1e9)
    out[-1] = 0.0 if b == 1 else (-1e9 if b > 1 else 1e9)
    return np.minimum(out, out[1:-1].max() + 50)


def share_from_posterior(
    posterior: np.ndarray,
    n: int,
    level: float = DEFAULT_LEVEL,
    flags: Sequence[int] | np.ndarray | None = None,
    error_rates: Mapping[str, Any] | None = None,
) -> ShareEstimate:
    """The share estimate of a posterior over _THETA_GRID: its median and equal-tailed interval."""
    cdf = np.cumsum(posterior)
    alpha = (1 - level) / 2
    low, est, high = (float(np.interp(q, cdf, _THETA_GRID)) for q in (alpha, 0.5, 1 - alpha))
    flagged = np.asarray(flags).astype(bool) if flags is not None else np.zeros(n, dtype=bool)
    rates = error_rates or {}
    return ShareEstimate(
        estimate=est,
        low=min(low, est),
        high=max(high, est),
        raw_rate=float(flagged.mean()) if flagged.size else 0.0,
        n=n,
        n_flagged=int(flagged.sum()),
        sensitivity=float(rates.get("sensitivity", math.nan)),
        specificity=float(rates.get("specificity", math.nan)),
        level=level,
        method="mixture",
    )


def mixture_share(
    logit: Sequence[float] | np.ndarray,
    pattern: Sequence[int] | np.ndarray,
    templates: ScoreTemplates,
    prior: tuple[float, float] = SHARE_PRIOR,
    level: float = DEFAULT_LEVEL,
    flags: Sequence[int] | np.ndarray | None = None,
    error_rates: Mapping[str, Any] | None = None,
) -> ShareEstimate:
    """Fake share from the whole sample's score distribution: posterior median and equal-tailed interval of the
    two-class mixture, the classes' shifts on a new collection marginalised under their transfer prior."""
    logit = np.asarray(logit, dtype=np.float64)
    if len(logit) == 0:
        raise ValueError("need at least one follower to estimate a share")
    posterior = mixture_posterior(logit, np.asarray(pattern, dtype=np.int64), templates, prior)
    return share_from_posterior(posterior, len(logit), level, flags, error_rates)


@dataclass(frozen=True)
class SampleAssessment:
    """A follower sample judged as a whole: the suspicious share, and which followers are flagged."""

    share: ShareEstimate
    flags: np.ndarray  # 0/1 per follower
    fake_probability: np.ndarray  # per follower: P(fake) given the sample (the model's own P(fake) without templates)


def _logit_of(model: FakeFollowerModel, X: np.ndarray, prob: np.ndarray | None) -> np.ndarray:
    if prob is None:
        return model.calibrated_logit(X)
    p = np.clip(np.asarray(prob, dtype=np.float64), 1e-15, 1 - 1e-15)
    return np.log(p) - np.log1p(-p)


def assess_sample(
    model: FakeFollowerModel, X: np.ndarray, prob: np.ndarray | None = None, patterns: np.ndarray | None = None,
) -> SampleAssessment:
    """Share and flags of one follower sample. With templates: the whole-sample mixture gives the share, and a
    follower is flagged when its P(fake) given the sample reaches FLAG_PROBABILITY; without (older models): the
    per-pattern thresholds flag and Rogan–Gladen corrects the count. ``patterns``: ``column_patterns(X)`` when
    already known (the job works them out once per batch)."""
    X = np.asarray(X, dtype=np.float64)
    logit = _logit_of(model, X, prob)
    if patterns is None:
        patterns = column_patterns(X)
    rates = model.error_rates_for(X, patterns)
    if model.templates is None or not len(logit):
        flags = (sigmoid(logit) >= model.thresholds_for(X)).astype(np.int64)
        return SampleAssessment(estimate_share_from_flags(flags, rates), flags, sigmoid(logit))
    fit = fit_mixture(logit, patterns, model.templates)
    flags = (fit.fake_probability >= FLAG_PROBABILITY).astype(np.int64)
    share = share_from_posterior(fit.posterior, len(logit), flags=flags, error_rates=rates)
    return SampleAssessment(stretched_for_quiet(share, quiet_mask(X), fit.fake_probability), flags,
                            fit.fake_probability)


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


#: a "quiet" follower: few followers, following a few hundred, hardly any posts. The training collections label
#: most such accounts fake (InstaFake 51 of 66, Kaggle 43 of 44), yet hand-labelled samples of real
#: micro-influencers' followers hold many real people like this (issue #12), so flags among them are doubtful.
QUIET_MAX_FOLLOWERS = 100
QUIET_FOLLOWING = (100, 1000)
QUIET_MAX_POSTS = 3


def quiet_mask(X: np.ndarray) -> np.ndarray:
    """Which followers are quiet (see QUIET_*), from the feature matrix (missing counts: not quiet)."""
    X = np.asarray(X, dtype=np.float64)
    followers, following, posts = (X[:, FEATURE_NAMES.index(c)] for c in ("log_followers", "log_following",
                                                                             "log_posts"))
    # the bounds through the same log1p as the features, so a count on a bound falls on the same side
    most_followers, fewest, most, most_posts = np.log1p(np.array(
        [QUIET_MAX_FOLLOWERS, *QUIET_FOLLOWING, QUIET_MAX_POSTS], dtype=np.float64))
    with np.errstate(invalid="ignore"):
        return ((followers < most_followers) & (following >= fewest) & (following <= most)
                & (posts <= most_posts))


def quiet_accounts(X: np.ndarray, flags: Sequence[int] | np.ndarray, share: ShareEstimate) -> dict[str, Any]:
    """How many followers are quiet (see QUIET_*), how many of those are flagged, the fakes the model expects among
    them, and the share's lower bound before it was stretched for them (None: not stretched)."""
    quiet = quiet_mask(X)
    return {"n": int(quiet.sum()), "flagged": int((quiet & (np.asarray(flags) == 1)).sum()),
            "expected_fakes": share.quiet_fakes, "share_low_model": share.low_model}


def stretched_for_quiet(share: ShareEstimate, quiet: np.ndarray, fake_probability: np.ndarray) -> ShareEstimate:
    """The share with its interval stretched down to the reading in which every quiet follower is a real person.

    The training collections call quiet followers fake; hand-labelled real audiences call many of them real
    (issue #12). Nothing here can tell which reading holds for a sample, so the interval covers both: its low end
    moves down by the expected fakes among the quiet followers (their P(fake) given the sample, summed) over n.
    The estimate stays the model's reading."""
    expected = float(np.asarray(fake_probability)[quiet].sum())
    if expected <= 0 or share.n <= 0:
        return share
    low = max(0.0, share.low - expected / share.n)
    return replace(share, low=low, low_model=share.low, quiet_fakes=round(expected, 2))


def reachability(rows: Iterable[Mapping[str, Any]], level: float = DEFAULT_LEVEL) -> dict[str, Any]:
    """Share of followers following fewer than 1,500 accounts, with a Wilson interval."""
    following = [_num(r.get("following")) for r in rows]
    known = [f for f in following if not math.isnan(f)]
    k = sum(f < MASS_FOLLOWING for f in known)
    n = len(known)
    low, high = wilson_interval(k, n, level)
    return {"share": (k / n if n else math.nan), "low": low, "high": high, "n": n, "k": k}


def follower_sample_report(rows: Sequence[Mapping[str, Any]], model: Any = None) -> dict[str, Any]:
    """Everything the authenticity signal needs from one follower sample: per-account P(fake) (the model's own and
    given the whole sample), the fixed per-pattern thresholds (for reference), flags (``assess_sample``), the
    suspicious share with its interval, audience types and reachability. ``rows`` as from ``parse_follower_csv``."""
    from .classifier import load_model

    model = model or load_model()
    rows = list(rows)
    prob, X = model.scores_and_features(rows)
    judged = assess_sample(model, X, prob)
    return {
        "model_version": model.version,
        "thresholds": [round(float(t), 4) for t in model.thresholds_for(X)],
        "n": len(rows),
        "probabilities": [round(float(p), 4) for p in prob],
        "in_sample_probabilities": [round(float(p), 4) for p in judged.fake_probability],
        "flags": judged.flags.tolist(),
        "suspicious_share": judged.share.to_dict(),
        "audience_types": audience_types(rows, judged.flags, judged.share),
        "quiet": quiet_accounts(X, judged.flags, judged.share),
        "reachability": reachability(rows),
    }
