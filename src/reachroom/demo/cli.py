"""`reachroom demo`, `reachroom prepare`, `reachroom work`: load the demo data and derive what it needs."""

import json

import typer

from reachroom.config import get_settings
from reachroom.core.cli import console, staged_progress
from reachroom.core.jobs import work as run_queue
from reachroom.db import get_engine
from reachroom.demo.prepare import PreparationRunning, register_tasks
from reachroom.demo.prepare import prepare as run_prepare
from reachroom.demo.setup import run_demo
from reachroom.outreach import tasks as outreach_tasks
from reachroom.portal import tasks as portal_tasks


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
    console.print(f"Creators' portal: http://{settings.host}:{settings.port}/portal/login as "
                  f"[bold]{settings.demo_creator_email}[/] or [bold]{settings.demo_creator2_email}[/] / "
                  f"[bold]{settings.demo_password}[/]")


def prepare():
    """Derive the demo's stats, authenticity scores and content profiles (progress shown in the app's banner)."""
    try:
        with staged_progress() as report:
            run_prepare(get_engine(), progress=report)
    except PreparationRunning as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None


def work():
    """Run the queued background jobs (the demo preparation of `make run`), then exit."""
    register_tasks()
    outreach_tasks.register_tasks()  # a send queued meanwhile may be the next task this worker takes
    portal_tasks.register_tasks()
    run_queue()


def register(root: typer.Typer) -> None:
    """Add `reachroom demo`, `reachroom prepare` and `reachroom work` to the main CLI."""
    root.command("demo")(demo)
    root.command("prepare")(prepare)
    root.command("work")(work)
