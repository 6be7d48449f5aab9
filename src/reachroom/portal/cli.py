"""`reachroom claims …`: the creator claims a workspace's admins may confirm (creators who cannot put the
one-time code in their bio), as on the Creator claims page and `/api/v1/claims`."""

import typer
from rich.table import Table

from reachroom.core.cli import console, handled
from reachroom.db import unit_of_work
from reachroom.portal import claim_codes, claim_review
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Creator claims to confirm: list, approve, reject.", no_args_is_help=True)
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


@app.command("list")
def list_claims(workspace: str = WORKSPACE):
    """Creators asking this workspace to confirm an account is theirs."""
    with handled(), unit_of_work() as db:
        rows = claim_review.awaiting(db, operator_context(db, workspace))
        table = Table("id", "account", "creator", "email", "note", "in your campaigns")
        for r in rows:
            table.add_row(str(r.id), f"{r.platform} @{r.handle}", r.creator,
                          r.email + ("" if r.email_verified else " (not confirmed)"), r.note, ", ".join(r.campaigns))
        console.print(table if rows else "No creator is waiting for you to confirm an account.")


@app.command("approve")
def approve(claim_id: int = typer.Argument(..., help="The request's id (see `reachroom claims list`)"),
            workspace: str = WORKSPACE):
    """Confirm the account is the creator's."""
    with handled(), unit_of_work() as db:
        console.print(claim_review.approve(db, operator_context(db, workspace), claim_id))


@app.command("reject")
def reject(claim_id: int = typer.Argument(..., help="The request's id"),
           reason: str = typer.Option(..., "--reason", help="Why not; the creator reads it"),
           workspace: str = WORKSPACE):
    """Decline a request, with the reason the creator reads."""
    with handled(), unit_of_work() as db:
        console.print(claim_review.reject(db, operator_context(db, workspace), claim_id, reason))


@app.command("check-bios")
def check_bios():
    """Prove every waiting claim whose code is now in its account's bio (the worker does this every 10 minutes)."""
    with handled(), unit_of_work() as db:
        proved = claim_codes.verify_codes_in_bios(db)
        console.print(f"Proved {proved} claim{'' if proved == 1 else 's'} by the code in the bio.")


def register(root: typer.Typer) -> None:
    """Add `reachroom claims …` to the main CLI."""
    root.add_typer(app, name="claims")
