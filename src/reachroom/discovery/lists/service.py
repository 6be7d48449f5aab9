"""Lists, saved searches, compare and CSV export: the rules behind page, API and CLI.

Lists belong to one workspace; an account may go on a list only if the workspace can see it (the shared
catalogue or its own private accounts). Members and above write; viewers read.
"""

import csv
import io

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.core.csv_export import absolute_url, number_cell, percent_cell, text_cell
from reachroom.core.errors import conflict, invalid, not_found
from reachroom.core.names import apply_named_changes
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import MAX_ID, as_utc
from reachroom.creators.definitions import DEFINITIONS
from reachroom.creators.service import account_for_handle, key_metrics, visible_account
from reachroom.discovery.engine.query import DEFAULT_WEIGHTS
from reachroom.discovery.lists import repository as repo
from reachroom.discovery.lists.schemas import (
    MAX_COMPARE,
    MAX_LOOKALIKE_SEEDS,
    CompareAccount,
    CompareRow,
    Comparison,
    ItemIn,
    ItemOut,
    ItemPatch,
    ListDetail,
    ListIn,
    ListOut,
    ListPatch,
    PickerList,
    SavedSearchIn,
    SavedSearchPatch,
)
from reachroom.discovery.queries import saved_request
from reachroom.discovery.schemas import ExcludedList, SearchRequest
from reachroom.models import CreatorList, CreatorListItem, SavedSearch, SocialAccount

CSV_COLUMNS = ["handle", "platform", "name", "country", "followers", "engagement_rate", "er_denominator", "note",
               "tags", "account_id", "profile_url"]


# ---------- lists ----------

def _out(lst: CreatorList, count: int, brand_name: str | None) -> ListOut:
    return ListOut(id=lst.id, name=lst.name, kind=lst.kind, brand_id=lst.brand_id, brand_name=brand_name,
                   description=lst.description or "", item_count=count, created_at=lst.created_at)


def list_lists(db: Session, ctx: WorkspaceContext) -> list[ListOut]:
    """Every list of the workspace with its size, by name."""
    return [_out(lst, n, brand) for lst, n, brand in repo.lists_with_counts(db, ctx)]


def lists_for_picker(db: Session, ctx: WorkspaceContext, brand_id: int | None = None) -> list[PickerList]:
    """Lists to offer in an 'Add to list' control (empty for viewers, who cannot add).

    The one chosen first is the brand's shortlist, else the first shortlist: never an exclusion list, so nobody
    excludes a creator by accident.
    """
    if not ctx.can("member"):
        return []
    lists = [lst for lst, _, _ in repo.lists_with_counts(db, ctx)]
    shortlists = [lst for lst in lists if lst.kind == "shortlist"]
    ours = [lst for lst in shortlists if brand_id is not None and lst.brand_id == brand_id]
    chosen = next(iter(ours or shortlists), None)
    return [PickerList(id=lst.id, name=lst.name, kind=lst.kind, chosen=lst is chosen) for lst in lists]


def _get(db: Session, ctx: WorkspaceContext, list_id: int) -> CreatorList:
    lst = repo.get_list(db, ctx, list_id)
    if lst is None:
        raise not_found("List")
    return lst


def find_list(db: Session, ctx: WorkspaceContext, ref: str) -> CreatorList:
    """A list by id or by name (case-insensitive), for the CLI."""
    ref = ref.strip()
    lst = repo.list_by_name(db, ctx, ref)
    if lst is None and ref.isdigit():
        lst = repo.get_list(db, ctx, int(ref))
    if lst is None:
        raise not_found(f"List {ref!r}")
    return lst


def _brand_name(db: Session, ctx: WorkspaceContext, brand_id: int | None) -> str | None:
    if brand_id is None:
        return None
    brand = brands.find_brand(db, ctx, brand_id)
    if brand is None:
        raise invalid("brand_id", f"no brand with id {brand_id} in this workspace")
    return brand.name


def _unique_name(db: Session, ctx: WorkspaceContext, name: str, list_id: int | None = None) -> None:
    clash = repo.list_by_name(db, ctx, name)
    if clash is not None and clash.id != list_id:
        raise _list_taken(name)


def _list_taken(name: str):
    return conflict("name", f"a list named {name!r} already exists")


