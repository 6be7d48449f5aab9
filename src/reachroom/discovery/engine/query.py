"""The search query: filters, soft brand targets, weights, sort and paging, validated into a Plan.

Validation raises QueryError(field, message) with the offending field's name so the API can answer 4xx.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reachroom.discovery.engine.schema import (
    AUDIENCE_KINDS,
    BRAND_SAFETY_FLAGS,
    SHARE_SCALE,
    age_span_bands,
    share_threshold_code,
)

if TYPE_CHECKING:
    from reachroom.discovery.engine.columns import CreatorIndex

# Score components in the fixed order they are summed (the order matters for bit-identical totals).
COMPONENTS: tuple[str, ...] = (
    "semantic", "niche", "audience", "engagement", "authenticity", "tone", "brand_safety", "cost",
)  # fmt: skip
# Default weights; components without query input (no text/brand vector, no target niches, no audience targets,
# no brand tone) drop out and the rest are renormalised to sum to 1.
DEFAULT_WEIGHTS: dict[str, float] = {
    "semantic": 0.25,  # what the marketer typed / the brand's description, matched to the creator's content
    "niche": 0.20,  # the brand's niches
    "audience": 0.15,  # the brand's target audience
    "engagement": 0.15,  # ER percentile among platform + band peers
    "authenticity": 0.10,  # real audience, no fraud signals
    "tone": 0.05,  # voice match
    "brand_safety": 0.05,  # flags the brand did not exclude outright
    "cost": 0.05,  # estimated reach per unit of fee
}
MAX_LIMIT = 1000
MAX_WINDOW = 10_000  # offset + limit
DEFAULT_CANDIDATES = 8000
# The pre-ranking's error is a fixed share of the score, so the rows it confuses with a true top 50 grow with the
# survivors: at 10M (7M survivors) 8,000 candidates gave recall@50 0.92, so by default the candidates grow with them.
CANDIDATE_SHARE = 0.01


class QueryError(ValueError):
    """A bad query; `field` names the offending query field (for a 4xx answer)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AudienceConstraint:
    """At least `share` (0-1) of the audience in `key` of `kind` (country GB, age 18-34, gender female, language en)."""

    kind: str
    key: str
    share: float

    @classmethod
    def parse(cls, value: Any) -> AudienceConstraint:
        """Accept an AudienceConstraint, a (kind, key, share) tuple or a {kind, key, share} mapping."""
        if isinstance(value, AudienceConstraint):
            return value
        if isinstance(value, Mapping):
            return cls(str(value.get("kind", "")), str(value.get("key", "")), value.get("share"))  # type: ignore[arg-type]
        kind, key, share = value
        return cls(str(kind), str(key), share)


Range = tuple[float | None, float | None]


@dataclass
class Query:
    """One discovery search. Shares are fractions 0-1; engagement_rate is a fraction; percentiles are 0-100."""

    # What to match: vectors from the same embedder as the index (text typed by the user; brand description).
    text_vector: Any = None
    brand_vector: Any = None
    text_weight: float = 0.5  # share of the text vector when both are given
    target_niches: Mapping[str, float] | None = None  # soft niche relevance {slug: weight 0-1}; default: `niches`
    audience_targets: Sequence[Any] = ()  # soft audience match; default: the `audience` filters
    brand_tone: Any = None  # the brand's voice traits (TONE_TRAITS order), 0-1
    tolerate_flags: Sequence[str] = ()  # brand-safety flags this brand does not mind (no penalty)
    # Hard filters.
    workspace_id: int = 0  # the caller's workspace: it sees the shared catalogue (owner 0) and its own rows
    platforms: Sequence[str] = ()
    tiers: Sequence[str] = ()
    followers_min: float | None = None
    followers_max: float | None = None
    er_min: float | None = None
    er_max: float | None = None
    er_percentile_min: float | None = None
    countries: Sequence[str] = ()
    languages: Sequence[str] = ()
    niches: Sequence[str] = ()
    niche_min_score: float = 0.5
    niche_match: str = "any"  # "any" or "all" of `niches`
    audience: Sequence[Any] = ()
    authenticity_min: float | None = None
    exclude_flags: Sequence[str] = ()
    sponsored_share_max: float | None = None
    fee_min: float | None = None  # estimated fee interval must overlap [fee_min, fee_max]
    fee_max: float | None = None
    growth_min: float | None = None  # growth_90d_pct, percent
    growth_max: float | None = None
    posts_per_week_min: float | None = None
    active_within_days: float | None = None
    now_day: float | None = None  # "now" in days since 1970 for active_within_days; default: today (UTC)
    exclude_ids: Sequence[int] = ()
    exclude_creator_ids: Sequence[int] = ()
    ranges: Mapping[str, Range] = field(default_factory=dict)  # any sortable numeric column: (min, max)
    # Ranking and paging.
    weights: Mapping[str, float] = field(default_factory=dict)  # overrides of DEFAULT_WEIGHTS
    # Strength 0-1 of the authenticity gate (fit x gate; scoring.authenticity_gate): 1 = the documented curve,
    # 0 = off. Also off when the authenticity weight is 0.
    authenticity_gate: float = 1.0
    # The target niches were inferred from the query text (explanations say so).
    niches_inferred: bool = False
    sort: str = "fit"
    descending: bool = True
    limit: int = 50
    offset: int = 0
    # Recall: exact=True scores every survivor exactly (same results as bruteforce); otherwise large result sets
    # take `candidates` rows from a reduced-dimension pre-ranking and re-rank them exactly (default: the larger of
    # DEFAULT_CANDIDATES and CANDIDATE_SHARE of the survivors).
    exact: bool = False
    candidates: int | None = None


