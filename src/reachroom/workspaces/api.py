"""JSON API: the caller, API tokens, members and invitations."""

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.workspaces import service
from reachroom.workspaces.schemas import (
    InvitationAccept,
    InvitationCreated,
    InvitationOut,
    MemberInvite,
    MemberOut,
    MeOut,
    Role,
    TokenCreate,
    TokenCreated,
    TokenOut,
)

router = APIRouter(prefix="/api/v1", tags=["workspace"])


def _member_out(m) -> MemberOut:
    return MemberOut(id=m.id, user_id=m.user_id, email=m.user.email, name=m.user.name, role=m.role)


@router.get("/me", response_model=MeOut)
def get_me(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Who you are and in which workspace."""
    return service.me(db, ctx)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Your API tokens (all of the workspace's for admins)."""
    return service.list_tokens(db, ctx)


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Create a token; its secret is in this response only."""
    row, raw = service.create_token(db, ctx, body.name)
    return TokenCreated(**TokenOut.model_validate(row).model_dump(), token=raw)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Revoke a token."""
    return service.revoke_token(db, ctx, token_id)


@router.get("/members", response_model=list[MemberOut])
def list_members(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Members of the workspace and their roles."""
    return [_member_out(m) for m in service.list_members(db, ctx)]


def accept_url(request: Request, raw: str) -> str:
    """The invitation link at the address the inviter used to reach this server."""
    return f"{str(request.base_url).rstrip('/')}/invitations/{raw}"


@router.get("/invitations", response_model=list[InvitationOut])
def list_invitations(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Pending invitations (admins and owners)."""
    return service.list_invitations(db, ctx)


@router.post("/invitations", response_model=InvitationCreated, status_code=201)
def invite_member(
    request: Request, body: MemberInvite, ctx: WorkspaceContext = Depends(api_context), db: Session = DB
):
    """Invite someone by email (admins and owners); they join when they accept the link, shown only here."""
    row, raw = service.invite_member(db, ctx, body.email, body.role)
    return InvitationCreated(**InvitationOut.model_validate(row).model_dump(), accept_url=accept_url(request, raw))


@router.delete("/invitations/{invitation_id}", status_code=204)
def revoke_invitation(invitation_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Withdraw a pending invitation (admins and owners)."""
    service.revoke_invitation(db, ctx, invitation_id)


@router.post("/invitations/accept", response_model=MemberOut)
def accept_invitation(body: InvitationAccept, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Accept an invitation sent to your email: you join its workspace with its role."""
    return _member_out(service.accept_invitation(db, body.token, ctx.user_id))


class RoleChange(BaseModel):
    """New role for a member."""

    model_config = ConfigDict(extra="forbid")
    role: Role


@router.patch("/members/{membership_id}", response_model=MemberOut)
def change_role(
    membership_id: Id, body: RoleChange, ctx: WorkspaceContext = Depends(api_context), db: Session = DB
):
    """Change a member's role (admins and owners)."""
    return _member_out(service.change_role(db, ctx, membership_id, body.role))


@router.delete("/members/{membership_id}", status_code=204)
def remove_member(membership_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Remove a member (admins and owners)."""
    service.remove_member(db, ctx, membership_id)