def create_list(db: Session, ctx: WorkspaceContext, data: ListIn) -> ListOut:
    """A new shortlist or exclusion list in this workspace."""
    ctx.require_write()
    brand_name = _brand_name(db, ctx, data.brand_id)
    _unique_name(db, ctx, data.name)
    lst = CreatorList(workspace_id=ctx.workspace_id, name=data.name, kind=data.kind, brand_id=data.brand_id,
                      description=data.description, created_by=ctx.user_id)
    try:
        with db.begin_nested():
            repo.add(db, lst)
    except IntegrityError:  # a concurrent create of the same name won the race; the unique index held
        raise _list_taken(data.name) from None
    return _out(lst, 0, brand_name)


def get_list(db: Session, ctx: WorkspaceContext, list_id: int) -> ListDetail:
    """A list of this workspace with its items, or 404."""
    lst = _get(db, ctx, list_id)
    items = [_item(*row) for row in repo.items(db, ctx, lst.id)]
    brand = brands.find_brand(db, ctx, lst.brand_id) if lst.brand_id else None
    base = _out(lst, len(items), brand.name if brand else None)
    return ListDetail(**base.model_dump(), items=items)


def update_list(db: Session, ctx: WorkspaceContext, list_id: int, patch: ListPatch) -> ListOut:
    """Rename a list or change its kind, description or brand."""
    ctx.require_write()
    lst = _get(db, ctx, list_id)
    changes = patch.model_dump(exclude_unset=True)
    if "brand_id" in changes:
        _brand_name(db, ctx, changes["brand_id"])
        lst.brand_id = changes.pop("brand_id")
    if changes.get("name"):
        _unique_name(db, ctx, changes["name"], lst.id)
    apply_named_changes(db, lst, changes, _list_taken)
    brand = brands.find_brand(db, ctx, lst.brand_id) if lst.brand_id else None
    return _out(lst, repo.item_count(db, lst.id), brand.name if brand else None)


def delete_list(db: Session, ctx: WorkspaceContext, list_id: int) -> None:
    """Delete a list and its items."""
    ctx.require_write()
    repo.delete(db, _get(db, ctx, list_id))


# ---------- items ----------

def _item(item: CreatorListItem, acc: SocialAccount, cr, st) -> ItemOut:
    return ItemOut(
        account_id=acc.id, creator_id=cr.id, platform=acc.platform, handle=acc.handle, name=cr.name,
        country=cr.country, followers=acc.followers, tier=st.tier if st else None,
        engagement_rate=st.engagement_rate if st else None, er_denominator=st.er_denominator if st else None,
        er_percentile=st.er_percentile if st else None, growth_90d_pct=st.growth_90d_pct if st else None,
        posts_per_week=st.posts_per_week if st else None, est_reach=st.est_reach if st else None,
        note=item.note or "", tags=list(item.tags or []), added_at=item.created_at,
    )


def add_item(db: Session, ctx: WorkspaceContext, list_id: int, data: ItemIn) -> CreatorListItem:
    """Put a visible account on a list with a note and tags; 409 if it is already there."""
    ctx.require_write()
    lst = _get(db, ctx, list_id)
    visible_account(db, ctx, data.account_id)
    if repo.item(db, lst.id, data.account_id) is not None:
        raise conflict("account_id", f"this account is already on “{lst.name}”")
    row = CreatorListItem(list_id=lst.id, account_id=data.account_id, note=data.note, tags=data.tags,
                          added_by=ctx.user_id)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:  # a concurrent add of the same account won the race
        raise conflict("account_id", f"this account is already on “{lst.name}”") from None
    return row


def get_item(db: Session, ctx: WorkspaceContext, list_id: int, account_id: int) -> ItemOut:
    """One item of a list, with the account's display fields."""
    lst = _get(db, ctx, list_id)
    for row in repo.items(db, ctx, lst.id):
        if row[1].id == account_id:
            return _item(*row)
    raise not_found("List item")


def update_item(db: Session, ctx: WorkspaceContext, list_id: int, account_id: int, patch: ItemPatch) -> ItemOut:
    """Change the note and/or tags of an account on a list."""
    ctx.require_write()
    lst = _get(db, ctx, list_id)
    row = repo.item(db, lst.id, account_id)
    if row is None:
        raise not_found("List item")
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("note") is not None:
        row.note = changes["note"]
    if changes.get("tags") is not None:
        row.tags = changes["tags"]
    db.flush()
    return get_item(db, ctx, list_id, account_id)


