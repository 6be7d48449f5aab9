"""`reachroom outreach …`: email a campaign's creators, see the outbox, keep the do-not-contact list."""

import json
from pathlib import Path

import typer
from rich.table import Table

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.stages import STAGE_NAMES
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid, validated
from reachroom.db import unit_of_work
from reachroom.outreach import service
from reachroom.outreach.schemas import STATUS_NAMES, DoNotContactIn, SendIn, TemplateIn
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Outreach: email campaign creators, the outbox, templates and the do-not-contact list.",
                  no_args_is_help=True)
dnc_app = typer.Typer(help="The do-not-contact list.", no_args_is_help=True)
app.add_typer(dnc_app, name="dnc")
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


def _entry_ids(db, ctx, campaign_id: int, handles: list[str], stage: str | None) -> list[int]:
    if stage is not None and stage not in STAGE_NAMES:
        raise invalid("stage", f"{stage!r} is not one of {', '.join(STAGE_NAMES)}")
    rows = campaigns.pipeline(db, ctx, campaign_id, stage)
    if not handles:
        return [r.id for r in rows]
    by_handle = {r.handle.lower(): r.id for r in rows}
    wanted = [h.split(":")[-1].lstrip("@").lower() for h in handles]
    missing = [h for h in wanted if h not in by_handle]
    if missing:
        raise invalid("to", f"@{missing[0]} is not in this campaign" + (f" at stage {stage}" if stage else ""))
    return [by_handle[h] for h in wanted]


@app.command("send")
def send(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    to: list[str] = typer.Option([], "--to", help="A creator's handle (repeat); default: everyone (at --stage)"),
    stage: str = typer.Option(None, help="Only creators at this stage, e.g. invited"),
    template: str = typer.Option(None, help="Name of a saved template"),
    subject: str = typer.Option(None, help="Subject (with merge fields such as {{ first_name }})"),
    body_file: Path = typer.Option(None, exists=True, dir_okay=False, help="A text file with the body"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the first emails; send nothing"),
    workspace: str = WORKSPACE,
):
    """Email creators of a campaign; do-not-contact addresses are refused with the reason."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign)
        text = {"subject": subject, "body": body_file.read_text(encoding="utf-8") if body_file else None}
        if template:
            saved = next((t for t in service.list_templates(db, ctx) if t.name.lower() == template.lower()), None)
            if saved is None:
                raise invalid("template", f"no template named {template!r}")
            text = {"subject": subject or saved.subject, "body": text["body"] or saved.body}
        data = validated(SendIn, {**text, "entry_ids": _entry_ids(db, ctx, found.id, to, stage)})
        if dry_run:
            for p in service.preview(db, ctx, found.id, data):
                console.print(f"[bold]To:[/] {p.to_address or '—'} (@{p.handle})"
                              + (f"  [red]not sent: {p.refused}[/]" if p.refused else ""))
                console.print(f"[bold]Subject:[/] {p.subject}\n{p.body}")
            return
        result = service.send(db, ctx, found.id, data)
    where = "queued for the mail server" if result.queued else "held in the outbox (no mail server set)"
    console.print(f"{result.queued + result.held} email(s) {where}.")
    for r in result.refused:
        console.print(f"[yellow]Not sent to @{r.handle}: {r.reason}[/]")


@app.command("outbox")
def outbox(
    status: str = typer.Option(None, help="Only this status: " + ", ".join(STATUS_NAMES)),
    campaign: str = typer.Option(None, help="Only this campaign (name or id)"),
    limit: int = typer.Option(50, min=1, max=1000),
    workspace: str = WORKSPACE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """The newest emails and where each one is."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        if status is not None and status not in STATUS_NAMES:
            raise invalid("status", f"{status!r} is not one of {', '.join(STATUS_NAMES)}")
        campaign_id = campaigns.find_campaign(db, ctx, campaign).id if campaign else None
        rows = service.outbox(db, ctx, status, campaign_id, limit=limit)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = Table("id", "to", "subject", "campaign", "status", "tries", "problem")
    for r in rows:
        table.add_row(str(r.id), r.to_address, r.subject, r.campaign_name or "—", STATUS_NAMES[r.status],
                      str(r.attempts), r.last_error or "")
    console.print(table if rows else "The outbox is empty.")


@app.command("template")
def save_template(
    name: str = typer.Argument(..., help="Template name"),
    subject: str = typer.Option(..., help="Subject"),
    body_file: Path = typer.Option(..., exists=True, dir_okay=False, help="A text file with the body"),
    workspace: str = WORKSPACE,
):
    """Save a new outreach template."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        data = validated(TemplateIn, {"name": name, "subject": subject,
                                      "body": body_file.read_text(encoding="utf-8")})
        saved = service.create_template(db, ctx, data)
    console.print(f"Saved template [bold]{saved.name}[/] (id {saved.id}).")


@dnc_app.command("add")
def dnc_add(email: str = typer.Argument(...), reason: str = typer.Option("", help="Why"),
            workspace: str = WORKSPACE):
    """Never email this address again from this workspace."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        row = service.add_do_not_contact(db, ctx, validated(DoNotContactIn, {"email": email, "reason": reason}))
    console.print(f"{row.masked} is on the do-not-contact list.")


@dnc_app.command("list")
def dnc_list(workspace: str = WORKSPACE):
    """The do-not-contact list (addresses are kept only as hashes, shown masked)."""
    with handled(), unit_of_work() as db:
        rows = service.list_do_not_contact(db, operator_context(db, workspace))
    table = Table("id", "address", "reason", "how", "since")
    for r in rows:
        table.add_row(str(r.id), r.masked, r.reason, r.source, r.created_at.date().isoformat())
    console.print(table if rows else "Nobody is on the do-not-contact list.")


def register(root: typer.Typer) -> None:
    """Add `reachroom outreach …` to the main CLI."""
    root.add_typer(app, name="outreach")
