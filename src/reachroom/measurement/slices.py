"""The unit every measurement view adds up: one rollup row — the counted posts of one creator entry, format,
platform and source, summed — and how to add several of them (sums of sums: exact)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reachroom.metrics.delivery import COUNTS, RATE_BASES, Totals, pair_keys
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


def _paired(r: CampaignRollup, base: str) -> tuple[int, int, int]:
    """(engagements, base, posts) over the group's posts reporting both. A rollup kept before the pairs were
    (no such key) is exact only when every post reports both; otherwise the rate waits for a rebuild
    (`repository.recompute_latest`)."""
    sums, reported = r.sums or {}, r.reported or {}
    eng_key, base_key = pair_keys(base)
    if eng_key in sums:
        return int(sums[eng_key]), int(sums.get(base_key, 0)), int(reported.get(eng_key, 0))
    if r.posts and r.engagements_reported == r.posts and int(reported.get(base, 0)) == r.posts:
        return int(r.engagements), int(sums.get(base, 0)), int(r.posts)
    return 0, 0, 0


def slices_of(rows: list[CampaignRollup]) -> list[Slice]:
    return [Slice(r.campaign_creator_id, r.format, r.platform, r.source,
                  Totals(r.posts, {k: int((r.sums or {}).get(k, 0)) for k in COUNTS},
                         {k: int((r.reported or {}).get(k, 0)) for k in COUNTS}, r.engagements,
                         r.engagements_reported, {b: _paired(r, b) for b in RATE_BASES}), r.collected_until)
            for r in rows]


def combine(slices: list[Slice]) -> Totals:
    """The totals of several slices (sums of sums: exact)."""
    return Totals(sum(x.totals.posts for x in slices),
                  {k: sum(x.totals.sums[k] for x in slices) for k in COUNTS},
                  {k: sum(x.totals.reported_by[k] for x in slices) for k in COUNTS},
                  sum(x.totals.engagements for x in slices), sum(x.totals.engagements_reported_by for x in slices),
                  {b: (sum(x.totals.paired.get(b, (0, 0, 0))[0] for x in slices),
                       sum(x.totals.paired.get(b, (0, 0, 0))[1] for x in slices),
                       sum(x.totals.paired.get(b, (0, 0, 0))[2] for x in slices)) for b in RATE_BASES})
