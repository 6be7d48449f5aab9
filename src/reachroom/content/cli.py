"""`reachroom content …`: classify text, show a content profile, recompute profiles, evaluate.

Heavy imports (model, services) happen inside the commands so `reachroom --help` stays fast.
"""

import json
from pathlib import Path

import typer
from rich.table import Table

from reachroom.content import service
from reachroom.content.job import RECENT_POSTS, recompute_all
from reachroom.core.cli import console, handled, staged_progress
from reachroom.core.dates import human_date
from reachroom.db import get_engine, unit_of_work
from reachroom.workspaces.service import operator_context

app = typer.Typer(help="Content intelligence: niches, sponsorship and disclosure, tone, brand safety.",
                  no_args_is_help=True)


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command("classify")
def classify(
    text: str = typer.Option(..., "--text", help="The caption or text to classify (up to 5,000 characters)"),
    paid_partnership: bool = typer.Option(False, "--paid-partnership", help="The platform's paid label is on"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Niche, sponsorship and disclosure, brand safety and tone traits of a text, with evidence."""

    with handled():
        result = service.classify_text(service.parse_text(text, paid_partnership))
    if as_json:
        print(result.model_dump_json(indent=2))
        return
    s = result.sponsorship
    console.print(f"Niche: [bold]{result.niche.name}[/] ({result.niche.confidence:.0%})  ·  "
                  + ", ".join(f"{n.name} {n.confidence:.0%}" for n in result.niche_top[1:])
                  + (f"  ·  evidence: {', '.join(result.niche.evidence)}" if result.niche.evidence else ""))
    if s.sponsored:
        console.print(f"Sponsored: [bold]{s.kind}[/]  ·  disclosure: [bold]{s.disclosure}[/] "
                      f"(UK {'yes' if s.disclosed_uk else 'no'}, US {'yes' if s.disclosed_us else 'no'})")
        console.print("  evidence: " + ", ".join(f"{e.kind} '{e.text}'" for e in s.signals))
        for r in s.reasons:
            console.print(f"  {r}")
    else:
        console.print("Sponsored: no")
    if result.safety:
        for f in result.safety:
            console.print(f"Brand safety: [red]{f.label}[/] ({', '.join(f.words)})")
    else:
        console.print("Brand safety: no flags")
    console.print("Tone: " + ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in result.tone.items()))


@app.command("profile")
def profile(
    handle: str = typer.Argument(..., help="Account handle, with or without @"),
    platform: str = typer.Option(None, help="instagram, tiktok or youtube (needed when the handle is on several)"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """The content profile of an account: niches, sponsored share, disclosure, tone and brand safety."""


    with handled(), unit_of_work() as db:
        result = service.profile_by_handle(db, operator_context(db, workspace), handle, platform)
    if as_json:
        print(result.model_dump_json(indent=2))
        return
    d = result.disclosure
    when = human_date(result.computed_at)
    stored = f"stored {when}" if result.stored else "computed now (not stored yet)"
    console.print(f"[bold]@{result.handle}[/] ({result.platform}) · {result.posts_analysed} posts analysed · "
                  f"{stored} · v{result.method_version}")
    console.print("Niches: " + (", ".join(f"{n.name} {n.confidence:.0%}" for n in result.niches) or "—"))
    share = f"{d.sponsored_share:.0%}" if d.sponsored_share is not None else "—"
    console.print(f"Sponsored: {share} ({d.sponsored_posts} posts) · disclosed {d.disclosed}, unclear {d.unclear}, "
                  f"not disclosed {d.undisclosed}"
                  + (" · brands: " + ", ".join("@" + b.handle for b in d.brands_mentioned[:6]) if d.brands_mentioned
                     else ""))
    table = Table("tone trait", "value")
    for t in result.tone:
        table.add_row(t.label, f"{t.value:.2f}")
    console.print(table)
    if result.safety:
        for s in result.safety:
            console.print(f"Brand safety: [red]{s.label}[/] in {s.count} post(s) {s.post_ids} ({', '.join(s.words)})")
    else:
        console.print("Brand safety: no flags")


@app.command("recompute")
def recompute(
    batch: int = typer.Option(1000, min=50, help="Accounts per batch"),
    posts: int = typer.Option(None, min=1, max=200, help="Newest posts analysed per account (default 12)"),
    workers: int = typer.Option(None, min=0, max=64, help="Worker processes (default: one per core, up to 4)"),
):
    """Recompute every account's content profile (niches, sponsorship, tone, safety, embeddings)."""

    with staged_progress() as report:
        summary = recompute_all(get_engine(), progress=report, batch_size=batch, recent_posts=posts or RECENT_POSTS,
                                workers=workers)
    console.print(f"Content profiles for [bold]{summary['accounts']:,}[/] accounts ({summary['posts']:,} posts) in "
                  f"{summary['seconds']:.1f}s · {summary['posts_per_second'] or 0:,.0f} posts/s · "
                  f"{summary['workers'] or 1} process(es)")


@app.command("eval-niche")
def eval_niche(
    csv_file: Path = typer.Option(..., "--csv", exists=True, dir_okay=False, readable=True,
                                  help="Labelled captions (CSV with a header row)"),
    text_column: str = typer.Option("text", help="Column with the caption"),
    label_column: str = typer.Option("label", help="Column with the niche slug (other labels are skipped)"),
    creator_column: str = typer.Option("creator", help="Column with the creator id (optional)"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
):
    """Niche accuracy on labelled captions: post accuracy and macro-F1, creator accuracy and abstentions."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.content import evaluate

    with handled():
        result = evaluate.evaluate_niche_csv(csv_file, text_column, label_column, creator_column)
    if as_json:
        _print_json(result)
        return

    def fmt(x):
        return "—" if x is None else f"{x:.3f}"

    console.print(f"{result['n_posts']} posts, {result['n_creators'] or 0} creators, {result['n_skipped']} skipped "
                  f"(label not a niche slug)")
    console.print(f"post accuracy {fmt(result['post_accuracy'])} · post macro-F1 {fmt(result['post_macro_f1'])} "
                  f"({result['post_predictions'].replace('_', ' ')})")
    console.print(f"caption only: accuracy {fmt(result['post_accuracy_caption_only'])} · "
                  f"macro-F1 {fmt(result['post_macro_f1_caption_only'])}")
    console.print(f"creator accuracy {fmt(result['creator_accuracy'])}")
    if result["creator_coverage"] is not None:
        by_label = ", ".join(f"{k} {v}" for k, v in result["creator_abstentions_by_label"].items()) or "none"
        console.print(f"creators answered {fmt(result['creator_coverage'])} · abstained (unclear) "
                      f"{result['creator_abstained']} ({by_label}) · accuracy without abstaining "
                      f"{fmt(result['creator_accuracy_forced'])}")


@app.command("eval-demo")
def eval_demo(as_json: bool = typer.Option(False, "--json", help="Print one JSON object")):
    """Precision and recall of undisclosed-ad and brand-safety detection against the demo ground truth."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.content import evaluate

    with handled(), unit_of_work() as db:
        result = evaluate.evaluate_demo(db)
    if as_json:
        _print_json(result)
        return

    def fmt(x):
        return "—" if x is None else f"{x:.3f}"

    console.print(f"{result['analysed_posts']:,} analysed posts of {result['analysed_accounts']:,} accounts")
    for key, title in (("undisclosed_ad", "Undisclosed ads"), ("brand_unsafe", "Brand-unsafe posts")):
        r = result[key]
        console.print(f"[bold]{title}[/]: precision {fmt(r['precision'])} · recall {fmt(r['recall'])} "
                      f"({r['true_positives']} of {r['truth']} found, {r['predicted']} flagged; "
                      f"{r['truth_total']} in the whole demo)")
    for cat, r in result["brand_unsafe"]["by_category"].items():
        console.print(f"  {cat}: precision {fmt(r['precision'])} · recall {fmt(r['recall'])} (n={r['truth']})")


def register(root: typer.Typer) -> None:
    """Add `reachroom content …` to the main CLI."""
    root.add_typer(app, name="content")
