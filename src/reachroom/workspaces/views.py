"""HTML pages: login, logout, workspace switch, settings (members, invitations, API tokens), invitation links."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from reachroom.config import get_settings
from reachroom.core.deps import DB, SESSION_COOKIE, PageAuth, optional_page_auth, page_auth, page_write
from reachroom.core.errors import AppError, field_errors
from reachroom.core.forms import recover_form
from reachroom.core.security import new_token, same_secret
from reachroom.core.templating import templates
from reachroom.core.types import MAX_ID, Id
from reachroom.workspaces import service
from reachroom.workspaces.api import accept_url
from reachroom.workspaces.schemas import MemberInvite

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "rr_login_csrf"


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so a login link can't bounce users elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/creators"


@router.get("/login")
def login_form(request: Request, next: str | None = None):
    """The login page; sets a double-submit CSRF cookie."""
    token = new_token("l_")
    resp = templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "csrf": token})
    resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return resp


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/creators"),
    db: Session = DB,
):
    """Check credentials, start a session and go where the user was heading."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    ctx = {"next": _safe_next(next), "csrf": cookie or new_token("l_"), "email": email}
    if not cookie or not csrf_token or not same_secret(cookie, csrf_token):
        return templates.TemplateResponse(request, "login.html", {**ctx, "error": "The form expired; try again."},
                                          status_code=403)
    ip = request.client.host if request.client else ""
    try:
        user = service.authenticate(db, email.strip(), password, ip)
        raw, _ = service.start_session(db, user, service.default_workspace_id(db, user))
    except AppError as err:
        # The failed attempt must be stored even though we answer with an error page.
        db.commit()
        resp = templates.TemplateResponse(request, "login.html", {**ctx, "error": err.message},
                                          status_code=err.status)
        if isinstance(err, service.RateLimited):
            resp.headers["Retry-After"] = str(err.retry_after)
        return resp
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(
        SESSION_COOKIE, raw, httponly=True, samesite="lax", secure=get_settings().secure_cookies,
        max_age=get_settings().session_days * 86400,
    )
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout")
def logout(request: Request, page: PageAuth = Depends(page_write), db: Session = DB):
    """End the session."""
    service.end_session(db, request.cookies.get(SESSION_COOKIE, ""))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.post("/workspace/switch")
def switch_workspace(
    workspace_id: Annotated[int, Form(ge=1, le=MAX_ID)], page: PageAuth = Depends(page_write), db: Session = DB
):
    """Point the session at another of the user's workspaces."""
    service.switch_workspace(db, page.session.id, workspace_id)
    return RedirectResponse("/creators", status_code=303)


def _settings_page(request: Request, page: PageAuth, db: Session, **extra):
    ctx = page.ctx
    data = {
        "auth": page, "me": service.me(db, ctx), "members": service.list_members(db, ctx),
        "invitations": service.list_invitations(db, ctx) if ctx.can("admin") else [],
        "tokens": service.list_tokens(db, ctx), "active": "settings",
        # "Try it" shows the address this browser used, not a guessed host and port.
        "base_url": str(request.base_url).rstrip("/"), **extra,
    }
    return templates.TemplateResponse(request, "settings.html", data, status_code=extra.get("status", 200))


@router.get("/settings")
def settings_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB):
    """Members with roles and API tokens."""
    return _settings_page(request, page, db)


