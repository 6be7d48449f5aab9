"""Filters through the database: random catalogues written with the ORM models, read by the production loader
(`loader.build_index`), queried through the engine (`engine.search`) and the discovery service
(`service.search`), and checked against a plain Python reading of the generated rows (property-based).

The oracle below never looks at the loader's output or calls engine code: it reads the generated dicts and
applies each filter rule as documented (docs/discovery.md, docs/discovery-engine.md), one commented rule each.
The catalogues are small (5-30 accounts) with coarse values, so exact filter boundaries, NULLs, missing rows,
stale stats, several audience profiles per account and private rows of two workspaces happen often.

The tests use their own database (SQLite file, or PostgreSQL when REACHROOM_TEST_DATABASE_URL is set; see
tests/dbutil.py), because every example replaces the whole catalogue.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from reachroom.content.embedder import to_bytes
from reachroom.db import make_engine, unit_of_work
from reachroom.discovery import index_store, service
from reachroom.discovery.engine import AudienceConstraint, Query, search
from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    BRAND_SAFETY_FLAGS,
    DEFAULT_NICHES,
    GENDERS,
    TONE_TRAITS,
)
from reachroom.discovery.loader import build_index
from reachroom.discovery.schemas import SearchRequest
from reachroom.metrics.fees import estimate_fee
from reachroom.metrics.tiers import BAND_SLUGS
from reachroom.migrate import upgrade
from reachroom.models import (
    AccountAuthenticity,
    AccountContent,
    AccountStats,
    AudienceProfile,
    Creator,
    CreatorList,
    CreatorListItem,
    SocialAccount,
    utcnow,
)
from tests.dbutil import drop_database, fresh_database_url
from tests.factories import Factory

EPOCH = datetime(1970, 1, 1)
NOW = datetime(2026, 3, 1)  # engine queries pass now_day, so "active within" boundaries are exact
NOW_DAY = (NOW - EPOCH).total_seconds() / 86400
SHARE_SCALE = 250  # shares and niche scores are stored as round(share x 250), clipped to 0..250

# No shrink phase: every example writes a catalogue to the database, so shrinking a failure takes minutes. A failure
# notes each mismatching account instead (its generated rows and the oracle's reading of them).
ENGINE_SETTINGS = settings(max_examples=40, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                  HealthCheck.large_base_example])
SERVICE_SETTINGS = settings(ENGINE_SETTINGS, max_examples=20)


# ============================================================================================ the database


@dataclass
class World:
    engine: Any
    workspaces: dict[str, int]  # "A", "B" -> workspace id
    ctx: dict[str, Any]  # "A", "B" -> WorkspaceContext of an owner


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A migrated database of its own with two workspaces (created like tests/conftest.py's database_url)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = fresh_database_url(tmp_path_factory.mktemp("loaderprop"), f"t_{worker}_loaderprop")
    upgrade(url)
    engine = make_engine(url)
    factory = Factory(engine)
    a, b = factory.tenant("owner"), factory.tenant("owner")
    yield World(engine, {"A": a.workspace_id, "B": b.workspace_id}, {"A": a.ctx, "B": b.ctx})
    engine.dispose()
    drop_database(url)


# ============================================================================================ the catalogue

TIERS = ("nano", "micro", "macro", "mega")
PLATFORMS = ("instagram", "tiktok", "youtube", "facebook")
FOLLOWERS = (0, 1, 999, 1_000, 5_000, 99_999, 100_000, 250_000, 999_999, 1_000_000, 123_456_789)
ER = (0.0, 0.01, 0.03, 0.035, 0.1, 0.3, 1 / 3, 0.75)  # 0.03, 0.1, 0.3 are not float32 numbers
PERCENTILES = (0.0, 10.0, 33.3, 50.0, 90.0, 99.5, 100.0)
GROWTH = (-10.0, -0.1, 0.0, 0.3, 2.5, 10.0)
POSTS_PER_WEEK = (0.0, 0.1, 0.5, 1.0, 3.0, 7.0)
REACH = (0.0, 0.3, 500.0, 5_000.0, 80_000.5)
SPONSORED = (0.0, 0.1, 0.3, 0.5, 0.7, 1.0)
AUTHENTICITY = (0.0, 20.0, 33.3, 60.0, 60.1, 95.0, 100.0)
CONFIDENCE = (0.0, 0.3, 0.5, 0.8, 1.0)
DAYS_AGO = (0.0, 1.0, 7.0, 29.5, 30.0, 31.0, 90.0, 365.0)
ACTIVE_DAYS = (0.0, 1.0, 7.0, 29.5, 30.0, 90.0, 400.0)
SHARES = (0.0, 0.002, 0.004, 0.01, 0.03, 0.1, 0.3, 0.4, 0.5, 0.502, 0.6, 0.9, 1.0, 1.2)
# Values of keys that share a stored column with another key (case variants, untracked keys summed into
# "other"): dyadic, so the sum is exact whatever the order or precision the loader adds them in.
DYADIC = (1 / 256, 1 / 128, 1 / 16, 0.125, 0.25, 0.5)
FIRST_PARTY = ("official_api", "creator_oauth")
SOURCES = ("manual", "csv_import", "demo", *FIRST_PARTY)
CREATOR_COUNTRIES = ("GB", "US", "DE", "gb", "FR", None, "")
CREATOR_LANGUAGES = ("en", "EN", "en-GB", "pt-BR", "de", "fr", None, "")
# Keys written into the JSON share dicts: tracked spellings, plus variants the loader must map or drop.
NICHES = ("beauty", "fashion", "fitness", "food", "travel", "tech")  # a few, so that filters on them hit often
NICHE_KEYS, NICHE_VARIANTS = NICHES, ("Beauty", "FOOD", "crypto")
AGE_KEYS, AGE_VARIANTS = AGE_BANDS, ("65+",)
GENDER_KEYS, GENDER_VARIANTS = ("female", "male", "other"), ("Female", "MALE", "nonbinary")
COUNTRY_KEYS, COUNTRY_VARIANTS = ("GB", "US", "DE", "FR", "BR"), ("gb", "XX", "ZZ", "other")
LANGUAGE_KEYS, LANGUAGE_VARIANTS = ("en", "de", "es", "pt"), ("EN", "xx", "other")
AGE_SPANS = {  # the oracle's own reading of age spans: which stored bands each one sums
    "13-17": ("13-17",), "18-24": ("18-24",), "18-34": ("18-24", "25-34"), "25-44": ("25-34", "35-44"),
    "35+": ("35-44", "45-54", "55+"), "55+": ("55+",),
}


def opt(strategy):
    return st.one_of(st.none(), strategy)


def nullable(strategy):
    """A column value: NULL one time in five."""
    return st.one_of(st.none(), strategy, strategy, strategy, strategy)


def num(pool, lo: float, hi: float):
    """A value from the pool (boundaries) or any float in [lo, hi]."""
    return st.one_of(st.sampled_from(pool), st.floats(lo, hi, allow_nan=False))


def tier_of(followers: float) -> str:
    """Tier from followers: half-open bands [0, 1k) nano, [1k, 100k) micro, [100k, 1M) macro, 1M+ mega."""
    return "nano" if followers < 1_000 else "micro" if followers < 100_000 else "macro" if followers < 1e6 else "mega"


# How a share-dict key lands in a stored column (mirrored by the oracle; the generator needs it to know which keys
# share a column).
def lenient_column(key: str, vocab: tuple[str, ...]) -> str | None:
    """Age bands, genders, niche scores: the key, else its upper/lower case, else "other" if tracked, else dropped."""
    for k in (key, key.upper(), key.lower()):
        if k in vocab:
            return k
    return "other" if "other" in vocab else None


def exact_column(key: str, vocab: tuple[str, ...]) -> str:
    """Audience countries/languages: the key as spelled (ISO codes), else "other" (so "gb" counts as other)."""
    return key if key in vocab else "other"


@st.composite
def share_dicts(draw, keys: tuple[str, ...], variants: tuple[str, ...], column, min_keys: int = 0) -> dict:
    picked = draw(st.lists(st.sampled_from(keys), unique=True, min_size=min_keys, max_size=4))
    picked += draw(st.lists(st.sampled_from(variants), unique=True, max_size=1))
    out = {k: draw(num(SHARES, 0.0, 1.0) if draw(st.integers(0, 9)) else st.none()) for k in picked}  # None: absent
    by_column: dict[Any, list[str]] = {}
    for k in out:
        by_column.setdefault(column(k), []).append(k)
    for ks in by_column.values():
        if len(ks) > 1:
            for k in ks:
                out[k] = draw(st.sampled_from(DYADIC))
    return out


def niche_dicts():
    return share_dicts(NICHE_KEYS, NICHE_VARIANTS, lambda k: lenient_column(k, DEFAULT_NICHES))


@st.composite
def audience_profiles(draw) -> dict:
    k = draw(st.sampled_from((0, 1, 1, 1, 1, 1, 1, 1, 1, 1)))  # one in ten profiles may be empty
    return {
        "days_ago": draw(st.sampled_from((0, 1, 1, 5))),  # equal times happen: then the later row (higher id) wins
        "age_bands": draw(share_dicts(AGE_KEYS, AGE_VARIANTS, lambda k: lenient_column(k, AGE_BANDS), k)),
        "genders": draw(share_dicts(GENDER_KEYS, GENDER_VARIANTS, lambda k: lenient_column(k, GENDERS), k)),
        "countries": draw(share_dicts(COUNTRY_KEYS, COUNTRY_VARIANTS,
                                      lambda k: exact_column(k, AUDIENCE_COUNTRIES), k)),
        "languages": draw(share_dicts(LANGUAGE_KEYS, LANGUAGE_VARIANTS,
                                      lambda k: exact_column(k, AUDIENCE_LANGUAGES), k)),
        "sample_size": draw(st.sampled_from((None, 0, 100, 1_050, 5_000))),
        "source": draw(st.sampled_from(SOURCES)),
    }


@st.composite
def accounts(draw, n_creators: int) -> dict:
    followers = draw(st.one_of(st.sampled_from(FOLLOWERS), st.integers(0, 3_000_000)))
    stats = None
    if draw(st.integers(0, 9)) < 8:
        stats = {
            # Usually the tier of the current follower count; sometimes stale (computed before followers moved).
            "tier": draw(st.one_of(st.just(tier_of(followers)), st.sampled_from(TIERS))),
            "band": draw(st.sampled_from(BAND_SLUGS)),
            "engagement_rate": draw(nullable(num(ER, 0.0, 1.0))),
            "er_percentile": draw(nullable(num(PERCENTILES, 0.0, 100.0))),
            "er_posts_used": draw(st.sampled_from((0, 3, 12))),
            "growth_90d_pct": draw(nullable(num(GROWTH, -50.0, 50.0))),
            "posts_per_week": draw(nullable(num(POSTS_PER_WEEK, 0.0, 14.0))),
            "last_post_days_ago": draw(nullable(st.sampled_from(DAYS_AGO))),
            "est_reach": draw(nullable(num(REACH, 0.0, 1e6))),
        }
    content = None
    if draw(st.integers(0, 9)) < 7:
        dim = draw(st.sampled_from((8, 8, 8, 6)))  # an embedding of another size becomes "no embedding"
        content = {
            "niche_scores": draw(niche_dicts()),
            "sponsored_share": draw(nullable(num(SPONSORED, 0.0, 1.0))),
            "safety_mask": draw(st.integers(0, 255)),
            "tone": draw(st.dictionaries(st.sampled_from(TONE_TRAITS), st.floats(0, 1), max_size=4)),
            "embedding": draw(opt(st.lists(st.floats(-1, 1, width=16), min_size=dim, max_size=dim))),
        }
    auth = None
    if draw(st.integers(0, 9)) < 7:
        auth = {"score": draw(nullable(num(AUTHENTICITY, 0.0, 100.0))),
                "confidence": draw(st.sampled_from(CONFIDENCE))}
    return {
        "creator": draw(st.integers(0, n_creators - 1)),
        "platform": draw(st.sampled_from(PLATFORMS)),
        "followers": followers,
        "stats": stats,
        "content": content,
        "auth": auth,
        # A workspace's own authenticity view (scope_key = workspace id): never read by the index.
        "auth_private": draw(opt(st.tuples(st.sampled_from("AB"), st.floats(0, 100)))),
        "audiences": [draw(audience_profiles()) for _ in range(draw(st.sampled_from((0, 1, 1, 2, 2))))],
    }


@dataclass
class Catalogue:
    creators: list[dict]
    accounts: list[dict]
    lists: list[dict] = field(default_factory=list)  # exclusion lists: {"ws": "A"|"B", "accounts": [index]}


@st.composite
def catalogues(draw, min_accounts: int = 5, max_accounts: int = 30) -> Catalogue:
    n_creators = draw(st.integers(2, 15))
    creators = [{"ws": draw(st.sampled_from((None, None, "A", "B"))),
                 "country": draw(st.sampled_from(CREATOR_COUNTRIES)),
                 "language": draw(st.sampled_from(CREATOR_LANGUAGES))} for _ in range(n_creators)]
    accs = draw(st.lists(accounts(n_creators), min_size=min_accounts, max_size=max_accounts))
    n = len(accs)
    lists = [{"ws": ws, "accounts": draw(st.lists(st.integers(0, n - 1), unique=True, max_size=6))}
             for ws in ("A", "B", *draw(st.lists(st.sampled_from("AB"), max_size=1)))]
    return Catalogue(creators, accs, lists)


@dataclass
class Ids:
    """Database ids of a written catalogue."""

    creators: list[int]
    accounts: list[int]
    audiences: list[list[tuple[datetime, int]]]  # per account: (collected_at, id) of each profile
    lists: list[int]
    workspaces: dict[str, int]
    now: datetime  # the time the catalogue's timestamps are relative to


TABLES = (CreatorListItem, CreatorList, AudienceProfile, AccountAuthenticity, AccountContent, AccountStats,
          SocialAccount, Creator)


def write(w: World, cat: Catalogue, now: datetime) -> Ids:
    """Replace the catalogue in the database with `cat` (ORM inserts); timestamps are relative to `now`."""
    ws = w.workspaces
    with unit_of_work(w.engine) as db:
        for model in TABLES:
            db.execute(delete(model))
        creators = [Creator(workspace_id=ws.get(c["ws"]), name=f"Creator {j}", country=c["country"],
                            language=c["language"]) for j, c in enumerate(cat.creators)]
        db.add_all(creators)
        db.flush()
        accs = []
        for i, a in enumerate(cat.accounts):
            owner = ws.get(cat.creators[a["creator"]]["ws"])
            accs.append(SocialAccount(creator_id=creators[a["creator"]].id, workspace_id=owner, scope_key=owner or 0,
                                      platform=a["platform"], handle=f"acc{i}", followers=a["followers"],
                                      source="manual", collected_at=now))
        db.add_all(accs)
        db.flush()
        profiles: list[list[AudienceProfile]] = []
        for acc, a in zip(accs, cat.accounts, strict=True):
            s = a["stats"]
            if s is not None:
                ago = s["last_post_days_ago"]
                db.add(AccountStats(
                    account_id=acc.id, metric_version="t", tier=s["tier"], band=s["band"],
                    engagement_rate=s["engagement_rate"], er_denominator="followers", er_posts_used=s["er_posts_used"],
                    er_percentile=s["er_percentile"], growth_90d_pct=s["growth_90d_pct"],
                    posts_per_week=s["posts_per_week"], est_reach=s["est_reach"],
                    last_post_at=None if ago is None else now - timedelta(days=ago), details={}))
            c = a["content"]
            if c is not None:
                emb = None if c["embedding"] is None else to_bytes(np.asarray(c["embedding"], dtype=np.float32))
                db.add(AccountContent(account_id=acc.id, niche_scores=c["niche_scores"],
                                      sponsored_share=c["sponsored_share"], safety_mask=c["safety_mask"],
                                      tone=c["tone"], embedding=emb, method_version="t"))
            if a["auth"] is not None:
                db.add(AccountAuthenticity(account_id=acc.id, scope_key=0, score=a["auth"]["score"], level="x",
                                           confidence=a["auth"]["confidence"], method_version="t"))
            if a["auth_private"] is not None:
                label, score = a["auth_private"]
                db.add(AccountAuthenticity(account_id=acc.id, scope_key=ws[label], score=score, level="x",
                                           confidence=1.0, method_version="t"))
            mine = [AudienceProfile(account_id=acc.id, age_bands=p["age_bands"], genders=p["genders"],
                                    countries=p["countries"], languages=p["languages"],
                                    sample_size=p["sample_size"], source=p["source"],
                                    collected_at=now - timedelta(days=p["days_ago"])) for p in a["audiences"]]
            db.add_all(mine)
            profiles.append(mine)
        lists = []
        for k, spec in enumerate(cat.lists):
            lst = CreatorList(workspace_id=ws[spec["ws"]], name=f"exclude {k}", kind="exclusion")
            db.add(lst)
            db.flush()
            db.add_all(CreatorListItem(list_id=lst.id, account_id=accs[i].id) for i in spec["accounts"])
            lists.append(lst.id)
        db.flush()
        return Ids([c.id for c in creators], [a.id for a in accs],
                   [[(p.collected_at, p.id) for p in mine] for mine in profiles], lists, dict(ws), now)


# ============================================================================================ the oracle


def f32(value: float) -> float:
    """Numeric columns are stored as float32."""
    return float(np.float32(value))


def share_codes(d: dict | None, vocab: tuple[str, ...], column) -> dict[str, int]:
    """Stored codes of one share dict: values of keys landing in the same column are summed, stored as float32,
    then round(x 250) (half to even, like NumPy) clipped to 0..250. None values count as absent; no dict, or an
    empty one, is all zeros (no profile)."""
    sums: dict[str, float] = {}
    for key, value in (d or {}).items():
        col = column(key, vocab)
        if col is not None and value is not None:
            sums[col] = sums.get(col, 0.0) + float(value)
    return {k: int(min(max(round(f32(sums.get(k, 0.0)) * SHARE_SCALE), 0), SHARE_SCALE)) for k in vocab}


def expected_row(cat: Catalogue, ids: Ids, i: int) -> dict[str, Any]:
    """What the index should hold for account i, read from the generated dicts."""
    a = cat.accounts[i]
    c = cat.creators[a["creator"]]
    s, ct, au = a["stats"] or {}, a["content"], a["auth"] or {}
    # Tier: the account's account_stats.tier, else (per account) derived from its followers.
    tier = s["tier"] if a["stats"] is not None else tier_of(a["followers"])
    # Latest audience profile: greatest collected_at, ties broken by the greater row id.
    latest = None
    if a["audiences"]:
        k = max(range(len(a["audiences"])), key=lambda j: ids.audiences[i][j])
        latest = a["audiences"][k]
    aud = {
        "age": share_codes(latest and latest["age_bands"], AGE_BANDS, lenient_column),
        "gender": share_codes(latest and latest["genders"], GENDERS, lenient_column),
        "country": share_codes(latest and latest["countries"], AUDIENCE_COUNTRIES, exact_column),
        "language": share_codes(latest and latest["languages"], AUDIENCE_LANGUAGES, exact_column),
    }
    if latest is None:
        aud_conf = None
    elif latest["source"] in FIRST_PARTY:  # first-party audience data is exact
        aud_conf = 1.0
    elif latest["sample_size"]:  # estimates grow with the sample size (0 counts as unknown)
        aud_conf = min(1.0, 0.3 + latest["sample_size"] / 1500)
    else:
        aud_conf = 0.5
    fee = estimate_fee(a["followers"], a["platform"])  # the rate card at static/default format
    ago = s.get("last_post_days_ago")
    # Last post as days since 1970-01-01 of account_stats.last_post_at.
    last_post = None if ago is None else (ids.now - timedelta(days=ago) - EPOCH).total_seconds() / 86400
    return {
        "id": ids.accounts[i],
        "creator_id": ids.creators[a["creator"]],
        "owner": ids.workspaces.get(c["ws"], 0),  # NULL workspace = shared catalogue (0)
        "platform": a["platform"],
        "tier": tier,
        # Creator country: upper-cased ISO code; NULL or "" = unknown (matches no country filter).
        "country": (c["country"] or "").upper() or None,
        # Creator language: the primary subtag, lower-cased ("en-GB" -> "en"); NULL or "" = unknown.
        "language": (c["language"] or "").split("-")[0].lower() or None,
        "followers": a["followers"],
        "engagement_rate": s.get("engagement_rate"),  # no stats row -> unknown, like a NULL
        "er_percentile": s.get("er_percentile"),
        "er_posts_used": s.get("er_posts_used"),
        "growth_90d_pct": s.get("growth_90d_pct"),
        "posts_per_week": s.get("posts_per_week"),
        "est_reach": s.get("est_reach"),
        "last_post_day": last_post,
        "sponsored_share": ct["sponsored_share"] if ct else None,
        "authenticity_score": au.get("score"),  # only the shared view (scope_key 0) counts
        "authenticity_confidence": au.get("confidence"),
        "audience_confidence": aud_conf,
        "est_fee_low": fee.low,
        "est_fee_high": fee.high,
        "safety_mask": ct["safety_mask"] if ct else 0,  # no content profile: no flags raised
        "niches": share_codes(ct["niche_scores"] if ct else None, DEFAULT_NICHES, lenient_column),
        "audience": aud,
        # An audience profile counts only if some stored share is non-zero (an all-empty latest profile = none).
        "has_audience": any(v > 0 for codes in aud.values() for v in codes.values()),
    }


def within(value: float | None, lo: float | None, hi: float | None) -> bool:
    """A numeric filter: inclusive bounds; an unknown value fails any bound; the stored value is float32 and so is
    the bound (a database value equal to the bound passes)."""
    if lo is None and hi is None:
        return True
    if value is None:
        return False
    v = f32(value)
    return (lo is None or v >= f32(lo)) and (hi is None or v <= f32(hi))


def passes(r: dict, f: dict, ws: int, now_day: float, exclude_ids: set[int], exclude_creators: set[int]) -> bool:
    # Visibility: the shared catalogue and the caller's own private rows.
    if r["owner"] not in (0, ws):
        return False
    # Categories: any of the given values, names case-insensitive; unknown values match nothing.
    if f.get("platforms") and r["platform"] not in {p.lower() for p in f["platforms"]}:
        return False
    if f.get("tiers") and r["tier"] not in {t.lower() for t in f["tiers"]}:
        return False
    if f.get("countries") and r["country"] not in {x.upper() for x in f["countries"]}:
        return False
    if f.get("languages") and r["language"] not in {x.split("-")[0].lower() for x in f["languages"]}:
        return False
    # Numeric bounds (a generic `ranges` entry is one more bound on its column).
    bounds = [
        ("followers", f.get("followers_min"), f.get("followers_max")),
        ("engagement_rate", f.get("er_min"), f.get("er_max")),
        ("er_percentile", f.get("er_percentile_min"), None),
        ("authenticity_score", f.get("authenticity_min"), None),
        ("sponsored_share", None, f.get("sponsored_share_max")),
        ("growth_90d_pct", f.get("growth_min"), f.get("growth_max")),
        ("posts_per_week", f.get("posts_per_week_min"), None),
        # Fees: the estimated interval [low, high] must overlap [fee_min, fee_max].
        ("est_fee_high", f.get("fee_min"), None),
        ("est_fee_low", None, f.get("fee_max")),
        # Active: last post on or after now - active_within_days.
        ("last_post_day", None if f.get("active_within_days") is None else now_day - f["active_within_days"], None),
        *((col, lo, hi) for col, (lo, hi) in (f.get("ranges") or {}).items()),
    ]
    if not all(within(r[col], lo, hi) for col, lo, hi in bounds):
        return False
    # Niches: score >= niche_min_score (default 0.5) in any (or all) of them; no content profile = all zero.
    if f.get("niches"):
        hits = [r["niches"][n.lower()] / SHARE_SCALE >= f.get("niche_min_score", 0.5) for n in f["niches"]]
        if not (all(hits) if f.get("niche_match") == "all" else any(hits)):
            return False
    # Audience: the latest profile's share (an age span sums its bands) >= min share; no profile fails, even at 0.
    for kind, key, share in f.get("audience", ()):
        if kind == "age":
            code = sum(r["audience"]["age"][band] for band in AGE_SPANS[key])
        else:
            code = r["audience"][kind][key.upper() if kind == "country" else key.lower()]
        if not r["has_audience"] or code / SHARE_SCALE < share:
            return False
    # Brand safety: none of the excluded flags raised (bit i = BRAND_SAFETY_FLAGS[i]).
    if any(r["safety_mask"] >> BRAND_SAFETY_FLAGS.index(flag) & 1 for flag in f.get("exclude_flags", ())):
        return False
    # Exclusions by account and by creator.
    return r["id"] not in exclude_ids and r["creator_id"] not in exclude_creators


def oracle(cat: Catalogue, ids: Ids, f: dict, ws: int, now_day: float, exclude_ids: set[int],
           exclude_creators: set[int] = frozenset()) -> tuple[set[int], dict[int, dict]]:
    rows = {ids.accounts[i]: expected_row(cat, ids, i) for i in range(len(cat.accounts))}
    return {i for i, r in rows.items() if passes(r, f, ws, now_day, exclude_ids, exclude_creators)}, rows


# ============================================================================================ random filters

ENGINE_FILTERS = ("platforms", "tiers", "followers", "er", "er_percentile", "countries", "languages", "niches",
                  "audience", "authenticity", "exclude_flags", "sponsored", "fee", "growth", "posts", "active",
                  "exclude_ids", "exclude_creator_ids", "ranges")
SERVICE_FILTERS = tuple(k for k in ENGINE_FILTERS if k not in ("exclude_creator_ids", "exclude_ids", "ranges"))
AUDIENCE_KEYS = (("country", "GB"), ("country", "gb"), ("country", "US"), ("country", "DE"), ("age", "18-24"),
                 ("age", "18-34"), ("age", "35+"), ("age", "13-17"), ("age", "25-44"), ("age", "55+"),
                 ("gender", "female"), ("gender", "Female"), ("gender", "male"), ("language", "en"),
                 ("language", "EN"), ("language", "de"), ("language", "pt"))


def present(values) -> list[float]:
    return sorted({float(v) for v in values if v is not None})


def bound_pair(draw, values, pool, lo: float, hi: float, full: bool = False) -> tuple[float | None, float | None]:
    """(min, max), each maybe None (unless `full`), drawn from the data's own values (to hit them exactly), a pool
    or any float in [lo, hi]."""
    inside = [v for v in present(values) if lo <= v <= hi]
    choice = st.one_of(*(st.sampled_from(v) for v in (inside, inside, pool) if v), st.floats(lo, hi))
    a, b = (draw(choice), draw(choice)) if full else (draw(opt(choice)), draw(opt(choice)))
    if a is not None and b is not None and a > b:
        a, b = b, a
    return a, b


@st.composite
def filter_sets(draw, cat: Catalogue, kinds: tuple[str, ...], service: bool) -> dict:
    accs = cat.accounts
    stats = [a["stats"] or {} for a in accs]
    f: dict[str, Any] = {"workspace": draw(st.sampled_from(("A", "B") if service else ("A", "B", None, "none")))}
    n_kinds = min(len(kinds), draw(st.sampled_from((1, 1, 1, 2, 2, 3))))  # mostly one or two filters at a time
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=n_kinds, max_size=n_kinds, unique=True)):
        if kind == "platforms":
            f["platforms"] = draw(st.lists(st.sampled_from((*PLATFORMS, "TikTok")), min_size=1, max_size=2))
        elif kind == "tiers":
            f["tiers"] = draw(st.lists(st.sampled_from((*TIERS, "Micro")), min_size=1, max_size=2))
        elif kind == "followers":
            f["followers_min"], f["followers_max"] = bound_pair(draw, [a["followers"] for a in accs], FOLLOWERS,
                                                                0, 2e8)
        elif kind == "er":
            f["er_min"], f["er_max"] = bound_pair(draw, [s.get("engagement_rate") for s in stats], ER, 0, 1)
        elif kind == "er_percentile":
            f["er_percentile_min"] = bound_pair(draw, [s.get("er_percentile") for s in stats], PERCENTILES, 0, 100)[0]
        elif kind == "countries":
            f["countries"] = draw(st.lists(st.sampled_from(("GB", "us", "DE", "FR", "JP")), min_size=1, max_size=2))
        elif kind == "languages":
            f["languages"] = draw(st.lists(st.sampled_from(("en-GB", "pt-BR", "en", "EN", "de", "pt", "ja")),
                                           min_size=1, max_size=2))
        elif kind == "niches":
            names = (*NICHES, "gaming") if service else (*NICHES, "gaming", "Beauty")  # the service wants slugs
            f["niches"] = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
            values = [v for a in accs for v in ((a["content"] or {}).get("niche_scores") or {}).values()]
            f["niche_min_score"] = bound_pair(draw, values, SHARES[:-1], 0.0, 1.0, full=True)[draw(st.integers(0, 1))]
            if not service:
                f["niche_match"] = draw(st.sampled_from(("any", "all")))
        elif kind == "audience":
            values = [v for a in accs for p in a["audiences"] for k in ("age_bands", "genders", "countries",
                                                                          "languages") for v in p[k].values()]
            # A share of 0 still needs an audience profile.
            f["audience"] = [(*draw(st.sampled_from(AUDIENCE_KEYS)),
                              draw(st.sampled_from((0.0, *bound_pair(draw, values, SHARES[:-1], 0.0, 1.0, full=True)))))
                             for _ in range(draw(st.sampled_from((1, 1, 2))))]
        elif kind == "authenticity":
            scores = [(a["auth"] or {}).get("score") for a in accs]
            f["authenticity_min"] = bound_pair(draw, scores, AUTHENTICITY, 0, 100)[0]
        elif kind == "exclude_flags":
            f["exclude_flags"] = draw(st.lists(st.sampled_from(BRAND_SAFETY_FLAGS), min_size=1, max_size=3,
                                               unique=True))
        elif kind == "sponsored":
            shares = [(a["content"] or {}).get("sponsored_share") for a in accs]
            f["sponsored_share_max"] = bound_pair(draw, shares, SPONSORED, 0, 1)[1]
        elif kind == "fee":
            fees = [estimate_fee(a["followers"], a["platform"]) for a in accs]
            edges = [x for fee in fees for x in (fee.low, fee.high, f32(fee.low), f32(fee.high))]
            f["fee_min"], f["fee_max"] = bound_pair(draw, edges, (25.0, 100.0, 350.0, 1_000.0, 5_000.0), 0, 1e7)
        elif kind == "growth":
            f["growth_min"], f["growth_max"] = bound_pair(draw, [s.get("growth_90d_pct") for s in stats], GROWTH,
                                                          -50, 50)
        elif kind == "posts":
            f["posts_per_week_min"] = bound_pair(draw, [s.get("posts_per_week") for s in stats], POSTS_PER_WEEK,
                                                 0, 14)[0]
        elif kind == "active":
            f["active_within_days"] = draw(st.sampled_from(ACTIVE_DAYS[1:] if service else ACTIVE_DAYS))
        elif kind == "exclude_ids":
            f["exclude_accounts"] = draw(st.lists(st.integers(0, len(accs) - 1), max_size=6))
        elif kind == "exclude_creator_ids":
            f["exclude_creators"] = draw(st.lists(st.integers(0, len(cat.creators) - 1), max_size=4))
        elif kind == "ranges":
            column, values = draw(st.sampled_from((
                ("est_reach", [s.get("est_reach") for s in stats]),
                ("er_posts_used", [s.get("er_posts_used") for s in stats]),
                ("authenticity_confidence", [(a["auth"] or {}).get("confidence") for a in accs]),
                ("audience_confidence", (0.5, 0.3 + 100 / 1500, 1.0, 0.9)),
                ("audience_confidence", (0.5, 0.4)),
                ("followers", [a["followers"] for a in accs]),
            )))
            f["ranges"] = {column: bound_pair(draw, values, (0.0, 0.5, 1.0, 500.0), 0, 2e8)}
    mine = [k for k, lst in enumerate(cat.lists) if lst["ws"] == f["workspace"]]
    if service and mine and draw(st.booleans()):  # the service's exclusions: lists of the caller's workspace
        f["lists"] = draw(st.lists(st.sampled_from(mine), min_size=1, unique=True))
    for key in [k for k, v in f.items() if v is None and k != "workspace"]:
        del f[key]
    return f


NUMERIC = ("followers_min", "followers_max", "er_min", "er_max", "er_percentile_min", "authenticity_min",
           "sponsored_share_max", "fee_min", "fee_max", "growth_min", "growth_max", "posts_per_week_min",
           "active_within_days")
LISTS = ("platforms", "tiers", "countries", "languages", "niches", "exclude_flags")


def workspace_id(ids: Ids, label: str | None) -> int:
    """The caller's workspace: A or B, 0 = the shared catalogue only, or a workspace that owns nothing."""
    if label is None:
        return 0
    return ids.workspaces[label] if label in ids.workspaces else max(ids.workspaces.values()) + 1000