@dataclass(frozen=True)
class AudienceTerm:
    """A resolved audience constraint: matrix name, column indices summed, integer code threshold."""

    kind: str
    key: str
    share: float
    matrix: str
    columns: tuple[int, ...]
    code_min: int


@dataclass
class Plan:
    """A validated query resolved against one index's vocabularies."""

    query: Query
    # Filters as codes.
    platform_codes: tuple[int, ...] | None
    tier_codes: tuple[int, ...] | None
    country_codes: tuple[int, ...] | None
    language_codes: tuple[int, ...] | None
    niche_columns: tuple[int, ...]
    niche_code_min: int
    niche_all: bool
    audience_filters: tuple[AudienceTerm, ...]
    exclude_mask: int
    ranges: dict[str, Range]  # numeric column -> (min, max), inclusive, NaN fails; bounds rounded to float32
    fee_min: float | None  # bounds rounded to float32 (as the stored columns)
    fee_max: float | None
    active_day_min: float | None
    exclude_ids: np.ndarray
    exclude_creator_ids: np.ndarray
    workspace_id: int
    # Scoring.
    weights: dict[str, float]  # normalised, only applicable components, COMPONENTS order
    gate_strength: float  # authenticity gate strength, 0 when not applied
    semantic_vector: np.ndarray | None  # unit float32
    niche_targets: tuple[tuple[int, float], ...]
    audience_targets: tuple[AudienceTerm, ...]
    tone_vector: np.ndarray | None  # centred, unit float32
    tolerate_mask: int
    sort: str
    descending: bool
    limit: int
    offset: int
    exact: bool
    candidates: int

    @property
    def window(self) -> int:
        return self.offset + self.limit


def _finite(name: str, value: Any, lo: float | None = None, hi: float | None = None) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise QueryError(name, f"must be a number, got {value!r}") from None
    if math.isnan(v) or math.isinf(v):
        raise QueryError(name, f"must be a finite number, got {value!r}")
    if lo is not None and v < lo:
        raise QueryError(name, f"must be >= {lo:g}, got {v:g}")
    if hi is not None and v > hi:
        raise QueryError(name, f"must be <= {hi:g}, got {v:g}")
    return v


def _min_max(lo_name: str, lo: Any, hi_name: str, hi: Any, low: float | None = None,
             high: float | None = None) -> Range:
    a = _finite(lo_name, lo, low, high)
    b = _finite(hi_name, hi, low, high)
    if a is not None and b is not None and a > b:
        raise QueryError(lo_name, f"{lo_name} {a:g} is greater than {hi_name} {b:g}")
    return a, b


