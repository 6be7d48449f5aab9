"""The demo's campaigns: the source article's three as completed ones, the demo brands' in every status with
creators at every stage, all walked along the allowed paths (so the timeline holds every move), once only."""

from collections import Counter

from sqlalchemy import func, select

from reachroom.campaigns.gifting.rules import STATUSES as SHIPMENT_STATUSES
from reachroom.campaigns.stages import STAGE_MOVES, STAGES, STATUSES
from reachroom.core.errors import AppError
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.demo import load_demo
from reachroom.demo.campaigns import add_demo_campaigns
from reachroom.demo.measurement import ARTICLE_TOTALS, add_demo_measurement
from reachroom.demo.setup import demo_owner
from reachroom.measurement.report import report
from reachroom.models import (
    Agreement,
    Brand,
    Campaign,
    CampaignBrief,
    CampaignCreator,
    CampaignEvent,
    Payment,
    Shipment,
    Submission,
)


def test_demo_campaigns_cover_every_status_and_stage(new_engine):
    engine = new_engine()
    workspace_id, user_id = demo_owner(engine)
    load_demo(engine, 600, 5, workspace_id, workers=0)
    assert add_demo_campaigns(engine, workspace_id, user_id) == 9
    with unit_of_work(engine) as db:
        rows = {c.name: c for c in db.scalars(select(Campaign).where(Campaign.workspace_id == workspace_id))}
        stages = {name: Counter(db.scalars(select(CampaignCreator.stage).where(CampaignCreator.campaign_id == c.id)))
                  for name, c in rows.items()}
        moves = db.execute(select(CampaignEvent.campaign_creator_id, CampaignEvent.old_value, CampaignEvent.new_value)
                           .where(CampaignEvent.kind == "stage").order_by(CampaignEvent.id)).all()
        final = dict(db.execute(select(CampaignCreator.id, CampaignCreator.stage)).all())
        briefs = db.scalar(select(func.count()).select_from(CampaignBrief))
        verdicts = Counter(db.scalars(select(Submission.verdict)))
        accepted = db.scalar(select(func.count()).select_from(Agreement).where(Agreement.status == "accepted"))
        paid = Counter(db.scalars(select(Payment.status)))
        live = rows["Slow Sunday Rituals"].id
        live_gifts = Counter(db.scalars(select(Shipment.status).join(CampaignCreator).where(
            CampaignCreator.campaign_id == live)))
        addresses = list(db.scalars(select(Shipment.address_encrypted)))
    for name in ("A Cosy Autumn Night In", "Valentine's Day Ready", "Show Us Your Party Look!"):
        assert rows[name].status == "completed"
    assert stages["Show Us Your Party Look!"] == {"paid": 11}  # eleven micro-influencers, as in the article
    assert {c.status for c in rows.values()} == set(STATUSES)
    assert set(stages["Slow Sunday Rituals"]) == set(STAGES)
    # every creator reached its stage one allowed move at a time, each move on the timeline
    assert all(new in STAGE_MOVES[old] for _, old, new in moves)
    last = {entry: new for entry, _, new in moves}
    assert all(final[e] == stage for e, stage in last.items())
    assert briefs == 9 and verdicts["fail"] >= 3 and verdicts["pass"] + verdicts["warn"] >= 20  # some fail their checks
    n_paid = sum(c["paid"] for c in stages.values())
    assert paid["paid"] == n_paid and accepted >= n_paid
    assert set(live_gifts) == set(SHIPMENT_STATUSES)  # shipments in every status
    assert addresses and not any("Example Street" in a for a in addresses)  # encrypted at rest
    assert add_demo_campaigns(engine, workspace_id, user_id) == 0  # a second run adds nothing
    _article_reports(engine, workspace_id, user_id, rows)
    _plans(engine, workspace_id, user_id)
    _rebook_view(engine, workspace_id, user_id, rows)


