"""Seeded synthetic creator catalogues and query mixes for benchmarks and tests (no database, no I/O).

Shapes follow published figures (METRICS.md): heavy-tailed followers, ER falling with followers and by platform,
Roster reach ratios, rate-card fees; niches drive audience age/gender, tone and the embedding clusters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reachroom.discovery.engine.query import AudienceConstraint, Query
from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    DEFAULT_NICHES,
    TONE_TRAITS,
)
from reachroom.metrics.percentile import group_percentiles
from reachroom.metrics.platforms import PLATFORMS
from reachroom.metrics.tiers import band_codes, tier_codes

AS_OF_DAY = 20_400.0  # 2025-11-07, days since 1970-01-01

# Creator home countries, with catalogue shares and main language.
_COUNTRIES = [
    ("US", 0.24, "en"), ("GB", 0.09, "en"), ("BR", 0.08, "pt"), ("IN", 0.07, "en"), ("ID", 0.05, "id"),
    ("MX", 0.05, "es"), ("DE", 0.04, "de"), ("FR", 0.04, "fr"), ("ES", 0.04, "es"), ("IT", 0.035, "it"),
    ("CA", 0.03, "en"), ("AU", 0.03, "en"), ("NL", 0.02, "nl"), ("TR", 0.02, "tr"), ("PH", 0.02, "tl"),
    ("SE", 0.015, "sv"), ("NO", 0.01, "no"), ("PL", 0.015, "pl"), ("AR", 0.015, "es"), ("CO", 0.015, "es"),
    ("JP", 0.015, "ja"), ("KR", 0.015, "ko"), ("NG", 0.01, "en"), ("ZA", 0.01, "en"), ("IE", 0.01, "en"),
    ("PT", 0.01, "pt"), ("MY", 0.01, "ms"), ("TH", 0.01, "th"), ("AE", 0.01, "ar"), ("KE", 0.01, "en"),
]  # fmt: skip
_NICHE_POPULARITY = np.array([12, 11, 9, 9, 7, 6, 5, 5, 5, 5, 3, 6, 17], dtype=np.float64)
# Mean audience age-band shares and female share per niche (beauty skews young and female, gaming male).
_NICHE_AGE = {
    "gaming": (0.22, 0.38, 0.25, 0.1, 0.04, 0.01), "family": (0.02, 0.12, 0.38, 0.3, 0.12, 0.06),
    "home": (0.02, 0.14, 0.34, 0.26, 0.14, 0.1), "tech": (0.08, 0.3, 0.32, 0.18, 0.08, 0.04),
}  # fmt: skip
_DEFAULT_AGE = (0.07, 0.33, 0.32, 0.16, 0.08, 0.04)
_NICHE_FEMALE = {"beauty": 0.82, "fashion": 0.72, "family": 0.75, "gaming": 0.22, "tech": 0.3, "fitness": 0.5,
                 "wellness": 0.7, "home": 0.68, "food": 0.58, "pets": 0.62}  # fmt: skip
_FLAG_RATES = (0.08, 0.01, 0.02, 0.004, 0.05, 0.01, 0.03, 0.02)
# Base ER (fraction) per platform for 10k-followers accounts, and how it falls with followers.
_ER_BASE = {"instagram": 0.022, "tiktok": 0.055, "youtube": 0.025, "facebook": 0.01}
_PLATFORM_MIX = (("instagram", 0.55), ("tiktok", 0.30), ("youtube", 0.15))
_FEE_PER_FOLLOWER = {"instagram": 0.012, "tiktok": 0.006, "youtube": 0.02, "facebook": 0.008}


@dataclass(frozen=True)
class SyntheticWorld:
    """The generator's hidden structure, needed to make queries that resemble the catalogue."""

    niche_centroids: np.ndarray  # (n_niches, dim)
    topic_centroids: np.ndarray  # (n_niches * topics_per_niche, dim)
    topics_per_niche: int
    common: np.ndarray  # shared direction every text embedding has (anisotropy of real models)
    dim: int


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norm == 0, 1, norm)


def make_world(seed: int = 7, dim: int = 128, topics_per_niche: int = 8) -> SyntheticWorld:
    """Niche and sub-topic centroids of the embedding space."""
    rng = np.random.default_rng(seed)
    n_niches = len(DEFAULT_NICHES)
    common = _unit(rng.standard_normal(dim))
    niche = _unit(rng.standard_normal((n_niches, dim)))
    topics = _unit(np.repeat(niche, topics_per_niche, axis=0) + 0.8 * _unit(
        rng.standard_normal((n_niches * topics_per_niche, dim))))
    return SyntheticWorld(niche, topics, topics_per_niche, common, dim)


