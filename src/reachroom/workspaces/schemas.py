"""Pydantic shapes for users, members and tokens."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reachroom.core.emails import Email

Role = Literal["owner", "admin", "member", "viewer"]


class MeOut(BaseModel):
    """The caller: user, current workspace and role."""

    user_id: int
    email: str
    name: str
    workspace_id: int
    workspace_name: str
    role: Role


class TokenCreate(BaseModel):
    """Input to create an API token."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)


class TokenOut(BaseModel):
    """A token as listed (never the secret)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    """A new token, with its secret shown this once."""

    token: str


class MemberInvite(BaseModel):
    """Add a person to the workspace."""

    model_config = ConfigDict(extra="forbid")
    email: Email
    name: str = Field(default="", max_length=120)
    role: Role = "member"
    password: str = Field(min_length=10, max_length=200)


class MemberOut(BaseModel):
    """A member of the workspace."""

    id: int
    user_id: int
    email: str
    name: str
    role: Role
