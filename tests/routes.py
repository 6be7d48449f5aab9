"""Every route of the app as (method, path), walked from the app itself so new routes are tested without new code."""

from functools import cache

CREATOR_REALM = ("/portal", "/api/v1/portal")  # the creator portal's pages and API: a realm of its own
# a shop's signed webhooks: no session or token, the signature (HMAC of the body under the shop's secret) is the key
SIGNED_WEBHOOKS = ("/api/v1/webhooks/",)


@cache
def app_routes() -> tuple[tuple[str, str], ...]:
    """(method, full path) for every route, HEAD and OPTIONS left out."""
    from sqlalchemy import create_engine

    from reachroom.app import create_app

    out = set()
    # The route table doesn't touch the database, so an in-memory engine will do.
    for route in create_app(create_engine("sqlite://")).routes:
        # Included routers are resolved lazily by this FastAPI; their effective routes carry full paths.
        expand = getattr(route, "effective_route_contexts", None)
        for sub in expand() if expand else [route]:
            for method in (getattr(sub, "methods", None) or set()) - {"HEAD", "OPTIONS"}:
                out.add((method, sub.path))
    return tuple(sorted(out))
