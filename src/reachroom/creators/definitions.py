"""Plain-language definitions of the numbers shown on creator pages (see docs/metrics.md)."""

DEFINITIONS: dict[str, tuple[str, str, str]] = {
    # key: (label, definition, unit)
    "followers": ("Followers", "Accounts following this profile at the latest snapshot.", ""),
    "engagement_rate": (
        "Engagement rate",
        "Median of (likes + comments + shares + saves where reported) / denominator over the last 12 posts "
        "within 90 days. Denominator: followers for Instagram feed posts, views for video platforms.",
        "%",
    ),
    "er_percentile": (
        "Engagement vs peers",
        "Percentile of this engagement rate among accounts on the same platform and follower band.",
        "pct",
    ),
    "tier": ("Tier", "nano < 1k, micro 1k–100k, macro 100k–1M, mega ≥ 1M followers.", ""),
    "band": ("Follower band", "Finer benchmark band used for peer comparison.", ""),
    "posts_per_week": ("Posts per week", "Posts in the last 90 days divided by 90/7.", ""),
    "growth_30d_pct": ("Follower growth, 30 days", "Follower change over 30 days, as a percentage of the start.", "pp"),
    "growth_90d_pct": ("Follower growth, 90 days", "Follower change over 90 days, as a percentage of the start.", "pp"),
    "est_reach": (
        "Estimated reach per post",
        "Unique accounts expected to see a post: the creator's own median reach/followers ratio when "
        "first-party data exists, else published ratios by follower band (Roster).",
        "",
    ),
    "median_likes": ("Median likes", "Median likes over the posts used for the engagement rate.", ""),
    "median_comments": ("Median comments", "Median comments over the posts used for the engagement rate.", ""),
    "median_views": ("Median views", "Median views over the posts used for the engagement rate.", ""),
}
