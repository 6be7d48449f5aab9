"""All SQL for lists, list items and saved searches, scoped by the workspace context."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reachroom.core.names import name_key
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.repository import visible_accounts
from reachroom.models import (
    AccountAuthenticity,
    AccountContent,
    AccountStats,
    Brand,
    Creator,
    CreatorList,
    CreatorListItem,
    SavedSearch,
    SocialAccount,
)


def lists_with_counts(db: Session, ctx: WorkspaceContext) -> list[tuple[CreatorList, int, str | None]]:
    """Every list of the workspace with its item count and brand name, by name."""
    counts = (
        select(CreatorListItem.list_id, func.count().label("n")).group_by(CreatorListItem.list_id).subquery()
    )
    stmt = (
        select(CreatorList, func.coalesce(counts.c.n, 0), Brand.name)
        .outerjoin(counts, counts.c.list_id == CreatorList.id)
        .outerjoin(Brand, Brand.id == CreatorList.brand_id)
        .where(CreatorList.workspace_id == ctx.workspace_id)
        .order_by(func.lower(CreatorList.name))
    )
    return [(lst, int(n), brand) for lst, n, brand in db.execute(stmt)]


def get_list(db: Session, ctx: WorkspaceContext, list_id: int) -> CreatorList | None:
    stmt = select(CreatorList).where(CreatorList.workspace_id == ctx.workspace_id, CreatorList.id == list_id)
    return db.scalar(stmt)


def list_by_name(db: Session, ctx: WorkspaceContext, name: str) -> CreatorList | None:
    stmt = select(CreatorList).where(CreatorList.workspace_id == ctx.workspace_id,
                                     CreatorList.name_key == name_key(name))
    return db.scalar(stmt)


def item_count(db: Session, list_id: int) -> int:
    return db.scalar(select(func.count()).where(CreatorListItem.list_id == list_id)) or 0


def items(db: Session, ctx: WorkspaceContext, list_id: int) -> list[tuple]:
    """(item, account, creator, stats) of a list, newest first; only accounts still visible to the workspace."""
    stmt = (
        select(CreatorListItem, SocialAccount, Creator, AccountStats)
        .join(SocialAccount, SocialAccount.id == CreatorListItem.account_id)
        .join(Creator, Creator.id == SocialAccount.creator_id)
        .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
        .where(CreatorListItem.list_id == list_id, visible_accounts(ctx))
        .order_by(CreatorListItem.created_at.desc(), CreatorListItem.id.desc())
    )
    return [tuple(r) for r in db.execute(stmt)]


def item(db: Session, list_id: int, account_id: int) -> CreatorListItem | None:
    stmt = select(CreatorListItem).where(CreatorListItem.list_id == list_id, CreatorListItem.account_id == account_id)
    return db.scalar(stmt)


def list_ids_of(db: Session, ctx: WorkspaceContext, list_ids: list[int]) -> set[int]:
    """The subset of list_ids that belong to this workspace."""
    if not list_ids:
        return set()
    stmt = select(CreatorList.id).where(CreatorList.workspace_id == ctx.workspace_id, CreatorList.id.in_(list_ids))
    return set(db.scalars(stmt))


def account_ids_on(db: Session, ctx: WorkspaceContext, list_ids: list[int]) -> set[int]:
    """Account ids on the given lists of this workspace."""
    if not list_ids:
        return set()
    stmt = (
        select(CreatorListItem.account_id).join(CreatorList, CreatorList.id == CreatorListItem.list_id)
        .where(CreatorList.workspace_id == ctx.workspace_id, CreatorList.id.in_(list_ids))
    )
    return set(db.scalars(stmt))


def compare_rows(db: Session, ctx: WorkspaceContext, account_ids: list[int]) -> list[tuple]:
    """(account, creator, stats) for the visible accounts among account_ids."""
    stmt = (
        select(SocialAccount, Creator, AccountStats)
        .join(Creator, Creator.id == SocialAccount.creator_id)
        .outerjoin(AccountStats, AccountStats.account_id == SocialAccount.id)
        .where(SocialAccount.id.in_(account_ids), visible_accounts(ctx))
    )
    return [tuple(r) for r in db.execute(stmt)]


def content_for(db: Session, account_ids: list[int]) -> dict[int, AccountContent]:
    rows = db.scalars(select(AccountContent).where(AccountContent.account_id.in_(account_ids)))
    return {r.account_id: r for r in rows}


def authenticity_for(db: Session, ctx: WorkspaceContext, account_ids: list[int]) -> dict[int, AccountAuthenticity]:
    """The workspace's own score where it uploaded a private sample, else the shared one."""
    stmt = select(AccountAuthenticity).where(AccountAuthenticity.account_id.in_(account_ids),
                                             AccountAuthenticity.scope_key.in_([0, ctx.workspace_id]))
    out: dict[int, AccountAuthenticity] = {}
    for row in db.scalars(stmt.order_by(AccountAuthenticity.scope_key)):
        out[row.account_id] = row  # the workspace row (scope_key > 0) sorts last and wins
    return out


def saved_searches(db: Session, ctx: WorkspaceContext) -> list[SavedSearch]:
    stmt = select(SavedSearch).where(SavedSearch.workspace_id == ctx.workspace_id)
    return list(db.scalars(stmt.order_by(func.lower(SavedSearch.name))))


def saved_search(db: Session, ctx: WorkspaceContext, saved_search_id: int) -> SavedSearch | None:
    stmt = select(SavedSearch).where(SavedSearch.workspace_id == ctx.workspace_id, SavedSearch.id == saved_search_id)
    return db.scalar(stmt)


def saved_search_by_name(db: Session, ctx: WorkspaceContext, name: str) -> SavedSearch | None:
    stmt = select(SavedSearch).where(SavedSearch.workspace_id == ctx.workspace_id,
                                     SavedSearch.name_key == name_key(name))
    return db.scalar(stmt)


def add(db: Session, row) -> None:
    db.add(row)
    db.flush()


def delete(db: Session, row) -> None:
    db.delete(row)
    db.flush()


def visible_item_account_ids(db: Session, ctx: WorkspaceContext, list_id: int) -> list[int]:
    """Account ids on a list of this workspace, newest first (the list page's order), visible accounts only."""
    stmt = (
        select(CreatorListItem.account_id)
        .join(CreatorList, CreatorList.id == CreatorListItem.list_id)
        .join(SocialAccount, SocialAccount.id == CreatorListItem.account_id)
        .where(CreatorList.workspace_id == ctx.workspace_id, CreatorListItem.list_id == list_id,
               visible_accounts(ctx))
        .order_by(CreatorListItem.created_at.desc(), CreatorListItem.id.desc())
    )
    return list(db.scalars(stmt))
