"""Fake-follower classifier: training (scikit-learn) and inference (NumPy only, from a shipped JSON model).

Model
    A blend of two models on the features of :mod:`reachroom.authenticity.features`:

    * gradient-boosted trees (scikit-learn ``HistGradientBoostingClassifier``; small, monotonic constraints on
      features whose direction is known, native missing-value branches), weight 0.7;
    * a logistic regression on median-imputed features plus missing indicators, weight 0.3 — linear models
      transfer better between collections (train on one file, test on the other);

    blended on the log-odds scale, then Platt-calibrated on out-of-fold scores.

Training data
    Both canonical files together (``instafake.csv`` and ``kaggle_train.csv``), each file re-weighted so that its
    fakes and genuine accounts weigh the same and both files weigh the same. Because each source is balanced,
    which columns a source happens to carry says nothing about the label, so the model cannot learn "column
    missing => genuine". On top, *column dropout*: the training set is repeated with each optional column group
    blanked at random (p=0.35), so every split learns a sensible missing-value branch.

Operating points
    One threshold per column pattern (which of the 7 optional column groups a row has): the lowest calibrated
    probability at which the out-of-fold false-positive rate is at most ``target_fpr`` (0.03, averaged over
    the two sources) and at most 0.05 in each source — a margin below the 0.05 goal, because real follower
    samples are not the training collections. The cross-validated sensitivity/specificity at each pattern's
    threshold are stored with it and used to correct the suspicious-follower share (share.py).

Serialisation
    The model is written as plain JSON arrays (tree nodes, coefficients), not a pickle: inference needs only
    NumPy, cannot break when scikit-learn changes its private classes, is safe to load (no code execution) and
    diffs as text. The exporter checks that the JSON predictor reproduces scikit-learn's scores to 1e-9
    before writing. scikit-learn is needed only for ``train``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import platform
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import FEATURE_NAMES, OPTIONAL_FEATURE_GROUPS, build_features, labels, load_labelled_csv

MODEL_FORMAT = "reachroom-authenticity-model"
MODEL_FORMAT_VERSION = 1
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "model.json"
METADATA_FILE = "metadata.json"
TRAINING_FILES = ("instafake.csv", "kaggle_train.csv")

#: Known direction of a feature's effect on "fake" (+1 more fake, -1 less fake); used as monotonic constraints.
MONOTONIC = {
    "log_posts": -1,
    "has_profile_pic": -1,
    "has_external_url": -1,
    "username_digits": 1,
    "username_digit_ratio": 1,
    "log_bio_length": -1,
}


class TrainingDataMissing(FileNotFoundError):
    """The shared labelled data (``../shared/data/fake-accounts/``) is not available."""


def default_data_dir() -> Path:
    """``$REACHROOM_FAKE_ACCOUNTS_DIR``; else ``../shared/data/fake-accounts`` relative to the working directory;
    else the same path relative to the repository root (when running from a source checkout)."""
    env = os.environ.get("REACHROOM_FAKE_ACCOUNTS_DIR")
    if env:
        return Path(env)
    rel = Path("..") / "shared" / "data" / "fake-accounts"
    candidates = [rel, Path(__file__).resolve().parents[3] / rel]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


# --------------------------------------------------------------------------------------------------------------
# Inference (NumPy only)
# --------------------------------------------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@dataclass
class _Tree:
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    is_leaf: np.ndarray

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> _Tree:
        return cls(
            feature=np.asarray(d["feature"], dtype=np.int64),
            threshold=np.asarray(d["threshold"], dtype=np.float64),
            missing_left=np.asarray(d["missing_left"], dtype=bool),
            left=np.asarray(d["left"], dtype=np.int64),
            right=np.asarray(d["right"], dtype=np.int64),
            value=np.asarray(d["value"], dtype=np.float64),
            is_leaf=np.asarray(d["is_leaf"], dtype=bool),
        )

    def to_dict(self) -> dict[str, list]:
        return {
            "feature": self.feature.tolist(),
            "threshold": [float(t) for t in self.threshold],
            "missing_left": self.missing_left.astype(int).tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [float(v) for v in self.value],
            "is_leaf": self.is_leaf.astype(int).tolist(),
        }


class _PackedForest:
    """All trees in flat arrays, evaluated level by level for every (row, tree) pair at once."""

    def __init__(self, trees: Sequence[_Tree]):
        sizes = [len(t.value) for t in trees]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if trees else np.zeros(0, int)
        cat = (lambda attr: np.concatenate([getattr(t, attr) for t in trees])) if trees else None
        self.roots = offsets
        if not trees:
            self.depth = 0
            return
        self.feature = np.maximum(cat("feature"), 0)
        self.threshold = cat("threshold")
        self.missing_left = cat("missing_left")
        self.is_leaf = cat("is_leaf")
        self.value = cat("value")
        self.left = np.concatenate([t.left + o for t, o in zip(trees, offsets, strict=True)])
        self.right = np.concatenate([t.right + o for t, o in zip(trees, offsets, strict=True)])
        # depth of the deepest leaf, so prediction needs a fixed number of vectorised steps
        depth = np.zeros(len(self.value), dtype=np.int64)
        for t, o in zip(trees, offsets, strict=True):
            stack = [(0, 0)]
            while stack:
                node, d = stack.pop()
                depth[o + node] = d
                if not t.is_leaf[node]:
                    stack += [(int(t.left[node]), d + 1), (int(t.right[node]), d + 1)]
        self.depth = int(depth.max())

    def predict_sum(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        if len(self.roots) == 0 or n == 0:
            return np.zeros(n)
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            x = X[rows, self.feature[node]]
            go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            node = np.where(self.is_leaf[node], node, np.where(go_left, self.left[node], self.right[node]))
        return self.value[node].sum(axis=1)


PATTERN_GROUPS: tuple[str, ...] = tuple(OPTIONAL_FEATURE_GROUPS)
N_PATTERNS = 2 ** len(PATTERN_GROUPS)
FULL_PATTERN = N_PATTERNS - 1


def _group_indices() -> list[list[int]]:
    index = {n: i for i, n in enumerate(FEATURE_NAMES)}
    return [[index[f] for f in OPTIONAL_FEATURE_GROUPS[g]] for g in PATTERN_GROUPS]


def column_patterns(X: np.ndarray) -> np.ndarray:
    """Per-row bitmask of which optional column groups are present (bit i = PATTERN_GROUPS[i])."""
    X = np.asarray(X, dtype=np.float64)
    out = np.zeros(X.shape[0], dtype=np.int64)
    for bit, cols in enumerate(_group_indices()):
        out |= (~np.all(np.isnan(X[:, cols]), axis=1)).astype(np.int64) << bit
    return out


def pattern_names(pattern: int) -> list[str]:
    return [g for bit, g in enumerate(PATTERN_GROUPS) if pattern >> bit & 1]


def apply_pattern(X: np.ndarray, pattern: int) -> np.ndarray:
    """Copy of X with the optional groups absent from ``pattern`` blanked."""
    Z = np.array(X, dtype=np.float64, copy=True)
    for bit, cols in enumerate(_group_indices()):
        if not pattern >> bit & 1:
            Z[:, cols] = np.nan
    return Z


@dataclass
class OperatingPoints:
    """Per column-availability pattern: decision threshold and cross-validated error rates at it."""

    threshold: np.ndarray
    sensitivity: np.ndarray
    specificity: np.ndarray
    sensitivity_sd: np.ndarray
    specificity_sd: np.ndarray

    @classmethod
    def constant(cls, threshold: float = 0.5) -> OperatingPoints:
        full = lambda v: np.full(N_PATTERNS, float(v))  # noqa: E731
        return cls(full(threshold), full(math.nan), full(math.nan), full(0.0), full(0.0))

    def to_dict(self) -> dict[str, Any]:
        r = lambda a: [round(float(v), 6) for v in a]  # noqa: E731
        return {
            "groups": list(PATTERN_GROUPS),
            "index": "bit i set = PATTERN_GROUPS[i] present",
            "threshold": r(self.threshold),
            "sensitivity": r(self.sensitivity),
            "specificity": r(self.specificity),
            "sensitivity_sd": r(self.sensitivity_sd),
            "specificity_sd": r(self.specificity_sd),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> OperatingPoints:
        if tuple(d["groups"]) != PATTERN_GROUPS:
            raise ValueError("operating-point groups do not match this code")
        a = lambda k: np.asarray(d[k], dtype=np.float64)  # noqa: E731
        return cls(a("threshold"), a("sensitivity"), a("specificity"), a("sensitivity_sd"), a("specificity_sd"))


@dataclass
class FakeFollowerModel:
    """A trained, serialisable fake-follower classifier. ``predict_proba`` gives calibrated P(fake)."""

    feature_names: tuple[str, ...]
    trees: list[_Tree]
    tree_baseline: float
    tree_weight: float
    linear_impute: np.ndarray
    linear_mean: np.ndarray
    linear_scale: np.ndarray
    linear_coef: np.ndarray
    linear_intercept: float
    linear_weight: float
    calibration_a: float = 1.0
    calibration_b: float = 0.0
    operating_points: OperatingPoints = field(default_factory=OperatingPoints.constant)
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._forest = _PackedForest(self.trees)

    # ---- scoring ------------------------------------------------------------------------------------------
    def _check(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise ValueError(f"expected an (n, {len(self.feature_names)}) feature matrix, got {X.shape}")
        return X

    def tree_score(self, X: np.ndarray) -> np.ndarray:
        return self.tree_baseline + self._forest.predict_sum(self._check(X))

    def linear_score(self, X: np.ndarray) -> np.ndarray:
        X = self._check(X)
        missing = np.isnan(X)
        Z = np.hstack([np.where(missing, self.linear_impute, X), missing.astype(np.float64)])
        return ((Z - self.linear_mean) / self.linear_scale) @ self.linear_coef + self.linear_intercept

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated blended log-odds score (higher = more likely fake)."""
        X = self._check(X)
        score = np.zeros(X.shape[0])
        if self.tree_weight:
            score += self.tree_weight * self.tree_score(X)
        if self.linear_weight:
            score += self.linear_weight * self.linear_score(X)
        return score

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability that each account is fake (at a 50% prior; see docs/authenticity.md)."""
        return _sigmoid(self.calibration_a * self.decision_function(X) + self.calibration_b)

    @property
    def threshold(self) -> float:
        """Default operating point when every optional column is present."""
        return float(self.operating_points.threshold[FULL_PATTERN])

    def thresholds_for(self, X: np.ndarray) -> np.ndarray:
        """Each row's threshold, by which optional columns it has (keeps CV FPR <= target for every pattern)."""
        return self.operating_points.threshold[column_patterns(self._check(X))]

    def predict(self, X: np.ndarray, threshold: float | None = None) -> np.ndarray:
        X = self._check(X)
        t = self.thresholds_for(X) if threshold is None else threshold
        return (self.predict_proba(X) >= t).astype(np.int64)

    def score_rows(self, rows: Iterable[Mapping[str, Any]]) -> np.ndarray:
        """Calibrated P(fake) for follower rows (dicts in the canonical layout, any optional column missing)."""
        return self.predict_proba(build_features(rows))

    def classify_rows(self, rows: Iterable[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(fake), 0/1 flags at the default operating points, feature matrix) for follower rows."""
        X = build_features(rows)
        prob = self.predict_proba(X)
        return prob, (prob >= self.thresholds_for(X)).astype(np.int64), X

    # ---- error rates used for share correction ------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unversioned"))

    def error_rates_for(self, X: np.ndarray) -> dict[str, float]:
        """Cross-validated sensitivity/specificity at the operating points, averaged over the rows' column
        patterns (the expected flag rate of a sample is the mean of its rows' rates). SDs are averaged too
        (treated as fully correlated: conservative)."""
        op = self.operating_points
        pat = column_patterns(self._check(X))
        if not len(pat):
            pat = np.array([FULL_PATTERN])
        out = {
            "sensitivity": float(np.mean(op.sensitivity[pat])),
            "specificity": float(np.mean(op.specificity[pat])),
            "sensitivity_sd": float(np.mean(op.sensitivity_sd[pat])),
            "specificity_sd": float(np.mean(op.specificity_sd[pat])),
        }
        if any(math.isnan(v) for v in out.values()):
            raise ValueError("this model carries no cross-validated error rates")
        return out

    @property
    def error_rates(self) -> dict[str, float]:
        """Error rates when every optional column is present."""
        return self.error_rates_for(np.zeros((1, len(self.feature_names))))

    # ---- (de)serialisation --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "version": self.metadata.get("version"),
            "feature_names": list(self.feature_names),
            "trees": {
                "weight": self.tree_weight,
                "baseline": self.tree_baseline,
                "nodes": [t.to_dict() for t in self.trees],
            },
            "linear": {
                "weight": self.linear_weight,
                "impute": self.linear_impute.tolist(),
                "mean": self.linear_mean.tolist(),
                "scale": self.linear_scale.tolist(),
                "coef": self.linear_coef.tolist(),
                "intercept": self.linear_intercept,
            },
            "calibration": {"method": "platt", "a": self.calibration_a, "b": self.calibration_b},
            "operating_points": self.operating_points.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], metadata: dict[str, Any] | None = None) -> FakeFollowerModel:
        if d.get("format") != MODEL_FORMAT or d.get("format_version") != MODEL_FORMAT_VERSION:
            raise ValueError(f"not a {MODEL_FORMAT} v{MODEL_FORMAT_VERSION} file")
        names = tuple(d["feature_names"])
        if names != FEATURE_NAMES:
            raise ValueError(f"model features {names} do not match this code's {FEATURE_NAMES}")
        lin = d["linear"]
        meta = dict(metadata or {})
        meta.setdefault("version", d.get("version") or "unversioned")
        return cls(
            feature_names=names,
            trees=[_Tree.from_dict(t) for t in d["trees"]["nodes"]],
            tree_baseline=float(d["trees"]["baseline"]),
            tree_weight=float(d["trees"]["weight"]),
            linear_impute=np.asarray(lin["impute"], dtype=np.float64),
            linear_mean=np.asarray(lin["mean"], dtype=np.float64),
            linear_scale=np.asarray(lin["scale"], dtype=np.float64),
            linear_coef=np.asarray(lin["coef"], dtype=np.float64),
            linear_intercept=float(lin["intercept"]),
            linear_weight=float(lin["weight"]),
            calibration_a=float(d["calibration"]["a"]),
            calibration_b=float(d["calibration"]["b"]),
            operating_points=OperatingPoints.from_dict(d["operating_points"]),
            metadata=meta,
        )

    def save(self, out_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        model_path, meta_path = out / MODEL_FILE, out / METADATA_FILE
        model_path.write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
        meta_path.write_text(json.dumps(self.metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return model_path, meta_path

    @classmethod
    def load(cls, model_dir: str | os.PathLike[str]) -> FakeFollowerModel:
        d = Path(model_dir)
        model = json.loads((d / MODEL_FILE).read_text(encoding="utf-8"))
        meta_path = d / METADATA_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls.from_dict(model, meta)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> FakeFollowerModel:
    return FakeFollowerModel.load(path)


def load_model(model_dir: str | os.PathLike[str] | None = None) -> FakeFollowerModel:
    """The shipped model (``reachroom/authenticity/model/``) or one written by :func:`train`. Cached."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    model_file = path / MODEL_FILE
    if not model_file.exists():
        raise FileNotFoundError(f"no trained model at {path} (run `reachroom authenticity train`)")
    return _load_cached(str(path.resolve()), model_file.stat().st_mtime)


# --------------------------------------------------------------------------------------------------------------
# Training (needs scikit-learn; imported lazily)
# --------------------------------------------------------------------------------------------------------------


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


def file_sha256(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_training_data(data_dir: str | os.PathLike[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows of each training file, keyed by source name ('instafake', 'kaggle_train')."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    missing = [name for name in TRAINING_FILES if not (d / name).is_file()]
    if missing:
        raise TrainingDataMissing(
            f"labelled fake-account data not found: {', '.join(str(d / m) for m in missing)} is missing. "
            "The shared data lives outside the repository (../shared/data/fake-accounts/); pass its directory "
            "or set REACHROOM_FAKE_ACCOUNTS_DIR. Inference uses the shipped model and does not need it."
        )
    return {name.removesuffix(".csv"): load_labelled_csv(d / name) for name in TRAINING_FILES}


def stack_sources(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(X, y, source index, source names) from per-source rows."""
    names = list(data)
    X = np.vstack([build_features(data[n]) for n in names])
    y = np.concatenate([labels(data[n]) for n in names])
    src = np.concatenate([np.full(len(data[n]), i, dtype=np.int64) for i, n in enumerate(names)])
    return X, y, src, names


def balanced_weights(y: np.ndarray, src: np.ndarray) -> np.ndarray:
    """Each source weighs the same in total, and within a source fakes and genuine accounts weigh the same."""
    w = np.zeros(len(y))
    sources = np.unique(src)
    for s in sources:
        in_s = src == s
        classes = np.unique(y[in_s])
        for c in classes:
            m = in_s & (y == c)
            w[m] = 1.0 / (len(sources) * len(classes) * m.sum())
    return w * len(y)


def column_dropout(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, rng: np.random.Generator, copies: int, p: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Original rows plus ``copies`` copies in which each optional column group is blanked with probability p."""
    Xs, ys, ws = [X], [y], [w]
    groups = _group_indices()
    for _ in range(copies):
        Xc = X.copy()
        for g in groups:
            Xc[np.ix_(rng.random(len(X)) < p, g)] = np.nan
        Xs.append(Xc)
        ys.append(y)
        ws.append(w)
    return np.vstack(Xs), np.concatenate(ys), np.concatenate(ws)


def _export_hgb(est: Any, keep: np.ndarray) -> tuple[list[_Tree], float]:
    """Tree nodes of a fitted binary HistGradientBoostingClassifier, re-indexed to all features."""
    baseline = float(np.ravel(est._baseline_prediction)[0])
    trees: list[_Tree] = []
    for predictors in est._predictors:
        nodes = predictors[0].nodes
        if np.any(nodes["is_categorical"]):  # pragma: no cover - we never declare categorical features
            raise ValueError("categorical splits are not supported by the JSON exporter")
        trees.append(
            _Tree(
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


def _auc(y: np.ndarray, score: np.ndarray) -> float | None:
    from .evaluate import roc_auc

    return roc_auc(y, score)


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
        prob = _sigmoid(a * oof[p] + b)
        thr = choose_threshold(prob, y, src, config.target_fpr, config.max_source_fpr)
        summary = error_rate_summary(prob, y, src, names, thr, transfer_sd)
        ops.threshold[p] = thr
        ops.sensitivity[p] = summary["sensitivity"]
        ops.specificity[p] = summary["specificity"]
        ops.sensitivity_sd[p] = summary["sensitivity_sd"]
        ops.specificity_sd[p] = summary["specificity_sd"]
        details.append(summary)
    return a, b, ops, details


def train_model(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
    config: TrainConfig = TrainConfig(),
    transfer_sd: tuple[float, float] = (0.0, 0.0),
    return_oof: bool = False,
) -> Any:
    """Full procedure on labelled rows per source: out-of-fold scores for every column pattern -> Platt
    calibration -> per-pattern operating points and error rates -> final fit on all rows.

    Returns the model (metadata: error rates and CV numbers, no file hashes), or (model, oof) with the
    (N_PATTERNS, n) out-of-fold score array when ``return_oof``."""
    _require_sklearn()
    X, y, src, names = stack_sources(data)
    oof = cross_val_pattern_scores(X, y, src, config)
    a, b, ops, details = fit_operating_points(oof, y, src, names, config, transfer_sd)
    model = fit_model(X, y, src, config)
    model.calibration_a, model.calibration_b = a, b
    model.operating_points = ops
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
            "auc": _auc(y, oof[FULL_PATTERN]),
            "auc_per_source": {names[s]: _auc(y[src == s], oof[FULL_PATTERN][src == s]) for s in np.unique(src)},
            "auc_counts_only": _auc(y, oof[0]),
        },
        "sources": list(names),
        "transfer_sd": {"sensitivity": transfer_sd[0], "specificity": transfer_sd[1]},
    }
    return (model, oof) if return_oof else model


def estimate_transfer_shift(
    data: Mapping[str, Sequence[Mapping[str, Any]]], config: TrainConfig = TrainConfig()
) -> dict[str, Any]:
    """How far sensitivity/specificity move on a new collection: for each ordered pair of sources, train on one
    (its own CV gives the expected rates for the other's column patterns) and measure the rates on the other.
    Returns the shifts and ``sd`` = factor x root-mean-square shift (factor < 1 because the shipped model is
    trained on both collections and should move less than a single-collection model)."""
    light = TrainConfig(**{**asdict(config), "repeats": 1})
    shifts = {}
    for a_name in data:
        model = train_model({a_name: data[a_name]}, light)
        for b_name in data:
            if b_name == a_name:
                continue
            X = build_features(data[b_name])
            yb = labels(data[b_name])
            expected = model.error_rates_for(X)
            actual = rates_at(model.predict_proba(X), yb, model.thresholds_for(X))
            shifts[f"{a_name} -> {b_name}"] = {
                "expected_sensitivity": expected["sensitivity"],
                "actual_sensitivity": actual["tpr"],
                "expected_specificity": expected["specificity"],
                "actual_specificity": 1 - actual["fpr"],
            }
    if not shifts:
        return {"shifts": {}, "sd": (0.0, 0.0), "factor": config.transfer_sd_factor}
    d_se = [v["actual_sensitivity"] - v["expected_sensitivity"] for v in shifts.values()]
    d_sp = [v["actual_specificity"] - v["expected_specificity"] for v in shifts.values()]
    rms = lambda v: math.sqrt(sum(x * x for x in v) / len(v))  # noqa: E731
    sd = (config.transfer_sd_factor * rms(d_se), config.transfer_sd_factor * rms(d_sp))
    return {"shifts": shifts, "sd": sd, "factor": config.transfer_sd_factor}


def train(
    data_dir: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    config: TrainConfig = TrainConfig(),
) -> tuple[FakeFollowerModel, dict[str, Any]]:
    """Read both training files, estimate the transfer shift, run :func:`train_model`, and (if out_dir) save
    model.json + metadata.json."""
    _require_sklearn()
    import sklearn

    t0 = time.time()
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    data = load_training_data(d)
    transfer = estimate_transfer_shift(data, config)
    model = train_model(data, config, transfer_sd=transfer["sd"])
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
            f"per column pattern: lowest calibrated P(fake) with source-averaged out-of-fold FPR <= "
            f"{config.target_fpr} and each source's FPR <= {config.max_source_fpr}; 'threshold' is the "
            "all-columns pattern"
        ),
        "calibration": {
            "method": "Platt on out-of-fold scores; each source and class weighted equally (i.e. a 50% prior)",
            "a": model.calibration_a,
            "b": model.calibration_b,
        },
        "error_rates": inner["error_rates"],
        "error_rates_counts_only": inner["error_rates_counts_only"],
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
        _load_cached.cache_clear()
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
