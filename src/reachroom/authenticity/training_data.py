"""The labelled fake-account collections the classifier is trained and evaluated on: where they are, loading,
stacking, per-source balancing and column dropout (NumPy only)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reachroom.config import get_settings

from .classifier import group_indices
from .features import build_features, labels, load_labelled_csv

TRAINING_FILES = ("instafake.csv", "kaggle_train.csv")


class TrainingDataMissing(FileNotFoundError):
    """The shared labelled data (``../shared/data/fake-accounts/``) is not available."""


def default_data_dir() -> Path:
    """``$REACHROOM_FAKE_ACCOUNTS_DIR``; else ``../shared/data/fake-accounts`` relative to the working directory;
    else the same path relative to the repository root (when running from a source checkout)."""
    configured = get_settings().fake_accounts_dir
    if configured:
        return configured
    rel = Path("..") / "shared" / "data" / "fake-accounts"
    candidates = [rel, Path(__file__).resolve().parents[3] / rel]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


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
    groups = group_indices()
    for _ in range(copies):
        Xc = X.copy()
        for g in groups:
            Xc[np.ix_(rng.random(len(X)) < p, g)] = np.nan
        Xs.append(Xc)
        ys.append(y)
        ws.append(w)
    return np.vstack(Xs), np.concatenate(ys), np.concatenate(ws)
