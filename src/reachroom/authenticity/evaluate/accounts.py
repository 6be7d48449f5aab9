"""`reachroom authenticity eval-accounts`: the shipped classifier's metrics on labelled follower rows (NumPy only)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..classifier import load_model
from ..features import FEATURE_NAMES, CsvError, labels, parse_follower_csv
from ..share import FLAG_PROBABILITY, assess_sample
from ..train import roc_auc


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def classification_metrics(y: np.ndarray, prob: np.ndarray, threshold: float | np.ndarray) -> dict[str, Any]:
    y = np.asarray(y).astype(int)
    pred = (np.asarray(prob) >= threshold).astype(int)
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    tn = int(np.sum((pred == 0) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    n = len(y)
    recall = _ratio(tp, tp + fn)
    tnr = _ratio(tn, tn + fp)
    precision = _ratio(tp, tp + fp)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    if recall is not None and tnr is not None:
        balanced = (recall + tnr) / 2
    else:
        balanced = recall if recall is not None else tnr
    return {
        "n": n,
        "accuracy": (tp + tn) / n if n else None,
        "balanced_accuracy": balanced,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "auc": roc_auc(y, prob),
        "fpr": _ratio(fp, fp + tn),
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
    }


class CsvValidationError(ValueError):
    def __init__(self, errors: Sequence[CsvError]):
        self.errors = list(errors)
        shown = "; ".join(str(e) for e in self.errors[:10])
        more = f" (+{len(self.errors) - 10} more)" if len(self.errors) > 10 else ""
        super().__init__(f"{len(self.errors)} error(s): {shown}{more}")


def evaluate_accounts(rows: Sequence[Mapping[str, Any]], model: Any = None) -> dict[str, Any]:
    """Metrics of the (shipped) classifier on labelled follower rows (``is_fake`` required on every row).

    Returns n, accuracy, balanced_accuracy, precision, recall, f1, auc, fpr and the confusion counts at the
    product's flags (P(fake) given the whole file as one sample >= FLAG_PROBABILITY, ``share.assess_sample``);
    ``fixed_rule``: the same at the per-pattern thresholds alone (threshold: their median over rows, which differ
    only when rows carry different optional columns; default_threshold: all columns present); true_fake_share,
    estimated_fake_share (+ _low/_high, a 95% interval), raw_flagged_share, model_version and features_present.
    Undefined metrics (e.g. AUC with one class) are None; AUC ranks by the model's own P(fake).
    """
    model = model or load_model()
    rows = list(rows)
    if not rows:
        raise ValueError("no rows to evaluate")
    y = labels(rows)
    prob, X = model.scores_and_features(rows)
    thresholds = model.thresholds_for(X)
    judged = assess_sample(model, X, prob)
    m = {**classification_metrics(y, judged.flags, 1), "auc": roc_auc(y, prob)}
    share = judged.share
    present = [name for j, name in enumerate(FEATURE_NAMES) if not np.all(np.isnan(X[:, j]))]
    return {
        **m,
        "flag_rule": f"P(fake) given the whole sample >= {FLAG_PROBABILITY}",
        "fixed_rule": classification_metrics(y, prob, thresholds),
        "true_fake_share": float(y.mean()),
        "estimated_fake_share": share.estimate,
        "estimated_fake_share_low": share.low,
        "estimated_fake_share_high": share.high,
        "estimated_fake_share_level": share.level,
        "raw_flagged_share": share.raw_rate,
        "share_method": share.method,
        "share_correction": {"sensitivity": share.sensitivity, "specificity": share.specificity},
        "threshold": float(np.median(thresholds)),
        "default_threshold": model.threshold,
        "model_version": model.version,
        "features_present": present,
    }


def evaluate_csv(csv_path_or_text: str | bytes | os.PathLike[str], model: Any = None) -> dict[str, Any]:
    """Parse a labelled CSV (raising :class:`CsvValidationError` listing every error) and evaluate it."""
    rows, errors = parse_follower_csv(csv_path_or_text, require_label=True)
    if errors:
        raise CsvValidationError(errors)
    return evaluate_accounts(rows, model)
