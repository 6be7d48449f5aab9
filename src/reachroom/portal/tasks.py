"""Brand fits on the job queue: worked out after a publication or a proved account (woken once the change commits),
when a creator's feed finds one missing, and every night for all (so brand edits and new stats reach them)."""

import time
from collections.abc import Hashable

from huey import crontab
from sqlalchemy.orm import Session

from reachroom.core import events, jobs


def _refresh(account_ids: list[int] | None = None, brand_ids: list[int] | None = None) -> None:
    from reachroom.db import get_engine, unit_of_work
    from reachroom.portal import fits

    with unit_of_work(get_engine()) as db:
        fits.refresh(db, account_ids, brand_ids)


def _declare(huey):
    """The refresh task (returned) and its nightly run for all."""
    task = huey.task(name="reachroom.portal.brand_fits", retries=2, retry_delay=30)(_refresh)
    huey.periodic_task(crontab(hour="3", minute="15"), name="reachroom.portal.brand_fits_nightly")(_refresh)
    return task


_registered = jobs.on_each_queue(_declare)


def register_tasks() -> None:
    """Make the brand-fit tasks known to this process's queue (the worker needs them)."""
    _registered()


def refresh_after_commit(db: Session, account_ids: list[int] | None = None,
                         brand_ids: list[int] | None = None) -> None:
    """Queue a pass for these accounts or brands once `db` commits (the worker then sees the new rows)."""
    jobs.after_commit(db, lambda: _registered()(account_ids, brand_ids))


ASK_EVERY = 600.0  # seconds between two passes asked for by the same page (a feed, a campaign's bids)
_asked: dict[Hashable, float] = {}


def ask_once(db: Session, key: Hashable, account_ids: list[int] | None = None,
             brand_ids: list[int] | None = None) -> None:
    """Queue a pass for missing fits, at most every ASK_EVERY seconds per `key` (a page viewed again and again
    while an account is not yet in the discovery index must not flood the queue)."""
    now = time.monotonic()
    if now - _asked.get(key, -ASK_EVERY) >= ASK_EVERY:
        _asked[key] = now
        refresh_after_commit(db, account_ids, brand_ids)


def _published(db: Session, campaign_id: int) -> None:
    """A first publication: work out the fit of every proved account with the campaign's brand."""
    from reachroom.portal import repository as repo

    found = repo.opportunity_of(db, campaign_id)
    if found is not None:
        refresh_after_commit(db, brand_ids=[found[1].brand_id])


events.subscribe("opportunity_published", _published)
