"""Outreach on the job queue: a send wakes the sender task; a periodic sweep every minute (and one when a worker
starts) takes back emails of a worker that died mid-send and sends what is due, retries included; every morning
the reminder digest tells each campaign owner what is late."""


from huey import crontab

from reachroom.core import jobs


def _drain() -> None:
    from reachroom.db import get_engine
    from reachroom.outreach.delivery import drain

    drain(get_engine())


def _digest() -> None:
    from reachroom.db import get_engine
    from reachroom.outreach.digest import queue_digests

    if queue_digests(get_engine()):
        _drain()


def _declare(huey):
    """The sending task (returned), its sweeps and the morning digest."""
    # A failing pass (e.g. the database briefly locked) is retried by huey; the emails' own attempts and backoff
    # are kept on their rows, so a retried pass never sends twice.
    send = huey.task(name="reachroom.outreach.send", retries=3, retry_delay=20)(_drain)
    huey.periodic_task(crontab(minute="*"), name="reachroom.outreach.sweep")(_drain)
    huey.on_startup(name="reachroom.outreach.recover")(_drain)
    # what is late, to each campaign owner, every morning at 08:00 (the worker's clock, UTC)
    huey.periodic_task(crontab(hour="8", minute="0"), name="reachroom.campaigns.reminder_digest")(_digest)
    return send


_registered = jobs.on_each_queue(_declare)


def register_tasks() -> None:
    """Make the outreach tasks known to this process's queue (the worker needs them)."""
    _registered()


def wake_sender() -> None:
    """Queue a sending pass now."""
    _registered()()
