"""Write the engine's synthetic catalogue into a scratch SQLite database, fast, for `reachroom bench discovery`.

Only the tables the index loader reads are created. Rows are built column-wise from the generator's arrays and
written with raw `executemany` (constants inlined, one tuple per row): bound parameters and per-row Python
dominate SQLite insert cost, so this writes 1M accounts in minutes where ORM dicts took hours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    DEFAULT_NICHES,
    GENDERS,
    TONE_TRAITS,
)
from reachroom.discovery.engine.synthetic import SyntheticWorld, make_world, synthetic_arrays
from reachroom.metrics.platforms import PLATFORMS
from reachroom.metrics.tiers import BAND_SLUGS, TIER_SLUGS
from reachroom.models import (
    AccountAuthenticity,
    AccountContent,
    AccountStats,
    AudienceProfile,
    Base,
    Creator,
    SocialAccount,
)

STEP = 50_000
WORLD_SEED = 7
NOW = "2025-11-07 00:00:00.000000"  # the generator's as-of day (synthetic.AS_OF_DAY), in SQLAlchemy's text form
MIN_SHARE = 0.0005  # shares below this are left out of the JSON, as a real profile would
Progress = Callable[[str, int, int], None]

_SQL = {
    "creators": "INSERT INTO creators (id, workspace_id, name, country, language, created_at) "
                f"VALUES (?, ?, ?, ?, ?, '{NOW}')",
    "accounts": "INSERT INTO social_accounts (id, creator_id, workspace_id, scope_key, platform, handle, display_name, "
                "bio, is_verified, is_private, has_profile_pic, followers, following, posts_count, source, "
                f"collected_at, created_at) VALUES (?, ?, ?, ?, ?, ?, '', '', 0, 0, 1, ?, 0, 0, 'demo', '{NOW}', "
                f"'{NOW}')",
    "stats": "INSERT INTO account_stats (account_id, metric_version, tier, band, engagement_rate, er_denominator, "
             "er_posts_used, er_percentile, growth_90d_pct, posts_per_week, last_post_at, est_reach, details, "
             f"computed_at) VALUES (?, 'bench', ?, ?, ?, 'followers', ?, ?, ?, ?, ?, ?, '{{}}', '{NOW}')",
    "content": "INSERT INTO account_content (account_id, niches, niche_scores, posts_analysed, sponsored_posts, "
               "sponsored_share, undisclosed_count, brands_mentioned, tone, safety_mask, safety, embedding, "
               f"method_version, computed_at) VALUES (?, '[]', ?, 0, 0, ?, 0, '[]', ?, ?, '[]', ?, 'bench', '{NOW}')",
    "authenticity": "INSERT INTO account_authenticity (account_id, scope_key, score, level, confidence, signals, "
                    f"audience_types, method_version, computed_at) VALUES (?, 0, ?, 'bench', ?, '[]', '{{}}', "
                    f"'bench', '{NOW}')",
    "audience": "INSERT INTO audience_profiles (id, account_id, age_bands, genders, countries, languages, "
                f"sample_size, source, collected_at) VALUES (?, ?, ?, ?, ?, ?, 1000, 'demo', '{NOW}')",
}  # fmt: skip


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(conn, _):
        cur = conn.cursor()
        for p in ("journal_mode=WAL", "synchronous=OFF", "temp_store=MEMORY", "cache_size=-262144"):
            cur.execute(f"PRAGMA {p}")
        cur.close()

    return engine


def _none(values: np.ndarray) -> list[Any]:
    """Float column as Python values with NaN → None (SQL NULL)."""
    v = values.astype(np.float64)
    out = v.tolist()
    for i in np.flatnonzero(np.isnan(v)).tolist():
        out[i] = None
    return out


def share_json(matrix: np.ndarray, vocab: Sequence[str]) -> list[str | None]:
    """Each row of a share matrix as JSON object text of its shares ≥ MIN_SHARE (4 dp); all-zero rows → None."""
    keys = [f'"{k}": ' for k in vocab]
    rounded = np.round(matrix.astype(np.float64), 4).tolist()
    keep = (matrix > MIN_SHARE).tolist()
    out: list[str | None] = []
    for row, mask in zip(rounded, keep, strict=True):
        parts = [k + repr(v) for k, v, m in zip(keys, row, mask, strict=True) if m]
        out.append("{" + ", ".join(parts) + "}" if parts else None)
    return out


def _tone_json(tone: np.ndarray) -> list[str]:
    keys = [f'"{t}": ' for t in TONE_TRAITS]
    out = []
    for row in np.round(tone.astype(np.float64), 4).tolist():
        out.append("{}" if row[0] != row[0] else "{" + ", ".join(k + repr(v) for k, v in zip(keys, row,
                                                                                               strict=True)) + "}")
    return out


def _day_text(days: np.ndarray) -> list[str | None]:
    """Days since 1970 → SQLAlchemy's SQLite DATETIME text; NaN → None."""
    seconds = np.nan_to_num(days.astype(np.float64) * 86400).astype("int64").astype("datetime64[s]")
    text = np.char.replace(np.datetime_as_string(seconds, unit="s").astype(str), "T", " ")
    out: list[str | None] = [t + ".000000" for t in text.tolist()]
    for i in np.flatnonzero(np.isnan(days)).tolist():
        out[i] = None
    return out


