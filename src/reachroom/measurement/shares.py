"""Read-only report links for clients: `/r/<token>` shows one campaign's report and nothing else, without a login,
until it expires or is revoked; fees and costs are hidden unless the owner chose to show them. The token is 256
random bits; only its SHA-256 hash is stored."""

from datetime import timedelta

from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.core.errors import not_found
from reachroom.core.security import hash_token, new_token
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import repository as repo
from reachroom.measurement.report import report
from reachroom.measurement.schemas import ReportOut, ShareIn, ShareOut
from reachroom.models import ReportShare, utcnow

PREFIX = "rs_"
# the cost figures, and the same fields of each creator's and format's row
COST_FIGURES = ("cost", "cost_per_post", "cpm", "cpv", "cpe", "cpc")
READER = 0  # no member: the link reads the report in its workspace's scope, as a viewer


def _out(s: ReportShare, url: str | None = None) -> ShareOut:
    return ShareOut(id=s.id, label=s.label, prefix=s.prefix, show_fees=s.show_fees, expires_at=s.expires_at,
                    revoked_at=s.revoked_at, last_opened_at=s.last_opened_at, url=url)


def create(db: Session, ctx: WorkspaceContext, campaign_id: int, data: ShareIn) -> ShareOut:
    """A new link (members and above); its full address is in this answer only."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    raw = new_token(PREFIX)
    row = ReportShare(workspace_id=ctx.workspace_id, campaign_id=c.id, token_hash=hash_token(raw), prefix=raw[:10],
                      label=data.label, show_fees=data.show_fees, expires_at=utcnow() + timedelta(days=data.days),
                      created_by=ctx.actor_id)
    repo.add(db, row)
    campaigns.record_event(db, ctx, c.id, "report_shared", new=f"{data.days} days",
                           detail="with fees" if data.show_fees else "fees hidden")
    return _out(row, f"/r/{raw}")


def listing(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[ShareOut]:
    """The campaign's links, newest first (expired and revoked ones too)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    return [_out(s) for s in repo.shares(db, c.id)]


def revoke(db: Session, ctx: WorkspaceContext, campaign_id: int, share_id: int) -> ShareOut:
    """The link stops working at once."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    row = repo.share(db, c.id, share_id)
    if row is None:
        raise not_found("Share link")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.flush()
    return _out(row)


def open_shared(db: Session, raw: str) -> ReportOut:
    """The report behind a live link (404 for an unknown, expired or revoked one), fees hidden unless shown."""
    row = repo.share_by_hash(db, hash_token(raw), utcnow()) if raw.startswith(PREFIX) and len(raw) < 100 else None
    if row is None:
        raise not_found("Report")
    row.last_opened_at = utcnow()
    r = report(db, WorkspaceContext(row.workspace_id, READER, "viewer"), row.campaign_id)
    if row.show_fees:
        return r
    return r.model_copy(update={
        "cost": None, "figures": [f for f in r.figures if f.key not in COST_FIGURES],
        "creators": [g.model_copy(update=dict.fromkeys(COST_FIGURES)) for g in r.creators],
        "formats": [g.model_copy(update=dict.fromkeys(COST_FIGURES)) for g in r.formats],
        "sales": r.sales.model_copy(update={"roas": None, "creators": [
            s.model_copy(update={"cost": None, "roas": None}) for s in r.sales.creators]}) if r.sales else None})
