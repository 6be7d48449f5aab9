"""The numbers docs/authenticity.md reports (needs scikit-learn and the shared data): cross-validation per
missing-column scenario, cross-dataset transfer, and the share-estimation simulation."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..classifier import FULL_PATTERN, PATTERN_GROUPS, apply_pattern, column_patterns, sigmoid
from ..features import build_features, labels
from ..share import em_prior_share, estimate_share_from_flags, mean_probability_share
from ..train import TrainConfig, estimate_transfer_shift, train_model
from ..training_data import default_data_dir, load_training_data, stack_sources
from .accounts import classification_metrics, evaluate_accounts

#: Missing-column scenarios: optional column groups blanked in the held-out rows (see PATTERN_GROUPS).
SCENARIOS: dict[str, tuple[str, ...]] = {
    "all columns in file": (),
    "counts only (followers, following, posts)": (
        "has_profile_pic",
        "is_private",
        "has_external_url",
        "username_length_digits",
        "username_digit_ratio",
        "full_name_words",
        "bio_length",
    ),
    "counts + profile pic + private + username": ("has_external_url", "full_name_words", "bio_length"),
    "no username features": ("username_length_digits", "username_digit_ratio"),
    "no profile pic": ("has_profile_pic",),
    "no bio": ("bio_length",),
}


def _scenario_pattern(blanked: Sequence[str]) -> int:
    p = FULL_PATTERN
    for g in blanked:
        p &= ~(1 << PATTERN_GROUPS.index(g))
    return p


def rounded(d: Any, nd: int = 4) -> Any:
    if isinstance(d, float):
        return round(d, nd) if math.isfinite(d) else d
    if isinstance(d, dict):
        return {k: rounded(v, nd) for k, v in d.items()}
    if isinstance(d, (list, tuple)):
        return [rounded(v, nd) for v in d]
    return d


def _scenario_metrics(
    model: Any, scores: np.ndarray, X: np.ndarray, y: np.ndarray, src: np.ndarray, names: Sequence[str], pattern: int
) -> dict[str, Any]:
    """Metrics when the held-out rows only carry the groups in ``pattern`` (per-row operating points)."""
    prob = sigmoid(model.calibration_a * scores + model.calibration_b)
    thr = model.operating_points.threshold[column_patterns(apply_pattern(X, pattern))]
    out = {"pooled": classification_metrics(y, prob, thr)}
    for s, name in enumerate(names):
        m = src == s
        out[name] = classification_metrics(y[m], prob[m], thr[m])
    return out


def cross_validated_report(
    data: Mapping[str, Sequence[Mapping[str, Any]]], config: Any = None, transfer_sd: tuple[float, float] = (0, 0)
) -> dict[str, Any]:
    """The shipped training procedure's own repeated stratified K-fold on both files: metrics at the chosen
    operating points, per source and per missing-column scenario (columns blanked in held-out rows only).
    Thresholds are chosen on these same out-of-fold scores (one per pattern), so FPR here is slightly
    optimistic; :func:`simulate_share` reports FPR on truly held-out folds (nested)."""
    config = config or TrainConfig()
    X, y, src, names = stack_sources(data)
    model, oof = train_model(data, config, transfer_sd, return_oof=True)
    out: dict[str, Any] = {
        "folds": config.folds,
        "repeats": config.repeats,
        "default_threshold": model.threshold,
        "threshold_range_over_patterns": model.metadata["threshold_range_over_patterns"],
        "error_rates": {
            k: model.metadata["error_rates"][k]
            for k in ("sensitivity", "specificity", "sensitivity_sd", "specificity_sd")
        },
    }
    for k, blanked in SCENARIOS.items():
        p = _scenario_pattern(blanked)
        out[k] = _scenario_metrics(model, oof[p], X, y, src, names, p)
    return out


def cross_dataset_report(data: Mapping[str, Sequence[Mapping[str, Any]]], config: Any = None) -> dict[str, Any]:
    """Train the full procedure on one file (its own CV picks calibration + operating points), test on the
    other with :func:`evaluate_accounts`."""
    config = config or TrainConfig()
    out = {}
    names = list(data)
    keys = (
        "n",
        "accuracy",
        "balanced_accuracy",
        "precision",
        "recall",
        "f1",
        "auc",
        "fpr",
        "true_fake_share",
        "estimated_fake_share",
        "estimated_fake_share_low",
        "estimated_fake_share_high",
        "threshold",
    )
    for train_name in names:
        model = train_model({train_name: data[train_name]}, config)
        for test_name in names:
            if test_name == train_name:
                continue
            res = evaluate_accounts(data[test_name], model)
            entry = {k: res[k] for k in keys}
            # accuracy at the threshold that would have been best on the test file (calibration shift)
            y = labels(data[test_name])
            prob = model.score_rows(data[test_name])
            entry["oracle_threshold_accuracy"] = float(max(np.mean((prob >= t) == y) for t in np.unique(prob)))
            out[f"{train_name} -> {test_name}"] = entry
    return out


def _share_trials(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    rng: np.random.Generator,
    sizes: Sequence[int],
    prevalences: Sequence[float],
    reps: int,
) -> list[dict[str, float]]:
    """Simulated follower samples: N accounts, K ~ Binomial(N, prevalence) fakes, drawn from (X, y)."""
    op = model.operating_points
    prob = model.predict_proba(X)
    pat = column_patterns(X)
    flags_all = prob >= op.threshold[pat]
    fakes, reals = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    trials = []
    for n in sizes:
        for pi in prevalences:
            for _ in range(reps):
                k = int(rng.binomial(n, pi))
                idx = np.concatenate([rng.choice(fakes, k, replace=True), rng.choice(reals, n - k, replace=True)])
                rates = {
                    "sensitivity": float(op.sensitivity[pat[idx]].mean()),
                    "specificity": float(op.specificity[pat[idx]].mean()),
                    "sensitivity_sd": float(op.sensitivity_sd[pat[idx]].mean()),
                    "specificity_sd": float(op.specificity_sd[pat[idx]].mean()),
                }
                share = estimate_share_from_flags(flags_all[idx], rates, draws=1000, seed=int(rng.integers(2**31)))
                trials.append(
                    {
                        "n": n,
                        "prevalence": pi,
                        "truth": k / n,
                        "raw": share.raw_rate,
                        "rogan_gladen": share.estimate,
                        "low": share.low,
                        "high": share.high,
                        "mean_probability": mean_probability_share(prob[idx]),
                        "em_prior": em_prior_share(prob[idx]),
                    }
                )
    return trials


def _summarise_trials(trials: list[dict[str, float]]) -> dict[str, Any]:
    truth = np.array([t["truth"] for t in trials])
    prev = np.array([t["prevalence"] for t in trials])
    low = np.array([t["low"] for t in trials])
    high = np.array([t["high"] for t in trials])
    out: dict[str, Any] = {"trials": len(trials)}
    for est in ("raw", "rogan_gladen", "mean_probability", "em_prior"):
        e = np.array([t[est] for t in trials])
        out[est] = {
            "mean_abs_error": float(np.mean(np.abs(e - truth))),
            "bias": float(np.mean(e - truth)),
            "within_3_points": float(np.mean(np.abs(e - truth) <= 0.03 + 1e-12)),
        }
    rg = out["rogan_gladen"]
    rg["coverage_of_sample_share"] = float(np.mean((low <= truth + 1e-12) & (truth - 1e-12 <= high)))
    rg["coverage_of_prevalence"] = float(np.mean((low <= prev) & (prev <= high)))
    rg["mean_interval_width"] = float(np.mean(high - low))
    by_n = {}
    for n in sorted({t["n"] for t in trials}):
        m = np.array([t["n"] == n for t in trials])
        e = np.array([t["rogan_gladen"] for t in trials])[m]
        by_n[str(n)] = {
            "mean_abs_error": float(np.mean(np.abs(e - truth[m]))),
            "within_3_points": float(np.mean(np.abs(e - truth[m]) <= 0.03 + 1e-12)),
            "coverage_of_sample_share": float(np.mean((low[m] <= truth[m] + 1e-12) & (truth[m] - 1e-12 <= high[m]))),
            "mean_interval_width": float(np.mean(high[m] - low[m])),
        }
    rg["by_sample_size"] = by_n
    return out


def simulate_share(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
    config: Any = None,
    transfer_sd: tuple[float, float] = (0.0, 0.0),
    sizes: Sequence[int] = (100, 200, 300, 500),
    prevalences: Sequence[float] = (0.10, 0.15, 0.20, 0.25),
    reps: int = 25,
    seed: int = 7,
) -> dict[str, Any]:
    """Share-estimation study (and held-out classification metrics).

    *Nested*: for each outer fold the full training procedure (its own inner CV -> calibration, operating
    points, error rates) runs on the other folds; follower samples of N in ``sizes`` with 10-25% fakes are
    drawn from the held-out fold, with all columns and with counts only. *Cross-dataset*: train on one file,
    draw samples from the other (collection shift; only the single-file CV error rates are known)."""
    from sklearn.model_selection import StratifiedKFold


    config = config or TrainConfig()
    inner = TrainConfig(**{**config.__dict__, "repeats": 1})
    rng = np.random.default_rng(seed)
    X, y, src, names = stack_sources(data)
    all_rows = [r for n in names for r in data[n]]
    nested: dict[str, list] = {"all columns": [], "counts only": []}
    by_source: dict[str, list] = {n: [] for n in names}
    heldout_scores: dict[str, np.ndarray] = {"all columns": np.zeros(len(y)), "counts only": np.zeros(len(y))}
    heldout_thr: dict[str, np.ndarray] = {"all columns": np.zeros(len(y)), "counts only": np.zeros(len(y))}
    skf = StratifiedKFold(config.folds, shuffle=True, random_state=seed)
    for tr, te in skf.split(X, src * 2 + y):
        sub: dict[str, list] = {n: [] for n in names}
        for i in tr:
            sub[names[src[i]]].append(all_rows[i])
        model = train_model(sub, inner, transfer_sd)
        for label, pattern in (("all columns", None), ("counts only", 0)):
            Xte = X[te] if pattern is None else apply_pattern(X[te], pattern)
            heldout_scores[label][te] = model.predict_proba(Xte)
            heldout_thr[label][te] = model.thresholds_for(Xte)
            nested[label] += _share_trials(model, Xte, y[te], rng, sizes, prevalences, reps)
        for s, name in enumerate(names):
            m = src[te] == s
            by_source[name] += _share_trials(model, X[te][m], y[te][m], rng, sizes, prevalences, max(1, reps // 2))
    out: dict[str, Any] = {
        "design": {"sizes": list(sizes), "prevalences": list(prevalences), "reps_per_cell_per_fold": reps},
        "nested_heldout_classification": {
            label: {
                "pooled": classification_metrics(y, heldout_scores[label], heldout_thr[label]),
                **{
                    name: classification_metrics(
                        y[src == s], heldout_scores[label][src == s], heldout_thr[label][src == s]
                    )
                    for s, name in enumerate(names)
                },
            }
            for label in heldout_scores
        },
        "nested_share": {label: _summarise_trials(t) for label, t in nested.items()},
        "nested_share_by_source": {n: _summarise_trials(t) for n, t in by_source.items()},
    }
    for train_name in names:
        model = train_model({train_name: data[train_name]}, inner)
        for test_name in names:
            if test_name == train_name:
                continue
            trials = _share_trials(
                model, build_features(data[test_name]), labels(data[test_name]), rng, sizes, prevalences, reps
            )
            out[f"cross_dataset_share {train_name} -> {test_name}"] = _summarise_trials(trials)
    return out


def full_report(data_dir: str | os.PathLike[str] | None = None, quick: bool = False) -> dict[str, Any]:
    """Everything docs/authenticity.md reports. ~1-2 minutes on one core (``quick``: fewer repeats/trials)."""
    t0 = time.time()
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    data = load_training_data(d)
    config = TrainConfig(repeats=1) if quick else TrainConfig()
    transfer = estimate_transfer_shift(data, config)
    report = {
        "transfer_shift": transfer,
        "cross_validation": cross_validated_report(data, config, transfer["sd"]),
        "cross_dataset": cross_dataset_report(data, config),
        "share_simulation": simulate_share(data, config, transfer["sd"], reps=8 if quick else 25),
    }
    report["seconds"] = round(time.time() - t0, 1)
    return rounded(report)
