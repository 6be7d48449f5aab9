"""YouTube Data API v3: `GET videos?part=statistics&id={video-id}` — counts come as strings of digits;
`likeCount` and `commentCount` are missing when the creator hides them or turned comments off."""

from reachroom.connectors.base import PostInsights, ResponseError, count

NAMES = {"viewCount": "views", "likeCount": "likes", "commentCount": "comments"}


def read(response: dict) -> PostInsights:
    """Counts of the first (only) video of a videos.list response."""
    if "error" in response:
        err = response["error"] if isinstance(response["error"], dict) else {}
        raise ResponseError("error", f"the platform answered an error: {err.get('message', response['error'])}")
    items = response.get("items")
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
        raise ResponseError("items", "expected exactly one video (ask for one id at a time)")
    stats = items[0].get("statistics")
    if not isinstance(stats, dict):
        raise ResponseError("items[0].statistics", "missing (ask for part=statistics)")
    counts: dict[str, int | None] = {ours: count(stats[theirs], f"items[0].statistics.{theirs}")
                                     for theirs, ours in NAMES.items() if theirs in stats}
    if "views" not in counts:
        raise ResponseError("items[0].statistics.viewCount", "missing")
    return PostInsights("youtube-data-v3", counts)
