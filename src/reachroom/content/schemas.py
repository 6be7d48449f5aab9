"""Pydantic shapes for content profiles, text classification, brand voice and caption tests."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reachroom.core.types import UtcDatetime

MAX_TEXT = 5000
Disclosure = Literal["not_needed", "disclosed", "unclear", "undisclosed"]


class TextIn(BaseModel):
    """A caption (or any text) to classify."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The caption, up to 5,000 characters")
    paid_partnership: bool = Field(default=False, description="The platform's paid-partnership label is on")


class NicheScore(BaseModel):
    """A niche with its confidence (0..1) and the words that point at it."""

    slug: str
    name: str
    confidence: float
    evidence: list[str] = Field(default_factory=list)


class Signal(BaseModel):
    """One piece of sponsorship evidence: what matched, where (character offset; -1 for the platform flag)."""

    kind: str
    text: str
    position: int


class SponsorshipOut(BaseModel):
    """Is the text sponsored, and is it disclosed as the UK (ASA/CMA) and US (FTC) expect?"""

    sponsored: bool
    kind: str | None = Field(description="paid, affiliate, gifted or promotion (brand mention with sales language)")
    disclosure: Disclosure
    disclosed_uk: bool
    disclosed_us: bool
    brands: list[str]
    signals: list[Signal]
    reasons: list[str]


class SafetyFlagOut(BaseModel):
    """A brand-safety category the text raised, with the words that raised it."""

    category: str
    label: str
    words: list[str]
    tolerated: bool = False


class ClassifyOut(BaseModel):
    """Verdicts on one text, each with its evidence."""

    niche: NicheScore
    niche_top: list[NicheScore]
    informative: float = Field(description="1 - p(generic): how much the text says about any niche")
    sponsorship: SponsorshipOut
    safety: list[SafetyFlagOut]
    tone: dict[str, float]
    taxonomy_version: str
    method_version: str


class ContentPost(BaseModel):
    """An analysed post that the profile refers to (flags, disclosure record)."""

    post_id: int
    posted_at: UtcDatetime
    excerpt: str
    url: str | None
    niche: str | None
    sponsored: bool
    kind: str | None
    disclosure: Disclosure
    sponsorship_signals: list[Signal] = Field(default_factory=list)
    sponsorship_reasons: list[str] = Field(default_factory=list)
    safety: list[SafetyFlagOut] = Field(default_factory=list)


class BrandMention(BaseModel):
    handle: str
    posts: int


class DisclosureRecord(BaseModel):
    """Sponsored posts among the analysed ones and how they were disclosed."""

    sponsored_posts: int
    sponsored_share: float | None
    disclosed: int
    unclear: int
    undisclosed: int
    undisclosed_count: int = Field(description="Sponsored posts not disclosed as the ASA/CMA or FTC expect")
    brands_mentioned: list[BrandMention]
    post_ids: list[int] = Field(description="Sponsored posts, newest first")


class SafetySummary(BaseModel):
    """One brand-safety category across the analysed posts."""

    category: str
    label: str
    count: int
    post_ids: list[int]
    words: list[str]


class ToneTrait(BaseModel):
    key: str
    label: str
    value: float
    description: str


class ContentProfileOut(BaseModel):
    """A creator account's content profile, from its recent posts and bio."""

    account_id: int
    platform: str
    handle: str
    stored: bool = Field(description="False when computed just now because the content job has not run for it")
    method_version: str
    computed_at: UtcDatetime | None
    posts_analysed: int
    primary_niche: str | None
    niches: list[NicheScore]
    niche_scores: dict[str, float]
    disclosure: DisclosureRecord
    tone: list[ToneTrait]
    safety: list[SafetySummary]
    safety_flag_share: float | None
    posts: list[ContentPost] = Field(description="Analysed posts the profile refers to (sponsored or flagged)")


class VoiceOut(BaseModel):
    """How Reachroom reads a brand's described voice."""

    brand_id: int
    brand_name: str
    voice_text: str
    described: bool = Field(description="False when the brand has no voice or description yet")
    tone: list[ToneTrait]
    explicit_traits: list[str] = Field(description="Traits set by style words in the description")
    banned_words: list[str]
    tolerated_safety: list[str]


class TraitDifference(BaseModel):
    key: str
    label: str
    brand: float
    creator: float
    difference: float


class ToneMatchOut(BaseModel):
    """How well a creator's voice fits a brand's, with the traits that agree and disagree."""

    brand_id: int
    account_id: int
    score: float
    agreeing: list[str]
    disagreeing: list[str]
    traits: list[TraitDifference]
    embedding_similarity: float | None
    banned_word_hits: dict[str, int]
    posts_compared: int


class CaptionTestOut(BaseModel):
    """A draft caption checked against a brand: disclosure, banned words, brand safety and tone."""

    brand_id: int
    verdict: Literal["ok", "review"]
    problems: list[str]
    sponsorship: SponsorshipOut
    banned_words: list[str]
    safety: list[SafetyFlagOut]
    tone_score: float | None = Field(description="Tone match with the brand voice (None without a voice)")
    tone_agreeing: list[str]
    tone_disagreeing: list[str]
    niche: NicheScore
