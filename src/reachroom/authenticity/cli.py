"""`reachroom authenticity …`: score, upload-sample, recompute, train, eval-accounts, eval-demo."""

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from reachroom.authenticity import repository as repo
from reachroom.authenticity import service
from reachroom.authenticity.job import recompute_all
from reachroom.authenticity.service import to_json
from reachroom.core import cli
from reachroom.creators.service import account_for_handle
from reachroom.db import get_engine, unit_of_work
from reachroom.workspaces.service import operator_context

authenticity_app = typer.Typer(help="Authenticity: fake followers, engagement and growth anomalies, the score.",
                               no_args_is_help=True)


def _dump(obj) -> None:
    print(json.dumps(obj, indent=2, default=str, allow_nan=False))


@authenticity_app.command("score")
def score(
    handle: str = typer.Argument(..., help="The account's handle (with or without @)"),
    platform: str = typer.Option(None, help="instagram, tiktok or youtube (needed when the handle is on several)"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Show an account's authenticity score, level, confidence and every signal with its evidence."""

    with cli.handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        acc = account_for_handle(db, ctx, handle, platform)
        result = service.get_authenticity(db, ctx, acc.id)
    if as_json:
        print(result.model_dump_json(indent=2))
        return

    c = cli.console
    c.print(f"[bold]@{acc.handle}[/] ({acc.platform}) · authenticity [bold]{result.score:.0f}/100[/] "
            f"· {result.level_label} · confidence {result.confidence_label} ({result.confidence:.2f})")
    table = Table("signal", "value", "peers", "confidence", "effect", "finding")
    for s in result.signals:
        table.add_row(s.label, s.display if s.available else "—", s.peer or "", f"{s.confidence:.2f}",
                      (f"{s.effect:+.1f}" if s.effect <= -0.05 else "0") if s.available else "", s.sentence)
    c.print(table)
    c.print(result.explanation)
    c.print(f"[dim]method {result.method_version} · "
            f"{'computed ' + str(result.computed_at)[:19] if result.stored else 'computed now (not stored yet)'}[/]")


@authenticity_app.command("upload-sample")
def upload_sample(
    handle: str = typer.Argument(..., help="The account's handle"),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="Follower sample CSV (followers,following,posts + optional columns)"),
    platform: str = typer.Option(None, help="instagram, tiktok or youtube"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
):
    """Upload a follower sample (private to the workspace) and recompute the account's authenticity."""

    with cli.handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        acc = account_for_handle(db, ctx, handle, platform)
        out = service.upload_sample(db, ctx, acc.id, file.read_bytes(), file.name)
    a = out.authenticity
    share = a.follower_sample
    cli.console.print(f"Stored {out.rows:,} followers for @{acc.handle} ({acc.platform}), private to this workspace.")
    if share and share.suspicious_share is not None:
        cli.console.print(f"Suspicious followers ≈ {share.suspicious_share:.0%} "
                          f"(95% interval {share.suspicious_share_low:.0%}–{share.suspicious_share_high:.0%}).")
    cli.console.print(f"Authenticity now {a.score:.0f}/100 · {a.level_label} · confidence {a.confidence_label}.")


@authenticity_app.command("recompute")
def recompute(batch: int = typer.Option(2000, min=100, help="Accounts per batch")):
    """Recompute the authenticity of every account (run after `reachroom stats recompute`)."""

    with cli.staged_progress() as report:
        summary = recompute_all(get_engine(), batch_size=batch, progress=report)
    cli.console.print(f"Scored [bold]{summary['accounts']:,}[/] accounts ({summary['rows']:,} rows) in "
                      f"{summary['seconds']:.1f}s · levels: {summary['levels']}")


@authenticity_app.command("train")
def train(
    data_dir: Path = typer.Option(None, help="Folder with instafake.csv and kaggle_train.csv "
                                              "(default: the shared data's fake-accounts/)"),
    out_dir: Path = typer.Option(None, help="Where to write model.json + metadata.json (default: the package)"),
):
    """Train the fake-follower classifier on the shared labelled data (needs scikit-learn)."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.authenticity.classifier import DEFAULT_MODEL_DIR
    from reachroom.authenticity.train import train_main
    from reachroom.authenticity.training_data import TrainingDataMissing

    try:
        report = train_main(data_dir, out_dir)
    except TrainingDataMissing as err:
        cli.fail(str(err))
    except ImportError as err:
        cli.fail(f"training needs scikit-learn ({err}); install it with `pip install scikit-learn`")
    target = Path(out_dir) if out_dir else DEFAULT_MODEL_DIR
    cli.console.print(f"Model written to [bold]{target}[/] (model.json, metadata.json).")
    version = report.get("version") if isinstance(report, dict) else None
    if version:
        cli.console.print(f"Version {version}")


@authenticity_app.command("eval-accounts")
def eval_accounts(
    csv: Path = typer.Option(..., "--csv", exists=True, dir_okay=False, readable=True,
                             help="Labelled follower CSV (canonical layout with is_fake)"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
):
    """Evaluate the shipped classifier on labelled accounts: accuracy, AUC, FPR, estimated vs true fake share."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.authenticity.evaluate.accounts import CsvValidationError, evaluate_csv

    try:
        result = evaluate_csv(csv)
    except CsvValidationError as err:
        for e in err.errors[:50]:
            cli.err_console.print(f"  [red]•[/] {e}")
        if len(err.errors) > 50:
            cli.err_console.print(f"  … and {len(err.errors) - 50} more")
        cli.fail(f"{csv}: {len(err.errors)} problem{'' if len(err.errors) == 1 else 's'} in the file")
    except ValueError as err:
        cli.fail(str(err))

    result = to_json(result)
    if as_json:
        _dump(result)
        return
    for k in ("n", "accuracy", "balanced_accuracy", "precision", "recall", "f1", "auc", "fpr", "true_fake_share",
              "estimated_fake_share", "estimated_fake_share_low", "estimated_fake_share_high"):
        v = result.get(k)
        cli.console.print(f"{k:>28}: {v:.4f}" if isinstance(v, float) else f"{k:>28}: {v}")


@authenticity_app.command("eval-demo")
def eval_demo(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
    recompute_first: bool = typer.Option(False, "--recompute", help="Recompute every score first"),
):
    """Compare flagged accounts with the demo's injected fraud cases: precision and recall per fraud type."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.authenticity.evaluate.demo import evaluate_demo

    engine = get_engine()
    with engine.connect() as conn:
        missing = repo.count_scores(conn) == 0
    if recompute_first or missing:
        recompute_all(engine, progress=None)
    try:
        result = evaluate_demo(engine)
    except ValueError as err:
        cli.fail(str(err))
    if as_json:
        _dump(result)
        return

    table = Table("fraud type", "accounts", "precision (level)", "recall (level)", "precision (signal)",
                  "recall (signal)")

    def f(x):
        return "—" if x is None else f"{x:.3f}"

    for case, e in result["per_type"].items():
        table.add_row(case, str(e["by_level"]["positives"]), f(e["by_level"]["precision"]), f(e["by_level"]["recall"]),
                      f(e["by_signal"]["precision"]), f(e["by_signal"]["recall"]))
        if "without_data" in e:
            w = e["without_data"]
            table.add_row(f"  without {w['lacks'].removeprefix('has_').replace('_', ' ')}", str(w["accounts"]),
                          f(w["by_level"]["precision"]), f(w["by_level"]["recall"]),
                          f(w["by_signal"]["precision"]), f(w["by_signal"]["recall"]))
    o = result["overall"]["by_level"]
    table.add_row("any fraud", str(o["positives"]), f(o["precision"]), f(o["recall"]), "", "")
    cli.console.print(table)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(authenticity_app())


def register(root: typer.Typer) -> None:
    """Add `reachroom authenticity …` to the main CLI."""
    root.add_typer(authenticity_app, name="authenticity")
