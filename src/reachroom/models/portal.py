"""The creator realm: creators' own logins (apart from workspace members), their sessions, one-time email links
(verify an address, reset a password) and their profile — shipping address and payout details encrypted."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


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


class CreatorApiToken(IdMixin, CreatedMixin, Base):
    """A creator's bearer token for the portal API (`rrc_…`); only its SHA-256 hash is stored. A separate table
    from workspace tokens, so neither kind can ever resolve as the other."""

    __tablename__ = "creator_api_tokens"
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)


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
    """A creator's claim to a catalogue account, proved by a one-time code placed in the account's bio, or approved
    by an admin of a workspace that works with the account (after the creator asked for it)."""

    __tablename__ = "creator_account_claims"
    __table_args__ = (UniqueConstraint("creator_user_id", "account_id"),)
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | review | verified | rejected
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    method: Mapped[str] = mapped_column(String(8), default="", server_default="")  # code | admin, once verified
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")  # the creator's, to the brand
    review_requested_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_workspace_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="SET NULL"),
                                                             nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    rejection_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class Bid(IdMixin, CreatedMixin, Base):
    """A creator's bid on an opportunity, for one of their proved accounts: open → countered → accepted, or
    declined / withdrawn. Counter-offers and replies are its messages. At most one open (or countered) bid per
    creator and campaign: a partial unique index, so two bids at once cannot both get in."""

    __tablename__ = "creator_bids"
    __table_args__ = (Index("uq_creator_bids_one_open", "creator_user_id", "campaign_id", unique=True,
                            sqlite_where=text("status IN ('open', 'countered')"),
                            postgresql_where=text("status IN ('open', 'countered')")),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    fee_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # the fee on the table now (the last offer)
    currency: Mapped[str] = mapped_column(String(3))
    gifted_only: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    # the creator's proposed terms: [{"format": "reel", "count": 2, "fee_minor": 15000}, …] (fee_minor is their
    # sum when given) and the dates they propose to post between
    deliverables: Mapped[list] = mapped_column(JsonDoc, default=list, server_default="[]")
    starts_on: Mapped[date | None] = mapped_column(Date(), nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date(), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # see the class docstring
    campaign_creator_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}


class BidMessage(IdMixin, CreatedMixin, Base):
    """One turn of a bid's thread: the creator's bid, a brand's counter-offer, a reply."""

    __tablename__ = "creator_bid_messages"
    bid_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_bids.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(8))  # creator | brand
    fee_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")


class CreatorNotification(IdMixin, CreatedMixin, Base):
    """Something a creator should know: a new opportunity that fits, a counter-offer, a review, a payment."""

    __tablename__ = "creator_notifications"
    creator_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_users.id", ondelete="CASCADE"),
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(16))  # opportunity | bid | review | payment
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(200), default="")
    read_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
