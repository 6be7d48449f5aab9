"""Authenticity: fake-follower classifier, suspicious-follower share, audience types (METRICS.md §5).

Inference uses only NumPy and the model shipped in ``model/`` (plain JSON); training needs scikit-learn.
"""

from .classifier import FakeFollowerModel, load_model
from .features import CsvError, build_features, parse_follower_csv
from .share import (
    ShareEstimate,
    audience_types,
    estimate_fake_share,
    estimate_share_from_flags,
    follower_sample_report,
    reachability,
    rogan_gladen,
)

_LAZY = {"evaluate_accounts", "evaluate_csv", "train_main"}


def __getattr__(name: str):  # lazy, so `python -m reachroom.authenticity.evaluate` runs cleanly
    if name in _LAZY:
        from . import evaluate

        return getattr(evaluate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CsvError",
    "FakeFollowerModel",
    "ShareEstimate",
    "audience_types",
    "build_features",
    "estimate_fake_share",
    "estimate_share_from_flags",
    "evaluate_accounts",
    "evaluate_csv",
    "follower_sample_report",
    "load_model",
    "parse_follower_csv",
    "reachability",
    "rogan_gladen",
    "train_main",
]
