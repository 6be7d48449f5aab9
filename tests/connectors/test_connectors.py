"""Platform connectors on recorded, real-shaped API responses: every count they carry lands in the right place
with the right metric version, what they lack stays unknown, and an error or a wrong shape is named."""

import json
from pathlib import Path

import pytest

from reachroom.connectors import read_post_insights
from reachroom.connectors.base import ResponseError

RECORDED = Path(__file__).parent / "recorded"


def _load(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


def test_instagram_reel_since_2025_counts_views_and_watch_time():
    got = read_post_insights("instagram", _load("instagram_reel_insights_v22.json"))
    assert got.metric_version == "instagram-views-2025"
    assert got.counts == {"views": 48213, "reach": 31877, "likes": 1922, "comments": 87, "shares": 140,
                          "saves": 233, "watch_time_s": 512345}  # milliseconds → seconds; no impressions


def test_instagram_image_before_2025_counts_impressions_and_total_value():
    got = read_post_insights("instagram", _load("instagram_image_insights_2024.json"))
    assert got.metric_version == "instagram-impressions"
    assert got.counts == {"impressions": 9410, "reach": 7002, "saves": 41}


def test_youtube_counts_come_as_strings_and_hidden_likes_stay_unknown():
    assert read_post_insights("youtube", _load("youtube_videos_statistics.json")).counts == {
        "views": 25431, "likes": 1204, "comments": 96}
    hidden = read_post_insights("youtube", _load("youtube_hidden_likes.json"))
    assert hidden.counts == {"views": 5120} and hidden.metric_version == "youtube-data-v3"


def test_tiktok_video_query():
    assert read_post_insights("tiktok", _load("tiktok_video_query.json")).counts == {
        "views": 88412, "likes": 6120, "comments": 143, "shares": 312}


@pytest.mark.parametrize("platform,name,where", [
    ("instagram", "instagram_error.json", "error"),
    ("tiktok", "tiktok_token_expired.json", "error"),
])
def test_an_error_answer_is_named(platform, name, where):
    with pytest.raises(ResponseError) as err:
        read_post_insights(platform, _load(name))
    assert err.value.where == where and "platform answered an error" in err.value.problem


@pytest.mark.parametrize("platform,response,where", [
    ("instagram", {"data": []}, "data"),
    ("instagram", {"data": [{"name": "reach", "values": [{"value": -3}]}]}, "data[0].value"),
    ("instagram", {"data": [{"name": "reach"}]}, "data[0]"),
    ("youtube", {"items": []}, "items"),
    ("youtube", {"items": [{"statistics": {"viewCount": "many"}}]}, "items[0].statistics.viewCount"),
    ("tiktok", {"data": {"videos": [{"like_count": 3}]}, "error": {"code": "ok"}}, "data.videos[0].view_count"),
    ("myspace", {}, "platform"),
])
def test_a_wrong_shape_is_named(platform, response, where):
    with pytest.raises(ResponseError) as err:
        read_post_insights(platform, response)
    assert err.value.where == where
