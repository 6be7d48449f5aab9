"""Discover's brand-fit score for named accounts: the same query a brand search builds from the brand (its
description and voice, niches, target audience, tone, tolerated flags), with Discover's default weights and
authenticity gate, scored for just these rows. The creator portal reads it from the creator's side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.discovery import index_store
from reachroom.discovery.engine import Query, explain
from reachroom.discovery.engine.components import Rows
from reachroom.discovery.engine.query import compile_query
from reachroom.discovery.engine.results import build_results


@dataclass(frozen=True)
class AccountFit:
    """One account's fit with a brand: 0–1 overall, its confidence, the authenticity gate, every component as
    {value, confidence, weight}, and Discover's reasons."""

    account_id: int
    fit: float
    confidence: float
    gate: float
    components: dict[str, dict[str, float]]
    reasons: list[str]


def brand_fit(db: Session, ctx: WorkspaceContext, brand_id: int, account_ids: list[int]) -> dict[int, AccountFit]:
    """{account id: its fit with the brand} for the accounts in the discovery index (others are left out)."""
    from reachroom.discovery.service import brand_targets  # the service imports this module's callers

    index = index_store.current_index(cast(Engine, db.get_bind()))
    rows = index.rows_of(sorted(set(account_ids)))
    rows = rows[rows >= 0]
    if rows.size == 0:
        return {}
    query = Query(**brand_targets(db, ctx, brand_id, index.embedding_dim), workspace_id=ctx.workspace_id)
    plan = compile_query(query, index)
    out = {}
    for r in build_results(Rows(index, rows), plan, None):
        components = {name: {"value": round(c.value, 4), "confidence": round(c.confidence, 3),
                             "weight": round(c.weight, 4)} for name, c in r.components.items()}
        out[r.account_id] = AccountFit(r.account_id, round(r.fit, 4), round(r.confidence, 3), round(r.gate, 3),
                                       components, explain(r, currency="£"))
    return out


def refresh_index(db: Session) -> None:
    """Bring the discovery index up to date now: a background pass must not score with the one it had (a search
    refreshes it on a thread and goes on with the old one; a pass right after new content profiles would not)."""
    index_store.holder(cast(Engine, db.get_bind())).refresh()
