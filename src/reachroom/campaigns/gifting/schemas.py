"""Pydantic shapes for products, shipments and the tracking import."""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.campaigns.schemas import MAX_BUDGET
from reachroom.core.types import IdField, UtcDatetime

ShipmentStatus = Literal["pending", "shipped", "delivered", "returned", "lost"]
#: who may read a shipping address (and export the fulfilment CSV): members and above; viewers never
ADDRESS_ROLE = "member"
MAX_VARIANTS = 50


def money(v: Decimal) -> Decimal:
    """A non-negative amount with at most two decimals."""
    if not v.is_finite() or v < 0 or v > MAX_BUDGET:
        raise ValueError(f"must be between 0 and {MAX_BUDGET:,}")
    if v != v.quantize(Decimal("0.01")):
        raise ValueError("at most two decimal places")
    return v


class ProductIn(BaseModel):
    """A product to gift: name, SKU, variants (sizes, shades…) and value per unit."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    sku: str = Field(min_length=1, max_length=64, description="The fulfilment house's stock code")
    variants: list[str] = Field(default_factory=list, max_length=MAX_VARIANTS)
    value: Decimal = Field(default=Decimal(0), description="Value per unit, in the campaign's currency")

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: list[str]) -> list[str]:
        out = list(dict.fromkeys(x.strip() for x in v if x.strip()))
        if any(len(x) > 80 for x in out):
            raise ValueError("a variant is at most 80 characters")
        return out

    @field_validator("value")
    @classmethod
    def _value(cls, v: Decimal) -> Decimal:
        return money(v)


class ProductOut(BaseModel):
    """A campaign's product and how many shipments send it."""

    id: int
    campaign_id: int
    name: str
    sku: str
    variants: list[str]
    value: Decimal
    currency: str
    shipments: int
    created_at: UtcDatetime


class Address(BaseModel):
    """Where a gift goes (personal data: stored encrypted, shown to members and above only)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    recipient: str = Field(min_length=1, max_length=120)
    line1: str = Field(min_length=1, max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(min_length=1, max_length=100)
    postcode: str = Field(default="", max_length=20)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2, e.g. GB")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        v = v.upper()
        if not (v.isascii() and v.isalpha()):
            raise ValueError("an ISO 3166-1 alpha-2 code such as GB")
        return v


class ShipmentIn(BaseModel):
    """Ship a gift to a creator: product, variant, address; with a tracking number it is shipped at once."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    product_id: IdField
    variant: str = Field(default="", max_length=80)
    address: Address
    carrier: str = Field(default="", max_length=40)
    tracking_number: str = Field(default="", max_length=80)
    shipping_cost: Decimal = Field(default=Decimal(0), description="In the product's currency")

    @field_validator("shipping_cost")
    @classmethod
    def _cost(cls, v: Decimal) -> Decimal:
        return money(v)


class ShipmentMove(BaseModel):
    """Move a shipment to another status (shipping needs a tracking number); `version` is the one you read."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    status: ShipmentStatus
    version: int = Field(ge=1, le=2**31 - 1)
    carrier: str | None = Field(default=None, max_length=40)
    tracking_number: str | None = Field(default=None, max_length=80)


class ShipmentOut(BaseModel):
    """A gift to a creator. `address` is null for viewers (`address_state` says why)."""

    id: int
    campaign_creator_id: int
    handle: str
    product_id: int
    product_name: str
    sku: str
    variant: str
    status: ShipmentStatus
    allowed_moves: list[str]
    carrier: str
    tracking_number: str
    shipped_at: UtcDatetime | None
    delivered_at: UtcDatetime | None
    product_value: Decimal
    shipping_cost: Decimal
    currency: str
    address: Address | None
    address_state: Literal["shown", "hidden", "erased", "unreadable"] = Field(
        description="hidden: your role may not see addresses; erased: removed on request; unreadable: stored "
                    "with another secret key")
    address_erased_at: UtcDatetime | None
    version: int
    created_at: UtcDatetime
    updated_at: UtcDatetime


class ImportResult(BaseModel):
    """What a tracking import did (all rows, or nothing when any row was wrong)."""

    updated: int
    shipped: int = Field(description="Shipments that moved to Shipped with this import")
    shipment_ids: list[int]
