"""Authenticity over the API, the profile page and the CLI: read, upload, bad files, roles and tenancy."""

import json

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from reachroom.models import AccountAuthenticity, FollowerSample, FollowerSampleUpload
from tests.web import csrf_of, login

runner = CliRunner()

GOOD = "username,followers,following,posts,has_profile_pic,is_private\n" + "\n".join(
    [f"real.person{i},{200 + i},{300 + i},{20 + i},1,0" for i in range(30)]
    + [f"bot{i:07d}x,{i % 5},{3000 + i},0,0,0" for i in range(30)]
) + "\n"
BAD = "followers,following,posts\n10,20,3\n-5,20,3\n12,abc,4\n"


def _count(engine, model, account_id):
    with unit_of_work(engine) as db:
        return db.scalar(select(func.count()).select_from(model).where(model.account_id == account_id))


@pytest.fixture
def shared_account(factory, unique):
    """A creator in the shared catalogue (visible to every workspace)."""
    return factory.creator(handle=f"shared{unique}", followers=15_000)


def test_api_authenticity_of_an_account(http, factory, shared_account):
    t = factory.tenant()
    _, account_id = shared_account
    r = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=t.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert 0 <= body["score"] <= 100 and body["level"] in ("excellent", "good", "caution", "high_risk")
    assert body["method_version"] and body["scope"] == "shared" and body["follower_sample"] is None
    keys = {s["key"] for s in body["signals"]}
    assert {"suspicious_followers", "growth_anomaly", "engagement_vs_peers", "engagement_pod", "likes_comments",
            "views_structure", "comment_quality", "audience_reachability"} <= keys
    for s in body["signals"]:
        assert {"value", "peer", "evidence", "confidence", "effect", "sentence"} <= set(s)
    assert http.get("/api/v1/accounts/999999999/authenticity", headers=t.headers).status_code == 404


def test_api_upload_bad_file_is_422_with_lines_and_writes_nothing(http, factory, engine, shared_account):
    t = factory.tenant()
    _, account_id = shared_account
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=t.headers,
                  files={"file": ("sample.csv", BAD, "text/csv")})
    assert r.status_code == 422
    err = r.json()["error"]
    fields = {f["field"] for f in err["fields"]}
    assert "line 3, followers" in fields and "line 4, following" in fields
    assert "nothing was saved" in err["message"]
    assert _count(engine, FollowerSampleUpload, account_id) == 0
    assert _count(engine, FollowerSample, account_id) == 0
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=t.headers,
                  files={"file": ("empty.csv", "", "text/csv")})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "file"


def test_upload_is_private_to_the_workspace(http, factory, engine, shared_account):
    a, b = factory.tenant(), factory.tenant()
    _, account_id = shared_account
    before_b = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=b.headers).json()
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=a.headers,
                  files={"file": ("followers.csv", GOOD, "text/csv")})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["rows"] == 60
    sample = out["authenticity"]["follower_sample"]
    assert sample["n"] == 60 and sample["includes_private_upload"] is True
    assert 0 < sample["suspicious_share"] <= 1
    assert sample["suspicious_share_low"] <= sample["suspicious_share"] <= sample["suspicious_share_high"]
    assert set(sample["audience_types"]["observed"]) == {"real", "influencers", "mass_followers", "suspicious"}
    # no follower here has under 100 followers and <= 3 posts: nothing to stretch the interval for
    assert sample["quiet"] == {"n": 0, "flagged": 0, "expected_fakes": 0.0, "share_low_model": None}

    mine = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=a.headers).json()
    assert mine["scope"] == "workspace" and mine["follower_sample"]["n"] == 60
    assert next(s for s in mine["signals"] if s["key"] == "suspicious_followers")["available"]

    theirs = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=b.headers).json()
    assert theirs["scope"] == "shared" and theirs["follower_sample"] is None
    assert theirs["score"] == before_b["score"]
    assert not next(s for s in theirs["signals"] if s["key"] == "suspicious_followers")["available"]
    with unit_of_work(engine) as db:
        rows = db.scalars(select(FollowerSample).where(FollowerSample.account_id == account_id)).all()
        assert {r.workspace_id for r in rows} == {a.workspace_id}
        scopes = set(db.scalars(select(AccountAuthenticity.scope_key)
                                .where(AccountAuthenticity.account_id == account_id)))
        assert a.workspace_id in scopes and b.workspace_id not in scopes


def test_viewers_cannot_upload(http, factory, engine, shared_account):
    owner = factory.tenant()
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    _, account_id = shared_account
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=viewer.headers,
                  files={"file": ("followers.csv", GOOD, "text/csv")})
    assert r.status_code == 403
    assert _count(engine, FollowerSampleUpload, account_id) == 0


