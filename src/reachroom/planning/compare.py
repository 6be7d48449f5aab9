""""Many micro or one mega", answered with numbers (issue #16): for the same budget and audience, the optimised
micro portfolio, the best single macro or mega creator, and the best mix of both — each with its people reached in
the target audience (overlap counted), its forecast views, reach and engagements with their intervals, its cost
and cost per result. The answer may be "mega wins": the comparison says so. Pure functions over plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from reachroom.planning.optimizer import Plan, Problem, optimise, people_reached

BIG_TIERS = ("macro", "mega")
METRICS = ("views", "reach", "engagements")


@dataclass(frozen=True)
class Range:
    """An expected total with its interval."""

    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class Option:
    """One way to spend the budget, with the numbers it is judged on."""

    name: str  # "micro portfolio" | "single macro or mega" | "mixed"
    chosen: tuple[int, ...]
    cost: float
    people_reached: float  # in the target audience, overlap counted
    forecast: dict[str, Range]  # the chosen creators' forecasts added up
    cost_per_person: float | None
    gap: float | None  # the optimizer's proven gap (None for the single creator: exact by enumeration)


@dataclass(frozen=True)
class Comparison:
    """The three options and which reaches the most people for the money."""

    options: tuple[Option, ...]
    winner: str
    reason: str


def _total(chosen: tuple[int, ...], forecasts: Mapping[int, Mapping[str, Range]]) -> dict[str, Range]:
    """The chosen creators' forecasts added up, metric by metric (intervals added: conservative)."""
    out = {}
    for m in METRICS:
        parts = [forecasts[k][m] for k in chosen if m in forecasts.get(k, {})]
        out[m] = Range(sum(p.expected for p in parts), sum(p.low for p in parts), sum(p.high for p in parts))
    return out


def _option(name: str, problem: Problem, chosen: tuple[int, ...], forecasts: Mapping[int, Mapping[str, Range]],
            gap: float | None) -> Option:
    cost = sum(c.cost for c in problem.candidates if c.key in chosen)
    reached = people_reached(problem, chosen)
    return Option(name, chosen, cost, reached, _total(chosen, forecasts),
                  cost / reached if reached > 0 else None, gap)


def _best_single(problem: Problem) -> tuple[int, ...]:
    """The macro or mega creator within budget who alone reaches the most of the audience (exact: each is tried)."""
    fits = [c for c in problem.candidates if c.tier in BIG_TIERS and c.cost <= problem.budget
            and c.key not in problem.dropped]
    if not fits:
        return ()
    best = max(fits, key=lambda c: (people_reached(problem, [c.key]), -c.cost))
    return (best.key,)


def compare(problem: Problem, forecasts: Mapping[int, Mapping[str, Range]], time_limit: float = 10.0) -> Comparison:
    """The micro portfolio, the best single big creator and the mix, for `problem`'s budget and audience."""
    micro_only = replace(problem, candidates=tuple(c for c in problem.candidates if c.tier not in BIG_TIERS),
                         pinned=frozenset(), min_creators=0)
    plans: list[tuple[str, Plan | None, tuple[int, ...]]] = []
    micro = optimise(micro_only, time_limit) if micro_only.candidates else None
    plans.append(("micro portfolio", micro, micro.chosen if micro else ()))
    plans.append(("single macro or mega", None, _best_single(problem)))
    mixed = optimise(replace(problem, pinned=frozenset(), min_creators=0), time_limit)
    plans.append(("mixed", mixed, mixed.chosen))
    options = tuple(_option(name, problem, chosen, forecasts, plan.gap if plan else None)
                    for name, plan, chosen in plans)
    ranked = sorted((o for o in options if o.chosen), key=lambda o: -o.people_reached)
    if not ranked:
        return Comparison(options, "none", "no creator fits the budget")
    top = ranked[0]
    second = ranked[1] if len(ranked) > 1 else None
    reason = (f"{top.name} reaches {top.people_reached:,.0f} people of the audience for {top.cost:,.0f}"
              + (f", {top.people_reached / second.people_reached - 1:.0%} more than the {second.name}"
                 if second and second.people_reached > 0 else ""))
    return Comparison(options, top.name, reason)
