"""The numbers docs/authenticity.md reports (needs scikit-learn and the shared data): leave-one-collection-out
transfer per column scenario with the share on synthetic mixtures, and in-collection cross-validation."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..classifier import (
    FULL_PATTERN,
    N_PATTERNS,
    PATTERN_GROUPS,
    apply_pattern,
    column_patterns,
    load_model,
    sigmoid,
)
from ..share import (
    FLAG_PROBABILITY,
    ScoreTemplates,
    estimate_share_from_flags,
    fit_mixture,
    quiet_mask,
    share_from_posterior,
    stretched_for_quiet,
)
from ..train import (
    TrainConfig,
    choose_threshold,
    confusion_prior,
    leave_one_collection_out,
    loco_confusion,
    loco_summary,
    rates_at,
    roc_auc,
    shift_prior,
    train_model,
)
from ..training_data import default_data_dir, load_training_data, stack_sources
from .accounts import classification_metrics

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
    data: Mapping[str, Sequence[Mapping[str, Any]]], config: Any = None, loco: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], Any]:
    """The shipped training procedure's own repeated stratified K-fold on both files: metrics at the shipped
    operating points, per source and per missing-column scenario (columns blanked in held-out rows only), and
    the model trained. In-collection numbers: optimistic for a new collection (see :func:`loco_report`)."""
    config = config or TrainConfig()
    X, y, src, names = stack_sources(data)
    model, oof = train_model(data, config, return_oof=True, loco=loco)
    out: dict[str, Any] = {
        "folds": config.folds,
        "repeats": config.repeats,
        "default_threshold": model.threshold,
        "threshold_range_over_patterns": model.metadata["threshold_range_over_patterns"],
        "thresholds": {k: float(model.operating_points.threshold[_scenario_pattern(b)]) for k, b in SCENARIOS.items()},
    }
    for k, blanked in SCENARIOS.items():
        p = _scenario_pattern(blanked)
        out[k] = _scenario_metrics(model, oof[p], X, y, src, names, p)
    return out, model


def _rates(prob: np.ndarray, y: np.ndarray, thr: np.ndarray | float) -> dict[str, float]:
    """FPR and recall at per-row thresholds."""
    r = rates_at(prob, y, thr)
    return {"fpr": r["fpr"], "recall": r["tpr"]}


def _mixture_trials(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    templates: ScoreTemplates,
    rng: np.random.Generator,
    sizes: Sequence[int],
    shares: Sequence[float],
    reps: int,
) -> list[dict[str, float]]:
    """Synthetic follower samples of known share drawn from (X, y): the mixture and Rogan–Gladen estimates, and
    the whole-sample flags' false alarms and catches."""
    logit = model.calibrated_logit(X)
    pat = column_patterns(X)
    flags = sigmoid(logit) >= model.thresholds_for(X)
    quiet = quiet_mask(X)
    op = model.operating_points
    fakes, reals = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    trials = []
    for n in sizes:
        for share in shares:
            for _ in range(reps):
                k = int(round(share * n))
                idx = np.concatenate([rng.choice(fakes, k, replace=True), rng.choice(reals, n - k, replace=True)])
                fit = fit_mixture(logit[idx], pat[idx], templates)
                mix = share_from_posterior(fit.posterior, n)
                stretched = stretched_for_quiet(mix, quiet[idx], fit.fake_probability)
                flagged, fake = fit.fake_probability >= FLAG_PROBABILITY, y[idx] == 1
                rates = {
                    "sensitivity": float(op.sensitivity[pat[idx]].mean()),
                    "specificity": float(op.specificity[pat[idx]].mean()),
                    "sensitivity_sd": float(op.sensitivity_sd[pat[idx]].mean()),
                    "specificity_sd": float(op.specificity_sd[pat[idx]].mean()),
                }
                rg = estimate_share_from_flags(flags[idx], rates, draws=1000, seed=int(rng.integers(2**31)))
                trials.append({"n": n, "truth": k / n, "mixture": mix.estimate, "low": mix.low, "high": mix.high,
                               "low_stretched": stretched.low,
                               "raw": rg.raw_rate, "rogan_gladen": rg.estimate, "rg_low": rg.low, "rg_high": rg.high,
                               "false_flags": int((flagged & ~fake).sum()), "genuine": int((~fake).sum()),
                               "caught": int((flagged & fake).sum()), "fakes": int(fake.sum())})
    return trials


