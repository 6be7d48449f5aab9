"""Pure metric functions: engagement, tiers, reach, growth, frequency, percentiles (METRICS.md §2-3)."""

from reachroom.metrics.engagement import (
    DEFAULT_LAST_N,
    DEFAULT_WINDOW_DAYS,
    DENOMINATORS,
    Denominator,
    PostObservation,
    RateResult,
    default_denominator,
    engagement_rate,
    engagements,
)
from reachroom.metrics.fees import FeeEstimate, estimate_fee, estimate_fee_batch
from reachroom.metrics.frequency import days_since_last_post, posts_per_week
from reachroom.metrics.growth import (
    GrowthResult,
    follower_growth,
    follower_growth_30d,
    follower_growth_90d,
    follower_growths,
)
from reachroom.metrics.percentile import group_percentiles, percentile_rank
from reachroom.metrics.platforms import FORMATS, PLATFORM_CODES, PLATFORMS
from reachroom.metrics.reach import (
    ReachArrays,
    ReachEstimate,
    estimate_impressions,
    estimate_reach,
    estimate_reach_batch,
)
from reachroom.metrics.tiers import (
    BAND_SLUGS,
    BENCHMARK_BANDS,
    DEFAULT_TIERS,
    TIER_SLUGS,
    TierScheme,
    band_codes,
    band_of,
    tier_codes,
    tier_of,
)

# Stored with every computed number; bump when a definition, default or published ratio changes.
METRIC_VERSION = "2026.11.1"

__all__ = [
    "BAND_SLUGS",
    "BENCHMARK_BANDS",
    "DEFAULT_LAST_N",
    "DEFAULT_TIERS",
    "DEFAULT_WINDOW_DAYS",
    "DENOMINATORS",
    "FORMATS",
    "METRIC_VERSION",
    "PLATFORMS",
    "PLATFORM_CODES",
    "TIER_SLUGS",
    "Denominator",
    "FeeEstimate",
    "estimate_fee",
    "estimate_fee_batch",
    "GrowthResult",
    "PostObservation",
    "RateResult",
    "ReachArrays",
    "ReachEstimate",
    "TierScheme",
    "band_codes",
    "band_of",
    "days_since_last_post",
    "default_denominator",
    "engagement_rate",
    "engagements",
    "estimate_impressions",
    "estimate_reach",
    "estimate_reach_batch",
    "follower_growth",
    "follower_growth_30d",
    "follower_growth_90d",
    "follower_growths",
    "group_percentiles",
    "percentile_rank",
    "posts_per_week",
    "tier_codes",
    "tier_of",
]
