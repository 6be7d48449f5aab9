"""Bounded input types and timezone-aware output times shared by every router and schema."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field

# Ids are BIGINT on PostgreSQL and INTEGER (64-bit) on SQLite: larger values would overflow the driver (a 500).
MAX_ID = 2**63 - 1
# Counts such as followers live in INTEGER columns (32-bit on PostgreSQL): a bigger filter would overflow the driver.
# Still about three times the largest account on any platform.
MAX_COUNT = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive id")]
IdQuery = Annotated[int, Query(ge=1, le=MAX_ID)]
OptionalIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are stored as UTC (SQLite drops the offset): say so, so JSON carries '+00:00'."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]



def parse_id(text: str, field: str) -> int:
    """One id typed by a person or a form ('12'): a 422 naming the field for anything else or anything too big."""
    from reachroom.core.errors import invalid

    text = text.strip()
    # isascii: '²' and '١' pass isdigit() but are not ids; the bound keeps the database driver from overflowing.
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        raise invalid(field, f"{text[:20]!r} is not an id")
    return int(text)
