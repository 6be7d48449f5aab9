"""Micro vs mega: the comparison's numbers are the forecasts it shows added up, the single big creator is the best
one by enumeration, and the answer follows the numbers — micro wins when small creators reach different people
for the money, mega wins when one big creator reaches more than the budget can buy in small ones."""

import pytest

from reachroom.planning.compare import Range, compare
from reachroom.planning.optimizer import Candidate, Problem, people_reached

CELLS = {k: 100_000.0 for k in range(6)}


def _forecast(views):
    return {"views": Range(views, views * 0.6, views * 1.5), "reach": Range(views * 0.7, views * 0.4, views),
            "engagements": Range(views * 0.05, views * 0.03, views * 0.08)}


def _problem(mega_reach: float, budget: float = 3000.0) -> tuple[Problem, dict]:
    micro = [Candidate(i, 500.0, {i: 12_000.0}, tier="micro") for i in range(6)]  # each a different cell
    mega = [Candidate(100, 3000.0, {k: mega_reach / 6 for k in range(6)}, tier="mega"),
            Candidate(101, 2500.0, {0: mega_reach / 3}, tier="macro")]
    forecasts = {c.key: _forecast(sum(c.reach.values()) * 1.5) for c in micro + mega}
    return Problem(tuple(micro + mega), CELLS, budget=budget), forecasts


def test_micro_wins_when_small_creators_reach_different_people():
    p, f = _problem(mega_reach=40_000)
    c = compare(p, f)
    by = {o.name: o for o in c.options}
    assert by["micro portfolio"].chosen == (0, 1, 2, 3, 4, 5) and by["micro portfolio"].cost == 3000
    assert by["micro portfolio"].people_reached == pytest.approx(72_000)
    assert by["single macro or mega"].chosen == (100,)  # the mega beats the macro on people reached
    assert c.winner in ("micro portfolio", "mixed") and "more than" in c.reason


def test_mega_wins_when_it_reaches_more_than_the_budget_buys_in_small_ones():
    p, f = _problem(mega_reach=150_000)
    c = compare(p, f)
    by = {o.name: o for o in c.options}
    assert by["single macro or mega"].people_reached == pytest.approx(people_reached(p, [100]))
    assert by["single macro or mega"].people_reached > by["micro portfolio"].people_reached
    assert c.winner in ("single macro or mega", "mixed") and by["mixed"].chosen == (100,)


def test_the_numbers_are_the_forecasts_it_shows():
    p, f = _problem(mega_reach=40_000)
    for o in compare(p, f).options:
        for m in ("views", "reach", "engagements"):
            assert o.forecast[m].expected == pytest.approx(sum(f[k][m].expected for k in o.chosen))
            assert o.forecast[m].low == pytest.approx(sum(f[k][m].low for k in o.chosen))
        if o.chosen:
            assert o.cost_per_person == pytest.approx(o.cost / o.people_reached)


def test_a_budget_below_every_big_creator_leaves_that_option_empty():
    p, f = _problem(mega_reach=150_000, budget=1000.0)
    by = {o.name: o for o in compare(p, f).options}
    assert by["single macro or mega"].chosen == () and by["micro portfolio"].cost <= 1000