def summarise_share_trials(trials: Sequence[Mapping[str, float]]) -> dict[str, Any]:
    """Error, share within 5 points and interval coverage of the share estimators over trials."""
    truth = np.array([t["truth"] for t in trials])
    out: dict[str, Any] = {"trials": len(trials)}
    estimators = (("mixture", "mixture", "low", "high"), ("mixture_stretched", "mixture", "low_stretched", "high"),
                  ("rogan_gladen", "rogan_gladen", "rg_low", "rg_high"), ("raw", "raw", None, None))
    for name, est, lo, hi in estimators:
        if lo and trials and lo not in trials[0]:
            continue  # trials made before the quiet stretch
        e = np.array([t[est] for t in trials])
        entry = {
            "mean_abs_error": float(np.mean(np.abs(e - truth))),
            "bias": float(np.mean(e - truth)),
            "within_5_points": float(np.mean(np.abs(e - truth) <= 0.05 + 1e-12)),
        }
        if lo:
            low = np.array([t[lo] for t in trials])
            high = np.array([t[hi] for t in trials])
            entry["coverage"] = float(np.mean((low <= truth + 1e-12) & (truth - 1e-12 <= high)))
            entry["mean_interval_width"] = float(np.mean(high - low))
        out[name] = entry
    if trials and "genuine" in trials[0]:  # the flags of the whole-sample rule, pooled over the samples
        total = {key: sum(t[key] for t in trials) for key in ("false_flags", "genuine", "caught", "fakes")}
        out["flags"] = {"fpr": total["false_flags"] / max(total["genuine"], 1),
                        "recall": total["caught"] / max(total["fakes"], 1)}
    return out


def loco_report(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
    loco: Mapping[str, Any],
    shipped: Any,
    config: Any = None,
    sizes: Sequence[int] = (200, 500),
    shares: Sequence[float] = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30),
    reps: int = 10,
    seed: int = 7,
) -> dict[str, Any]:
    """Leave one collection out, per direction and column scenario: AUC; FPR and recall at the shipped rule's
    thresholds (chosen on both directions), at a threshold chosen on the other direction only (honest), and at
    the single-collection model's own in-collection rule; the share on synthetic mixtures of the left-out
    collection (templates from the training collection, shift prior measured on the other direction)."""
    config = config or TrainConfig()
    rng = np.random.default_rng(seed)
    X, y, src, names = stack_sources(data)
    confusion = loco_confusion(loco, y, src)
    out: dict[str, Any] = {}
    for s, left_out in enumerate(names):
        other = 1 - s if len(names) == 2 else None
        model = loco["models"][left_out]
        m = src == s
        direction: dict[str, Any] = {}
        for label, blanked in SCENARIOS.items():
            p = _scenario_pattern(blanked)
            Xp = apply_pattern(X[m], p)
            logit = loco["logit"][p, m]
            prob = sigmoid(logit)
            pat = column_patterns(Xp)
            entry: dict[str, Any] = {"auc": roc_auc(y[m], logit)}
            entry["shipped_rule"] = _rates(prob, y[m], shipped.operating_points.threshold[pat])
            entry["in_collection_rule"] = _rates(prob, y[m], model.thresholds_for(Xp))
            if other is not None:
                om = src == other
                thr_other = choose_threshold(
                    sigmoid(loco["logit"][p, om]), y[om], np.zeros(int(om.sum()), dtype=np.int64),
                    config.transfer_fpr, config.transfer_fpr,
                )
                entry["threshold_from_other_direction"] = {"threshold": thr_other, **_rates(prob, y[m], thr_other)}
            if label in SHARE_SCENARIOS:
                own = model.templates
                none = np.zeros((N_PATTERNS, 2))
                variants = {
                    "shift prior from both directions": own.with_shift(
                        shipped.templates.shift_sd, confusion_prior(confusion, config)
                    ),
                    "shift only, no confusion (auth-2026.12.2)": own.with_shift(shipped.templates.shift_sd, none),
                }
                if other is not None:  # strict: the shift and confusion priors measured on the other direction only
                    variants["shift prior from the other direction only"] = own.with_shift(
                        shift_prior(loco["shift"][[other]], config), confusion_prior(confusion[[other]], config)
                    )
                entry["share"] = {}
                for name, templates in variants.items():
                    trials = _mixture_trials(model, Xp, y[m], templates, rng, sizes, shares, reps)
                    entry["share"][name] = summarise_share_trials(trials)
                    entry["share"][name]["by_size"] = {
                        str(n): summarise_share_trials([t for t in trials if t["n"] == n]) for n in sizes
                    }
                    entry["share"][name]["by_share"] = {
                        str(v): summarise_share_trials([t for t in trials if abs(t["truth"] - v) < 1e-9])["mixture"]
                        for v in shares
                    }
            direction[label] = entry
        trained_on = "+".join(n for n in names if n != left_out)
        out[f"{trained_on} -> {left_out}"] = direction
    return out