def engine_query(f: dict, ids: Ids, ws: int) -> tuple[Query, set[int], set[int]]:
    excl = {ids.accounts[i] for i in f.get("exclude_accounts", ())}
    excl_creators = {ids.creators[j] for j in f.get("exclude_creators", ())}
    kw = {k: f[k] for k in (*NUMERIC, *LISTS, "niche_min_score", "niche_match", "ranges") if k in f}
    kw["audience"] = [AudienceConstraint(*a) for a in f.get("audience", ())]
    # limit above the catalogue size and exact scoring: every survivor is returned.
    q = Query(workspace_id=ws, exclude_ids=sorted(excl), exclude_creator_ids=sorted(excl_creators) + [10**12],
              now_day=NOW_DAY, exact=True, limit=1000, **kw)
    return q, excl, excl_creators


def service_request(f: dict, cat: Catalogue, ids: Ids) -> tuple[SearchRequest, set[int]]:
    lists = [ids.lists[k] for k in f.get("lists", ())]
    # Exclusion lists of the caller's workspace: every account on them is excluded.
    excl = {ids.accounts[i] for k in f.get("lists", ()) for i in cat.lists[k]["accounts"]}
    kw = {k: f[k] for k in (*NUMERIC, *LISTS, "niche_min_score") if k in f}
    if "exclude_flags" in kw:
        kw["exclude_safety"] = kw.pop("exclude_flags")
    kw["audience"] = [{"kind": k, "key": key, "min_share": s} for k, key, s in f.get("audience", ())]
    return SearchRequest(exclude_list_ids=lists, limit=200, **kw), excl


