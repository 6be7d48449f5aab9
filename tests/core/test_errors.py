"""Validation problems in plain words: the one error shape says what a person must change, not pydantic's terms."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.errors import AppError, validated


class Offer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fee: Decimal = Field(ge=0, decimal_places=2)
    count: int = Field(default=1, ge=1, le=5)
    name: str = Field(default="x", min_length=1, max_length=5000)
    starts_on: date | None = None
    goal: str = "reach"

    @field_validator("goal")
    @classmethod
    def _goal(cls, v: str) -> str:
        if v not in ("reach", "sales"):
            raise ValueError("choose reach or sales")
        return v


@pytest.mark.parametrize("values, field, message", [
    ({"fee": "-1"}, "fee", "must be at least 0"),
    ({"fee": "abc"}, "fee", "must be a number, such as 250 or 250.50"),
    ({"fee": "1.234"}, "fee", "at most 2 decimal places"),
    ({}, "fee", "required"),
    ({"fee": "1", "count": "1.5"}, "count", "must be a whole number"),
    ({"fee": "1", "count": 9}, "count", "must be at most 5"),
    ({"fee": "1", "name": ""}, "name", "required"),
    ({"fee": "1", "name": "x" * 5001}, "name", "at most 5,000 characters"),
    ({"fee": "1", "starts_on": "31/12/2026"}, "starts_on", "must be a date, such as 2026-12-31"),
    ({"fee": "1", "colour": "red"}, "colour", "not something this form or request accepts"),
    ({"fee": "1", "goal": "fame"}, "goal", "choose reach or sales"),  # a validator's own words, unprefixed
])
def test_problems_read_as_plain_words(values, field, message):
    with pytest.raises(AppError) as caught:
        validated(Offer, values)
    fields = {f.field: f.message for f in caught.value.fields}
    assert fields[field] == message
    assert "Input should" not in caught.value.message and "Value error" not in caught.value.message
