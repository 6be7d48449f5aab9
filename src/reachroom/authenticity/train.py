"""Training the fake-follower classifier (scikit-learn; the CLI's ``train`` and the evaluation report only).

Training data
    Both canonical files together (``instafake.csv`` and ``kaggle_train.csv``), each file re-weighted so that its
    fakes and genuine accounts weigh the same and both files weigh the same. Because each source is balanced,
    which columns a source happens to carry says nothing about the label, so the model cannot learn "column
    missing => genuine". On top, *column dropout*: the training set is repeated with each optional column group
    blanked at random (p=0.35), so every split learns a sensible missing-value branch. The trees carry monotonic
    constraints on features whose direction is known; the linear model is there because linear models transfer
    better between collections (train on one file, test on the other). Platt calibration on out-of-fold scores.

Operating points (leave one collection out)
    Real follower samples are a different collection, so the operating point is chosen the way the model is
    used: the full procedure is trained on one collection and scored on the other, both ways, for every column
    pattern. Per pattern the threshold is the lowest calibrated probability at which the false-positive rate on
    *each* left-out collection is at most ``transfer_fpr`` (0.05), and never below the in-collection rule
    (out-of-fold FPR <= ``target_fpr`` averaged, <= ``max_source_fpr`` per source). The sensitivity and
    specificity stored with it, and their SDs (binomial + the spread between the two directions), are the
    transfer ones. With one collection only (the leave-one-out models themselves) the in-collection rule is used.

Share templates
    Per pattern, the out-of-fold score densities of each class (each collection weighted equally) and the prior
    SD of their shift on a new collection: 1.5 x the root-mean-square shift of the class medians measured
    leaving each collection out (two measurements only, hence the inflation; floor 0.25); see
    share.mixture_share.

Export
    The fitted model is written as the JSON of :mod:`reachroom.authenticity.classifier`; the exporter checks
    that the JSON predictor reproduces scikit-learn's scores to 1e-9 before writing.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .classifier import (
    DEFAULT_MODEL_DIR,
    FULL_PATTERN,
    MODEL_FORMAT,
    MODEL_FORMAT_VERSION,
    N_PATTERNS,
    FakeFollowerModel,
    OperatingPoints,
    ScoreTemplates,
    Tree,
    apply_pattern,
    load_cached,
    sigmoid,
)
from .features import FEATURE_NAMES
from .share import score_density
from .training_data import (
    balanced_weights,
    column_dropout,
    default_data_dir,
    file_sha256,
    load_training_data,
    stack_sources,
)

#: Known direction of a feature's effect on "fake" (+1 more fake, -1 less fake); used as monotonic constraints.
MONOTONIC = {
    "log_posts": -1,
    "has_profile_pic": -1,
    "has_external_url": -1,
    "username_digits": 1,
    "username_digit_ratio": 1,
    "log_bio_length": -1,
}


@dataclass(frozen=True)
class TrainConfig:
    max_iter: int = 150
    learning_rate: float = 0.06
    max_leaf_nodes: int = 8
    min_samples_leaf: int = 20
    l2_regularization: float = 1.0
    linear_weight: float = 0.3
    linear_c: float = 1.0
    dropout_p: float = 0.35
    dropout_copies: int = 4
    target_fpr: float = 0.03
    transfer_sd_factor: float = 0.5
    max_source_fpr: float = 0.05
    transfer_fpr: float = 0.05
    shift_sd_factor: float = 1.5
    shift_sd_floor: float = 0.25
    confusion_sd_factor: float = 1.5
    folds: int = 5
    repeats: int = 2
    seed: int = 0


def _require_sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise ImportError(
            "training the authenticity model needs scikit-learn (pip install 'scikit-learn>=1.4'); "
            "inference with the shipped model does not"
        ) from exc
    return sklearn


def _export_hgb(est: Any, keep: np.ndarray) -> tuple[list[Tree], float]:
    """Tree nodes of a fitted binary HistGradientBoostingClassifier, re-indexed to all features."""
    baseline = float(np.ravel(est._baseline_prediction)[0])
    trees: list[Tree] = []
    for predictors in est._predictors:
        nodes = predictors[0].nodes
        if np.any(nodes["is_categorical"]):  # pragma: no cover - we never declare categorical features
            raise ValueError("categorical splits are not supported by the JSON exporter")
        trees.append(
            Tree(
                feature=keep[nodes["feature_idx"].astype(np.int64)],
                threshold=nodes["num_threshold"].astype(np.float64),
                missing_left=nodes["missing_go_to_left"].astype(bool),
                left=nodes["left"].astype(np.int64),
                right=nodes["right"].astype(np.int64),
                value=nodes["value"].astype(np.float64),
                is_leaf=nodes["is_leaf"].astype(bool),
            )
        )
    return trees, baseline


def fit_model(
    X: np.ndarray,
    y: np.ndarray,
    src: np.ndarray | None = None,
    config: TrainConfig = TrainConfig(),
    seed: int | None = None,
) -> FakeFollowerModel:
    """Fit the (uncalibrated) blend on one training set; returns a JSON-exportable model."""
    _require_sklearn()
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    seed = config.seed if seed is None else seed
    src = np.zeros(len(y), dtype=np.int64) if src is None else src
    rng = np.random.default_rng(seed)
    w = balanced_weights(y, src)
    Xa, ya, wa = column_dropout(X, y, w, rng, config.dropout_copies, config.dropout_p)

    # Features never observed in this training set (e.g. full_name_words when training on instafake alone)
    # are left out of the trees; at inference they are simply never split on.
    keep = np.flatnonzero(~np.all(np.isnan(X), axis=0))
    mono = [MONOTONIC.get(FEATURE_NAMES[j], 0) for j in keep]
    hgb = HistGradientBoostingClassifier(
        max_iter=config.max_iter,
        learning_rate=config.learning_rate,
        max_leaf_nodes=config.max_leaf_nodes,
        min_samples_leaf=config.min_samples_leaf,
        l2_regularization=config.l2_regularization,
        monotonic_cst=mono,
        early_stopping=False,
        random_state=seed,
    ).fit(Xa[:, keep], ya, sample_weight=wa)
    trees, baseline = _export_hgb(hgb, keep)

    with np.errstate(all="ignore"):
        impute = np.nanmedian(np.where(np.isnan(X).all(axis=0), 0.0, X), axis=0)
    impute = np.where(np.isnan(impute), 0.0, impute)
    miss = np.isnan(Xa)
    Z = np.hstack([np.where(miss, impute, Xa), miss.astype(np.float64)])
    mean = np.average(Z, axis=0, weights=wa)
    scale = np.sqrt(np.average((Z - mean) ** 2, axis=0, weights=wa))
    scale = np.where(scale < 1e-9, 1.0, scale)
    lr = LogisticRegression(C=config.linear_c, max_iter=5000).fit((Z - mean) / scale, ya, sample_weight=wa)

    model = FakeFollowerModel(
        feature_names=FEATURE_NAMES,
        trees=trees,
        tree_baseline=baseline,
        tree_weight=1.0 - config.linear_weight,
        linear_impute=impute,
        linear_mean=mean,
        linear_scale=scale,
        linear_coef=lr.coef_.ravel().astype(np.float64),
        linear_intercept=float(lr.intercept_[0]),
        linear_weight=config.linear_weight,
    )
    # The JSON predictor must reproduce scikit-learn exactly.
    probe = Xa[:: max(1, len(Xa) // 500)]
    ref = hgb._raw_predict(probe[:, keep]).ravel()
    got = model.tree_score(probe)
    if not np.allclose(ref, got, atol=1e-9):  # pragma: no cover - guards against sklearn internals changing
        raise RuntimeError(f"tree export mismatch (max diff {np.max(np.abs(ref - got)):.3g})")
    zp = np.isnan(probe)
    zz = (np.hstack([np.where(zp, impute, probe), zp.astype(float)]) - mean) / scale
    if not np.allclose(lr.decision_function(zz), model.linear_score(probe), atol=1e-9):  # pragma: no cover
        raise RuntimeError("linear export mismatch")
    return model


def _strata(y: np.ndarray, src: np.ndarray) -> np.ndarray:
    return src * 2 + y


def cross_val_pattern_scores(
    X: np.ndarray, y: np.ndarray, src: np.ndarray, config: TrainConfig = TrainConfig()
) -> np.ndarray:
    """Out-of-fold blended scores for every column pattern: array (N_PATTERNS, n). Row p holds the scores of
    the held-out rows with the optional groups absent from pattern p blanked. Averaged over
    ``config.repeats`` stratified (source x label) K-fold runs."""
    _require_sklearn()
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((N_PATTERNS, len(y)))
    for rep in range(config.repeats):
        skf = StratifiedKFold(config.folds, shuffle=True, random_state=config.seed + rep)
        for tr, te in skf.split(X, _strata(y, src)):
            model = fit_model(X[tr], y[tr], src[tr], config, seed=config.seed + rep)
            for p in range(N_PATTERNS):
                out[p, te] += model.decision_function(apply_pattern(X[te], p)) / config.repeats
    return out


def fit_platt(score: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Platt scaling P(fake) = sigmoid(a*score + b), fitted with the given (balanced) weights."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=1000).fit(score.reshape(-1, 1), y, sample_weight=w)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def rates_at(prob: np.ndarray, y: np.ndarray, threshold: float | np.ndarray) -> dict[str, Any]:
    pred = prob >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    fp = int(np.sum(pred & (y == 0)))
    return {"tp": tp, "fn": fn, "tn": tn, "fp": fp, "tpr": tp / max(tp + fn, 1), "fpr": fp / max(fp + tn, 1)}


def choose_threshold(
    prob: np.ndarray, y: np.ndarray, src: np.ndarray, target_fpr: float = 0.03, max_source_fpr: float = 0.05
) -> float:
    """Lowest threshold with source-averaged FPR <= target_fpr and every source's FPR <= max_source_fpr."""
    candidates = np.unique(np.round(prob, 4))
    fprs = []
    for s in np.unique(src):
        neg = np.sort(prob[(src == s) & (y == 0)])
        if len(neg) == 0:
            continue
        fprs.append(1.0 - np.searchsorted(neg, candidates, side="left") / len(neg))
    if not fprs:
        return 0.5
    F = np.vstack(fprs)
    ok = (F.mean(axis=0) <= target_fpr + 1e-12) & (F.max(axis=0) <= max_source_fpr + 1e-12)
    return float(candidates[np.argmax(ok)]) if ok.any() else 1.0


