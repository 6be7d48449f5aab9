"""The workspace context: the one way repositories learn whose data they may touch."""

from dataclasses import dataclass

from reachroom.core.errors import forbidden

ROLE_RANK = {"viewer": 0, "member": 1, "admin": 2, "owner": 3}


@dataclass(frozen=True)
class WorkspaceContext:
    """Who is acting, in which workspace, with which role."""

    workspace_id: int
    user_id: int
    role: str

    @property
    def actor_id(self) -> int | None:
        """The user to record as having done something: None for user 0, the creator acting in the portal."""
        return self.user_id or None

    def can(self, min_role: str) -> bool:
        """True when the role is at least min_role."""
        return ROLE_RANK[self.role] >= ROLE_RANK[min_role]

    def require(self, min_role: str) -> None:
        """Raise 403 unless the role is at least min_role."""
        if not self.can(min_role):
            raise forbidden(f"This needs the {min_role} role or higher; you are {self.role}")

    def require_write(self) -> None:
        """Viewers read; members and above write."""
        self.require("member")
