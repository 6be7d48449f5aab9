"""JSON API of planning: solve and save a plan, read it, pin or drop creators and solve again, turn it into
invitations; the workspace's exchange-rate table."""

from fastapi import APIRouter, Depends, Response
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id, OptionalIdQuery
from reachroom.planning import currency, service
from reachroom.planning.schemas import (
    CurrencyTableIn,
    CurrencyTableOut,
    InviteIn,
    InviteOut,
    PlanEditIn,
    PlanIn,
    PlanOut,
    PlanSummaryOut,
)

router = APIRouter(prefix="/api/v1", tags=["planning"])
Ctx = Depends(api_context)

@router.post("/plans", response_model=PlanOut, status_code=201)
def create_plan(body: PlanIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Solve for the best creator mix for a budget and goal and save it: the chosen creators with a reason each, the
    proven gap to the best possible plan, and the micro portfolio beside the best single macro or mega creator.
    An impossible plan is answered with `infeasible` naming the constraint."""
    return service.create_plan(db, ctx, body)

@router.get("/plans", response_model=list[PlanSummaryOut])
def list_plans(brand_id: OptionalIdQuery = None, campaign_id: OptionalIdQuery = None, ctx: WorkspaceContext = Ctx,
               db: Session = DB):
    """Saved plans, newest first."""
    return service.list_plans(db, ctx, brand_id, campaign_id)

@router.get("/plans/{plan_id}", response_model=PlanOut)
def get_plan(plan_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    return service.get_plan(db, ctx, plan_id)

@router.patch("/plans/{plan_id}", response_model=PlanOut)
def edit_plan(plan_id: Id, body: PlanEditIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Pin, drop, unpin or undrop creators (or change the budget) and solve again around them; 409 when someone
    re-solved since the `version` you read."""
    return service.edit_plan(db, ctx, plan_id, body)

@router.delete("/plans/{plan_id}", status_code=204)
def delete_plan(plan_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    service.delete_plan(db, ctx, plan_id)
    return Response(status_code=204)

@router.post("/plans/{plan_id}/invitations", response_model=InviteOut)
def invite(plan_id: Id, body: InviteIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Invite every chosen creator into the campaign (the plan's own unless another of its brand is named)."""
    return service.invite(db, ctx, plan_id, body)

@router.get("/currency-rates", response_model=CurrencyTableOut)
def rates(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The exchange rates fees are converted with, as of their date (version 0: the dated defaults)."""
    return currency.current(db, ctx)

@router.put("/currency-rates", response_model=CurrencyTableOut)
def save_rates(body: CurrencyTableIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Save a new version of the rates (admins); 409 when another was saved since `base_version`."""
    return currency.save(db, ctx, body)