def remove_item(db: Session, ctx: WorkspaceContext, list_id: int, account_id: int) -> None:
    """Take an account off a list."""
    ctx.require_write()
    lst = _get(db, ctx, list_id)
    row = repo.item(db, lst.id, account_id)
    if row is None:
        raise not_found("List item")
    repo.delete(db, row)


def account_ids_on_list(db: Session, ctx: WorkspaceContext, list_id: int) -> list[int]:
    """The visible accounts on a list of this workspace, newest first; 404 for another workspace's list."""
    return repo.visible_item_account_ids(db, ctx, _get(db, ctx, list_id).id)


def account_by_handle(db: Session, ctx: WorkspaceContext, handle: str, platform: str | None = None) -> int:
    """The id of a visible account @handle (this workspace's own account first), for the CLI."""
    return account_for_handle(db, ctx, handle, platform).id


def exclusion_account_ids(db: Session, ctx: WorkspaceContext, list_ids: list[int] | None,
                          field: str = "exclude_list_ids") -> set[int]:
    """Account ids on the given lists of this workspace (any kind), for search exclusions.

    An id that is not a list of this workspace is a 422 naming `field`, so another workspace's lists can't be
    probed. None or [] excludes nothing.
    """
    wanted = list(dict.fromkeys(list_ids or []))
    if not wanted:
        return set()
    missing = [i for i in wanted if i not in repo.list_ids_of(db, ctx, wanted)]
    if missing:
        raise invalid(field, f"no list with id {missing[0]} in this workspace")
    return repo.account_ids_on(db, ctx, wanted)


def search_exclusions(db: Session, ctx: WorkspaceContext, list_ids: list[int] | None,
                      brand_id: int | None = None) -> tuple[set[int], list[ExcludedList]]:
    """Accounts a search leaves out and the lists they come from: the named lists (any kind) and, with a brand,
    every exclusion list of that brand (applied by default, so a brand's past partners never come back)."""
    accounts = exclusion_account_ids(db, ctx, list_ids)
    named = set(list_ids or [])
    applied: list[ExcludedList] = []
    defaults: list[int] = []
    for lst, count, _ in repo.lists_with_counts(db, ctx):
        by_default = brand_id is not None and lst.kind == "exclusion" and lst.brand_id == brand_id
        if lst.id in named or by_default:
            applied.append(ExcludedList(id=lst.id, name=lst.name, brand_id=lst.brand_id, accounts=count,
                                        by_default=by_default and lst.id not in named))
            if lst.id not in named:
                defaults.append(lst.id)
    return accounts | repo.account_ids_on(db, ctx, defaults), applied


def lookalike_seed_ids(db: Session, ctx: WorkspaceContext, list_id: int, account_ids: list[int] | None = None
                       ) -> list[int]:
    """Seeds for "Find lookalikes" on a list: the ticked accounts (each must be on the list) or, none ticked,
    the list's first MAX_LOOKALIKE_SEEDS accounts in page order. 404 for another workspace's list."""
    lst = _get(db, ctx, list_id)
    on_list = repo.visible_item_account_ids(db, ctx, lst.id)
    wanted = list(dict.fromkeys(account_ids or []))
    if not wanted:
        if not on_list:
            raise invalid("list_id", "this list has no creators yet; add some, then find lookalikes")
        return on_list[:MAX_LOOKALIKE_SEEDS]
    if len(wanted) > MAX_LOOKALIKE_SEEDS:
        raise invalid("account_ids", f"tick at most {MAX_LOOKALIKE_SEEDS} creators (got {len(wanted)})")
    known = set(on_list)
    missing = [a for a in wanted if a not in known]
    if missing:
        raise invalid("account_ids", f"account {missing[0]} is not on this list")
    return wanted


# ---------- CSV export ----------

def export_csv(db: Session, ctx: WorkspaceContext, list_id: int, base_url: str = "") -> tuple[str, str]:
    """(filename, CSV text): one row per account with handle, platform, name, country, followers, ER, note, tags and
    a profile link made absolute with `base_url` (the address the request came to)."""
    detail = get_list(db, ctx, list_id)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for it in detail.items:
        profile = absolute_url(base_url, f"/creators/{it.creator_id}?account={it.account_id}")
        writer.writerow([text_cell(it.handle), it.platform, text_cell(it.name), it.country or "",
                         number_cell(it.followers), percent_cell(it.engagement_rate), it.er_denominator or "",
                         text_cell(it.note), text_cell(", ".join(it.tags)), it.account_id, profile])
    slug = "".join(c if c.isalnum() else "-" for c in detail.name.lower()).strip("-") or f"list-{detail.id}"
    return f"{slug}.csv", buf.getvalue()


