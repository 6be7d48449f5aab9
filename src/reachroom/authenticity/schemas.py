"""Pydantic shapes of authenticity results and follower-sample uploads."""

from typing import Any

from pydantic import BaseModel, Field

from reachroom.core.types import UtcDatetime


class SignalOut(BaseModel):
    """One signal: value, peer comparison, evidence, confidence and its effect on the score."""

    key: str
    label: str
    available: bool
    value: float | None
    display: str
    peer: str
    evidence: list[dict[str, Any]]
    confidence: float = Field(description="0–1: how much data the signal rests on")
    risk: float = Field(description="0–1: how strongly the signal points at inauthentic followers or engagement")
    effect: float = Field(description="points this signal took off the score (0 or negative)")
    flagged: bool
    direction: str | None
    sentence: str
    details: dict[str, Any] = {}


class FollowerSampleOut(BaseModel):
    """The follower-sample breakdown: corrected suspicious share with its interval, audience types, reachability."""

    n: int
    suspicious_share: float | None
    suspicious_share_low: float | None
    suspicious_share_high: float | None
    audience_types: dict[str, Any]
    reachability: dict[str, Any]
    model_version: str | None
    includes_private_upload: bool
    quiet: dict[str, Any] | None = Field(
        default=None, description="quiet followers (under 100 followers, following 100-1,000, at most 3 posts): "
        "n in the sample and n flagged; real people who rarely post look like this, so flags among them are doubtful "
        "(None for scores stored before method auth-2026.12.7). Since auth-2026.12.8 also expected_fakes (the "
        "fakes the model expects among them) and share_low_model (the interval's low end before it was stretched "
        "down to the reading in which they are all real people; None when not stretched)")


class AuthenticityOut(BaseModel):
    """An account's authenticity score with every signal and where it came from."""

    account_id: int
    score: float | None
    level: str
    level_label: str
    confidence: float
    confidence_label: str
    explanation: str
    signals: list[SignalOut]
    movers: list[str] = Field(description="keys of the signals that took points off, largest first")
    follower_sample: FollowerSampleOut | None
    scope: str = Field(description="'shared' (shared data only) or 'workspace' (includes your private uploads)")
    method_version: str
    computed_at: UtcDatetime | None
    stored: bool = Field(description="false when computed on request because the job has not run yet")


class UploadOut(BaseModel):
    """What a follower-sample upload stored, and the account's new authenticity."""

    upload_id: int
    account_id: int
    rows: int
    filename: str
    authenticity: AuthenticityOut
