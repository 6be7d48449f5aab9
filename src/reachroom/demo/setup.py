"""`reachroom demo`: a demo login and workspace, the synthetic catalogue, brands, then stats."""

import time
from collections.abc import Callable

from sqlalchemy import Engine

from reachroom.authenticity import job as authenticity_job
from reachroom.config import get_settings
from reachroom.content import job as content_job
from reachroom.creators.stats_job import recompute_all
from reachroom.db import unit_of_work
from reachroom.demo.campaigns import add_demo_campaigns
from reachroom.demo.measurement import add_demo_measurement
from reachroom.demo.outreach import add_demo_outreach
from reachroom.demo.portal import add_demo_creator
from reachroom.demo.prepare import brand_fits, preparation_unfinished, start_in_background
from reachroom.workspaces.service import ensure_user_in_workspace

DEMO_WORKSPACE = "Demo Agency"


def ensure_demo_login(engine: Engine) -> int:
    """The demo user (owner of the demo workspace); returns the workspace id."""
    return demo_owner(engine)[0]


def demo_owner(engine: Engine) -> tuple[int, int]:
    """(workspace id, user id) of the demo workspace's owner, created when missing."""
    settings = get_settings()
    with unit_of_work(engine) as db:
        user, ws = ensure_user_in_workspace(db, settings.demo_email, settings.demo_password, "Demo Marketer",
                                            DEMO_WORKSPACE, "owner")
        return ws.id, user.id


def run_demo(engine: Engine, creators: int, seed: int, if_empty: bool = False,
             progress: Callable[[str, int, int], None] | None = None, background: bool = False) -> dict:
    """Load demo data (unless present and if_empty) and derive stats, authenticity and content profiles —
    in a background process when ``background`` (`make run`: the app serves while they finish)."""
    from reachroom.demo import demo_is_loaded, load_demo

    workspace_id, user_id = demo_owner(engine)
    if if_empty and demo_is_loaded(engine):
        if background and preparation_unfinished(engine):
            start_in_background()  # an interrupted first run: finish the derived data
        return {"skipped": True}
    started = time.perf_counter()
    counts = load_demo(engine, creators=creators, seed=seed, workspace_id=workspace_id, progress=progress)
    counts["campaigns"] = add_demo_campaigns(engine, workspace_id, user_id)
    counts["snapshots"] = add_demo_measurement(engine, workspace_id, user_id)
    counts["emails"] = add_demo_outreach(engine, workspace_id, user_id)
    counts["creator_logins"] = add_demo_creator(engine, workspace_id, user_id)
    if background:
        start_in_background()
        return {**counts, "derived": "background", "seconds": round(time.perf_counter() - started, 1)}
    stats = recompute_all(engine, progress=progress)
    authenticity_job.recompute_all(engine, progress=progress)
    content_job.recompute_all(engine, progress=progress)
    brand_fits(engine)
    return {**counts, "stats_accounts": stats["accounts"], "seconds": round(time.perf_counter() - started, 1)}
