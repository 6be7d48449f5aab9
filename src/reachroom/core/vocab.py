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
