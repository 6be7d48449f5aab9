"""Why each creator is in or out of a plan, in a planner's words: "adds 4,210 new people at £0.05 each — the best
rate among fitness creators", "dropped: overlaps 60% with @x", "over budget by £120". Pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reachroom.planning.optimizer import Problem, people_reached

OVERLAP_SHOWN = 0.4  # a left-out creator whose audience is this much already reached is "dropped: overlaps"


@dataclass(frozen=True)
class Why:
    """A creator's reason, and the numbers behind it."""

    alone: float  # goal value of this creator alone
    new: float  # what they add to the plan (chosen: what the plan loses without them)
    reason: str


def _money(amount: float, symbol: str) -> str:
    return f"{symbol}{amount:,.0f}" if amount >= 10 else f"{symbol}{amount:,.2f}"


def _per(amount: float, value: float, symbol: str) -> str:
    return f"{symbol}{amount / value:,.3f}" if value > 0 else "—"


def _closest(problem: Problem, key: int, chosen: tuple[int, ...]) -> int | None:
    """The chosen creator whose audience overlaps `key`'s the most (expected shared people, cell by cell)."""
    by_key = problem.by_key
    mine = by_key[key].reach
    best, best_shared = None, 0.0
    for other in chosen:
        theirs = by_key[other].reach
        shared = sum(r * theirs[k] / problem.cells[k] for k, r in mine.items() if k in theirs and problem.cells[k])
        if shared > best_shared:
            best, best_shared = other, shared
    return best


def explain(problem: Problem, chosen: tuple[int, ...], handles: Mapping[int, str], groups: Mapping[int, str],
            unit: str, symbol: str, booked_reason: Mapping[int, str] | None = None) -> dict[int, Why]:
    """A reason for every candidate: chosen ones by what they add per unit of money (best in their group named),
    left-out ones by the first thing that keeps them out. `groups` labels a creator's peer group ("fitness
    creators in GB"); `unit` names the goal's unit ("people", "engagements")."""
    by_key = problem.by_key
    in_plan = set(chosen)
    total = people_reached(problem, chosen)
    cost = sum(by_key[k].cost for k in chosen)
    why: dict[int, Why] = {}
    rates: dict[int, float] = {}
    for k in chosen:
        alone = people_reached(problem, [k])
        new = total - people_reached(problem, [j for j in chosen if j != k])
        rates[k] = new / by_key[k].cost if by_key[k].cost > 0 else float("inf")
        why[k] = Why(alone, new, "")
    best_in_group: dict[str, int] = {}
    for k in chosen:
        g = groups.get(k, "")
        if g and (g not in best_in_group or rates[k] > rates[best_in_group[g]]):
            best_in_group[g] = k
    weakest = min(chosen, key=lambda k: rates[k]) if chosen else None
    for k in chosen:
        c, w = by_key[k], why[k]
        text = f"adds {w.new:,.0f} new {unit} at {_per(c.cost, w.new, symbol)} each"
        if k in problem.pinned:
            text = f"pinned by you; {text}"
        elif best_in_group.get(groups.get(k, "")) == k and sum(groups.get(j) == groups.get(k) for j in chosen) > 1:
            text += f" — the best rate among the plan's {groups[k]}"
        why[k] = Why(w.alone, w.new, text)
    tier_count: dict[str, int] = {}
    for k in chosen:
        tier_count[by_key[k].tier] = tier_count.get(by_key[k].tier, 0) + 1
    left = problem.budget - cost
    for c in problem.candidates:
        if c.key in in_plan:
            continue
        alone = people_reached(problem, [c.key])
        new = people_reached(problem, [*chosen, c.key]) - total
        why[c.key] = Why(alone, new, _left_out(problem, c.key, chosen, handles, unit, symbol, alone, new, left,
                                               tier_count, rates.get(weakest) if weakest is not None else None,
                                               handles.get(weakest, "") if weakest is not None else "",
                                               (booked_reason or {}).get(c.key)))
    return why


def _left_out(problem: Problem, key: int, chosen: tuple[int, ...], handles: Mapping[int, str], unit: str,
              symbol: str, alone: float, new: float, left: float, tier_count: Mapping[str, int],
              weakest_rate: float | None, weakest: str, booked: str | None) -> str:
    c = problem.by_key[key]
    if booked:
        return booked
    if key in problem.dropped:
        return "dropped by you"
    overlap = 1 - new / alone if alone > 0 else 0.0
    if overlap >= OVERLAP_SHOWN and chosen:
        other = _closest(problem, key, chosen)
        if other is not None:
            return (f"dropped: {overlap:.0%} of the {unit} they reach are already reached, most through "
                    f"@{handles[other]}")
    if c.cost > problem.budget:
        return f"costs {_money(c.cost, symbol)} alone: more than the whole budget ({_money(problem.budget, symbol)})"
    if c.cost > left:
        text = f"over budget by {_money(c.cost - left, symbol)}"
        if weakest_rate is not None and weakest_rate > 0 and c.cost > 0 and new > 0:
            if new / c.cost < weakest_rate:
                text += (f": they would add {new:,.0f} {unit} at {_per(c.cost, new, symbol)} each, more than "
                         f"@{weakest}, the plan's weakest, at {symbol}{1 / weakest_rate:,.3f}")
            else:
                text += (f": making room would mean leaving out chosen creators who together add more than their "
                         f"{new:,.0f} {unit}")
        return text
    limit = problem.tier_max.get(c.tier)
    if limit is not None and tier_count.get(c.tier, 0) >= limit:
        return f"the plan already has the most {c.tier} creators you allowed ({limit})"
    if problem.max_creators is not None and len(chosen) >= problem.max_creators:
        return f"the plan already has the most creators you allowed ({problem.max_creators})"
    if new <= 0:
        return f"reaches no {unit} in the target audience"
    return f"adds {new:,.0f} {unit} at {_per(c.cost, new, symbol)} each: less per {symbol or 'unit'} than the chosen"