STORED_NUMBERS = ("followers", "engagement_rate", "er_percentile", "er_posts_used", "growth_90d_pct", "posts_per_week",
                  "est_reach", "last_post_day", "sponsored_share", "authenticity_score", "authenticity_confidence",
                  "audience_confidence", "est_fee_low", "est_fee_high")


def assert_index_holds(index, rows: dict[int, dict]) -> None:
    """Every account's stored row equals the oracle's reading of its generated rows (the values the filters see):
    catches a loader change even where no sampled filter happens to look."""
    assert sorted(int(i) for i in index.col("account_id")) == sorted(rows)
    for slot in range(index.n_slots):
        got = index.decode_row(slot)
        r = rows[got["account_id"]]
        want = {
            "alive": True, "creator_id": r["creator_id"], "owner_workspace": r["owner"], "platform": r["platform"],
            "tier": r["tier"], "country": r["country"], "language": r["language"],
            **{col: None if r[col] is None else f32(r[col]) for col in STORED_NUMBERS},
            "niche_scores": {k: code / SHARE_SCALE for k, code in r["niches"].items()},
            **{f"audience_{kind}": {k: code / SHARE_SCALE for k, code in codes.items()}
               for kind, codes in r["audience"].items()},
            "brand_safety": [flag for bit, flag in enumerate(BRAND_SAFETY_FLAGS) if r["safety_mask"] >> bit & 1],
        }
        wrong = {k: {"index": got[k], "oracle": v} for k, v in want.items() if got[k] != v}
        assert not wrong, f"account {got['account_id']}: {wrong}"


