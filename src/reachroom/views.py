"""All HTML routers in one place; each domain keeps its own views module."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from reachroom.authenticity.views import router as authenticity
from reachroom.brands.views import router as brands
from reachroom.campaigns.views import router as campaigns
from reachroom.content.views import router as content
from reachroom.creators.views import router as creators
from reachroom.discovery.lists.views import router as lists
from reachroom.discovery.views import router as discovery
from reachroom.measurement.views import router as measurement
from reachroom.outreach.views import router as outreach
from reachroom.planning.views import router as planning
from reachroom.portal.brand_views import router as bids_pages
from reachroom.portal.views import router as portal
from reachroom.workspaces.views import router as workspace

router = APIRouter(include_in_schema=False)


@router.get("/")
def home():
    """The creators list is the home page."""
    return RedirectResponse("/creators", status_code=303)


@router.get("/healthz")
def healthz():
    """Liveness probe."""
    return {"status": "ok"}


for sub in (workspace, creators, authenticity, brands, campaigns, outreach, content, discovery, lists, portal,
            bids_pages, measurement, planning):
    router.include_router(sub)
