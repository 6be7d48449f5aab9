"""A pure-ASGI middleware that adds the security headers (OWASP ASVS 14.4) to every HTTP response."""

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script and no eval: pages load /static/app.js, htmx and Chart.js; data travels in
# <script type="application/json"> blocks, which are not executed. Inline *style* attributes stay allowed:
# the templates use them for layout, and styles cannot run code.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


# Only over HTTPS (browsers ignore it on plain HTTP); behind a proxy uvicorn takes the scheme from
# X-Forwarded-Proto when the proxy is trusted (FORWARDED_ALLOW_IPS).
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """Adds the headers to each response start, unless the handler already set one of them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = SECURITY_HEADERS + ((HSTS,) if scope.get("scheme") == "https" else ())

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def install(app: Starlette) -> None:
    """Wrap the whole middleware stack, Starlette's server-error handler included, so a 500 carries them too."""
    # app.add_middleware() would sit inside ServerErrorMiddleware, whose 500 responses bypass it.
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build())  # type: ignore[method-assign]  # deliberate wrap
