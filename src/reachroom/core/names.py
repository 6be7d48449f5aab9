"""One Unicode-aware normalisation for names that must be unique per workspace (brands, lists, saved searches)."""

import unicodedata
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Session

# NFKC casefold can grow a name (ß → ss, ﬃ → ffi); four times the longest name is ample.
NAME_KEY_LENGTH = 480


def name_key(name: str) -> str:
    """The key two names clash on: NFKC, casefolded, spaces collapsed (Élan = élan, Straße = STRASSE)."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def name_key_default(context: DefaultExecutionContext) -> str:
    """Column default for Core inserts that bypass the models' `name` validator (e.g. the demo loader)."""
    return name_key(context.get_current_parameters()["name"])


def apply_named_changes(db: Session, row: Any, changes: dict[str, Any], taken: Callable[[str], Exception]) -> None:
    """Set the non-null `changes` on `row` in a savepoint; a unique-name clash that won a race becomes `taken(name)`."""
    from sqlalchemy.exc import IntegrityError

    try:
        with db.begin_nested():
            for key, value in changes.items():
                if value is not None:
                    setattr(row, key, value)
            db.flush()
    except IntegrityError:  # a concurrent rename to the same name won the race
        raise taken(changes.get("name") or row.name) from None
