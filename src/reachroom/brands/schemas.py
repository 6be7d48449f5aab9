"""Pydantic shapes for brands."""


from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.types import UtcDatetime
from reachroom.core.vocab import AGE_BANDS, GENDERS, NICHE_SLUGS, SAFETY_CATEGORIES


def _check_shares(name: str, shares: dict[str, float], allowed: tuple[str, ...] | None) -> None:
    for key, value in shares.items():
        if allowed is not None and key not in allowed:
            raise ValueError(f"{name}: unknown key {key!r} (allowed: {', '.join(allowed)})")
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError(f"{name}.{key}: share must be between 0% and 100% (0 to 1 in the API)")
    if sum(shares.values()) > 1.0001:
        raise ValueError(f"{name}: shares add up to more than 100%")


def _valid_safety(categories: list[str]) -> list[str]:
    bad = [c for c in categories if c not in SAFETY_CATEGORIES]
    if bad:
        raise ValueError(f"unknown brand-safety category {bad[0]!r} (allowed: {', '.join(SAFETY_CATEGORIES)})")
    return list(dict.fromkeys(categories))


def _valid_niches(niches: list[str]) -> list[str]:
    bad = [n for n in niches if n not in NICHE_SLUGS]
    if bad:
        raise ValueError(f"unknown niche {bad[0]!r} (allowed: {', '.join(NICHE_SLUGS)})")
    return list(dict.fromkeys(niches))


class TargetAudience(BaseModel):
    """Who the brand wants to reach: shares per age band, gender, country and language."""

    model_config = ConfigDict(extra="forbid")
    age_bands: dict[str, float] = Field(default_factory=dict)
    genders: dict[str, float] = Field(default_factory=dict)
    countries: dict[str, float] = Field(default_factory=dict)
    languages: dict[str, float] = Field(default_factory=dict)

    @field_validator("age_bands")
    @classmethod
    def _ages(cls, v: dict[str, float]) -> dict[str, float]:
        _check_shares("age_bands", v, AGE_BANDS)
        return v

    @field_validator("genders")
    @classmethod
    def _genders(cls, v: dict[str, float]) -> dict[str, float]:
        _check_shares("genders", v, GENDERS)
        return v

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: dict[str, float]) -> dict[str, float]:
        v = {k.upper(): x for k, x in v.items()}
        if any(len(k) != 2 or not k.isalpha() for k in v):
            raise ValueError("countries: keys must be ISO 3166-1 alpha-2 codes such as GB")
        _check_shares("countries", v, None)
        return v

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: dict[str, float]) -> dict[str, float]:
        v = {k.lower(): x for k, x in v.items()}
        _check_shares("languages", v, None)
        return v


class BrandIn(BaseModel):
    """Create or replace a brand."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=5000)
    voice: str = Field(default="", max_length=5000)
    website: str = Field(default="", max_length=255)
    values: list[str] = Field(default_factory=list, max_length=50)
    banned_words: list[str] = Field(default_factory=list, max_length=500)
    niches: list[str] = Field(default_factory=list, max_length=13)
    target_audience: TargetAudience = Field(default_factory=TargetAudience)
    tolerated_safety: list[str] = Field(default_factory=list, max_length=8,
                                        description="Brand-safety categories this brand accepts")

    @field_validator("niches")
    @classmethod
    def _niches(cls, v: list[str]) -> list[str]:
        return _valid_niches(v)

    @field_validator("tolerated_safety")
    @classmethod
    def _safety(cls, v: list[str]) -> list[str]:
        return _valid_safety(v)

    @field_validator("values", "banned_words")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        return [w.strip() for w in v if w.strip()]


class BrandPatch(BaseModel):
    """Change some fields of a brand."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=5000)
    voice: str | None = Field(default=None, max_length=5000)
    website: str | None = Field(default=None, max_length=255)
    values: list[str] | None = Field(default=None, max_length=50)
    banned_words: list[str] | None = Field(default=None, max_length=500)
    niches: list[str] | None = Field(default=None, max_length=13)
    target_audience: TargetAudience | None = None
    tolerated_safety: list[str] | None = Field(default=None, max_length=8)

    @field_validator("niches")
    @classmethod
    def _niches(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _valid_niches(v)

    @field_validator("tolerated_safety")
    @classmethod
    def _safety(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _valid_safety(v)


class BrandOut(BaseModel):
    """A brand as stored."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    description: str
    voice: str
    website: str
    values: list[str]
    banned_words: list[str]
    niches: list[str]
    target_audience: dict[str, Any]
    tolerated_safety: list[str]
    created_at: UtcDatetime
    updated_at: UtcDatetime
