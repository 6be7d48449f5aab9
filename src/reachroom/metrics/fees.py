"""Estimated fee per sponsored post from published rate cards (METRICS.md §4)."""

from dataclasses import dataclass

import numpy as np

CURRENCY = "GBP"
# UK agency rate card (Gratified), Instagram static post, at the middle of each published band.
_ANCHORS_FOLLOWERS = np.log(np.array([3_000.0, 15_000.0, 75_000.0]))
_ANCHORS_FEE = np.log(np.array([350.0, 800.0, 3_000.0]))
# Same card: Reel ≈ 1.2–1.3× static, TikTok ≈ 0.6× static; US cards put YouTube at ≈ 2× Instagram.
FORMAT_MULTIPLIER = {"reel": 1.2, "video": 1.2, "short": 1.0, "long_video": 2.0, "story": 0.5}
PLATFORM_MULTIPLIER = {"instagram": 1.0, "tiktok": 0.6, "youtube": 2.0, "facebook": 0.8}
# Published ranges are wide (the seed quotes £100–£1,000 for UK micro): the interval says so.
LOW_FACTOR, HIGH_FACTOR = 0.5, 1.6
MIN_FEE = 25.0


@dataclass(frozen=True, slots=True)
class FeeEstimate:
    """A per-post fee estimate with its interval, currency and the basis it came from."""

    value: float
    low: float
    high: float
    currency: str
    basis: str


def _static_instagram_fee(log_followers: np.ndarray) -> np.ndarray:
    """Piecewise log-log line through the rate-card anchors, extended with the end slopes."""
    slopes = np.diff(_ANCHORS_FEE) / np.diff(_ANCHORS_FOLLOWERS)
    x = np.asarray(log_followers, dtype=np.float64)
    inside = np.interp(x, _ANCHORS_FOLLOWERS, _ANCHORS_FEE)
    below = _ANCHORS_FEE[0] + slopes[0] * (x - _ANCHORS_FOLLOWERS[0])
    above = _ANCHORS_FEE[-1] + slopes[-1] * (x - _ANCHORS_FOLLOWERS[-1])
    log_fee = np.where(x < _ANCHORS_FOLLOWERS[0], below, np.where(x > _ANCHORS_FOLLOWERS[-1], above, inside))
    fee: np.ndarray = np.maximum(np.exp(log_fee), MIN_FEE)
    return fee


def estimate_fee(followers: float, platform: str, format: str = "image") -> FeeEstimate:
    """Fee per post for an account, from the UK rate card scaled by platform and format."""
    if followers < 0:
        raise ValueError(f"followers must be >= 0, got {followers}")
    mid = float(_static_instagram_fee(np.log(max(followers, 1.0))))
    factor = PLATFORM_MULTIPLIER.get(platform, 1.0)
    if platform == "instagram":
        factor *= FORMAT_MULTIPLIER.get(format, 1.0)
    value = mid * factor
    basis = (f"UK rate card (Gratified) interpolated at {followers:,.0f} followers, × {factor:.2f} for "
             f"{platform} {format}; interval ×{LOW_FACTOR}–×{HIGH_FACTOR}")
    return FeeEstimate(value, value * LOW_FACTOR, value * HIGH_FACTOR, CURRENCY, basis)


def estimate_fee_batch(followers: np.ndarray, platforms: list[str] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised (low, high) fee per post for static/default formats, for index builds."""
    f = np.maximum(np.asarray(followers, dtype=np.float64), 1.0)
    factor = np.array([PLATFORM_MULTIPLIER.get(str(p), 1.0) for p in platforms], dtype=np.float64)
    mid = _static_instagram_fee(np.log(f)) * factor
    return mid * LOW_FACTOR, mid * HIGH_FACTOR
