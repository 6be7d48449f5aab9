"""evaluate_accounts / eval-accounts back-end, metrics, and (when present) the shared labelled data."""

import json
from pathlib import Path

import numpy as np
import pytest

from reachroom.authenticity.classifier import load_model
from reachroom.authenticity.evaluate.__main__ import main
from reachroom.authenticity.evaluate.accounts import (
    CsvValidationError,
    classification_metrics,
    evaluate_accounts,
    evaluate_csv,
)
from reachroom.authenticity.features import load_labelled_csv
from reachroom.authenticity.train import roc_auc
from reachroom.authenticity.training_data import default_data_dir

REQUIRED_KEYS = {
    "n",
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "f1",
    "auc",
    "fpr",
    "true_fake_share",
    "estimated_fake_share",
    "estimated_fake_share_low",
    "estimated_fake_share_high",
    "threshold",
    "model_version",
}

LABELLED = """username,followers,following,posts,has_profile_pic,is_fake
shop_deals_88213,4,6200,0,0,1
xx91827364,1,3400,0,0,1
lena.k,340,410,52,1,0
tom_runs,820,650,210,1,0
maria.cooks,1500,700,330,1,0
jon.photo,260,300,88,1,0
"""


def test_roc_auc_matches_hand_computed_values():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert roc_auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)  # ties count half
    assert roc_auc([1, 1], [0.2, 0.3]) is None


def test_classification_metrics_confusion():
    m = classification_metrics(np.array([1, 1, 0, 0, 0]), np.array([0.9, 0.2, 0.8, 0.1, 0.1]), 0.5)
    assert (m["tp"], m["fn"], m["fp"], m["tn"]) == (1, 1, 1, 2)
    assert m["accuracy"] == pytest.approx(0.6)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(0.5)
    assert m["fpr"] == pytest.approx(1 / 3) and m["f1"] == pytest.approx(0.5)
    assert m["balanced_accuracy"] == pytest.approx((0.5 + 2 / 3) / 2)


def test_evaluate_accounts_on_hand_made_sample():
    res = evaluate_csv(LABELLED)
    assert REQUIRED_KEYS <= set(res)
    assert res["n"] == 6 and res["true_fake_share"] == pytest.approx(2 / 6)
    assert res["accuracy"] == 1.0 and res["fpr"] == 0.0 and res["auc"] == 1.0
    assert res["estimated_fake_share_low"] <= res["estimated_fake_share"] <= res["estimated_fake_share_high"]
    assert res["model_version"] == load_model().version
    assert "has_external_url" not in res["features_present"]
    json.dumps(res)  # JSON-serialisable as is


def test_evaluate_rejects_bad_csv_with_all_line_numbers():
    bad = LABELLED.replace("xx91827364,1,3400", "xx91827364,one,3400")
    bad = bad.replace("lena.k,340,410,52,1,0", "lena.k,340,410,52,7,0")
    with pytest.raises(CsvValidationError) as exc:
        evaluate_csv(bad)
    assert [(e.line, e.field) for e in exc.value.errors] == [(3, "followers"), (4, "has_profile_pic")]
    with pytest.raises(CsvValidationError):
        evaluate_csv(LABELLED.replace(",is_fake", ",label"))


def test_cli_eval_accounts_json(tmp_path: Path, capsys):
    p = tmp_path / "labelled.csv"
    p.write_text(LABELLED)
    assert main(["eval-accounts", "--csv", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert REQUIRED_KEYS <= set(out) and out["n"] == 6


def test_cli_eval_accounts_bad_file_exit_code(tmp_path: Path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("followers,following,posts,is_fake\n1,2,x,1\n")
    assert main(["eval-accounts", "--csv", str(p), "--json"]) == 2
    assert "line 2, posts" in capsys.readouterr().err


def test_cli_train_without_data_says_so(tmp_path: Path, capsys):
    pytest.importorskip("sklearn")
    assert main(["train", "--data-dir", str(tmp_path / "nowhere"), "--out-dir", str(tmp_path / "m")]) == 3
    assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


SHARED = default_data_dir()
needs_shared = pytest.mark.skipif(
    not (SHARED / "kaggle_train.csv").is_file(),
    reason=f"shared labelled data not found at {SHARED} (outside the repo; set REACHROOM_FAKE_ACCOUNTS_DIR)",
)


@needs_shared
def test_shipped_model_on_shared_files():
    """Smoke test on the training files themselves (in-sample, so only a floor): the shipped model must
    separate them and respect its operating point."""
    for name in ("instafake.csv", "kaggle_train.csv"):
        res = evaluate_accounts(load_labelled_csv(SHARED / name))
        assert res["auc"] > 0.97, name
        assert res["fpr"] <= 0.05, name
        assert abs(res["estimated_fake_share"] - res["true_fake_share"]) < 0.05, name
        assert res["estimated_fake_share_low"] <= res["true_fake_share"] <= res["estimated_fake_share_high"], name


@needs_shared
def test_shipped_model_matches_shared_data_hashes():
    from reachroom.authenticity.training_data import file_sha256

    meta = load_model().metadata["training_data"]["files"]
    for name, digest in meta.items():
        assert file_sha256(SHARED / name) == digest, f"{name} changed since the model was trained; retrain"
