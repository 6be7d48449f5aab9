"""All SQL for the creator portal. Every query is by the creator's own id: a creator reaches only their rows (and
the campaign rows of accounts they have proved are theirs)."""

import json
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import String, delete, func, or_, select, true, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.models import (
    AccountAuthenticity,
    AccountClaim,
    AccountStats,
    Agreement,
    Bid,
    BidMessage,
    Brand,
    BrandFit,
    Campaign,
    CampaignBrief,
    CampaignCreator,
    CampaignPost,
    CreatorApiToken,
    CreatorEmailLink,
    CreatorNotification,
    CreatorSession,
    CreatorUser,
    Opportunity,
    Payment,
    PostMetricSnapshot,
    SocialAccount,
)


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def by_email(db: Session, email: str) -> CreatorUser | None:
    return db.scalar(select(CreatorUser).where(CreatorUser.email == email.lower()))


def by_id(db: Session, creator_user_id: int) -> CreatorUser | None:
    return db.get(CreatorUser, creator_user_id)


def session_by_hash(db: Session, token_hash: str, now: datetime) -> tuple[CreatorSession, CreatorUser] | None:
    stmt = (select(CreatorSession, CreatorUser).join(CreatorUser, CreatorUser.id == CreatorSession.creator_user_id)
            .where(CreatorSession.token_hash == token_hash, CreatorSession.expires_at > now,
                   CreatorUser.is_active.is_(True)))
    row = db.execute(stmt).first()
    return (row[0], row[1]) if row else None


def end_session(db: Session, token_hash: str) -> None:
    db.execute(delete(CreatorSession).where(CreatorSession.token_hash == token_hash))


def end_all_sessions(db: Session, creator_user_id: int) -> None:
    db.execute(delete(CreatorSession).where(CreatorSession.creator_user_id == creator_user_id))


def link_by_hash(db: Session, token_hash: str, purpose: str) -> CreatorEmailLink | None:
    return db.scalar(select(CreatorEmailLink).where(CreatorEmailLink.token_hash == token_hash,
                                                    CreatorEmailLink.purpose == purpose))


def delete_user(db: Session, user: CreatorUser) -> None:
    db.delete(user)
    db.flush()


# ---------- API tokens ----------

def token_by_hash(db: Session, token_hash: str) -> tuple[CreatorApiToken, CreatorUser] | None:
    """A live (not revoked) token and its active creator."""
    stmt = (select(CreatorApiToken, CreatorUser).join(CreatorUser, CreatorUser.id == CreatorApiToken.creator_user_id)
            .where(CreatorApiToken.token_hash == token_hash, CreatorApiToken.revoked_at.is_(None),
                   CreatorUser.is_active.is_(True)))
    row = db.execute(stmt).first()
    return (row[0], row[1]) if row else None


def tokens_of(db: Session, creator_user_id: int) -> list[CreatorApiToken]:
    """The creator's tokens, newest first (revoked ones too: the list says so)."""
    stmt = (select(CreatorApiToken).where(CreatorApiToken.creator_user_id == creator_user_id)
            .order_by(CreatorApiToken.id.desc()))
    return list(db.scalars(stmt))


def token_of(db: Session, creator_user_id: int, token_id: int) -> CreatorApiToken | None:
    return db.scalar(select(CreatorApiToken).where(CreatorApiToken.creator_user_id == creator_user_id,
                                                   CreatorApiToken.id == token_id))


def touch_token(db: Session, token_id: int, now: datetime) -> None:
    db.execute(update(CreatorApiToken).where(CreatorApiToken.id == token_id).values(last_used_at=now))


# ---------- claims and the creator's campaigns ----------

def _works_with(workspace_id: int):
    """Account ids in this workspace's campaigns: the accounts its admins may vouch for."""
    return (select(CampaignCreator.account_id).join(Campaign, Campaign.id == CampaignCreator.campaign_id)
            .where(Campaign.workspace_id == workspace_id))


