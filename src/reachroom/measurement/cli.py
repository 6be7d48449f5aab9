"""`reachroom report CAMPAIGN`: a campaign's report as JSON or CSV, as on the report page and the API."""

import json

import typer

from reachroom.campaigns import service as campaigns
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid
from reachroom.db import unit_of_work
from reachroom.measurement import report as reports
from reachroom.workspaces.service import operator_context

FORMATS = ("json", "csv")
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


def report(campaign: str = typer.Argument(..., help="Campaign name or id"),
           format: str = typer.Option("json", "--format", help="json or csv"),
           workspace: str = WORKSPACE):
    """What a campaign delivered: figures with their sources and times, by creator and by format."""
    with handled(), unit_of_work() as db:
        if format not in FORMATS:
            raise invalid("format", f"choose {' or '.join(FORMATS)}")
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign)
        if format == "csv":
            typer.echo(reports.report_csv(db, ctx, found.id), nl=False)
        else:
            console.print_json(json.dumps(reports.report(db, ctx, found.id).model_dump(mode="json")))


def register(root: typer.Typer) -> None:
    """Add `reachroom report` to the main CLI."""
    root.command("report")(report)
