"""`reachroom lists …` against the test database: create, add, show, export, and errors."""

import csv
import json

from typer.testing import CliRunner

from reachroom.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_create_add_show_export(factory, http, tmp_path):
    t = factory.tenant()
    brand = http.post("/api/v1/brands", json={"name": f"Oatly{t.workspace_id}"}, headers=t.headers).json()
    handle = "clilists" + "".join(chr(97 + int(c)) for c in str(t.workspace_id))
    factory.creator(handle=handle, name="Cli Person", followers=22000, country="IE")
    ws = ("--workspace", t.slug)
    r = invoke("lists", "create", "CLI shortlist", "--brand", brand["name"], *ws)
    assert r.exit_code == 0, r.output
    assert "CLI shortlist" in r.output and brand["name"] in r.output
    r = invoke("lists", "create", "CLI never", "--kind", "exclusion", *ws)
    assert r.exit_code == 0, r.output
    r = invoke("lists", "add", "CLI shortlist", f"@{handle}", "--platform", "instagram", "--note", "met at expo",
               "--tags", "expo,IE", *ws)
    assert r.exit_code == 0, r.output
    r = invoke("lists", "show", "cli shortlist", "--json", *ws)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["kind"] == "shortlist" and data["brand_name"] == brand["name"]
    assert data["items"][0]["handle"] == handle and data["items"][0]["tags"] == ["expo", "ie"]
    r = invoke("lists", "show", "CLI shortlist", *ws)
    assert r.exit_code == 0 and "1 account" in r.output and "expo" in r.output
    out = tmp_path / "list.csv"
    r = invoke("lists", "export", "CLI shortlist", str(out), *ws)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["handle"] == handle and rows[0]["country"] == "IE" and rows[0]["note"] == "met at expo"
    r = invoke("lists", "list", "--json", *ws)
    assert {x["name"]: x["kind"] for x in json.loads(r.output)} == {"CLI never": "exclusion",
                                                                   "CLI shortlist": "shortlist"}


def test_cli_errors_are_clean(factory):
    t = factory.tenant()
    ws = ("--workspace", t.slug)
    assert invoke("lists", "create", "Once", *ws).exit_code == 0
    r = runner.invoke(app, ["lists", "create", "once", *ws])
    assert r.exit_code == 1 and "name" in r.output and "already exists" in r.output
    r = runner.invoke(app, ["lists", "create", "Bad kind", "--kind", "fav", *ws])
    assert r.exit_code == 1 and "kind" in r.output
    r = runner.invoke(app, ["lists", "create", "Branded", "--brand", "No Such Brand", *ws])
    assert r.exit_code == 1 and "brand" in r.output
    r = runner.invoke(app, ["lists", "add", "Once", "@nobody_here_at_all", *ws])
    assert r.exit_code == 1 and "not found" in r.output
    r = runner.invoke(app, ["lists", "show", "Missing list", *ws])
    assert r.exit_code == 1 and "not found" in r.output
