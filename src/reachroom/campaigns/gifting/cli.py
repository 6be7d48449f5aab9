"""`reachroom campaigns shipments export|import`: the fulfilment CSV out, tracking numbers back in."""

from pathlib import Path

import typer

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import transfer
from reachroom.core.cli import console, handled
from reachroom.core.errors import invalid
from reachroom.db import unit_of_work
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Gifting shipments: the fulfilment CSV out, tracking numbers in.", no_args_is_help=True)
WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")
STATUSES = "pending, shipped, delivered, returned, lost"


@app.command("export")
def export(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    out: Path = typer.Option(None, "--out", "-o", help="Write the CSV here (default: print it)"),
    status: str = typer.Option(None, help=f"Only shipments in this status: {STATUSES}"),
    workspace: str = WORKSPACE,
):
    """Shipments with recipient, address, product, SKU, variant and handle, for the fulfilment house."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        if status is not None and status not in STATUSES.split(", "):
            raise invalid("status", f"{status!r} is not one of {STATUSES}")
        found = campaigns.find_campaign(db, ctx, campaign)
        _, text = transfer.export_csv(db, ctx, found.id, status)
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        out.chmod(0o600)  # it holds home addresses
        console.print(f"Wrote {text.count(chr(10)) - 1} shipments to {out}")


@app.command("import")
def import_(
    campaign: str = typer.Argument(..., help="Campaign name or id"),
    file: Path = typer.Argument(..., help="CSV with shipment_id, carrier, tracking_number (and optional status)",
                                exists=True, dir_okay=False, readable=True),
    workspace: str = WORKSPACE,
):
    """Tracking numbers from the fulfilment house: every row is checked first; one wrong row and nothing changes."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        found = campaigns.find_campaign(db, ctx, campaign)
        result = transfer.import_tracking(db, ctx, found.id, file.read_bytes())
    console.print(f"Updated {result.updated} shipments in [bold]{found.name}[/] ({result.shipped} now shipped)")
