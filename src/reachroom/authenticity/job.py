"""Recompute the authenticity of every account in id-range batches (bulk reads, one transaction per batch).

First the peer norms (likes per comment, views per follower, likes per view per platform × tier; ER quantiles
per platform × band) from the stored AccountStats of the shared catalogue, in one vectorised pass. Then per
batch: read the range's accounts, posts with their latest metrics, follower series, comments and follower
samples with a handful of range queries; classify every follower sample of the batch in one model call; assess
each account; replace the range's rows. An account gets its shared row (scope 0) and, for each workspace with
private follower samples of it, that workspace's own row.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine

from reachroom.authenticity import repository as repo
from reachroom.authenticity.assess import (
    AccountInputs,
    StatsView,
    assess,
    classify_all,
    commented_hosts,
    norms_for,
    peer_tables,
)
from reachroom.authenticity.score import METHOD_VERSION
from reachroom.authenticity.service import stored_row
from reachroom.authenticity.signals import CommentPoint, PeerNorms, post_points_by_account
from reachroom.core.batch import collector_paused, series_by_account
from reachroom.models import utcnow

Progress = Callable[[str, int, int], None]


def _batch(conn: Connection, lo: int, hi: int, norms: dict, quantiles: dict, model, now: datetime,
           hosts: dict | None = None) -> list[dict]:
    accounts = repo.accounts_in(conn, lo, hi)
    posts_by = post_points_by_account(*repo.posts_in(conn, lo, hi))
    series_by = series_by_account(*repo.follower_series_in(conn, lo, hi))
    comments_by: dict[int, list] = defaultdict(list)
    for aid, pid, who, text in repo.comments_in(conn, lo, hi):
        comments_by[aid].append(CommentPoint(pid, who, text))
    samples: dict[tuple[int, int], list[dict]] = defaultdict(list)  # (account, workspace or 0) → rows
    for r in repo.follower_samples_in(conn, lo, hi):
        samples[(r[0], r[1] or 0)].append(dict(zip(repo.SAMPLE_KEYS, r[2:], strict=True)))
    # Each scope's sample: the shared rows, plus the workspace's own for a workspace scope.
    scoped = {}
    for (aid, ws), rows in samples.items():
        scoped[(aid, ws)] = rows if ws == 0 else samples.get((aid, 0), []) + rows
    reports = classify_all(scoped, model)
    private: dict[int, list[int]] = defaultdict(list)  # account → workspaces with their own sample of it
    for aid, ws in scoped:
        if ws != 0:
            private[aid].append(ws)
    out = []
    for acc in accounts:
        aid, platform, followers = acc[0], acc[1], acc[2]
        st = None
        if acc[3] is not None:
            st = StatsView(acc[3], acc[4], acc[5], acc[6], acc[7], acc[8], acc[9] or 0)
        inputs = AccountInputs(aid, platform, followers, st, posts_by.get(aid, []), series_by.get(aid, []),
                               comments_by.get(aid, []), commented_hosts=(hosts or {}).get(aid, []))
        tier = st.tier if st else None
        norm = norms_for(norms, platform, tier or "")
        er_q = quantiles.get(f"{platform}|{st.band}") if st else None
        scopes = [0] + sorted(private.get(aid, ()))
        for ws in scopes:
            report = reports.get((aid, ws))
            result = assess(inputs, norm, report or {}, explained=False)  # the stored row has no explanation
            out.append(stored_row(aid, ws, result, report, er_q, now))
    return out


def load_commented_hosts(engine: Engine) -> dict:
    """Every account's comments on other accounts' sampled posts, with those accounts' pod signals (one pass)."""
    with engine.connect() as conn:
        rows = repo.commented_hosts(conn)
        host_comments = repo.comments_of(conn, sorted({r[1] for r in rows}))
    return commented_hosts(rows, host_comments)


def load_peer_tables(engine: Engine) -> tuple[dict[str, PeerNorms], dict[str, dict]]:
    with engine.connect() as conn:
        return peer_tables(repo.all_peer_values(conn))


def recompute_all(engine: Engine, batch_size: int = 2000, progress: Progress | None = None,
                  now: datetime | None = None) -> dict:
    """Recompute and store every account's authenticity; returns counts and seconds."""
    from reachroom.authenticity.classifier import load_model

    started = time.perf_counter()
    now = now or utcnow()
    model = load_model()
    with collector_paused():
        norms, quantiles = load_peer_tables(engine)
        hosts = load_commented_hosts(engine)
    with engine.connect() as conn:
        lo, hi, total = repo.account_id_bounds(conn)
    done = rows = 0
    levels: dict[str, int] = defaultdict(int)
    for start in range(lo, hi + 1, batch_size):
        with collector_paused(), engine.begin() as conn:
            batch = _batch(conn, start, start + batch_size, norms, quantiles, model, now, hosts)
            repo.replace_scores(conn, start, start + batch_size, batch)
        rows += len(batch)
        done += sum(1 for r in batch if r["scope_key"] == 0)
        for r in batch:
            if r["scope_key"] == 0:
                levels[r["level"]] += 1
        if progress:
            progress("Authenticity", done, total)
    return {"accounts": done, "rows": rows, "levels": dict(levels), "method_version": METHOD_VERSION,
            "seconds": round(time.perf_counter() - started, 1)}
