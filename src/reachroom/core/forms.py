"""The one way a form view handles an application error: re-raise what belongs on the error page, else roll back."""

from collections.abc import Container

from sqlalchemy.orm import Session

from reachroom.core.errors import AppError


def recover_form(db: Session, err: AppError, reraise: Container[int] = (403, 404)) -> None:
    """Let statuses in `reraise` reach the error page; otherwise roll back the request's writes so the view can
    show the form again with `err.message` (nothing half-saved)."""
    if err.status in reraise:
        raise err
    db.rollback()