def _names(field_name: str, values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise QueryError(field_name, f"expected names, got {v!r}")
        out.append(v.strip())
    return out


def _codes(field_name: str, values: Any, vocab: Sequence[str], lower: bool = True) -> tuple[int, ...] | None:
    names = _names(field_name, values)
    if not names:
        return None
    out = []
    for name in names:
        key = name.lower() if lower else name
        if key not in vocab:
            raise QueryError(field_name, f"unknown value {name!r}; expected one of {', '.join(vocab)}")
        out.append(list(vocab).index(key))
    return tuple(sorted(set(out)))


_ISO2 = re.compile(r"^[A-Za-z]{2}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _open_codes(field_name: str, values: Any, vocab: Sequence[str], pattern: re.Pattern,
                upper: bool, primary_subtag: bool = False) -> tuple[int, ...] | None:
    """Codes in a growing vocabulary; a well-formed value the index has never seen matches nothing.

    With `primary_subtag` a tag such as "en-GB" is reduced to "en", as the loader stores creator languages.
    """
    names = _names(field_name, values)
    if not names:
        return None
    lookup = {v: i for i, v in enumerate(vocab)}
    out = set()
    for name in names:
        if not pattern.match(name):
            raise QueryError(field_name, f"{name!r} is not a valid code")
        key = name.upper() if upper else name.lower()
        if primary_subtag:
            key = key.split("-")[0]
        out.add(lookup.get(key, -2))  # -2 never occurs in the data
    return tuple(sorted(out))


def _f32(value: float | None) -> float | None:
    """A bound rounded to the nearest float32, like the stored column values it is compared with.

    Numeric columns hold float32, so a database value equal to the bound (ER 0.03, sponsored share 0.3) is stored
    as float32(bound); comparing it with the float64 bound would drop it from an inclusive range.
    """
    if value is None:
        return None
    with np.errstate(over="ignore"):
        return float(np.float32(value))


def flag_mask(field_name: str, values: Any) -> int:
    """Brand-safety flag names → their bitmask (any case); QueryError naming `field_name` for an unknown flag."""
    flags = list(BRAND_SAFETY_FLAGS)
    mask = 0
    for f in _names(field_name, values):
        if f.lower() not in flags:
            raise QueryError(field_name, f"unknown flag {f!r}; expected one of {', '.join(flags)}")
        mask |= 1 << flags.index(f.lower())
    return mask


def _vector(field_name: str, value: Any, dim: int | None) -> np.ndarray | None:
    if value is None:
        return None
    arr = np.asarray(value, dtype=np.float64).ravel()
    if dim is not None and arr.size != dim:
        raise QueryError(field_name, f"expected a vector of length {dim}, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise QueryError(field_name, "contains NaN or infinite values")
    norm = float(np.linalg.norm(arr))
    if norm == 0:
        raise QueryError(field_name, "is the zero vector")
    return arr / norm


def _audience_terms(field_name: str, items: Sequence[Any], index: CreatorIndex) -> tuple[AudienceTerm, ...]:
    out = []
    for i, raw in enumerate(items or ()):
        name = f"{field_name}[{i}]"
        try:
            c = AudienceConstraint.parse(raw)
        except (TypeError, ValueError):
            raise QueryError(name, "expected (kind, key, share)") from None
        kind = c.kind.strip().lower()
        if kind not in AUDIENCE_KINDS:
            raise QueryError(f"{name}.kind", f"unknown audience kind {c.kind!r}; expected {', '.join(AUDIENCE_KINDS)}")
        share = _finite(f"{name}.share", c.share, 0.0, 1.0)
        if share is None:
            raise QueryError(f"{name}.share", "is required")
        matrix = AUDIENCE_KINDS[kind]
        vocab = index.schema[matrix].vocab or ()
        key = c.key.strip()
        if kind == "age":
            bands = age_span_bands(key)
            if bands is None:
                raise QueryError(f"{name}.key", f"age span {c.key!r} does not align with bands {', '.join(vocab)}")
            columns = bands
        else:
            norm = key.upper() if kind == "country" else key.lower()
            if norm not in vocab or norm == "other":
                raise QueryError(f"{name}.key", f"{c.key!r} is not a tracked {kind}; tracked: {', '.join(vocab)}")
            columns = (list(vocab).index(norm),)
            key = norm
        code_min = share_threshold_code(share, SHARE_SCALE)
        out.append(AudienceTerm(kind, key, share, matrix, tuple(columns), code_min))
    return tuple(out)


def compile_query(query: Query, index: CreatorIndex) -> Plan:
    """Validate `query` against `index` and resolve names to codes; raises QueryError naming the field."""
    schema = index.schema
    q = query
    for name in ("limit", "offset"):
        value = getattr(q, name)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise QueryError(name, f"must be an integer, got {value!r}")
    if q.limit < 0:
        raise QueryError("limit", f"must be >= 0, got {q.limit}")
    if q.limit > MAX_LIMIT:
        raise QueryError("limit", f"must be <= {MAX_LIMIT}, got {q.limit}")
    if q.offset < 0:
        raise QueryError("offset", f"must be >= 0, got {q.offset}")
    if q.offset + q.limit > MAX_WINDOW:
        raise QueryError("offset", f"offset + limit must be <= {MAX_WINDOW}")
    if isinstance(q.workspace_id, bool) or not isinstance(q.workspace_id, (int, np.integer)) or q.workspace_id < 0:
        raise QueryError("workspace_id", f"must be an integer >= 0, got {q.workspace_id!r}")

    niche_vocab = list(schema["niche_scores"].vocab or ())
    niche_names = _names("niches", q.niches)
    for n in niche_names:
        if n.lower() not in niche_vocab:
            raise QueryError("niches", f"unknown niche {n!r}; expected one of {', '.join(niche_vocab)}")
    niche_columns = tuple(sorted({niche_vocab.index(n.lower()) for n in niche_names}))
    niche_min = _finite("niche_min_score", q.niche_min_score, 0.0, 1.0)
    if q.niche_match not in ("any", "all"):
        raise QueryError("niche_match", f"expected 'any' or 'all', got {q.niche_match!r}")

    targets: dict[int, float] = {}
    if q.target_niches is not None:
        if not isinstance(q.target_niches, Mapping):
            raise QueryError("target_niches", "expected a mapping {niche: weight}")
        for slug, w in q.target_niches.items():
            if not isinstance(slug, str) or slug.lower() not in niche_vocab:
                raise QueryError("target_niches", f"unknown niche {slug!r}; expected one of {', '.join(niche_vocab)}")
            weight = _finite(f"target_niches.{slug}", w, 0.0, 1.0)
            if weight:
                targets[niche_vocab.index(slug.lower())] = weight
    else:
        targets = {j: 1.0 for j in niche_columns}

    ranges: dict[str, Range] = {}

    def add_range(column: str, rng: Range) -> None:
        if rng == (None, None):
            return
        lo0, hi0 = ranges.get(column, (None, None))
        lo1, hi1 = _f32(rng[0]), _f32(rng[1])
        lo = lo1 if lo0 is None else (lo0 if lo1 is None else max(lo0, lo1))
        hi = hi1 if hi0 is None else (hi0 if hi1 is None else min(hi0, hi1))
        ranges[column] = (lo, hi)

    add_range("followers", _min_max("followers_min", q.followers_min, "followers_max", q.followers_max, 0.0))
    add_range("engagement_rate", _min_max("er_min", q.er_min, "er_max", q.er_max, 0.0))
    add_range("er_percentile", (_finite("er_percentile_min", q.er_percentile_min, 0.0, 100.0), None))
    add_range("authenticity_score", (_finite("authenticity_min", q.authenticity_min, 0.0, 100.0), None))
    add_range("sponsored_share", (None, _finite("sponsored_share_max", q.sponsored_share_max, 0.0, 1.0)))
    add_range("growth_90d_pct", _min_max("growth_min", q.growth_min, "growth_max", q.growth_max))
    add_range("posts_per_week", (_finite("posts_per_week_min", q.posts_per_week_min, 0.0), None))
    fee_min, fee_max = _min_max("fee_min", q.fee_min, "fee_max", q.fee_max, 0.0)
    if not isinstance(q.ranges, Mapping):
        raise QueryError("ranges", "expected a mapping {column: (min, max)}")
    for column, rng in q.ranges.items():
        spec = schema.get(column)
        if spec is None or spec.kind != "number":
            raise QueryError(f"ranges.{column}", f"unknown numeric column {column!r}")
        try:
            lo, hi = rng
        except (TypeError, ValueError):
            raise QueryError(f"ranges.{column}", "expected (min, max)") from None
        add_range(column, _min_max(f"ranges.{column}.min", lo, f"ranges.{column}.max", hi))

    active = _finite("active_within_days", q.active_within_days, 0.0)
    now_day = _finite("now_day", q.now_day)
    if active is not None and now_day is None:
        import time

        now_day = time.time() / 86_400.0
    active_day_min = None if active is None else _f32(now_day - active)  # type: ignore[operator]

    exclude_mask = flag_mask("exclude_flags", q.exclude_flags)
    tolerate_mask = flag_mask("tolerate_flags", q.tolerate_flags)

    audience_filters = _audience_terms("audience", q.audience, index)
    audience_targets = _audience_terms("audience_targets", q.audience_targets, index) or audience_filters

    dim = index.embedding_dim
    tw = _finite("text_weight", q.text_weight, 0.0, 1.0)
    text = _vector("text_vector", q.text_vector, dim)
    brand = _vector("brand_vector", q.brand_vector, dim)
    semantic = None
    if text is not None and brand is not None:
        mixed = tw * text + (1 - tw) * brand  # type: ignore[operator]
        norm = float(np.linalg.norm(mixed))
        # Opposite vectors cancel out; then the words the user typed win.
        semantic = mixed / norm if norm > 1e-6 else text
    elif text is not None or brand is not None:
        semantic = text if text is not None else brand
    if semantic is not None and dim is None:
        raise QueryError("text_vector" if text is not None else "brand_vector", "this index has no embeddings")

    tone = None
    if q.brand_tone is not None:
        width = index.schema["tone"].width or len(index.schema["tone"].vocab or ())
        arr = np.asarray(q.brand_tone, dtype=np.float64).ravel()
        if arr.size != width or not np.all(np.isfinite(arr)) or arr.min() < 0 or arr.max() > 1:
            raise QueryError("brand_tone", f"expected {width} trait values between 0 and 1")
        centred = arr - 0.5
        norm = float(np.linalg.norm(centred))
        tone = (centred / norm).astype(np.float32) if norm > 0 else None

    weights = dict(DEFAULT_WEIGHTS)
    if not isinstance(q.weights, Mapping):
        raise QueryError("weights", "expected a mapping {component: weight}")
    for name, w in q.weights.items():
        if name not in DEFAULT_WEIGHTS:
            raise QueryError(f"weights.{name}", f"unknown component; expected one of {', '.join(COMPONENTS)}")
        weights[name] = _finite(f"weights.{name}", w, 0.0)  # type: ignore[assignment]
    applicable = {
        "semantic": semantic is not None,
        "niche": bool(targets),
        "audience": bool(audience_targets),
        "tone": tone is not None,
    }
    used = {c: weights[c] for c in COMPONENTS if applicable.get(c, True) and weights[c] > 0}
    total_w = sum(used.values())
    if total_w <= 0 and q.sort == "fit":
        raise QueryError("weights", "at least one applicable component needs a weight > 0")
    norm_weights = {c: w / total_w for c, w in used.items()} if total_w > 0 else {}
    gate_strength = _finite("authenticity_gate", q.authenticity_gate, 0.0, 1.0) or 0.0
    if "authenticity" not in norm_weights:
        gate_strength = 0.0

    sortable = {name for name, spec in schema.items() if spec.kind == "number" and spec.sortable}
    if q.sort != "fit" and q.sort not in sortable:
        raise QueryError("sort", f"unknown sort key {q.sort!r}; expected 'fit' or one of {', '.join(sorted(sortable))}")
    if not isinstance(q.descending, bool):
        raise QueryError("descending", "must be true or false")
    cand = q.candidates if q.candidates is not None else DEFAULT_CANDIDATES
    if isinstance(cand, bool) or not isinstance(cand, (int, np.integer)) or cand < 1:
        raise QueryError("candidates", f"must be an integer >= 1, got {q.candidates!r}")

    def ids(field_name: str, values: Sequence[int]) -> np.ndarray:
        try:
            arr = np.asarray(list(values or ()), dtype=np.int64)
        except (TypeError, ValueError, OverflowError):
            raise QueryError(field_name, "expected integer ids") from None
        return np.unique(arr)

    return Plan(
        query=q,
        platform_codes=_codes("platforms", q.platforms, schema["platform"].vocab or ()),
        tier_codes=_codes("tiers", q.tiers, schema["tier"].vocab or ()),
        country_codes=_open_codes("countries", q.countries, index.vocab("country"), _ISO2, upper=True),
        language_codes=_open_codes("languages", q.languages, index.vocab("language"), _LANG, upper=False,
                                   primary_subtag=True),
        niche_columns=niche_columns,
        niche_code_min=share_threshold_code(niche_min or 0.0, SHARE_SCALE),
        niche_all=q.niche_match == "all",
        audience_filters=audience_filters,
        exclude_mask=exclude_mask,
        ranges=ranges,
        fee_min=_f32(fee_min),
        fee_max=_f32(fee_max),
        active_day_min=active_day_min,
        exclude_ids=ids("exclude_ids", q.exclude_ids),
        exclude_creator_ids=ids("exclude_creator_ids", q.exclude_creator_ids),
        workspace_id=int(q.workspace_id),
        weights=norm_weights,
        gate_strength=gate_strength,
        semantic_vector=None if semantic is None else semantic.astype(np.float32),
        niche_targets=tuple(sorted(targets.items())),
        audience_targets=audience_targets,
        tone_vector=tone,
        tolerate_mask=tolerate_mask,
        sort=q.sort,
        descending=q.descending,
        limit=int(q.limit),
        offset=int(q.offset),
        exact=bool(q.exact),
        candidates=int(cand),
    )
