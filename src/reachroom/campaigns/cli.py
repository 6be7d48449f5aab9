"""`reachroom campaigns …`: list, create, add creators, move them, and export a pipeline as CSV."""

import json
from contextlib import ExitStack
from pathlib import Path

import typer
from rich.table import Table

from reachroom.brands.service import brand_id_by_name
from reachroom.campaigns import live, media, review, service
from reachroom.campaigns.gifting import cli as shipments_cli
from reachroom.campaigns.schemas import BulkMove, CampaignIn, LiveIn, PipelineAdd, StageMove, SubmissionIn
from reachroom.campaigns.stages import STAGE_NAMES, STATUS_NAMES
from reachroom.config import get_settings
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid, validated
from reachroom.db import unit_of_work
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Campaigns: briefs, the creator pipeline and its stages.", no_args_is_help=True)
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")
app.add_typer(shipments_cli.app, name="shipments")


@app.command("list")
def list_command(
    brand: str = typer.Option(None, help="Only this brand's campaigns (brand name)"),
    status: str = typer.Option(None, help="Only campaigns in this status: " + ", ".join(STATUS_NAMES)),
    workspace: str = WORKSPACE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Campaigns of the workspace, newest first, with creators per stage."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        brand_id = brand_id_by_name(db, ctx, brand) if brand else None
        if status is not None and status not in STATUS_NAMES:
            raise invalid("status", f"{status!r} is not one of {', '.join(STATUS_NAMES)}")
        rows = service.list_campaigns(db, ctx, brand_id, status)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = Table("id", "campaign", "brand", "status", "objective", "creators", "budget")
    for r in rows:
        budget = f"{r.budget:,.2f} {r.currency}" if r.budget is not None else "—"
        table.add_row(str(r.id), r.name, r.brand_name, STATUS_NAMES[r.status], r.objective, str(r.creators), budget)
    console.print(table if rows else "No campaigns yet: create one with `reachroom campaigns create`.")


@app.command("create")
def create(
    name: str = typer.Argument(..., help="Campaign name (unique in the workspace)"),
    brand: str = typer.Option(..., help="Name of the brand the campaign is for"),
    objective: str = typer.Option("awareness", help="awareness, engagement, conversions, content or gifting"),
    budget: str = typer.Option(None, help="Budget in the campaign's currency, e.g. 5000"),
    currency: str = typer.Option("GBP", help="ISO 4217 code, e.g. GBP, EUR, USD"),
    starts: str = typer.Option(None, help="Start date, YYYY-MM-DD"),
    ends: str = typer.Option(None, help="End date, YYYY-MM-DD"),
    niches: str = typer.Option("", help="Comma-separated niches to recruit in, e.g. food,wellness"),
    workspace: str = WORKSPACE,
):
    """Create a draft campaign for a brand."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        values = dict(name=name, brand_id=brand_id_by_name(db, ctx, brand), objective=objective, budget=budget,
                      currency=currency, starts_on=starts, ends_on=ends,
                      target={"niches": [n.strip() for n in niches.split(",") if n.strip()]})
        created = service.create_campaign(db, ctx, validated(CampaignIn, values))
    console.print(f"Created draft campaign [bold]{created.name}[/] (id {created.id}) for {created.brand_name}")


@app.command("add")
def add(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    handles: list[str] = typer.Argument(..., help="Handles: '@handle' or 'platform:handle'"),
    note: str = typer.Option("", help="A note for the team"),
    workspace: str = WORKSPACE,
):
    """Invite creators into a campaign by handle (all or nothing)."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        result = service.add_creators(db, ctx, found.id, validated(PipelineAdd, dict(handles=handles, note=note)))
    console.print(f"Invited {len(result.added)} into [bold]{found.name}[/]"
                  + (f"; {len(result.already_in)} already in it" if result.already_in else ""))


@app.command("move")
def move(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    stage: str = typer.Argument(..., help="Target stage: " + ", ".join(STAGE_NAMES)),
    entries: list[int] = typer.Argument(..., help="Pipeline entry ids (the `id` column of `campaigns show`)"),
    workspace: str = WORKSPACE,
):
    """Move creators to a stage (all of them, or none when a move is not allowed)."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        if len(entries) == 1:
            service.move_creator(db, ctx, found.id, entries[0], validated(StageMove, dict(stage=stage)))
        else:
            service.move_many(db, ctx, found.id, validated(BulkMove, dict(ids=entries, stage=stage)))
    console.print(f"Moved {len(entries)} to {STAGE_NAMES.get(stage, stage)} in [bold]{found.name}[/]")


@app.command("show")
def show(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    workspace: str = WORKSPACE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """A campaign's pipeline: every creator with their stage and the moves allowed from it."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        rows = service.pipeline(db, ctx, found.id)
    if as_json:
        print(json.dumps({"campaign": found.model_dump(mode="json"),
                          "creators": [r.model_dump(mode="json") for r in rows]}, indent=2))
        return
    console.print(f"[bold]{found.name}[/] · {found.brand_name} · {STATUS_NAMES[found.status]} · "
                  f"{len(rows)} creator{'' if len(rows) == 1 else 's'}")
    table = Table("id", "handle", "platform", "stage", "since", "can move to")
    for r in rows:
        table.add_row(str(r.id), "@" + r.handle, r.platform, STAGE_NAMES[r.stage], r.stage_changed_at.date()
                      .isoformat(), ", ".join(STAGE_NAMES[s] for s in r.allowed_moves) or "—")
    console.print(table)


@app.command("export")
def export(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    out: Path = typer.Option(None, "--out", "-o", help="Write the CSV here (default: print it)"),
    workspace: str = WORKSPACE,
):
    """The pipeline as CSV: handle, platform, name, stage, since, followers, ER, tier, note, profile link."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        settings = get_settings()
        base_url = f"http://{settings.host}:{settings.port}"  # where `reachroom serve` answers
        _, text = service.export_csv(db, ctx, found.id, base_url)
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"Wrote {text.count(chr(10)) - 1} creators to {out}")


@app.command("check")
def check(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    caption: str = typer.Option(..., "--caption", help="The draft caption, as it will be posted"),
    workspace: str = WORKSPACE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Check a draft caption against the campaign's brief and brand (nothing is saved); exit 1 when a check fails."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        verdict, checks = review.check_caption(db, ctx, found.id, caption)
    if as_json:
        print(json.dumps({"verdict": verdict, "checks": checks}, indent=2))
    else:
        marks = {"pass": "[green]pass[/]", "warn": "[yellow]check[/]", "fail": "[red]FAIL[/]", "info": "info"}
        for c in checks:
            console.print(f"{marks[c['status']]:>14}  {c['label']}: {c['message']}")
        console.print(f"Verdict: [bold]{verdict}[/]")
    if verdict == "fail":
        raise typer.Exit(1)


def _entry_id(db, ctx, campaign_id: int, handle: str) -> int:
    wanted = handle.split(":")[-1].lstrip("@").lower()
    for row in service.pipeline(db, ctx, campaign_id):
        if row.handle.lower() == wanted:
            return row.id
    raise invalid("handle", f"@{wanted} is not in this campaign")


@app.command("draft")
def draft(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    handle: str = typer.Argument(..., help="The creator's handle"),
    caption: str = typer.Option(..., "--caption", help="The draft caption, as it will be posted"),
    files: list[Path] = typer.Option([], "--file", exists=True, dir_okay=False,
                                     help="An image or video that goes with it (repeat for more)"),
    workspace: str = WORKSPACE,
):
    """Submit a draft (with its images or videos) on the creator's behalf; it is checked at once."""
    with handled(), unit_of_work() as db, ExitStack() as stack:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        entry_id = _entry_id(db, ctx, found.id, handle)
        sub = review.submit(db, ctx, found.id, entry_id, validated(SubmissionIn, {"caption": caption}))
        if files:
            uploads = [media.Incoming(f.name, stack.enter_context(f.open("rb"))) for f in files]
            media.attach(db, ctx, found.id, entry_id, sub.id, uploads, field="file")
    console.print(f"Draft version {sub.version} submitted with {len(files)} file(s): {sub.verdict}")
    for c in sub.checks:
        console.print(f"  {c.status:>5}  {c.label}: {c.message}")


@app.command("live")
def live_post(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    handle: str = typer.Argument(..., help="The creator's handle"),
    url: str = typer.Option(..., "--url", help="Link to the published post"),
    caption: str = typer.Option(..., "--caption", help="The caption as it reads on the platform"),
    workspace: str = WORKSPACE,
):
    """Check the published post against the approved draft; exit 1 when a check fails."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = service.find_campaign(db, ctx, campaign)
        entry_id = _entry_id(db, ctx, found.id, handle)
        approved = next((s for s in review.submissions(db, ctx, found.id, entry_id) if s.status == "approved"), None)
        if approved is None:
            raise invalid("handle", f"@{handle.lstrip('@')} has no approved draft yet")
        result = live.record_live(db, ctx, found.id, entry_id, approved.id,
                                  validated(LiveIn, {"url": url, "caption": caption}))
    for c in result.live_checks:
        console.print(f"  {c.status:>5}  {c.label}: {c.message}")
    console.print(f"Live post: [bold]{result.live_verdict}[/]")
    if result.live_verdict == "fail":
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add `reachroom campaigns …` to the main CLI."""
    root.add_typer(app, name="campaigns")
