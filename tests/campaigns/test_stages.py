"""The pipeline and status state machines: property tests that no sequence of moves reaches an illegal state,
on the pure rules and on the real service (database, versions, timeline)."""

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.campaigns import service
from reachroom.campaigns.schemas import CampaignIn, PipelineAdd, StageMove, StatusIn
from reachroom.campaigns.stages import (
    CLOSED_STAGES,
    OPEN_STAGES,
    STAGE_MOVES,
    STAGES,
    STATUS_MOVES,
    STATUSES,
    allowed_stage_moves,
    can_move,
)
from reachroom.core.errors import AppError
from reachroom.db import unit_of_work
from reachroom.models import Brand, CampaignEvent

moves = st.lists(st.sampled_from(STAGES), max_size=40)


def _predecessors(stage: str) -> set[str]:
    return {s for s in STAGES if stage in STAGE_MOVES[s]}


def test_the_tables_are_closed_and_every_stage_is_reachable():
    assert set(STAGE_MOVES) == set(STAGES) and all(m <= set(STAGES) for m in STAGE_MOVES.values())
    assert set(STATUS_MOVES) == set(STATUSES) and all(m <= set(STATUSES) for m in STATUS_MOVES.values())
    seen, frontier = {"invited"}, ["invited"]
    while frontier:
        for nxt in STAGE_MOVES[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(STAGES)
    assert STAGE_MOVES["paid"] == frozenset() and STAGE_MOVES["live"] == {"paid"}
    assert _predecessors("paid") == {"live"} and _predecessors("live") == {"approved"}
    assert _predecessors("approved") == {"in_review"}
    assert all(s in OPEN_STAGES for c in CLOSED_STAGES for s in _predecessors(c))
    assert all(s not in STAGE_MOVES[s] for s in STAGES)


@given(moves)
def test_no_sequence_of_requests_leaves_the_allowed_paths(requests):
    stage, history = "invited", ["invited"]
    for wanted in requests:
        if can_move(stage, wanted):
            stage = wanted
            history.append(stage)
    for a, b in zip(history, history[1:], strict=False):
        assert b in STAGE_MOVES[a]
    if "paid" in history:  # paid only after approved content went live
        i = history.index("paid")
        assert history[i - 1] == "live" and history[i - 2] == "approved" and history[i - 3] == "in_review"
    assert allowed_stage_moves(stage) == [s for s in STAGES if can_move(stage, s)]


@settings(max_examples=25, deadline=None)
@given(requests=st.lists(st.sampled_from(STAGES), min_size=1, max_size=15),
       statuses=st.lists(st.sampled_from(STATUSES), max_size=6))
def test_the_service_accepts_exactly_the_allowed_moves(factory, requests, statuses):
    t = factory.tenant("member")
    _, account = factory.creator(handle="st" + uuid.uuid4().hex[:10])  # before our transaction: SQLite has one writer
    with unit_of_work() as db:
        brand = Brand(workspace_id=t.workspace_id, name=f"B {uuid.uuid4().hex[:10]}")
        db.add(brand)
        db.flush()
        c = service.create_campaign(db, t.ctx, CampaignIn(name=f"C {uuid.uuid4().hex[:10]}", brand_id=brand.id))
        service.add_creators(db, t.ctx, c.id, PipelineAdd(account_ids=[account]))
        entry = service.pipeline(db, t.ctx, c.id)[0]
        stage, accepted = "invited", 0
        for wanted in requests:
            try:
                row = service.move_creator(db, t.ctx, c.id, entry.id, StageMove(stage=wanted))
            except AppError as err:
                assert err.status == 409 and not can_move(stage, wanted)
                continue
            assert can_move(stage, wanted) and row.stage == wanted
            stage, accepted = wanted, accepted + 1
        status = "draft"
        for wanted in statuses:
            try:
                status = service.set_status(db, t.ctx, c.id, StatusIn(status=wanted)).status
            except AppError as err:
                assert err.status == 409 and wanted not in STATUS_MOVES[status]
        assert service.get_entry(db, t.ctx, c.id, entry.id).stage == stage
        events = db.query(CampaignEvent).filter_by(campaign_creator_id=entry.id, kind="stage").count()
        assert events == accepted
