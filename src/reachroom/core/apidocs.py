"""The interactive API docs at /docs, served entirely from the package (no CDN, no inline script)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

# swagger-ui-dist, vendored by scripts/vendor_static.sh; the page's only script of its own is a static file,
# so the Content-Security-Policy needs neither 'unsafe-inline' nor a CDN.
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} · API docs</title>
  <link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
  <script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/static/swagger-init.js"></script>
</body>
</html>
"""


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for this app's OpenAPI schema."""
    app = request.app
    return HTMLResponse(PAGE.format(title=app.title, openapi_url=app.openapi_url))