def _asked(workspace_id: int):
    """Claims whose creator asked for review, on accounts this workspace works with, joined to creator and account."""
    return (select(AccountClaim, CreatorUser, SocialAccount)
            .join(CreatorUser, CreatorUser.id == AccountClaim.creator_user_id)
            .join(SocialAccount, SocialAccount.id == AccountClaim.account_id)
            .where(AccountClaim.review_requested_at.is_not(None),
                   AccountClaim.account_id.in_(_works_with(workspace_id))))


def claims_for_review(db: Session, workspace_id: int) -> list[tuple]:
    """(claim, creator, account) of every claim awaiting review on an account this workspace works with, oldest
    request first."""
    stmt = (_asked(workspace_id).where(AccountClaim.status == "review")
            .order_by(AccountClaim.review_requested_at, AccountClaim.id))
    return [tuple(r) for r in db.execute(stmt)]


def asked_claim(db: Session, workspace_id: int, claim_id: int) -> tuple | None:
    """(claim, creator, account) of one claim that asked this workspace for review, whatever became of it since."""
    row = db.execute(_asked(workspace_id).where(AccountClaim.id == claim_id)).first()
    return tuple(row) if row else None


def take_for_decision(db: Session, claim_id: int, actor_id: int | None, workspace_id: int, now: datetime) -> bool:
    """Record who decides a claim still awaiting review; False when someone decided it first (the row is then left
    alone)."""
    stmt = (update(AccountClaim).where(AccountClaim.id == claim_id, AccountClaim.status == "review")
            .values(decided_by=actor_id, decided_workspace_id=workspace_id, decided_at=now))
    return db.execute(stmt).rowcount == 1  # type: ignore[attr-defined]


def campaigns_with_account(db: Session, workspace_id: int, account_ids: list[int]) -> dict[int, list[str]]:
    """{account id: names of this workspace's campaigns it is in}."""
    out: dict[int, list[str]] = {}
    if account_ids:
        stmt = (select(CampaignCreator.account_id, Campaign.name)
                .join(Campaign, Campaign.id == CampaignCreator.campaign_id)
                .where(Campaign.workspace_id == workspace_id, CampaignCreator.account_id.in_(account_ids))
                .order_by(Campaign.name))
        for account_id, name in db.execute(stmt):
            out.setdefault(account_id, []).append(name)
    return out


def reviewers_exist(db: Session, account_id: int) -> bool:
    """True when some workspace has the account in a campaign (someone could approve a claim on it)."""
    return db.scalar(select(CampaignCreator.id).where(CampaignCreator.account_id == account_id).limit(1)) is not None


def catalogue_account(db: Session, platform: str, handle: str) -> SocialAccount | None:
    """A shared-catalogue account (not a workspace's private one) by platform and handle."""
    stmt = select(SocialAccount).where(SocialAccount.workspace_id.is_(None), SocialAccount.platform == platform,
                                       func.lower(SocialAccount.handle) == handle.lower())
    return db.scalar(stmt)


def claims_of(db: Session, creator_user_id: int) -> list[tuple[AccountClaim, SocialAccount]]:
    stmt = (select(AccountClaim, SocialAccount).join(SocialAccount, SocialAccount.id == AccountClaim.account_id)
            .where(AccountClaim.creator_user_id == creator_user_id).order_by(AccountClaim.id))
    return [(c, a) for c, a in db.execute(stmt)]


def claim(db: Session, creator_user_id: int, claim_id: int) -> tuple[AccountClaim, SocialAccount] | None:
    stmt = (select(AccountClaim, SocialAccount).join(SocialAccount, SocialAccount.id == AccountClaim.account_id)
            .where(AccountClaim.creator_user_id == creator_user_id, AccountClaim.id == claim_id))
    row = db.execute(stmt).first()
    return (row[0], row[1]) if row else None


def verified_elsewhere(db: Session, account_id: int, creator_user_id: int) -> bool:
    stmt = select(AccountClaim.id).where(AccountClaim.account_id == account_id, AccountClaim.status == "verified",
                                         AccountClaim.creator_user_id != creator_user_id).limit(1)
    return db.scalar(stmt) is not None


