"""Demo campaigns: one per demo brand in every status with creators at every stage, and the three campaigns of the
source article as completed ones (each creator walked through every stage by the campaigns service, so the
timeline reads as the team's history). Deterministic: the same accounts, stages and order on every run."""

import math
import random
import re
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.brands.schemas import BrandIn
from reachroom.campaigns import live, money, review
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.gifting.schemas import ProductIn, ShipmentIn, ShipmentMove
from reachroom.campaigns.schemas import (
    AcceptIn,
    AgreementIn,
    BriefIn,
    CampaignIn,
    LiveIn,
    PaymentAction,
    PipelineAdd,
    ReviewIn,
    StageMove,
    StatusIn,
    SubmissionIn,
)
from reachroom.core.errors import AppError
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.demo import repository as repo
from reachroom.demo.texts import NICHE_TEXT
from reachroom.metrics.fees import estimate_fee

# Each creator's path through the pipeline to the stage it stops at (the allowed moves, one by one).
PATH_TO = {
    "invited": [],
    "interested": ["interested"],
    "negotiating": ["interested", "negotiating"],
    "contracted": ["interested", "negotiating", "contracted"],
    "product_shipped": ["interested", "contracted", "product_shipped"],
    "drafting": ["interested", "contracted", "product_shipped", "drafting"],
    "in_review": ["interested", "contracted", "product_shipped", "drafting", "in_review"],
    "changes_requested": ["interested", "contracted", "product_shipped", "drafting", "in_review",
                          "changes_requested"],
    "approved": ["interested", "contracted", "product_shipped", "drafting", "in_review", "approved"],
    "live": ["interested", "contracted", "product_shipped", "drafting", "in_review", "approved", "live"],
    "paid": ["interested", "contracted", "product_shipped", "drafting", "in_review", "approved", "live", "paid"],
    "declined": ["declined"],
    "withdrawn": ["interested", "negotiating", "withdrawn"],
}
STATUS_PATH = {"draft": [], "recruiting": ["recruiting"], "live": ["recruiting", "live"],
               "completed": ["recruiting", "live", "completed"], "archived": ["recruiting", "live", "completed",
                                                                            "archived"]}
ALL_STAGES_LIVE = ["paid", "live", "approved", "changes_requested", "in_review", "drafting", "product_shipped",
                   "contracted", "negotiating", "interested", "invited", "declined", "withdrawn"]

# The source article's campaigns (seed/micro-influencers.txt), as the brands ran them.
ARTICLE_BRANDS: tuple[dict, ...] = (
    {"name": "Holland & Barrett", "description": "Health and wellness retailer (case study from the source article).",
     "niches": ["wellness", "food", "home"], "website": "https://www.hollandandbarrett.com"},
    {"name": "La Redoute", "description": "Fashion and home retailer (case study from the source article).",
     "niches": ["fashion", "home"], "website": "https://www.laredoute.co.uk"},
    {"name": "Barry M", "description": "Make-up brand (case study from the source article).", "niches": ["beauty"],
     "website": "https://www.barrym.com"},
)
ARTICLE_CAMPAIGNS: tuple[tuple, ...] = (
    ("Holland & Barrett", "A Cosy Autumn Night In", "awareness", "4000", date(2025, 10, 6), date(2025, 11, 9),
     ["wellness", "food", "home"], ["paid"] * 9 + ["declined"]),
    ("La Redoute", "Valentine's Day Ready", "conversions", "6500", date(2026, 1, 19), date(2026, 2, 14),
     ["fashion", "home"], ["paid"] * 8 + ["withdrawn"]),
    ("Barry M", "Show Us Your Party Look!", "engagement", "4000", date(2025, 12, 1), date(2025, 12, 31),
     ["beauty"], ["paid"] * 11),
)
# (brand, campaign, objective, budget, starts, ends, niches, status, stages of its creators)
BRAND_CAMPAIGNS: tuple[tuple, ...] = (
    ("Hollowmere Tea Co.", "Slow Sunday Rituals", "awareness", "5000", date(2026, 11, 16), date(2027, 1, 10),
     ["wellness", "home"], "live", ALL_STAGES_LIVE),
    ("Velvet Thistle Cosmetics", "Winter Glow Edit", "engagement", "7500", date(2026, 12, 14), date(2027, 2, 1),
     ["beauty"], "recruiting", ["negotiating", "negotiating", "interested", "interested", "invited", "invited",
                                "invited", "declined"]),
    ("Kindred Loom", "Made to Last", "content", "2500", date(2027, 2, 1), date(2027, 3, 15),
     ["fashion", "sustainability"], "draft", []),
    ("Trailhound Outfitters", "Muddy Paws Weekend", "conversions", "4200", date(2026, 10, 1), date(2026, 10, 31),
     ["pets", "travel"], "completed", ["paid"] * 6 + ["declined", "withdrawn"]),
    ("Pixelmoor Gear", "Launch Week Streams", "gifting", None, date(2026, 6, 1), date(2026, 6, 14),
     ["gaming", "tech"], "archived", ["paid"] * 4),
)


