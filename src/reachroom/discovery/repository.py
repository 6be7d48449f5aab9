"""All SQL of discovery: the index loader's batch reads, freshness stamps, display rows, brands, exclusion lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Text, and_, cast, func, select
from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.repository import visible_accounts
from reachroom.models import (
    AccountAuthenticity,
    AccountContent,
    AccountStats,
    AudienceProfile,
    Brand,
    Creator,
    SocialAccount,
)

SA, CR, ST, CT, AU = SocialAccount, Creator, AccountStats, AccountContent, AccountAuthenticity

# ------------------------------------------------------------------ index loader (Core selects on a connection)


def account_id_bounds(conn: Connection) -> tuple[int, int, int]:
    """(count, min id, max id) of social accounts."""
    n, lo, hi = conn.execute(select(func.count(), func.min(SA.id), func.max(SA.id))).one()
    return int(n or 0), int(lo or 0), int(hi or 0)


def change_stamps(conn: Connection) -> dict[str, Any]:
    """Newest change time of every table the index reads (ISO strings), for freshness checks."""
    out: dict[str, Any] = {}
    for name, col in (("accounts", SA.collected_at), ("stats", ST.computed_at), ("content", CT.computed_at),
                      ("authenticity", AU.computed_at), ("audience", AudienceProfile.collected_at)):
        value = conn.execute(select(func.max(col))).scalar()
        out[name] = value.isoformat() if isinstance(value, datetime) else (str(value) if value else None)
    return out


def changed_account_ids(conn: Connection, since: dict[str, Any], after_id: int) -> list[int]:
    """Accounts added after `after_id` or with any source row newer than the stamps in `since`."""
    ids: set[int] = set(conn.execute(select(SA.id).where(SA.id > after_id)).scalars())
    for name, col, key in (("accounts", SA.collected_at, SA.id), ("stats", ST.computed_at, ST.account_id),
                           ("content", CT.computed_at, CT.account_id), ("authenticity", AU.computed_at, AU.account_id),
                           ("audience", AudienceProfile.collected_at, AudienceProfile.account_id)):
        stamp = since.get(name)
        stmt = select(key)
        if stamp:
            stmt = stmt.where(col > datetime.fromisoformat(stamp))
        ids.update(conn.execute(stmt).scalars())
    return sorted(ids)


def all_account_ids(conn: Connection) -> list[int]:
    return list(conn.execute(select(SA.id)).scalars())


def _json_text(col):
    """A JSON column read as its text: the loader decodes a whole batch with one json.loads (much faster)."""
    return cast(col, Text).label(col.key)


_ACCOUNT_COLS = (
    SA.id, SA.creator_id, SA.workspace_id, SA.platform, SA.followers, CR.country, CR.language,
    ST.tier, ST.band, ST.engagement_rate, ST.er_percentile, ST.er_posts_used, ST.growth_90d_pct, ST.posts_per_week,
    ST.last_post_at, ST.est_reach,
    _json_text(CT.niche_scores), CT.sponsored_share, CT.safety_mask, _json_text(CT.tone), CT.embedding,
    AU.score, AU.confidence, AU.level,
)  # fmt: skip


def _account_select():
    return (
        select(*_ACCOUNT_COLS)
        .join(CR, CR.id == SA.creator_id)
        .outerjoin(ST, ST.account_id == SA.id)
        .outerjoin(CT, CT.account_id == SA.id)
        .outerjoin(AU, and_(AU.account_id == SA.id, AU.scope_key == 0))
    )


def account_rows_in_range(conn: Connection, lo: int, hi: int) -> list[Any]:
    """Loader rows of accounts with lo <= id < hi, by id."""
    return conn.execute(_account_select().where(SA.id >= lo, SA.id < hi).order_by(SA.id)).all()


def account_rows_by_ids(conn: Connection, ids: Sequence[int]) -> list[Any]:
    return list(conn.execute(_account_select().where(SA.id.in_(list(ids))).order_by(SA.id)))


_AUDIENCE_COLS = (AudienceProfile.account_id, _json_text(AudienceProfile.age_bands),
                  _json_text(AudienceProfile.genders), _json_text(AudienceProfile.countries),
                  _json_text(AudienceProfile.languages), AudienceProfile.sample_size, AudienceProfile.source)


def latest_audiences(conn: Connection, lo: int | None = None, hi: int | None = None,
                     ids: Sequence[int] | None = None) -> dict[int, Any]:
    """The latest audience profile per account (id range or id list); JSON columns as text."""
    stmt = select(*_AUDIENCE_COLS)
    if ids is not None:
        stmt = stmt.where(AudienceProfile.account_id.in_(list(ids)))
    else:
        stmt = stmt.where(AudienceProfile.account_id >= lo, AudienceProfile.account_id < hi)
    out: dict[int, Any] = {}
    for row in conn.execute(stmt.order_by(AudienceProfile.account_id, AudienceProfile.collected_at,
                                          AudienceProfile.id)):
        out[row.account_id] = row  # later rows overwrite: the latest wins
    return out


# ------------------------------------------------------------------ service reads (ORM session, tenancy scoped)


def display_rows(db: Session, ctx: WorkspaceContext, account_ids: Iterable[int]) -> dict[int, Any]:
    """Handle, names, bio and creator country of visible accounts, by id."""
    ids = list(account_ids)
    if not ids:
        return {}
    stmt = (select(SA.id, SA.handle, SA.display_name, SA.platform, SA.bio, SA.followers, SA.creator_id,
                   CR.name.label("creator_name"), CR.country, CR.language)
            .join(CR, CR.id == SA.creator_id).where(SA.id.in_(ids), visible_accounts(ctx)))
    return {r.id: r for r in db.execute(stmt)}


def visible_account_ids(db: Session, ctx: WorkspaceContext, account_ids: Iterable[int]) -> set[int]:
    ids = list(account_ids)
    if not ids:
        return set()
    return set(db.execute(select(SA.id).where(SA.id.in_(ids), visible_accounts(ctx))).scalars())


def brands(db: Session, ctx: WorkspaceContext) -> list[Brand]:
    return list(db.scalars(select(Brand).where(Brand.workspace_id == ctx.workspace_id).order_by(Brand.name)))
