"""Outreach: email templates, the outbox (every message and its delivery attempts), the do-not-contact list and
each workspace's sender."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, utcnow


class EmailTemplate(IdMixin, CreatedMixin, Base):
    """A reusable outreach email with merge fields ({{ creator_name }}, {{ campaign }}, …)."""

    __tablename__ = "email_templates"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}


class OutboundEmail(IdMixin, CreatedMixin, Base):
    """One message in the outbox. The row is the durable job: the worker claims it with a lease, so a worker that
    dies mid-send leaves a row whose lease runs out and the next sweep sends it again."""

    __tablename__ = "outbound_emails"
    __table_args__ = (Index("ix_outbound_emails_due", "status", "next_attempt_at"),)
    # None for the app's own mail to creators in the portal (verify an address, reset a password): no workspace
    # sees those in its outbox
    workspace_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"),
                                                     nullable=True, index=True)
    campaign_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=True, index=True)
    campaign_creator_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="SET NULL"), nullable=True, index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    from_address: Mapped[str] = mapped_column(String(254))
    from_name: Mapped[str] = mapped_column(String(200), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # held (no mail server configured: stays in the outbox) | queued | sending | sent | failed
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    message_id: Mapped[str] = mapped_column(String(200), default="")
    # sha256 of the unsubscribe token in the message's link (the token itself is only in the message)
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class DoNotContact(IdMixin, CreatedMixin, Base):
    """An address the workspace must never email, kept as a keyed hash (and a masked form people can read)."""

    __tablename__ = "do_not_contact"
    __table_args__ = (UniqueConstraint("workspace_id", "address_hash"),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    address_hash: Mapped[str] = mapped_column(String(64))
    masked: Mapped[str] = mapped_column(String(254))
    reason: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | unsubscribe
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class MailSender(Base):
    """The workspace's sender identity and sending pace."""

    __tablename__ = "mail_senders"
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"),
                                              primary_key=True)
    from_name: Mapped[str] = mapped_column(String(200), default="")
    from_address: Mapped[str] = mapped_column(String(254), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    per_minute: Mapped[int] = mapped_column(Integer, default=30)