# A brand's earlier, finished campaign, so its results compare creators across two campaigns: Barry M's summer
# campaign before the article's party look, with the 6th to 15th of the niche's accounts (six of them came back for
# the party look, four did not; the party look's first five are new to the brand then).
EARLIER_CAMPAIGNS: tuple[tuple, ...] = (
    ("Barry M", "Festival Glow-Up", "engagement", "7000", date(2025, 6, 2), date(2025, 7, 6), ["beauty"],
     "completed", ["paid"] * 10),
)
EARLIER_FROM = 5  # the earlier campaigns' creators start at this account of their niche


def _brief(name: str, brand_name: str) -> BriefIn:
    """A brief whose requirements the demo drafts meet (or, on purpose, miss)."""
    tag = "".join(w.capitalize() for w in re.findall(r"[A-Za-z]+", name))[:30]
    handle = re.sub(r"[^a-z0-9]", "", brand_name.lower())
    return BriefIn(base_version=0, key_messages=f"{name}: real moments with {brand_name}", required_hashtags=[tag],
                   required_mentions=[handle], promo_codes=[f"{tag[:8].upper()}15"], disclosure_rules="uk",
                   deliverables=[{"platform": "instagram", "format": "reel", "count": 1}],
                   dos=["Show the product in use"], donts=["Don't compare with other brands"])


def demo_post_url(entry, kind: str) -> str:
    """A made-up post link of the creator's platform (DEMO… ids: no such post exists)."""
    if entry.platform == "tiktok":
        video_id = 7_300_000_000_000_000_000 + entry.id * 10 + (kind == "REEL")
        return f"https://www.tiktok.com/@{entry.handle}/video/{video_id}"
    if entry.platform == "youtube":
        return f"https://www.youtube.com/shorts/{kind}{entry.id}"
    return f"https://www.instagram.com/{'reel' if kind == 'REEL' else 'p'}/{kind}{entry.id}/"


def _draft(brief: BriefIn, good: bool) -> SubmissionIn:
    tag, handle, code = brief.required_hashtags[0], brief.required_mentions[0], brief.promo_codes[0]
    if good:
        return SubmissionIn(caption=f"Ad | My favourite moment this week with @{handle}: use code {code} "
                                    f"#{tag} #gifted")
    # the usual first-draft slip: the ad label buried at the end, no mention, no code
    return SubmissionIn(caption=f"My favourite moment this week #{tag} #weekend #mood #love #ad")


def _address(n: int) -> dict:
    """A plainly fictional address (ZZ99 is not a real UK postcode district)."""
    return {"recipient": f"Demo Recipient {n}", "line1": f"{n} Example Street", "city": "Sampleton",
            "postcode": "ZZ99 9ZZ", "country": "GB"}


def _gift(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, n: int, tracked: bool = True,
          then: tuple[str, ...] = ()) -> None:
    """Send the campaign's first product to a creator (shipped at once when tracked), then move it along."""
    product = gifting.products(db, ctx, campaign_id)[0]
    s = gifting.ship(db, ctx, campaign_id, entry_id, ShipmentIn(
        product_id=product.id, variant=product.variants[n % len(product.variants)] if product.variants else "",
        address=_address(entry_id), carrier="Royal Mail" if tracked else "",
        tracking_number=f"DM{entry_id:07d}{n}GB" if tracked else "", shipping_cost=Decimal("3.95")))
    for status in then:
        s = gifting.move_shipment(db, ctx, campaign_id, s.id, ShipmentMove(status=status, version=s.version))


