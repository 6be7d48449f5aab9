"""`reachroom search`, `reachroom lookalikes`, `reachroom discovery rebuild`, `reachroom bench discovery|relevance`.

Heavy imports happen inside the commands so `reachroom --help` stays fast.
"""

import json

import typer
from pydantic import ValidationError
from rich.table import Table

from reachroom.brands.service import brand_id_by_name
from reachroom.core.cli import console, fail, handled, staged_progress
from reachroom.core.errors import describe, field_errors
from reachroom.db import get_engine, unit_of_work
from reachroom.discovery import service
from reachroom.discovery.lists import service as lists_service
from reachroom.discovery.lists.schemas import SavedSearchIn
from reachroom.discovery.schemas import SearchRequest
from reachroom.workspaces.service import operator_context

discovery_app = typer.Typer(help="Discovery: the search index.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks (JSON output).", no_args_is_help=True)


def _audience(values: list[str], kind: str) -> list[dict]:

    out = []
    for v in values:
        key, sep, share = v.partition(":")
        try:
            out.append({"kind": kind, "key": key.strip(), "min_share": float(share) if sep else 0.3})
        except ValueError:
            fail(f"--audience-{kind}: write KEY:SHARE, e.g. GB:0.4 (got {v!r})")
    return out


def _print(out, as_json: bool) -> None:


    if as_json:
        print(out.model_dump_json(indent=2))
        return
    table = Table("#", "handle", "platform", "country", "tier", "followers", "fit", "why")
    for r in out.results:
        table.add_row(str(r.rank), "@" + r.handle, r.platform or "—", r.country or "—", r.tier or "—",
                      f"{r.followers:,.0f}" if r.followers is not None else "—", f"{r.fit:.2f}",
                      r.reasons[0] if r.reasons else "")
    console.print(table)
    if out.inferred_niches:
        console.print("Niches inferred from your text: " + ", ".join(out.inferred_niches))
    for x in out.excluded_lists:
        why = " (the brand's exclusion list; --no-brand-exclusions shows them)" if x.by_default else ""
        console.print(f"Left out {x.accounts} creator{'' if x.accounts == 1 else 's'} on {x.name!r}{why}")
    console.print(f"{out.total:,} matching of {out.index_rows:,} · {out.took_ms:.0f} ms")


def _validated(model, **kw):


    try:
        return model(**kw)
    except ValidationError as err:
        fail(describe(field_errors(err.errors(), default="query")))