# ---------- saved searches ----------

def list_saved_searches(db: Session, ctx: WorkspaceContext) -> list[SavedSearch]:
    """Saved searches of the workspace, by name."""
    return repo.saved_searches(db, ctx)


def get_saved_search(db: Session, ctx: WorkspaceContext, saved_search_id: int) -> SavedSearch:
    """One saved search of this workspace or 404 (the Discover page loads `?saved=<id>` with this)."""
    row = repo.saved_search(db, ctx, saved_search_id)
    if row is None:
        raise not_found("Saved search")
    return row


def _unique_search_name(db: Session, ctx: WorkspaceContext, name: str, search_id: int | None = None) -> None:
    clash = repo.saved_search_by_name(db, ctx, name)
    if clash is not None and clash.id != search_id:
        raise _search_taken(name)


def _search_taken(name: str):
    return conflict("name", f"a saved search named {name!r} already exists")


def query_of(search: SearchRequest) -> dict:
    """A search as a saved search stores it: only what differs from the defaults (weights included), no paging."""
    query = search.model_dump(mode="json", exclude_defaults=True, exclude={"offset"})
    weights = {c: w for c, w in search.weights.items() if abs(w - DEFAULT_WEIGHTS.get(c, -1.0)) > 1e-9}
    if weights:
        query["weights"] = weights
    else:
        query.pop("weights", None)
    return query


def find_saved_search(db: Session, ctx: WorkspaceContext, ref: str) -> SavedSearch:
    """A saved search by name (case-insensitive) or id, for the CLI."""
    ref = ref.strip()
    row = repo.saved_search_by_name(db, ctx, ref)
    if row is None and ref.isdigit() and int(ref) < 2**63:
        row = repo.saved_search(db, ctx, int(ref))
    if row is None:
        raise not_found(f"Saved search {ref!r}")
    return row


def check_saved_query(db: Session, ctx: WorkspaceContext, query: dict) -> SearchRequest:
    """A saved query must be a search Discover can run, naming only this workspace's brand and lists: else a 422
    naming the field (`query.brand_id`, `query.exclude_list_ids`, …), so a saved search never points at data
    the workspace can't see."""
    request = saved_request(query)
    if request.brand_id is not None and brands.find_brand(db, ctx, request.brand_id) is None:
        raise invalid("query.brand_id", f"no brand with id {request.brand_id} in this workspace")
    wanted = list(dict.fromkeys(request.exclude_list_ids))
    known = repo.list_ids_of(db, ctx, wanted)
    missing = [i for i in wanted if i not in known]
    if missing:
        raise invalid("query.exclude_list_ids", f"no list with id {missing[0]} in this workspace")
    return request


def create_saved_search(db: Session, ctx: WorkspaceContext, data: SavedSearchIn) -> SavedSearch:
    """Save a discovery query under a name (checked by check_saved_query)."""
    ctx.require_write()
    check_saved_query(db, ctx, data.query)
    _unique_search_name(db, ctx, data.name)
    row = SavedSearch(workspace_id=ctx.workspace_id, name=data.name, query=data.query, created_by=ctx.user_id)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:  # a concurrent save under the same name won the race
        raise _search_taken(data.name) from None
    return row


def update_saved_search(db: Session, ctx: WorkspaceContext, saved_search_id: int,
                        patch: SavedSearchPatch) -> SavedSearch:
    """Rename a saved search or replace its query."""
    ctx.require_write()
    row = get_saved_search(db, ctx, saved_search_id)
    if patch.name:
        _unique_search_name(db, ctx, patch.name, row.id)
    try:
        with db.begin_nested():
            if patch.name:
                row.name = patch.name
            if patch.query is not None:
                check_saved_query(db, ctx, patch.query)
                row.query = patch.query
            db.flush()
    except IntegrityError:  # a concurrent rename to the same name won the race
        raise _search_taken(patch.name or row.name) from None
    return row


