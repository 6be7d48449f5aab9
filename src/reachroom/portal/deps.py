"""The portal's own login check: the creator cookie only (a brand session is not a creator session, and brand
routes never read this cookie)."""

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from reachroom.core.deps import DB
from reachroom.core.errors import AppError
from reachroom.core.security import same_secret
from reachroom.portal import service
from reachroom.portal.service import CreatorAuth

CREATOR_COOKIE = "rr_creator"


class CreatorLoginRequired(Exception):
    """No creator session: the portal's pages send the browser to the portal's login."""


def creator_auth(request: Request, db: Session = DB) -> CreatorAuth:
    """A logged-in creator, else a redirect to /portal/login."""
    found = service.session_auth(db, request.cookies.get(CREATOR_COOKIE, ""))
    if found is None:
        raise CreatorLoginRequired()
    return found


async def creator_write(request: Request, auth: CreatorAuth = Depends(creator_auth)) -> CreatorAuth:
    """Form posts: the session's CSRF token must come back in the form."""
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if not sent or not same_secret(sent, auth.csrf_token):
        raise AppError(403, "This form expired; reload the page and try again", "csrf")
    return auth


UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def creator_api(request: Request, db: Session = DB) -> CreatorAuth:
    """Portal API callers: a creator's bearer token (`rrc_…`), or the portal session plus the X-CSRF-Token header
    on writes. A workspace token or session is no creator login: 401."""
    from reachroom.portal import tokens  # tokens imports the service this module's callers use

    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = tokens.token_auth(db, header[7:].strip())
        if found is None:
            raise AppError(401, "The creator API token is unknown or revoked (create one in your portal)",
                           "unauthorized")
        return found
    session = service.session_auth(db, request.cookies.get(CREATOR_COOKIE, ""))
    if session is None:
        raise AppError(401, "Send 'Authorization: Bearer rrc_…' (create a token in your portal)", "unauthorized")
    if request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token", "")
        if not sent or not same_secret(sent, session.csrf_token):
            raise AppError(403, "Missing or wrong X-CSRF-Token header", "csrf")
    return session
