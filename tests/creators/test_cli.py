"""`reachroom creators import|list` and `reachroom stats recompute` against a real database."""

import json

import pytest
from typer.testing import CliRunner

from reachroom.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def workspace(factory):
    return factory.tenant("owner")


CSV = (
    "platform,handle,followers,following,country,name\n"
    "instagram,imp_{u},15000,300,GB,Imp One\n"
    "tiktok,imp2_{u},2000,,FR,Imp Two\n"
)


def _count(http, tenant, q):
    return http.get("/api/v1/creators", params={"q": q}, headers=tenant.headers).json()["total"]


def test_import_is_idempotent_upsert(tmp_path, http, workspace, unique):
    path = tmp_path / "c.csv"
    path.write_text(CSV.format(u=unique))
    r = invoke("creators", "import", str(path), "--workspace", workspace.slug)
    assert r.exit_code == 0, r.output
    assert "created: 2" in r.output
    r = invoke("creators", "import", str(path), "--workspace", workspace.slug)
    assert "created: 0" in r.output and "unchanged: 2" in r.output
    assert _count(http, workspace, f"imp_{unique}") == 1
    path.write_text(CSV.format(u=unique).replace("15000", "16000"))
    r = invoke("creators", "import", str(path), "--workspace", workspace.slug)
    assert "updated: 1" in r.output and "unchanged: 1" in r.output
    row = http.get("/api/v1/creators", params={"q": f"imp_{unique}"}, headers=workspace.headers).json()["items"][0]
    assert row["followers"] == 16000


def test_import_with_bad_rows_writes_nothing(tmp_path, http, workspace, unique):
    path = tmp_path / "bad.csv"
    path.write_text(f"platform,handle,followers\ninstagram,ok_{unique},100\ninstagram,bad_{unique},many\n")
    r = runner.invoke(app, ["creators", "import", str(path), "--workspace", workspace.slug])
    assert r.exit_code == 1
    assert "line 3" in r.output and "followers" in r.output and "nothing was imported" in r.output
    assert _count(http, workspace, f"ok_{unique}") == 0
    r = invoke("creators", "import", str(path), "--workspace", workspace.slug, "--skip-invalid")
    assert r.exit_code == 0 and "created: 1" in r.output and "skipped: 1" in r.output
    assert _count(http, workspace, f"ok_{unique}") == 1


def test_import_malformed_files(tmp_path, workspace):
    for content in (b"", b"\xff\xfe\x00\x01", b"handle,followers\nx,1\n"):
        path = tmp_path / "m.csv"
        path.write_bytes(content)
        r = runner.invoke(app, ["creators", "import", str(path), "--workspace", workspace.slug, "--skip-invalid"])
        assert r.exit_code == 1, content
        assert "line 1" in r.output


def test_import_is_private_to_the_workspace(tmp_path, http, factory, unique):
    a, b = factory.tenant(), factory.tenant()
    path = tmp_path / "p.csv"
    path.write_text(f"platform,handle,followers\nyoutube,priv_{unique},100\n")
    assert invoke("creators", "import", str(path), "--workspace", a.slug).exit_code == 0
    assert _count(http, a, f"priv_{unique}") == 1 and _count(http, b, f"priv_{unique}") == 0


def test_stats_recompute_and_list(http, workspace, factory):
    creator_id, account_id = factory.creator(workspace_id=workspace.workspace_id, followers=8000, er=0.04)
    r = invoke("stats", "recompute", "--batch", "100")
    assert r.exit_code == 0, r.output
    assert "Recomputed stats" in r.output
    stats = http.get(f"/api/v1/accounts/{account_id}/stats", headers=workspace.headers).json()
    er = [m for m in stats["metrics"] if m["label"] == "Engagement rate"][0]
    # Factory posts: likes = 8000 * 0.04 = 320, comments = 16; followers history ~8000 → ER ≈ 0.042
    assert 0.04 < er["value"] < 0.045 and er["sample_size"] == 6
    pct = [m for m in stats["metrics"] if m["label"] == "Engagement vs peers"][0]
    assert 0 <= pct["value"] <= 100 and pct["sample_size"] >= 1
    r = invoke("creators", "list", "--workspace", workspace.slug, "--json", "--limit", "5")
    assert r.exit_code == 0 and json.loads(r.output)["total"] >= 1


def test_creators_list_bad_filter():
    r = runner.invoke(app, ["creators", "list", "--platform", "myspace"])
    assert r.exit_code == 1 and "platform" in r.output


def test_cli_import_lists_each_problem_once(tmp_path, factory, unique):
    t = factory.tenant("owner")
    path = tmp_path / "bad.csv"
    path.write_text(f"platform,handle,followers\ninstagram,ok_{unique},100\ninstagram,bad_{unique},many\n")
    r = CliRunner().invoke(app, ["creators", "import", str(path), "--workspace", t.slug])
    assert r.exit_code == 1
    assert r.output.count("'many'") == 1 and "1 problem in the file; nothing was imported." in r.output

