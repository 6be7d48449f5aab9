"""Column schema of the discovery index: names, dtypes, vocabularies, encodings, and where each comes from.

The engine is data-driven: filters, sort keys and persistence walk this schema, so adding a numeric column is one
`ColumnSpec` here plus one array in the loader. Vocabularies are append-only (codes are stored): extend, never
reorder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from reachroom.metrics.platforms import PLATFORMS
from reachroom.metrics.tiers import BAND_SLUGS, TIER_SLUGS

SCHEMA_VERSION = 2

# Niche taxonomy slugs (content/taxonomy.py, METRICS.md §6). An index may carry a longer list (from_arrays(niches=)).
DEFAULT_NICHES: tuple[str, ...] = (
    "beauty", "fashion", "fitness", "food", "travel", "family", "home", "pets", "tech", "gaming",
    "sustainability", "wellness", "lifestyle",
)  # fmt: skip
# Brand-safety flags (METRICS.md §6); bit i of the uint16 mask is BRAND_SAFETY_FLAGS[i].
BRAND_SAFETY_FLAGS: tuple[str, ...] = (
    "profanity", "adult", "violence", "hate", "drugs_alcohol", "gambling", "politics", "health_claims",
)  # fmt: skip
AGE_BANDS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
GENDERS: tuple[str, ...] = ("female", "male", "other")
# Audience countries tracked one by one; every other country is summed into "other".
AUDIENCE_COUNTRIES: tuple[str, ...] = (
    "US", "GB", "CA", "AU", "IE", "NZ", "IN", "BR", "MX", "AR", "CO", "CL", "ES", "FR", "DE", "IT", "NL", "BE",
    "PT", "SE", "NO", "DK", "FI", "PL", "AT", "CH", "TR", "RU", "UA", "ID", "MY", "PH", "TH", "VN", "JP", "KR",
    "SG", "AE", "SA", "ZA", "NG", "EG", "other",
)  # fmt: skip
AUDIENCE_LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fr", "de", "it", "nl", "sv", "no", "da", "fi", "pl", "tr", "ru", "id", "ms", "tl", "th",
    "vi", "ja", "ko", "ar", "hi", "other",
)  # fmt: skip
# Interpretable voice traits, each 0..1 with 0.5 neutral (content issue, "Tone and style").
TONE_TRAITS: tuple[str, ...] = (
    "formality", "positivity", "humour", "emoji_density", "hashtag_density", "storytelling", "promotional",
    "energy",
)  # fmt: skip
# Bits of the `present` column: which optional profiles an account has (absent -> neutral score, confidence 0).
PRESENT_BITS: tuple[str, ...] = ("content", "audience", "embedding", "tone")

# Shares and niche scores are stored as uint8 codes: value = code / SHARE_SCALE (0.4% steps, 0.4 -> 100 exactly).
SHARE_SCALE = 250

Kind = Literal["id", "category", "number", "shares", "vector", "bitmask", "embedding"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the index: its storage, meaning and the database field it is loaded from."""

    name: str
    kind: Kind
    dtype: str
    doc: str
    source: str
    # Category codes index this vocabulary; matrix columns are labelled by it; bitmask bits are named by it.
    # None on a category means the vocabulary grows with the data (stored in the manifest).
    vocab: tuple[str, ...] | None = None
    width: int | None = None
    required: bool = False
    # Numeric columns users may filter and sort on by name (Query.ranges, Query.sort).
    sortable: bool = False
    unit: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def np_dtype(self) -> np.dtype:
        return np.dtype(self.dtype)

    def missing_value(self):
        """Fill value for rows the loader does not provide."""
        if self.kind == "number":
            return np.nan
        if self.kind == "category":
            return -1
        return 0


def _num(name: str, doc: str, source: str, unit: str = "", sortable: bool = True) -> ColumnSpec:
    return ColumnSpec(name, "number", "float32", doc, source, sortable=sortable, unit=unit)


