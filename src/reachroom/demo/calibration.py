"""Calibration of the demo distributions: followers, following and posts per niche, and engagement curves.

Follower, following and lifetime-post distributions are log-normal per niche, fitted robustly (median and
IQR/1.349 of log1p values, rounded to 2 decimals) on `influencer-profiles/instagram_influencers.csv` (6,090
real influencers, all >= 1k followers) when the file is present. FALLBACK holds the same fit, committed, so
output is identical with or without the file. Niches the file lacks borrow a related category (FILE_CATEGORY).
Engagement curves follow METRICS.md §2 (see engagement_rate_* docstrings).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reachroom.demo.vocab import NICHES

PROFILES_RELATIVE = Path("influencer-profiles") / "instagram_influencers.csv"

# Category in the real file whose distribution a niche uses.
FILE_CATEGORY: dict[str, str] = {
    "beauty": "beauty", "fashion": "fashion", "fitness": "fitness", "food": "food", "travel": "travel",
    "family": "family", "home": "home", "pets": "pets", "tech": "other", "gaming": "other",
    "sustainability": "home", "wellness": "fitness", "lifestyle": "other",
}

# (median, robust sd) of log1p(followers), log1p(following), log1p(posts) per file category; rounded fit.
FALLBACK: dict[str, tuple[tuple[float, float], tuple[float, float], tuple[float, float]]] = {
    "beauty": ((9.81, 1.55), (6.86, 0.85), (6.47, 0.67)),
    "family": ((9.22, 1.78), (6.90, 0.79), (6.77, 0.71)),
    "fashion": ((9.78, 1.48), (6.82, 0.77), (6.49, 0.70)),
    "fitness": ((10.28, 1.53), (6.80, 0.90), (6.66, 0.61)),
    "food": ((9.31, 1.51), (6.90, 0.94), (6.66, 0.72)),
    "home": ((9.73, 1.30), (6.74, 0.64), (6.59, 0.82)),
    "other": ((8.81, 1.94), (6.91, 0.98), (6.66, 0.77)),
    "pets": ((9.72, 1.18), (6.78, 1.09), (6.58, 0.61)),
    "travel": ((9.40, 1.76), (6.80, 0.85), (6.58, 0.68)),
}

# Shift toward micro: the file only holds >= 1k accounts and over-represents big names.
FOLLOWER_SHIFT = -0.25     # on the log scale (x0.78 at the median)
FOLLOWER_SD_CAP = 1.6      # heavy-tailed categories ("other", "family") are capped ...
FOLLOWER_SD_SCALE = 0.85   # ... and every spread narrowed a little


@dataclass(frozen=True)
class NicheCalibration:
    """Log-normal parameters per niche (arrays in NICHES order) and where they came from."""

    followers_mu: np.ndarray
    followers_sd: np.ndarray
    following_mu: np.ndarray
    following_sd: np.ndarray
    posts_mu: np.ndarray
    posts_sd: np.ndarray
    source: str


def fit_profiles(path: Path) -> dict[str, tuple[tuple[float, float], ...]]:
    """Robust log-normal fit per category of the real profiles file (same layout as FALLBACK)."""
    columns: dict[str, dict[str, list[float]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cat = columns.setdefault(row["category"].strip().lower(), {"followers": [], "following": [], "posts": []})
            for key in cat:
                cat[key].append(float(row[key]))
    fit: dict[str, tuple[tuple[float, float], ...]] = {}
    for category, cols in sorted(columns.items()):
        stats = []
        for key in ("followers", "following", "posts"):
            x = np.log1p(np.asarray(cols[key], dtype=np.float64))
            q1, med, q3 = np.percentile(x, [25, 50, 75])
            stats.append((round(float(med), 2), round(float((q3 - q1) / 1.349), 2)))
        fit[category] = tuple(stats)
    return fit


def load_calibration(shared_data_dir: Path | None) -> NicheCalibration:
    """Fit on the real file when present (and complete), else the committed FALLBACK table."""
    table, source = FALLBACK, "fallback table (instagram_influencers.csv fit, committed)"
    if shared_data_dir is not None:
        path = Path(shared_data_dir) / PROFILES_RELATIVE
        if path.is_file():
            fitted = fit_profiles(path)
            if all(cat in fitted for cat in set(FILE_CATEGORY.values())):
                table, source = fitted, f"fitted on {path}"
    rows = [table[FILE_CATEGORY[n]] for n in NICHES]
    arr = np.asarray(rows, dtype=np.float64)  # (niche, field, (mu, sd))
    return NicheCalibration(
        followers_mu=arr[:, 0, 0] + FOLLOWER_SHIFT,
        followers_sd=np.minimum(arr[:, 0, 1], FOLLOWER_SD_CAP) * FOLLOWER_SD_SCALE,
        following_mu=arr[:, 1, 0], following_sd=arr[:, 1, 1],
        posts_mu=arr[:, 2, 0], posts_sd=arr[:, 2, 1],
        source=source,
    )


# --- engagement curves (METRICS.md §2): median ER of a typical account at a follower count -----------------

def engagement_rate_instagram(followers: np.ndarray) -> np.ndarray:
    """ER by followers for Instagram feed posts: 3.5% at 1k, ~2.5% at 10k, ~1.75% at 100k, ~1.2% at 1M.

    Sits between HypeAuditor 2018 (4.26% at 1k-5k, 1.62% at 20k-100k), HypeAuditor 2023 (nano 2.78%) and the
    lower 2026 figures; per-account and per-post variation is added around it.
    """
    return 0.035 * np.power(np.maximum(followers, 100.0) / 1000.0, -0.15)


def engagement_rate_tiktok(followers: np.ndarray) -> np.ndarray:
    """ER by views for TikTok: 10% at 1k followers falling to ~4.4% at 1M (IMH 2021 ≈18% vs ≈5%, HA 2023 12.6%)."""
    return 0.10 * np.power(np.maximum(followers, 100.0) / 1000.0, -0.12)


def engagement_rate_youtube(followers: np.ndarray) -> np.ndarray:
    """ER by views for YouTube: 3.5% at 1k subscribers falling to ~0.9% at 1M (IMH 2021: 1.64% vs 0.37%)."""
    return 0.035 * np.power(np.maximum(followers, 100.0) / 1000.0, -0.2)


def view_rate(platform_code: np.ndarray, followers: np.ndarray, is_short: np.ndarray) -> np.ndarray:
    """Median views per video as a share of followers: small accounts reach beyond their followers."""
    scale = np.power(np.maximum(followers, 100.0) / 1000.0, -0.13)
    base = np.select([platform_code == 0, platform_code == 1, is_short], [0.9, 1.2, 0.8], default=0.35)
    return base * scale


def reach_rate(followers: np.ndarray) -> np.ndarray:
    """Unique reach of a feed post as a share of followers (first-party subset): 30% at 1k to ~7.5% at 1M."""
    return 0.30 * np.power(np.maximum(followers, 100.0) / 1000.0, -0.2)
