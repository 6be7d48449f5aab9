"""Application errors that carry their HTTP status and a message a person can act on."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)
#: where FastAPI says a request value came from; not part of the field's name
SOURCES = ("body", "query", "path", "header", "cookie")


@dataclass
class FieldError:
    """One problem with one input field."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


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


def require_version(read: int, current: int) -> None:
    """409 on `base_version` when a newer version of a versioned table was saved since `read` was read."""
    if read != current:
        raise conflict("base_version", f"version {current} was saved since you read version {read}; "
                                       "reload and make your change again")


def error_body(err: AppError) -> dict[str, object]:
    """The one JSON shape of every error (4xx and 5xx)."""
    return {
        "error": {
            "status": err.status,
            "code": err.code,
            "message": err.message,
            "fields": [{"field": f.field, "message": f.message} for f in err.fields],
        }
    }


class FieldErrorOut(BaseModel):
    """One problem with one input field (OpenAPI shape)."""

    field: str
    message: str


class ErrorDetailOut(BaseModel):
    """status, code, message and the fields at fault."""

    status: int
    code: str
    message: str
    fields: list[FieldErrorOut]


class ErrorOut(BaseModel):
    """The one JSON shape of every error under /api/."""

    error: ErrorDetailOut


_ERROR_MEANING = {
    400: "The body could not be read (not JSON, or not UTF-8)", 401: "No or an unknown API token",
    403: "Your role does not allow this action",
    404: "Not found in this workspace", 409: "A duplicate or a state clash, naming the field",
    413: "Request body too large", 422: "Invalid input, naming each field at fault",
}
# Declared on every API operation, so clients (and the schema-driven tests) know each error's shape.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorOut, "description": text} for status, text in _ERROR_MEANING.items()
}


def field_errors(errors: Iterable[Mapping[str, Any]], *, prefix: str = "", default: str = "input",
                 request: bool = False) -> list[FieldError]:
    """Pydantic's error dicts → the one error shape: a FieldError per problem, named by its dotted path.

    `prefix` names the enclosing field ("query" → "query.brand_id"); `default` names a problem with no location
    (a cross-field rule); `request` drops FastAPI's leading source ("body", "query", …) from the path."""
    out = []
    for e in errors:
        loc, fallback = list(e["loc"]), default
        if request and loc and loc[0] in SOURCES:
            fallback, loc = str(loc[0]), loc[1:]  # a problem with the whole body is named "body"
        path = ".".join(str(p) for p in [prefix, *loc] if p != "")
        out.append(FieldError(path or fallback, plain_message(e)))
    return out


# pydantic's wording for the common problems, said the way a person filling a form reads it
_PLAIN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda c: "required",
    "greater_than_equal": lambda c: f"must be at least {c['ge']}",
    "greater_than": lambda c: f"must be more than {c['gt']}",
    "less_than_equal": lambda c: f"must be at most {c['le']}",
    "less_than": lambda c: f"must be less than {c['lt']}",
    "decimal_parsing": lambda c: "must be a number, such as 250 or 250.50",
    "float_parsing": lambda c: "must be a number, such as 2.5",
    "int_parsing": lambda c: "must be a whole number",
    "int_from_float": lambda c: "must be a whole number",
    "decimal_max_places": lambda c: f"at most {c['decimal_places']} decimal places",
    "string_too_short": lambda c: "required" if c.get("min_length") == 1 else f"at least {c['min_length']} characters",
    "string_too_long": lambda c: f"at most {c['max_length']:,} characters",
    "extra_forbidden": lambda c: "not something this form or request accepts",
    "date_from_datetime_parsing": lambda c: "must be a date, such as 2026-12-31",
    "date_parsing": lambda c: "must be a date, such as 2026-12-31",
    "datetime_parsing": lambda c: "must be a date and time, such as 2026-12-31T09:00",
    "datetime_from_date_parsing": lambda c: "must be a date and time, such as 2026-12-31T09:00",
}


def plain_message(e: Mapping[str, Any]) -> str:
    """One pydantic problem in plain words (a validator's own message as written, without pydantic's prefix)."""
    plain = _PLAIN.get(str(e.get("type", "")))
    if plain is not None:
        try:
            return plain(e.get("ctx") or {})
        except (KeyError, TypeError, ValueError):
            pass  # an unexpected context: pydantic's own words below
    return str(e["msg"]).removeprefix("Value error, ").replace("Input should be", "should be")


def describe(fields: Iterable[FieldError]) -> str:
    """'field: problem; other: problem' — the one-line message for a list of field errors."""
    return "; ".join(str(f) for f in fields)


def validated(model: type[Model], values: Mapping[str, Any], default: str = "input") -> Model:
    """`model(**values)`, or the app's 422 naming every field at fault."""
    try:
        return model(**values)
    except ValidationError as err:
        fields = field_errors(err.errors(), default=default)
        raise AppError(422, describe(fields), "validation_error", fields) from None
