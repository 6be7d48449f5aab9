"""The one interface: a platform's post-insights response → `PostInsights` (counts it reports, None for the rest,
and the metric version that says how the platform counted them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ResponseError(ValueError):
    """The response is not what the platform's API answers: `where` names the part (e.g. "data[2].values")."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


@dataclass(frozen=True)
class PostInsights:
    """One post's counts as a platform reported them; None = not reported."""

    metric_version: str
    counts: dict[str, int | None] = field(default_factory=dict)


def count(value: Any, where: str) -> int:
    """A count as platforms send them (a number, or a string of digits as YouTube does)."""
    if isinstance(value, bool) or value is None:
        raise ResponseError(where, "not a count")
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value >= 0 and value.is_integer():
        return int(value)
    raise ResponseError(where, f"not a count: {value!r}")


def read_post_insights(platform: str, response: Any) -> PostInsights:
    """The post's counts from `platform`'s API response (Instagram Graph API media insights, YouTube Data API
    videos.list with statistics, TikTok Display API video/query)."""
    from reachroom.connectors import instagram, tiktok, youtube

    readers: dict[str, Callable[[Any], PostInsights]] = {
        "instagram": instagram.read, "youtube": youtube.read, "tiktok": tiktok.read}
    if platform not in readers:
        raise ResponseError("platform", f"no connector for {platform!r}")
    if not isinstance(response, dict):
        raise ResponseError("response", "not a JSON object")
    return readers[platform](response)
