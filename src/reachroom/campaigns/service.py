"""Campaign rules behind page, API and CLI: create and edit (with versions), status and stage moves along the
allowed paths, adding creators from Discover, a list or handles, the activity timeline and the CSV export.

Members and above act; viewers read. Every change writes a timeline event in the same transaction.
"""

import csv
import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from reachroom.brands import service as brands
from reachroom.campaigns import repository as repo
from reachroom.campaigns.schemas import (
    AddResult,
    BulkMove,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CampaignTarget,
    EventOut,
    PipelineAdd,
    PipelineRow,
    StageMove,
    StatusIn,
    from_minor,
    to_minor,
)
from reachroom.campaigns.stages import (
    FINISHED,
    STAGE_NAMES,
    STATUS_NAMES,
    allowed_stage_moves,
    allowed_status_moves,
    can_move,
    can_set_status,
)
from reachroom.core.csv_export import absolute_url, number_cell, percent_cell, text_cell
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.service import account_for_handle
from reachroom.discovery.lists import service as lists
from reachroom.models import Campaign, CampaignCreator, CampaignEvent, utcnow

CSV_COLUMNS = ["handle", "platform", "name", "stage", "stage_since", "followers", "engagement_rate", "tier", "note",
               "account_id", "profile_url"]


# ---------- campaigns ----------

def _out(c: Campaign, brand_name: str, owner_email: str | None, counts: dict[str, int]) -> CampaignOut:
    return CampaignOut(
        id=c.id, name=c.name, brand_id=c.brand_id, brand_name=brand_name, objective=c.objective, status=c.status,
        description=c.description or "", currency=c.currency,
        budget=None if c.budget_minor is None else from_minor(c.budget_minor),
        starts_on=c.starts_on, ends_on=c.ends_on, target=CampaignTarget(**(c.target or {})),
        owner_email=owner_email, version=c.version, creators=sum(counts.values()), stage_counts=counts,
        allowed_status_moves=allowed_status_moves(c.status), created_at=c.created_at, updated_at=c.updated_at,
    )


def list_campaigns(db: Session, ctx: WorkspaceContext, brand_id: int | None = None,
                   status: str | None = None) -> list[CampaignOut]:
    """The workspace's campaigns, newest first, with their pipeline counts."""
    rows = repo.campaigns(db, ctx, brand_id, status)
    counts = repo.stage_counts(db, [c.id for c, _, _ in rows])
    return [_out(c, b, e, counts.get(c.id, {})) for c, b, e in rows]


def _get(db: Session, ctx: WorkspaceContext, campaign_id: int) -> tuple[Campaign, str, str | None]:
    row = repo.get(db, ctx, campaign_id)
    if row is None:
        raise not_found("Campaign")
    return row


def get_campaign(db: Session, ctx: WorkspaceContext, campaign_id: int) -> CampaignOut:
    """One campaign of this workspace or 404."""
    c, brand, owner = _get(db, ctx, campaign_id)
    return _out(c, brand, owner, repo.stage_counts(db, [c.id]).get(c.id, {}))


def find_campaign(db: Session, ctx: WorkspaceContext, ref: str) -> CampaignOut:
    """A campaign by id or exact name (case-insensitive), for the CLI."""
    ref = ref.strip()
    if ref.isascii() and ref.isdigit() and len(ref) < 19:
        row = repo.get(db, ctx, int(ref))
        if row is not None:
            return get_campaign(db, ctx, row[0].id)
    found = repo.by_name(db, ctx, ref)
    if found is None:
        raise not_found(f"Campaign {ref!r}")
    return get_campaign(db, ctx, found.id)


def _taken(name: str) -> AppError:
    return conflict("name", f"a campaign named {name!r} already exists")


def record_event(db: Session, ctx: WorkspaceContext, campaign_id: int, kind: str, old: str = "", new: str = "",
                 detail: str = "", entry_id: int | None = None) -> None:
    """One line on the campaign's timeline, by whoever acts, now (in the caller's transaction)."""
    repo.add(db, CampaignEvent(campaign_id=campaign_id, campaign_creator_id=entry_id, actor_id=ctx.actor_id,
                               kind=kind, old_value=old[:200], new_value=new[:200], detail=detail, at=utcnow()))