def survivors(want: set[int], rows: dict) -> str:
    return "survivors: none" if not want else "survivors: all" if len(want) == len(rows) else "survivors: some"


def explain_mismatch(got: set[int], want: set[int], rows: dict[int, dict], cat: Catalogue, ids: Ids) -> None:
    for account_id in sorted(got ^ want):
        i = ids.accounts.index(account_id)
        note(f"account {account_id} {'returned but not expected' if account_id in got else 'missing'}: "
             f"expected row {rows[account_id]}; generated {cat.accounts[i]}; creator "
             f"{cat.creators[cat.accounts[i]['creator']]}")


# ============================================================================================ the properties


@ENGINE_SETTINGS
@given(data=st.data())
def test_loader_and_engine_filters_match_the_oracle(world, data):
    cat = data.draw(catalogues(), label="catalogue")
    filter_list = data.draw(st.lists(filter_sets(cat, ENGINE_FILTERS, service=False), min_size=8, max_size=16),
                            label="filters")
    ids = write(world, cat, NOW)
    index, _ = build_index(world.engine)
    assert_index_holds(index, oracle(cat, ids, {}, 0, NOW_DAY, set())[1])
    for f in filter_list:
        ws = workspace_id(ids, f["workspace"])
        q, excl, excl_creators = engine_query(f, ids, ws)
        want, rows = oracle(cat, ids, f, ws, NOW_DAY, excl, excl_creators)
        response = search(index, q)
        got = response.account_ids
        explain_mismatch(set(got), want, rows, cat, ids)
        event(survivors(want, rows))
        assert len(got) == len(set(got)), "an account returned twice"
        assert set(got) == want, f
        assert response.total == len(want), f


