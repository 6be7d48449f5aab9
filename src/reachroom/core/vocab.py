"""Shared vocabularies: niche slugs, audience keys and countries (stable; extend, never rename)."""

NICHE_SLUGS = (
    "beauty", "fashion", "fitness", "food", "travel", "family", "home", "pets", "tech", "gaming",
    "sustainability", "wellness", "lifestyle",
)
AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
GENDERS = ("female", "male", "other")
AUDIENCE_KEYS = ("age_bands", "genders", "countries", "languages")
SAFETY_CATEGORIES = (
    "profanity", "adult", "violence", "hate", "drugs_alcohol", "gambling", "politics", "health_claims",
)
#: platform slug → the name a marketer reads (pages take these, never a hard-coded list)
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
#: follower tier slug → label with its range (the tier scheme of metrics/tiers.py)
TIER_NAMES = {"nano": "Nano · < 1k", "micro": "Micro · 1k–100k", "macro": "Macro · 100k–1M", "mega": "Mega · 1M+"}
