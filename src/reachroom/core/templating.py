"""Jinja2 templates with the helpers every page uses."""

from datetime import date, datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from reachroom.core.dates import human_date
from reachroom.core.tenancy import ROLE_RANK
from reachroom.core.vocab import PLATFORM_NAMES, TIER_NAMES

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def compact_number(value: float | None) -> str:
    """12,345 → 12.3k; 1,234,567 → 1.2M."""
    if value is None:
        return "—"
    v = float(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= limit:
            return f"{v / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{int(v):,}" if v == int(v) else f"{v:.1f}"


def percent(value: float | None, digits: int = 2) -> str:
    """0.0234 → 2.34%."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def when(value: datetime | date | str | None) -> str:
    """The one date format of every page: 4 Dec 2026 (datetimes, dates and ISO strings alike)."""
    return human_date(value)


templates.env.filters.update(compact=compact_number, percent=percent, when=when)
# Vocabularies come from the code, so a template never hard-codes a platform, tier or role.
templates.env.globals.update(platform_names=PLATFORM_NAMES, tier_names=TIER_NAMES, role_rank=ROLE_RANK,
                             roles_desc=sorted(ROLE_RANK, key=ROLE_RANK.__getitem__, reverse=True))