@SERVICE_SETTINGS
@given(data=st.data())
def test_service_search_filters_match_the_oracle(world, data):
    cat = data.draw(catalogues(), label="catalogue")
    filter_list = data.draw(st.lists(filter_sets(cat, SERVICE_FILTERS, service=True), min_size=4, max_size=8),
                            label="filters")
    # The service asks for "active within N days" at the wall clock: timestamps are written an hour ahead of now,
    # so a post exactly N days before that stays inside the window however long the test takes.
    ids = write(world, cat, utcnow() + timedelta(hours=1))
    index_store.holder(world.engine).rebuild()  # the service's index, rebuilt from this catalogue
    for f in filter_list:
        ws_label = f["workspace"]
        request, excl = service_request(f, cat, ids)
        now_day = time.time() / 86400
        want, rows = oracle(cat, ids, f, world.workspaces[ws_label], now_day, excl)
        with unit_of_work(world.engine) as db:
            out = service.search(db, world.ctx[ws_label], request)
        got = [r.account_id for r in out.results]
        explain_mismatch(set(got), want, rows, cat, ids)
        event(survivors(want, rows))
        assert len(got) == len(set(got)), "an account returned twice"
        assert set(got) == want, f
        assert out.total == len(want), f


# ============================================================================================ examples


def account(creator: int = 0, followers: int = 5_000, platform: str = "instagram", stats: dict | None = None,
            content: dict | None = None, auth: dict | None = None) -> dict:
    """An account of a hand-written catalogue (same shape as the generated ones)."""
    base_stats = {"tier": tier_of(followers), "band": "1k-5k", "engagement_rate": None, "er_percentile": None,
                  "er_posts_used": 0, "growth_90d_pct": None, "posts_per_week": None, "last_post_days_ago": None,
                  "est_reach": None}
    base_content = {"niche_scores": {}, "sponsored_share": None, "safety_mask": 0, "tone": {}, "embedding": None}
    return {"creator": creator, "platform": platform, "followers": followers,
            "stats": None if stats is None else {**base_stats, **stats},
            "content": None if content is None else {**base_content, **content},
            "auth": auth, "auth_private": None, "audiences": []}