def create_campaign(db: Session, ctx: WorkspaceContext, data: CampaignIn) -> CampaignOut:
    """A new draft campaign for a brand of this workspace, owned by whoever creates it."""
    ctx.require_write()
    if brands.find_brand(db, ctx, data.brand_id) is None:
        raise invalid("brand_id", f"no brand with id {data.brand_id} in this workspace")
    if repo.by_name(db, ctx, data.name) is not None:
        raise _taken(data.name)
    values = data.model_dump(exclude={"budget", "target"})
    campaign = Campaign(workspace_id=ctx.workspace_id, owner_id=ctx.user_id, status="draft",
                        budget_minor=None if data.budget is None else to_minor(data.budget),
                        target=data.target.model_dump(), **values)
    try:
        with db.begin_nested():
            repo.add(db, campaign)
    except IntegrityError:  # a concurrent create of the same name won the race
        raise _taken(data.name) from None
    record_event(db, ctx, campaign.id, "created", new=campaign.name)
    return get_campaign(db, ctx, campaign.id)


def _stale(what: str, read: int, now: int) -> AppError:
    return conflict("version", f"this {what} was changed by someone else since you opened it (you read "
                               f"version {read}, it is now {now}); reload to see their changes, then save again")


def flush_versioned(db: Session, lost: AppError) -> None:
    """Flush version-checked rows; `lost` (a 409) when another save passed the version check at the same moment
    and won (the UPDATE found no row with the version read)."""
    try:
        with db.begin_nested():
            db.flush()
    except StaleDataError:
        raise lost from None


def update_campaign(db: Session, ctx: WorkspaceContext, campaign_id: int, patch: CampaignPatch) -> CampaignOut:
    """Change the given fields; 409 if `patch.version` is not the stored one (nothing is overwritten)."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    if patch.version != c.version:
        raise _stale("campaign", patch.version, c.version)
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("name") is not None:
        clash = repo.by_name(db, ctx, changes["name"])
        if clash is not None and clash.id != c.id:
            raise _taken(changes["name"])
    for key in ("name", "objective", "description", "currency"):
        if changes.get(key) is not None:
            setattr(c, key, changes[key])
    if "budget" in changes:
        c.budget_minor = None if patch.budget is None else to_minor(patch.budget)
    for key in ("starts_on", "ends_on"):
        if key in changes:
            setattr(c, key, changes[key])
    if patch.target is not None:
        c.target = patch.target.model_dump()
    if c.starts_on and c.ends_on and c.ends_on < c.starts_on:
        raise invalid("ends_on", "the campaign ends before it starts")
    try:
        flush_versioned(db, _stale("campaign", patch.version, c.version + 1))
    except IntegrityError:
        raise _taken(changes.get("name") or c.name) from None
    record_event(db, ctx, c.id, "edited", detail=", ".join(sorted(changes)) or "nothing")
    return get_campaign(db, ctx, c.id)


def set_status(db: Session, ctx: WorkspaceContext, campaign_id: int, data: StatusIn) -> CampaignOut:
    """Move a campaign along draft → recruiting → live → completed → archived; 409 naming the allowed moves."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    if data.version is not None and data.version != c.version:
        raise _stale("campaign", data.version, c.version)
    if data.status == c.status:
        return get_campaign(db, ctx, c.id)
    if not can_set_status(c.status, data.status):
        allowed = ", ".join(STATUS_NAMES[s] for s in allowed_status_moves(c.status)) or "none"
        raise conflict("status", f"a {STATUS_NAMES[c.status].lower()} campaign can't become "
                                 f"{STATUS_NAMES[data.status].lower()}; allowed: {allowed}")
    old, read = c.status, c.version
    c.status = data.status
    flush_versioned(db, _stale("campaign", read, read + 1))
    record_event(db, ctx, c.id, "status", old=old, new=c.status)
    return get_campaign(db, ctx, c.id)


def delete_campaign(db: Session, ctx: WorkspaceContext, campaign_id: int) -> None:
    """Delete a campaign with its pipeline and timeline (admins only: it erases the team's history)."""
    ctx.require("admin")
    c, _, _ = _get(db, ctx, campaign_id)
    repo.delete(db, c)


# ---------- pipeline ----------

