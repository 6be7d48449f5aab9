"""JSON API of measurement: a campaign's report (JSON or CSV), its posts, and their metric snapshots."""

from datetime import date

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.core.csv_import import CSV_BODY
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.measurement import emv, finder, pdf, report, results, sales, service, shares
from reachroom.measurement.schemas import (
    AttributedOrderOut,
    BrandResultsOut,
    EmvTableIn,
    EmvTableOut,
    FindOut,
    ImportOut,
    OrdersImportOut,
    PlatformSnapshotIn,
    PostLinkIn,
    PostOut,
    ReportOut,
    ShareIn,
    ShareOut,
    ShopWebhookIn,
    ShopWebhookOut,
    SnapshotIn,
    SnapshotOut,
    TrackingIn,
    TrackingOut,
)

router = APIRouter(prefix="/api/v1/campaigns", tags=["measurement"])
Ctx = Depends(api_context)
WINDOW = Query(None, description="Attribution window: an order counts within this many days (1–365) after one of "
                                  "the creator's touches (last touch); default 30")


@router.get("/{campaign_id}/report", response_model=ReportOut)
def campaign_report(campaign_id: Id, population: int | None = Query(
        None, ge=1, le=10**10, description="People the campaign could reach (e.g. the platform's users in the target "
                                           "countries and ages); default: the creators' followers added up"),
        start: date | None = Query(None, description="With end: what the posts gained in the range; delivery over "
                                                     "time and sales inside it"),
        end: date | None = Query(None, description="The range's last day (not before start)"),
        window_days: int | None = WINDOW, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """What the campaign delivered: headline figures (each with definition, sources, time and posts counted), by
    creator, by format, and every post with its latest counts; sales within the attribution window."""
    return report.report(db, ctx, campaign_id, population, start, end, window_days)


@router.get("/{campaign_id}/report.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per creator, then the total"}})
def campaign_report_csv(campaign_id: Id, window_days: int | None = WINDOW, ctx: WorkspaceContext = Ctx,
                        db: Session = DB):
    """The report as CSV."""
    return Response(report.report_csv(db, ctx, campaign_id, window_days), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}-report.csv"'})


