"""Posts found on their own: every night the finder looks at each live campaign's creators' new posts for the
brief's hashtags, mentions, codes and links (what "Find posts" does on the report), so a campaign's report fills
in without anyone pressing the button."""


from huey import crontab

from reachroom.core import jobs


def find_posts_everywhere() -> int:
    """Run the finder on every live campaign of every workspace; returns how many posts it counted."""
    from reachroom.core.tenancy import WorkspaceContext
    from reachroom.db import get_engine, unit_of_work
    from reachroom.measurement import finder
    from reachroom.measurement import repository as repo

    found = 0
    with unit_of_work(get_engine()) as db:
        for campaign_id, workspace_id in repo.live_campaigns(db):
            # user 0: the job itself, not a workspace user (the timeline shows no actor)
            found += finder.find_posts(db, WorkspaceContext(workspace_id, 0, "member"), campaign_id).linked
    return found


_nightly = jobs.on_each_queue(lambda huey: huey.periodic_task(
    crontab(hour="4", minute="30"), name="reachroom.measurement.find_posts_nightly")(find_posts_everywhere))


def register_tasks() -> None:
    """Make the nightly finder known to this process's queue (the worker runs it)."""
    _nightly()
