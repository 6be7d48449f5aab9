"""Merge fields in outreach emails: `{{ creator_name }}` and friends, rendered in a sandbox (pure, no I/O)."""

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError

#: Every field a template may use, with what it becomes (shown next to the editor).
MERGE_FIELDS = {
    "creator_name": "the creator's name (or @handle when we have no name)",
    "first_name": "the first word of the creator's name",
    "handle": "the creator's @handle",
    "campaign": "the campaign's name",
    "brand": "the brand's name",
    "fee": "the fee in the latest terms, e.g. £250.00 (empty before terms are proposed)",
    "brief_link": "a link to the campaign brief",
    "sender": "the sender's name",
}

# Autoescape off: these are plain-text emails, not HTML; the sandbox stops templates reaching Python internals.
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


@lru_cache(maxsize=256)
def _compiled(text: str):
    return _ENV.from_string(text)


def check(text: str) -> None:
    """ValueError saying what is wrong when the text is not a valid template or uses an unknown merge field."""
    try:
        parsed = _ENV.parse(text)
    except TemplateSyntaxError as err:
        raise ValueError(f"{err.message} (line {err.lineno})") from None
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(MERGE_FIELDS))
    if unknown:
        raise ValueError(f"unknown merge field {{{{ {unknown[0]} }}}}; use one of " + ", ".join(MERGE_FIELDS))


def render(text: str, values: dict[str, str], field: str) -> str:
    """The text with its merge fields filled in; ValueError naming the field on a bad template."""
    try:
        check(text)
        return _compiled(text).render(**values)
    except (ValueError, UndefinedError, SecurityError, TypeError) as err:
        raise ValueError(f"{field}: {err}") from None
