"""Platform and format vocabulary shared by the metric functions (METRICS.md §1)."""

# Order is the integer code used by the vectorised functions: append new platforms, never reorder.
PLATFORMS: tuple[str, ...] = ("instagram", "youtube", "tiktok", "facebook")
PLATFORM_CODES: dict[str, int] = {name: code for code, name in enumerate(PLATFORMS)}

FORMATS: tuple[str, ...] = ("image", "carousel", "video", "reel", "story", "short", "long_video")
# Static feed formats: the only ones where followers is the natural ER denominator and the
# Roster feed ratios were measured.
FEED_FORMATS: frozenset[str] = frozenset({"image", "carousel"})
# Platforms whose every post is a video with a view count.
VIDEO_PLATFORMS: frozenset[str] = frozenset({"youtube", "tiktok"})


def check_platform(platform: str) -> str:
    """Return the canonical platform name or raise ValueError naming the allowed values."""
    name = platform.strip().lower()
    if name not in PLATFORM_CODES:
        raise ValueError(f"unknown platform {platform!r}; expected one of {', '.join(PLATFORMS)}")
    return name


def check_format(format: str) -> str:
    """Return the canonical post format or raise ValueError naming the allowed values."""
    name = format.strip().lower()
    if name not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    return name
