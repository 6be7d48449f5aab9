"""HTML pages: the creators list and a creator's profile."""

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from reachroom.authenticity import service as auth_service
from reachroom.content import service as content_service
from reachroom.core.deps import DB, PageAuth, page_auth
from reachroom.core.errors import field_errors
from reachroom.core.pagination import PageParams
from reachroom.core.templating import templates
from reachroom.core.types import Id, OptionalIdQuery
from reachroom.core.vocab import NICHE_SLUGS
from reachroom.creators import service
from reachroom.creators.schemas import CreatorFilters
from reachroom.discovery.lists import service as lists_service

router = APIRouter(include_in_schema=False)
FILTER_KEYS = set(CreatorFilters.model_fields)


def _filters(request: Request) -> tuple[CreatorFilters, list[str]]:
    """Query-string filters; bad values are dropped and reported rather than failing the page."""
    raw = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS and v != ""}
    try:
        return CreatorFilters(**raw), []
    except ValidationError as err:
        errors = [str(f) for f in field_errors(err.errors(), default="filters")]
        bad = {str(e["loc"][0]) for e in err.errors() if e["loc"]}
        if any(not e["loc"] for e in err.errors()):  # a cross-field rule (min > max): drop the ranges
            bad |= {"min_followers", "max_followers", "min_er", "max_er"}
        try:
            return CreatorFilters(**{k: v for k, v in raw.items() if k not in bad}), errors
        except ValidationError:
            return CreatorFilters(), errors


@router.get("/creators")
def creators_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB):
    """Search, filter, sort and page through creator accounts."""
    filters, errors = _filters(request)
    result = service.list_accounts(db, page.ctx, filters)
    query = {k: v for k, v in filters.model_dump(exclude_defaults=True).items() if k != "page"}
    return templates.TemplateResponse(
        request, "creators/list.html",
        {"auth": page, "active": "creators", "filters": filters, "result": result, "errors": errors,
         "query": query, "niches": NICHE_SLUGS},
    )


@router.get("/creators/{creator_id}")
def creator_page(
    request: Request, creator_id: Id, account: OptionalIdQuery = None, page: PageAuth = Depends(page_auth),
    db: Session = DB,
):
    """A creator's profile: accounts, key metrics, follower chart, posts, audience and authenticity."""
    return render_profile(request, page, db, creator_id, account)


def render_profile(request: Request, page: PageAuth, db: Session, creator_id: int, account: int | None,
                   status_code: int = 200, upload_errors: dict | None = None):
    """The profile page (also re-rendered by the follower-sample upload form with its errors)."""
    creator = service.get_creator(db, page.ctx, creator_id)
    selected = next((a for a in creator.accounts if a.id == account), creator.accounts[0] if creator.accounts else None)
    stats = posts = None
    if selected is not None:
        stats = service.account_stats(db, page.ctx, selected.id)
        posts = service.account_posts(db, page.ctx, selected.id, PageParams(1, 12))
    chart = {
        "followers": [[t.isoformat(), n] for t, n in (stats.follower_history if stats else [])],
        "audience": stats.audience if stats else None,
        "posts": [
            {"at": p.posted_at.isoformat(), "engagements": p.engagements, "views": p.views}
            for p in (posts.items if posts else [])
        ],
    }
    authenticity = auth_service.profile_section(db, page.ctx, selected.id) if selected is not None else None
    content = content_service.content_profile(db, page.ctx, selected.id) if selected is not None else None
    return templates.TemplateResponse(
        request, "creators/profile.html",
        {"auth": page, "active": "creators", "creator": creator, "selected": selected, "stats": stats,
         "posts": posts, "chart": chart, "authenticity": authenticity, "content": content,
         "upload_errors": upload_errors, "lists": lists_service.lists_for_picker(db, page.ctx)},
        status_code=status_code,
    )