def synthetic_arrays(n: int, seed: int = 0, dim: int = 128, world: SyntheticWorld | None = None,
                     workspaces: int = 50, id_offset: int = 1) -> dict[str, np.ndarray]:
    """Columns for CreatorIndex.from_arrays describing n synthetic accounts."""
    world = world or make_world(dim=dim)
    rng = np.random.default_rng(seed)
    n_niches = len(DEFAULT_NICHES)
    data: dict[str, np.ndarray] = {}
    data["account_id"] = np.arange(id_offset, id_offset + n, dtype=np.int64)
    # About one creator in five has a second account.
    data["creator_id"] = id_offset + np.floor(np.arange(n) * 0.82).astype(np.int64)
    data["owner_workspace"] = np.where(rng.random(n) < 0.03, rng.integers(1, workspaces + 1, n), 0).astype(np.int32)

    plat_names = [p for p, _ in _PLATFORM_MIX]
    plat_idx = rng.choice(len(plat_names), n, p=[w for _, w in _PLATFORM_MIX])
    data["platform"] = np.array([PLATFORMS.index(p) for p in plat_names], dtype=np.int8)[plat_idx]

    followers = np.exp(rng.normal(np.log(12_000), 1.5, n)).clip(50, 80_000_000).round()
    data["followers"] = followers.astype(np.float32)
    data["tier"] = tier_codes(followers)
    data["band"] = band_codes(followers)

    cprob = np.array([w for _, w, _ in _COUNTRIES])
    cidx = rng.choice(len(_COUNTRIES), n, p=cprob / cprob.sum())
    country_names = np.array([c for c, _, _ in _COUNTRIES], dtype=object)
    lang_names = np.array([lang for _, _, lang in _COUNTRIES], dtype=object)
    data["country"] = country_names[cidx]
    # A tenth of non-English creators post in English.
    data["language"] = np.where(rng.random(n) < 0.1, "en", lang_names[cidx]).astype(object)

    primary = rng.choice(n_niches, n, p=_NICHE_POPULARITY / _NICHE_POPULARITY.sum())
    has_second = rng.random(n) < 0.45
    second = (primary + rng.integers(1, n_niches, n)) % n_niches
    niche = rng.beta(1.0, 14.0, (n, n_niches))
    niche[np.arange(n), primary] = rng.uniform(0.55, 1.0, n)
    niche[has_second, second[has_second]] = rng.uniform(0.3, 0.8, int(has_second.sum()))
    data["niche_scores"] = niche.astype(np.float32)

    # Engagement: platform base, falling ~ followers^-0.25, log-normal spread; percentiles within platform+band.
    base = np.array([_ER_BASE[p] for p in PLATFORMS])[data["platform"]]
    er = np.minimum(base * (followers / 10_000) ** -0.25 * np.exp(rng.normal(0, 0.5, n)), 0.3)
    er[rng.random(n) < 0.02] = np.nan
    data["engagement_rate"] = er.astype(np.float32)
    group = data["platform"].astype(np.int64) * 16 + data["band"]
    data["er_percentile"] = group_percentiles(er, group).astype(np.float32)
    data["er_posts_used"] = np.where(np.isnan(er), 0, rng.integers(3, 13, n)).astype(np.float32)

    data["growth_90d_pct"] = (rng.standard_t(3, n) * 4 + 2).astype(np.float32)
    data["posts_per_week"] = np.exp(rng.normal(np.log(2.5), 0.7, n)).astype(np.float32)
    inactive = rng.random(n) < 0.12
    days_ago = np.where(inactive, rng.uniform(45, 400, n), rng.exponential(4, n))
    data["last_post_day"] = (AS_OF_DAY - days_ago).astype(np.float32)
    data["sponsored_share"] = rng.beta(1.6, 9, n).astype(np.float32)

    fraud = rng.random(n) < 0.06
    auth = np.where(fraud, rng.uniform(10, 45, n), 100 * rng.beta(9, 2, n))
    auth[rng.random(n) < 0.05] = np.nan
    data["authenticity_score"] = auth.astype(np.float32)
    data["authenticity_confidence"] = rng.uniform(0.4, 1.0, n).astype(np.float32)

    per_follower = np.array([_FEE_PER_FOLLOWER[p] for p in PLATFORMS])[data["platform"]]
    fee_mid = (25 + followers * per_follower) * np.exp(rng.normal(0, 0.35, n))
    fee_missing = rng.random(n) < 0.03
    data["est_fee_low"] = np.where(fee_missing, np.nan, 0.7 * fee_mid).astype(np.float32)
    data["est_fee_high"] = np.where(fee_missing, np.nan, 1.4 * fee_mid).astype(np.float32)
    reach_share = np.array([0.24, 0.13, 0.06, 0.03, 0.03])[np.searchsorted([1e3, 1e4, 1e5, 5e5], followers, "right")]
    data["est_reach"] = (followers * reach_share * np.exp(rng.normal(0, 0.3, n))).astype(np.float32)

    flags = np.zeros(n, dtype=np.uint16)
    for bit, rate in enumerate(_FLAG_RATES):
        flags |= (rng.random(n) < rate).astype(np.uint16) << bit
    data["brand_safety"] = flags

    data.update(_audience(rng, n, cidx, primary))
    data["audience_confidence"] = rng.uniform(0.5, 1.0, n).astype(np.float32)
    no_audience = rng.random(n) < 0.1
    for key in ("audience_age", "audience_gender", "audience_country", "audience_language"):
        data[key][no_audience] = 0.0

    tone = rng.beta(4, 4, (n, len(TONE_TRAITS)))
    tone[:, 0] += np.where(np.isin(primary, [8, 5]), 0.15, -0.05)  # tech and family write more formally
    tone[:, 2] += np.where(np.isin(primary, [9, 7]), 0.2, 0.0)  # gaming and pets joke more
    tone = tone.clip(0, 1)
    tone[rng.random(n) < 0.08] = np.nan
    data["tone"] = tone.astype(np.float32)

    emb = _embeddings(rng, world, primary, second, has_second, cidx)
    emb[rng.random(n) < 0.03] = 0.0
    data["embedding"] = emb
    return data


