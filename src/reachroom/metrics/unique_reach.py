"""Estimated unique people reached by a campaign (METRICS.md §3): the sum of post reach counts a person once per
post, so across posts and creators it double counts. Without audience ids from the platforms, people are
de-duplicated under independence: within a creator over their audience, across creators over a population.
Pure functions over plain values: no database, no settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

POPULATION_SPREAD = 3.0  # the interval: the population between a third of and three times the assumed size


@dataclass(frozen=True)
class CreatorReach:
    """One creator's counted posts in a campaign: how many, their reach summed, and the creator's audience."""

    posts: int
    reach_sum: int
    audience: int  # followers when the post went up (their most likely viewers)


@dataclass(frozen=True)
class UniqueReach:
    """The de-duplicated estimate with its interval, the bounds it always sits within, and its assumptions."""

    estimate: int
    low: int
    high: int
    sum_of_reach: int  # the upper bound: nobody saw two posts
    largest_creator: int  # the lower bound: every other creator reached only people this one reached
    population: int
    creators: int


def creator_unique_reach(c: CreatorReach) -> float:
    """People one creator reached across their posts: each post reaches an independent share of a pool the size of
    their audience (or of their best post, when that is larger), so repeat viewers are counted once."""
    if c.posts <= 0 or c.reach_sum <= 0:
        return 0.0
    per_post = c.reach_sum / c.posts
    pool = max(float(c.audience), per_post)
    return pool * (1.0 - (1.0 - per_post / pool) ** c.posts)


def union_independent(uniques: Sequence[float], population: float) -> float:
    """People reached by any creator when each reaches an independent share rᵢ = uᵢ / N of a population N:
    N × (1 − Π(1 − rᵢ)), kept between the largest creator and the sum."""
    if not uniques:
        return 0.0
    n = max(float(population), max(uniques))
    missed = 1.0
    for u in uniques:
        missed *= 1.0 - min(u / n, 1.0)
    return min(max(n * (1.0 - missed), max(uniques)), sum(uniques))


def unique_reach(creators: Sequence[CreatorReach], population: int | None = None) -> UniqueReach | None:
    """The estimate over a population (default: the creators' audiences added up, i.e. people who could have seen
    the campaign through any of them), and the interval from a population a third of to three times that size."""
    counted = [c for c in creators if c.posts > 0 and c.reach_sum > 0]
    if not counted:
        return None
    uniques = [creator_unique_reach(c) for c in counted]
    n = float(population) if population else float(sum(max(c.audience, u) for c, u in zip(counted, uniques,
                                                                                            strict=True)))
    total = sum(c.reach_sum for c in counted)
    return UniqueReach(estimate=round(union_independent(uniques, n)),
                       low=round(union_independent(uniques, n / POPULATION_SPREAD)),
                       high=round(union_independent(uniques, n * POPULATION_SPREAD)),
                       sum_of_reach=total, largest_creator=round(max(uniques)), population=round(n),
                       creators=len(counted))
