"""`reachroom lists …`: create lists, add creators, show a list, export it as CSV.

Heavy imports happen inside the commands so `reachroom --help` stays fast.
"""

import json
from pathlib import Path

import typer
from rich.table import Table

from reachroom.brands.service import brand_id_by_name
from reachroom.config import get_settings
from reachroom.core.cli import console, handled
from reachroom.core.errors import validated
from reachroom.db import unit_of_work
from reachroom.discovery.lists import service
from reachroom.discovery.lists.schemas import ItemIn, ListIn, split_tags
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Shortlists and exclusion lists of creators.", no_args_is_help=True)


@app.command("create")
def create(
    name: str = typer.Argument(..., help="List name (unique in the workspace)"),
    kind: str = typer.Option("shortlist", help="shortlist or exclusion"),
    brand: str = typer.Option(None, help="Name of the brand this shortlist is for"),
    description: str = typer.Option("", help="What the list is for"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
):
    """Create a shortlist or an exclusion list."""

    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        brand_id = brand_id_by_name(db, ctx, brand) if brand else None
        created = service.create_list(db, ctx, validated(ListIn, dict(name=name, kind=kind, brand_id=brand_id,
                                                          description=description)))
    console.print(f"Created {created.kind} [bold]{created.name}[/] (id {created.id})"
                  + (f" for {created.brand_name}" if created.brand_name else ""))


@app.command("add")
def add(
    list_ref: str = typer.Argument(..., metavar="LIST", help="List name or id"),
    handle: str = typer.Argument(..., help="Account handle, with or without @"),
    platform: str = typer.Option(None, help="instagram, tiktok or youtube (needed when the handle is on several)"),
    note: str = typer.Option("", help="A note for the team"),
    tags: str = typer.Option("", help="Comma-separated tags, e.g. vegan,GB"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
):
    """Add a creator account to a list."""

    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        lst = service.find_list(db, ctx, list_ref)
        account_id = service.account_by_handle(db, ctx, handle, platform)
        service.add_item(db, ctx, lst.id, validated(ItemIn, dict(account_id=account_id, note=note,
                                                                 tags=split_tags(tags))))
        name = lst.name
    console.print(f"Added @{handle.lstrip('@')} to [bold]{name}[/].")


@app.command("show")
def show(
    list_ref: str = typer.Argument(..., metavar="LIST", help="List name or id"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """The accounts on a list with key numbers, notes and tags."""


    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        detail = service.get_list(db, ctx, service.find_list(db, ctx, list_ref).id)
    if as_json:
        print(detail.model_dump_json(indent=2))
        return
    n = len(detail.items)
    console.print(f"[bold]{detail.name}[/] · {detail.kind} · {n} account{'' if n == 1 else 's'}"
                  + (f" · for {detail.brand_name}" if detail.brand_name else ""))
    table = Table("handle", "platform", "name", "country", "followers", "ER", "note", "tags")
    for it in detail.items:
        er = f"{it.engagement_rate * 100:.2f}%" if it.engagement_rate is not None else "—"
        table.add_row(it.handle, it.platform, it.name, it.country or "—", f"{it.followers:,}", er, it.note,
                      ", ".join(it.tags))
    console.print(table)


@app.command("list")
def list_all(
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Every list of the workspace."""



    with handled(), unit_of_work() as db:
        rows = service.list_lists(db, operator_context(db, workspace))
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = Table("id", "name", "kind", "brand", "accounts")
    for r in rows:
        table.add_row(str(r.id), r.name, r.kind, r.brand_name or "—", str(r.item_count))
    console.print(table)


@app.command("export")
def export(
    list_ref: str = typer.Argument(..., metavar="LIST", help="List name or id"),
    file: Path = typer.Argument(..., dir_okay=False, help="Where to write the CSV"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
):
    """Write a list as CSV: handle, platform, name, country, followers, ER, note, tags."""

    settings = get_settings()
    base_url = f"http://{settings.host}:{settings.port}"  # where `reachroom serve` answers
    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        _, text = service.export_csv(db, ctx, service.find_list(db, ctx, list_ref).id, base_url)
    file.write_text(text, encoding="utf-8")
    rows = max(0, text.count("\n") - 1)
    console.print(f"Wrote {rows} row{'' if rows == 1 else 's'} to {file}")


def register(root: typer.Typer) -> None:
    """Add `reachroom lists …` to the main CLI."""
    root.add_typer(app, name="lists")