def my_entries(db: Session, creator_user_id: int, entry_id: int | None = None) -> list[tuple]:
    """(entry, campaign, brand name, handle) for the campaigns the creator's verified accounts are in."""
    verified = select(AccountClaim.account_id).where(AccountClaim.creator_user_id == creator_user_id,
                                                     AccountClaim.status == "verified")
    stmt = (select(CampaignCreator, Campaign, Brand.name, SocialAccount.handle)
            .join(Campaign, Campaign.id == CampaignCreator.campaign_id)
            .join(Brand, Brand.id == Campaign.brand_id)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .where(CampaignCreator.account_id.in_(verified)).order_by(Campaign.created_at.desc(), Campaign.id))
    if entry_id is not None:
        stmt = stmt.where(CampaignCreator.id == entry_id)
    return [tuple(r) for r in db.execute(stmt)]


def newest_agreements(db: Session, entry_ids: list[int]) -> dict[int, Agreement]:
    out: dict[int, Agreement] = {}
    if entry_ids:
        stmt = select(Agreement).where(Agreement.campaign_creator_id.in_(entry_ids)).order_by(Agreement.version)
        for a in db.scalars(stmt):
            out[a.campaign_creator_id] = a  # the newest version wins
    return out


def agreements_of(db: Session, entry_ids: list[int]) -> dict[int, list[Agreement]]:
    """{entry id: every terms version, oldest first}."""
    out: dict[int, list[Agreement]] = {}
    if entry_ids:
        stmt = (select(Agreement).where(Agreement.campaign_creator_id.in_(entry_ids))
                .order_by(Agreement.campaign_creator_id, Agreement.version))
        for a in db.scalars(stmt):
            out.setdefault(a.campaign_creator_id, []).append(a)
    return out


def payments_of(db: Session, entry_ids: list[int]) -> dict[int, list[Payment]]:
    out: dict[int, list[Payment]] = {}
    if entry_ids:
        for p in db.scalars(select(Payment).where(Payment.campaign_creator_id.in_(entry_ids)).order_by(Payment.id)):
            out.setdefault(p.campaign_creator_id, []).append(p)
    return out


class OpenOpportunity(NamedTuple):
    """An open opportunity as the feed reads it: its rules (lists shared between rows with the same rules) and
    its public fields (a named tuple: ten thousand are built per feed, and a frozen dataclass is several times
    slower to build)."""

    campaign_id: int
    title: str
    summary: str
    show_brand: bool
    gifted_only: bool
    fee_min_minor: int | None
    fee_max_minor: int | None
    currency: str
    platforms: tuple[str, ...]
    countries: tuple[str, ...]
    niches: tuple[str, ...]
    min_followers: int | None
    max_followers: int | None
    min_authenticity: int | None
    starts_on: date | None
    ends_on: date | None
    brand_name: str
    brand_id: int


def open_opportunities(db: Session) -> list[OpenOpportunity]:
    """Every open opportunity of a draft, recruiting or live campaign, newest first. The rule lists come as JSON
    text decoded once per distinct value (thousands of rows share a handful of rule sets)."""
    as_text = [type_coerce(col, String) for col in (Opportunity.platforms, Opportunity.countries, Opportunity.niches)]
    stmt = (select(Opportunity.campaign_id, Opportunity.title, Opportunity.summary, Opportunity.show_brand,
                   Opportunity.gifted_only, Opportunity.fee_min_minor, Opportunity.fee_max_minor,
                   Opportunity.currency, *as_text, Opportunity.min_followers, Opportunity.max_followers,
                   Opportunity.min_authenticity, Campaign.starts_on, Campaign.ends_on, Brand.name, Brand.id)
            .join(Campaign, Campaign.id == Opportunity.campaign_id).join(Brand, Brand.id == Campaign.brand_id)
            .where(Opportunity.status == "open", Campaign.status.in_(("draft", "recruiting", "live")))
            .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc()))
    decoded: dict[str | None, tuple[str, ...]] = {}

    def rule(value: str | list | None) -> tuple[str, ...]:
        if isinstance(value, list):  # PostgreSQL's driver decodes json columns itself, whatever SQLAlchemy asks
            return tuple(value)
        if value not in decoded:
            decoded[value] = tuple(json.loads(value)) if value else ()
        return decoded[value]
    # the row's columns are the named tuple's fields in order (the three rule lists decoded)
    return [OpenOpportunity(*r[:8], rule(r[8]), rule(r[9]), rule(r[10]), *r[11:])  # type: ignore[arg-type]
            for r in db.connection().execute(stmt)]  # Core rows: no ORM row processing for 10k rows


