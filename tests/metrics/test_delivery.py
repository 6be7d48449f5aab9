"""Delivery rollups computed by hand: totals over the posts that reported each count, costs per result (CPM
falling back to views, and saying so), engagement rates, and the flags for numbers that contradict each other."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reachroom.metrics.delivery import Counts, check_snapshot, cost_per_result, engagement_rates, totals

POSTS = [Counts(views=1000, reach=800, impressions=1200, likes=50, comments=5, shares=None, saves=5),
         Counts(views=3000, reach=2000, impressions=None, likes=100, comments=20, link_clicks=30),
         Counts(views=None, reach=None, impressions=None, likes=None, comments=None)]


def test_totals_count_only_what_was_reported():
    t = totals(POSTS)
    assert t.posts == 3 and t.get("views") == 4000 and t.reported_by["views"] == 2
    assert t.get("impressions") == 1200 and t.reported_by["impressions"] == 1
    assert t.engagements == 60 + 120 and t.engagements_reported_by == 2
    assert t.get("shares") is None and t.get("link_clicks") == 30


def test_costs_per_result_by_hand():
    per = cost_per_result(600.0, totals(POSTS))
    assert per.cost_per_post == pytest.approx(200.0)
    assert per.cpm == pytest.approx(600 / 1200 * 1000) and per.cpm_basis == "impressions"
    assert per.cpv == pytest.approx(600 / 4000) and per.cpe == pytest.approx(600 / 180)
    assert per.cpc == pytest.approx(20.0)
    views_only = cost_per_result(100.0, totals([Counts(views=2000, likes=10, comments=0)]))
    assert views_only.cpm == pytest.approx(50.0) and views_only.cpm_basis == "views"
    nothing = cost_per_result(100.0, totals([]))
    assert nothing.cpm is None and nothing.cpm_basis is None and nothing.cost_per_post is None


def test_engagement_rates_by_each_denominator():
    rates = engagement_rates(totals(POSTS))
    assert rates.by_reach == pytest.approx(180 / 2800) and rates.by_impressions == pytest.approx(180 / 1200)
    assert rates.by_views == pytest.approx(180 / 4000) and rates.by_followers is None


def test_contradictions_are_flagged_not_fixed():
    assert check_snapshot(Counts(reach=900, impressions=800)) == ["reach_above_impressions"]
    assert check_snapshot(Counts(reach=100, link_clicks=150)) == ["clicks_above_reach"]
    earlier = [Counts(views=500, likes=40), Counts(views=700, likes=45)]
    assert check_snapshot(Counts(views=650, likes=45), earlier) == ["views_dropped"]
    assert check_snapshot(Counts(views=900, likes=50, reach=300, impressions=400), earlier) == []


count = st.one_of(st.none(), st.integers(0, 10**7))


@given(st.lists(st.builds(Counts, views=count, reach=count, impressions=count, likes=count, comments=count,
                          shares=count, saves=count), max_size=30))
def test_totals_equal_the_sum_of_their_parts(posts):
    t = totals(posts)
    halves = totals(posts[: len(posts) // 2]), totals(posts[len(posts) // 2:])
    for name in ("views", "reach", "impressions"):
        assert t.sums[name] == halves[0].sums[name] + halves[1].sums[name]
        assert t.sums[name] == sum(getattr(p, name) or 0 for p in posts)
    assert t.engagements == halves[0].engagements + halves[1].engagements


def test_emv_is_a_range_from_the_table_by_hand():
    from reachroom.metrics.delivery import emv_range

    table = {"instagram": {"views_per_1000": [10.0, 10.0], "like": [0.0, 0.1], "comment": [0.0, 0.75]},
             "tiktok": {"views_per_1000": [5.0, 5.0], "share": [0.5, 1.5]}}
    by_platform = {"instagram": totals([Counts(views=20_000, likes=1000, comments=40)]),
                   "tiktok": totals([Counts(views=100_000, shares=10)]), "youtube": totals([Counts(views=5000)])}
    low, high = emv_range(by_platform, table)
    assert low == pytest.approx(200 + 500 + 5)  # views only, and TikTok shares at their low value
    assert high == pytest.approx(200 + 100 + 30 + 500 + 15)  # no YouTube values in this table: nothing counted
