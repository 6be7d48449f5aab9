"""The load plan: every size-dependent knob of a demo load, decided once from N and the seed.

Scale rules (see docs/demo.md): up to FULL_HISTORY_MAX creators every account gets its full 6-12 months of
posts and weekly follower snapshots; above it the posts per account are capped (the most recent ones; ~10 at
N = 1M), snapshots thin out to every 2 or 4 weeks and follower/comment samples cover fewer accounts.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from reachroom.demo.calibration import NicheCalibration

CHUNK_CREATORS = 2_000          # creators per chunk: fixes the random streams, so keep it constant
FULL_HISTORY_MAX = 50_000
SAMPLED_ACCOUNTS_MAX = 30_000   # accounts with follower and comment samples, at most (about)
SAMPLE_SHARE = 0.15


@dataclass(frozen=True)
class Plan:
    """Knobs of one load; picklable so chunk generation can run in worker processes."""

    seed: int
    creators: int
    as_of: int                   # epoch seconds (UTC, naive timestamps are written)
    as_of_text: str              # as_of in the SQLAlchemy SQLite timestamp format
    post_cap: int | None         # max posts per account (None: full history)
    snapshot_weeks: int          # interval of account snapshots
    sample_share: float          # share of accounts with follower/comment samples
    follower_sample_size: int
    comment_posts: int           # most recent posts with sampled comments
    comments_per_post: int
    calibration: NicheCalibration
    chunk_creators: int = CHUNK_CREATORS

    @property
    def chunks(self) -> int:
        return math.ceil(self.creators / self.chunk_creators)

    def chunk_size(self, chunk: int) -> int:
        return min(self.chunk_creators, self.creators - chunk * self.chunk_creators)


@dataclass
class Table:
    """Columns of one table for one chunk: arrays, lists, or a scalar repeated for every row.

    Id columns are implicit (row order); foreign-key columns hold chunk-local row indices of the parent.
    """

    rows: int
    columns: dict = field(default_factory=dict)
    # Optional (code per row, {code: (columns always NULL for that code, {column: constant})}): lets the
    # SQLite writer bind fewer parameters. Rows with equal codes should come in long runs.
    patterns: tuple | None = None


def default_as_of(now: datetime | None = None) -> datetime:
    """Today 00:00 UTC (naive): demo data ends 'now' but stays identical within a day."""
    now = now or datetime.now(UTC)
    return datetime(now.year, now.month, now.day)


def timestamp_text(epoch_seconds: np.ndarray) -> list[str]:
    """Naive UTC timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' (SQLAlchemy's SQLite storage format)."""
    stamps = np.asarray(epoch_seconds, dtype=np.int64).astype("datetime64[s]").astype("datetime64[us]")
    if stamps.size == 0:
        return []
    text = np.datetime_as_string(stamps)
    replace = getattr(getattr(np, "strings", None), "replace", None) or np.char.replace
    return replace(text, "T", " ").tolist()


def make_plan(creators: int, seed: int, as_of: datetime, calibration: NicheCalibration) -> Plan:
    """Decide the size-dependent knobs for N creators."""
    if creators < 1:
        raise ValueError("creators must be >= 1")
    as_of = as_of.replace(tzinfo=None) if as_of.tzinfo is None else as_of.astimezone(UTC).replace(tzinfo=None)
    epoch = int((as_of - datetime(1970, 1, 1)).total_seconds())
    if creators <= FULL_HISTORY_MAX:
        cap, weeks = None, 1
    else:
        cap = max(8, round(110 * (FULL_HISTORY_MAX / creators) ** 0.8))   # 63 at 100k, 17 at 500k, 10 at 1M
        weeks = 2 if creators <= 250_000 else 4
    accounts = creators * 1.38
    share = min(SAMPLE_SHARE, SAMPLED_ACCOUNTS_MAX / accounts)
    return Plan(
        seed=int(seed), creators=int(creators), as_of=epoch, as_of_text=timestamp_text(np.array([epoch]))[0],
        post_cap=cap, snapshot_weeks=weeks, sample_share=share,
        follower_sample_size=60 if creators <= FULL_HISTORY_MAX else 40,
        comment_posts=4, comments_per_post=6, calibration=calibration, chunk_creators=CHUNK_CREATORS,
    )