def shared_creators(*languages: str | None) -> list[dict]:
    return [{"ws": None, "country": "GB", "language": lang} for lang in languages]


def test_a_language_tag_with_a_region_matches_the_creators_language(world):
    """Regression: the loader keeps a creator's primary language subtag ("en-GB" -> "en"); a query for "en-GB"
    matched nothing because the query kept the region."""
    cat = Catalogue(shared_creators("en-GB", "en", "pt-BR", "EN"), [account(creator=j, stats={}) for j in range(4)])
    ids = write(world, cat, NOW)
    index, _ = build_index(world.engine)
    english = {ids.accounts[0], ids.accounts[1], ids.accounts[3]}
    assert set(search(index, Query(languages=["en-GB"], limit=100)).account_ids) == english
    assert set(search(index, Query(languages=["pt-br", "ja"], limit=100)).account_ids) == {ids.accounts[2]}
    index_store.holder(world.engine).rebuild()
    with unit_of_work(world.engine) as db:
        out = service.search(db, world.ctx["A"], SearchRequest(languages=["en-GB"]))
    assert {r.account_id for r in out.results} == english and out.total == 3


def test_a_database_value_equal_to_an_inclusive_bound_passes(world):
    """Regression: numeric columns are float32, so ER 0.03 was stored as 0.0299999993 and failed er_min 0.03
    (likewise er_max 0.1, sponsored_share_max 0.3, a fee bound equal to the estimate, a post exactly N days ago)."""
    cat = Catalogue(shared_creators("en"), [
        account(stats={"engagement_rate": 0.03, "growth_90d_pct": 0.3}, content={"sponsored_share": 0.3},
                auth={"score": 33.3, "confidence": 1.0}),
        account(followers=7_777, stats={"engagement_rate": 0.1, "posts_per_week": 0.1, "last_post_days_ago": 30.0}),
    ])
    # A time of day whose day count is no float32 number: the last post is exactly 30 days before it.
    now = datetime(2026, 3, 1, 13, 17, 29, 123_456)
    ids = write(world, cat, now)
    index, _ = build_index(world.engine)
    first, second = ids.accounts
    fee = estimate_fee(7_777, "instagram")
    now_day = (now - EPOCH).total_seconds() / 86400
    cases = [
        (dict(er_min=0.03), {first, second}),
        (dict(er_min=0.03, er_max=0.03), {first}),
        (dict(er_max=0.1), {first, second}),
        (dict(growth_min=0.3, growth_max=0.3), {first}),
        (dict(sponsored_share_max=0.3), {first}),
        (dict(authenticity_min=33.3), {first}),
        (dict(posts_per_week_min=0.1), {second}),
        (dict(fee_min=fee.high), {second}),  # the estimated interval [low, high] overlaps [fee_min, ...]
        (dict(fee_max=fee.low, followers_min=7_000), {second}),
        (dict(active_within_days=30.0, now_day=now_day), {second}),
        (dict(ranges={"engagement_rate": (0.1, 0.1)}), {second}),
    ]
    for kw, want in cases:
        assert set(search(index, Query(limit=100, **kw)).account_ids) == want, kw
    assert f32(0.03) != 0.03 and f32(0.1) != 0.1 and f32(fee.high) != fee.high  # no float32 numbers


def test_tier_falls_back_to_followers_per_account(world):
    """An account without stats takes its tier from followers; the others keep their (even stale) stats tier."""
    cat = Catalogue(shared_creators("en"), [
        account(followers=500, stats={"tier": "macro"}),  # stats computed before the follower count dropped
        account(followers=50_000),  # no stats yet
    ])
    ids = write(world, cat, NOW)
    index, _ = build_index(world.engine)
    assert search(index, Query(tiers=["macro"], limit=100)).account_ids == [ids.accounts[0]]
    assert search(index, Query(tiers=["micro"], limit=100)).account_ids == [ids.accounts[1]]
