"""collector_paused: the cyclic collector is off inside a batch and as it was afterwards, even after an error;
latest_per_post against a dict in which the last row wins."""

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.core.batch import collector_paused, latest_per_post


def test_the_collector_is_off_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a failed batch")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.integers(0, 3)), max_size=30))
def test_latest_per_post_keeps_each_posts_last_row(pairs):
    # rows as a joined read gives them: a post's rows adjacent (sorted by post here), oldest snapshot first
    rows = [(100, pid, k) for pid, k in sorted(pairs, key=lambda p: p[0])]
    latest: dict[int, tuple] = {}
    for r in rows:  # the reference: a dict in which the last row per post wins, posts in first-seen order
        latest[r[1]] = r
    assert latest_per_post(rows) == list(latest.values())