def default_schema(niches: tuple[str, ...] = DEFAULT_NICHES) -> dict[str, ColumnSpec]:
    """The default column set; the niche vocabulary may be extended by the loader."""
    cols = [
        ColumnSpec("account_id", "id", "int64", "social account id (unique key)", "social_accounts.id", required=True),
        ColumnSpec("creator_id", "id", "int64", "person behind the account", "social_accounts.creator_id"),
        ColumnSpec(
            "owner_workspace", "id", "int32", "0 = shared catalogue, else the only workspace that may see it",
            "social_accounts.workspace_id (NULL -> 0)",
        ),
        ColumnSpec("platform", "category", "int8", "platform code", "social_accounts.platform", vocab=PLATFORMS),
        ColumnSpec("tier", "category", "int8", "follower tier", "account_stats.tier", vocab=TIER_SLUGS),
        ColumnSpec("band", "category", "int8", "benchmark follower band (ER peers)", "account_stats.band",
                   vocab=BAND_SLUGS),
        ColumnSpec("country", "category", "int16", "creator country (ISO 3166 alpha-2)", "creators.country"),
        ColumnSpec("language", "category", "int16", "creator language (ISO 639-1)", "creators.language"),
        _num("followers", "latest follower count", "social_accounts.followers"),
        _num("engagement_rate", "engagement rate, a fraction (0.032 = 3.2%)", "account_stats.engagement_rate"),
        _num("er_percentile", "ER percentile 0-100 among platform+band peers", "account_stats.er_percentile"),
        _num("er_posts_used", "posts behind the ER", "account_stats.er_posts_used", sortable=False),
        _num("growth_90d_pct", "follower growth over 90 days, percent", "account_stats.growth_90d_pct", "%"),
        _num("posts_per_week", "posting frequency", "account_stats.posts_per_week"),
        _num("last_post_day", "last post time, days since 1970-01-01 UTC", "account_stats.last_post_at"),
        _num("sponsored_share", "share of posts that are sponsored, 0-1", "content profile: sponsored share"),
        _num("authenticity_score", "authenticity 0-100 (higher = more real)", "authenticity score"),
        _num("authenticity_confidence", "confidence 0-1 of the authenticity score", "authenticity score",
             sortable=False),
        _num("authenticity_flagged", "1 when the authenticity level is caution or high risk (a red flag sets it "
             "whatever the score), 0 when not", "authenticity level", sortable=False),
        _num("est_fee_low", "estimated fee per post, low end", "planning fee estimate (low)", "$"),
        _num("est_fee_high", "estimated fee per post, high end", "planning fee estimate (high)", "$"),
        _num("est_reach", "estimated reach per post", "account_stats.est_reach"),
        _num("audience_confidence", "confidence 0-1 of the audience profile (sample size, source)",
             "audience_profiles.sample_size/source", sortable=False),
        ColumnSpec("niche_scores", "shares", "uint8", "niche score 0-1 per taxonomy slug (code/250)",
                   "content profile: niche labels with confidence", vocab=tuple(niches)),
        ColumnSpec("brand_safety", "bitmask", "uint16", "brand-safety flags raised by the creator's posts",
                   "content profile: brand-safety summary", vocab=BRAND_SAFETY_FLAGS),
        ColumnSpec("present", "bitmask", "uint8", "which optional profiles exist",
                   "derived by the index (non-zero niche scores / audience shares / embedding, finite tone)",
                   vocab=PRESENT_BITS),
        ColumnSpec("audience_age", "shares", "uint8", "audience share per age band (code/250)",
                   "audience_profiles.age_bands", vocab=AGE_BANDS),
        ColumnSpec("audience_gender", "shares", "uint8", "audience share per gender (code/250)",
                   "audience_profiles.genders", vocab=GENDERS),
        ColumnSpec("audience_country", "shares", "uint8", "audience share per country, rest in 'other' (code/250)",
                   "audience_profiles.countries", vocab=AUDIENCE_COUNTRIES),
        ColumnSpec("audience_language", "shares", "uint8", "audience share per language, rest in 'other'",
                   "audience_profiles.languages", vocab=AUDIENCE_LANGUAGES),
        ColumnSpec("tone", "vector", "float32", "voice traits 0-1 (0.5 neutral)", "content profile: tone traits",
                   vocab=TONE_TRAITS),
        ColumnSpec("embedding", "embedding", "int8", "content embedding, unit length, int8 with per-row scale",
                   "account_stats embedding (centroid of bio + recent posts)"),
    ]
    return {c.name: c for c in cols}


SCHEMA: dict[str, ColumnSpec] = default_schema()

# Query fields that are convenience names for ranges on numeric columns.
AUDIENCE_KINDS: dict[str, str] = {
    "age": "audience_age",
    "gender": "audience_gender",
    "country": "audience_country",
    "language": "audience_language",
}


def age_span_bands(key: str) -> tuple[int, ...] | None:
    """Band indices covered by an age span such as "18-34", "35+", "25-34"; None if it does not align."""
    key = key.strip().replace(" ", "")
    lows = {13: 0, 18: 1, 25: 2, 35: 3, 45: 4, 55: 5}
    highs = {17: 0, 24: 1, 34: 2, 44: 3, 54: 4}
    try:
        if key.endswith("+"):
            lo, hi = int(key[:-1]), None
        else:
            a, b = key.split("-")
            if b == "":
                return None
            lo, hi = int(a), (None if b == "+" else int(b))
    except ValueError:
        return None
    if lo not in lows:
        return None
    first = lows[lo]
    last = len(AGE_BANDS) - 1 if hi is None else highs.get(hi)
    if last is None or last < first:
        return None
    return tuple(range(first, last + 1))


def share_threshold_code(threshold: float, scale: int = SHARE_SCALE, max_code: int = 255 * 8) -> int:
    """Smallest integer code c with c / scale >= threshold (float64), so code filters equal value filters."""
    code = int(np.ceil(threshold * scale))
    # ceil of a rounded product can be one off; walk to the exact boundary of the float64 comparison.
    while code > 0 and (code - 1) / scale >= threshold:
        code -= 1
    while code <= max_code and code / scale < threshold:
        code += 1
    return max(code, 0)