def _article_reports(engine, workspace_id: int, user_id: int, rows: dict) -> None:
    """The article's three campaigns report exactly its published views / reach / impressions, from per-post
    snapshots that contradict nothing, with fees in its £100–£1,000 band."""
    assert add_demo_measurement(engine, workspace_id, user_id) > 0
    assert add_demo_measurement(engine, workspace_id, user_id) == 0  # once only
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    with unit_of_work(engine) as db:
        for name, want in ARTICLE_TOTALS.items():
            r = report(db, ctx, rows[name].id)
            figures = {f.key: f.value for f in r.figures}
            assert (figures["views"], figures["reach"], figures["impressions"]) == want, name
            assert r.flagged_snapshots == 0 and all(g.posts == 2 for g in r.creators)
            fees = list(db.scalars(select(Agreement.fee_minor).join(CampaignCreator).where(
                CampaignCreator.campaign_id == rows[name].id, Agreement.status == "accepted")))
            assert len(fees) == len(r.creators), name  # one accepted fee per paid creator
            assert all(100_00 <= fee <= 1000_00 for fee in fees), (name, fees)  # the agreed fee itself, in pence
        # every fee the demo agrees anywhere (every campaign, every version of the terms) is in the article's band
        all_fees = list(db.scalars(select(Agreement.fee_minor).join(CampaignCreator).join(Campaign).where(
            Campaign.workspace_id == workspace_id)))
        assert all_fees and all(100_00 <= fee <= 1000_00 for fee in all_fees), sorted(all_fees)[:5]
        assert len(report(db, ctx, rows["Show Us Your Party Look!"].id).creators) == 11
        # every campaign that ran has data for every chart and section: over time, sales, forecasts, unique reach
        for name, c in rows.items():
            r = report(db, ctx, c.id)
            if not r.posts:
                continue
            assert len(r.delivery) > 1 and r.unique_reach is not None, name
            assert r.sales is not None and r.sales.orders > 0 and r.sales.creators, name
            assert r.forecasts and any(d.finished for d in r.forecasts), name
            # every snapshot names how its platform counted (the metric version)
            assert all(p.latest and p.latest.metric_version for p in r.posts), name
        # a few stories, measured within their 24 hours: nothing flagged as read after they expired
        stories = [p for c in rows.values() for p in report(db, ctx, c.id).posts if p.format == "story"]
        assert stories and all(p.snapshots == 2 and p.expires_at and not p.latest.flags for p in stories)


def _plans(engine, workspace_id: int, user_id: int) -> None:
    """Every demo brand gets a plan that answers "many micro or one mega" with numbers, a certificate and reasons;
    a brand whose campaigns have attributed orders can plan for orders at its own measured conversion."""
    from reachroom.planning import service as planning
    from reachroom.planning.schemas import PlanIn

    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    with unit_of_work(engine) as db:
        brands = db.scalars(select(Brand).where(Brand.workspace_id == workspace_id)).all()
        assert len(brands) >= 5  # the demo brands and the article's three
        for brand in brands:
            out = planning.solve(db, ctx, PlanIn(brand_id=brand.id, budget=4000, time_limit=2, pool=150))
            assert out.chosen and out.cost <= 4000 and not out.infeasible, brand.name
            assert out.certificate and 0 <= out.certificate.gap <= 0.01, (brand.name, out.certificate)
            assert all(c.reason for c in out.chosen + out.left_out)
            assert out.comparison and len(out.comparison.options) == 3 and out.comparison.winner
        measured = []
        for brand in brands:  # the brands whose campaigns have enough attributed orders to measure a conversion
            try:
                measured.append(planning.solve(db, ctx, PlanIn(brand_id=brand.id, budget=4000, goal="sales",
                                                               time_limit=2, pool=150)))
            except AppError as err:
                assert err.status == 422 and err.fields[0].field == "goal", err.message
        assert measured, "no demo brand has enough attributed orders to plan for sales"
        for sales in measured:
            assert sales.chosen and "orders per 1,000 engagements" in sales.conversion
            assert sales.certificate and sales.certificate.value > 0


def _rebook_view(engine, workspace_id: int, user_id: int, rows: dict) -> None:
    """Creators engage differently (so the verdicts do not follow the fee alone), and Barry M's results compare
    creators across its two campaigns — some came back for the second — with more than one verdict."""
    from reachroom.measurement.results import brand_results

    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    with unit_of_work(engine) as db:
        for name in (*ARTICLE_TOTALS, "Festival Glow-Up"):
            rates = [g.engagement_rate for g in report(db, ctx, rows[name].id).creators if g.engagement_rate]
            assert len(rates) >= 5 and max(rates) / min(rates) >= 1.5, (name, rates)
        brand = db.scalar(select(Brand.id).where(Brand.workspace_id == workspace_id, Brand.name == "Barry M"))
        out = brand_results(db, ctx, brand)
    assert [c.campaign for c in out.campaigns] == ["Show Us Your Party Look!", "Festival Glow-Up"]  # newest first
    assert rows["Festival Glow-Up"].ends_on < rows["Show Us Your Party Look!"].starts_on
    assert all(c.posts and c.engagements and c.cost for c in out.campaigns)
    assert any(r.campaigns == 2 for r in out.creators) and any(r.campaigns == 1 for r in out.creators)
    verdicts = Counter(r.verdict for r in out.creators)
    assert len(set(verdicts) - {"no_numbers"}) >= 2, verdicts
