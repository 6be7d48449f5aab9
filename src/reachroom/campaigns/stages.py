"""The campaign and pipeline state machines: every allowed move, written out (pure, no I/O)."""

from collections.abc import Mapping

#: campaign status, in order
STATUSES = ("draft", "recruiting", "live", "completed", "archived")
STATUS_MOVES: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"recruiting", "archived"}),
    "recruiting": frozenset({"draft", "live", "archived"}),
    "live": frozenset({"completed"}),
    "completed": frozenset({"live", "archived"}),  # reopened when a late post comes in
    "archived": frozenset({"draft"}),  # brought back as a draft to run again
}
#: finished campaigns: they take no new creators (pipeline, opportunity) until reopened
FINISHED = frozenset({"completed", "archived"})
STATUS_NAMES = {"draft": "Draft", "recruiting": "Recruiting", "live": "Live", "completed": "Completed",
                "archived": "Archived"}

#: a creator's stage in a campaign, in the order work happens
STAGES = ("invited", "interested", "negotiating", "contracted", "product_shipped", "drafting", "in_review",
          "changes_requested", "approved", "live", "paid", "declined", "withdrawn")
STAGE_NAMES = {
    "invited": "Invited", "interested": "Interested", "negotiating": "Negotiating", "contracted": "Contracted",
    "product_shipped": "Product shipped", "drafting": "Drafting", "in_review": "In review",
    "changes_requested": "Changes requested", "approved": "Approved", "live": "Live", "paid": "Paid",
    "declined": "Declined", "withdrawn": "Withdrawn",
}
#: stages a creator can still drop out of (declined by them, withdrawn by the brand); once content is live the
#: agreement is delivered, so only payment follows
OPEN_STAGES = frozenset(STAGES[:STAGES.index("live")])
CLOSED_STAGES = frozenset({"declined", "withdrawn"})
_FORWARD: Mapping[str, frozenset[str]] = {
    "invited": frozenset({"interested", "negotiating"}),
    "interested": frozenset({"negotiating", "contracted"}),
    "negotiating": frozenset({"contracted"}),
    "contracted": frozenset({"product_shipped", "drafting"}),  # drafting straight away when nothing is gifted
    "product_shipped": frozenset({"drafting"}),
    "drafting": frozenset({"in_review"}),
    "in_review": frozenset({"approved", "changes_requested"}),
    "changes_requested": frozenset({"in_review"}),
    "approved": frozenset({"live"}),
    "live": frozenset({"paid"}),
    "paid": frozenset(),
    "declined": frozenset({"invited"}),  # invited again
    "withdrawn": frozenset({"invited"}),
}
STAGE_MOVES: Mapping[str, frozenset[str]] = {
    s: _FORWARD[s] | (CLOSED_STAGES if s in OPEN_STAGES else frozenset()) for s in STAGES
}
#: the board's columns: the closed stages share the last one
BOARD_COLUMNS = (*STAGES[:STAGES.index("declined")], "closed")


def allowed_stage_moves(stage: str) -> list[str]:
    """The stages a creator in `stage` may move to, in pipeline order."""
    return [s for s in STAGES if s in STAGE_MOVES[stage]]


def allowed_status_moves(status: str) -> list[str]:
    """The statuses a campaign in `status` may move to, in order."""
    return [s for s in STATUSES if s in STATUS_MOVES[status]]


def can_move(stage: str, to: str) -> bool:
    """True when a creator may move from `stage` to `to`."""
    return to in STAGE_MOVES.get(stage, frozenset())


def can_set_status(status: str, to: str) -> bool:
    """True when a campaign may go from `status` to `to`."""
    return to in STATUS_MOVES.get(status, frozenset())


def board_column(stage: str) -> str:
    """The board column a stage is shown in."""
    return "closed" if stage in CLOSED_STAGES else stage
