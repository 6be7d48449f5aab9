"""`reachroom campaigns …` against the test database: create, list, add, move, show, export, and errors."""

import csv
import json
import uuid

from typer.testing import CliRunner

from reachroom.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _handle() -> str:
    return "clicmp" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:10])


def test_create_add_move_show_export(factory, http, tmp_path):
    t = factory.tenant()
    brand = http.post("/api/v1/brands", json={"name": f"Barry M {t.workspace_id}"}, headers=t.headers).json()
    handles = [_handle(), _handle()]
    for h in handles:
        factory.creator(handle=h, followers=18000)
    ws = ("--workspace", t.slug)
    r = invoke("campaigns", "create", "Show Us Your Party Look", "--brand", brand["name"], "--objective",
               "engagement", "--budget", "2500", "--niches", "beauty", *ws)
    assert r.exit_code == 0, r.output
    assert "Show Us Your Party Look" in r.output
    r = invoke("campaigns", "add", "show us your party look", *[f"@{h}" for h in handles], *ws)
    assert r.exit_code == 0 and "Invited 2" in r.output, r.output
    shown = json.loads(invoke("campaigns", "show", "Show Us Your Party Look", "--json", *ws).output)
    ids = [str(c["id"]) for c in shown["creators"]]
    assert shown["campaign"]["target"]["niches"] == ["beauty"] and len(ids) == 2
    r = invoke("campaigns", "move", "Show Us Your Party Look", "interested", *ids, *ws)
    assert r.exit_code == 0, r.output
    r = invoke("campaigns", "move", "Show Us Your Party Look", "paid", ids[0], *ws)
    assert r.exit_code == 1 and "allowed: Negotiating, Contracted, Declined, Withdrawn" in " ".join(r.output.split())
    out = tmp_path / "pipeline.csv"
    r = invoke("campaigns", "export", "Show Us Your Party Look", "--out", str(out), *ws)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["handle"] for row in rows] == handles and {row["stage"] for row in rows} == {"Interested"}
    listed = json.loads(invoke("campaigns", "list", "--json", *ws).output)
    assert listed[0]["stage_counts"] == {"interested": 2} and listed[0]["budget"] == "2500.00"


def test_bad_input_is_a_clean_error_and_writes_nothing(factory, http):
    t = factory.tenant()
    brand = http.post("/api/v1/brands", json={"name": f"H&B {t.workspace_id}"}, headers=t.headers).json()
    ws = ("--workspace", t.slug)
    r = invoke("campaigns", "create", "Cosy", "--brand", brand["name"], "--budget", "lots", *ws)
    assert r.exit_code == 1 and "budget" in r.output
    r = invoke("campaigns", "create", "Cosy", "--brand", "No Such Brand", *ws)
    assert r.exit_code == 1 and "brand" in r.output
    r = invoke("campaigns", "list", "--status", "finished", *ws)
    assert r.exit_code == 1 and "status" in r.output
    assert json.loads(invoke("campaigns", "list", "--json", *ws).output) == []
    r = invoke("campaigns", "add", "Nope", "@someone", *ws)
    assert r.exit_code == 1 and "not found" in r.output


def test_check_a_caption_against_the_brief(factory, http):
    t = factory.tenant()
    brand = http.post("/api/v1/brands", json={"name": f"Tea {t.workspace_id}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": "Cosy CLI", "brand_id": brand["id"]}, headers=t.headers).json()
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, "required_hashtags": ["CosyNightIn"]},
             headers=t.headers)
    ws = ("--workspace", t.slug)
    r = invoke("campaigns", "check", "Cosy CLI", "--caption", "Ad | cosy night in #CosyNightIn", "--json", *ws)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["verdict"] in ("pass", "warn") and {c["key"] for c in data["checks"]} >= {"disclosure", "hashtags"}
    r = invoke("campaigns", "check", "Cosy CLI", "--caption", "cosy night in #ad", *ws)
    assert r.exit_code == 1 and "FAIL" in r.output and "CosyNightIn" in r.output
    assert http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json() == []  # nothing saved