def delete_saved_search(db: Session, ctx: WorkspaceContext, saved_search_id: int) -> None:
    """Delete a saved search."""
    ctx.require_write()
    repo.delete(db, get_saved_search(db, ctx, saved_search_id))


# ---------- compare ----------

# (key, higher is better?) — rows of the comparison table, in order.
COMPARE_ROWS = [("followers", True), ("tier", None), ("engagement_rate", True), ("er_percentile", True),
                ("growth_90d_pct", True), ("posts_per_week", True), ("est_reach", True)]


def parse_account_ids(raw: str | None) -> list[int]:
    """'1, 2,3' → [1, 2, 3] (duplicates dropped); 422 naming account_ids on anything else."""
    out: list[int] = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= MAX_ID:
            raise invalid("account_ids", f"{part[:20]!r} is not an account id; send ids separated by commas")
        out.append(int(part))
    return list(dict.fromkeys(out))


def _content_summary(row) -> dict | None:
    if row is None:
        return None
    flagged = sorted(k for k, v in (row.safety or {}).items() if (v or {}).get("count"))
    return {
        "primary_niche": row.primary_niche,
        "niches": [n.get("slug") for n in (row.niches or [])][:3],
        "sponsored_share": row.sponsored_share, "posts_analysed": row.posts_analysed,
        "undisclosed_count": row.undisclosed_count, "safety_flags": flagged,
        "method_version": row.method_version,
        "computed_at": as_utc(row.computed_at).isoformat() if row.computed_at else None,
    }


def _authenticity_summary(row) -> dict | None:
    if row is None:
        return None
    return {
        "score": row.score, "level": row.level, "confidence": row.confidence,
        "suspicious_share": row.suspicious_share, "sample_size": row.sample_size,
        "scope": "workspace" if row.scope_key else "shared", "method_version": row.method_version,
        "computed_at": as_utc(row.computed_at).isoformat() if row.computed_at else None,
    }


def _best(values: list, ids: list[int], higher: bool | None) -> list[int]:
    nums = [(v, i) for v, i in zip(values, ids, strict=True) if isinstance(v, int | float)]
    if higher is None or len(nums) < 2:
        return []
    top = max(v for v, _ in nums) if higher else min(v for v, _ in nums)
    if all(v == top for v, _ in nums):
        return []  # a tie across the board highlights nothing
    return [i for v, i in nums if v == top]


def compare(db: Session, ctx: WorkspaceContext, account_ids: list[int]) -> Comparison:
    """2–5 visible accounts side by side: key metrics, content and authenticity summaries, best value per row."""
    ids = list(dict.fromkeys(account_ids))
    if len(ids) < 2 or len(ids) > MAX_COMPARE:
        raise invalid("account_ids", f"choose 2 to {MAX_COMPARE} accounts to compare (got {len(ids)})")
    found = {acc.id: (acc, cr, st) for acc, cr, st in repo.compare_rows(db, ctx, ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise not_found(f"Account {missing[0]}")
    content = repo.content_for(db, ids)
    auth = repo.authenticity_for(db, ctx, ids)
    accounts = []
    for i in ids:
        acc, cr, st = found[i]
        accounts.append(CompareAccount(
            account_id=acc.id, creator_id=cr.id, platform=acc.platform, handle=acc.handle, name=cr.name,
            country=cr.country, er_denominator=st.er_denominator if st else None,
            metrics=key_metrics(acc, st), content=_content_summary(content.get(i)),
            authenticity=_authenticity_summary(auth.get(i)),
        ))
    rows = []
    for key, higher in COMPARE_ROWS:
        label, _, unit = DEFINITIONS[key]
        values = [found[i][0].followers if key == "followers" else getattr(found[i][2], key, None) for i in ids]
        rows.append(CompareRow(key=key, label=label, unit=unit, values=values,
                               best_account_ids=_best(values, ids, higher)))
    extra = [
        ("authenticity_score", "Authenticity score", "score",
         [(auth[i].score if i in auth else None) for i in ids], True),
        ("sponsored_share", "Sponsored share of posts", "%",
         [(content[i].sponsored_share if i in content else None) for i in ids], False),
    ]
    for key, label, unit, values, higher in extra:
        if any(v is not None for v in values):
            rows.append(CompareRow(key=key, label=label, unit=unit, values=values,
                                   best_account_ids=_best(values, ids, higher)))
    return Comparison(accounts=accounts, rows=rows)