# ---------- brand fit (Discover's score, kept per brand and account) ----------

OPEN_CAMPAIGN = ("draft", "recruiting", "live")


def fits_due(db: Session, stale_before: datetime, account_ids: list[int] | None = None,
             brand_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(brand id, its workspace id, account id) of every brand with an open opportunity and every proved account
    whose fit is missing, older than `stale_before` or older than the brand's last edit (narrowed to the ids
    given)."""
    brands = (select(Brand.id.label("brand_id"), Brand.workspace_id, Brand.updated_at).distinct()
              .join(Campaign, Campaign.brand_id == Brand.id).join(Opportunity, Opportunity.campaign_id == Campaign.id)
              .where(Opportunity.status == "open", Campaign.status.in_(OPEN_CAMPAIGN)))
    accounts = select(AccountClaim.account_id).distinct().where(AccountClaim.status == "verified")
    if brand_ids is not None:
        brands = brands.where(Brand.id.in_(brand_ids))
    if account_ids is not None:
        accounts = accounts.where(AccountClaim.account_id.in_(account_ids))
    b, a = brands.subquery(), accounts.subquery()
    stmt = (select(b.c.brand_id, b.c.workspace_id, a.c.account_id).select_from(b).join(a, true())
            .outerjoin(BrandFit, (BrandFit.brand_id == b.c.brand_id) & (BrandFit.account_id == a.c.account_id))
            .where(or_(BrandFit.id.is_(None), BrandFit.computed_at < stale_before,
                       BrandFit.computed_at < b.c.updated_at))
            .order_by(b.c.brand_id, a.c.account_id))
    return [(r[0], r[1], r[2]) for r in db.execute(stmt)]


def replace_fits(db: Session, brand_id: int, account_ids: list[int], rows: list[BrandFit]) -> None:
    """The brand's fits of these accounts become `rows` (older ones are dropped, also for accounts now unscored)."""
    db.execute(delete(BrandFit).where(BrandFit.brand_id == brand_id, BrandFit.account_id.in_(account_ids)))
    db.add_all(rows)
    db.flush()


def fit_values(db: Session, account_ids: list[int]) -> dict[tuple[int, int], float]:
    """{(brand id, account id): fit 0–1} for these accounts, every brand (what ranking needs, nothing more)."""
    if not account_ids:
        return {}
    stmt = select(BrandFit.brand_id, BrandFit.account_id, BrandFit.fit).where(BrandFit.account_id.in_(account_ids))
    return {(b, a): f for b, a, f in db.execute(stmt)}


def fits_of_pairs(db: Session, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], BrandFit]:
    """{(brand id, account id): the whole fit} for the pairs a page shows."""
    if not pairs:
        return {}
    accounts = sorted({a for _, a in pairs})
    stmt = select(BrandFit).where(BrandFit.brand_id.in_(sorted({b for b, _ in pairs})),
                                  BrandFit.account_id.in_(accounts))
    wanted = set(pairs)
    return {(f.brand_id, f.account_id): f for f in db.scalars(stmt) if (f.brand_id, f.account_id) in wanted}


def fits_with_brand(db: Session, brand_id: int, account_ids: list[int]) -> dict[int, tuple[float, list[str]]]:
    """{account id: (fit 0–1, reasons)} of these accounts with one brand."""
    if not account_ids:
        return {}
    stmt = select(BrandFit.account_id, BrandFit.fit, type_coerce(BrandFit.reasons, String)).where(
        BrandFit.brand_id == brand_id, BrandFit.account_id.in_(account_ids))
    return {a: (f, r if isinstance(r, list) else json.loads(r or "[]")) for a, f, r in db.execute(stmt)}