def chunk_rows(data: dict[str, np.ndarray], a: int, b: int) -> dict[str, list[tuple]]:
    """Row tuples of every table for accounts a..b-1 of the synthetic arrays."""
    aid = data["account_id"][a:b].tolist()
    cid = data["creator_id"][a:b].tolist()
    ws = [w or None for w in data["owner_workspace"][a:b].tolist()]
    first = np.ones(b - a, dtype=bool)  # a creator's row comes with its first account
    first[1:] = data["creator_id"][a + 1:b] != data["creator_id"][a:b - 1]
    if a:
        first[0] = data["creator_id"][a] != data["creator_id"][a - 1]
    country, language = data["country"][a:b].tolist(), data["language"][a:b].tolist()
    creators = [(cid[i], ws[i], f"Creator {cid[i]}", country[i], language[i]) for i in np.flatnonzero(first).tolist()]
    platform = [PLATFORMS[p] for p in data["platform"][a:b].tolist()]
    followers = data["followers"][a:b].astype(np.int64).tolist()
    accounts = [(aid[i], cid[i], ws[i], ws[i] or 0, platform[i], f"acct{aid[i]}", followers[i]) for i in range(b - a)]
    tier = [TIER_SLUGS[t] for t in data["tier"][a:b].tolist()]
    band = [BAND_SLUGS[t] for t in data["band"][a:b].tolist()]
    stats = list(zip(aid, tier, band, _none(data["engagement_rate"][a:b]),
                     data["er_posts_used"][a:b].astype(np.int64).tolist(), _none(data["er_percentile"][a:b]),
                     _none(data["growth_90d_pct"][a:b]), _none(data["posts_per_week"][a:b]),
                     _day_text(data["last_post_day"][a:b]), _none(data["est_reach"][a:b]), strict=True))
    emb = data["embedding"][a:b].astype("<f2")
    blobs = [row.tobytes() if row.any() else None for row in emb]
    niches = [j or "{}" for j in share_json(data["niche_scores"][a:b], DEFAULT_NICHES)]
    content = list(zip(aid, niches, _none(data["sponsored_share"][a:b]), _tone_json(data["tone"][a:b]),
                       data["brand_safety"][a:b].astype(np.int64).tolist(), blobs, strict=True))
    score = data["authenticity_score"][a:b]
    has = np.flatnonzero(~np.isnan(score)).tolist()
    conf = data["authenticity_confidence"][a:b].astype(np.float64).tolist()
    sc = score.astype(np.float64).tolist()
    authenticity = [(aid[i], sc[i], conf[i]) for i in has]
    cols = [share_json(data[k][a:b], v) for k, v in (("audience_age", AGE_BANDS), ("audience_gender", GENDERS),
                                                     ("audience_country", AUDIENCE_COUNTRIES),
                                                     ("audience_language", AUDIENCE_LANGUAGES))]
    audience = [(aid[i], aid[i], cols[0][i] or "{}", cols[1][i], cols[2][i] or "{}", cols[3][i] or "{}")
                for i in range(b - a) if cols[1][i] is not None]
    return {"creators": creators, "accounts": accounts, "stats": stats, "content": content,
            "authenticity": authenticity, "audience": audience}


def write_synthetic_db(url: str, n: int, dim: int = 128, seed: int = 0,
                       progress: Progress | None = None) -> tuple[Engine, SyntheticWorld]:
    """Write n synthetic accounts (engine.synthetic) into the tables the loader reads; returns (engine, world)."""
    engine = _sqlite_engine(url)
    tables = [m.__table__ for m in (Creator, SocialAccount, AccountStats, AccountContent, AccountAuthenticity,
                                    AudienceProfile)]
    Base.metadata.create_all(engine, tables=tables)
    world = make_world(seed=WORLD_SEED, dim=dim)
    data = synthetic_arrays(n, seed=seed, dim=dim, world=world)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for a in range(0, n, STEP):
            b = min(n, a + STEP)
            for table, rows in chunk_rows(data, a, b).items():
                if rows:
                    cur.executemany(_SQL[table], rows)
            raw.commit()
            if progress:
                progress("writing synthetic database", b, n)
        cur.close()
    finally:
        raw.close()
    return engine, world


def synthetic_db_holds(url: str, n: int) -> bool:
    """Whether the scratch database at url already holds exactly n synthetic accounts (to reuse it)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM social_accounts").scalar() == n
    except OperationalError:  # no file or no table yet
        return False
    finally:
        engine.dispose()


def open_synthetic_db(url: str, dim: int = 128) -> tuple[Engine, SyntheticWorld]:
    """An existing scratch database and the generator's world it was written with."""
    return _sqlite_engine(url), make_world(seed=WORLD_SEED, dim=dim)
