"""Delivery rollups computed by hand: totals over the posts that reported each count, costs per result (CPM
falling back to views, and saying so), engagement rates, and the flags for numbers that contradict each other."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reachroom.metrics.delivery import (
    Counts,
    check_snapshot,
    cost_by_group,
    cost_per_result,
    engagement_rates,
    history_deltas,
    history_values,
    running_totals,
    subtract_deltas,
    totals,
)

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
    # each rate over only the posts that report both: impressions only the first post (60 engagements)
    assert rates.by_reach == pytest.approx(180 / 2800) and rates.by_impressions == pytest.approx(60 / 1200)
    assert rates.by_views == pytest.approx(180 / 4000) and rates.by_followers is None
    assert rates.headline == (pytest.approx(180 / 2800), "reach")


def test_engagement_rate_never_divides_one_post_by_anothers_reach():
    """An Instagram post with reach and a TikTok video with views only (by hand): the rate by reach is the
    Instagram post's alone, the rate by views both; a campaign of videos only is rated by views."""
    ig = Counts(views=4000, reach=2000, likes=90, comments=10)  # 100 engagements
    tiktok = Counts(views=10_000, likes=700, comments=50, shares=50)  # 800 engagements, no reach
    t = totals([ig, tiktok])
    assert t.paired["reach"] == (100, 2000, 1) and t.paired["views"] == (900, 14_000, 2)
    rates = engagement_rates(t)
    assert rates.by_reach == pytest.approx(100 / 2000)  # not (100 + 800) / 2000 = 45%
    assert rates.by_views == pytest.approx(900 / 14_000) and rates.by_impressions is None
    videos = engagement_rates(totals([tiktok, Counts(views=5000, likes=100)]))
    assert videos.by_reach is None and videos.headline == (pytest.approx(900 / 15_000), "views")
    assert engagement_rates(totals([Counts(reach=500), Counts(likes=20)])).headline == (None, None)


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


_count = st.one_of(st.none(), st.integers(0, 10**6))
_snapshot = st.tuples(st.integers(0, 10 * 24 * 60), st.builds(Counts, views=_count, reach=_count, likes=_count,
                                                                 comments=_count, link_clicks=_count))
START = datetime(2026, 11, 1)


@given(st.lists(st.lists(_snapshot, max_size=8), max_size=5))
def test_delivery_over_time_is_each_posts_latest_numbers_at_the_end_of_each_day(posts):
    """Summing every post's daily changes gives, for every day, the sum of each post's newest snapshot by then."""
    points = [[(START + timedelta(minutes=m), i, c) for i, (m, c) in enumerate(snaps)] for snaps in posts]
    merged: dict = {}
    for p in points:
        merged = subtract_deltas(merged, {d: {k: -v for k, v in ch.items()} for d, ch in history_deltas(p).items()})
    for day, total in running_totals(merged.items()):
        end = datetime.combine(day, datetime.max.time())
        expected = dict.fromkeys(total, 0)
        for p in points:
            upto = [x for x in p if x[0] <= end]
            if upto:
                for k, v in history_values(max(upto, key=lambda x: (x[0], x[1]))[2]).items():
                    expected[k] += v
        assert total == expected


def test_a_day_with_no_change_is_left_out_and_a_drop_is_a_negative_change():
    day = lambda d, h=12: datetime(2026, 11, d, h)  # noqa: E731
    deltas = history_deltas([(day(1), 1, Counts(views=100)), (day(1, 18), 2, Counts(views=150)),
                             (day(2), 3, Counts(views=150)), (day(3), 4, Counts(views=120, likes=5))])
    assert [(d.day, ch["views"], ch["engagements"]) for d, ch in sorted(deltas.items())] == [(1, 150, 0), (3, -30, 5)]


def test_a_formats_cost_shares_each_creators_cost_by_their_posts():
    """Creator 1 (300) made a post and two reels, creator 2 (90) one reel, creator 3 (50) nothing counted yet, and
    creator 4 has posts but no cost: 100 to posts; 200 + 90 to reels; 3's cost stays only in the campaign's."""
    shared = cost_by_group({1: 300.0, 2: 90.0, 3: 50.0}, {1: {"post": 1, "reel": 2}, 2: {"reel": 1}, 3: {},
                                                           4: {"post": 5}})
    assert shared == pytest.approx({"post": 100.0, "reel": 290.0})
    assert sum(shared.values()) == pytest.approx(300 + 90)
    assert cost_by_group({}, {1: {"post": 1}}) == {}
