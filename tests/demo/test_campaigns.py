"""The demo's campaigns: the source article's three as completed ones, the demo brands' in every status with
creators at every stage, all walked along the allowed paths (so the timeline holds every move), once only."""

from collections import Counter

from sqlalchemy import func, select

from reachroom.campaigns.stages import STAGES, STATUSES
from reachroom.db import unit_of_work
from reachroom.demo import load_demo
from reachroom.demo.campaigns import PATH_TO, add_demo_campaigns
from reachroom.demo.setup import demo_owner
from reachroom.models import Campaign, CampaignCreator, CampaignEvent


def test_demo_campaigns_cover_every_status_and_stage(new_engine):
    engine = new_engine()
    workspace_id, user_id = demo_owner(engine)
    load_demo(engine, 600, 5, workspace_id, workers=0)
    assert add_demo_campaigns(engine, workspace_id, user_id) == 8
    with unit_of_work(engine) as db:
        rows = {c.name: c for c in db.scalars(select(Campaign).where(Campaign.workspace_id == workspace_id))}
        stages = {name: Counter(db.scalars(select(CampaignCreator.stage).where(CampaignCreator.campaign_id == c.id)))
                  for name, c in rows.items()}
        moves = db.scalar(select(func.count()).select_from(CampaignEvent).where(CampaignEvent.kind == "stage"))
    for name in ("A Cosy Autumn Night In", "Valentine's Day Ready", "Show Us Your Party Look!"):
        assert rows[name].status == "completed"
    assert stages["Show Us Your Party Look!"] == {"paid": 11}  # eleven micro-influencers, as in the article
    assert {c.status for c in rows.values()} == set(STATUSES)
    assert set(stages["Slow Sunday Rituals"]) == set(STAGES)
    # every creator reached its stage one allowed move at a time, each move on the timeline
    assert moves == sum(len(PATH_TO[s]) * n for counts in stages.values() for s, n in counts.items())
    assert add_demo_campaigns(engine, workspace_id, user_id) == 0  # a second run adds nothing
