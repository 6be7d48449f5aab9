"""TikTok Display API: `POST /v2/video/query/?fields=id,view_count,like_count,comment_count,share_count` with the
video's id — the answer carries `data.videos[]` and an `error` object whose code is "ok" when all went well."""

from reachroom.connectors.base import PostInsights, ResponseError, count

NAMES = {"view_count": "views", "like_count": "likes", "comment_count": "comments", "share_count": "shares"}


def read(response: dict) -> PostInsights:
    """Counts of the one video of a video/query response."""
    err = response.get("error")
    if isinstance(err, dict) and err.get("code") not in (None, "ok"):
        raise ResponseError("error", f"the platform answered an error: {err.get('message') or err.get('code')}")
    data = response.get("data")
    videos = data.get("videos") if isinstance(data, dict) else None
    if not isinstance(videos, list) or len(videos) != 1 or not isinstance(videos[0], dict):
        raise ResponseError("data.videos", "expected exactly one video (query one id at a time)")
    video = videos[0]
    counts: dict[str, int | None] = {ours: count(video[theirs], f"data.videos[0].{theirs}")
                                     for theirs, ours in NAMES.items() if theirs in video}
    if "views" not in counts:
        raise ResponseError("data.videos[0].view_count", "missing (ask for the view_count field)")
    return PostInsights("tiktok-display-v2", counts)
