"""`reachroom users invite`: the same invitation service as the API and the settings page."""

from typer.testing import CliRunner

from reachroom.cli import app

runner = CliRunner()


def test_cli_invite_prints_a_link_the_invitee_accepts(http, factory, live_server):
    owner = factory.tenant("owner")
    person = factory.tenant()
    r = runner.invoke(app, ["users", "invite", "--email", person.email, "--role", "viewer", "--workspace", owner.slug,
                            "--base-url", live_server], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    link = r.output.strip().splitlines()[-1]
    assert link.startswith(f"{live_server}/invitations/")
    members = {m["email"] for m in http.get("/api/v1/members", headers=owner.headers).json()}
    assert person.email not in members
    r = http.post("/api/v1/invitations/accept", headers=person.headers, json={"token": link.rsplit("/", 1)[1]})
    assert r.status_code == 200 and r.json()["role"] == "viewer"


def test_cli_invite_refuses_an_unknown_role(factory):
    owner = factory.tenant("owner")
    r = runner.invoke(app, ["users", "invite", "--email", "x@example.com", "--role", "boss", "--workspace", owner.slug])
    assert r.exit_code == 1 and "role" in r.output
