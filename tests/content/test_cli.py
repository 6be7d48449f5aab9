"""`reachroom content …` against the test database: classify, profile, recompute and eval-niche."""

import csv
import json

import pytest
from typer.testing import CliRunner

from reachroom.cli import app
from tests.content.accounts import account_with_posts

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_classify_prints_verdicts_and_json():
    text = "#ad Thanks to @trailco for my new hiking boots, use code HIKE10 #hiking #travel"
    r = invoke("content", "classify", "--text", text, "--json")
    assert r.exit_code == 0, r.output
    v = json.loads(r.output)
    assert v["sponsorship"]["disclosure"] == "disclosed" and v["sponsorship"]["kind"] == "paid"
    assert v["niche"]["slug"] in ("travel", "fitness")
    r = invoke("content", "classify", "--text", "What a load of bullshit, use my code RANT5 for 5% off")
    assert r.exit_code == 0, r.output
    assert "Profanity" in r.output and "undisclosed" in r.output


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_classify_rejects_bad_text(text):
    r = runner.invoke(app, ["content", "classify", "--text", text])
    assert r.exit_code == 1 and "text" in r.output


def test_profile_by_handle(factory, engine):
    tenant = factory.tenant()
    handle = f"cli_runner_{tenant.workspace_id}"
    _, account_id, posts = account_with_posts(engine, tenant.workspace_id, handle=handle)
    r = invoke("content", "profile", "@" + handle, "--workspace", tenant.slug, "--json")
    assert r.exit_code == 0, r.output
    p = json.loads(r.output)
    assert p["account_id"] == account_id and p["primary_niche"] == "fitness"
    assert p["safety"][0]["post_ids"] == [posts[3]]
    r = invoke("content", "profile", handle, "--workspace", tenant.slug)
    assert r.exit_code == 0 and "Fitness" in r.output and "Profanity" in r.output

    # another workspace doesn't see it; the same handle on two platforms needs --platform
    other = factory.tenant()
    r = runner.invoke(app, ["content", "profile", handle, "--workspace", other.slug])
    assert r.exit_code == 1 and "not found" in r.output
    account_with_posts(engine, tenant.workspace_id, handle=handle, platform="tiktok", captions=["Hello"])
    r = runner.invoke(app, ["content", "profile", handle, "--workspace", tenant.slug])
    assert r.exit_code == 1 and "--platform" in r.output
    r = invoke("content", "profile", handle, "--workspace", tenant.slug, "--platform", "tiktok", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["platform"] == "tiktok"


def test_recompute_shows_a_summary(factory, engine):
    account_with_posts(engine, None, handle=f"recompute_{factory.tenant().workspace_id}")
    r = invoke("content", "recompute", "--workers", "0")
    assert r.exit_code == 0, r.output
    assert "Content profiles for" in r.output and "posts/s" in r.output


# Hand-checked: predictions are food, food, pets, pets, beauty, beauty (every caption is unambiguous).
ROWS = [
    ("a", "food", "Homemade sourdough bread recipe with a crispy crust, baking all weekend #baking #recipe"),
    ("a", "food", "Slow cooked beef stew for dinner tonight, recipe below #foodie #dinner"),
    ("b", "pets", "My golden retriever puppy loves his morning dog walk #dogsofinstagram #puppy"),
    ("b", "pets", "Our cat napping in the sun all day #catsofinstagram #kitten"),
    ("c", "beauty", "New red lipstick and mascara, full makeup tutorial #makeup #beauty"),
    ("c", "travel", "Lipstick swatches and my evening skincare routine #skincare #makeup"),  # mislabelled
    ("d", "other", "Happy Monday everyone"),
    ("d", "Other", "whatever"),
]
# post accuracy 5/6; F1 food 1, pets 1, beauty 2/3 (P 1/2, R 1), travel 0 -> macro (1 + 1 + 2/3 + 0) / 4;
# creators: a food, b pets, c beauty (tie, first label) -> all three right; the two "other" rows are skipped.
EXPECTED = {"n_posts": 6, "n_creators": 3, "n_skipped": 2, "post_accuracy": 0.8333, "post_macro_f1": 0.6667,
            "creator_accuracy": 1.0}


def _write(path, rows, header):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_eval_niche_numbers_match_a_hand_checked_file(tmp_path):
    path = tmp_path / "tiny.csv"
    _write(path, ROWS, ("creator", "label", "text"))
    r = invoke("content", "eval-niche", "--csv", str(path), "--json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.output)
    for key, value in EXPECTED.items():
        assert result[key] == pytest.approx(value, abs=1e-4), key
    assert result["post_predictions"] == "in_creator_context"
    assert result["post_accuracy_caption_only"] == pytest.approx(0.8333, abs=1e-4)
    assert result["post_macro_f1_caption_only"] == pytest.approx(0.6667, abs=1e-4)
    assert result["per_label_caption_only"]["beauty"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "n": 1}

    # other column names, and no creator column at all
    renamed = tmp_path / "renamed.csv"
    _write(renamed, [(c, t, lab) for c, lab, t in ROWS], ("author", "caption", "niche"))
    r = invoke("content", "eval-niche", "--csv", str(renamed), "--text-column", "caption", "--label-column", "niche",
               "--creator-column", "author", "--json")
    assert r.exit_code == 0, r.output
    assert {k: json.loads(r.output)[k] for k in EXPECTED} == pytest.approx(EXPECTED, abs=1e-4)
    no_creators = tmp_path / "posts.csv"
    _write(no_creators, [(lab, t) for _, lab, t in ROWS], ("label", "text"))
    result = json.loads(invoke("content", "eval-niche", "--csv", str(no_creators), "--json").output)
    assert result["n_posts"] == 6 and result["n_creators"] is None and result["creator_accuracy"] is None
    assert result["post_accuracy"] == pytest.approx(0.8333, abs=1e-4) and result["post_predictions"] == "caption_only"
    r = invoke("content", "eval-niche", "--csv", str(path))
    assert r.exit_code == 0 and "creator accuracy 1.000" in r.output


def test_eval_niche_bad_columns_and_files(tmp_path):
    path = tmp_path / "tiny.csv"
    _write(path, ROWS, ("creator", "label", "text"))
    r = runner.invoke(app, ["content", "eval-niche", "--csv", str(path), "--text-column", "caption"])
    assert r.exit_code == 1 and "--text-column" in r.output and "caption" in r.output
    r = runner.invoke(app, ["content", "eval-niche", "--csv", str(path), "--creator-column", "author"])
    assert r.exit_code == 1 and "--creator-column" in r.output
    r = runner.invoke(app, ["content", "eval-niche", "--csv", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2
