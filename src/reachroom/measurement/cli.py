"""`reachroom report CAMPAIGN`: a campaign's report as JSON or CSV, as on the report page and the API."""

import json
from pathlib import Path

import typer

from reachroom.campaigns import service as campaigns
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid
from reachroom.db import unit_of_work
from reachroom.measurement import pdf
from reachroom.measurement import report as reports
from reachroom.workspaces.service import operator_context

FORMATS = ("json", "csv", "pdf")
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


def report(campaign: str = typer.Argument(..., help="Campaign name or id"),
           format: str = typer.Option("json", "--format", help="json, csv or pdf"),
           out: Path = typer.Option(None, "--out", help="Write here (pdf: default campaign-<id>-report.pdf)"),
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
            target.write_bytes(pdf.render(reports.report(db, ctx, found.id)))
            console.print(f"Wrote {target}")
        elif format == "csv":
            text = reports.report_csv(db, ctx, found.id)
            _write(out, text) if out else typer.echo(text, nl=False)
        else:
            text = json.dumps(reports.report(db, ctx, found.id).model_dump(mode="json"))
            _write(out, text) if out else console.print_json(text)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    console.print(f"Wrote {path}")


def register(root: typer.Typer) -> None:
    """Add `reachroom report` to the main CLI."""
    root.command("report")(report)
