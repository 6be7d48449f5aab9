"""The `reachroom` command line: `serve` and `db` here; every domain's commands come from its cli.py's register()."""

import os
import sys

import typer
import uvicorn

from reachroom.authenticity import cli as authenticity_cli
from reachroom.campaigns import cli as campaigns_cli
from reachroom.config import get_settings
from reachroom.content import cli as content_cli
from reachroom.core import jobs
from reachroom.core.cli import console
from reachroom.creators import cli as creators_cli
from reachroom.demo import cli as demo_cli
from reachroom.demo import prepare as demo_prepare
from reachroom.discovery import cli as discovery_cli
from reachroom.discovery.lists import cli as lists_cli
from reachroom.measurement import cli as measurement_cli
from reachroom.measurement import tasks as measurement_tasks
from reachroom.migrate import downgrade, upgrade
from reachroom.outreach import cli as outreach_cli
from reachroom.outreach import tasks as outreach_tasks
from reachroom.planning import cli as planning_cli
from reachroom.portal import claim_codes, notifications  # notifications subscribes to campaign events
from reachroom.portal import cli as portal_cli
from reachroom.portal import tasks as portal_tasks  # subscribes to publications (brand fits)
from reachroom.workspaces import cli as workspaces_cli

app = typer.Typer(help="Reachroom: find, vet, plan, run and measure micro-influencer campaigns.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
# Every domain mounts its commands the same way: its cli.py has register(app). `reachroom --help` lists commands
# in the order they are mounted, so demo's (demo, prepare, work) are mounted after `serve`, at the end.
for domain_cli in (workspaces_cli, creators_cli, authenticity_cli, content_cli, discovery_cli, lists_cli,
                   campaigns_cli, outreach_cli, portal_cli, measurement_cli, planning_cli):
    domain_cli.register(app)

@app.command()
def serve(host: str = typer.Option(None, help="Bind address (default REACHROOM_HOST)"),
          port: int = typer.Option(None, help="Port (default REACHROOM_PORT)"),
          reload: bool = typer.Option(False, help="Reload on code changes (development)"),
          worker: bool = typer.Option(False, "--worker", help="Also run `reachroom worker` beside the server "
                                      "(what `make run` does); it stops with the server")):
    """Serve the web app and API."""

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    console.print(f"Reachroom on [bold]http://{host}:{port}[/]  ·  API docs at http://{host}:{port}/docs")
    console.print(f"Log in with [bold]{settings.demo_email}[/] / [bold]{settings.demo_password}[/] "
                  "(demo data) or a user made with `reachroom users create`.")
    console.print(f"Creators log in at http://{host}:{port}/portal/login (demo: [bold]{settings.demo_creator_email}[/] "
                  f"or [bold]{settings.demo_creator2_email}[/] / [bold]{settings.demo_password}[/]).")
    beside = jobs.start_worker("worker", f"--stop-with={os.getpid()}", detach=False) if worker else None
    try:
        uvicorn.run("reachroom.asgi:app", host=host, port=port, reload=reload, log_level="info")
    finally:
        if beside is not None:
            beside.terminate()


@app.command("worker")
def run_worker(threads: int = typer.Option(2, min=1, max=32, help="Jobs run at the same time"),
               stop_with: int = typer.Option(0, "--stop-with", hidden=True,
                                             help="Exit when this process (the one that started it) exits")):
    """Run background jobs until stopped: outreach email (with retries and a sweep every minute) and the demo
    preparation. The queue is a SQLite file in the data dir, or Redis when REACHROOM_JOBS_URL names one."""

    register_tasks()
    console.print(f"Worker running {threads} at a time; Ctrl-C stops it (an email being sent is taken over by the "
                  "next worker).")
    jobs.run_consumer(threads, parent_pid=stop_with or None)


def register_tasks() -> None:
    """Every domain's background tasks, known to this process's queue."""
    demo_prepare.register_tasks()
    outreach_tasks.register_tasks()
    portal_tasks.register_tasks()
    claim_codes.register_tasks()
    notifications.register_tasks()
    measurement_tasks.register_tasks()


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


@app.command("run")
def run_everything(creators: int = typer.Option(20000, min=1, max=5_000_000,
                                                help="Demo creators to load when the database has none"),
                   host: str = typer.Option(None, help="Bind address (default REACHROOM_HOST)"),
                   port: int = typer.Option(None, help="Port (default REACHROOM_PORT)")):
    """What `make run` does: migrate, load the demo if the database has no creators (its derived data in the
    background), then serve with a worker beside it."""

    # One process instead of three (`db upgrade`, `demo`, `serve`): each start imports the whole app (~5 s on a
    # 2-core machine), time a first run spends before /login answers (docs/performance.md, "First run").
    db_upgrade("head")
    demo_cli.demo(creators=creators, seed=7, if_empty=True, background=True)
    serve(host=host, port=port, reload=False, worker=True)


demo_cli.register(app)  # after serve (see the loop above)


def main() -> None:
    """Entry point for `python -m reachroom`."""
    app(prog_name="reachroom")


if __name__ == "__main__":
    sys.exit(main())
