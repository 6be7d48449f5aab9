"""Follower tiers and finer benchmark bands (METRICS.md §2)."""

import bisect
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class TierScheme:
    """Half-open follower bands [boundaries[i-1], boundaries[i]) with one stable slug each."""

    boundaries: tuple[float, ...]
    slugs: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.slugs) != len(self.boundaries) + 1:
            raise ValueError("a TierScheme needs exactly one more slug than boundaries")
        if any(b <= a for a, b in zip(self.boundaries, self.boundaries[1:], strict=False)):
            raise ValueError("TierScheme boundaries must be strictly increasing")
        if self.boundaries and self.boundaries[0] <= 0:
            raise ValueError("TierScheme boundaries must be > 0")
        if len(set(self.slugs)) != len(self.slugs):
            raise ValueError("TierScheme slugs must be unique")
        if len(self.slugs) > 127:
            raise ValueError("a TierScheme has at most 127 bands (codes are int8)")

    def code_of(self, followers: float) -> int:
        """Index of the band holding `followers`; a boundary value belongs to the upper band."""
        if math.isnan(followers) or followers < 0:
            raise ValueError(f"followers must be a number >= 0, got {followers}")
        return bisect.bisect_right(self.boundaries, followers)

    def slug_of(self, followers: float) -> str:
        """Slug of the band holding `followers`."""
        return self.slugs[self.code_of(followers)]

    def codes(self, followers: np.ndarray) -> np.ndarray:
        """Band index per element as int8; -1 where followers is NaN (unknown)."""
        values = np.asarray(followers, dtype=np.float64)
        if np.any(values < 0):
            raise ValueError("followers must be >= 0")
        # side="right" puts a boundary value in the upper band, as code_of does.
        codes = np.searchsorted(np.asarray(self.boundaries, dtype=np.float64), values, side="right")
        return np.where(np.isnan(values), -1, codes).astype(np.int8)


DEFAULT_TIERS = TierScheme(
    boundaries=(1_000, 100_000, 1_000_000),
    slugs=("nano", "micro", "macro", "mega"),
)
# Finer bands for peer benchmarks; the slugs are stored with results, so extend, never rename.
BENCHMARK_BANDS = TierScheme(
    boundaries=(1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 500_000, 1_000_000),
    slugs=("0-1k", "1k-5k", "5k-10k", "10k-20k", "20k-50k", "50k-100k", "100k-500k", "500k-1m", "1m-plus"),
)
TIER_SLUGS: tuple[str, ...] = DEFAULT_TIERS.slugs
BAND_SLUGS: tuple[str, ...] = BENCHMARK_BANDS.slugs


def tier_of(followers: float, scheme: TierScheme = DEFAULT_TIERS) -> str:
    """Tier slug (nano, micro, macro, mega by default) for a follower count."""
    return scheme.slug_of(followers)


def band_of(followers: float) -> str:
    """Benchmark band slug (e.g. "1k-5k") for a follower count."""
    return BENCHMARK_BANDS.slug_of(followers)


def tier_codes(followers: np.ndarray, scheme: TierScheme = DEFAULT_TIERS) -> np.ndarray:
    """Tier code per element (index into scheme.slugs, -1 for NaN) as int8."""
    return scheme.codes(followers)


def band_codes(followers: np.ndarray) -> np.ndarray:
    """Benchmark band code per element (index into BAND_SLUGS, -1 for NaN) as int8."""
    return BENCHMARK_BANDS.codes(followers)
