"""Request dependencies: the DB session (one transaction per request) and the workspace context."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from reachroom.core.errors import AppError
from reachroom.core.security import same_secret
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import new_session

SESSION_COOKIE = "rr_session"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed when the handler succeeds, rolled back otherwise."""
    db = new_session(request.app.state.engine)
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


# Commit before the response is sent, so a client never reads a row that is not yet committed.
DB = Depends(get_db, scope="function")


class Authenticator(Protocol):
    """Resolves sessions and tokens; create_app() sets ``app.state.auth`` (the workspaces service), so core
    imports no domain."""

    def session_context(self, db: Session, raw: str) -> tuple[WorkspaceContext, Any] | None: ...

    def token_context(self, db: Session, raw: str) -> WorkspaceContext | None: ...

    def me(self, db: Session, ctx: WorkspaceContext) -> dict: ...


def _auth(request: Request) -> Authenticator:
    return request.app.state.auth


class LoginRequired(Exception):
    """Raised by page dependencies; the app redirects to the login page."""


@dataclass(frozen=True)
class SessionInfo:
    """Plain values of a browser session, safe to use after the DB session closes (e.g. in error pages)."""

    id: int
    csrf_token: str


@dataclass(frozen=True)
class PageAuth:
    """A logged-in browser: context, session values and names for the page header."""

    ctx: WorkspaceContext
    session: SessionInfo
    workspace_name: str
    user_email: str


def _session_auth(request: Request, db: Session) -> PageAuth | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    auth = _auth(request)
    found = auth.session_context(db, raw)
    if not found:
        return None
    ctx, row = found
    names = auth.me(db, ctx)
    return PageAuth(ctx, SessionInfo(row.id, row.csrf_token), names["workspace_name"], names["email"])


def api_context(request: Request, db: Session = DB) -> WorkspaceContext:
    """API callers: a Bearer token, or a browser session plus the X-CSRF-Token header on writes."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        ctx = _auth(request).token_context(db, header[7:].strip())
        if ctx is None:
            raise AppError(401, "The API token is unknown or revoked", "unauthorized")
        return ctx
    page = _session_auth(request, db)
    if page is None:
        raise AppError(401, "Send 'Authorization: Bearer <token>' (create one in Settings or with the CLI)",
                       "unauthorized")
    if request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token", "")
        if not sent or not same_secret(sent, page.session.csrf_token):
            raise AppError(403, "Missing or wrong X-CSRF-Token header", "csrf")
    return page.ctx


def optional_page_auth(request: Request, db: Session = DB) -> PageAuth | None:
    """Public pages that adapt to a logged-in browser (e.g. an invitation link): the session, or None."""
    page = _session_auth(request, db)
    request.state.page_auth = page
    return page


def page_auth(request: Request, db: Session = DB) -> PageAuth:
    """Browser pages: a valid session cookie, else a redirect to the login page."""
    page = _session_auth(request, db)
    if page is None:
        raise LoginRequired()
    request.state.page_auth = page
    return page


async def page_write(request: Request, page: PageAuth = Depends(page_auth)) -> PageAuth:
    """Form posts: the session's CSRF token must come back in the form or header."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        sent = str(form.get("csrf_token", ""))
    if not sent or not same_secret(sent, page.session.csrf_token):
        raise AppError(403, "This form expired; reload the page and try again", "csrf")
    return page
