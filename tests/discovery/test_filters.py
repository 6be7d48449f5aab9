"""Filters return exactly the accounts a straightforward Python implementation returns (property-based)."""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reachroom.discovery.engine import BruteForce, CreatorIndex, Query, compile_query, search
from reachroom.discovery.engine.query import AudienceConstraint
from reachroom.discovery.engine.schema import AGE_BANDS, BRAND_SAFETY_FLAGS, DEFAULT_NICHES, SHARE_SCALE, age_span_bands
from tests.discovery.data import ER, FOLLOWERS, PERCENTILES, SHARE_STEPS, random_arrays

engine_search = importlib.import_module("reachroom.discovery.engine.search")

FAST = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
NOW = 20_030.0

_INDEXES: dict[tuple[int, int], CreatorIndex] = {}


def index_for(n: int, seed: int) -> CreatorIndex:
    key = (n, seed)
    if key not in _INDEXES:
        _INDEXES[key] = CreatorIndex.from_arrays(random_arrays(n, seed))
    return _INDEXES[key]


def finite(values) -> list[float]:
    return [float(v) for v in values if not np.isnan(v)]


def opt(strategy):
    return st.one_of(st.none(), strategy)


def bounds(draw, values, lo_name: str, hi_name: str, kw: dict) -> None:
    pool = st.one_of(st.sampled_from(finite(values)), st.floats(0, max(finite(values)) * 1.1))
    lo, hi = draw(opt(pool)), draw(opt(pool))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    kw[lo_name], kw[hi_name] = lo, hi


FILTERS = ("platforms", "tiers", "countries", "languages", "followers", "er", "er_percentile", "niches", "audience",
           "authenticity", "exclude_flags", "sponsored", "fee", "growth", "posts", "active", "exclude_ids",
           "exclude_creator_ids", "ranges")


@st.composite
def filter_queries(draw, ids: list[int]):
    """A workspace plus one to four filters, values drawn from the data's own levels (to hit boundaries)."""
    kw: dict = {"workspace_id": draw(st.integers(0, 3)), "now_day": NOW}
    chosen = draw(st.sets(st.sampled_from(FILTERS), max_size=4))
    if "platforms" in chosen:
        kw["platforms"] = draw(st.lists(st.sampled_from(["instagram", "tiktok", "youtube", "facebook"]),
                                        min_size=1, max_size=2, unique=True))
    if "tiers" in chosen:
        kw["tiers"] = draw(st.lists(st.sampled_from(["nano", "micro", "macro", "mega"]), min_size=1, max_size=3,
                                    unique=True))
    if "countries" in chosen:
        kw["countries"] = draw(st.lists(st.sampled_from(["GB", "us", "DE", "FR"]), min_size=1, max_size=2))
    if "languages" in chosen:
        kw["languages"] = draw(st.lists(st.sampled_from(["en", "DE", "pt", "ja"]), min_size=1, max_size=2))
    if "followers" in chosen:
        bounds(draw, FOLLOWERS, "followers_min", "followers_max", kw)
    if "er" in chosen:
        bounds(draw, ER, "er_min", "er_max", kw)
    if "er_percentile" in chosen:
        kw["er_percentile_min"] = draw(st.sampled_from(finite(PERCENTILES)))
    if "niches" in chosen:
        kw["niches"] = draw(st.lists(st.sampled_from(DEFAULT_NICHES), min_size=1, max_size=3, unique=True))
        kw["niche_min_score"] = draw(st.one_of(st.sampled_from(list(SHARE_STEPS)), st.floats(0, 1)))
        kw["niche_match"] = draw(st.sampled_from(["any", "all"]))
    if "audience" in chosen:
        audience = []
        for _ in range(draw(st.integers(1, 2))):
            kind, key = draw(st.sampled_from([("country", "GB"), ("country", "us"), ("age", "18-34"), ("age", "35+"),
                                              ("age", "13-17"), ("gender", "female"), ("language", "EN")]))
            share = draw(st.one_of(st.sampled_from(list(SHARE_STEPS)), st.floats(0, 1)))
            audience.append(draw(st.sampled_from([AudienceConstraint(kind, key, share), (kind, key, share)])))
        kw["audience"] = audience
    if "authenticity" in chosen:
        kw["authenticity_min"] = draw(st.sampled_from([20.0, 60.0, 61.0, 95.0]))
    if "exclude_flags" in chosen:
        kw["exclude_flags"] = draw(st.lists(st.sampled_from(BRAND_SAFETY_FLAGS), min_size=1, max_size=3, unique=True))
    if "sponsored" in chosen:
        kw["sponsored_share_max"] = draw(st.sampled_from([0.0, 0.1, 0.3, 0.31]))
    if "fee" in chosen:
        bounds(draw, (50.0, 200.0, 400.0, 1_000.0, 2_000.0), "fee_min", "fee_max", kw)
    if "growth" in chosen:
        lo, hi = sorted(draw(st.lists(st.sampled_from([-5.0, -1.0, 0.0, 2.5, 10.0]), min_size=2, max_size=2)))
        kw["growth_min"], kw["growth_max"] = draw(st.sampled_from([(lo, hi), (lo, None), (None, hi)]))
    if "posts" in chosen:
        kw["posts_per_week_min"] = draw(st.sampled_from([0.5, 1.0, 3.0, 2.9]))
    if "active" in chosen:
        kw["active_within_days"] = draw(st.sampled_from([0.0, 30.0, 40.0, 29.5]))
    if "exclude_ids" in chosen and ids:
        kw["exclude_ids"] = draw(st.lists(st.sampled_from(ids), max_size=8))
    if "exclude_creator_ids" in chosen:
        kw["exclude_creator_ids"] = draw(st.lists(st.integers(1, 30), max_size=6))
    if "ranges" in chosen:
        kw["ranges"] = {"est_reach": (draw(opt(st.sampled_from([0.0, 500.0, 5_000.0]))), None)}
    return Query(**kw)