@router.get("/{campaign_id}/report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}, "description": "The report as a PDF"}})
def campaign_report_pdf(campaign_id: Id, window_days: int | None = WINDOW, ctx: WorkspaceContext = Ctx,
                        db: Session = DB):
    """The report as a PDF: figures with where they came from, EMV and its table version, the creators."""
    return Response(pdf.render(report.report(db, ctx, campaign_id, window_days=window_days)),
                    media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}-report.pdf"'})


@router.get("/{campaign_id}/posts", response_model=list[PostOut])
def list_posts(campaign_id: Id, limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9),
               ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The posts linked to the campaign, newest link first (unlinked ones say so), with their latest counts;
    page with `limit` and `offset`."""
    return service.posts(db, ctx, campaign_id, limit, offset)


@router.post("/{campaign_id}/posts", response_model=PostOut, status_code=201)
def link_post(campaign_id: Id, body: PostLinkIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Count a creator's post in the campaign by its link (409 when it already is)."""
    return service.link_post(db, ctx, campaign_id, body)


@router.post("/{campaign_id}/posts/find", response_model=FindOut)
def find_posts(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Count the creators' posts in the campaign's dates that carry the brief's hashtags, mentions, codes or
    links (each with the reason); a post someone stopped counting stays out."""
    return finder.find_posts(db, ctx, campaign_id)


@router.delete("/{campaign_id}/posts/{post_id}", response_model=PostOut)
def unlink_post(campaign_id: Id, post_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Stop counting a post (kept, with who and when)."""
    return service.unlink_post(db, ctx, campaign_id, post_id)


@router.get("/{campaign_id}/posts/{post_id}/snapshots", response_model=list[SnapshotOut])
def post_snapshots(campaign_id: Id, post_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A post's snapshot history, newest collection first: counts, source, collection time, metric version and
    what each contradicts (`flags`)."""
    return service.snapshot_history(db, ctx, campaign_id, post_id)


@router.post("/{campaign_id}/posts/{post_id}/snapshots", response_model=SnapshotOut, status_code=201)
def add_snapshot(campaign_id: Id, post_id: Id, body: SnapshotIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A post's counts at one time, with their source; contradictions come back in `flags`."""
    return service.add_snapshot(db, ctx, campaign_id, post_id, body)


@router.post("/{campaign_id}/posts/{post_id}/platform-snapshots", response_model=SnapshotOut, status_code=201)
def add_platform_snapshot(campaign_id: Id, post_id: Id, body: PlatformSnapshotIn, ctx: WorkspaceContext = Ctx,
                          db: Session = DB):
    """A snapshot from the post's platform API answer, forwarded as it came (Instagram media insights, YouTube
    videos.list with statistics, TikTok video/query): counts and metric version read by the platform's connector."""
    return service.add_platform_snapshot(db, ctx, campaign_id, post_id, body)


@router.post("/{campaign_id}/snapshots/import", response_model=ImportOut, openapi_extra=CSV_BODY)
async def import_snapshots(campaign_id: Id, request: Request, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Snapshots from a CSV (url, collected_at, then any of views, reach, impressions, likes, comments, shares,
    saves, link_clicks, watch_time_s, source, metric_version): all rows or none; the same file twice adds nothing."""
    return service.import_snapshots(db, ctx, campaign_id, await request.body())


@router.get("/{campaign_id}/tracking", response_model=list[TrackingOut])
def list_tracking(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Each creator's promo code and tracked (UTM) link; None until made."""
    return sales.tracking(db, ctx, campaign_id)


@router.post("/{campaign_id}/tracking", response_model=list[TrackingOut])
def make_tracking(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Give every creator without one a code (handle + 10) and a tracked link to the brand's website."""
    return sales.make_tracking(db, ctx, campaign_id)


@router.put("/{campaign_id}/tracking/{entry_id}", response_model=TrackingOut)
def set_tracking(campaign_id: Id, entry_id: Id, body: TrackingIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Set a creator's code and landing page; 409 when the code is another creator's in this workspace."""
    return sales.set_tracking(db, ctx, campaign_id, entry_id, body)


@router.get("/{campaign_id}/orders", response_model=list[AttributedOrderOut])
def list_orders(campaign_id: Id, limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9),
                window_days: int | None = WINDOW, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The orders credited to the campaign's creators, newest first, with how (code or link) and after which touch."""
    return sales.campaign_orders(db, ctx, campaign_id, limit, offset, window_days)


@router.get("/{campaign_id}/shares", response_model=list[ShareOut])
def list_shares(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The report's read-only links (never their full address again)."""
    return shares.listing(db, ctx, campaign_id)


@router.post("/{campaign_id}/shares", response_model=ShareOut, status_code=201)
def create_share(campaign_id: Id, body: ShareIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A read-only link to this report for a client (`url`: in this answer only; open it as /r/…)."""
    return shares.create(db, ctx, campaign_id, body)


@router.delete("/{campaign_id}/shares/{share_id}", response_model=ShareOut)
def revoke_share(campaign_id: Id, share_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Revoke a link: it stops working at once."""
    return shares.revoke(db, ctx, campaign_id, share_id)


emv_router = APIRouter(prefix="/api/v1/emv-table", tags=["measurement"])


@emv_router.get("", response_model=EmvTableOut)
def emv_table(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The unit values every EMV figure uses: the workspace's newest version, or the published defaults (0)."""
    return emv.current(db, ctx)


@emv_router.put("", response_model=EmvTableOut)
def save_emv_table(body: EmvTableIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Save a new version (admins); 409 when another was saved since `base_version`."""
    return emv.save(db, ctx, body)


brand_results_router = APIRouter(prefix="/api/v1/brands", tags=["measurement"])


@brand_results_router.get("/{brand_id}/results", response_model=BrandResultsOut)
def brand_results(brand_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The brand's campaigns side by side (delivery, cost, CPM, CPE) and a leaderboard of its creators across them,
    each with a rebooking verdict and the numbers behind it."""
    return results.brand_results(db, ctx, brand_id)


sales_router = APIRouter(prefix="/api/v1", tags=["measurement"])


@sales_router.post("/orders/import", response_model=OrdersImportOut, openapi_extra=CSV_BODY)
async def import_orders(request: Request, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Orders from a CSV in Shopify's order-export layout (Name, Created at, Currency, Total; Email, Discount Code,
    Refunded Amount, Financial Status and Landing Site when present; other columns ignored): every order checked
    first, nothing written on any error; the same file twice adds nothing, a changed refund updates the order."""
    return sales.import_orders(db, ctx, await request.body())


@sales_router.get("/shop-webhook", response_model=ShopWebhookOut | None)
def shop_webhook(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Where the shop sends its order webhooks, once connected."""
    return sales.shop_connection(db, ctx)


@sales_router.put("/shop-webhook", response_model=ShopWebhookOut)
def connect_shop(body: ShopWebhookIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Save the shop's webhook signing secret (admins; stored encrypted, never shown again)."""
    return sales.connect_shop(db, ctx, body)


@sales_router.post("/webhooks/shopify/{public_id}")
async def shopify_webhook(public_id: str, request: Request, db: Session = DB,
                          x_shopify_hmac_sha256: str = Header(""), x_shopify_webhook_id: str = Header(""),
                          x_shopify_topic: str = Header("")) -> dict:
    """An order from the shop, signed as Shopify signs (base64 HMAC-SHA256 of the raw body): 401 when the
    signature is wrong, 409 for a delivery already received, 422 for a bad order; nothing written on any error."""
    outcome = sales.receive_webhook(db, public_id, await request.body(), x_shopify_hmac_sha256,
                                    x_shopify_webhook_id, x_shopify_topic)
    return {"result": outcome}
