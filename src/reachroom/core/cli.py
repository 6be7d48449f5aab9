"""The CLI's shared helpers: consoles, clean error exits, progress bars (every domain's cli.py uses these)."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reachroom.core.errors import AppError

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error a person can act on and exit non-zero."""
    err_console.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn application errors into clean messages instead of tracebacks."""
    try:
        yield
    except AppError as err:
        fields = [f for f in err.fields if f.message not in err.message]  # say each problem once
        for f in fields[:50]:
            err_console.print(f"  [red]•[/] {f.field}: {f.message}")
        if len(fields) > 50:
            err_console.print(f"  … and {len(fields) - 50} more")
        fail(err.message)


def progress_bar() -> Progress:
    """The standard progress bar for long work."""
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=False)


@contextmanager
def staged_progress() -> Iterator:
    """A progress callback (stage, done, total) that draws one bar per stage."""
    with progress_bar() as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report
