"""Pydantic shapes for users, members and tokens."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reachroom.core.emails import Email
from reachroom.core.types import UtcDatetime

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
    created_at: UtcDatetime
    last_used_at: UtcDatetime | None
    revoked_at: UtcDatetime | None


class TokenCreated(TokenOut):
    """A new token, with its secret shown this once."""

    token: str


class MemberInvite(BaseModel):
    """Invite a person to the workspace by email; they join when they accept."""

    model_config = ConfigDict(extra="forbid")
    email: Email
    role: Role = "member"


class InvitationOut(BaseModel):
    """A pending invitation: the inviter sees the email and role, not who (if anyone) owns the email."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str
    role: Role
    status: Literal["invited"] = "invited"
    created_at: UtcDatetime
    expires_at: UtcDatetime


class InvitationCreated(InvitationOut):
    """A new invitation with its link, shown this once (only a hash of the token is stored)."""

    accept_url: str


class InvitationAccept(BaseModel):
    """The token from an invitation link."""

    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=1, max_length=200)


class MemberOut(BaseModel):
    """A member of the workspace."""

    id: int
    user_id: int
    email: str
    name: str
    role: Role
