"""JSON API of measurement: a campaign's report (JSON or CSV), its posts, and their metric snapshots."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.core.csv_import import CSV_BODY
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.measurement import emv, finder, pdf, report, results, service, shares
from reachroom.measurement.schemas import (
    BrandResultsOut,
    EmvTableIn,
    EmvTableOut,
    FindOut,
    ImportOut,
    PostLinkIn,
    PostOut,
    ReportOut,
    ShareIn,
    ShareOut,
    SnapshotIn,
    SnapshotOut,
)

router = APIRouter(prefix="/api/v1/campaigns", tags=["measurement"])
Ctx = Depends(api_context)


@router.get("/{campaign_id}/report", response_model=ReportOut)
def campaign_report(campaign_id: Id, population: int | None = Query(
        None, ge=1, le=10**10, description="People the campaign could reach (e.g. the platform's users in the target "
                                           "countries and ages); default: the creators' followers added up"),
        ctx: WorkspaceContext = Ctx, db: Session = DB):
    """What the campaign delivered: headline figures (each with definition, sources, time and posts counted), by
    creator, by format, and every post with its latest counts."""
    return report.report(db, ctx, campaign_id, population)


@router.get("/{campaign_id}/report.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per creator, then the total"}})
def campaign_report_csv(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The report as CSV."""
    return Response(report.report_csv(db, ctx, campaign_id), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}-report.csv"'})


@router.get("/{campaign_id}/report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}, "description": "The report as a PDF"}})
def campaign_report_pdf(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The report as a PDF: figures with where they came from, EMV and its table version, the creators."""
    return Response(pdf.render(report.report(db, ctx, campaign_id)), media_type="application/pdf",
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


@router.post("/{campaign_id}/posts/{post_id}/snapshots", response_model=SnapshotOut, status_code=201)
def add_snapshot(campaign_id: Id, post_id: Id, body: SnapshotIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A post's counts at one time, with their source; contradictions come back in `flags`."""
    return service.add_snapshot(db, ctx, campaign_id, post_id, body)


@router.post("/{campaign_id}/snapshots/import", response_model=ImportOut, openapi_extra=CSV_BODY)
async def import_snapshots(campaign_id: Id, request: Request, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Snapshots from a CSV (url, collected_at, then any of views, reach, impressions, likes, comments, shares,
    saves, link_clicks, watch_time_s, source, metric_version): all rows or none; the same file twice adds nothing."""
    return service.import_snapshots(db, ctx, campaign_id, await request.body())


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
