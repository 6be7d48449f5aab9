"""The `reachroom` command line: each command calls a service, never SQL."""

import json
import sys
from pathlib import Path

import typer
import uvicorn
from pydantic import ValidationError
from rich.table import Table

from reachroom.authenticity import cli as authenticity_cli
from reachroom.config import get_settings
from reachroom.content import cli as content_cli
from reachroom.core.cli import console, err_console, fail, handled, staged_progress
from reachroom.core.errors import describe, field_errors
from reachroom.core.jobs import work as run_queue
from reachroom.creators.importer import import_creators
from reachroom.creators.schemas import CreatorFilters
from reachroom.creators.service import list_accounts
from reachroom.creators.stats_job import recompute_all
from reachroom.db import get_engine, unit_of_work
from reachroom.demo.prepare import PreparationRunning, register_tasks
from reachroom.demo.prepare import prepare as run_prepare
from reachroom.demo.setup import run_demo
from reachroom.discovery import cli as discovery_cli
from reachroom.discovery.lists import cli as lists_cli
from reachroom.migrate import downgrade, upgrade
from reachroom.workspaces import cli as workspaces_cli
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Reachroom: find, vet, plan, run and measure micro-influencer campaigns.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
stats_app = typer.Typer(help="Derived statistics.", no_args_is_help=True)
creators_app = typer.Typer(help="Creators and their accounts.", no_args_is_help=True)
for sub, name in ((db_app, "db"), (stats_app, "stats"), (creators_app, "creators")):
    app.add_typer(sub, name=name)
# Every domain mounts its commands the same way: its cli.py has register(app).
for domain_cli in (workspaces_cli, authenticity_cli, content_cli, discovery_cli, lists_cli):
    domain_cli.register(app)

@app.command()
def serve(host: str = typer.Option(None, help="Bind address (default REACHROOM_HOST)"),
          port: int = typer.Option(None, help="Port (default REACHROOM_PORT)"),
          reload: bool = typer.Option(False, help="Reload on code changes (development)")):
    """Serve the web app and API."""

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    console.print(f"Reachroom on [bold]http://{host}:{port}[/]  ·  API docs at http://{host}:{port}/docs")
    console.print(f"Log in with [bold]{settings.demo_email}[/] / [bold]{settings.demo_password}[/] "
                  "(demo data) or a user made with `reachroom users create`.")
    uvicorn.run("reachroom.asgi:app", host=host, port=port, reload=reload, log_level="info")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")):
    """Migrate the database to the latest schema."""

    upgrade(get_settings().database_url, revision)
    console.print(f"Database at [bold]{revision}[/].")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base' for empty")):
    """Migrate the database down."""

    downgrade(get_settings().database_url, revision)
    console.print(f"Database at [bold]{revision}[/].")


@stats_app.command("recompute")
def stats_recompute(batch: int = typer.Option(5000, min=100, help="Accounts per batch")):
    """Recompute derived stats (engagement, tiers, growth, reach, percentiles) for every account."""

    with staged_progress() as report:
        summary = recompute_all(get_engine(), batch_size=batch, progress=report)
    console.print(f"Recomputed stats for [bold]{summary['accounts']:,}[/] accounts in {summary['seconds']:.1f}s.")


@creators_app.command("import")
def creators_import(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV with a header row"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import valid rows and skip invalid ones"),
):
    """Import creators from CSV (platform, handle, followers, …); upserts by platform + handle."""

    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        report = import_creators(db, ctx, file.read_bytes(), skip_invalid=skip_invalid)
    for w in report.warnings:
        err_console.print(f"[yellow]Warning:[/] {w}")
    for e in report.errors[:50]:
        err_console.print(f"  [yellow]skipped[/] {e}")
    console.print(f"Rows: {report.total_rows}  created: {report.created}  updated: {report.updated}  "
                  f"unchanged: {report.unchanged}  skipped: {report.skipped}")


@creators_app.command("list")
def creators_list(
    q: str = typer.Option(None, help="Handle or name contains"),
    platform: str = typer.Option(None),
    tier: str = typer.Option(None),
    country: str = typer.Option(None),
    limit: int = typer.Option(20, min=1, max=200),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """List creator accounts with filters."""


    try:
        filters = CreatorFilters(q=q, platform=platform, tier=tier, country=country, size=limit)
    except ValidationError as err:
        fail(describe(field_errors(err.errors(), default="filters")))
    with handled(), unit_of_work() as db:
        result = list_accounts(db, operator_context(db, workspace), filters)
    if as_json:
        print(result.model_dump_json(indent=2))
        return
    table = Table("handle", "platform", "name", "country", "followers", "tier", "ER")
    for r in result.items:
        er = f"{r.engagement_rate * 100:.2f}%" if r.engagement_rate is not None else "—"
        table.add_row(r.handle, r.platform, r.name, r.country or "—", f"{r.followers:,}", r.tier or "—", er)
    console.print(table)
    console.print(f"{result.total:,} matching")


@app.command()
def demo(
    creators: int = typer.Option(20000, min=1, max=5_000_000, help="How many creators to generate"),
    seed: int = typer.Option(7, help="Random seed (same seed, same data)"),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when creators already exist"),
    background: bool = typer.Option(False, "--background",
                                    help="Derive stats, authenticity and content profiles in a background process"),
):
    """Load deterministic demo data: creators, posts, audiences, brands and a demo login."""

    settings = get_settings()
    with staged_progress() as report:
        summary = run_demo(get_engine(), creators=creators, seed=seed, if_empty=if_empty, progress=report,
                           background=background)
    if summary.get("skipped"):
        console.print("Demo data already present; nothing loaded.")
    else:
        console.print(json.dumps({k: v for k, v in summary.items() if k != "skipped"}))
    console.print(f"Log in at http://{settings.host}:{settings.port} as [bold]{settings.demo_email}[/] / "
                  f"[bold]{settings.demo_password}[/]")


@app.command()
def prepare():
    """Derive the demo's stats, authenticity scores and content profiles (progress shown in the app's banner)."""
    try:
        with staged_progress() as report:
            run_prepare(get_engine(), progress=report)
    except PreparationRunning as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None


@app.command()
def work():
    """Run the queued background jobs (the demo preparation of `make run`), then exit."""
    register_tasks()
    run_queue()


def main() -> None:
    """Entry point for `python -m reachroom`."""
    app(prog_name="reachroom")


if __name__ == "__main__":
    sys.exit(main())
