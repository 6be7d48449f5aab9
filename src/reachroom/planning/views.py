"""The Plan pages: a budget, goal and constraints in; the chosen creators with reasons, the proof and "many micro or
one mega" out; pin or drop a creator and solve again; invite the plan into a campaign."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.campaigns import service as campaigns
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.core.vocab import AGE_BANDS, NICHE_SLUGS, PLATFORM_NAMES, TIER_NAMES
from reachroom.planning import currency, service
from reachroom.planning.schemas import CurrencyTableIn, InviteIn, PlanEditIn, PlanIn

router = APIRouter(include_in_schema=False)

FORMAT_NAMES = {"post": "Feed post", "carousel": "Carousel", "reel": "Reel", "story": "Story", "video": "Video",
                "short": "Short"}
GOAL_NAMES = {"reach": "People reached in the target audience", "engagements": "Engagements",
              "sales": "Orders (at the brand's measured sales per engagement)"}
TIME_LIMITS = (2, 5, 10, 30)


def _blank(v: Any) -> str | None:
    text = str(v or "").replace(",", "").strip()
    return text or None


def _plan_values(form: Any) -> dict[str, Any]:
    """The form's fields as the API's PlanIn takes them (validation names the field)."""
    values: dict[str, Any] = {
        "brand_id": parse_id(str(form.get("brand_id", "")), "brand_id"),
        "name": str(form.get("name", "")), "budget": _blank(form.get("budget")) or "",
        "currency": str(form.get("currency", "GBP")), "goal": str(form.get("goal", "reach")),
        "format": str(form.get("format", "post")), "posts_per_creator": _blank(form.get("posts_per_creator")) or 1,
        "countries": [c for c in str(form.get("countries", "")).replace(";", ",").split(",") if c.strip()],
        "age_bands": form.getlist("age_bands"), "min_creators": _blank(form.get("min_creators")) or 0,
        "max_creators": _blank(form.get("max_creators")), "authenticity_min": _blank(form.get("authenticity_min")),
        "platforms": form.getlist("platforms"), "time_limit": _blank(form.get("time_limit")) or 5,
        "coverage": [{"kind": "niche", "key": n, "min_creators": 1} for n in form.getlist("cover_niches")],
        "tier_max": {t: _blank(form.get(f"max_{t}")) for t in ("macro", "mega") if _blank(form.get(f"max_{t}"))},
    }
    if _blank(form.get("campaign_id")):
        values["campaign_id"] = parse_id(str(form.get("campaign_id")), "campaign_id")
    return values


def _new_page(request: Request, page: PageAuth, db: Session, errors: list[str] | None = None,
              values: dict | None = None, status: int = 200, lead: str = "The plan could not be made:") -> Response:
    brand_list = brands.list_brands(db, page.ctx)
    chosen = (values or {}).get("brand_id") or request.query_params.get("brand") or ""
    return templates.TemplateResponse(request, "plans/index.html", {
        "auth": page, "active": "plans", "brands": brand_list, "campaigns": campaigns.list_campaigns(db, page.ctx),
        "plans": service.list_plans(db, page.ctx), "rates": currency.current(db, page.ctx), "errors": errors or [],
        "v": values or {}, "brand_chosen": str(chosen), "formats": FORMAT_NAMES, "goals": GOAL_NAMES,
        "ages": AGE_BANDS, "niches": NICHE_SLUGS, "platforms": PLATFORM_NAMES, "time_limits": TIME_LIMITS,
        "brand_names": {b.id: b.name for b in brand_list}, "lead": lead}, status_code=status)


@router.get("/plans")
def plans_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """A new plan's inputs, the saved plans, and the exchange rates fees are converted with."""
    return _new_page(request, page, db)


@router.get("/plans/rates")
def rates_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """A reload of the rates form's answer (its URL): the Plan page again."""
    return _new_page(request, page, db)


