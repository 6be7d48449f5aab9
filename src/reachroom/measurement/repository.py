"""All SQL of measurement. Every query is by a campaign the service has already found in the caller's workspace."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reachroom.models import (
    CampaignCreator,
    CampaignPost,
    EmvTable,
    Post,
    PostMetricSnapshot,
    ReportShare,
    SocialAccount,
)


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def posts(db: Session, campaign_id: int) -> list[tuple[CampaignPost, str, str]]:
    """(post, handle, platform) of every post ever linked to the campaign, by posting time then link order."""
    stmt = (select(CampaignPost, SocialAccount.handle, SocialAccount.platform)
            .join(CampaignCreator, CampaignCreator.id == CampaignPost.campaign_creator_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignPost.campaign_id == campaign_id)
            .order_by(CampaignPost.posted_at, CampaignPost.id))
    return [(p, h, pl) for p, h, pl in db.execute(stmt)]


def post(db: Session, campaign_id: int, post_id: int) -> CampaignPost | None:
    return db.scalar(select(CampaignPost).where(CampaignPost.campaign_id == campaign_id, CampaignPost.id == post_id))


def post_by_url(db: Session, campaign_id: int, url: str) -> CampaignPost | None:
    return db.scalar(select(CampaignPost).where(CampaignPost.campaign_id == campaign_id, CampaignPost.url == url))


def snapshots(db: Session, post_ids: list[int]) -> dict[int, list[PostMetricSnapshot]]:
    """{post id: its snapshots, oldest first}."""
    out: dict[int, list[PostMetricSnapshot]] = {}
    if post_ids:
        stmt = (select(PostMetricSnapshot).where(PostMetricSnapshot.campaign_post_id.in_(post_ids))
                .order_by(PostMetricSnapshot.collected_at, PostMetricSnapshot.id))
        for s in db.scalars(stmt):
            out.setdefault(s.campaign_post_id, []).append(s)
    return out


def newest_emv_table(db: Session, workspace_id: int) -> EmvTable | None:
    return db.scalar(select(EmvTable).where(EmvTable.workspace_id == workspace_id)
                     .order_by(EmvTable.version.desc()).limit(1))


def shares(db: Session, campaign_id: int) -> list[ReportShare]:
    return list(db.scalars(select(ReportShare).where(ReportShare.campaign_id == campaign_id)
                           .order_by(ReportShare.id.desc())))


def share(db: Session, campaign_id: int, share_id: int) -> ReportShare | None:
    return db.scalar(select(ReportShare).where(ReportShare.campaign_id == campaign_id, ReportShare.id == share_id))


def share_by_hash(db: Session, token_hash: str, now: datetime) -> ReportShare | None:
    """A live link: not revoked, not expired."""
    return db.scalar(select(ReportShare).where(ReportShare.token_hash == token_hash, ReportShare.revoked_at.is_(None),
                                               ReportShare.expires_at > now))


def catalogue_posts(db: Session, account_ids: list[int], start: datetime, end: datetime) -> list[Post]:
    """The accounts' posts published between start and end, oldest first."""
    if not account_ids:
        return []
    return list(db.scalars(select(Post).where(Post.account_id.in_(account_ids), Post.posted_at >= start,
                                              Post.posted_at <= end).order_by(Post.posted_at, Post.id)))
