"""All SQL for campaigns, their pipelines and timelines, scoped by the workspace context."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reachroom.core.names import name_key
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.repository import visible_accounts
from reachroom.models import (
    AccountStats,
    Agreement,
    Brand,
    Campaign,
    CampaignBrief,
    CampaignCreator,
    CampaignEvent,
    Creator,
    Payment,
    SocialAccount,
    Submission,
    SubmissionMedia,
    User,
)


def campaigns(db: Session, ctx: WorkspaceContext, brand_id: int | None = None,
              status: str | None = None) -> list[tuple[Campaign, str, str | None]]:
    """(campaign, brand name, owner email) of the workspace, newest first."""
    stmt = (
        select(Campaign, Brand.name, User.email)
        .join(Brand, Brand.id == Campaign.brand_id)
        .outerjoin(User, User.id == Campaign.owner_id)
        .where(Campaign.workspace_id == ctx.workspace_id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    if brand_id is not None:
        stmt = stmt.where(Campaign.brand_id == brand_id)
    if status is not None:
        stmt = stmt.where(Campaign.status == status)
    return [(c, b, e) for c, b, e in db.execute(stmt)]


def get(db: Session, ctx: WorkspaceContext, campaign_id: int) -> tuple[Campaign, str, str | None] | None:
    """(campaign, brand name, owner email) or None."""
    stmt = (
        select(Campaign, Brand.name, User.email)
        .join(Brand, Brand.id == Campaign.brand_id)
        .outerjoin(User, User.id == Campaign.owner_id)
        .where(Campaign.workspace_id == ctx.workspace_id, Campaign.id == campaign_id)
    )
    row = db.execute(stmt).first()
    return (row[0], row[1], row[2]) if row else None


def by_name(db: Session, ctx: WorkspaceContext, name: str) -> Campaign | None:
    stmt = select(Campaign).where(Campaign.workspace_id == ctx.workspace_id, Campaign.name_key == name_key(name))
    return db.scalar(stmt)


def stage_counts(db: Session, campaign_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """{campaign id: {stage: creators}} for the given campaigns."""
    if not campaign_ids:
        return {}
    stmt = (select(CampaignCreator.campaign_id, CampaignCreator.stage, func.count())
            .where(CampaignCreator.campaign_id.in_(campaign_ids))
            .group_by(CampaignCreator.campaign_id, CampaignCreator.stage))
    out: dict[int, dict[str, int]] = {}
    for cid, stage, n in db.execute(stmt):
        out.setdefault(cid, {})[stage] = n
    return out


def pipeline(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int | None = None) -> list[tuple]:
    """(entry, account, creator, stats) of a campaign (or of one entry), in the order they were added; visible
    accounts only."""
    stmt = (
        select(CampaignCreator, SocialAccount, Creator, AccountStats)
        .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
        .join(Creator, Creator.id == SocialAccount.creator_id)
        .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
        .where(CampaignCreator.campaign_id == campaign_id, visible_accounts(ctx))
        .order_by(CampaignCreator.created_at, CampaignCreator.id)
    )
    if entry_id is not None:
        stmt = stmt.where(CampaignCreator.id == entry_id)
    return [tuple(r) for r in db.execute(stmt)]


def entry(db: Session, campaign_id: int, entry_id: int) -> CampaignCreator | None:
    stmt = select(CampaignCreator).where(CampaignCreator.campaign_id == campaign_id, CampaignCreator.id == entry_id)
    return db.scalar(stmt)


def entries(db: Session, campaign_id: int, entry_ids: Sequence[int]) -> list[CampaignCreator]:
    stmt = select(CampaignCreator).where(CampaignCreator.campaign_id == campaign_id,
                                         CampaignCreator.id.in_(entry_ids))
    return list(db.scalars(stmt))


def account_ids_in(db: Session, campaign_id: int) -> set[int]:
    return set(db.scalars(select(CampaignCreator.account_id).where(CampaignCreator.campaign_id == campaign_id)))


def visible_account_ids(db: Session, ctx: WorkspaceContext, account_ids: Sequence[int]) -> set[int]:
    """Which of these accounts this workspace may see (the shared catalogue or its own)."""
    if not account_ids:
        return set()
    stmt = select(SocialAccount.id).where(SocialAccount.id.in_(account_ids), visible_accounts(ctx))
    return set(db.scalars(stmt))


def events(db: Session, campaign_id: int, entry_id: int | None = None, limit: int = 200) -> list[tuple]:
    """(event, actor email, account handle) newest first; one creator's when `entry_id` is given."""
    stmt = (
        select(CampaignEvent, User.email, SocialAccount.handle)
        .outerjoin(User, User.id == CampaignEvent.actor_id)
        .outerjoin(CampaignCreator, CampaignCreator.id == CampaignEvent.campaign_creator_id)
        .outerjoin(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
        .where(CampaignEvent.campaign_id == campaign_id)
        .order_by(CampaignEvent.at.desc(), CampaignEvent.id.desc())
        .limit(limit)
    )
    if entry_id is not None:
        stmt = stmt.where(CampaignEvent.campaign_creator_id == entry_id)
    return [tuple(r) for r in db.execute(stmt)]


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def delete(db: Session, row: object) -> None:
    db.delete(row)
    db.flush()


def latest_brief(db: Session, campaign_id: int) -> tuple[CampaignBrief, str | None] | None:
    """(the newest brief version, its author's email) or None."""
    stmt = (select(CampaignBrief, User.email).outerjoin(User, User.id == CampaignBrief.created_by)
            .where(CampaignBrief.campaign_id == campaign_id).order_by(CampaignBrief.version.desc()).limit(1))
    row = db.execute(stmt).first()
    return (row[0], row[1]) if row else None


def brief_versions(db: Session, campaign_id: int) -> list[tuple[CampaignBrief, str | None]]:
    """Every version of a campaign's brief with its author's email, newest first."""
    stmt = (select(CampaignBrief, User.email).outerjoin(User, User.id == CampaignBrief.created_by)
            .where(CampaignBrief.campaign_id == campaign_id).order_by(CampaignBrief.version.desc()))
    return [(b, e) for b, e in db.execute(stmt)]


def submissions(db: Session, entry_id: int) -> list[tuple[Submission, str | None]]:
    """A creator's drafts in a campaign with the reviewer's email, newest first."""
    stmt = (select(Submission, User.email).outerjoin(User, User.id == Submission.reviewer_id)
            .where(Submission.campaign_creator_id == entry_id).order_by(Submission.version.desc()))
    return [(s, e) for s, e in db.execute(stmt)]


def submission(db: Session, entry_id: int, submission_id: int) -> Submission | None:
    stmt = select(Submission).where(Submission.campaign_creator_id == entry_id, Submission.id == submission_id)
    return db.scalar(stmt)


def agreements(db: Session, entry_id: int) -> list[tuple[Agreement, str | None]]:
    """A creator's agreement versions with the accepter's email, newest first."""
    stmt = (select(Agreement, User.email).outerjoin(User, User.id == Agreement.accepted_by)
            .where(Agreement.campaign_creator_id == entry_id).order_by(Agreement.version.desc()))
    return [(a, e) for a, e in db.execute(stmt)]


def accepted_agreements(db: Session, campaign_id: int) -> list[tuple[Agreement, str]]:
    """(accepted agreement, handle) of every creator of a campaign."""
    stmt = (select(Agreement, SocialAccount.handle)
            .join(CampaignCreator, CampaignCreator.id == Agreement.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignCreator.campaign_id == campaign_id, Agreement.status == "accepted")
            .order_by(CampaignCreator.id))
    return [(a, h) for a, h in db.execute(stmt)]


def payments(db: Session, campaign_id: int, entry_id: int | None = None) -> list[tuple[Payment, str]]:
    """(payment, handle) of a campaign (or one creator of it), oldest first."""
    stmt = (select(Payment, SocialAccount.handle)
            .join(CampaignCreator, CampaignCreator.id == Payment.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignCreator.campaign_id == campaign_id).order_by(Payment.id))
    if entry_id is not None:
        stmt = stmt.where(Payment.campaign_creator_id == entry_id)
    return [(p, h) for p, h in db.execute(stmt)]


def payment(db: Session, campaign_id: int, payment_id: int) -> Payment | None:
    stmt = (select(Payment).join(CampaignCreator, CampaignCreator.id == Payment.campaign_creator_id)
            .where(CampaignCreator.campaign_id == campaign_id, Payment.id == payment_id))
    return db.scalar(stmt)


def media_of(db: Session, submission_ids: Sequence[int]) -> dict[int, list[SubmissionMedia]]:
    """{submission id: its files, in upload order}."""
    out: dict[int, list[SubmissionMedia]] = {}
    if submission_ids:
        stmt = (select(SubmissionMedia).where(SubmissionMedia.submission_id.in_(submission_ids))
                .order_by(SubmissionMedia.id))
        for m in db.scalars(stmt):
            out.setdefault(m.submission_id, []).append(m)
    return out


def media_in_campaign(db: Session, campaign_id: int, media_id: int,
                      entry_id: int | None = None) -> SubmissionMedia | None:
    """One file of a draft of this campaign (of this creator's entry only, when given)."""
    stmt = (select(SubmissionMedia).join(Submission, Submission.id == SubmissionMedia.submission_id)
            .join(CampaignCreator, CampaignCreator.id == Submission.campaign_creator_id)
            .where(CampaignCreator.campaign_id == campaign_id, SubmissionMedia.id == media_id))
    if entry_id is not None:
        stmt = stmt.where(CampaignCreator.id == entry_id)
    return db.scalar(stmt)
