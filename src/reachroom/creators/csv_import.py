"""Parse and validate a creators CSV: every row checked first, errors with line numbers and fields."""

import csv
import io
import re
from dataclasses import dataclass, field

from reachroom.core.emails import normalise_email
from reachroom.models import PLATFORMS

REQUIRED = ("platform", "handle", "followers")
OPTIONAL = (
    "name", "display_name", "following", "posts_count", "country", "language", "city", "bio",
    "external_url", "is_verified", "is_private", "platform_id", "email",
)
HANDLE_RE = re.compile(r"^[A-Za-z0-9._\-]{1,100}$")
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}
MAX_COUNT = 2_000_000_000


@dataclass
class RowError:
    """One problem: file line (header is line 1), field and message."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class ParsedCsv:
    """Valid rows (with their line numbers), every error, and warnings about the file."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    total_rows: int = 0


def _count(value: str, name: str, line: int, errors: list[RowError], required: bool) -> int | None:
    value = value.strip().replace(",", "").replace("_", "")
    if not value:
        if required:
            errors.append(RowError(line, name, "is required"))
        return None
    if not (value.isascii() and value.isdigit()):  # '²' passes isdigit() but int() refuses it
        errors.append(RowError(line, name, f"{value!r} is not a whole number ≥ 0"))
        return None
    number = int(value)
    if number > MAX_COUNT:
        errors.append(RowError(line, name, f"{number} is implausibly large"))
        return None
    return number


def _flag(value: str, name: str, line: int, errors: list[RowError]) -> bool | None:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False if v else None
    errors.append(RowError(line, name, f"{value!r} is not one of 1/0, true/false, yes/no"))
    return None


def _row(raw: dict[str, str], line: int, errors: list[RowError]) -> dict:
    get = lambda k: (raw.get(k) or "").strip()  # noqa: E731
    out: dict = {}
    platform = get("platform").lower()
    if platform not in PLATFORMS:
        errors.append(RowError(line, "platform", f"{platform or 'empty'!r} is not one of {', '.join(PLATFORMS)}"))
    out["platform"] = platform
    handle = get("handle").lstrip("@")
    if not HANDLE_RE.match(handle):
        errors.append(RowError(line, "handle", f"{handle or 'empty'!r} must be 1–100 letters, digits, '.', '_' or '-'"))
    out["handle"] = handle
    out["followers"] = _count(get("followers"), "followers", line, errors, required=True)
    for name in ("following", "posts_count"):
        out[name] = _count(get(name), name, line, errors, required=False)
    country = get("country").upper()
    if country and not (len(country) == 2 and country.isalpha()):
        errors.append(RowError(line, "country", f"{country!r} is not a 2-letter ISO country code"))
    out["country"] = country or None
    language = get("language").lower()
    if language and not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", language):
        errors.append(RowError(line, "language", f"{language!r} is not a language code such as en or pt-br"))
    out["language"] = language or None
    url = get("external_url")
    if url and not re.match(r"^https?://\S+$", url):
        errors.append(RowError(line, "external_url", f"{url!r} must start with http:// or https://"))
    out["external_url"] = url or None
    email = get("email")
    if email:
        try:
            email = normalise_email(email)
        except ValueError as err:
            errors.append(RowError(line, "email", str(err)))
    out["email"] = email or None
    for name in ("is_verified", "is_private"):
        out[name] = _flag(get(name), name, line, errors)
    for name, limit in (("name", 160), ("display_name", 160), ("city", 80), ("platform_id", 64), ("bio", 2200)):
        value = get(name)
        if len(value) > limit:
            errors.append(RowError(line, name, f"is {len(value)} characters; at most {limit}"))
        out[name] = value or None
    return out


def parse_creators_csv(data: bytes) -> ParsedCsv:
    """Validate every row of a creators CSV; nothing is written here."""
    result = ParsedCsv()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        result.errors.append(RowError(1, "file", f"is not UTF-8 text (byte {err.start})"))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        result.errors.append(RowError(1, "file", "is empty; expected a header row"))
        return result
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(RowError(1, "header", f"missing required column(s): {', '.join(missing)}"))
        return result
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        result.warnings.append(f"ignored unknown column(s): {', '.join(unknown)}")
    reader.fieldnames = header
    seen: dict[tuple[str, str], int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            result.total_rows += 1
            if None in raw:
                result.errors.append(RowError(line, "row", "has more fields than the header"))
                continue
            before = len(result.errors)
            row = _row(raw, line, result.errors)
            key = (row["platform"], row["handle"].lower())
            if key in seen:
                result.errors.append(RowError(line, "handle", f"duplicates line {seen[key]} ({key[0]} @{key[1]})"))
            else:
                seen[key] = line
            if len(result.errors) == before:
                result.rows.append((line, row))
    except csv.Error as err:
        result.errors.append(RowError(reader.line_num, "file", f"malformed CSV: {err}"))
    if result.total_rows == 0 and not result.errors:
        result.errors.append(RowError(2, "file", "has a header but no rows"))
    return result
