"""Pydantic shapes for the creator portal: sign-up, password, profile (rates, address, payout details)."""

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.campaigns.gifting.schemas import Address
from reachroom.campaigns.schemas import FORMAT_NAMES
from reachroom.core.emails import Email
from reachroom.core.vocab import NICHE_SLUGS, PLATFORM_NAMES, currency_code

MIN_PASSWORD = 10
Format = Literal["post", "carousel", "reel", "story", "video", "short"]


class SignupIn(BaseModel):
    """A creator's new account."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    email: Email
    password: str = Field(min_length=MIN_PASSWORD, max_length=200)


class PasswordIn(BaseModel):
    """A new password (from a reset link)."""

    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=MIN_PASSWORD, max_length=200)


class RateIn(BaseModel):
    """What the creator charges for one deliverable of a format."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    format: Format
    amount: Decimal = Field(ge=0, le=Decimal("1000000"), decimal_places=2)
    currency: str = Field(default="GBP", min_length=1, max_length=12)

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        return currency_code(v)


class ProfileIn(BaseModel):
    """The creator's profile; `address` and `payout` are only changed when given (and stored encrypted)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    handles: list[str] = Field(default_factory=list, max_length=10)
    niches: list[str] = Field(default_factory=list, max_length=13)
    country: str = Field(default="", max_length=2)
    languages: list[str] = Field(default_factory=list, max_length=10)
    rates: list[RateIn] = Field(default_factory=list, max_length=len(FORMAT_NAMES))
    address: Address | None = None
    payout: str | None = Field(default=None, min_length=6, max_length=64,
                               description="IBAN, sort code and account, or a PayPal address")

    @field_validator("handles")
    @classmethod
    def _handles(cls, v: list[str]) -> list[str]:
        out = []
        for h in v:
            platform, _, handle = h.strip().lower().rpartition(":")
            handle = handle.lstrip("@")
            if platform not in PLATFORM_NAMES or not re.fullmatch(r"[a-z0-9._]{1,60}", handle):
                raise ValueError(f"{h!r}: write handles as platform:handle, e.g. instagram:anna.makes "
                                 f"(platforms: {', '.join(PLATFORM_NAMES)})")
            out.append(f"{platform}:{handle}")
        return list(dict.fromkeys(out))

    @field_validator("niches")
    @classmethod
    def _niches(cls, v: list[str]) -> list[str]:
        bad = [n for n in v if n not in NICHE_SLUGS]
        if bad:
            raise ValueError(f"unknown niche {bad[0]!r}")
        return list(dict.fromkeys(v))

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        if v and not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError("a two-letter country code, e.g. GB")
        return v.upper()

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        if any(not re.fullmatch(r"[a-z]{2}", x.lower()) for x in v):
            raise ValueError("two-letter language codes, e.g. en, fr")
        return [x.lower() for x in v]


class ProfileOut(BaseModel):
    """The creator's own view of their profile: the address in full, payout details masked only."""

    email: str
    name: str
    email_verified: bool
    handles: list[str]
    niches: list[str]
    country: str
    languages: list[str]
    rates: list[RateIn]
    address: Address | None
    payout_masked: str
