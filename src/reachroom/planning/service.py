"""Planning: the best creator mix for a brand's budget and goal, proven against the best possible, with a reason for
every creator and "many micro or one mega" beside it; plans saved on a campaign, pinned, re-solved and turned into
invitations. The same service behind the Plan page, `POST /api/v1/plans` and `reachroom plan`."""

from __future__ import annotations

import time
from dataclasses import replace

from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import PipelineAdd
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import report
from reachroom.models import Brand, SavedPlan
from reachroom.planning import candidates as pool_of
from reachroom.planning import currency
from reachroom.planning import repository as repo
from reachroom.planning.compare import Range, compare
from reachroom.planning.optimizer import Candidate, Problem, optimise
from reachroom.planning.reasons import explain
from reachroom.planning.schemas import (
    CertificateOut,
    ComparisonOut,
    InviteIn,
    InviteOut,
    OptionOut,
    PlanCreatorOut,
    PlanEditIn,
    PlanIn,
    PlanOut,
    PlanSummaryOut,
    RangeOut,
)

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
GOAL_LABELS = {"reach": "people reached in the target audience", "engagements": "engagements",
               "sales": "orders expected"}
UNITS = {"reach": "people", "engagements": "engagements", "sales": "orders"}
OPTION_LABELS = {"micro portfolio": "Many micro creators", "single macro or mega": "One macro or mega creator",
                 "mixed": "Best mix of both"}
PRIVATE_CELL = 10**9  # engagements add up: each creator gets a cell of their own
QUICK_SECONDS = 1.0  # the page's first answer: the solver's time before the plan is shown
PROVEN = 0.001  # a gap this small needs no more solving
# a conversion measured on fewer than these is noise (one creator's handful of orders on a few posts)
MIN_CONVERSION_ORDERS, MIN_CONVERSION_ENGAGEMENTS = 10, 1000


def symbol(code: str) -> str:
    return SYMBOLS.get(code, f"{code} ")


def _range(f) -> RangeOut | None:
    return None if f is None else RangeOut(expected=round(f.expected, 1), low=round(f.low, 1), high=round(f.high, 1))


def _problem(data: PlanIn, pooled: list[pool_of.Pooled], countries: list[str], booked: set[int],
             orders_per_engagement: float = 0.0) -> Problem:
    """The optimizer's problem: reach over the target's cells (sizes from the pool's audiences unless given), or
    engagements (or the orders they bring) that simply add up."""
    cells = pool_of.cells_of(countries, list(data.age_bands))
    index = {c: i for i, c in enumerate(cells)}
    held = {c: sum(float(p.result.followers or 0) * p.shares.get(c, 0.0) for p in pooled) for c in cells}
    total = sum(held.values())
    if data.audience_size and total > 0:
        held = {c: data.audience_size * v / total for c, v in held.items()}
    sizes = {index[c]: v for c, v in held.items() if v > 0}
    out: list[Candidate] = []
    for i, p in enumerate(pooled):
        r = p.result
        if data.goal in ("engagements", "sales"):
            e = p.forecast.get("engagements")
            value = (e.expected if e else 0.0) * (orders_per_engagement if data.goal == "sales" else 1.0)
            reach = {PRIVATE_CELL + i: value} if value > 0 else {}
        else:
            reach = {index[c]: p.unique_reach * s for c, s in p.shares.items() if s > 0 and index[c] in sizes}
        groups = {f"tier:{r.tier}"} | ({f"niche:{r.top_niche}"} if r.top_niche else set()) | {
            f"country:{c}" for c, s in _country_shares(p).items() if s >= 0.2}
        out.append(Candidate(key=r.account_id, cost=max(p.fee.value, 0.01), reach=reach, tier=r.tier or "micro",
                             groups=frozenset(groups)))
    if data.goal != "reach":
        sizes = {k: v for c in out for k, v in c.reach.items()}
    coverage = {f"{c.kind}:{c.key}": c.min_creators for c in data.coverage}
    pool_ids = {c.key for c in out}
    for i, key in enumerate(data.pinned):
        if key not in pool_ids:
            raise invalid(f"pinned.{i}", f"account {key} is not among this plan's candidates (it does not meet the "
                                         "filters, or is on an exclusion list)")
        if key in booked:
            raise invalid(f"pinned.{i}", f"account {key} is already in the campaign")
    return Problem(candidates=tuple(out), cells=sizes, budget=data.budget, min_creators=data.min_creators,
                   max_creators=data.max_creators, tier_max={str(k): v for k, v in data.tier_max.items()},
                   coverage=coverage,
                   pinned=frozenset(data.pinned), dropped=frozenset(data.dropped) | frozenset(booked))


