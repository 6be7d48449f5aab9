"""Instagram Graph API: `GET /{ig-media-id}/insights?metric=views,reach,likes,comments,shares,saved,...`.

Each metric comes as `{"name", "period", "values": [{"value"}]}` or, in newer versions, `{"total_value": {"value"}}`.
Since 2025 media report `views` instead of `impressions` (deprecated for media from API v22): the metric version
says which way the post was counted, so the two are never added up as if they were the same."""

from typing import Any

from reachroom.connectors.base import PostInsights, ResponseError, count

# Graph API metric name → Reachroom count
NAMES = {"views": "views", "reach": "reach", "impressions": "impressions", "likes": "likes", "comments": "comments",
         "shares": "shares", "saved": "saves", "ig_reels_avg_watch_time": None, "total_interactions": None,
         "profile_visits": None, "follows": None, "navigation": None, "replies": None, "plays": "views",
         "ig_reels_video_view_total_time": "watch_time_s"}


def _value(metric: dict, where: str) -> Any:
    if isinstance(metric.get("total_value"), dict) and "value" in metric["total_value"]:
        return metric["total_value"]["value"]
    values = metric.get("values")
    if isinstance(values, list) and values and isinstance(values[-1], dict) and "value" in values[-1]:
        return values[-1]["value"]
    raise ResponseError(where, "no value (expected values[].value or total_value.value)")


def read(response: dict) -> PostInsights:
    """Counts of one media's insights response."""
    if "error" in response:
        err = response["error"] if isinstance(response["error"], dict) else {}
        raise ResponseError("error", f"the platform answered an error: {err.get('message', response['error'])}")
    data = response.get("data")
    if not isinstance(data, list) or not data:
        raise ResponseError("data", "expected a list of metrics")
    counts: dict[str, int | None] = {}
    for i, metric in enumerate(data):
        if not isinstance(metric, dict) or not isinstance(metric.get("name"), str):
            raise ResponseError(f"data[{i}]", "expected a metric with a name")
        target = NAMES.get(metric["name"])
        if target is None:
            continue  # reported, but not a count Reachroom keeps
        value = count(_value(metric, f"data[{i}]"), f"data[{i}].value")
        # total time watched comes in milliseconds
        counts[target] = value // 1000 if metric["name"] == "ig_reels_video_view_total_time" else value
    if not counts:
        raise ResponseError("data", "none of the metrics is a count Reachroom keeps (views, reach, likes, ...)")
    version = "instagram-views-2025" if "views" in counts and "impressions" not in counts else "instagram-impressions"
    return PostInsights(version, counts)