def _row(e: CampaignCreator, acc, cr, st) -> PipelineRow:
    return PipelineRow(
        id=e.id, account_id=acc.id, creator_id=cr.id, platform=acc.platform, handle=acc.handle, name=cr.name,
        followers=acc.followers, tier=st.tier if st else None, engagement_rate=st.engagement_rate if st else None,
        stage=e.stage, stage_changed_at=e.stage_changed_at, allowed_moves=allowed_stage_moves(e.stage),
        note=e.note or "", version=e.version, added_at=e.created_at,
    )


def pipeline(db: Session, ctx: WorkspaceContext, campaign_id: int, stage: str | None = None) -> list[PipelineRow]:
    """The campaign's creators in the order they joined (optionally only those at `stage`)."""
    c, _, _ = _get(db, ctx, campaign_id)
    rows = [_row(*r) for r in repo.pipeline(db, ctx, c.id)]
    return [r for r in rows if stage is None or r.stage == stage]


def _handle_ids(db: Session, ctx: WorkspaceContext, handles: list[str]) -> list[int]:
    out = []
    for i, raw in enumerate(handles):
        platform, sep, handle = raw.partition(":")
        if not sep:
            platform, handle = "", raw
        try:
            out.append(account_for_handle(db, ctx, handle, platform.strip().lower() or None).id)
        except AppError as err:
            message = err.message
            if err.status == 422:  # the handle is on several platforms: say how to pick one here
                clean = handle.strip().lstrip("@")
                message = f"@{clean} is on several platforms; write platform:handle, e.g. instagram:{clean}"
            raise invalid(f"handles.{i}", message) from None
    return out


def add_creators(db: Session, ctx: WorkspaceContext, campaign_id: int, data: PipelineAdd) -> AddResult:
    """Invite visible accounts into the pipeline; any unknown account or handle is a 422 and nothing is added."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    if c.status in FINISHED:
        raise conflict("status", f"a {STATUS_NAMES[c.status].lower()} campaign takes no new creators; "
                                 "reopen it first")
    wanted = list(dict.fromkeys(data.account_ids))
    visible = repo.visible_account_ids(db, ctx, wanted)
    missing = [a for a in wanted if a not in visible]
    if missing:
        raise invalid("account_ids", f"no account with id {missing[0]} is visible to this workspace")
    if data.list_id is not None:
        wanted += lists.account_ids_on_list(db, ctx, data.list_id)
    wanted += _handle_ids(db, ctx, data.handles)
    wanted = list(dict.fromkeys(wanted))
    present = repo.account_ids_in(db, c.id)
    new = [a for a in wanted if a not in present]
    rows = [CampaignCreator(campaign_id=c.id, account_id=a, stage="invited", note=data.note, added_by=ctx.actor_id)
            for a in new]
    try:
        with db.begin_nested():
            repo.add(db, *rows)
    except IntegrityError:  # someone added one of them at the same moment
        raise conflict("account_ids", "another add to this campaign happened at the same time; try again") from None
    for row in rows:
        record_event(db, ctx, c.id, "added", new="invited", entry_id=row.id)
    return AddResult(added=new, already_in=[a for a in wanted if a in present])


def _entry(db: Session, campaign_id: int, entry_id: int) -> CampaignCreator:
    e = repo.entry(db, campaign_id, entry_id)
    if e is None:
        raise not_found("Campaign creator")
    return e


def _refuse_move(e: CampaignCreator, to: str) -> AppError:
    allowed = ", ".join(STAGE_NAMES[s] for s in allowed_stage_moves(e.stage)) or "none (the pipeline ends here)"
    return conflict("stage", f"can't move from {STAGE_NAMES[e.stage]} to {STAGE_NAMES[to]}; allowed: {allowed}")


def move_creator(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: StageMove) -> PipelineRow:
    """Move one creator to another stage along an allowed path; 409 names the allowed moves or a stale version."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    e = _entry(db, c.id, entry_id)
    if data.version is not None and data.version != e.version:
        raise _stale("creator's stage", data.version, e.version)
    if not can_move(e.stage, data.stage):
        raise _refuse_move(e, data.stage)
    old, read = e.stage, e.version
    e.stage, e.stage_changed_at = data.stage, utcnow()
    flush_versioned(db, _stale("creator's stage", read, read + 1))
    record_event(db, ctx, c.id, "stage", old=old, new=e.stage, detail=data.note, entry_id=e.id)
    return get_entry(db, ctx, c.id, e.id)