#: Scenarios whose share estimate is simulated (each costs reps x sizes x shares mixture fits per direction).
SHARE_SCENARIOS = (
    "all columns in file",
    "counts only (followers, following, posts)",
    "counts + profile pic + private + username",
)


def full_report(data_dir: str | os.PathLike[str] | None = None, quick: bool = False) -> dict[str, Any]:
    """Everything docs/authenticity.md reports. A few minutes on one core (``quick``: fewer repeats/trials)."""
    t0 = time.time()
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    data = load_training_data(d)
    config = TrainConfig(repeats=1) if quick else TrainConfig()
    loco = leave_one_collection_out(data, config)
    cv, shipped = cross_validated_report(data, config, loco)
    report = {
        "leave_one_collection_out": loco_report(data, loco, shipped, config, reps=4 if quick else 10),
        "transfer_shift": loco_summary(loco),
        "cross_validation": cv,
    }
    report["seconds"] = round(time.time() - t0, 1)
    return rounded(report)


def share_report(data_dir: str | os.PathLike[str] | None = None, reps: int = 10, seed: int = 7) -> dict[str, Any]:
    """Only the share on synthetic mixtures, leaving one collection out (no cross-validation: ~1-2 minutes)."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    data = load_training_data(d)
    config = TrainConfig()
    loco = leave_one_collection_out(data, config)
    report = loco_report(data, loco, load_model(), config, reps=reps, seed=seed)
    return rounded({d: {sc: e["share"] for sc, e in v.items() if "share" in e} for d, v in report.items()})


def share_table(report: Mapping[str, Any]) -> str:
    """Markdown rows: direction, scenario, prior, MAE (bias), within 5 points, coverage, mean width, and the
    whole-sample flags' FPR and recall."""
    lines = ["| train -> test | scenario | prior | MAE (bias) | within 5 points | coverage | mean width | "
             "stretched for quiet: coverage / width | flags FPR / recall |", "|---|---|---|---|---|---|---|---|---|"]
    for direction, scenarios in report.items():
        for scenario, variants in scenarios.items():
            for prior, r in variants.items():
                m = r["mixture"]
                f = r.get("flags")
                flags = f"{f['fpr']:.3f} / {f['recall']:.3f}" if f else ""
                q = r.get("mixture_stretched")
                stretched = f"{q['coverage']:.2f} / {q['mean_interval_width']:.3f}" if q else ""
                lines.append(f"| {direction} | {scenario} | {prior} | {m['mean_abs_error']:.3f} ({m['bias']:+.3f}) | "
                             f"{m['within_5_points']:.2f} | {m['coverage']:.2f} | {m['mean_interval_width']:.3f} | "
                             f"{stretched} | {flags} |")
    return "\n".join(lines)