def verified_accounts(db: Session, creator_user_id: int) -> list[tuple[SocialAccount, float | None]]:
    """The creator's proved accounts with their shared-catalogue authenticity score (None when not scored)."""
    stmt = (select(SocialAccount, AccountAuthenticity.score)
            .join(AccountClaim, AccountClaim.account_id == SocialAccount.id)
            .outerjoin(AccountAuthenticity, (AccountAuthenticity.account_id == SocialAccount.id)
                       & (AccountAuthenticity.scope_key == 0))
            .where(AccountClaim.creator_user_id == creator_user_id, AccountClaim.status == "verified"))
    return [(a, s) for a, s in db.execute(stmt)]


def latest_deliverables(db: Session, campaign_ids: list[int]) -> dict[int, list]:
    """{campaign id: deliverables of its newest brief}."""
    out: dict[int, list] = {}
    if campaign_ids:
        stmt = (select(CampaignBrief.campaign_id, CampaignBrief.deliverables)
                .where(CampaignBrief.campaign_id.in_(campaign_ids)).order_by(CampaignBrief.version))
        for cid, deliverables in db.execute(stmt):
            out[cid] = deliverables or []
    return out


# ---------- bids ----------

def opportunity_of(db: Session, campaign_id: int) -> tuple[Opportunity, Campaign] | None:
    row = db.execute(select(Opportunity, Campaign).join(Campaign, Campaign.id == Opportunity.campaign_id)
                     .where(Opportunity.campaign_id == campaign_id)).first()
    return (row[0], row[1]) if row else None


def open_bid(db: Session, creator_user_id: int, campaign_id: int) -> Bid | None:
    return db.scalar(select(Bid).where(Bid.creator_user_id == creator_user_id, Bid.campaign_id == campaign_id,
                                       Bid.status.in_(("open", "countered"))))


def add_bid(db: Session, bid: Bid) -> bool:
    """Insert a bid in a savepoint; False when the one-open-bid index refused it (another got in first)."""
    try:
        with db.begin_nested():
            db.add(bid)
            db.flush()
    except IntegrityError:
        return False
    return True


def bids_since(db: Session, creator_user_id: int, since: datetime) -> int:
    return db.scalar(select(func.count()).where(Bid.creator_user_id == creator_user_id,
                                                Bid.created_at >= since)) or 0


def bids_of_creator(db: Session, creator_user_id: int) -> list[tuple[Bid, Opportunity, str, str]]:
    """(bid, opportunity, brand name, handle) of the creator, newest first."""
    stmt = (select(Bid, Opportunity, Brand.name, SocialAccount.handle)
            .join(Opportunity, Opportunity.campaign_id == Bid.campaign_id)
            .join(Campaign, Campaign.id == Bid.campaign_id).join(Brand, Brand.id == Campaign.brand_id)
            .join(SocialAccount, SocialAccount.id == Bid.account_id)
            .where(Bid.creator_user_id == creator_user_id).order_by(Bid.created_at.desc(), Bid.id.desc()))
    return [tuple(r) for r in db.execute(stmt)]  # type: ignore[misc]


def bid_of_creator(db: Session, creator_user_id: int, bid_id: int) -> Bid | None:
    return db.scalar(select(Bid).where(Bid.creator_user_id == creator_user_id, Bid.id == bid_id))


def bids_of_campaign(db: Session, campaign_id: int) -> list:
    """Plain rows of a campaign's bids with what ranking them needs: the bid, the account (handle, platform,
    followers), its estimated reach and engagement rate, its authenticity score and the creator's name."""
    stmt = (select(Bid.id, Bid.account_id, Bid.fee_minor, Bid.currency, Bid.gifted_only, Bid.status, Bid.version,
                   Bid.deliverables, Bid.starts_on, Bid.ends_on,
                   SocialAccount.handle, SocialAccount.platform, SocialAccount.followers,
                   AccountStats.est_reach, AccountStats.engagement_rate, AccountAuthenticity.score,
                   CreatorUser.name.label("creator"))
            .join(SocialAccount, SocialAccount.id == Bid.account_id)
            .join(CreatorUser, CreatorUser.id == Bid.creator_user_id)
            .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
            .outerjoin(AccountAuthenticity, (AccountAuthenticity.account_id == SocialAccount.id)
                       & (AccountAuthenticity.scope_key == 0))
            .where(Bid.campaign_id == campaign_id).order_by(Bid.id))
    return list(db.execute(stmt))