def _audience(rng: np.random.Generator, n: int, cidx: np.ndarray, primary: np.ndarray) -> dict[str, np.ndarray]:
    n_c = len(AUDIENCE_COUNTRIES)
    home_codes = np.array([AUDIENCE_COUNTRIES.index(c) if c in AUDIENCE_COUNTRIES else n_c - 1
                           for c, _, _ in _COUNTRIES])[cidx]
    home_share = rng.beta(6, 3, n) * 0.9
    # The rest of the audience: mostly the US and big neighbours, a long tail in "other".
    spread = rng.gamma(0.3, 1.0, (n, n_c))
    spread[:, AUDIENCE_COUNTRIES.index("US")] += 1.0
    spread[:, n_c - 1] += 1.5
    spread /= spread.sum(axis=1, keepdims=True)
    countries = spread * (1 - home_share)[:, None]
    countries[np.arange(n), home_codes] += home_share

    lang_of_country = {c: lang for c, _, lang in _COUNTRIES}
    n_l = len(AUDIENCE_LANGUAGES)
    home_lang = np.array([AUDIENCE_LANGUAGES.index(lang_of_country[c]) if lang_of_country[c] in AUDIENCE_LANGUAGES
                          else n_l - 1 for c, _, _ in _COUNTRIES])[cidx]
    languages = np.zeros((n, n_l))
    languages[np.arange(n), home_lang] += home_share
    languages[:, AUDIENCE_LANGUAGES.index("en")] += (1 - home_share) * 0.7
    languages[:, n_l - 1] += (1 - home_share) * 0.3

    age_means = np.array([_NICHE_AGE.get(s, _DEFAULT_AGE) for s in DEFAULT_NICHES])[primary]
    ages = np.stack([rng.gamma(30 * age_means[:, j] + 0.05) for j in range(len(AGE_BANDS))], axis=1)
    ages /= ages.sum(axis=1, keepdims=True)

    female_mean = np.array([_NICHE_FEMALE.get(s, 0.55) for s in DEFAULT_NICHES])[primary]
    female = rng.beta(12 * female_mean, 12 * (1 - female_mean))
    other = rng.uniform(0.0, 0.03, n)
    genders = np.stack([female * (1 - other), (1 - female) * (1 - other), other], axis=1)
    f32 = np.float32
    return {"audience_age": ages.astype(f32), "audience_gender": genders.astype(f32),
            "audience_country": countries.astype(f32), "audience_language": languages.astype(f32)}


