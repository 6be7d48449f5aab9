"""The creator realm: creators' own logins (apart from workspace members), their sessions, one-time email links
(verify an address, reset a password) and their profile — shipping address and payout details encrypted."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc


class CreatorUser(IdMixin, CreatedMixin, Base):
    """A creator who logs in to the portal."""

    __tablename__ = "creator_users"
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # profile: what brands may see once the creator bids or agrees (not the address or payout details)
    handles: Mapped[list] = mapped_column(JsonDoc, default=list)  # ["instagram:anna.makes", …]
    niches: Mapped[list] = mapped_column(JsonDoc, default=list)
    country: Mapped[str] = mapped_column(String(2), default="")
    languages: Mapped[list] = mapped_column(JsonDoc, default=list)
    rates: Mapped[list] = mapped_column(JsonDoc, default=list)  # [{"format": "reel", "amount_minor": …, …}]
    address_encrypted: Mapped[str] = mapped_column(Text, default="")
    payout_encrypted: Mapped[str] = mapped_column(Text, default="")
    payout_masked: Mapped[str] = mapped_column(String(64), default="")


class CreatorSession(IdMixin, CreatedMixin, Base):
    """A creator's browser login; the cookie holds a random token, the table its hash."""

    __tablename__ = "creator_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime())


class CreatorEmailLink(IdMixin, CreatedMixin, Base):
    """A one-time link sent by email: verify the address, or reset the password. Only its hash is stored."""

    __tablename__ = "creator_email_links"
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    purpose: Mapped[str] = mapped_column(String(8))  # verify | reset
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime())
    used_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)


class AccountClaim(IdMixin, CreatedMixin, Base):
    """A creator's claim to a catalogue account, proved by a one-time code placed in the account's bio."""

    __tablename__ = "creator_account_claims"
    __table_args__ = (UniqueConstraint("creator_user_id", "account_id"),)
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | verified
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
