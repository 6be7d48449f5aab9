"""The `reachroom` command line: each command calls a service, never SQL."""

import json
import sys

import typer
import uvicorn

from reachroom.authenticity import cli as authenticity_cli
from reachroom.config import get_settings
from reachroom.content import cli as content_cli
from reachroom.core.cli import console, staged_progress
from reachroom.core.jobs import work as run_queue
from reachroom.creators import cli as creators_cli
from reachroom.db import get_engine
from reachroom.demo.prepare import PreparationRunning, register_tasks
from reachroom.demo.prepare import prepare as run_prepare
from reachroom.demo.setup import run_demo
from reachroom.discovery import cli as discovery_cli
from reachroom.discovery.lists import cli as lists_cli
from reachroom.migrate import downgrade, upgrade
from reachroom.workspaces import cli as workspaces_cli

app = typer.Typer(help="Reachroom: find, vet, plan, run and measure micro-influencer campaigns.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
# Every domain mounts its commands the same way: its cli.py has register(app).
for domain_cli in (workspaces_cli, creators_cli, authenticity_cli, content_cli, discovery_cli, lists_cli):
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