def oracle(index: CreatorIndex, q: Query) -> set[int]:
    """Row-by-row Python reading of every filter on decoded values (missing values fail a filter on them)."""
    out = set()
    for row in range(index.n_slots):
        r = index.decode_row(row)
        if not r["alive"] or r["owner_workspace"] not in (0, q.workspace_id):
            continue
        if q.platforms and r["platform"] not in q.platforms:
            continue
        if q.tiers and r["tier"] not in q.tiers:
            continue
        if q.countries and r["country"] not in [c.upper() for c in q.countries]:
            continue
        if q.languages and r["language"] not in [lang.lower() for lang in q.languages]:
            continue

        def within(value, lo, hi) -> bool:
            if lo is None and hi is None:
                return True
            if value is None:
                return False
            # Columns hold float32; bounds are rounded to float32 too, so a value equal to the bound passes.
            lo, hi = (None if b is None else float(np.float32(b)) for b in (lo, hi))
            return (lo is None or value >= lo) and (hi is None or value <= hi)

        checks = [
            within(r["followers"], q.followers_min, q.followers_max),
            within(r["engagement_rate"], q.er_min, q.er_max),
            within(r["er_percentile"], q.er_percentile_min, None),
            within(r["authenticity_score"], q.authenticity_min, None),
            within(r["sponsored_share"], None, q.sponsored_share_max),
            within(r["growth_90d_pct"], q.growth_min, q.growth_max),
            within(r["posts_per_week"], q.posts_per_week_min, None),
            within(r["est_fee_high"], q.fee_min, None),
            within(r["est_fee_low"], None, q.fee_max),
            within(r["last_post_day"], None if q.active_within_days is None else NOW - q.active_within_days, None),
        ]
        for column, (lo, hi) in (q.ranges or {}).items():
            checks.append(within(r[column], lo, hi))
        if not all(checks):
            continue
        if q.niches:
            hits = [r["niche_scores"][n] >= q.niche_min_score for n in q.niches]
            if not (all(hits) if q.niche_match == "all" else any(hits)):
                continue
        has_audience = any(sum(r[m].values()) > 0 for m in ("audience_age", "audience_gender", "audience_country",
                                                              "audience_language"))
        ok = True
        for c in map(AudienceConstraint.parse, q.audience):
            if c.kind == "age":
                codes = sum(round(r["audience_age"][AGE_BANDS[b]] * SHARE_SCALE) for b in age_span_bands(c.key))
            else:
                key = c.key.upper() if c.kind == "country" else c.key.lower()
                codes = round(r[f"audience_{c.kind}"][key] * SHARE_SCALE)
            if not has_audience or codes / SHARE_SCALE < c.share:
                ok = False
        if not ok:
            continue
        if set(r["brand_safety"]) & set(q.exclude_flags):
            continue
        if r["account_id"] in set(q.exclude_ids) or r["creator_id"] in set(q.exclude_creator_ids):
            continue
        out.add(r["account_id"])
    return out


@FAST
@given(n=st.integers(0, 70), seed=st.integers(0, 5), data=st.data())
def test_filters_match_python_oracle(n, seed, data):
    index = index_for(n, seed)
    ids = [int(i) for i in index.col("account_id")]
    q = data.draw(filter_queries(ids))
    want = oracle(index, q)
    plan = compile_query(q, index)
    rows, _ = engine_search.survivors(index, plan)
    assert {int(i) for i in index.col("account_id")[rows]} == want
    assert {int(i) for i in index.col("account_id")[BruteForce(index).mask(plan)]} == want
    resp = search(index, dataclasses.replace(q, limit=1000, sort="followers"))
    assert resp.total == len(want)
    assert set(resp.account_ids) == want


def test_filters_on_a_larger_index_with_early_narrowing():
    index = CreatorIndex.from_arrays(random_arrays(3_000, seed=11))
    q = Query(countries=["GB"], followers_min=10_000.0, audience=[("age", "18-34", 0.4)], workspace_id=1,
              exclude_flags=["adult"], now_day=NOW, active_within_days=30.0)
    plan = compile_query(q, index)
    rows, mask = engine_search.survivors(index, plan)
    assert mask is None  # narrowed to an index list after the country filter
    assert {int(i) for i in index.col("account_id")[rows]} == oracle(index, q)
