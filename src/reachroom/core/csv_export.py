"""Cells of the CSV exports as a person reads them: no float noise, safe from spreadsheet formulas, absolute links.

Spreadsheets read "4.12%" as the number 0.0412 shown as a percent, so rates keep their meaning and lose the
noise (0.0412000012 → 4.12%); counts are whole numbers; links carry the server's address so they open from a
downloaded file.
"""

import math

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _blank(value: float) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def percent_cell(fraction: float | None, digits: int = 2) -> str:
    """0.0412 → '4.12%'; '' when unknown."""
    return "" if fraction is None or _blank(fraction) else f"{fraction * 100:.{digits}f}%"


def number_cell(value: float | None, digits: int = 0) -> str:
    """6300.0 → '6300'; 0.75791 → '0.76' with digits=2; '' when unknown."""
    if value is None or _blank(value):
        return ""
    return str(int(round(value))) if digits == 0 else f"{value:.{digits}f}"


def absolute_url(base_url: str, path: str) -> str:
    """'/creators/12' on 'https://rr.example.com/' → 'https://rr.example.com/creators/12'."""
    if not base_url or path.startswith(("http://", "https://")):
        return path
    return base_url.rstrip("/") + "/" + path.lstrip("/")