@router.post("/settings/tokens")
def create_token(
    request: Request, name: str = Form(""), page: PageAuth = Depends(page_write), db: Session = DB
):
    """Create a token and show its secret once."""
    try:
        _, raw = service.create_token(db, page.ctx, name)
    except AppError as err:
        return _settings_page(request, page, db, error=err.message, status=err.status)
    notice = "Token created: copy it now, it won't be shown again."
    return _settings_page(request, page, db, new_token=raw, notice=notice)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(token_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Revoke a token."""
    service.revoke_token(db, page.ctx, token_id)
    return RedirectResponse("/settings", status_code=303)


@router.post("/settings/invitations")
def invite_member(
    request: Request,
    email: str = Form(""),
    role: str = Form("member"),
    page: PageAuth = Depends(page_write),
    db: Session = DB,
):
    """Invite someone by email (admins and owners) and show the link to send them, once."""
    try:
        data = MemberInvite(email=email, role=role)
        row, raw = service.invite_member(db, page.ctx, data.email, data.role)
    except ValidationError as err:
        return _settings_page(request, page, db, error=str(field_errors(err.errors())[0]), status=422)
    except AppError as err:
        recover_form(db, err, reraise=())
        return _settings_page(request, page, db, error=err.message, status=err.status)
    return _settings_page(request, page, db, invite_link=accept_url(request, raw), invite_email=row.email,
                          invite_expires=row.expires_at)


@router.post("/settings/invitations/{invitation_id}/revoke")
def revoke_invitation(invitation_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Withdraw a pending invitation."""
    service.revoke_invitation(db, page.ctx, invitation_id)
    return RedirectResponse("/settings", status_code=303)


def _invitation_page(request: Request, db: Session, token: str, page: PageAuth | None, **extra):
    inv = service.open_invitation(db, token)
    csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token("l_")
    data = {"invitation": inv, "token": token, "auth": page, "csrf": csrf,
            "has_account": service.invitee_has_account(db, inv), **extra}
    resp = templates.TemplateResponse(request, "invitation.html", data, status_code=extra.pop("status", 200))
    resp.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return resp


@router.get("/invitations/{token}")
def invitation_page(request: Request, token: str, page: PageAuth | None = Depends(optional_page_auth),
                    db: Session = DB):
    """An invitation link: accept when logged in as the invited email, else log in or create the account."""
    return _invitation_page(request, db, token, page)


@router.post("/invitations/{token}/accept")
def accept_invitation(request: Request, token: str, page: PageAuth = Depends(page_write), db: Session = DB):
    """Join the workspace and switch this session to it."""
    try:
        member = service.accept_invitation(db, token, page.ctx.user_id)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _invitation_page(request, db, token, page, error=err.message, status=err.status)
    service.switch_workspace(db, page.session.id, member.workspace_id)
    return RedirectResponse("/creators", status_code=303)


@router.post("/invitations/{token}/signup")
def signup_and_accept(
    request: Request,
    token: str,
    name: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    db: Session = DB,
):
    """Create the invited person's account with their own password, join, and log them in."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not csrf_token or not same_secret(cookie, csrf_token):
        return _invitation_page(request, db, token, None, error="The form expired; try again.", status=403)
    try:
        user, member = service.accept_as_new_user(db, token, name, password)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _invitation_page(request, db, token, None, error=err.message, status=err.status, name=name)
    raw, _ = service.start_session(db, user, member.workspace_id)
    resp = RedirectResponse("/creators", status_code=303)
    resp.set_cookie(
        SESSION_COOKIE, raw, httponly=True, samesite="lax", secure=get_settings().secure_cookies,
        max_age=get_settings().session_days * 86400,
    )
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/settings/members/{membership_id}/role")
def change_role(
    request: Request, membership_id: Id, role: str = Form(...), page: PageAuth = Depends(page_write),
    db: Session = DB,
):
    """Change a member's role."""
    try:
        service.change_role(db, page.ctx, membership_id, role)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _settings_page(request, page, db, error=err.message, status=err.status)
    return RedirectResponse("/settings", status_code=303)


@router.post("/settings/members/{membership_id}/remove")
def remove_member(
    request: Request, membership_id: Id, page: PageAuth = Depends(page_write), db: Session = DB
):
    """Remove a member."""
    try:
        service.remove_member(db, page.ctx, membership_id)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _settings_page(request, page, db, error=err.message, status=err.status)
    return RedirectResponse("/settings", status_code=303)