def test_other_workspaces_private_account_is_404(http, factory):
    a, b = factory.tenant(), factory.tenant()
    _, account_id = factory.creator(workspace_id=a.workspace_id)
    assert http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=b.headers).status_code == 404
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=b.headers,
                  files={"file": ("followers.csv", GOOD, "text/csv")})
    assert r.status_code == 404


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def test_profile_page_explains_authenticity_and_uploads(browser, factory, engine, shared_account):
    t = factory.tenant()
    creator_id, account_id = shared_account
    login(browser, t.email)
    page = browser.get(f"/creators/{creator_id}")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="authenticity"' in html and 'id="authenticity-data"' in html
    assert 'data-testid="authenticity-score"' in html and 'data-testid="auth-signal"' in html
    assert 'data-testid="sample-upload-form"' in html
    token = csrf_of(html)

    bad = browser.post(f"/accounts/{account_id}/follower-samples", data={"csrf_token": token},
                       files={"file": ("bad.csv", BAD, "text/csv")})
    assert bad.status_code == 422
    assert 'data-testid="upload-errors"' in bad.text and "line 3, followers" in bad.text
    assert _count(engine, FollowerSampleUpload, account_id) == 0

    no_csrf = browser.post(f"/accounts/{account_id}/follower-samples",
                           files={"file": ("good.csv", GOOD, "text/csv")})
    assert no_csrf.status_code == 403

    ok = browser.post(f"/accounts/{account_id}/follower-samples", data={"csrf_token": token},
                      files={"file": ("good.csv", GOOD, "text/csv")}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"/creators/{creator_id}?account=")
    after = browser.get(ok.headers["location"])
    assert 'data-testid="upload-ok"' in after.text and 'data-testid="suspicious-share"' in after.text
    assert "includes your private follower sample" in after.text


def test_profile_page_hides_the_form_from_viewers(browser, factory, shared_account):
    owner = factory.tenant()
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    creator_id, _ = shared_account
    login(browser, viewer.email)
    html = browser.get(f"/creators/{creator_id}").text
    assert 'data-testid="sample-upload-form"' not in html and "Viewers can" in html


def test_cli_score_and_upload(factory, engine, shared_account, tmp_path, unique):
    t = factory.tenant()
    _, account_id = shared_account
    handle = f"shared{unique}"
    r = runner.invoke(app, ["authenticity", "score", handle, "--workspace", t.slug, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["account_id"] == account_id

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    r = runner.invoke(app, ["authenticity", "upload-sample", handle, str(bad), "--workspace", t.slug])
    assert r.exit_code == 1 and "line 3, followers" in r.output and "nothing was saved" in r.output
    assert _count(engine, FollowerSampleUpload, account_id) == 0

    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    r = runner.invoke(app, ["authenticity", "upload-sample", handle, str(good), "--workspace", t.slug,
                            "--platform", "instagram"])
    assert r.exit_code == 0, r.output
    assert "Stored 60 followers" in r.output and "Suspicious followers" in r.output
    r = runner.invoke(app, ["authenticity", "score", handle, "--workspace", t.slug])
    assert r.exit_code == 0 and "authenticity" in r.output
    r = runner.invoke(app, ["authenticity", "score", "no-such-handle-xyz", "--workspace", t.slug])
    assert r.exit_code == 1 and "not found" in r.output


def test_cli_eval_accounts_json(tmp_path):
    csv = tmp_path / "labelled.csv"
    csv.write_text("username,followers,following,posts,has_profile_pic,is_fake\n"
                   "shop_deals_88213,4,6200,0,0,1\nxx91827364,1,3400,0,0,1\nlena.k,340,410,52,1,0\n"
                   "tom.baker,1200,380,210,1,0\nuser99887766,0,2900,0,0,1\nmaria.cooks,800,520,95,1,0\n")
    r = runner.invoke(app, ["authenticity", "eval-accounts", "--csv", str(csv), "--json"])
    assert r.exit_code == 0, r.output
    body = json.loads(r.output)
    for key in ("n", "accuracy", "balanced_accuracy", "precision", "recall", "f1", "auc", "fpr", "true_fake_share",
                "estimated_fake_share", "estimated_fake_share_low", "estimated_fake_share_high"):
        assert key in body
    assert body["n"] == 6 and body["true_fake_share"] == 0.5

    bad = tmp_path / "bad.csv"
    bad.write_text("followers,following,posts,is_fake\n1,2,3,1\n1,x,3,0\n")
    r = runner.invoke(app, ["authenticity", "eval-accounts", "--csv", str(bad), "--json"])
    assert r.exit_code != 0 and "line 3" in r.output


def test_cli_recompute_stores_rows(engine, shared_account):
    _, account_id = shared_account
    r = runner.invoke(app, ["authenticity", "recompute"])
    assert r.exit_code == 0, r.output
    assert _count(engine, AccountAuthenticity, account_id) >= 1
