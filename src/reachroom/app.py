"""create_app(): settings, database, routers, static files and error handlers."""

import gc
import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from reachroom import __version__
from reachroom.authenticity.api import router as authenticity_api
from reachroom.brands.api import router as brands_api
from reachroom.campaigns.api import router as campaigns_api
from reachroom.campaigns.gifting.api import router as gifting_api
from reachroom.campaigns.gifting.views import router as gifting_pages
from reachroom.config import get_settings
from reachroom.content.api import router as content_api
from reachroom.core import headers
from reachroom.core.apidocs import router as api_docs
from reachroom.core.deps import LoginRequired
from reachroom.core.errors import ERROR_RESPONSES, AppError, FieldError, describe, error_body, field_errors
from reachroom.core.limits import BodySizeLimit
from reachroom.core.templating import templates
from reachroom.creators.api import router as creators_api
from reachroom.db import get_engine
from reachroom.demo.prepare import banner_for_page
from reachroom.discovery.api import router as discovery_api
from reachroom.discovery.lists.api import router as lists_api
from reachroom.measurement.api import brand_results_router as brand_results_api
from reachroom.measurement.api import emv_router as emv_api
from reachroom.measurement.api import router as measurement_api
from reachroom.measurement.api import sales_router as sales_api
from reachroom.outreach.api import router as outreach_api
from reachroom.planning.api import router as planning_api
from reachroom.portal import notifications as _creator_notifications  # noqa: F401 (subscribes to campaign events)
from reachroom.portal import tasks as _portal_tasks  # noqa: F401 subscribes to publications (brand fits)
from reachroom.portal.api import router as creator_api
from reachroom.portal.brand_api import claims_router as claims_api
from reachroom.portal.brand_api import router as bids_api
from reachroom.portal.deps import CreatorLoginRequired
from reachroom.views import router as pages
from reachroom.workspaces import service as workspaces_service
from reachroom.workspaces.api import router as workspace_api

STATIC_DIR = Path(__file__).resolve().parent / "static"
log = logging.getLogger("reachroom")


def create_app(engine: Engine | None = None) -> FastAPI:
    """The web application: pages under /, JSON under /api/v1, OpenAPI at /docs."""
    settings = get_settings()
    app = FastAPI(
        title="Reachroom API", version=__version__, docs_url=None, redoc_url=None,
        description="Find, vet, plan, run and measure micro-influencer campaigns. "
        "Authenticate with `Authorization: Bearer <token>`; every 4xx has one shape: "
        "`{error: {status, code, message, fields: [{field, message}]}}`.",
        responses=ERROR_RESPONSES,
    )
    app.state.engine = engine or get_engine()
    app.state.auth = workspaces_service  # core.deps resolves sessions and tokens through it
    templates.env.globals["demo_banner"] = banner_for_page  # "Preparing demo data: …" while the jobs run
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in (workspace_api, creators_api, authenticity_api, brands_api, campaigns_api, content_api, discovery_api,
                   lists_api, outreach_api, bids_api, claims_api, creator_api, measurement_api, emv_api,
                   brand_results_api, sales_api, planning_api, api_docs, pages):
        app.include_router(router)
    app.include_router(gifting_api)
    app.include_router(gifting_pages)
    _install_error_handlers(app)
    # drafts with images and videos: the draft form and the media upload take up to REACHROOM_MAX_UPLOAD_BYTES
    # (plus room for the form's other fields)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes + 65536,
                       upload_paths=r"/(api/v1/)?campaigns/\d+/creators/\d+/submissions(/\d+/media)?"
                                    r"|/portal/campaigns/\d+/drafts|/api/v1/portal/campaigns/\d+/drafts/\d+/media")
    headers.install(app)
    return app


def settle_heap() -> None:
    """Collect once, then keep everything alive so far (modules, templates, models) out of the collector's sight.

    A server keeps these objects for good; without this, every ~10th request paid a ~140 ms full collection
    that walked them all (benchmarks/bench_campaigns.py, 500 creators: board p95 194 → 80 ms)."""
    gc.collect()
    gc.freeze()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _respond(request: Request, err: AppError):
    if _wants_json(request):
        return JSONResponse(error_body(err), status_code=err.status)
    page = getattr(request.state, "page_auth", None)
    return templates.TemplateResponse(
        request, "error.html", {"error": err, "auth": page}, status_code=err.status
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError):
        return _respond(request, exc)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(CreatorLoginRequired)
    async def creator_login_required(request: Request, exc: CreatorLoginRequired):
        return RedirectResponse("/portal/login", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        fields = field_errors(exc.errors(), request=True)
        message = describe(fields[:5]) or "Invalid input"
        return _respond(request, AppError(422, message, "validation_error", fields))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "error")
        return _respond(request, AppError(exc.status_code, str(exc.detail), code))

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError):
        # The input passed validation but the database refuses it, e.g. a NUL character in text on PostgreSQL.
        log.warning("Database refused a value on %s %s: %s", request.method, request.url.path, exc.orig)
        nul = "NUL" in str(exc.orig)
        message = ("Text must not contain NUL (\\0) characters" if nul
                   else "A value is out of the range the database can store")
        return _respond(request, AppError(422, message, "validation_error", [FieldError("body", message)]))

    # Starlette runs this handler in its outermost middleware and then re-raises, so the server logs it too.
    app.add_exception_handler(Exception, _unexpected)


def _unexpected(request: Request, exc: Exception):
    """Any uncaught error: logged with its traceback, answered as a 500 in the one error shape (JSON or page)."""
    log.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(request, AppError(500, "Something went wrong on our side; it has been logged.", "server_error"))