def error_rate_summary(
    prob: np.ndarray,
    y: np.ndarray,
    src: np.ndarray,
    names: Sequence[str],
    threshold: float,
    transfer_sd: tuple[float, float] = (0.0, 0.0),
) -> dict[str, Any]:
    """Sensitivity/specificity at the threshold: per source, their average, and an SD combining binomial error
    with the spread between collections (see train)."""
    per_source = {names[s]: rates_at(prob[src == s], y[src == s], threshold) for s in np.unique(src)}
    has_pos = [r for r in per_source.values() if r["tp"] + r["fn"]]
    has_neg = [r for r in per_source.values() if r["tn"] + r["fp"]]
    sens = np.array([r["tpr"] for r in has_pos])
    spec = np.array([1 - r["fpr"] for r in has_neg])
    n_pos = sum(r["tp"] + r["fn"] for r in has_pos)
    n_neg = sum(r["tn"] + r["fp"] for r in has_neg)
    se, sp = float(sens.mean()), float(spec.mean())
    # Spread between collections: the between-source SD of this model's own CV rates, or the transfer SD
    # (shift of a single-collection model on the other collection), whichever is larger; they measure the
    # same thing, so they are not added.
    between_se = max(float(sens.var()), transfer_sd[0] ** 2)
    between_sp = max(float(spec.var()), transfer_sd[1] ** 2)
    return {
        "threshold": threshold,
        "sensitivity": se,
        "specificity": sp,
        "sensitivity_sd": math.sqrt(se * (1 - se) / max(n_pos, 1) + between_se),
        "specificity_sd": math.sqrt(sp * (1 - sp) / max(n_neg, 1) + between_sp),
        "per_source": per_source,
    }


