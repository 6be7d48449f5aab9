"""Authenticity: fake-follower classifier, suspicious-follower share, audience types (METRICS.md §5).

Inference uses only NumPy and the model shipped in ``model/`` (plain JSON); training (``train.py``) needs
scikit-learn; evaluations live in ``evaluate/`` and run from the CLI only.
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

__all__ = [
    "CsvError",
    "FakeFollowerModel",
    "ShareEstimate",
    "audience_types",
    "build_features",
    "estimate_fake_share",
    "estimate_share_from_flags",
    "follower_sample_report",
    "load_model",
    "parse_follower_csv",
    "reachability",
    "rogan_gladen",
]
