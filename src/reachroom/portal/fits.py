"""Brand fit read from the creator's side: Discover's score of each proved account with each brand that has an open
opportunity ([discovery/fit.py](../discovery/fit.py), the same query a brand search builds from the brand). Kept in
`brand_account_fits` and refreshed in the background (a publication, a proved account, a feed that finds one
missing, and once a day), because one creator may face thousands of brands and each brand's query is built once
for all accounts at a time. The feed and a campaign's bids rank by it; until a fit is in, they use the published
rules' match and say so."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.discovery.fit import brand_fit, refresh_index
from reachroom.models import BrandFit, utcnow
from reachroom.portal import repository as repo

FIT_MAX_AGE = timedelta(days=1)  # stats, content and audience change: a fit older than this is worked out again
SYSTEM = 0  # no member acts: the background pass reads the brand with its workspace's scope


def refresh(db: Session, account_ids: list[int] | None = None, brand_ids: list[int] | None = None,
            now: datetime | None = None, everything: bool = False) -> int:
    """Work out every missing or stale fit (narrowed to the ids given; `everything`: all of them again, e.g. once
    the content profiles they read are in); returns how many were written."""
    now = now or utcnow()
    stale_before = now + timedelta(seconds=1) if everything else now - FIT_MAX_AGE
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for brand_id, workspace_id, account_id in repo.fits_due(db, stale_before, account_ids, brand_ids):
        groups[(brand_id, workspace_id)].append(account_id)
    written = 0
    if groups:
        refresh_index(db)
    for (brand_id, workspace_id), accounts in groups.items():
        found = brand_fit(db, WorkspaceContext(workspace_id, SYSTEM, "viewer"), brand_id, accounts)
        repo.replace_fits(db, brand_id, accounts, [
            BrandFit(workspace_id=workspace_id, brand_id=brand_id, account_id=f.account_id, fit=f.fit,
                     confidence=f.confidence, gate=f.gate, components=f.components, reasons=f.reasons,
                     computed_at=now) for f in found.values()])
        written += len(found)
    return written
