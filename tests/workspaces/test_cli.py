"""`reachroom users …` and `reachroom tokens …` against a real database, and the README's CLI examples as written:
`users create` asks for the password, commands find their workspace, `users invite` prints a link that works."""

import json

import pytest
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.config import get_settings
from reachroom.core.security import verify_password
from reachroom.db import get_engine, unit_of_work
from reachroom.migrate import upgrade
from reachroom.workspaces import repository as ws_repo
from tests.factories import PASSWORD

runner = CliRunner()


def run(*args, input=None, env=None):
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


def said(result) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(result.output.split())


@pytest.fixture
def scratch_db(tmp_path, monkeypatch):
    """A fresh, migrated SQLite database for the CLI alone (the README's `REACHROOM_DATABASE_URL=sqlite:///…`)."""
    url = f"sqlite:///{tmp_path / 'scratch.db'}"
    upgrade(url)
    monkeypatch.setenv("REACHROOM_DATABASE_URL", url)
    monkeypatch.delenv("REACHROOM_WORKSPACE", raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_engine().dispose()
    monkeypatch.undo()  # back to the suite's database before the caches are refilled
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_users_and_tokens_create(http, unique):
    email = f"cli{unique}@example.com"
    r = run("users", "create", "--email", email, "--password", PASSWORD, "--workspace", f"CLI {unique}")
    assert r.exit_code == 0, r.output
    assert "owner" in r.output
    r = run("tokens", "create", "--email", email, "--name", "script")
    assert r.exit_code == 0, r.output
    token = r.output.strip().splitlines()[-1]
    me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == email


def test_users_create_rejects_short_password(unique):
    r = runner.invoke(app, ["users", "create", "--email", f"s{unique}@example.com", "--password", "short"])
    assert r.exit_code == 1 and "password" in r.output


def test_tokens_create_unknown_user():
    r = runner.invoke(app, ["tokens", "create", "--email", "nobody@example.com"])
    assert r.exit_code == 1 and "no user" in r.output


def test_users_create_without_password_prompts_hidden_and_confirmed(engine, unique):
    email = f"prompt{unique}@brand.example"
    # A short password is refused at the prompt and asked again; the confirmation must match.
    r = run("users", "create", "--email", email, "--workspace", f"Prompt {unique}",
            input=f"short\n{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    assert "at least 10 characters" in r.output
    assert PASSWORD not in r.output, "the password must not be echoed"
    assert r.output.count("Password for") == 2 and "Repeat for confirmation" in r.output
    with unit_of_work(engine) as db:
        user = ws_repo.user_by_email(db, email)
        assert user is not None and verify_password(user.password_hash, PASSWORD)


def test_users_create_prompt_rejects_a_mismatched_confirmation(unique):
    r = runner.invoke(app, ["users", "create", "--email", f"mm{unique}@brand.example"],
                      input=f"{PASSWORD}\n{PASSWORD}-typo\n")
    assert r.exit_code != 0
    assert "do not match" in r.output.lower()
    r = run("tokens", "create", "--email", f"mm{unique}@brand.example")
    assert r.exit_code == 1 and "no user" in r.output


def test_users_create_for_an_existing_user_joins_without_a_password(unique):
    email = f"join{unique}@brand.example"
    assert run("users", "create", "--email", email, "--password", PASSWORD).exit_code == 0
    r = run("users", "create", "--email", email, "--workspace", f"Second {unique}", "--role", "admin", input="")
    assert r.exit_code == 0, r.output
    assert "Password" not in r.output and "admin of workspace" in r.output


@pytest.mark.parametrize("email", ["ops@reachroom.local", "qa@shop.test", "anna@brand.example"])
def test_users_create_accepts_reserved_test_domains(email, unique):
    address = email.replace("@", f"{unique}@")
    r = run("users", "create", "--email", address.upper(), "--password", PASSWORD)
    assert r.exit_code == 0, r.output
    assert address in r.output, "the address is stored lower-cased"


@pytest.mark.parametrize("email", ["no-at-sign", "anna@gmail", "a@b.invalid", "two@@at.example"])
def test_users_create_rejects_what_is_not_an_email(email):
    r = runner.invoke(app, ["users", "create", "--email", email, "--password", PASSWORD])
    assert r.exit_code == 1 and "email" in r.output and "Traceback" not in r.output


def test_workspace_default_is_the_only_one_then_the_setting_else_a_list(scratch_db, unique):
    r = run("creators", "list", "--json")
    assert r.exit_code == 1 and "no workspace yet" in said(r) and "reachroom users create" in said(r)

    assert run("users", "create", "--email", f"a{unique}@brand.local", "--workspace", "My Brand",
               input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    r = run("creators", "list", "--json")
    assert r.exit_code == 0, r.output  # the only workspace needs no --workspace
    assert json.loads(r.output)["total"] == 0

    assert run("users", "create", "--email", f"b{unique}@agency.local", "--workspace", "Other Agency",
               "--password", PASSWORD).exit_code == 0
    r = run("search", "vegan skincare")
    assert r.exit_code == 1
    for text in ("--workspace", "REACHROOM_WORKSPACE", "my-brand (My Brand)", "other-agency (Other Agency)"):
        assert said(r).count(text) == 1, text  # said once, not once per field and again as the message

    get_settings.cache_clear()
    r = run("creators", "list", "--json", env={"REACHROOM_WORKSPACE": "other-agency"})
    get_settings.cache_clear()
    assert r.exit_code == 0, r.output
    r = run("creators", "list", "--json", "--workspace", "nope")
    assert r.exit_code == 1 and "no workspace with slug 'nope'" in said(r) and "my-brand" in said(r)


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

