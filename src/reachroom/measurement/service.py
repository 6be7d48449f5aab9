"""Measurement rules: link a creator's posts to the campaign (a pasted link; unlinking is kept), record their
counts over time (one at a time or a CSV, every number with its source and time; contradictions flagged, never
fixed), and build the campaign's report from each post's latest snapshot. Same service behind page, API, CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import import_module
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.connectors import read_post_insights
from reachroom.connectors.base import ResponseError
from reachroom.core import events
from reachroom.core.csv_import import decode, nothing_imported, rows
from reachroom.core.errors import AppError, FieldError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import (
    FORMAT_NAMES,
    MAX_COUNT,
    SOURCE_NAMES,
    ImportOut,
    PlatformSnapshotIn,
    PostLinkIn,
    PostOut,
    SnapshotIn,
    SnapshotOut,
)
from reachroom.metrics.delivery import (
    COUNTS,
    RATE_BASES,
    Counts,
    check_snapshot,
    history_deltas,
    pair_keys,
    subtract_deltas,
)
from reachroom.models import CampaignPost, CampaignRollup, PostMetricSnapshot, utcnow

HOSTS = {"instagram.com": "instagram", "tiktok.com": "tiktok", "youtube.com": "youtube", "youtu.be": "youtube"}
STORY_LIFE = timedelta(hours=24)
STORY_GRACE = timedelta(hours=1)  # a story's numbers read a little after it went: still its 24 hours' numbers
STORY_EXPIRED = "collected_after_story_expired"
CLOCK_SKEW = timedelta(minutes=5)  # a device clock a little ahead is not "the future"
MAX_IMPORT_BYTES, MAX_IMPORT_ROWS = 5_000_000, 50_000
CSV_REQUIRED = ("url", "collected_at")
CSV_OPTIONAL = (*COUNTS, "source", "metric_version")


def _naive(value: datetime) -> datetime:
    """Stored as naive UTC (SQLite keeps no offset)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def platform_of(url: str) -> str | None:
    """The platform a post link belongs to (None for any other site)."""
    host = (urlparse(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return HOSTS.get(host)


def format_of(platform: str, url: str) -> str:
    """The format a link says: Instagram /reel/, /stories/, else a post; YouTube /shorts/; TikTok videos."""
    path = urlparse(url).path.lower()
    if platform == "instagram":
        return "reel" if "/reel" in path else "story" if "/stories/" in path else "post"
    if platform == "youtube":
        return "short" if "/shorts/" in path else "video"
    return "video"


def _counts(s: PostMetricSnapshot | SnapshotIn) -> Counts:
    return Counts(**{name: getattr(s, name) for name in COUNTS})


def _snapshot_out(s: PostMetricSnapshot) -> SnapshotOut:
    return SnapshotOut(id=s.id, collected_at=s.collected_at, source=s.source,
                       metric_version=s.metric_version, flags=list(s.flags or []),
                       **{name: getattr(s, name) for name in COUNTS})


def _post_out(p: CampaignPost, handle: str, platform: str, latest: PostMetricSnapshot | None,
              snapshots: int) -> PostOut:
    return PostOut(id=p.id, entry_id=p.campaign_creator_id, handle=handle, platform=platform, url=p.url,
                   format=p.format, posted_at=p.posted_at, expires_at=p.expires_at, linked_by=p.linked_by,
                   link_reason=p.link_reason, unlinked_at=p.unlinked_at,
                   latest=_snapshot_out(latest) if latest else None, snapshots=snapshots)


def posts(db: Session, ctx: WorkspaceContext, campaign_id: int, limit: int = 200, offset: int = 0,
          entry_id: int | None = None) -> list[PostOut]:
    """The posts linked to the campaign (or to one creator of it), newest link first (unlinked ones say so), with
    their latest counts."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    return [_post_out(*r) for r in repo.recent_posts(db, c.id, limit, offset, entry_id)]


def snapshot_history(db: Session, ctx: WorkspaceContext, campaign_id: int, post_id: int) -> list[SnapshotOut]:
    """Every snapshot of one post of the campaign, newest collection first (counts, source, time, metric version,
    flags); 404 for a post of another campaign or workspace."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    post = repo.post(db, c.id, post_id)
    if post is None:
        raise not_found("Post")
    snaps = repo.snapshots(db, [post.id]).get(post.id, [])
    return [_snapshot_out(s) for s in reversed(snaps)]


def post_with_history(db: Session, ctx: WorkspaceContext, campaign_id: int,
                      post_id: int) -> tuple[PostOut, list[SnapshotOut]]:
    """One post of the campaign with its snapshots, newest first (the post's history page)."""
    history = snapshot_history(db, ctx, campaign_id, post_id)
    post = repo.post(db, campaign_id, post_id)
    assert post is not None  # found by snapshot_history in the caller's workspace
    return _one_post(db, campaign_id, post), history


def _one_post(db: Session, campaign_id: int, post: CampaignPost) -> PostOut:
    snaps = repo.snapshots(db, [post.id]).get(post.id, [])
    handle, platform = repo.handle_of(db, post.campaign_creator_id)
    return _post_out(post, handle, platform, snaps[-1] if snaps else None, len(snaps))


def _roll(db: Session, post: CampaignPost, snap: PostMetricSnapshot, sign: int) -> None:
    """Add (+1) or take away (-1) one post's latest snapshot from its rollup group."""
    key = (post.campaign_id, post.campaign_creator_id, post.format, post.platform, snap.source)
    row = repo.rollup_of(db, key)
    if row is None:
        row = CampaignRollup(campaign_id=key[0], campaign_creator_id=key[1], format=key[2], platform=key[3],
                             source=key[4], posts=0, sums={}, reported={}, engagements=0, engagements_reported=0)
        db.add(row)
    sums, reported = dict(row.sums or {}), dict(row.reported or {})
    for name in COUNTS:
        value = getattr(snap, name)
        if value is not None:
            sums[name] = sums.get(name, 0) + sign * value
            reported[name] = reported.get(name, 0) + sign
    engaged = _counts(snap).engagements
    if engaged is not None:
        row.engagements = (row.engagements or 0) + sign * engaged
        row.engagements_reported = (row.engagements_reported or 0) + sign
        for base in RATE_BASES:  # each rate's pair: only posts reporting both engagements and its denominator
            denominator = getattr(snap, base)
            if denominator is not None:
                eng_key, base_key = pair_keys(base)
                sums[eng_key] = sums.get(eng_key, 0) + sign * engaged
                sums[base_key] = sums.get(base_key, 0) + sign * denominator
                reported[eng_key] = reported.get(eng_key, 0) + sign
    row.sums, row.reported, row.posts = sums, reported, (row.posts or 0) + sign
    if sign > 0:
        row.collected_until = max(row.collected_until or snap.collected_at, snap.collected_at)
    else:
        db.flush()  # the post no longer counts this snapshot: the group's newest time may be older now
        row.collected_until = repo.group_until(db, key)


def _history(snaps: list[PostMetricSnapshot]) -> dict:
    """One post's daily changes of delivery (metrics/delivery.py: history_deltas); a row not yet flushed sorts last."""
    return history_deltas((x.collected_at, x.id or 2**62, _counts(x)) for x in snaps)


def _keep_latest(db: Session, post: CampaignPost, row: PostMetricSnapshot,
                 earlier: list[PostMetricSnapshot]) -> None:
    """The post points at its newest snapshot (a later collection time wins, a tie the later row), counts its
    flagged ones, and its rollup group follows when the newest one changes."""
    current = max(earlier, key=lambda s: (s.collected_at, s.id), default=None)
    if post.unlinked_at is None:  # any snapshot, even an older one, can change the post's history
        repo.shift_daily(db, post.campaign_id, subtract_deltas(_history([*earlier, row]), _history(earlier)), +1)
    if current is None or row.collected_at >= current.collected_at:
        post.latest_snapshot_id = row.id
        if post.unlinked_at is None:
            if current is not None:
                _roll(db, post, current, -1)
            _roll(db, post, row, +1)
    if row.flags:
        post.flagged_snapshots = (post.flagged_snapshots or 0) + 1


def link_post(db: Session, ctx: WorkspaceContext, campaign_id: int, data: PostLinkIn, linked_by: str = "manual",
              reason: str = "") -> PostOut:
    """Count a creator's post in the campaign (by its link); 409 when it already is, 422 for a link of another
    platform than the creator's account."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, data.entry_id)
    platform = platform_of(data.url)
    if platform is None:
        raise invalid("url", "paste a link to an Instagram, TikTok or YouTube post")
    if platform != entry.platform:
        raise invalid("url", f"that is a {PLATFORM_NAMES[platform]} link, but @{entry.handle} is on "
                             f"{PLATFORM_NAMES.get(entry.platform, entry.platform)}")
    posted_at = _naive(data.posted_at) if data.posted_at else None
    if posted_at and posted_at > utcnow() + CLOCK_SKEW:
        raise invalid("posted_at", "is in the future")
    fmt = data.format or format_of(platform, data.url)
    row = repo.post_by_url(db, campaign_id, data.url)
    if row is not None and row.unlinked_at is None:
        raise conflict("url", "this post is already counted in the campaign")
    if row is None:
        row = CampaignPost(campaign_id=campaign_id, campaign_creator_id=entry.id, url=data.url, platform=platform)
        db.add(row)
    row.campaign_creator_id, row.format, row.posted_at, row.linked_by = entry.id, fmt, posted_at, linked_by
    row.expires_at = posted_at + STORY_LIFE if fmt == "story" and posted_at else None
    row.link_reason, row.added_by, row.unlinked_at, row.unlinked_by = reason, ctx.actor_id, None, None
    db.flush()
    if row.latest_snapshot_id:  # linked again: its numbers count again
        _roll(db, row, db.get(PostMetricSnapshot, row.latest_snapshot_id), +1)  # type: ignore[arg-type]
        repo.shift_daily(db, campaign_id, _history(repo.snapshots(db, [row.id]).get(row.id, [])), +1)
    campaigns.record_event(db, ctx, campaign_id, "post_linked", new=data.url, entry_id=entry.id,
                           detail=FORMAT_NAMES[fmt])
    return _one_post(db, campaign_id, row)


def unlink_post(db: Session, ctx: WorkspaceContext, campaign_id: int, post_id: int) -> PostOut:
    """Stop counting a post (kept, with who and when, and its snapshots)."""
    ctx.require_write()
    campaigns.get_campaign(db, ctx, campaign_id)
    row = repo.post(db, campaign_id, post_id)
    if row is None:
        raise not_found("Post")
    if row.unlinked_at is None:
        row.unlinked_at, row.unlinked_by = utcnow(), ctx.actor_id
        latest = db.get(PostMetricSnapshot, row.latest_snapshot_id) if row.latest_snapshot_id else None
        if latest is not None:
            _roll(db, row, latest, -1)
            repo.shift_daily(db, campaign_id, _history(repo.snapshots(db, [row.id]).get(row.id, [])), -1)
        db.flush()
        campaigns.record_event(db, ctx, campaign_id, "post_unlinked", new=row.url, entry_id=row.campaign_creator_id)
    return _one_post(db, campaign_id, row)


def _checked_time(collected_at: datetime, post: CampaignPost, field: str) -> datetime:
    at = _naive(collected_at)
    if at > utcnow() + CLOCK_SKEW:
        raise invalid(field, "is in the future")
    if post.posted_at and at < post.posted_at:
        raise invalid(field, "is before the post went up")
    return at


def add_snapshot(db: Session, ctx: WorkspaceContext, campaign_id: int, post_id: int,
                 data: SnapshotIn) -> SnapshotOut:
    """One set of counts for a post at a time (flagged where it contradicts itself or the post's earlier ones)."""
    ctx.require_write()
    campaigns.get_campaign(db, ctx, campaign_id)
    post = repo.post(db, campaign_id, post_id)
    if post is None:
        raise not_found("Post")
    if post.unlinked_at is not None:
        raise conflict("post_id", "this post is no longer counted in the campaign; link it again first")
    at = _checked_time(data.collected_at, post, "collected_at")
    earlier = repo.snapshots(db, [post.id]).get(post.id, [])
    if any(s.collected_at == at and s.source == data.source for s in earlier):
        raise conflict("collected_at", "this post already has numbers from this source at this time")
    row = _snapshot(post, at, data, [s for s in earlier if s.collected_at <= at], ctx.actor_id)
    repo.add(db, row)
    _keep_latest(db, post, row, earlier)
    db.flush()
    return _snapshot_out(row)


def add_platform_snapshot(db: Session, ctx: WorkspaceContext, campaign_id: int, post_id: int,
                          data: PlatformSnapshotIn) -> SnapshotOut:
    """A snapshot from what the post's platform API answered (its connector reads the counts and the metric
    version); 422 naming the part of the response that is not what the platform sends."""
    ctx.require_write()
    campaigns.get_campaign(db, ctx, campaign_id)
    post = repo.post(db, campaign_id, post_id)
    if post is None:
        raise not_found("Post")
    try:
        insights = read_post_insights(post.platform, data.response)
    except ResponseError as err:
        raise invalid(f"response.{err.where}", err.problem) from None
    return add_snapshot(db, ctx, campaign_id, post_id, SnapshotIn(
        collected_at=data.collected_at, source="platform_api", metric_version=insights.metric_version,
        **insights.counts))


def _comparable(a: str, b: str) -> bool:
    """Two snapshots' counts can be compared unless both name a metric version and they differ (Instagram's
    impressions before 2025 and its views after are not the same count: a change is not a drop)."""
    return not a or not b or a == b


def _snapshot(post: CampaignPost, at: datetime, data: SnapshotIn, earlier: list[PostMetricSnapshot],
              actor: int | None) -> PostMetricSnapshot:
    flags = check_snapshot(_counts(data), [_counts(s) for s in earlier
                                           if _comparable(s.metric_version, data.metric_version)])
    if post.format == "story" and post.expires_at and at > post.expires_at + STORY_GRACE:
        flags.append(STORY_EXPIRED)
    return PostMetricSnapshot(campaign_post_id=post.id, collected_at=at, source=data.source,
                              metric_version=data.metric_version, added_by=actor, flags=flags,
                              **{name: getattr(data, name) for name in COUNTS})


def _cell_count(line: int, name: str, text: str, errors: list[FieldError]) -> int | None:
    text = text.replace(",", "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_COUNT:
        errors.append(FieldError(f"line {line}.{name}", f"{text[:20]!r} is not a count (a whole number, 0 or more)"))
        return None
    return int(text)


def _cell_time(line: int, text: str, errors: list[FieldError]) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(f"line {line}.collected_at", f"{text[:30]!r} is not a date and time "
                                                              "(e.g. 2026-11-30 or 2026-11-30T18:00)"))
        return None


def _parse_row(line: int, cells: dict[str, str], by_url: dict[str, CampaignPost],
               errors: list[FieldError]) -> tuple[CampaignPost, SnapshotIn] | None:
    """One CSV row as (post, snapshot), or None with its problems added to `errors`."""
    before = len(errors)
    post = by_url.get(cells["url"])
    if post is None:
        errors.append(FieldError(f"line {line}.url", "not a post counted in this campaign (link it first)"))
    at = _cell_time(line, cells["collected_at"], errors)
    counts = {name: _cell_count(line, name, cells.get(name, ""), errors) for name in COUNTS}
    source = cells.get("source") or "csv"
    if source not in SOURCE_NAMES:
        errors.append(FieldError(f"line {line}.source", f"{source!r} is not one of {', '.join(SOURCE_NAMES)}"))
    version = cells.get("metric_version", "")
    if len(version) > 24:
        errors.append(FieldError(f"line {line}.metric_version", "longer than 24 characters"))
    if post is not None and at is not None:
        try:
            at = _checked_time(at, post, "collected_at")
        except AppError as err:  # the shared time rule, said for this line
            errors.append(FieldError(f"line {line}.collected_at", err.fields[0].message))
    if len(errors) > before or post is None or at is None:
        return None
    return post, SnapshotIn(collected_at=at, source=source, metric_version=version, **counts)


def import_snapshots(db: Session, ctx: WorkspaceContext, campaign_id: int, raw: bytes) -> ImportOut:
    """Snapshots from a CSV (url, collected_at, any counts, optionally source and metric_version): every row is
    checked first and nothing is written on any error; a row already stored (same post, time and source) is
    skipped, so importing the same file twice adds nothing."""
    ctx.require_write()
    campaigns.get_campaign(db, ctx, campaign_id)
    text = decode(raw, MAX_IMPORT_BYTES)
    by_url = {p.url: p for p, _, _ in repo.posts(db, campaign_id) if p.unlinked_at is None}
    errors: list[FieldError] = []
    parsed: list[tuple[CampaignPost, SnapshotIn]] = []
    seen: dict[tuple[int, datetime, str], tuple[int, SnapshotIn]] = {}
    for line, cells in rows(text, CSV_REQUIRED, CSV_OPTIONAL, MAX_IMPORT_ROWS, errors):
        if (r := _parse_row(line, cells, by_url, errors)) is None:
            continue
        key = (r[0].id, r[1].collected_at, r[1].source)
        if key in seen:  # the same post, time and source twice in the file: one copy, or two answers
            first, other = seen[key]
            if other != r[1]:
                errors.append(FieldError(f"line {line}.collected_at", f"line {first} has other numbers for the "
                                                                      "same post, time and source: keep one"))
            continue
        seen[key] = (line, r[1])
        parsed.append(r)
    if not parsed and not errors:
        errors.append(FieldError("file", "no rows after the header"))
    if errors:
        raise nothing_imported(422, errors)
    stored = repo.snapshots(db, sorted({post.id for post, _ in parsed}))  # only the posts in the file
    added = skipped = flagged = 0
    for post, snap in sorted(parsed, key=lambda r: (r[0].id, r[1].collected_at)):
        history = stored.setdefault(post.id, [])
        if any(s.collected_at == snap.collected_at and s.source == snap.source for s in history):
            skipped += 1
            continue
        row = _snapshot(post, snap.collected_at, snap, [s for s in history if s.collected_at <= snap.collected_at],
                        ctx.actor_id)
        repo.add(db, row)
        _keep_latest(db, post, row, history)
        history.append(row)
        added += 1
        flagged += bool(row.flags)
    db.flush()
    return ImportOut(added=added, already_there=skipped, flagged=flagged)


def recount(db: Session, ctx: WorkspaceContext, campaign_id: int | None = None) -> tuple[int, int]:
    """Rebuild the report rollups, daily changes and each post's latest pointer from the snapshots themselves, for
    one campaign or every campaign of the workspace (admins); returns (campaigns, posts). What a report reads then
    equals what it would compute from scratch — e.g. after an upgrade that keeps new sums in the rollups."""
    ctx.require("admin")
    ids = [campaigns.get_campaign(db, ctx, campaign_id).id] if campaign_id is not None else [
        c.id for c in campaigns.list_campaigns(db, ctx)]
    return len(ids), sum(repo.recompute_latest(db, c) for c in ids)


def link_live_post(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, url: str) -> None:
    """Count a live post recorded against its approved draft (brand or creator side): nothing when it is already
    counted or its link is not of the creator's platform (the live check has said what it found)."""
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    platform = platform_of(url)
    existing = repo.post_by_url(db, campaign_id, url)
    if platform != entry.platform or (existing is not None and existing.unlinked_at is None):
        return
    # when it went up is not known (the check is dated on the timeline, not the post)
    link_post(db, ctx, campaign_id, PostLinkIn(entry_id=entry_id, url=url), linked_by="live",
              reason="the live post recorded against the approved draft")


events.subscribe("live_post_recorded", link_live_post)
import_module("reachroom.measurement.forecasts")  # it subscribes to "terms_accepted" (forecasts at contract time)