@router.post("/plans")
async def create_plan(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    form = await request.form()
    values: dict[str, Any] = {k: form.get(k) for k in form}
    try:
        values = _plan_values(form)
        # a first answer at once (at most a second of solving); the plan page asks for the proof if one is left
        out = service.create_plan(db, page.ctx, validated(PlanIn, values, "form"), quick=True)
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _new_page(request, page, db, [err.message], {**{k: form.get(k) for k in form}, **values,
                                                              "age_bands": form.getlist("age_bands"),
                                                              "cover_niches": form.getlist("cover_niches"),
                                                              "platforms": form.getlist("platforms")}, err.status)
    return RedirectResponse(f"/plans/{out.id}", status_code=303)


def _plan_page(request: Request, page: PageAuth, db: Session, plan_id: int, errors: list[str] | None = None,
               status: int = 200) -> Response:
    plan = service.get_plan(db, page.ctx, plan_id)
    brand_campaigns = [c for c in campaigns.list_campaigns(db, page.ctx, brand_id=plan.brand_id)
                       if c.status not in ("completed", "archived")]
    chart = {"options": [o.model_dump(mode="json") for o in plan.comparison.options] if plan.comparison else [],
             "currency": service.symbol(plan.currency)}
    return templates.TemplateResponse(request, "plans/plan.html", {
        "auth": page, "active": "plans", "p": plan, "errors": errors or [], "money": service.symbol(plan.currency),
        "campaigns": brand_campaigns, "platforms": PLATFORM_NAMES, "tiers": TIER_NAMES, "formats": FORMAT_NAMES,
        "chart": chart}, status_code=status)


@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """A saved plan: the mix, its proof, every creator's reason and the micro-vs-mega comparison."""
    return _plan_page(request, page, db, plan_id)


def _done(plan_id: int, text: str, anchor: str = "chosen") -> RedirectResponse:
    return RedirectResponse(f"/plans/{plan_id}?{urlencode({'done': text})}#{anchor}", status_code=303)


async def _act(request: Request, page: PageAuth, db: Session, plan_id: int, action) -> Response:
    form = await request.form()
    try:
        done, anchor = await action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _plan_page(request, page, db, plan_id, [err.message], err.status)
    return _done(plan_id, done, anchor)


@router.post("/plans/{plan_id}/edit")
async def edit_plan(request: Request, plan_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Pin, drop, unpin or undrop one creator (or change the budget), then solve again."""
    async def run(form: Any) -> tuple[str, str]:
        action = str(form.get("action", ""))
        body: dict[str, Any] = {"version": _blank(form.get("version")) or 0}
        if action in ("pin", "drop", "unpin", "undrop"):
            body[action] = [parse_id(str(form.get("account_id", "")), "account_id")]
        elif action == "budget":
            body["budget"] = _blank(form.get("budget")) or ""
        out = service.edit_plan(db, page.ctx, plan_id, validated(PlanEditIn, body, "form"), quick=action != "prove")
        if action == "prove":
            gap = out.certificate.gap if out.certificate else 0.0
            return f"Solved with the full time: within {gap:.2%} of the best possible", "main"
        words = {"pin": "Pinned", "drop": "Dropped", "unpin": "Unpinned", "undrop": "Brought back", "budget":
                 "New budget"}.get(action, "Solved")
        what = f"{words}; solved again" if not out.infeasible else f"{words}; no plan fits: {out.infeasible}"
        return what, "chosen"
    return await _act(request, page, db, plan_id, run)


@router.post("/plans/{plan_id}/invite")
async def invite(request: Request, plan_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Invite the plan's creators into a campaign."""
    form = await request.form()
    try:
        raw = _blank(form.get("campaign_id"))
        data = validated(InviteIn, {"campaign_id": parse_id(raw, "campaign_id") if raw else None}, "form")
        out = service.invite(db, page.ctx, plan_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _plan_page(request, page, db, plan_id, [err.message], err.status)
    text = f"Invited {len(out.added)} creator(s) from the plan" + (
        f"; {len(out.already_in)} were already in" if out.already_in else "")
    return RedirectResponse(f"/campaigns/{out.campaign_id}?{urlencode({'done': text})}", status_code=303)


@router.get("/plans/{plan_id}/edit")
@router.get("/plans/{plan_id}/invite")
@router.get("/plans/{plan_id}/delete")
def back_to_plan(plan_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> RedirectResponse:
    """A reload of a page an action answered (its URL is the form's): back to the plan (404 if not yours)."""
    service.get_plan(db, page.ctx, plan_id)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.post("/plans/{plan_id}/delete")
async def delete_plan(request: Request, plan_id: Id, page: PageAuth = Depends(page_write),
                      db: Session = DB) -> Response:
    service.delete_plan(db, page.ctx, plan_id)
    return RedirectResponse(f"/plans?{urlencode({'done': 'Plan deleted'})}", status_code=303)


def _rate_lines(text: str) -> dict[str, str]:
    """'EUR 1.14' per line (or 'EUR=1.14') into {code: rate} for validation."""
    out: dict[str, str] = {}
    for line in text.replace("=", " ").splitlines():
        parts = line.split()
        if parts:
            out[parts[0]] = parts[1] if len(parts) > 1 else ""
    return out


@router.post("/plans/rates")
async def save_rates(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Save the workspace's exchange rates (admins)."""
    form = await request.form()
    try:
        data = validated(CurrencyTableIn, {
            "base_version": _blank(form.get("base_version")) or 0, "as_of": _blank(form.get("as_of")) or "",
            "base": str(form.get("base", "")), "rates": _rate_lines(str(form.get("rates", ""))),
            "note": str(form.get("note", ""))}, "form")
        saved = currency.save(db, page.ctx, data)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _new_page(request, page, db, [err.message], status=err.status, lead="The rates were not saved:")
    text = f"Exchange rates saved as version {saved.version} (as of {saved.as_of:%d %b %Y})"
    return RedirectResponse(f"/plans?{urlencode({'done': text})}#rates", status_code=303)