def roc_auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """ROC AUC via the Mann–Whitney statistic with tie-averaged ranks; None if only one class is present."""
    y = np.asarray(y).astype(bool)
    score = np.asarray(score, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    i = 0
    while i < len(score):
        j = i
        while j + 1 < len(score) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit_operating_points(
    oof: np.ndarray,
    y: np.ndarray,
    src: np.ndarray,
    names: Sequence[str],
    config: TrainConfig = TrainConfig(),
    transfer_sd: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, float, OperatingPoints, list[dict[str, Any]]]:
    """Platt calibration on the full-pattern OOF scores, then per pattern: threshold + error rates."""
    a, b = fit_platt(oof[FULL_PATTERN], y, balanced_weights(y, src))
    ops = OperatingPoints.constant()
    details = []
    for p in range(N_PATTERNS):
        prob = sigmoid(a * oof[p] + b)
        thr = choose_threshold(prob, y, src, config.target_fpr, config.max_source_fpr)
        summary = error_rate_summary(prob, y, src, names, thr, transfer_sd)
        ops.threshold[p] = thr
        ops.sensitivity[p] = summary["sensitivity"]
        ops.specificity[p] = summary["specificity"]
        ops.sensitivity_sd[p] = summary["sensitivity_sd"]
        ops.specificity_sd[p] = summary["specificity_sd"]
        details.append(summary)
    return a, b, ops, details


def transfer_operating_points(
    logit: np.ndarray, y: np.ndarray, src: np.ndarray, names: Sequence[str], floor: np.ndarray, config: TrainConfig
) -> tuple[OperatingPoints, list[dict[str, Any]]]:
    """Per pattern: the lowest threshold (>= ``floor``) with FPR <= transfer_fpr on every left-out collection,
    and the transfer sensitivity/specificity at it."""
    ops = OperatingPoints.constant()
    details = []
    for p in range(N_PATTERNS):
        prob = sigmoid(logit[p])
        thr = max(float(floor[p]), choose_threshold(prob, y, src, config.transfer_fpr, config.transfer_fpr))
        summary = error_rate_summary(prob, y, src, names, thr)
        ops.threshold[p] = thr
        ops.sensitivity[p] = summary["sensitivity"]
        ops.specificity[p] = summary["specificity"]
        ops.sensitivity_sd[p] = summary["sensitivity_sd"]
        ops.specificity_sd[p] = summary["specificity_sd"]
        details.append(summary)
    return ops, details


#: Log-odds grid of the share templates.
TEMPLATE_GRID = np.arange(-10.0, 10.0001, 0.5)


def share_templates(
    logit: np.ndarray, y: np.ndarray, src: np.ndarray, loco: Mapping[str, Any] | None, config: TrainConfig
) -> ScoreTemplates:
    """Class score densities per pattern from out-of-fold calibrated log-odds (each source weighted equally),
    with the shift and transfer-confusion priors measured leaving each collection out (shift floor and no
    confusion without ``loco``)."""
    w = balanced_weights(y, src)
    dens = np.stack(
        [
            np.stack([score_density(logit[p][y == c], w[y == c], TEMPLATE_GRID) for c in (0, 1)])
            for p in range(N_PATTERNS)
        ]
    )
    shift_sd = np.full((N_PATTERNS, 2), config.shift_sd_floor)
    confusion_sd = None
    if loco is not None:
        shift_sd = shift_prior(loco["shift"], config)
        if "models" in loco:
            confusion_sd = confusion_prior(loco_confusion(loco, y, src), config)
    return ScoreTemplates(TEMPLATE_GRID.copy(), dens, shift_sd, confusion_sd)


def shift_prior(shift: np.ndarray, config: TrainConfig) -> np.ndarray:
    """(P, 2) prior SD of each class's score shift on a new collection: ``shift_sd_factor`` x the root mean
    square of the shifts measured leaving each collection out, at least ``shift_sd_floor``."""
    rms = np.sqrt(np.mean(np.asarray(shift, dtype=np.float64) ** 2, axis=0))
    return np.maximum(config.shift_sd_factor * rms, config.shift_sd_floor)


def measured_confusion(loco: Mapping[str, Any], y: np.ndarray, src: np.ndarray, pattern: int) -> np.ndarray:
    """(collections, 2): per left-out collection and class c, how much more of class c the training model's
    templates take for the other class on the left-out collection than on its own out-of-fold scores: the mean
    posterior of the wrong class at even odds, ``f_(1-c) / (f_0 + f_1)``, left-out rows minus the template's own
    mass (the soft version of the cross- minus in-collection error rate), at least 0."""
    out = np.zeros((len(loco["names"]), 2))
    for s, left_out in enumerate(loco["names"]):
        t = loco["models"][left_out].templates
        f = t.density[pattern]
        wrong = f[::-1] / np.maximum(f.sum(axis=0), 1e-300)  # (2, G): P(other class | s) at even odds
        step = float(t.grid[1] - t.grid[0])
        for c in (0, 1):
            sc = loco["logit"][pattern][(src == s) & (y == c)]
            cross = float(np.mean(np.interp(sc, t.grid, wrong[c])))
            own = float(np.sum(f[c] * wrong[c]) * step)
            out[s, c] = max(0.0, cross - own)
    return out


def confusion_prior(confusion: np.ndarray, config: TrainConfig = TrainConfig()) -> np.ndarray:
    """Half-normal prior SD of the transfer confusion of each class (per pattern when ``confusion`` is
    (collections, P, 2)): ``confusion_sd_factor`` x the root mean square of the confusions measured leaving each
    collection out (``measured_confusion``). The factor is the shift prior's, for the same reason: a third
    collection's confusion is judged from two measurements."""
    return config.confusion_sd_factor * np.sqrt(np.mean(np.asarray(confusion, dtype=np.float64) ** 2, axis=0))


def loco_confusion(loco: Mapping[str, Any], y: np.ndarray, src: np.ndarray) -> np.ndarray:
    """(collections, P, 2) ``measured_confusion`` for every column pattern."""
    return np.stack([measured_confusion(loco, y, src, p) for p in range(N_PATTERNS)], axis=1)


def train_model(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
    config: TrainConfig = TrainConfig(),
    transfer_sd: tuple[float, float] = (0.0, 0.0),
    return_oof: bool = False,
    loco: Mapping[str, Any] | None = None,
) -> Any:
    """Full procedure on labelled rows per source: out-of-fold scores for every column pattern -> Platt
    calibration -> per-pattern operating points (from ``loco``, the leave-one-collection-out scores, when given)
    and share templates -> final fit on all rows.

    Returns the model (metadata: error rates and CV numbers, no file hashes), or (model, oof) with the
    (N_PATTERNS, n) out-of-fold score array when ``return_oof``."""
    _require_sklearn()
    X, y, src, names = stack_sources(data)
    oof = cross_val_pattern_scores(X, y, src, config)
    a, b, cv_ops, details = fit_operating_points(oof, y, src, names, config, transfer_sd)
    ops, transfer_details = cv_ops, None
    if loco is not None:
        ops, transfer_details = transfer_operating_points(loco["logit"], y, src, names, cv_ops.threshold, config)
        # CV error rates at the (stricter) transfer thresholds, for the metadata
        details = [
            error_rate_summary(sigmoid(a * oof[p] + b), y, src, names, float(ops.threshold[p]))
            for p in range(N_PATTERNS)
        ]
    model = fit_model(X, y, src, config)
    model.calibration_a, model.calibration_b = a, b
    model.operating_points = ops
    model.templates = share_templates(a * oof + b, y, src, loco, config)
    full = details[FULL_PATTERN]
    counts_only = details[0]
    model.metadata = {
        "threshold": model.threshold,
        "error_rates": full,
        "error_rates_counts_only": counts_only,
        "threshold_range_over_patterns": [float(ops.threshold.min()), float(ops.threshold.max())],
        "cross_validation": {
            "folds": config.folds,
            "repeats": config.repeats,
            "auc": roc_auc(y, oof[FULL_PATTERN]),
            "auc_per_source": {names[s]: roc_auc(y[src == s], oof[FULL_PATTERN][src == s]) for s in np.unique(src)},
            "auc_counts_only": roc_auc(y, oof[0]),
        },
        "sources": list(names),
        "transfer_sd": {"sensitivity": transfer_sd[0], "specificity": transfer_sd[1]},
    }
    if transfer_details is not None:
        model.metadata["transfer_error_rates"] = transfer_details[FULL_PATTERN]
        model.metadata["transfer_error_rates_counts_only"] = transfer_details[0]
    return (model, oof) if return_oof else model


def leave_one_collection_out(
    data: Mapping[str, Sequence[Mapping[str, Any]]], config: TrainConfig = TrainConfig()
) -> dict[str, Any]:
    """For each collection, the full procedure trained on the others, scored on it for every column pattern.

    Returns ``logit`` (N_PATTERNS, n) calibrated log-odds of every row from the model that never saw its
    collection (rows in :func:`stack_sources` order); ``shift`` (collections, N_PATTERNS, 2): the median
    log-odds of each class on the left-out collection minus its out-of-fold median on the training ones;
    ``models`` (left-out name -> model trained without it)."""
    light = TrainConfig(**{**asdict(config), "repeats": 1})
    names = list(data)
    X, y, src, _ = stack_sources(data)
    logit = np.zeros((N_PATTERNS, len(y)))
    shift = np.zeros((len(names), N_PATTERNS, 2))
    models = {}
    for s, left_out in enumerate(names):
        rest = {n: data[n] for n in names if n != left_out}
        model, oof = train_model(rest, light, return_oof=True)
        _, y_rest, _, _ = stack_sources(rest)
        own = model.calibration_a * oof + model.calibration_b
        m = src == s
        for p in range(N_PATTERNS):
            out = model.calibrated_logit(apply_pattern(X[m], p))
            logit[p, m] = out
            for c in (0, 1):
                shift[s, p, c] = np.median(out[y[m] == c]) - np.median(own[p][y_rest == c])
        models[left_out] = model
    return {"names": names, "logit": logit, "shift": shift, "models": models}


def loco_summary(loco: Mapping[str, Any]) -> dict[str, Any]:
    """The leave-one-collection-out shifts recorded in the metadata (all columns and counts only)."""
    out = {}
    for s, name in enumerate(loco["names"]):
        out[f"left out: {name}"] = {
            label: {
                "median_shift_genuine": float(loco["shift"][s, p, 0]),
                "median_shift_fake": float(loco["shift"][s, p, 1]),
            }
            for label, p in (("all columns", FULL_PATTERN), ("counts only", 0))
        }
    return out


def train(
    data_dir: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    config: TrainConfig = TrainConfig(),
) -> tuple[FakeFollowerModel, dict[str, Any]]:
    """Read both training files, leave each collection out once, run :func:`train_model`, and (if out_dir) save
    model.json + metadata.json."""
    _require_sklearn()
    import sklearn

    t0 = time.time()
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    data = load_training_data(d)
    loco = leave_one_collection_out(data, config) if len(data) > 1 else None
    model = train_model(data, config, loco=loco)
    transfer = loco_summary(loco) if loco is not None else {}
    names = list(data)
    hashes = {f"{n}.csv": file_sha256(d / f"{n}.csv") for n in names}
    # The version identifies the fitted parameters themselves (and the data they came from).
    version = (
        "fakefollowers-"
        + hashlib.sha256(json.dumps([hashes, model.to_dict()], sort_keys=True).encode()).hexdigest()[:10]
    )
    inner = model.metadata
    model.metadata = {
        "version": version,
        "created_unix": int(time.time()),
        "model_format": f"{MODEL_FORMAT} v{MODEL_FORMAT_VERSION} (plain JSON arrays; NumPy-only inference)",
        "features": list(FEATURE_NAMES),
        "monotonic_constraints": MONOTONIC,
        "blend": {"tree_weight": model.tree_weight, "linear_weight": model.linear_weight},
        "threshold": model.threshold,
        "threshold_range_over_patterns": inner["threshold_range_over_patterns"],
        "threshold_rule": (
            f"per column pattern: lowest calibrated P(fake) with FPR <= {config.transfer_fpr} on each collection "
            "when trained on the other (leave one collection out), and not below the in-collection rule "
            f"(out-of-fold FPR <= {config.target_fpr} averaged, <= {config.max_source_fpr} per source); "
            "'threshold' is the all-columns pattern"
        ),
        "calibration": {
            "method": "Platt on out-of-fold scores; each source and class weighted equally (i.e. a 50% prior)",
            "a": model.calibration_a,
            "b": model.calibration_b,
        },
        "error_rates": inner["error_rates"],
        "error_rates_counts_only": inner["error_rates_counts_only"],
        "transfer_error_rates": inner.get("transfer_error_rates"),
        "transfer_error_rates_counts_only": inner.get("transfer_error_rates_counts_only"),
        "transfer_shift": transfer,
        "cross_validation": inner["cross_validation"],
        "training_data": {
            "files": hashes,
            "rows": {n: len(data[n]) for n in names},
            "fakes": {n: sum(int(r["is_fake"]) for r in data[n]) for n in names},
        },
        "config": asdict(config),
        "trained_with": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "n_trees": len(model.trees),
        "training_seconds": round(time.time() - t0, 2),
    }
    if out_dir is not None:
        model.save(out_dir)
        load_cached.cache_clear()
    rates = model.metadata["error_rates"]
    report = {
        "version": version,
        "threshold": model.threshold,
        "threshold_range_over_patterns": inner["threshold_range_over_patterns"],
        "sensitivity": rates["sensitivity"],
        "specificity": rates["specificity"],
        "sensitivity_sd": rates["sensitivity_sd"],
        "specificity_sd": rates["specificity_sd"],
        "cv_auc": inner["cross_validation"]["auc"],
        "cv_auc_per_source": inner["cross_validation"]["auc_per_source"],
        "cv_auc_counts_only": inner["cross_validation"]["auc_counts_only"],
        "per_source": rates["per_source"],
        "transfer_shift": transfer,
        "rows": model.metadata["training_data"]["rows"],
        "out_dir": str(out_dir) if out_dir is not None else None,
        "seconds": model.metadata["training_seconds"],
    }
    return model, report


def train_main(
    data_dir: str | os.PathLike[str] | None = None, out_dir: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Train on the shared data and write model.json + metadata.json (default: the packaged model dir).

    Raises :class:`TrainingDataMissing` with a clear message if the shared
    data is absent.
    """
    _, report = train(data_dir, out_dir if out_dir is not None else DEFAULT_MODEL_DIR)
    return report
