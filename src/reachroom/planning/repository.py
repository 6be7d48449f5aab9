"""All SQL of planning. Accounts come from a discovery search already limited to the caller's workspace; plans,
agreed fees and rate tables are read by the caller's workspace id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reachroom.models import (
    Agreement,
    AudienceProfile,
    Campaign,
    CampaignCreator,
    CurrencyTable,
    Post,
    PostSnapshot,
    SavedPlan,
    SocialAccount,
)

HISTORY_POSTS = 30  # a candidate's newest posts the forecast reads


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def audiences(db: Session, account_ids: Sequence[int]) -> dict[int, AudienceProfile]:
    """The newest audience profile of each account that has one."""
    out: dict[int, AudienceProfile] = {}
    for row in db.scalars(select(AudienceProfile).where(AudienceProfile.account_id.in_(account_ids))
                          .order_by(AudienceProfile.collected_at, AudienceProfile.id)):
        out[row.account_id] = row
    return out


def histories(db: Session, account_ids: Sequence[int]) -> dict[int, list[tuple[Post, PostSnapshot | None]]]:
    """Each account's newest posts, each with its latest snapshot."""
    ranked = (select(Post.id, func.row_number().over(partition_by=Post.account_id,
                                                     order_by=(Post.posted_at.desc(), Post.id.desc())).label("n"))
              .where(Post.account_id.in_(account_ids)).subquery())
    posts = list(db.scalars(select(Post).join(ranked, ranked.c.id == Post.id).where(ranked.c.n <= HISTORY_POSTS)))
    latest: dict[int, PostSnapshot] = {}
    ids = [p.id for p in posts]
    for start in range(0, len(ids), 5000):
        for snap in db.scalars(select(PostSnapshot).where(PostSnapshot.post_id.in_(ids[start:start + 5000]))
                               .order_by(PostSnapshot.collected_at, PostSnapshot.id)):
            latest[snap.post_id] = snap
    out: dict[int, list[tuple[Post, PostSnapshot | None]]] = defaultdict(list)
    for p in posts:
        out[p.account_id].append((p, latest.get(p.id)))
    return out


def agreed_fees(db: Session, workspace_id: int) -> list[tuple[Agreement, SocialAccount]]:
    """Every accepted terms of the workspace's campaigns (accepted bids become these) with the creator's account."""
    stmt = (select(Agreement, SocialAccount)
            .join(CampaignCreator, CampaignCreator.id == Agreement.campaign_creator_id)
            .join(Campaign, Campaign.id == CampaignCreator.campaign_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(Campaign.workspace_id == workspace_id, Agreement.status == "accepted", Agreement.fee_minor > 0)
            .order_by(Agreement.id))
    return [(a, s) for a, s in db.execute(stmt).all()]


def campaign_account_ids(db: Session, campaign_id: int) -> set[int]:
    return set(db.scalars(select(CampaignCreator.account_id).where(CampaignCreator.campaign_id == campaign_id)))


def plan(db: Session, workspace_id: int, plan_id: int) -> SavedPlan | None:
    return db.scalar(select(SavedPlan).where(SavedPlan.id == plan_id, SavedPlan.workspace_id == workspace_id))


def plans(db: Session, workspace_id: int, brand_id: int | None = None, campaign_id: int | None = None,
          limit: int = 50) -> list[SavedPlan]:
    stmt = select(SavedPlan).where(SavedPlan.workspace_id == workspace_id)
    if brand_id is not None:
        stmt = stmt.where(SavedPlan.brand_id == brand_id)
    if campaign_id is not None:
        stmt = stmt.where(SavedPlan.campaign_id == campaign_id)
    return list(db.scalars(stmt.order_by(SavedPlan.updated_at.desc(), SavedPlan.id.desc()).limit(limit)))


def newest_currency_table(db: Session, workspace_id: int) -> CurrencyTable | None:
    return db.scalar(select(CurrencyTable).where(CurrencyTable.workspace_id == workspace_id)
                     .order_by(CurrencyTable.version.desc()).limit(1))
