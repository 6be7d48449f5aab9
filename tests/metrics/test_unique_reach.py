"""Estimated unique reach: by hand on small cases, and as properties — never above the sum of post reach nor below
the creator who reached most on their own, the interval around the estimate, more overlap in a smaller
population."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reachroom.metrics.unique_reach import CreatorReach, creator_unique_reach, union_independent, unique_reach

_creator = st.builds(CreatorReach, posts=st.integers(0, 30), reach_sum=st.integers(0, 5_000_000),
                     audience=st.integers(0, 2_000_000))


def test_by_hand():
    # one post: its reach; two posts of 500 over 1,000 followers: 1,000 × (1 − 0.5²) = 750
    assert creator_unique_reach(CreatorReach(1, 600, 1000)) == 600
    assert creator_unique_reach(CreatorReach(2, 1000, 1000)) == pytest.approx(750)
    # two creators each reaching 10% of 10,000 people independently: 10,000 × (1 − 0.9²) = 1,900
    assert union_independent([1000, 1000], 10_000) == pytest.approx(1900)
    u = unique_reach([CreatorReach(1, 1000, 5000), CreatorReach(1, 1000, 5000)])
    assert u.population == 10_000 and u.estimate == 1900 and u.sum_of_reach == 2000 and u.largest_creator == 1000
    assert u.low == round(10_000 / 3 * (1 - (1 - 0.3) ** 2)) and u.high == round(30_000 * (1 - (1 - 1 / 30) ** 2))
    assert unique_reach([CreatorReach(0, 0, 100)]) is None


@given(st.lists(_creator, min_size=1, max_size=12), st.one_of(st.none(), st.integers(1, 10**9)))
def test_never_above_the_sum_nor_below_the_largest_creator(creators, population):
    u = unique_reach(creators, population)
    if u is None:
        assert all(c.posts == 0 or c.reach_sum == 0 for c in creators)
        return
    assert u.largest_creator <= u.low <= u.estimate <= u.high <= u.sum_of_reach
    for c in creators:
        if c.posts and c.reach_sum:
            assert creator_unique_reach(c) <= c.reach_sum * (1 + 1e-9)
            assert math.floor(creator_unique_reach(c) + 1e-6) <= u.estimate + 1 or u.estimate >= u.largest_creator


@given(st.lists(st.floats(1, 1e6), min_size=2, max_size=8), st.floats(1e3, 1e9))
def test_a_smaller_population_means_more_overlap(uniques, population):
    assert union_independent(uniques, population / 2) <= union_independent(uniques, population) + 1e-6