def search_command(
    text: str = typer.Argument("", help="What you are looking for, in words"),
    brand: str = typer.Option(None, help="Brand name: its description, niches, audience and voice"),
    platform: list[str] = typer.Option([], help="instagram, tiktok, youtube (repeatable)"),
    tier: list[str] = typer.Option([], help="nano, micro, macro, mega (repeatable)"),
    country: list[str] = typer.Option([], help="Creator country, ISO code (repeatable)"),
    niche: list[str] = typer.Option([], help="Niche slug (repeatable)"),
    audience_country: list[str] = typer.Option([], help="Audience share, e.g. GB:0.4 (repeatable)"),
    min_er: float = typer.Option(None, help="Minimum engagement rate, a fraction (0.03 = 3%)"),
    min_authenticity: float = typer.Option(None, help="Minimum authenticity 0-100"),
    authenticity_gate: float = typer.Option(
        1.0, help="Rank down low authenticity at good confidence: 1 = the default curve, 0 = off"),
    sort: str = typer.Option("fit", help="fit or a metric (followers, engagement_rate, er_percentile, …)"),
    limit: int = typer.Option(20, help="Results (1-200)"),
    exclude_list: list[str] = typer.Option([], help="Leave out creators on this list (name or id; repeatable)"),
    brand_exclusions: bool = typer.Option(
        True, help="Leave out creators on the brand's exclusion lists (--no-brand-exclusions shows them)"),
    save: str = typer.Option(None, help="Also save this search under a name (it appears on the Lists page)"),
    saved: str = typer.Option(None, help="Run a saved search (name or id) instead; other options are ignored"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON with every component and reason"),
):
    """Search creators by text, brand and filters; ranked by brand fit with reasons."""

    with handled(), unit_of_work() as db:
        ctx = operator_context(db, workspace)
        if saved:
            req = lists_service.check_saved_query(db, ctx, lists_service.find_saved_search(db, ctx, saved).query)
        else:
            brand_id = brand_id_by_name(db, ctx, brand) if brand else None
            lists = [lists_service.find_list(db, ctx, ref).id for ref in exclude_list]
            req = _validated(SearchRequest, text=text, brand_id=brand_id, platforms=platform, tiers=tier,
                             countries=country, niches=niche, audience=_audience(audience_country, "country"),
                             er_min=min_er, authenticity_min=min_authenticity, authenticity_gate=authenticity_gate,
                             sort=sort, limit=limit, exclude_list_ids=lists, brand_exclusions=brand_exclusions)
        out = service.search(db, ctx, req)
        if save:
            row = lists_service.create_saved_search(
                db, ctx, _validated(SavedSearchIn, name=save, query=lists_service.query_of(req)))
            note = f"Saved as {row.name!r} (id {row.id}); run it again with --saved {row.name!r}."
    _print(out, as_json)
    if save and not as_json:
        console.print(note)


def lookalikes_command(
    handles: list[str] = typer.Argument(..., help="One or more seed handles"),
    platform: str = typer.Option(None, help="Platform of the seeds when a handle is on several"),
    limit: int = typer.Option(20, help="Results (1-200)"),
    workspace: str = typer.Option(None, help="Workspace slug (default: $REACHROOM_WORKSPACE, else the only one)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
):
    """Creators like the given ones (content, audience, tier), the seeds excluded."""

    with handled(), unit_of_work() as db:
        out = service.lookalikes_by_handle(db, operator_context(db, workspace), handles, platform, limit)
    _print(out, as_json)


@discovery_app.command("rebuild")
def rebuild():
    """Rebuild the search index from the database and save it under the data directory."""

    with staged_progress() as report:
        info = service.rebuild(get_engine(), report)
    console.print(f"Indexed [bold]{info['rows']:,}[/] accounts (read {info['read_s']}s, build {info['build_s']}s, "
                  f"{info['index_bytes'] / 1e6:.0f} MB).")


@bench_app.command("discovery")
def bench_discovery(
    creators: int = typer.Option(20_000, min=100, help="Synthetic creators written to a scratch database"),
    queries: int = typer.Option(100, min=1, help="Timed queries"),
    sql_queries: int = typer.Option(20, min=0, help="Queries also run as one SQL statement"),
    sql_max_creators: int = typer.Option(1_000_000, help="Skip the SQL comparison above this N"),
    keep_dir: str = typer.Option(None, help="Keep the scratch database here; a later run with the same N reuses it"),
    workers: int = typer.Option(None, min=1, help="Processes reading the database (default: all cores at ≥200k)"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
):
    """Index build from a database (the production loader), query latency, recall, brute force and SQL."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.discovery.bench.commands import run_discovery_bench

    with staged_progress() as report:
        result = run_discovery_bench(creators, queries, sql_queries=sql_queries, sql_max_creators=sql_max_creators,
                                     progress=report, keep_dir=keep_dir, workers=workers)
    print(json.dumps(result) if as_json else json.dumps(result, indent=2))


@bench_app.command("relevance")
def bench_relevance(
    workspace: str = typer.Option(None, help="Workspace holding the demo brands"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
):
    """precision@20 of brand and ground-truth briefs on the demo data, and fraud accounts in the top 20."""
    # imported on use: evaluations, training and benchmarks stay out of every other command
    from reachroom.discovery.bench.commands import run_relevance_bench

    with handled(), unit_of_work() as db:
        result = run_relevance_bench(db, operator_context(db, workspace))
    print(json.dumps(result) if as_json else json.dumps(result, indent=2))


def register(root: typer.Typer) -> None:
    """Add the discovery commands to the main CLI."""
    root.command("search")(search_command)
    root.command("lookalikes")(lookalikes_command)
    root.add_typer(discovery_app, name="discovery")
    root.add_typer(bench_app, name="bench")
