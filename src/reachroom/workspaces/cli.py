"""`reachroom users create|invite`, `reachroom tokens create`: people who log in and their API tokens."""

import typer

from reachroom.config import get_settings
from reachroom.core.cli import console, err_console, handled
from reachroom.db import unit_of_work
from reachroom.workspaces.service import (
    create_token,
    ensure_user_in_workspace,
    invite_member,
    operator_context,
    user_context,
    user_exists,
    valid_email,
)

users_app = typer.Typer(help="People who log in.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens.", no_args_is_help=True)

MIN_PASSWORD = 10


def _check_password(value: str) -> str:
    """Reject a short password at the prompt so it asks again instead of failing after both entries."""
    if len(value) < MIN_PASSWORD:
        # Typer hides the reason of a rejected hidden entry, so say it before it asks again.
        err_console.print(f"[yellow]The password must be at least {MIN_PASSWORD} characters.[/]")
        raise typer.BadParameter(f"at least {MIN_PASSWORD} characters")
    return value


@users_app.command("create")
def users_create(
    email: str = typer.Option(..., help="Login email"),
    password: str = typer.Option(None, help=f"At least {MIN_PASSWORD} characters; asked for (hidden, twice) "
                                            "when omitted"),
    name: str = typer.Option("", help="Display name"),
    workspace: str = typer.Option(None, help="Workspace name to create or join (default: a new one)"),
    role: str = typer.Option("owner", help="owner, admin, member or viewer"),
):
    """Create a user and the workspace they belong to (an existing user just joins the workspace)."""

    with handled(), unit_of_work() as db:
        email = valid_email(email)
        if password is None and not user_exists(db, email):
            password = typer.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True,
                                    value_proc=_check_password)
        user, ws = ensure_user_in_workspace(db, email, password or "", name, workspace, role)
        console.print(f"User [bold]{user.email}[/] is {role} of workspace [bold]{ws.name}[/] (slug {ws.slug}).")


@users_app.command("invite")
def users_invite(
    email: str = typer.Option(..., help="Email of the person to invite"),
    role: str = typer.Option("member", help="owner, admin, member or viewer"),
    workspace: str = typer.Option(None, help="Workspace slug (default: the only workspace)"),
    base_url: str = typer.Option(None, help="Address people open Reachroom at (default: http://HOST:PORT)"),
):
    """Invite someone to a workspace; prints the link they open to accept (shown once)."""

    settings = get_settings()
    root = (base_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    with handled(), unit_of_work() as db:
        row, raw = invite_member(db, operator_context(db, workspace), email, role)
        expires = row.expires_at
    console.print(f"Invited [bold]{email}[/] as {role}; the link works once, until {expires:%Y-%m-%d %H:%M} UTC:")
    print(f"{root}/invitations/{raw}")


@tokens_app.command("create")
def tokens_create(
    email: str = typer.Option(..., help="The user the token acts as"),
    name: str = typer.Option("cli", help="A label for the token"),
    workspace: str = typer.Option(None, help="Workspace slug (default: the user's first)"),
):
    """Create an API token; the secret is printed once."""

    with handled(), unit_of_work() as db:
        ctx = user_context(db, email, workspace)
        _, raw = create_token(db, ctx, name)
    console.print("Token (shown once, store it safely):")
    print(raw)


def register(root: typer.Typer) -> None:
    """Add `reachroom users …` and `reachroom tokens …` to the main CLI."""
    root.add_typer(users_app, name="users")
    root.add_typer(tokens_app, name="tokens")
