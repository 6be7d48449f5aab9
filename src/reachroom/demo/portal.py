"""Demo creator login for the portal: a verified creator with a profile (rates, a fictional address, masked
payout details), so the creator's side can be tried from `make run`."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reachroom.campaigns import money, opportunity
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting.schemas import Address
from reachroom.campaigns.opportunity import OpportunityIn
from reachroom.campaigns.schemas import AgreementIn, CampaignOut
from reachroom.config import get_settings
from reachroom.core.errors import AppError
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.models import AccountClaim, utcnow
from reachroom.portal import bids
from reachroom.portal import service as portal
from reachroom.portal.bids import BidIn, BidLine, CounterIn
from reachroom.portal.schemas import ProfileIn, RateIn, SignupIn


def add_demo_creator(engine: Engine, workspace_id: int | None = None, user_id: int | None = None) -> int:
    """The demo's two creator logins (each made only when missing); returns how many were made. Given the demo
    workspace, the first creator also owns two accounts of its live campaign — one negotiating (terms proposed, to
    accept in the portal) and one paid — with a bid waiting and one countered; the second owns two others — a draft
    with the brand, one sent back for changes — with a bid accepted (its terms waiting for them), one declined and
    one withdrawn."""
    settings = get_settings()
    with unit_of_work(engine) as db:
        maya = _login(db, "Maya Demo", settings.demo_creator_email, "maya.demo.makes", ["food", "home"],
                      "1 Example Street", "GB00 DEMO 0000 0000 0000 00")
        sam = _login(db, "Sam Demo", settings.demo_creator2_email, "sam.demo.glows", ["beauty", "wellness", "home"],
                     "2 Sample Road", "GB00 DEMO 0000 0000 0000 11")
        if workspace_id is not None and user_id is not None:
            brand = WorkspaceContext(workspace_id, user_id, "owner")
            if maya is not None:
                _own_demo_accounts(db, maya, brand)
            if sam is not None:
                _second_creator(db, sam, brand)
        return (maya is not None) + (sam is not None)


def _login(db: Session, name: str, email: str, handle: str, niches: list[str], street: str,
           payout: str) -> int | None:
    """A verified demo creator with a profile (rates, a fictional address, masked payout details); None when the
    login exists already."""
    try:
        with db.begin_nested():
            user = portal.signup(db, SignupIn(name=name, email=email, password=get_settings().demo_password))
    except AppError:  # already there
        return None
    user.email_verified_at = utcnow()
    auth = portal.CreatorAuth(user.id, user.email, user.name, "", True)
    portal.update_profile(db, auth, ProfileIn(
        name=name, handles=[f"instagram:{handle}"], niches=niches, country="GB", languages=["en"],
        rates=[RateIn(format="reel", amount=Decimal("250")), RateIn(format="post", amount=Decimal("120"))],
        address=Address(recipient=name, line1=street, city="Sampleton", postcode="ZZ99 9ZZ", country="GB"),
        payout=payout))
    return user.id


def _own_demo_accounts(db: Session, creator_user_id: int, brand: WorkspaceContext) -> None:
    """Claims (already verified) on a negotiating and a paid creator of the demo's live campaign, and one asking the
    brand to confirm it."""
    live = next((c for c in campaigns.list_campaigns(db, brand) if c.status == "live"), None)
    if live is None:
        return
    rows = {r.stage: r for r in campaigns.pipeline(db, brand, live.id)}
    for stage in ("negotiating", "paid"):
        row = rows.get(stage)
        if row is None:
            continue
        db.add(AccountClaim(creator_user_id=creator_user_id, account_id=row.account_id, code="RR-DEMO00",
                            status="verified", verified_at=utcnow()))
        if stage == "negotiating" and not money.agreements(db, brand, live.id, row.id):
            money.propose(db, brand, live.id, row.id, AgreementIn(base_version=0, fee=Decimal("300"),
                                                                  usage_rights_days=60,
                                                                  payment_terms="30 days after the post is live"))
    asking = rows.get("drafting")
    if asking is not None:  # one the demo creator asked the brand to confirm: it waits on the Creator claims page
        db.add(AccountClaim(creator_user_id=creator_user_id, account_id=asking.account_id, code="RR-DEMO01",
                            status="review", review_requested_at=utcnow(),
                            review_note="I run this account too; we spoke about the brief by phone last week"))
    db.flush()
    _demo_bids(db, creator_user_id, brand, rows.get("negotiating"))


def _demo_bids(db: Session, creator_user_id: int, brand: WorkspaceContext, row) -> None:
    """Three published opportunities: the recruiting and the live campaign, with the demo creator's bids on them
    (one waiting for the brand — a fee for the brief's reel and the dates proposed —, one the brand countered),
    and the draft one, gifted and anonymous, not bid on."""
    if row is None:
        return
    auth = portal.CreatorAuth(creator_user_id, "", "", "", True)
    listed = campaigns.list_campaigns(db, brand)
    for status, fee, counter in (("recruiting", "240", None), ("live", "320", "280")):
        c = next((x for x in listed if x.status == status), None)
        if c is None:
            continue
        opportunity.publish(db, brand, c.id, OpportunityIn(
            title=c.name, summary=f"{c.brand_name} is looking for creators for {c.name}.", fee_min=Decimal("150"),
            fee_max=Decimal("400"), currency=c.currency))
        terms: dict = {"fee": Decimal(fee)}
        if counter is None and c.starts_on and c.ends_on:  # the waiting bid in detail: its reel and its dates
            terms = {"deliverables": [BidLine(format="reel", count=1, fee=Decimal(fee))], "starts_on": c.starts_on,
                     "ends_on": min(c.starts_on + timedelta(days=14), c.ends_on)}
        bid = bids.place(db, auth, c.id, BidIn(account_id=row.account_id, currency=c.currency,
                                               message="I'd love to be part of this!", **terms))
        if counter:
            bids.counter(db, brand, c.id, bid.id, CounterIn(fee=Decimal(counter), message="Could you do it for "
                                                                                           f"{counter}?"))
    draft = next((x for x in listed if x.status == "draft"), None)
    if draft is not None:  # one to bid on from the feed: gifted, the brand not named
        opportunity.publish(db, brand, draft.id, OpportunityIn(
            title=draft.name, summary="Pieces made to last: show how you wear, mend and keep them. Gifted, no fee.",
            show_brand=False, gifted_only=True, niches=["fashion", "sustainability", "home"], currency=draft.currency))


def _second_creator(db: Session, creator_user_id: int, brand: WorkspaceContext) -> None:
    """The second demo creator: verified on the live campaign's creators with a draft in review and one sent back
    for changes; bids in the states the first creator's are not — accepted by the brand (the terms at its fee wait
    for the creator's acceptance), declined, and withdrawn by the creator."""
    listed = campaigns.list_campaigns(db, brand)
    live = next((c for c in listed if c.status == "live"), None)
    if live is None:
        return
    rows = {r.stage: r for r in campaigns.pipeline(db, brand, live.id)}
    for stage in ("in_review", "changes_requested"):
        if stage in rows:
            db.add(AccountClaim(creator_user_id=creator_user_id, account_id=rows[stage].account_id, code="RR-DEMO02",
                                status="verified", verified_at=utcnow()))
    db.flush()
    row = rows.get("in_review")
    if row is None:
        return
    auth = portal.CreatorAuth(creator_user_id, "", "", "", True)
    by_status: dict[str, CampaignOut] = {c.status: c for c in listed}
    plan = (("recruiting", "260", "accept"), ("live", "350", "decline"), ("draft", "0", "withdraw"))
    for status, fee, outcome in plan:
        c = by_status.get(status)
        o = opportunity.get(db, brand, c.id) if c is not None else None
        if c is None or o is None or o.status != "open":
            continue
        bid = bids.place(db, auth, c.id, BidIn(account_id=row.account_id, fee=Decimal(fee), currency=c.currency,
                                               gifted_only=o.gifted_only,
                                               message="My audience loves this kind of thing."))
        if outcome == "accept":
            bids.accept(db, brand, c.id, bid.id)
        elif outcome == "decline":
            bids.decline(db, brand, c.id, bid.id, "Thank you — the reels are filled for this round.")
        else:
            bids.withdraw(db, auth, bid.id)
