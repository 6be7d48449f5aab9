"""eval-demo on a small generated demo in its own SQLite file."""

import json

import pytest
from typer.testing import CliRunner

from reachroom.authenticity.evaluate.demo import FRAUD_CASES, evaluate_demo
from reachroom.authenticity.job import recompute_all
from reachroom.config import get_settings
from reachroom.creators.stats_job import recompute_all as recompute_stats
from reachroom.db import get_engine, make_engine
from reachroom.migrate import upgrade


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    from reachroom.demo import load_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    load_demo(engine, creators=300, seed=11, workspace_id=None, workers=0)
    recompute_stats(engine)
    summary = recompute_all(engine, batch_size=150)
    assert summary["accounts"] > 300 and summary["rows"] == summary["accounts"]
    engine.dispose()
    return url


def test_evaluate_demo_reports_precision_and_recall_per_case(demo_url):
    engine = make_engine(demo_url)
    result = evaluate_demo(engine)
    engine.dispose()
    assert set(result["per_type"]) == set(FRAUD_CASES)
    for case in FRAUD_CASES:
        entry = result["per_type"][case]
        for how in ("by_level", "by_signal", "by_level_or_signal"):
            assert {"precision", "recall", "tp", "fp", "fn"} <= set(entry[how])
    assert {"precision", "recall"} <= set(result["overall"]["by_level"])
    assert "growth_anomaly" in result["per_signal"]
    for case in ("engagement_pod", "fake_audience"):  # the accounts without the sample the main signal needs
        entry = result["per_type"][case]
        without = entry["without_data"]
        assert without["accounts"] + entry["with_data"]["accounts"] == entry["by_level"]["positives"]
        for how in ("by_level", "by_signal"):
            assert {"precision", "recall"} <= set(without[how])
    pod_signals = set(result["per_type"]["engagement_pod"]["by_signal"]["signals"])
    assert {"comment_consistency", "pod_membership"} <= pod_signals


def test_cli_eval_demo_json(demo_url, monkeypatch):
    from reachroom.cli import app

    monkeypatch.setenv("REACHROOM_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        r = CliRunner().invoke(app, ["authenticity", "eval-demo", "--json"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert r.exit_code == 0, r.output
    body = json.loads(r.output)
    assert set(body["per_type"]) == set(FRAUD_CASES)
    assert body["per_type"]["bought_followers"]["by_level"]["recall"] is not None


def test_cli_eval_demo_table_shows_the_accounts_without_samples(demo_url, monkeypatch):
    from reachroom.cli import app

    monkeypatch.setenv("REACHROOM_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        r = CliRunner().invoke(app, ["authenticity", "eval-demo"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert r.exit_code == 0, r.output
    assert r.output.count("without") == 2  # one row per type lacking a sample (labels may be cut at 80 columns)
