"""Fake-follower classifier: inference with NumPy only, from the shipped JSON model (training: ``train.py``).

Model
    A blend of two models on the features of :mod:`reachroom.authenticity.features`:

    * gradient-boosted trees (exported from scikit-learn's ``HistGradientBoostingClassifier``; native
      missing-value branches), weight 0.7;
    * a logistic regression on median-imputed features plus missing indicators, weight 0.3;

    blended on the log-odds scale, then Platt-calibrated.

Operating points
    One threshold per column pattern (which of the 7 optional column groups a row has), chosen by
    leave-one-collection-out transfer, with the transfer sensitivity/specificity at it (train.py).

Share templates
    Per column pattern, the out-of-fold score densities of each class and the prior SD of their shift on a
    new collection: the whole-sample mixture estimate of the suspicious share (share.mixture_share).

Serialisation
    The model is written as plain JSON arrays (tree nodes, coefficients), not a pickle: inference needs only
    NumPy, cannot break when scikit-learn changes its private classes, is safe to load (no code execution) and
    diffs as text. scikit-learn is needed only for ``train.py``.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import FEATURE_NAMES, OPTIONAL_FEATURE_GROUPS, build_features

MODEL_FORMAT = "reachroom-authenticity-model"
MODEL_FORMAT_VERSION = 1
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "model.json"
METADATA_FILE = "metadata.json"


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@dataclass
class Tree:
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    is_leaf: np.ndarray

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Tree:
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

    def __init__(self, trees: Sequence[Tree]):
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
        # each node's (left, right) child, a leaf its own both ways, so a step needs no leaf test
        own = np.arange(len(self.value))
        self.children = np.stack([np.where(self.is_leaf, own, self.left),
                                  np.where(self.is_leaf, own, self.right)], axis=1).ravel()

    def predict_sum(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        if len(self.roots) == 0 or n == 0:
            return np.zeros(n)
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        cells = np.arange(n)[:, None] * X.shape[1]  # row offsets into X.ravel()
        flat = np.ascontiguousarray(X).ravel()
        for _ in range(self.depth):
            x = flat[cells + self.feature[node]]
            go_right = ~np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            node = self.children[2 * node + go_right]
        return self.value[node].sum(axis=1)


PATTERN_GROUPS: tuple[str, ...] = tuple(OPTIONAL_FEATURE_GROUPS)
N_PATTERNS = 2 ** len(PATTERN_GROUPS)
FULL_PATTERN = N_PATTERNS - 1


def group_indices() -> list[list[int]]:
    index = {n: i for i, n in enumerate(FEATURE_NAMES)}
    return [[index[f] for f in OPTIONAL_FEATURE_GROUPS[g]] for g in PATTERN_GROUPS]


def column_patterns(X: np.ndarray) -> np.ndarray:
    """Per-row bitmask of which optional column groups are present (bit i = PATTERN_GROUPS[i])."""
    X = np.asarray(X, dtype=np.float64)
    out = np.zeros(X.shape[0], dtype=np.int64)
    for bit, cols in enumerate(group_indices()):
        out |= (~np.all(np.isnan(X[:, cols]), axis=1)).astype(np.int64) << bit
    return out


def pattern_names(pattern: int) -> list[str]:
    return [g for bit, g in enumerate(PATTERN_GROUPS) if pattern >> bit & 1]


def apply_pattern(X: np.ndarray, pattern: int) -> np.ndarray:
    """Copy of X with the optional groups absent from ``pattern`` blanked."""
    Z = np.array(X, dtype=np.float64, copy=True)
    for bit, cols in enumerate(group_indices()):
        if not pattern >> bit & 1:
            Z[:, cols] = np.nan
    return Z


@dataclass(frozen=True)
class ScoreTemplates:
    """Per column pattern: score densities of genuine (0) and fake (1) accounts on a log-odds grid, and the
    prior SD of each class's shift on a new collection."""

    grid: np.ndarray  # (G,) calibrated log-odds, evenly spaced
    density: np.ndarray  # (P, 2, G) densities on the grid (each integrates to 1)
    shift_sd: np.ndarray  # (P, 2) prior SD of the shift of each class's scores on a new collection
    #: (P, 2) prior SD (half-normal) of the share of each class that scores like the *other* class on a new
    #: collection (transfer confusion, see share.py); None (older models) = ``share.TRANSFER_CONFUSION_SD``.
    confusion_sd: np.ndarray | None = None

    def to_dict(self) -> dict[str, Any]:
        r = lambda a: np.round(np.asarray(a, dtype=np.float64), 5).tolist()  # noqa: E731
        out = {"grid": r(self.grid), "density": r(self.density), "shift_sd": r(self.shift_sd)}
        if self.confusion_sd is not None:
            out["confusion_sd"] = r(self.confusion_sd)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScoreTemplates:
        a = lambda k: np.asarray(d[k], dtype=np.float64)  # noqa: E731
        return cls(a("grid"), a("density"), a("shift_sd"), a("confusion_sd") if "confusion_sd" in d else None)

    def with_shift(self, shift_sd: np.ndarray, confusion_sd: np.ndarray | None = None) -> ScoreTemplates:
        """Copy with another shift prior (the evaluation swaps in the one measured on another direction) and,
        when given, another transfer-confusion prior."""
        conf = self.confusion_sd if confusion_sd is None else np.asarray(confusion_sd, dtype=np.float64)
        return ScoreTemplates(self.grid, self.density, np.asarray(shift_sd, dtype=np.float64), conf)


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
    trees: list[Tree]
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
    templates: ScoreTemplates | None = None
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
        return sigmoid(self.calibrated_logit(X))

    def calibrated_logit(self, X: np.ndarray) -> np.ndarray:
        """Calibrated log-odds of fake (the score the share templates are built on)."""
        return self.calibration_a * self.decision_function(X) + self.calibration_b

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

    def scores_and_features(self, rows: Iterable[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
        """(P(fake), feature matrix) for follower rows: what a sample's judgement (share.assess_sample) starts from."""
        X = build_features(rows)
        return self.predict_proba(X), X

    def classify_rows(self, rows: Iterable[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(fake), 0/1 flags at the fixed per-pattern operating points, feature matrix) for follower rows, each
        judged alone (a sample's flags come from share.assess_sample)."""
        prob, X = self.scores_and_features(rows)
        return prob, (prob >= self.thresholds_for(X)).astype(np.int64), X

    # ---- error rates used for share correction ------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unversioned"))

    def error_rates_for(self, X: np.ndarray, patterns: np.ndarray | None = None) -> dict[str, float]:
        """Cross-validated sensitivity/specificity at the operating points, averaged over the rows' column
        patterns (the expected flag rate of a sample is the mean of its rows' rates). SDs are averaged too
        (treated as fully correlated: conservative). ``patterns``: ``column_patterns(X)`` when already known."""
        op = self.operating_points
        X = self._check(X)
        pat = column_patterns(X) if patterns is None else patterns
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
            **({"share_templates": self.templates.to_dict()} if self.templates is not None else {}),
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
            trees=[Tree.from_dict(t) for t in d["trees"]["nodes"]],
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
            templates=ScoreTemplates.from_dict(d["share_templates"]) if "share_templates" in d else None,
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
def load_cached(path: str, mtime: float) -> FakeFollowerModel:
    return FakeFollowerModel.load(path)


def load_model(model_dir: str | os.PathLike[str] | None = None) -> FakeFollowerModel:
    """The shipped model (``reachroom/authenticity/model/``) or one written by :func:`train`. Cached."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    model_file = path / MODEL_FILE
    if not model_file.exists():
        raise FileNotFoundError(f"no trained model at {path} (run `reachroom authenticity train`)")
    return load_cached(str(path.resolve()), model_file.stat().st_mtime)