# The demo agency pays about 0.6× the published agency card (a brand's own deals usually sit below it), with a
# deal-to-deal spread of a log-sd of 0.35, kept within the source article's £100–£1,000 for a UK micro-influencer's
# post (the agreed fee itself; the gift and shipping come on top): the fee model must learn that offset from the
# deals (docs/planning.md).
DEMO_FEE_LEVEL, DEMO_FEE_SPREAD, DEMO_FEE_BAND = 0.6, 0.35, (100, 1000)


def demo_fee(followers: int, platform: str, fmt: str, seed: int) -> Decimal:
    """The fee the demo agency agreed with one creator: the rate card × its level × a deal's own noise."""
    card = estimate_fee(max(followers, 1), platform, fmt).value
    value = card * DEMO_FEE_LEVEL * math.exp(random.Random(seed).gauss(0.0, DEMO_FEE_SPREAD))
    low, high = DEMO_FEE_BAND
    return Decimal(int(min(max(value, low), high) / 5) * 5)


def _format(brief: BriefIn) -> str:
    """The brief's first deliverable format (what the terms agree to)."""
    return brief.deliverables[0].format if brief.deliverables else "post"


def _walk(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, target: str, brief: BriefIn,
          n: int) -> None:
    """Take one creator to `target` the way a team would: terms accepted, drafts checked and reviewed, paid."""
    good_first = n % 3 != 0  # every third creator's first draft fails its checks
    for step in PATH_TO[target]:
        if step == "contracted":
            entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
            fee = demo_fee(entry.followers or 0, entry.platform, _format(brief), entry_id)
            terms = AgreementIn(base_version=0, fee=fee,
                                product_value=Decimal("35.00"), usage_rights_days=90)
            money.propose(db, ctx, campaign_id, entry_id, terms)
            money.accept(db, ctx, campaign_id, entry_id, AcceptIn(version=1))
        elif step == "in_review":
            stage = campaigns.get_entry(db, ctx, campaign_id, entry_id).stage
            first = stage == "drafting"
            review.submit(db, ctx, campaign_id, entry_id, _draft(brief, good_first or not first))
        elif step in ("approved", "changes_requested"):
            latest = review.submissions(db, ctx, campaign_id, entry_id)[0]
            if step == "approved" and latest.verdict == "fail":  # ask for changes, then approve the fixed draft
                review.review(db, ctx, campaign_id, entry_id, latest.id,
                              ReviewIn(decision="request_changes", comment="Put “Ad” first and add the code"))
                latest = review.submit(db, ctx, campaign_id, entry_id, _draft(brief, True))
            decision = "approve" if step == "approved" else "request_changes"
            review.review(db, ctx, campaign_id, entry_id, latest.id,
                          ReviewIn(decision=decision, comment="" if decision == "approve" else "Tag us, please"))
        elif step == "product_shipped":  # the gift's tracking number moves them on
            _gift(db, ctx, campaign_id, entry_id, n, then=() if target == "product_shipped" else ("delivered",))
        elif step == "live":  # the published post is checked against the approved draft (every 4th lost its "Ad")
            approved = review.submissions(db, ctx, campaign_id, entry_id)[0]
            posted = approved.caption if n % 4 != 1 else approved.caption.replace("Ad | ", "")
            live.record_live(db, ctx, campaign_id, entry_id, approved.id,
                             LiveIn(url=demo_post_url(campaigns.get_entry(db, ctx, campaign_id, entry_id), "DEMO"),
                                    caption=posted))
        elif step == "paid":
            payment = money.ledger(db, ctx, campaign_id, entry_id)[0]
            money.move_payment(db, ctx, campaign_id, payment.id, PaymentAction(action="approve", version=1))
            money.move_payment(db, ctx, campaign_id, payment.id, PaymentAction(
                action="paid", version=2, method="bank transfer", reference=f"DEMO-{payment.id:05d}"))
        elif step != "drafting" or campaigns.get_entry(db, ctx, campaign_id, entry_id).stage != "drafting":
            campaigns.move_creator(db, ctx, campaign_id, entry_id, StageMove(stage=step))


