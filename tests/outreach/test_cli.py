"""`reachroom outreach …` and `reachroom campaigns draft|live` against the test database: the same services as the
pages and API, with their refusals."""

import json

from sqlalchemy import select
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from reachroom.models import OutboundEmail
from tests.campaigns.test_media import HTML, PNG

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_send_dry_run_then_send_and_the_outbox(team, engine, tmp_path):
    ws = ("--workspace", team.tenant.slug)
    body = tmp_path / "body.txt"
    body.write_text("Hi {{ first_name }}, join {{ campaign }}?", encoding="utf-8")
    campaign = team.campaign["name"]
    dry = invoke("outreach", "send", campaign, "--subject", "Hello {{ first_name }}", "--body-file", str(body),
                 "--dry-run", *ws)
    assert dry.exit_code == 0 and "Hello Anna" in dry.output and "no email address" in dry.output
    with unit_of_work(engine) as db:
        assert db.scalars(select(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"])).all() == []
    r = invoke("outreach", "template", "First touch", "--subject", "Hello {{ first_name }}", "--body-file",
               str(body), *ws)
    assert r.exit_code == 0, r.output
    r = invoke("outreach", "send", campaign, "--template", "first touch", "--to", f"@{team.handles[0]}", *ws)
    assert r.exit_code == 0 and "1 email(s) held in the outbox" in r.output, r.output
    r = invoke("outreach", "dnc", "add", team.emails[1], "--reason", "asked", *ws)
    assert r.exit_code == 0, r.output
    r = invoke("outreach", "send", campaign, "--template", "first touch", "--to", f"@{team.handles[1]}", *ws)
    assert r.exit_code != 0 and "do-not-contact" in r.output
    r = invoke("outreach", "send", campaign, "--template", "nope", *ws)
    assert r.exit_code != 0 and "no template named" in r.output
    listed = invoke("outreach", "outbox", "--json", *ws)
    assert [e["to_address"] for e in json.loads(listed.output)] == [team.emails[0]]
    assert "asked" in invoke("outreach", "dnc", "list", *ws).output


def test_draft_with_a_file_and_the_live_post(team, http, tmp_path):
    ws = ("--workspace", team.tenant.slug)
    cid, entry, handle = team.campaign["id"], team.entries[0], team.handles[0]
    for stage in ("interested", "contracted"):
        http.post(f"/api/v1/campaigns/{cid}/creators/{entry}/stage", json={"stage": stage},
                  headers=team.admin_headers).raise_for_status()
    photo, fake = tmp_path / "look.png", tmp_path / "fake.png"
    photo.write_bytes(PNG)
    fake.write_bytes(HTML)
    bad = invoke("campaigns", "draft", team.campaign["name"], handle, "--caption", "Ad | hi", "--file", str(fake),
                 *ws)
    assert bad.exit_code != 0 and "file[1] (fake.png)" in bad.output
    assert http.get(f"/api/v1/campaigns/{cid}/creators/{entry}/submissions", headers=team.headers).json() == []
    r = invoke("campaigns", "draft", team.campaign["name"], handle, "--caption", "Ad | my cosy night", "--file",
               str(photo), *ws)
    assert r.exit_code == 0 and "with 1 file(s)" in r.output, r.output
    sub = http.get(f"/api/v1/campaigns/{cid}/creators/{entry}/submissions", headers=team.headers).json()[0]
    assert sub["media"][0]["content_type"] == "image/png"
    early = invoke("campaigns", "live", team.campaign["name"], handle, "--url", "https://instagram.com/p/x/",
                   "--caption", "my cosy night", *ws)
    assert early.exit_code != 0 and "no approved draft" in early.output
    http.post(f"/api/v1/campaigns/{cid}/creators/{entry}/submissions/{sub['id']}/review",
              json={"decision": "approve"}, headers=team.admin_headers).raise_for_status()
    r = invoke("campaigns", "live", team.campaign["name"], handle, "--url", "https://instagram.com/p/x/",
               "--caption", "my cosy night", *ws)
    assert r.exit_code == 1 and "Same as approved" in r.output and "fail" in r.output
