"""Application errors that carry their HTTP status and a message a person can act on."""

from dataclasses import dataclass, field


@dataclass
class FieldError:
    """One problem with one input field."""

    field: str
    message: str


@dataclass
class AppError(Exception):
    """An error with a status, a code and an actionable message."""

    status: int
    message: str
    code: str = "error"
    fields: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def not_found(what: str) -> AppError:
    """404 for a row that does not exist in this workspace."""
    return AppError(404, f"{what} not found", "not_found")


def forbidden(message: str = "Your role does not allow this action") -> AppError:
    """403 for an authenticated user without the needed role."""
    return AppError(403, message, "forbidden")


def invalid(field_name: str, message: str) -> AppError:
    """422 naming the field at fault."""
    return AppError(422, f"{field_name}: {message}", "validation_error", [FieldError(field_name, message)])


def conflict(field_name: str, message: str) -> AppError:
    """409 for a duplicate or a state clash, naming the field."""
    return AppError(409, f"{field_name}: {message}", "conflict", [FieldError(field_name, message)])


def error_body(err: AppError) -> dict:
    """The one JSON shape of every 4xx."""
    return {
        "error": {
            "status": err.status,
            "code": err.code,
            "message": err.message,
            "fields": [{"field": f.field, "message": f.message} for f in err.fields],
        }
    }
