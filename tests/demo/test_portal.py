"""The demo's creator side: two creator logins, and between them every state a creator meets — bids open,
countered, accepted, declined and withdrawn; drafts in review, approved and sent back for changes; terms waiting
for the creator's acceptance — each the creator's own, once only."""

from collections import Counter

from sqlalchemy import select

from reachroom.config import get_settings
from reachroom.db import unit_of_work
from reachroom.demo import load_demo
from reachroom.demo.campaigns import add_demo_campaigns
from reachroom.demo.portal import add_demo_creator
from reachroom.demo.setup import demo_owner
from reachroom.models import AccountClaim, Agreement, Bid, CampaignCreator, CreatorUser, Submission
from reachroom.portal import service as portal


def _states(db, creator_user_id: int) -> tuple[Counter, Counter, Counter]:
    """(bid statuses, draft statuses, terms statuses) of one creator's own bids and proved accounts' entries."""
    bids = Counter(db.scalars(select(Bid.status).where(Bid.creator_user_id == creator_user_id)))
    proved = select(AccountClaim.account_id).where(AccountClaim.creator_user_id == creator_user_id,
                                                   AccountClaim.status == "verified")
    entries = select(CampaignCreator.id).where(CampaignCreator.account_id.in_(proved))
    drafts = Counter(db.scalars(select(Submission.status).where(Submission.campaign_creator_id.in_(entries))))
    terms = Counter(db.scalars(select(Agreement.status).where(Agreement.campaign_creator_id.in_(entries))))
    return bids, drafts, terms


def test_the_demo_has_two_creators_and_every_portal_state(new_engine):
    engine = new_engine()
    workspace_id, user_id = demo_owner(engine)
    load_demo(engine, 600, 5, workspace_id, workers=0)
    add_demo_campaigns(engine, workspace_id, user_id)
    assert add_demo_creator(engine, workspace_id, user_id) == 2
    assert add_demo_creator(engine, workspace_id, user_id) == 0  # once only
    settings = get_settings()
    with unit_of_work(engine) as db:
        users = {u.email: u for u in db.scalars(select(CreatorUser))}
        assert set(users) == {settings.demo_creator_email, settings.demo_creator2_email}
        assert all(u.email_verified_at is not None for u in users.values())
        for email in users:  # both log in with the demo password
            assert portal.authenticate(db, email, settings.demo_password, "127.0.0.1").email == email
        maya = _states(db, users[settings.demo_creator_email].id)
        sam = _states(db, users[settings.demo_creator2_email].id)
        bids = maya[0] + sam[0]
        drafts = maya[1] + sam[1]
        assert set(bids) == {"open", "countered", "accepted", "declined", "withdrawn"}, bids
        assert {"in_review", "approved", "changes_requested"} <= set(drafts), drafts
        assert maya[2]["proposed"] >= 1 and sam[2]["proposed"] >= 1  # terms waiting for each creator
        assert set(sam[0]) == {"accepted", "declined", "withdrawn"} and sam[1]["in_review"] >= 1
        accepted = db.scalar(select(Bid).where(Bid.status == "accepted"))
        waiting = db.scalar(select(Agreement).where(Agreement.campaign_creator_id == accepted.campaign_creator_id))
        assert waiting.status == "proposed" and waiting.fee_minor == accepted.fee_minor  # the bid's terms, to accept
