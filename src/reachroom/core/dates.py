"""The one date format people see on every page, chart and sentence: "4 Dec 2026"."""

from datetime import date, datetime


def human_date(value: datetime | date | str | None) -> str:
    """4 Dec 2026 (a datetime, a date or an ISO string; '—' when there is none)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        value = parsed
    return f"{value.day} {value:%b %Y}"
