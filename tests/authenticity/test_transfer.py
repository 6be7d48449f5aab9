"""Leave one collection out on the shared data: train on one collection, test on the other (both ways)."""

import numpy as np
import pytest

from reachroom.authenticity.classifier import N_PATTERNS, apply_pattern
from reachroom.authenticity.evaluate.report import SCENARIOS, _mixture_trials, _scenario_pattern, summarise_share_trials
from reachroom.authenticity.train import confusion_prior, loco_confusion, roc_auc, shift_prior
from reachroom.authenticity.training_data import default_data_dir, load_training_data, stack_sources

SHARED = default_data_dir()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SHARED / "kaggle_train.csv").is_file(),
        reason=f"shared labelled data not found at {SHARED} (outside the repo; set REACHROOM_FAKE_ACCOUNTS_DIR)",
    ),
]


@pytest.fixture(scope="module")
def loco():
    """Both leave-one-collection-out models, with a lighter configuration than the shipped one."""
    pytest.importorskip("sklearn")
    from reachroom.authenticity.train import TrainConfig, leave_one_collection_out

    data = load_training_data(SHARED)
    config = TrainConfig(max_iter=80, folds=3, repeats=1, dropout_copies=2)
    return data, config, leave_one_collection_out(data, config)


@pytest.mark.parametrize("scenario", ["all columns in file", "counts + profile pic + private + username"])
def test_share_of_synthetic_mixtures_from_the_left_out_collection(loco, scenario):
    """Mixtures of known share (5-30%, N = 300 and 500) drawn from one collection, estimated by the model
    trained on the other (its own score templates; the shift and transfer-confusion priors measured leaving
    each collection out, as shipped): within 5 points on average and the 95% interval covering the truth in
    >= 85% of samples, in both directions; the flags (P(fake) given the sample >= FLAG_PROBABILITY) false-alarm
    on <= 5% of the genuine followers and catch >= 40% of the fakes (fixed thresholds chosen on the other
    direction alone: 18% false alarms kaggle -> instafake). The shift-only prior (method auth-2026.12.2)
    covers 0.77 (all columns) and 0.83 (counts + pic + private + username) instafake -> kaggle on this grid:
    this fails without the confusion term."""
    data, config, result = loco
    X, y, src, names = stack_sources(data)
    rng = np.random.default_rng(5)
    p = _scenario_pattern(SCENARIOS[scenario])
    shift_sd = shift_prior(result["shift"], config)
    confusion_sd = confusion_prior(loco_confusion(result, y, src), config)
    assert shift_sd.shape == confusion_sd.shape == (N_PATTERNS, 2)
    for s, left_out in enumerate(names):
        model, m = result["models"][left_out], src == s
        templates = model.templates.with_shift(shift_sd, confusion_sd)
        trials = _mixture_trials(
            model, apply_pattern(X[m], p), y[m], templates, rng, (300, 500), (0.05, 0.15, 0.25, 0.30), 6
        )
        summary, flags = summarise_share_trials(trials)["mixture"], summarise_share_trials(trials)["flags"]
        # flags judged against the whole sample: the target on a collection the model never saw
        assert flags["fpr"] <= 0.05 and flags["recall"] >= 0.4, (left_out, flags)
        assert summary["mean_abs_error"] <= 0.05, (left_out, summary)
        assert summary["coverage"] >= 0.85, (left_out, summary)
        assert summary["mean_interval_width"] <= 0.2, (left_out, summary)


def test_ranking_transfers_between_collections(loco):
    data, _, result = loco
    _, y, src, names = stack_sources(data)
    for s, left_out in enumerate(names):
        m = src == s
        assert roc_auc(y[m], result["logit"][-1, m]) >= 0.9, left_out
        assert roc_auc(y[m], result["logit"][0, m]) >= 0.9, left_out  # counts only