def _embeddings(rng: np.random.Generator, world: SyntheticWorld, primary: np.ndarray, second: np.ndarray,
                has_second: np.ndarray, cidx: np.ndarray) -> np.ndarray:
    n, dim, tpn = primary.size, world.dim, world.topics_per_niche
    topic = primary * tpn + rng.integers(0, tpn, n)
    country_dirs = _unit(np.random.default_rng(99).standard_normal((len(_COUNTRIES), dim)))
    out = np.empty((n, dim), dtype=np.float32)
    step = 65_536
    for a in range(0, n, step):
        b = min(n, a + step)
        x = world.topic_centroids[topic[a:b]] * 1.0
        x += 0.45 * world.niche_centroids[second[a:b]] * has_second[a:b, None]
        x += 0.6 * world.common + 0.25 * country_dirs[cidx[a:b]]
        x += rng.standard_normal((b - a, dim)) * (0.95 / np.sqrt(dim) * 1.6)
        out[a:b] = _unit(x)
    return out


def query_kind(q: Query) -> str:
    """The mix category synthetic_queries drew a query from."""
    if q.sort != "fit":
        return "sort"
    if q.countries:
        return "narrow"
    if q.brand_vector is not None:
        return "brand"
    if q.er_percentile_min is not None:
        return "broad_filter"
    return "text"


def synthetic_queries(q: int, seed: int = 1, world: SyntheticWorld | None = None, dim: int = 128,
                      workspaces: int = 50, limit: int = 50) -> list[Query]:
    """A mix of broad text searches, brand briefs with soft targets, narrow filtered searches and metric sorts."""
    world = world or make_world(dim=dim)
    rng = np.random.default_rng(seed)
    out: list[Query] = []
    tpn = world.topics_per_niche
    for _ in range(q):
        kind = rng.choice(["text", "brand", "narrow", "sort", "broad_filter"], p=[0.3, 0.3, 0.25, 0.05, 0.1])
        ni = int(rng.choice(len(DEFAULT_NICHES), p=_NICHE_POPULARITY / _NICHE_POPULARITY.sum()))
        niche = DEFAULT_NICHES[ni]
        topic = world.topic_centroids[ni * tpn + int(rng.integers(tpn))]
        text_vec = _unit(topic + 0.6 * world.common + rng.standard_normal(dim) * 0.08).astype(np.float32)
        brand_vec = _unit(world.niche_centroids[ni] + 0.6 * world.common + rng.standard_normal(dim) * 0.05)
        ws = int(rng.integers(1, workspaces + 1))
        country = str(rng.choice(["GB", "US", "DE", "FR", "ES", "BR", "IT", "AU"]))
        if kind == "text":
            kw: dict = {"text_vector": text_vec}
            if rng.random() < 0.5:
                kw["platforms"] = (str(rng.choice(["instagram", "tiktok", "youtube"])),)
        elif kind == "brand":
            kw = {
                "brand_vector": brand_vec.astype(np.float32),
                "target_niches": {niche: 1.0},
                "audience_targets": (AudienceConstraint("country", country, 0.3),
                                     AudienceConstraint("age", "18-34", 0.5)),
                "brand_tone": rng.uniform(0.2, 0.8, len(TONE_TRAITS)).astype(np.float32),
                "tiers": ("micro",) if rng.random() < 0.7 else ("nano", "micro"),
                "authenticity_min": 60.0,
                "exclude_flags": ("adult", "hate"),
            }
            if rng.random() < 0.5:
                kw["text_vector"] = text_vec
        elif kind == "narrow":
            kw = {
                "text_vector": text_vec,
                "niches": (niche,), "niche_min_score": 0.5,
                "countries": (country,),
                "followers_min": 10_000.0, "followers_max": 100_000.0,
                "er_percentile_min": 50.0,
                "audience": (AudienceConstraint("country", country, 0.25),),
                "active_within_days": 30.0,
            }
        elif kind == "sort":
            kw = {"niches": (niche,), "sort": str(rng.choice(["engagement_rate", "followers", "er_percentile"])),
                  "tiers": ("micro",)}
        else:
            kw = {"text_vector": text_vec, "er_percentile_min": float(rng.choice([25, 50])),
                  "sponsored_share_max": 0.3, "exclude_flags": ("adult",)}
        out.append(Query(workspace_id=ws, limit=limit, now_day=AS_OF_DAY, **kw))
    return out

