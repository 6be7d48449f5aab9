"""The unit every measurement view adds up: one rollup row — the counted posts of one creator entry, format,
platform and source, summed — and how to add several of them (sums of sums: exact)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reachroom.metrics.delivery import COUNTS, Totals
from reachroom.models import CampaignRollup


@dataclass(frozen=True)
class Slice:
    """One aggregate row: the counted posts of one creator entry, format, platform and source, summed."""

    entry: int
    format: str
    platform: str
    source: str
    totals: Totals
    collected_until: datetime | None


def slices_of(rows: list[CampaignRollup]) -> list[Slice]:
    return [Slice(r.campaign_creator_id, r.format, r.platform, r.source,
                  Totals(r.posts, {k: int((r.sums or {}).get(k, 0)) for k in COUNTS},
                         {k: int((r.reported or {}).get(k, 0)) for k in COUNTS}, r.engagements,
                         r.engagements_reported), r.collected_until) for r in rows]


def combine(slices: list[Slice]) -> Totals:
    """The totals of several slices (sums of sums: exact)."""
    return Totals(sum(x.totals.posts for x in slices),
                  {k: sum(x.totals.sums[k] for x in slices) for k in COUNTS},
                  {k: sum(x.totals.reported_by[k] for x in slices) for k in COUNTS},
                  sum(x.totals.engagements for x in slices), sum(x.totals.engagements_reported_by for x in slices))
