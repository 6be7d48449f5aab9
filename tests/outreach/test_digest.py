"""The morning digest on the job queue: an owner of a recruiting campaign with a draft waiting too long gets one
email a day listing it (through the outbox, to a real SMTP server); nothing late, nothing sent."""

from datetime import timedelta

from sqlalchemy import select

from reachroom.db import unit_of_work
from reachroom.models import OutboundEmail, utcnow
from reachroom.outreach.delivery import drain
from reachroom.outreach.digest import queue_digests


def _to_review(http, team) -> None:
    cid, entry = team.campaign["id"], team.entries[0]
    http.post(f"/api/v1/campaigns/{cid}/status", json={"status": "recruiting"},
              headers=team.admin_headers).raise_for_status()
    for stage in ("interested", "contracted"):
        http.post(f"/api/v1/campaigns/{cid}/creators/{entry}/stage", json={"stage": stage},
                  headers=team.admin_headers).raise_for_status()
    http.post(f"/api/v1/campaigns/{cid}/creators/{entry}/submissions", json={"caption": "Ad | hello"},
              headers=team.admin_headers).raise_for_status()


def _digests(engine, team) -> list[OutboundEmail]:
    with unit_of_work(engine) as db:
        rows = list(db.scalars(select(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"],
                                                           OutboundEmail.subject.startswith("What's late"))))
        db.expunge_all()
    return rows


def test_a_late_review_is_in_the_owners_digest_once_a_day(smtp_server, http, team, engine):
    _to_review(http, team)
    assert queue_digests(engine) >= 0 and _digests(engine, team) == []  # waiting 0 days: nothing late yet
    later = (utcnow() + timedelta(days=6)).replace(hour=8, minute=0)  # a morning run (the clock may be near midnight)
    queue_digests(engine, now=later)
    queue_digests(engine, now=later + timedelta(hours=1))  # a second run the same day adds nothing
    rows = _digests(engine, team)
    assert len(rows) == 1 and rows[0].status == "queued"
    assert f"@{team.handles[0]}: Draft waiting for review for 6 days" in rows[0].body
    drain(engine)
    owner = rows[0].to_address
    got = smtp_server.to(owner)
    assert len(got) == 1 and got[0]["Subject"] == f"What's late in {team.campaign['name']}"
    queue_digests(engine, now=later + timedelta(days=1))  # the next morning: again
    assert len(_digests(engine, team)) == 2
