"""Earned media value, open: a versioned unit-value table per workspace (published defaults until a workspace saves
its own), shown beside every EMV figure with its version, and the value reported as a range (docs/measurement.md)."""

from sqlalchemy.orm import Session

from reachroom.core.errors import require_version
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import EmvTableIn, EmvTableOut
from reachroom.models import EmvTable

# Views valued at published CPMs (MightyScout, "Earned Media Value Is Broken. So We Rebuilt It.", 2026: TikTok $5,
# Instagram $10, YouTube $20 per 1,000 views); the high end adds one published per-action schedule (likes $0.10,
# comments $0.75, shares $1.50, saves $1.00 — the e-book "Measuring Influencer Earned Media Value", ch. 3). Full
# citations with addresses in docs/measurement.md. Impressions are not valued by default: views are the exposure.
_ENGAGEMENT = {"like": [0.0, 0.10], "comment": [0.0, 0.75], "share": [0.0, 1.50], "save": [0.0, 1.00]}
DEFAULT_VALUES = {"instagram": {"views_per_1000": [10.0, 10.0], **_ENGAGEMENT},
                  "tiktok": {"views_per_1000": [5.0, 5.0], **_ENGAGEMENT},
                  "youtube": {"views_per_1000": [20.0, 20.0], **_ENGAGEMENT}}
DEFAULT_NOTE = ("Published defaults: views at MightyScout's CPMs (TikTok $5, Instagram $10, YouTube $20 per 1,000; "
                "MightyScout, 'Earned Media Value Is Broken. So We Rebuilt It.', 2026, "
                "https://mightyscout.com/blog/earned-media-value-rebuilt); the high end adds per-action values from "
                "the e-book 'Measuring Influencer Earned Media Value', ch. 3 (likes $0.10, comments $0.75, shares "
                "$1.50, saves $1.00; no author, publisher or year named; https://zloadr.com/?id=260232&type=Book). "
                "Low = views only. Edit them to your own rates.")


def _out(row: EmvTable | None) -> EmvTableOut:
    if row is None:
        return EmvTableOut(version=0, currency="USD", values=DEFAULT_VALUES, note=DEFAULT_NOTE, is_default=True)
    return EmvTableOut(version=row.version, currency=row.currency, values=row.values, note=row.note, is_default=False)


def current(db: Session, ctx: WorkspaceContext) -> EmvTableOut:
    """The workspace's newest table, or the published defaults (version 0)."""
    return _out(repo.newest_emv_table(db, ctx.workspace_id))


def save(db: Session, ctx: WorkspaceContext, data: EmvTableIn) -> EmvTableOut:
    """A new version of the table (admins); 409 when someone saved another since `base_version` was read."""
    ctx.require("admin")
    now = current(db, ctx)
    require_version(data.base_version, now.version)
    values = {p: {a: [float(lo), float(hi)] for a, (lo, hi) in actions.items()} for p, actions in data.values.items()}
    row = EmvTable(workspace_id=ctx.workspace_id, version=now.version + 1, currency=data.currency.upper(),
                   values=values, note=data.note.strip(), created_by=ctx.actor_id)
    repo.add(db, row)
    return _out(row)
