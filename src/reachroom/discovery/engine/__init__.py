"""In-process discovery engine: a columnar creator index, validated queries, filtered + scored top-k search.

Pure NumPy, no database access: the loader (discovery service) fills `CreatorIndex.from_arrays` / `upsert`.
"""

from reachroom.discovery.engine.bruteforce import BruteForce, BruteForceResult, brute_force_search
from reachroom.discovery.engine.columns import CreatorIndex, UpsertResult
from reachroom.discovery.engine.encode import flags_mask, quantize_embeddings, shares_matrix
from reachroom.discovery.engine.explain import explain
from reachroom.discovery.engine.persist import IndexFormatError
from reachroom.discovery.engine.query import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    AudienceConstraint,
    Plan,
    Query,
    QueryError,
    compile_query,
)
from reachroom.discovery.engine.schema import SCHEMA, ColumnSpec, default_schema
from reachroom.discovery.engine.search import ComponentScore, SearchResponse, SearchResult, search

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "SCHEMA",
    "AudienceConstraint",
    "BruteForce",
    "BruteForceResult",
    "ColumnSpec",
    "ComponentScore",
    "CreatorIndex",
    "IndexFormatError",
    "Plan",
    "Query",
    "QueryError",
    "SearchResponse",
    "SearchResult",
    "UpsertResult",
    "brute_force_search",
    "compile_query",
    "default_schema",
    "explain",
    "flags_mask",
    "quantize_embeddings",
    "search",
    "shares_matrix",
]
