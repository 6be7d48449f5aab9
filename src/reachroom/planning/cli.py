"""`reachroom plan --brand NAME --budget 5000 --goal reach`: the best creator mix for a budget, as on the Plan page
and `POST /api/v1/plans`."""

import json

import typer
from rich.table import Table

from reachroom.brands import service as brands
from reachroom.campaigns import service as campaigns
from reachroom.core.cli import console, handled
from reachroom.core.errors import validated
from reachroom.db import unit_of_work
from reachroom.planning import service
from reachroom.planning.schemas import PlanIn, PlanOut
from reachroom.workspaces.service import operator_context

WORKSPACE = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)")


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def plan(brand: str = typer.Option(..., "--brand", help="Brand name"),
         budget: float = typer.Option(..., "--budget", help="The most the plan may spend on fees"),
         goal: str = typer.Option("reach", "--goal", help="reach, engagements or sales (orders, at the brand's "
                                                          "measured orders per engagement)"),
         currency: str = typer.Option("GBP", "--currency"),
         fmt: str = typer.Option("post", "--format", help="post, carousel, reel, story, video or short"),
         posts: int = typer.Option(1, "--posts", help="Posts per creator"),
         countries: str = typer.Option("", "--countries", help="Target countries, e.g. GB,IE (default: the brand's)"),
         min_creators: int = typer.Option(0, "--min-creators"),
         max_creators: int = typer.Option(None, "--max-creators"),
         authenticity_min: float = typer.Option(None, "--min-authenticity", help="0-100"),
         pin: str = typer.Option("", "--pin", help="Account ids that must be in, comma-separated"),
         campaign: str = typer.Option(None, "--campaign", help="Save the plan on this campaign (name or id)"),
         save: bool = typer.Option(False, "--save", help="Save the plan (always when --campaign is given)"),
         time_limit: float = typer.Option(10.0, "--time-limit", help="Seconds the solver may use"),
         as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables"),
         workspace: str = WORKSPACE):
    """The creator mix that gets the most of the goal for the budget, how close to the best possible it is
    (proven), a reason for every creator, and many micro creators beside one macro or mega creator."""
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        values = {"brand_id": brands.brand_id_by_name(db, ctx, brand), "budget": budget, "goal": goal,
                  "currency": currency, "format": fmt, "posts_per_creator": posts, "countries": _split(countries),
                  "min_creators": min_creators, "max_creators": max_creators, "authenticity_min": authenticity_min,
                  "pinned": _split(pin), "time_limit": time_limit}
        if campaign:
            values["campaign_id"] = campaigns.find_campaign(db, ctx, campaign).id
        data = validated(PlanIn, values)
        out = service.create_plan(db, ctx, data) if (save or campaign) else service.solve(db, ctx, data)
        if as_json:
            console.print_json(json.dumps(out.model_dump(mode="json")))
            return
        _print(out)


def _print(out: PlanOut) -> None:
    money = service.symbol(out.currency)
    if out.infeasible:
        console.print(f"[bold red]No plan:[/] {out.infeasible}")
        return
    console.print(f"[bold]{out.name}[/]" + (f"  (saved as plan {out.id})" if out.id else ""))
    console.print(f"Audience: {out.audience}")
    if out.certificate:
        console.print(out.certificate.statement)
    table = Table("Creator", "Tier", "Fee", "Reach alone", "Adds", "Why")
    for c in out.chosen:
        table.add_row(f"@{c.handle}", c.tier or "", f"{money}{c.fee.expected:,.0f}", f"{c.people_reached:,.0f}",
                      f"{c.new_people:,.0f}", c.reason)
    console.print(table)
    console.print(f"Cost {money}{out.cost:,.0f} of {money}{out.budget:,.0f}")
    if out.comparison:
        cmp = Table("Option", "Creators", "Cost", "People reached", "Cost per person", "Engagements (forecast)")
        for o in out.comparison.options:
            eng = o.forecast.get("engagements")
            cmp.add_row(o.label, str(o.creators), f"{money}{o.cost:,.0f}", f"{o.people_reached:,.0f}",
                        f"{money}{o.cost_per_person:,.3f}" if o.cost_per_person else "—",
                        f"{eng.expected:,.0f} ({eng.low:,.0f}–{eng.high:,.0f})" if eng else "—")
        console.print(cmp)
        console.print(f"[bold]{out.comparison.reason}[/]")


def register(root: typer.Typer) -> None:
    """Add `reachroom plan` to the main CLI."""
    root.command("plan")(plan)
