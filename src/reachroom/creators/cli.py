"""`reachroom stats recompute`, `reachroom creators import|list`: the catalogue's derived stats and its creators."""

from pathlib import Path

import typer
from pydantic import ValidationError
from rich.table import Table

from reachroom.core.cli import console, err_console, fail, handled, staged_progress
from reachroom.core.errors import describe, field_errors
from reachroom.creators.importer import import_creators
from reachroom.creators.schemas import CreatorFilters
from reachroom.creators.service import list_accounts
from reachroom.creators.stats_job import recompute_all
from reachroom.db import get_engine, unit_of_work
from reachroom.workspaces.service import operator_context

stats_app = typer.Typer(help="Derived statistics.", no_args_is_help=True)
creators_app = typer.Typer(help="Creators and their accounts.", no_args_is_help=True)


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


def register(root: typer.Typer) -> None:
    """Add `reachroom stats …` and `reachroom creators …` to the main CLI."""
    root.add_typer(stats_app, name="stats")
    root.add_typer(creators_app, name="creators")