def _country_shares(p: pool_of.Pooled) -> dict[str, float]:
    out: dict[str, float] = {}
    for cell, s in p.shares.items():
        c = cell.split("|")[0]
        if c != "*":
            out[c] = out.get(c, 0.0) + s
    return out


def _group_label(p: pool_of.Pooled) -> str:
    niche = p.result.top_niche
    return f"{niche} creators" if niche else ""


def _creator(p: pool_of.Pooled, chosen: bool, why, pinned: set[int], dropped: set[int]) -> PlanCreatorOut:
    r = p.result
    return PlanCreatorOut(
        account_id=r.account_id, creator_id=r.creator_id, handle=r.handle, platform=r.platform, tier=r.tier,
        country=r.country, niche=r.top_niche, followers=r.followers, authenticity_score=r.authenticity_score,
        fit=r.fit, chosen=chosen, pinned=r.account_id in pinned, dropped=r.account_id in dropped,
        fee=RangeOut(expected=round(p.fee.value, 2), low=round(p.fee.low, 2), high=round(p.fee.high, 2)),
        fee_basis=p.fee.basis, people_reached=round(why.alone, 1), new_people=round(why.new, 1),
        forecast={m: _range(f) for m, f in p.forecast.items()},
        forecast_basis={m: f.basis for m, f in p.forecast.items() if f is not None},
        reason=why.reason, profile_url=r.profile_url)


def _comparison(problem: Problem, data: PlanIn, pooled: list[pool_of.Pooled], reach_problem: Problem,
                time_limit: float) -> ComparisonOut:
    """Many micro or one mega, on people reached in the target audience (whatever the plan's goal)."""
    forecasts = {p.result.account_id: {m: Range(f.expected, f.low, f.high) for m, f in p.forecast.items()
                                       if f is not None} for p in pooled}
    handles = {p.result.account_id: p.result.handle for p in pooled}
    result = compare(reach_problem, forecasts, time_limit)
    options = []
    for o in result.options:
        eng = o.forecast.get("engagements")
        options.append(OptionOut(
            name=o.name, label=OPTION_LABELS.get(o.name, o.name), handles=[handles[k] for k in o.chosen],
            creators=len(o.chosen), cost=round(o.cost, 2), people_reached=round(o.people_reached, 1),
            forecast={m: RangeOut(expected=round(v.expected, 1), low=round(v.low, 1), high=round(v.high, 1))
                      for m, v in o.forecast.items()},
            cost_per_person=round(o.cost_per_person, 4) if o.cost_per_person else None,
            cost_per_engagement=round(o.cost / eng.expected, 4) if eng and eng.expected > 0 else None,
            gap=round(o.gap, 5) if o.gap is not None else None))
    winner = OPTION_LABELS.get(result.winner, result.winner)
    reason = _verdict(options, symbol(data.currency))
    return ComparisonOut(options=options, winner=winner, reason=reason)


