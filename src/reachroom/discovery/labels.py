"""Words the Discover page shows for the engine's names: platforms, niches, brand-safety flags, score parts."""

from reachroom.core.vocab import NICHE_SLUGS, SAFETY_CATEGORIES

PLATFORMS = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube", "facebook": "Facebook"}
TIERS = {"nano": "Nano (under 1k)", "micro": "Micro (1k–100k)", "macro": "Macro (100k–1M)", "mega": "Mega (1M+)"}
SAFETY = {
    "profanity": "Profanity", "adult": "Adult content", "violence": "Violence", "hate": "Hate speech",
    "drugs_alcohol": "Drugs & alcohol", "gambling": "Gambling", "politics": "Politics",
    "health_claims": "Health claims",
}
# Score components as a marketer reads them; the order is the engine's.
COMPONENTS = {
    "semantic": "Matches your words", "niche": "Niche", "audience": "Audience", "engagement": "Engagement",
    "authenticity": "Authenticity", "tone": "Brand voice", "brand_safety": "Brand safety",
    "cost": "Reach for the fee",
}


def niche(slug: str) -> str:
    """'sustainability' → 'Sustainability'."""
    return slug.replace("_", " ").capitalize()


def label(slug: str | None) -> str:
    """Any engine name in words: a platform, brand-safety flag, score part or niche."""
    if not slug:
        return ""
    for table in (PLATFORMS, SAFETY, COMPONENTS):
        if slug in table:
            return table[slug]
    return niche(slug)


def for_templates() -> dict:
    """Everything the Discover templates need, as one context entry."""
    return {"platforms": PLATFORMS, "tiers": TIERS, "safety": {s: SAFETY.get(s, niche(s)) for s in SAFETY_CATEGORIES},
            "niches": {n: niche(n) for n in NICHE_SLUGS}, "components": COMPONENTS}
