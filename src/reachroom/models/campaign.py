"""Campaigns, the creators in each campaign's pipeline, and the activity timeline of both."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from reachroom.core.names import NAME_KEY_LENGTH, name_key, name_key_default
from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class Campaign(IdMixin, CreatedMixin, Base):
    """A brand's campaign: objective, budget, dates, status and the target it recruits for."""

    __tablename__ = "campaigns"
    __table_args__ = (Index("uq_campaigns_workspace_id_name_key", "workspace_id", "name_key", unique=True),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    brand_id: Mapped[int] = mapped_column(BigId, ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_LENGTH), default=name_key_default)  # see Brand.name_key
    objective: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    description: Mapped[str] = mapped_column(Text, default="")
    # money in minor units (pence, cents) so sums are exact on both databases
    budget_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # {"niches": [...], "tiers": [...], "platforms": [...], "countries": [...]}: the brief discovery searches with
    target: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # bumped on every save; a save that names an older version is refused (two people editing at once), and
    # the UPDATE itself says "WHERE version = <read>", so a race between two saves loses one of them, loudly
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _key(self, _, name: str) -> str:
        self.name_key = name_key(name)
        return name


class CampaignCreator(IdMixin, CreatedMixin, Base):
    """One creator account in a campaign's pipeline, at one stage."""

    __tablename__ = "campaign_creators"
    __table_args__ = (UniqueConstraint("campaign_id", "account_id"),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(24), default="invited")
    stage_changed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}


class CampaignEvent(IdMixin, Base):
    """Who did what, when, in a campaign: old → new for every stage move, status change and edit."""

    __tablename__ = "campaign_events"
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    campaign_creator_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"), nullable=True, index=True)
    actor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(24))  # created | edited | status | added | stage | removed
    old_value: Mapped[str] = mapped_column(String(200), default="")
    new_value: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, index=True)


class CampaignBrief(IdMixin, CreatedMixin, Base):
    """One version of a campaign's brief; a change is a new row (agreements and drafts point at a version)."""

    __tablename__ = "campaign_briefs"
    __table_args__ = (UniqueConstraint("campaign_id", "version"),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    key_messages: Mapped[str] = mapped_column(Text, default="")
    dos: Mapped[list] = mapped_column(JsonDoc, default=list)
    donts: Mapped[list] = mapped_column(JsonDoc, default=list)
    banned_words: Mapped[list] = mapped_column(JsonDoc, default=list)
    required_hashtags: Mapped[list] = mapped_column(JsonDoc, default=list)
    required_mentions: Mapped[list] = mapped_column(JsonDoc, default=list)
    required_links: Mapped[list] = mapped_column(JsonDoc, default=list)
    promo_codes: Mapped[list] = mapped_column(JsonDoc, default=list)
    disclosure_rules: Mapped[str] = mapped_column(String(8), default="uk")  # uk (ASA/CMA) | us (FTC)
    # [{"platform", "format", "count", "due_on", "usage_rights_days", "exclusivity_days"}]
    deliverables: Mapped[list] = mapped_column(JsonDoc, default=list)
    product: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Submission(IdMixin, CreatedMixin, Base):
    """One version of a creator's draft for a campaign, with its automated checks and the review."""

    __tablename__ = "campaign_submissions"
    __table_args__ = (UniqueConstraint("campaign_creator_id", "version"),)
    campaign_creator_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list] = mapped_column(JsonDoc, default=list)
    brief_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checks: Mapped[list] = mapped_column(JsonDoc, default=list)
    verdict: Mapped[str] = mapped_column(String(8), default="pass")  # pass | warn | fail
    status: Mapped[str] = mapped_column(String(24), default="in_review")  # in_review | approved | changes_requested
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # the post as published: its link, its caption, and the checks of that caption against this approved version
    live_url: Mapped[str] = mapped_column(String(500), default="")
    live_caption: Mapped[str] = mapped_column(Text, default="")
    live_checks: Mapped[list] = mapped_column(JsonDoc, default=list)
    live_verdict: Mapped[str] = mapped_column(String(8), default="")
    live_checked_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)


class SubmissionMedia(IdMixin, CreatedMixin, Base):
    """A file that came with a draft version: stored under a random key, its type read from its bytes."""

    __tablename__ = "campaign_submission_media"
    submission_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_submissions.id", ondelete="CASCADE"),
                                               index=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200), default="")  # shown only; never used as a path
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Agreement(IdMixin, CreatedMixin, Base):
    """One version of the terms with a creator; a change is a new version, acceptance records when and which."""

    __tablename__ = "campaign_agreements"
    __table_args__ = (UniqueConstraint("campaign_creator_id", "version"),)
    campaign_creator_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    brief_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fee_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # pence / cents
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    product_value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    deliverables: Mapped[list] = mapped_column(JsonDoc, default=list)
    usage_rights_days: Mapped[int] = mapped_column(Integer, default=0)
    exclusivity_days: Mapped[int] = mapped_column(Integer, default=0)
    payment_terms: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed | accepted | superseded
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    accepted_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # accepted by the brand on the creator's behalf (until the creator portal lets them accept themselves)
    on_behalf: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Payment(IdMixin, CreatedMixin, Base):
    """An amount due to a creator under an accepted agreement: due → approved → paid (or failed, then again)."""

    __tablename__ = "campaign_payments"
    campaign_creator_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"), index=True)
    agreement_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="fee")  # fee | product | shipping
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="due")
    method: Mapped[str] = mapped_column(String(40), default="")
    reference: Mapped[str] = mapped_column(String(120), default="")
    approved_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}


class Opportunity(IdMixin, CreatedMixin, Base):
    """A campaign published to creators: only what the brand chose to show, and who may take part."""

    __tablename__ = "campaign_opportunities"
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | closed
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    show_brand: Mapped[bool] = mapped_column(default=True)
    gifted_only: Mapped[bool] = mapped_column(default=False)
    fee_min_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    fee_max_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    # eligibility: empty lists and None mean "anyone"
    platforms: Mapped[list] = mapped_column(JsonDoc, default=list)
    countries: Mapped[list] = mapped_column(JsonDoc, default=list)
    niches: Mapped[list] = mapped_column(JsonDoc, default=list)
    min_followers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_followers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    min_authenticity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    published_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"),
                                                     nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}