def _verdict(options: list[OptionOut], money: str) -> str:
    """Who reaches the most people for the money, and by how much over the next best different plan."""
    ranked = sorted((o for o in options if o.creators), key=lambda o: -o.people_reached)
    if not ranked:
        return "no creator fits the budget"
    top = ranked[0]
    text = f"{top.label}: {top.people_reached:,.0f} people of the audience for {money}{top.cost:,.0f}"
    others = [o for o in ranked[1:] if sorted(o.handles) != sorted(top.handles) and o.people_reached > 0]
    if others:
        text += f", {top.people_reached / others[0].people_reached - 1:.0%} more than {others[0].label.lower()}"
    same = [o.label.lower() for o in ranked[1:] if sorted(o.handles) == sorted(top.handles)]
    if same:
        text += f" ({' and '.join(same)} is the same plan)"
    if not any(o.name == "single macro or mega" and o.creators for o in options):
        text += "; no macro or mega creator fits the budget"
    return text


def _certificate(plan, seconds: float, unit: str) -> CertificateOut:
    how = "found by the solver" if plan.method == "solver" else "found by the fast pass"
    value, upper = round(plan.reach, 1), round(plan.upper_bound, 1)  # the statement shows the numbers stored
    statement = (f"No plan within these constraints gets more than {upper:,.0f} {unit}; this one gets "
                 f"{value:,.0f} — within {plan.gap:.2%} of the best possible ({how}, proved in {seconds:.1f} s).")
    return CertificateOut(method=plan.method, value=value, upper_bound=upper, gap=round(plan.gap, 6),
                          seconds=round(seconds, 2), statement=statement)


def _audience_label(countries: list[str], ages: list[str], size: float, given: bool) -> str:
    where = ", ".join(countries) if countries else "every country"
    who = f"aged {', '.join(ages)}" if ages else "all ages"
    how = "as you gave it" if given else "the candidates' combined audience there"
    return f"{where}, {who}: {size:,.0f} people ({how})"


def solve(db: Session, ctx: WorkspaceContext, data: PlanIn, quick: bool = False) -> PlanOut:
    """The plan for `data` (not saved): the chosen creators with reasons, the certificate and the comparison.
    `quick`: at most a second of solving (the page shows that at once, then asks for the rest)."""
    started = time.perf_counter()
    brand = brands.get_brand(db, ctx, data.brand_id)
    booked: set[int] = set()
    if data.campaign_id is not None:
        campaign = campaigns.get_campaign(db, ctx, data.campaign_id)
        if campaign.brand_id != brand.id:
            raise invalid("campaign_id", f"campaign {campaign.name!r} belongs to another brand")
        booked = repo.campaign_account_ids(db, campaign.id)
    conversion = _conversion(db, ctx, brand.id) if data.goal == "sales" else (0.0, "")
    table = currency.current(db, ctx)
    try:
        rates = currency.pairs(table)
        countries = pool_of.target_countries(brand, data)
        results = pool_of.pool(db, ctx, data)
        pooled = pool_of.enrich(db, ctx, data, results, countries, rates)
    except ValueError as err:  # a currency the rate table cannot convert
        raise invalid("currency", str(err).removeprefix("currency: ")) from None
    limit = min(data.time_limit, QUICK_SECONDS) if quick else data.time_limit
    return _answer(data, brand, pooled, countries, booked, table.version, started, conversion, limit)


def _conversion(db: Session, ctx: WorkspaceContext, brand_id: int) -> tuple[float, str]:
    """Orders per engagement across the brand's campaigns with attributed orders (codes and links: a floor), and
    how it was measured; 422 naming `goal` when the brand has none yet."""
    orders = engagements = 0.0
    used = 0
    for c in campaigns.list_campaigns(db, ctx, brand_id=brand_id):
        r = report.report(db, ctx, c.id)
        eng = next((f.value for f in r.figures if f.key == "engagements"), None)
        if r.sales and r.sales.orders and eng:
            orders += r.sales.orders
            engagements += float(eng)
            used += 1
    if orders < MIN_CONVERSION_ORDERS or engagements < MIN_CONVERSION_ENGAGEMENTS:
        raise invalid("goal", f"too few of this brand's sales to measure a conversion ({orders:,.0f} attributed "
                              f"orders on {engagements:,.0f} engagements; at least {MIN_CONVERSION_ORDERS} orders "
                              f"and {MIN_CONVERSION_ENGAGEMENTS:,} engagements are needed): count more posts and "
                              "import orders on the campaign reports, or plan for reach or engagements")
    rate = orders / engagements
    return rate, (f"{rate * 1000:,.1f} orders per 1,000 engagements, measured on {used} of this brand's campaigns "
                  f"({orders:,.0f} orders attributed by code or link — a floor)")