def _campaign(db: Session, ctx: WorkspaceContext, brand_id: int, spec: tuple, accounts: list[int],
              status: str) -> None:
    _, name, objective, budget, starts, ends, niches, *_ = spec
    stages = spec[-1]
    c = campaigns.create_campaign(db, ctx, CampaignIn(
        name=name, brand_id=brand_id, objective=objective, budget=budget, starts_on=starts, ends_on=ends,
        target={"niches": niches, "tiers": ["micro"], "platforms": ["instagram", "tiktok"]}))
    brief = _brief(name, c.brand_name)
    review.save_brief(db, ctx, c.id, brief)
    for to in STATUS_PATH[status][:1]:  # recruit before inviting anyone
        campaigns.set_status(db, ctx, c.id, StatusIn(status=to))
    if stages:
        gifting.add_product(db, ctx, c.id, ProductIn(name=f"{name} gift box", sku=f"DEMO-{c.id:03d}",
                                                     variants=["Classic", "Limited"], value=Decimal("35.00")))
        campaigns.add_creators(db, ctx, c.id, PipelineAdd(account_ids=accounts[:len(stages)]))
        entries = campaigns.pipeline(db, ctx, c.id)
        for n, (entry, stage) in enumerate(zip(entries, stages, strict=False)):
            _walk(db, ctx, c.id, entry.id, stage, brief, n)
        _more_gifts(db, ctx, c.id, {e.stage: e.id for e in campaigns.pipeline(db, ctx, c.id)})
    for to in STATUS_PATH[status][1:]:
        campaigns.set_status(db, ctx, c.id, StatusIn(status=to))


def _more_gifts(db: Session, ctx: WorkspaceContext, campaign_id: int, by_stage: dict[str, int]) -> None:
    """Shipments in every status: a gift waiting to go out, one lost in the post and one sent back (each replaced
    by a delivered one)."""
    if "contracted" in by_stage:
        _gift(db, ctx, campaign_id, by_stage["contracted"], 0, tracked=False)
    if "in_review" in by_stage:
        _gift(db, ctx, campaign_id, by_stage["in_review"], 1, then=("lost",))
    if "approved" in by_stage:
        _gift(db, ctx, campaign_id, by_stage["approved"], 2, then=("delivered", "returned"))


def add_demo_campaigns(engine: Engine, workspace_id: int, user_id: int) -> int:
    """The demo campaigns in the demo workspace (none if it has campaigns already); returns how many."""
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    with unit_of_work(engine) as db:
        if campaigns.list_campaigns(db, ctx):
            return 0
        for brand_spec in ARTICLE_BRANDS:
            if _brand_id(db, ctx, str(brand_spec["name"])) is None:
                brands.create_brand(db, ctx, BrandIn(**brand_spec))
        niche_accounts: dict[tuple, list[int]] = {}
        created = 0
        # the earlier campaigns first, so each brand's campaigns were set up in the order they ran
        specs = ([(s, s[7], EARLIER_FROM) for s in EARLIER_CAMPAIGNS] + [(s, "completed", 0) for s in ARTICLE_CAMPAIGNS]
                 + [(s, s[7], 0) for s in BRAND_CAMPAIGNS])
        for spec, status, first in specs:
            brand = _brand_id(db, ctx, spec[0])
            if brand is None:
                continue  # a demo brand the workspace no longer has
            key = tuple(spec[6])
            if key not in niche_accounts:
                labels = [label for niche in key for label in NICHE_TEXT.get(niche, {}).get("label", ())]
                niche_accounts[key] = repo.micro_accounts(db, labels, 16)
            _campaign(db, ctx, brand, spec, niche_accounts[key][first:], status)
            created += 1
        return created


def _brand_id(db: Session, ctx: WorkspaceContext, name: str) -> int | None:
    """The id of the workspace's brand with this name, or None."""
    try:
        return brands.brand_id_by_name(db, ctx, name)
    except AppError:
        return None
