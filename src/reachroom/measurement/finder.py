"""Find a campaign's posts automatically: posts of its creators inside the campaign's dates that carry one of
the brief's hashtags, @mentions, promo codes or required links — or the creator's own promo code or tracked link
(creator_tracking) — are counted (`linked_by = auto`, with the reason). A post someone stopped counting is never
counted again by the finder."""

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from reachroom.campaigns import review
from reachroom.campaigns import service as campaigns
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import FindOut, PostLinkIn
from reachroom.measurement.service import link_post
from reachroom.metrics.sales import utm_of
from reachroom.models import CreatorTracking, utcnow

CATALOGUE_FORMATS = {"image": "post", "carousel": "carousel", "reel": "reel", "video": "video", "story": "story",
                     "short": "short"}
DEFAULT_WINDOW = timedelta(days=90)  # a campaign without dates: its last 90 days


def post_url(platform: str, handle: str, post_id: str, url: str | None) -> str:
    """The post's link as stored, else the platform's usual address for its id."""
    if url:
        return url
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{post_id}"
    if platform == "youtube":
        return f"https://www.youtube.com/watch?v={post_id}"
    return f"https://www.instagram.com/p/{post_id}/"


def markers(brief) -> list[tuple[str, re.Pattern]]:
    """(what it is, pattern) for each hashtag, mention, code and link the brief asks for (case-insensitive)."""
    out = []
    for tag in brief.required_hashtags:
        out.append((f"#{tag.lstrip('#')}", re.compile(rf"#{re.escape(tag.lstrip('#'))}\b", re.I)))
    for handle in brief.required_mentions:
        out.append((f"@{handle.lstrip('@')}", re.compile(rf"@{re.escape(handle.lstrip('@'))}\b", re.I)))
    for code in brief.promo_codes:
        out.append((f"code {code}", re.compile(rf"\b{re.escape(code)}\b", re.I)))
    for link in brief.required_links:
        out.append((link, re.compile(re.escape(link), re.I)))
    return out


URL = re.compile(r"https?://[^\s<>\"']+", re.I)
Marker = tuple[str, Callable[[str], bool]]


def _matches(label: str, pattern: re.Pattern) -> Marker:
    return label, lambda text: bool(pattern.search(text))


def tracking_markers(t: CreatorTracking | None) -> list[Marker]:
    """(what it is, test of a caption) for one creator's own promo code (a whole word, any case) and tracked link
    (a link in the caption whose utm_campaign and utm_content are theirs, whatever else it carries)."""
    if t is None:
        return []
    out: list[Marker] = []
    if t.code:
        code = re.compile(rf"(?<![A-Za-z0-9]){re.escape(t.code)}(?![A-Za-z0-9])", re.I)
        out.append((f"their code {t.code}", lambda text: bool(code.search(text))))
    if t.utm_campaign and t.utm_content:
        mine = (t.utm_campaign.lower(), t.utm_content.lower())
        out.append(("their tracked link", lambda text: any(utm_of(u) == mine for u in URL.findall(text))))
    return out


def find_posts(db: Session, ctx: WorkspaceContext, campaign_id: int) -> FindOut:
    """Count every matching post of the campaign's creators in its dates; returns what was found and why."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    wanted = [_matches(label, pattern) for label, pattern in markers(review.get_brief(db, ctx, c.id))]
    own = {entry: tracking_markers(t) for entry, t in repo.tracking(db, c.id).items()}
    if not wanted and not any(own.values()):
        return FindOut(linked=0, checked=0, reasons=[], note="The brief asks for no hashtag, mention, code or link "
                                                             "and no creator has a code or tracked link yet, so "
                                                             "there is nothing to look for.")
    start = datetime.combine(c.starts_on, time.min) if c.starts_on else utcnow() - DEFAULT_WINDOW
    end = datetime.combine(c.ends_on, time.max) if c.ends_on else utcnow()
    entries = {e.account_id: e for e in campaigns.pipeline(db, ctx, c.id)}
    known = {p.url for p, _, _ in repo.posts(db, c.id)}
    linked, checked, reasons = 0, 0, []
    for post in repo.catalogue_posts(db, list(entries), start, end):
        checked += 1
        entry = entries[post.account_id]
        url = post_url(entry.platform, entry.handle, post.platform_post_id, post.url)
        found = [label for label, test in wanted + own.get(entry.id, []) if test(post.caption or "")]
        if not found or url in known:
            continue
        reason = "carries " + ", ".join(found)
        link_post(db, ctx, c.id, PostLinkIn(entry_id=entry.id, url=url, posted_at=post.posted_at,
                                             format=CATALOGUE_FORMATS.get(post.format)),
                  linked_by="auto", reason=reason)
        known.add(url)
        linked += 1
        reasons.append(f"@{entry.handle}: {reason}")
    return FindOut(linked=linked, checked=checked, reasons=reasons[:50], note="")