def _answer(data: PlanIn, brand: Brand, pooled: list[pool_of.Pooled], countries: list[str], booked: set[int],
            table_version: int, started: float, conversion: tuple[float, str] = (0.0, ""),
            time_limit: float | None = None) -> PlanOut:
    limit = data.time_limit if time_limit is None else time_limit
    problem = _problem(data, pooled, countries, booked, conversion[0])
    reach_problem = problem if data.goal == "reach" else _problem(data.model_copy(update={"goal": "reach"}),
                                                                  pooled, countries, booked)
    unit = UNITS[data.goal]
    plan = optimise(problem, limit)
    solved = time.perf_counter() - started
    by_id = {p.result.account_id: p for p in pooled}
    size = sum(reach_problem.cells.values())
    common = dict(name=data.name or f"{brand.name} · {symbol(data.currency)}{data.budget:,.0f} for {data.goal}",
                  brand_id=brand.id, brand_name=brand.name, campaign_id=data.campaign_id, goal=data.goal,
                  currency=data.currency, currency_table_version=table_version, budget=data.budget,
                  goal_label=GOAL_LABELS[data.goal],
                  audience=_audience_label(countries, list(data.age_bands), size, data.audience_size is not None),
                  audience_size=round(size, 1), request=data, candidates=len(pooled), conversion=conversion[1])
    if plan.method == "infeasible":
        return PlanOut(**common, cost=0.0, infeasible=plan.infeasible, certificate=None, chosen=[], left_out=[],
                       comparison=None)
    handles = {p.result.account_id: p.result.handle for p in pooled}
    groups = {k: _group_label(p) for k, p in by_id.items()}
    booked_reason = {k: "already in the campaign" for k in booked}
    why = explain(problem, plan.chosen, handles, groups, unit, symbol(data.currency), booked_reason)
    pinned, dropped = set(data.pinned), set(data.dropped)
    chosen = sorted((_creator(by_id[k], True, why[k], pinned, dropped) for k in plan.chosen),
                    key=lambda c: -c.new_people)
    left = sorted((_creator(p, False, why[p.result.account_id], pinned, dropped) for p in pooled
                   if p.result.account_id not in set(plan.chosen)), key=lambda c: (-c.new_people, -c.fit))
    comparison = _comparison(problem, data, pooled, replace(reach_problem, pinned=frozenset()),
                             max(min(limit / 2, 10.0), 0.5))
    return PlanOut(**common, cost=round(plan.cost, 2), certificate=_certificate(plan, solved, unit), chosen=chosen,
                   left_out=left, comparison=comparison,
                   improvable=plan.gap > PROVEN and limit < data.time_limit)


def _with_id(out: PlanOut, row: SavedPlan) -> PlanOut:
    return out.model_copy(update={"id": row.id, "version": row.version, "created_at": row.created_at})


def create_plan(db: Session, ctx: WorkspaceContext, data: PlanIn, quick: bool = False) -> PlanOut:
    """Solve and save a plan (on its campaign when one is named); `quick`: see `solve`."""
    ctx.require_write()
    out = solve(db, ctx, data, quick)
    row = SavedPlan(workspace_id=ctx.workspace_id, brand_id=data.brand_id, campaign_id=data.campaign_id,
                    name=out.name, request=data.model_dump(mode="json"),
                    result=out.model_dump(mode="json", exclude={"request"}), created_by=ctx.actor_id)
    repo.add(db, row)
    return _with_id(out, row)


def _row(db: Session, ctx: WorkspaceContext, plan_id: int) -> SavedPlan:
    row = repo.plan(db, ctx.workspace_id, plan_id)
    if row is None:
        raise not_found("Plan")
    return row