def move_many(db: Session, ctx: WorkspaceContext, campaign_id: int, data: BulkMove) -> list[PipelineRow]:
    """Move several creators to one stage: every move must be allowed, else 409 and nobody moves."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    ids = list(dict.fromkeys(data.ids))
    found = {e.id: e for e in repo.entries(db, c.id, ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise invalid("ids", f"no creator {missing[0]} in this campaign")
    stuck = [found[i] for i in ids if found[i].stage != data.stage and not can_move(found[i].stage, data.stage)]
    if stuck:
        err = _refuse_move(stuck[0], data.stage)
        raise conflict("ids", f"{len(stuck)} of {len(ids)} can't move, so none moved (first: {err.message})")
    now = utcnow()
    moved = [found[i] for i in ids if found[i].stage != data.stage]
    olds = {e.id: e.stage for e in moved}
    for e in moved:
        e.stage, e.stage_changed_at = data.stage, now
    flush_versioned(db, conflict("ids", "someone moved one of these creators at the same moment; reload"))
    for e in moved:
        record_event(db, ctx, c.id, "stage", old=olds[e.id], new=e.stage, detail="bulk move", entry_id=e.id)
    return [r for r in pipeline(db, ctx, c.id) if r.id in found]


def get_entry(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int) -> PipelineRow:
    """One creator of a campaign's pipeline."""
    c, _, _ = _get(db, ctx, campaign_id)  # the campaign's workspace first: entries of shared accounts are not
    rows = repo.pipeline(db, ctx, c.id, entry_id)  # filtered out by the account rule
    if not rows:
        raise not_found("Campaign creator")
    return _row(*rows[0])


def remove_creator(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int) -> None:
    """Take a creator out of the campaign (only before anything was agreed: later, withdraw them instead)."""
    ctx.require_write()
    c, _, _ = _get(db, ctx, campaign_id)
    e = _entry(db, c.id, entry_id)
    if e.stage not in ("invited", "interested", "declined", "withdrawn"):
        raise conflict("stage", f"{STAGE_NAMES[e.stage]}: work has started with this creator, so the record stays; "
                                "move them to Withdrawn instead")
    repo.delete(db, e)
    record_event(db, ctx, c.id, "removed", old=e.stage, detail=f"account {e.account_id}")


def timeline(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int | None = None) -> list[EventOut]:
    """Who did what, when, newest first (one creator's when `entry_id` is given)."""
    c, _, _ = _get(db, ctx, campaign_id)
    if entry_id is not None:
        _entry(db, c.id, entry_id)
    return [EventOut(id=ev.id, kind=ev.kind, campaign_creator_id=ev.campaign_creator_id, handle=handle,
                     old_value=ev.old_value, new_value=ev.new_value, detail=ev.detail, actor_email=email, at=ev.at)
            for ev, email, handle in repo.events(db, c.id, entry_id)]


def export_csv(db: Session, ctx: WorkspaceContext, campaign_id: int, base_url: str = "",
               entry_ids: Sequence[int] | None = None) -> tuple[str, str]:
    """(filename, CSV text): one row per creator (or per chosen creator) with stage, since when, followers, ER,
    tier, note and a link."""
    detail = get_campaign(db, ctx, campaign_id)
    chosen = set(entry_ids) if entry_ids else None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in pipeline(db, ctx, campaign_id):
        if chosen is not None and r.id not in chosen:
            continue
        profile = absolute_url(base_url, f"/creators/{r.creator_id}?account={r.account_id}")
        writer.writerow([text_cell(r.handle), r.platform, text_cell(r.name), STAGE_NAMES[r.stage],
                         r.stage_changed_at.date().isoformat(), number_cell(r.followers),
                         percent_cell(r.engagement_rate), r.tier or "", text_cell(r.note), r.account_id, profile])
    slug = "".join(ch if ch.isalnum() else "-" for ch in detail.name.lower()).strip("-") or f"campaign-{detail.id}"
    return f"{slug}.csv", buf.getvalue()


def form_values(c: CampaignOut) -> dict[str, Any]:
    """A campaign as the edit form shows it."""
    return {**c.model_dump(), "budget": "" if c.budget is None else f"{c.budget:.2f}"}