def bid_of_campaign(db: Session, campaign_id: int, bid_id: int) -> Bid | None:
    return db.scalar(select(Bid).where(Bid.campaign_id == campaign_id, Bid.id == bid_id))


def messages_of(db: Session, bid_ids: list[int]) -> dict[int, list]:
    """{bid id: its thread (author, fee, text, when), oldest first}."""
    out: dict[int, list] = {}
    if bid_ids:
        stmt = (select(BidMessage.bid_id, BidMessage.author, BidMessage.fee_minor, BidMessage.text,
                       BidMessage.created_at).where(BidMessage.bid_id.in_(bid_ids)).order_by(BidMessage.id))
        for m in db.execute(stmt):
            out.setdefault(m.bid_id, []).append(m)
    return out


# ---------- notifications ----------

def creators_of_entry(db: Session, entry_id: int) -> list[tuple[int, str]]:
    """(creator user id, email) of whoever proved the account of a pipeline entry."""
    stmt = (select(CreatorUser.id, CreatorUser.email)
            .join(AccountClaim, AccountClaim.creator_user_id == CreatorUser.id)
            .join(CampaignCreator, CampaignCreator.account_id == AccountClaim.account_id)
            .where(CampaignCreator.id == entry_id, AccountClaim.status == "verified", CreatorUser.is_active))
    return [(i, e) for i, e in db.execute(stmt)]


def creators_with_accounts(db: Session) -> list[tuple[CreatorUser, SocialAccount, float | None]]:
    """Every active creator with each proved account and its shared authenticity score."""
    stmt = (select(CreatorUser, SocialAccount, AccountAuthenticity.score)
            .join(AccountClaim, AccountClaim.creator_user_id == CreatorUser.id)
            .join(SocialAccount, SocialAccount.id == AccountClaim.account_id)
            .outerjoin(AccountAuthenticity, (AccountAuthenticity.account_id == SocialAccount.id)
                       & (AccountAuthenticity.scope_key == 0))
            .where(AccountClaim.status == "verified", CreatorUser.is_active))
    return [(u, a, s) for u, a, s in db.execute(stmt)]


def notifications(db: Session, creator_user_id: int, limit: int | None = 30) -> list[CreatorNotification]:
    stmt = (select(CreatorNotification).where(CreatorNotification.creator_user_id == creator_user_id)
            .order_by(CreatorNotification.id.desc()).limit(limit))
    return list(db.scalars(stmt))


def reported_numbers(db: Session, entry_ids: list[int]) -> list[tuple[PostMetricSnapshot, CampaignPost]]:
    """The creator-reported snapshots of these pipeline entries' posts (with their post), oldest first."""
    if not entry_ids:
        return []
    stmt = (select(PostMetricSnapshot, CampaignPost)
            .join(CampaignPost, CampaignPost.id == PostMetricSnapshot.campaign_post_id)
            .where(CampaignPost.campaign_creator_id.in_(entry_ids), PostMetricSnapshot.source == "creator")
            .order_by(PostMetricSnapshot.collected_at, PostMetricSnapshot.id))
    return [(s, p) for s, p in db.execute(stmt)]


def mark_read(db: Session, creator_user_id: int, now: datetime) -> None:
    db.execute(update(CreatorNotification).where(CreatorNotification.creator_user_id == creator_user_id,
                                                 CreatorNotification.read_at.is_(None)).values(read_at=now))


def claims_with_code_in_bio(db: Session) -> list[tuple[AccountClaim, SocialAccount, str]]:
    """(claim, account, creator's email) of undecided claims whose code is now in the account's stored bio."""
    stmt = (select(AccountClaim, SocialAccount, CreatorUser.email)
            .join(SocialAccount, SocialAccount.id == AccountClaim.account_id)
            .join(CreatorUser, CreatorUser.id == AccountClaim.creator_user_id)
            .where(AccountClaim.status.in_(("pending", "review")), CreatorUser.is_active,
                   func.lower(SocialAccount.bio).contains(func.lower(AccountClaim.code)))
            .order_by(AccountClaim.id))
    return [(c, a, e) for c, a, e in db.execute(stmt)]