def get_plan(db: Session, ctx: WorkspaceContext, plan_id: int) -> PlanOut:
    """A saved plan as it was solved."""
    row = _row(db, ctx, plan_id)
    return _with_id(PlanOut(**row.result, request=PlanIn(**row.request)), row)


def list_plans(db: Session, ctx: WorkspaceContext, brand_id: int | None = None,
               campaign_id: int | None = None) -> list[PlanSummaryOut]:
    """The workspace's saved plans, newest first."""
    return [PlanSummaryOut(id=r.id, name=r.name, brand_id=r.brand_id, campaign_id=r.campaign_id,
                           goal=r.request.get("goal", "reach"), budget=float(r.request.get("budget", 0)),
                           currency=r.request.get("currency", "GBP"), cost=float(r.result.get("cost", 0)),
                           creators=len(r.result.get("chosen", [])), version=r.version, updated_at=r.updated_at)
            for r in repo.plans(db, ctx.workspace_id, brand_id, campaign_id)]


def edit_plan(db: Session, ctx: WorkspaceContext, plan_id: int, edit: PlanEditIn, quick: bool = False) -> PlanOut:
    """Pin or drop creators (or change the budget) and solve again around them; 409 if someone re-solved since.
    With nothing to change it solves again with the plan's full time (the page's "prove it" step)."""
    ctx.require_write()
    row = _row(db, ctx, plan_id)
    if edit.version != row.version:
        raise conflict("version", f"this plan was changed by someone else since you opened it (you read version "
                                  f"{edit.version}, it is now {row.version}); reload to see their changes")
    request = PlanIn(**row.request)
    pinned = [k for k in dict.fromkeys([*request.pinned, *edit.pin]) if k not in edit.unpin and k not in edit.drop]
    dropped = [k for k in dict.fromkeys([*request.dropped, *edit.drop]) if k not in edit.undrop and k not in edit.pin]
    try:
        data = PlanIn(**{**request.model_dump(), "pinned": pinned, "dropped": dropped,
                         "budget": edit.budget or request.budget})
    except ValueError as err:
        raise invalid("pin", str(err)) from None
    out = solve(db, ctx, data, quick)
    row.request = data.model_dump(mode="json")
    row.result = out.model_dump(mode="json", exclude={"request"})
    row.name = out.name
    campaigns.flush_versioned(db, conflict("version", "someone re-solved this plan at the same moment; reload"))
    return _with_id(out, row)


def delete_plan(db: Session, ctx: WorkspaceContext, plan_id: int) -> None:
    ctx.require_write()
    db.delete(_row(db, ctx, plan_id))
    db.flush()


def invite(db: Session, ctx: WorkspaceContext, plan_id: int, data: InviteIn) -> InviteOut:
    """Every chosen creator of the plan invited into a campaign of the plan's brand (its own by default)."""
    ctx.require_write()
    row = _row(db, ctx, plan_id)
    campaign_id = data.campaign_id or row.campaign_id
    if campaign_id is None:
        raise invalid("campaign_id", "choose the campaign to invite these creators to")
    campaign = campaigns.get_campaign(db, ctx, campaign_id)
    if campaign.brand_id != row.brand_id:
        raise invalid("campaign_id", f"campaign {campaign.name!r} belongs to another brand than this plan")
    ids = [int(c["account_id"]) for c in row.result.get("chosen", [])]
    if not ids:
        raise invalid("plan", "this plan has no creators to invite")
    try:
        added = campaigns.add_creators(db, ctx, campaign_id,
                                       PipelineAdd(account_ids=ids, note=f"From plan “{row.name}”"[:2000]))
    except AppError as err:
        if err.status == 422:  # a planned creator is no longer visible (deleted since): say which plan field
            raise invalid("plan", err.message) from None
        raise
    if row.campaign_id is None:
        row.campaign_id = campaign_id
        db.flush()
    return InviteOut(campaign_id=campaign_id, added=added.added, already_in=added.already_in)
