"""The shipped fake-follower model: loads without scikit-learn, is small, and scores obvious cases right."""

import json
from pathlib import Path

import numpy as np
import pytest

from reachroom.authenticity.classifier import (
    DEFAULT_MODEL_DIR,
    FULL_PATTERN,
    FakeFollowerModel,
    column_patterns,
    load_model,
)
from reachroom.authenticity.features import FEATURE_NAMES, build_features, parse_follower_csv
from reachroom.authenticity.training_data import TrainingDataMissing, load_training_data

OBVIOUS_FAKE = {
    "username": "user83920174",
    "followers": 3,
    "following": 7000,
    "posts": 0,
    "has_profile_pic": 0,
    "is_private": 0,
    "bio_length": 0,
}
OBVIOUS_REAL = {
    "username": "sarah.bakes",
    "followers": 850,
    "following": 640,
    "posts": 180,
    "has_profile_pic": 1,
    "is_private": 0,
    "bio_length": 90,
    "full_name_words": 2,
}


@pytest.fixture(scope="module")
def model() -> FakeFollowerModel:
    return load_model()


def test_shipped_model_is_small_json_with_metadata(model):
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir() if p.is_file())
    assert size < 2_000_000
    assert not list(DEFAULT_MODEL_DIR.glob("*.pkl")) and not list(DEFAULT_MODEL_DIR.glob("*.joblib"))
    meta = json.loads((DEFAULT_MODEL_DIR / "metadata.json").read_text())
    assert meta["version"] == model.version and model.version.startswith("fakefollowers-")
    assert meta["features"] == list(FEATURE_NAMES)
    assert set(meta["training_data"]["files"]) == {"instafake.csv", "kaggle_train.csv"}
    assert all(len(h) == 64 for h in meta["training_data"]["files"].values())
    assert meta["trained_with"]["scikit-learn"]
    assert 0 < meta["threshold"] < 1 and meta["threshold"] == pytest.approx(model.threshold)
    rates = meta["error_rates"]
    # the documented operating point: FPR <= 0.05 in cross-validation, useful sensitivity
    assert 1 - rates["specificity"] <= 0.05 and rates["sensitivity"] >= 0.8
    assert meta["cross_validation"]["auc"] >= 0.95


def test_obvious_fake_scores_fake_and_obvious_real_scores_real(model):
    X = build_features([OBVIOUS_FAKE, OBVIOUS_REAL])
    prob = model.predict_proba(X)
    assert prob[0] > 0.95 and prob[1] < 0.05
    assert model.predict(X).tolist() == [1, 0]


def test_works_with_counts_only(model):
    counts = [{k: r[k] for k in ("followers", "following", "posts")} for r in (OBVIOUS_FAKE, OBVIOUS_REAL)]
    assert model.predict(build_features(counts)).tolist() == [1, 0]


def test_missing_column_csv_end_to_end(model):
    rows, errors = parse_follower_csv("username,followers,following,posts\nbot_5512093,12,4100,0\nmia.k,300,280,45\n")
    assert errors == []
    prob, flags, X = model.classify_rows(rows)
    assert np.isfinite(prob).all() and flags.tolist() == [1, 0]
    assert set(column_patterns(X)) == {0b0011000}  # only the two username groups present


def test_operating_point_depends_on_available_columns(model):
    full = build_features([{**OBVIOUS_REAL, "has_external_url": 0, "username_length": 11}])
    counts_only = build_features([{"followers": 1, "following": 1, "posts": 1}])
    assert column_patterns(full).tolist() == [FULL_PATTERN]
    assert model.thresholds_for(full)[0] == pytest.approx(model.threshold)
    t_counts = model.thresholds_for(counts_only)[0]
    assert 0 < t_counts < 1
    # fewer columns => lower sensitivity at the operating point, and the share correction knows it
    assert model.error_rates_for(counts_only)["sensitivity"] < model.error_rates["sensitivity"]


def test_more_posts_and_a_profile_picture_never_make_an_account_more_suspicious(model):
    base = {"followers": 60, "following": 900, "posts": 0, "has_profile_pic": 0, "bio_length": 0}
    rows = [base, {**base, "posts": 40}, {**base, "has_profile_pic": 1}]
    p = model.score_rows(rows)
    assert p[1] <= p[0] and p[2] <= p[0]


def test_round_trip_serialisation(model, tmp_path: Path):
    model.save(tmp_path)
    again = FakeFollowerModel.load(tmp_path)
    X = build_features([OBVIOUS_FAKE, OBVIOUS_REAL, {"followers": 10, "following": 20, "posts": 1}])
    assert np.allclose(again.predict_proba(X), model.predict_proba(X), atol=1e-12)
    assert again.version == model.version


def test_rejects_wrong_feature_matrix(model):
    with pytest.raises(ValueError):
        model.predict_proba(np.zeros((2, 3)))


def test_training_data_missing_is_explained(tmp_path: Path):
    with pytest.raises(TrainingDataMissing, match="instafake.csv"):
        load_training_data(tmp_path)


def test_load_model_missing_dir(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="authenticity train"):
        load_model(tmp_path)


def _synthetic_source(rng: np.random.Generator, n: int, fake_share: float, with_username: bool) -> str:
    cols = ["followers", "following", "posts", "has_profile_pic", "bio_length"]
    cols += ["username"] if with_username else ["username_digit_ratio", "full_name_words"]
    lines = [",".join(cols + ["is_fake"])]
    for i in range(n):
        fake = rng.random() < fake_share
        followers = int(rng.lognormal(3 if fake else 6, 1))
        following = int(rng.lognormal(7 if fake else 6, 0.7))
        posts = int(rng.poisson(1 if fake else 60))
        vals = [followers, following, posts, int(rng.random() > (0.5 if fake else 0.02)), 0 if fake else 30]
        if with_username:
            vals.append(f"u{i}{rng.integers(1000, 99999) if fake else ''}x")
        else:
            vals += [round(float(rng.uniform(0.2, 0.6) if fake else 0.0), 2), 1 if fake else 2]
        lines.append(",".join(map(str, vals + [int(fake)])))
    return "\n".join(lines) + "\n"


def test_training_pipeline_on_synthetic_files(tmp_path: Path):
    """End to end without the shared data: train (tiny config), save, reload, score — and the exported JSON
    trees reproduce scikit-learn (checked inside fit_model)."""
    pytest.importorskip("sklearn")
    from reachroom.authenticity.train import TrainConfig, train

    rng = np.random.default_rng(0)
    (tmp_path / "instafake.csv").write_text(_synthetic_source(rng, 160, 0.2, True))
    (tmp_path / "kaggle_train.csv").write_text(_synthetic_source(rng, 120, 0.5, False))
    config = TrainConfig(max_iter=20, folds=3, repeats=1, dropout_copies=1)
    model, report = train(tmp_path, tmp_path / "model", config)
    assert report["cv_auc"] > 0.9
    meta = json.loads((tmp_path / "model" / "metadata.json").read_text())
    assert meta["training_data"]["rows"] == {"instafake": 160, "kaggle_train": 120}
    reloaded = load_model(tmp_path / "model")
    assert reloaded.version == model.version
    assert reloaded.predict(build_features([OBVIOUS_FAKE]))[0] == 1
