"""`reachroom report CAMPAIGN`: a campaign's report as JSON or CSV, as on the report page and the API."""

import json
from pathlib import Path

import typer

from reachroom.brands import service as brands
from reachroom.campaigns import service as campaigns
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid
from reachroom.db import unit_of_work
from reachroom.measurement import forecasts as deliverable_forecasts
from reachroom.measurement import pdf, sales
from reachroom.measurement import report as reports
from reachroom.measurement import results as brand_results
from reachroom.measurement import service as measurement
from reachroom.workspaces.service import operator_context

FORMATS = ("json", "csv", "pdf")
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


def report(campaign: str = typer.Argument(..., help="Campaign name or id"),
           format: str = typer.Option("json", "--format", help="json, csv or pdf"),
           out: Path = typer.Option(None, "--out", help="Write here (pdf: default campaign-<id>-report.pdf)"),
           window_days: int = typer.Option(None, "--window-days",
                                           help="Attribution window: orders within this many days (1-365) after a "
                                                "creator's touch; default 30"),
           workspace: str = WORKSPACE):
    """What a campaign delivered: figures with their sources and times, by creator and by format (JSON, CSV or a
    PDF file)."""
    with handled(), unit_of_work() as db:
        if format not in FORMATS:
            raise invalid("format", f"choose {' or '.join(FORMATS)}")
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign)
        if format == "pdf":
            target = out or Path(f"campaign-{found.id}-report.pdf")
            target.write_bytes(pdf.render(reports.report(db, ctx, found.id, window_days=window_days)))
            console.print(f"Wrote {target}")
        elif format == "csv":
            text = reports.report_csv(db, ctx, found.id, window_days)
            _write(out, text) if out else typer.echo(text, nl=False)
        else:
            text = json.dumps(reports.report(db, ctx, found.id, window_days=window_days).model_dump(mode="json"))
            _write(out, text) if out else console.print_json(text)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    console.print(f"Wrote {path}")


def results(brand: str = typer.Argument(..., help="Brand name"),
            as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
            workspace: str = WORKSPACE):
    """A brand's campaigns side by side and its creator leaderboard with rebooking verdicts."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        out = brand_results.brand_results(db, ctx, brands.brand_id_by_name(db, ctx, brand))
        if as_json:
            console.print_json(json.dumps(out.model_dump(mode="json")))
            return
        for c in out.campaigns:
            console.print(f"{c.campaign}: {c.posts} posts, {_n(c.views)} views, {_n(c.reach)} reach, "
                          f"{_n(c.impressions)} impressions, cost {c.cost} {c.currency}")
        for i, r in enumerate(out.creators, 1):
            console.print(f"{i:>3}. @{r.handle} ({r.platform}) {r.verdict}: {r.reason}")


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def forecasts(campaign: str = typer.Argument(..., help="Campaign name or id"), workspace: str = WORKSPACE):
    """Forecast the deliverables of accepted terms that have no forecast yet (terms accepted before forecasts
    existed), from the creator's posts before each acceptance; forecasts already made are never changed."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign)
        made = deliverable_forecasts.ensure_forecasts(db, ctx, found.id)
        console.print(f"Forecast {made} deliverable(s) of {found.name}.")


def recount(campaign: str = typer.Argument(None, help="Campaign name or id (default: every campaign)"),
            workspace: str = WORKSPACE):
    """Rebuild the reports' kept sums from the snapshots (one campaign, or all of the workspace); run once after an
    upgrade that adds to them, or whenever a report's figures are in doubt. Changes no snapshot."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign).id if campaign else None
        n, posts = measurement.recount(db, ctx, found)
        console.print(f"Recounted {n} campaign(s), {posts} post(s).")


orders_app = typer.Typer(help="The shop's orders, for sales attributed to campaign creators.", no_args_is_help=True)


@orders_app.command("import")
def import_orders(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                              help="A CSV in Shopify's order-export layout"),
                  workspace: str = WORKSPACE):
    """Import orders (all or nothing; the same file twice adds nothing; a changed refund updates the order)."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        out = sales.import_orders(db, ctx, file.read_bytes())
        console.print(f"{out.added} order(s) added, {out.updated} updated, {out.already_there} already there.")


def register(root: typer.Typer) -> None:
    """Add `reachroom report`, `results`, `forecasts`, `recount` and `orders` to the main CLI."""
    root.command("report")(report)
    root.command("recount")(recount)
    root.command("results")(results)
    root.command("forecasts")(forecasts)
    root.add_typer(orders_app, name="orders")
