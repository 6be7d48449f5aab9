"""Random catalogues for engine tests: coarse values so that ties and exact filter boundaries happen often."""

from __future__ import annotations

import numpy as np

from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    DEFAULT_NICHES,
    GENDERS,
    SHARE_SCALE,
    TONE_TRAITS,
)

FOLLOWERS = (500.0, 1_000.0, 9_999.0, 10_000.0, 50_000.0, 100_000.0, 2_000_000.0, np.nan)
ER = (0.005, 0.01, 0.02, 0.035, 0.1, np.nan)
PERCENTILES = (0.0, 10.0, 50.0, 75.0, 90.0, 99.5, np.nan)
COUNTRIES = ("GB", "US", "DE", "BR", None)
LANGUAGES = ("en", "de", "pt", None)
PLATFORMS = ("instagram", "tiktok", "youtube")
SHARE_STEPS = np.array([0, 25, 50, 75, 100, 125, 150, 200, 250]) / SHARE_SCALE  # 0, .1, .2, .3, .4, .5, .6, .8, 1
DIM = 16


def random_arrays(n: int, seed: int, dim: int = DIM, id_offset: int = 1, workspaces: int = 3) -> dict:
    """Columns for CreatorIndex.from_arrays."""
    rng = np.random.default_rng(seed)

    def pick(values, size=n):
        return np.asarray(values, dtype=object)[rng.integers(0, len(values), size)]

    def shares(width: int) -> np.ndarray:
        out = SHARE_STEPS[rng.integers(0, len(SHARE_STEPS), (n, width))].astype(np.float64)
        out[rng.random(n) < 0.15] = 0.0  # no profile
        return out

    data = {
        "account_id": (id_offset + rng.permutation(n) * 3).astype(np.int64),
        "creator_id": rng.integers(1, max(2, n // 2 + 2), n).astype(np.int64),
        "owner_workspace": np.where(rng.random(n) < 0.3, rng.integers(1, workspaces + 1, n), 0).astype(np.int32),
        "platform": pick(PLATFORMS),
        "tier": pick(("nano", "micro", "macro", "mega")),
        "band": pick(("1k-5k", "10k-20k", "50k-100k")),
        "country": pick(COUNTRIES),
        "language": pick(LANGUAGES),
        "followers": pick(FOLLOWERS).astype(np.float64),
        "engagement_rate": pick(ER).astype(np.float64),
        "er_percentile": pick(PERCENTILES).astype(np.float64),
        "er_posts_used": pick((0.0, 3.0, 12.0, np.nan)).astype(np.float64),
        "growth_90d_pct": pick((-5.0, 0.0, 2.5, 10.0, np.nan)).astype(np.float64),
        "posts_per_week": pick((0.5, 1.0, 3.0, 7.0, np.nan)).astype(np.float64),
        "last_post_day": pick((19_990.0, 20_000.0, 20_030.0, np.nan)).astype(np.float64),
        "sponsored_share": pick((0.0, 0.1, 0.3, 0.6, np.nan)).astype(np.float64),
        "authenticity_score": pick((20.0, 60.0, 75.0, 95.0, np.nan)).astype(np.float64),
        "authenticity_confidence": pick((0.5, 1.0, np.nan)).astype(np.float64),
        "est_fee_low": pick((50.0, 200.0, 1_000.0, np.nan)).astype(np.float64),
        "est_reach": pick((0.0, 500.0, 5_000.0, 80_000.0, np.nan)).astype(np.float64),
        "audience_confidence": pick((0.3, 1.0, np.nan)).astype(np.float64),
        "niche_scores": shares(len(DEFAULT_NICHES)),
        "brand_safety": rng.integers(0, 1 << 8, n).astype(np.uint16) & rng.integers(0, 1 << 8, n).astype(np.uint16),
        "audience_age": shares(len(AGE_BANDS)),
        "audience_gender": shares(len(GENDERS)),
        "audience_country": shares(len(AUDIENCE_COUNTRIES)),
        "audience_language": shares(len(AUDIENCE_LANGUAGES)),
        "tone": np.round(rng.random((n, len(TONE_TRAITS))) * 4) / 4,
    }
    data["est_fee_high"] = data["est_fee_low"] * 2
    no_audience = rng.random(n) < 0.2
    for key in ("audience_age", "audience_gender", "audience_country", "audience_language"):
        data[key][no_audience] = 0.0
    data["tone"][rng.random(n) < 0.2] = np.nan
    emb = rng.standard_normal((n, dim))
    emb[rng.random(n) < 0.1] = 0.0
    # Some duplicated embeddings: exact ties in similarity.
    if n > 4:
        emb[1] = emb[0]
    data["embedding"] = emb
    return data


def take(data: dict, rows) -> dict:
    """Rows of a column dict (for rebuild comparisons)."""
    return {k: np.asarray(v)[rows] for k, v in data.items()}
