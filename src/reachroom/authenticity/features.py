"""Follower-sample parsing and feature extraction (pure Python + NumPy).

The canonical follower-sample layout (``../shared/data/README.md``)::

    followers, following, posts                    required, non-negative whole numbers
    has_profile_pic, is_private, has_external_url  optional, 0/1
    username                                       optional, the handle itself
    username_length, username_digits               optional, derived from the handle
    username_digit_ratio                           optional, digits / length of the handle (0..1)
    full_name_words, bio_length                    optional, non-negative whole numbers
    is_fake                                        optional label, 0/1

Any optional column may be absent (or blank on some rows); the feature matrix then carries NaN and the
classifier (gradient-boosted trees with learned missing-value branches, trained with column dropout) handles
it natively. Nothing here depends on scikit-learn.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REQUIRED_COLUMNS: tuple[str, ...] = ("followers", "following", "posts")
BINARY_COLUMNS: tuple[str, ...] = ("has_profile_pic", "is_private", "has_external_url")
COUNT_COLUMNS: tuple[str, ...] = ("username_length", "username_digits", "full_name_words", "bio_length")
RATIO_COLUMNS: tuple[str, ...] = ("username_digit_ratio",)
TEXT_COLUMNS: tuple[str, ...] = ("username",)
LABEL_COLUMN = "is_fake"
OPTIONAL_COLUMNS: tuple[str, ...] = BINARY_COLUMNS + TEXT_COLUMNS + COUNT_COLUMNS + RATIO_COLUMNS
CANONICAL_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS + (LABEL_COLUMN,)

#: Model input features, in column order of :func:`build_features`.
FEATURE_NAMES: tuple[str, ...] = (
    "log_followers",  # log1p(followers)
    "log_following",  # log1p(following)
    "log_posts",  # log1p(posts)
    "log_follower_following_ratio",  # log1p(followers) - log1p(following)
    "has_profile_pic",
    "is_private",
    "has_external_url",
    "username_length",
    "username_digits",
    "username_digit_ratio",
    "full_name_words",
    "log_bio_length",  # log1p(bio_length)
)

#: Groups of features that disappear together when a source column is missing (used for column dropout).
OPTIONAL_FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "has_profile_pic": ("has_profile_pic",),
    "is_private": ("is_private",),
    "has_external_url": ("has_external_url",),
    "username_length_digits": ("username_length", "username_digits"),
    "username_digit_ratio": ("username_digit_ratio",),
    "full_name_words": ("full_name_words",),
    "bio_length": ("log_bio_length",),
}

_HEADER_ALIASES = {
    "follower_count": "followers",
    "followers_count": "followers",
    "following_count": "following",
    "follows": "following",
    "follows_count": "following",
    "followings": "following",
    "posts_count": "posts",
    "media_count": "posts",
    "profile_pic": "has_profile_pic",
    "private": "is_private",
    "external_url": "has_external_url",
    "fake": "is_fake",
    "handle": "username",
}

_MAX_COUNT = 2**31 - 1  # above any real count; the INTEGER columns (32-bit on PostgreSQL) hold no more
_SUFFIXES = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class CsvError:
    """One problem in an uploaded follower sample. ``line`` is the 1-based physical line (header = 1)."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


def _normalise_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())
    return _HEADER_ALIASES.get(key, key)


def _parse_number(raw: str) -> float:
    """Parse '1234', '1,234', '1_234', '12.5k', '1.2M', '3.0'; raise ValueError otherwise."""
    s = raw.strip().replace(",", "").replace("_", "").replace(" ", "")
    mult = 1
    if s and s[-1].lower() in _SUFFIXES and len(s) > 1:
        mult = _SUFFIXES[s[-1].lower()]
        s = s[:-1]
    if not _NUMBER_RE.match(s):
        raise ValueError
    value = float(s) * mult
    if not math.isfinite(value):
        raise ValueError
    return value


def _parse_count(raw: str, field: str) -> int:
    try:
        value = _parse_number(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if value < 0:
        raise ValueError(f"must not be negative (got {raw.strip()})")
    if value > _MAX_COUNT:
        raise ValueError(f"implausibly large ({raw.strip()})")
    if abs(value - round(value)) > 1e-9:
        raise ValueError(f"must be a whole number (got {raw.strip()})")
    return int(round(value))


def _parse_binary(raw: str) -> int:
    s = raw.strip().lower()
    if s in ("1", "1.0", "true", "yes"):
        return 1
    if s in ("0", "0.0", "false", "no"):
        return 0
    raise ValueError(f"must be 0 or 1 (got {raw.strip()!r})")


def _parse_ratio(raw: str) -> float:
    try:
        value = _parse_number(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"must be between 0 and 1 (got {raw.strip()})")
    return value


def username_stats(username: str) -> tuple[int, int, float]:
    """(length, digit count, digit ratio) of a handle, ignoring a leading '@'."""
    handle = username.strip().lstrip("@")
    length = len(handle)
    digits = sum(ch.isdigit() for ch in handle)
    return length, digits, (digits / length if length else 0.0)


def _read_text(text_or_path: str | bytes | os.PathLike[str]) -> str:
    if isinstance(text_or_path, bytes):
        return text_or_path.decode("utf-8-sig")
    if isinstance(text_or_path, os.PathLike):
        return Path(text_or_path).read_text(encoding="utf-8-sig")
    if "\n" not in text_or_path and "," not in text_or_path and Path(text_or_path).is_file():
        return Path(text_or_path).read_text(encoding="utf-8-sig")
    return text_or_path.lstrip("\ufeff")


def parse_follower_csv(
    text_or_path: str | bytes | os.PathLike[str],
    *,
    require_label: bool = False,
) -> tuple[list[dict[str, Any]], list[CsvError]]:
    """Parse and validate a follower sample in the canonical CSV layout.

    Accepts CSV text, bytes, or a path (``pathlib.Path``, or a ``str`` naming an existing file without commas or
    newlines). Returns ``(rows, errors)``. Every problem in the file is reported (not only the first), each with
    its line number and field; callers must write nothing when ``errors`` is non-empty. Each row is a dict with
    every key of :data:`CANONICAL_COLUMNS` (``None`` where absent or blank) plus ``line``. When ``username`` is
    given, missing ``username_length`` / ``username_digits`` / ``username_digit_ratio`` are derived from it;
    ``username_digit_ratio`` is also derived from length and digits. Unknown columns are ignored. Numbers may
    use thousands separators ("1,234") or k/M suffixes ("12.5k"); 0/1 fields also accept true/false, yes/no.
    ``require_label=True`` makes ``is_fake`` mandatory (evaluation).
    """
    errors: list[CsvError] = []
    rows: list[dict[str, Any]] = []
    try:
        text = _read_text(text_or_path)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [CsvError(0, None, f"cannot read file: {exc}")]

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [CsvError(1, None, "file is empty; expected a header row with followers,following,posts")]
    except csv.Error as exc:
        return [], [CsvError(1, None, f"malformed CSV: {exc}")]

    names = [_normalise_header(h) for h in header]
    seen: dict[str, int] = {}
    for idx, name in enumerate(names):
        if not name:
            continue
        if name in seen and name in CANONICAL_COLUMNS:
            errors.append(CsvError(1, name, f"duplicate column (columns {seen[name] + 1} and {idx + 1})"))
        seen.setdefault(name, idx)
    required = REQUIRED_COLUMNS + ((LABEL_COLUMN,) if require_label else ())
    for col in required:
        if col not in seen:
            errors.append(CsvError(1, col, "required column is missing"))
    if errors:
        return [], errors

    col_index = {name: i for name, i in seen.items() if name in CANONICAL_COLUMNS}
    n_fields = len(header)
    prev_line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(CsvError(reader.line_num, None, f"malformed CSV: {exc}"))
            break
        line = prev_line + 1  # first physical line of this record
        prev_line = reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue  # blank line
        if len(record) != n_fields:
            errors.append(CsvError(line, None, f"expected {n_fields} fields, got {len(record)}"))
            continue
        row: dict[str, Any] = {col: None for col in CANONICAL_COLUMNS}
        row["line"] = line
        row_errors: list[CsvError] = []
        for col, i in col_index.items():
            raw = record[i]
            if not raw.strip():
                if col in required:
                    row_errors.append(CsvError(line, col, "required value is blank"))
                continue
            try:
                if col in REQUIRED_COLUMNS or col in COUNT_COLUMNS:
                    row[col] = _parse_count(raw, col)
                elif col in BINARY_COLUMNS or col == LABEL_COLUMN:
                    row[col] = _parse_binary(raw)
                elif col in RATIO_COLUMNS:
                    row[col] = _parse_ratio(raw)
                else:  # username
                    row[col] = raw.strip().lstrip("@")
            except ValueError as exc:
                row_errors.append(CsvError(line, col, str(exc)))
        if not row_errors:
            _derive_username_fields(row)
            length, digits = row["username_length"], row["username_digits"]
            if length is not None and digits is not None and digits > length:
                row_errors.append(
                    CsvError(line, "username_digits", f"{digits} digits exceeds username_length {length}")
                )
        errors.extend(row_errors)
        if not row_errors:
            rows.append(row)
    if not rows and not errors:
        errors.append(CsvError(1, None, "no data rows"))
    return rows, errors


def _derive_username_fields(row: dict[str, Any]) -> None:
    if row.get("username"):
        length, digits, ratio = username_stats(row["username"])
        if row.get("username_length") is None:
            row["username_length"] = length
        if row.get("username_digits") is None:
            row["username_digits"] = digits
        if row.get("username_digit_ratio") is None:
            row["username_digit_ratio"] = ratio
    if row.get("username_digit_ratio") is None:
        length, digits = row.get("username_length"), row.get("username_digits")
        if length is not None and digits is not None:
            row["username_digit_ratio"] = (digits / length) if length else 0.0


def _num(value: Any) -> float:
    """Lenient scalar -> float; None, '' and unparseable values become NaN."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    s = str(value).strip()
    if not s:
        return math.nan
    try:
        return _parse_number(s)
    except ValueError:
        return math.nan


_PLAIN_NUMBERS = (int, float, bool)


def _log1p(x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.log1p(np.clip(x, 0, None))


def build_features(rows: Iterable[Mapping[str, Any]]) -> np.ndarray:
    """Feature matrix (n x len(FEATURE_NAMES), float64) from follower rows; NaN marks a missing value.

    Rows are mappings with canonical keys (e.g. from :func:`parse_follower_csv`, a DB row, or ``csv.DictReader``
    with string values); absent keys and blanks are treated as missing. Username length/digits/ratio are
    derived from ``username`` when given.
    """
    rows = list(rows)
    n = len(rows)
    raw = {}
    for col in REQUIRED_COLUMNS + BINARY_COLUMNS + COUNT_COLUMNS + RATIO_COLUMNS:
        # a column at a time; plain numbers (nearly all, from the database) skip _num's checks
        values = [row.get(col) for row in rows]
        raw[col] = np.array([float(v) if type(v) in _PLAIN_NUMBERS else _num(v) for v in values], dtype=np.float64)
    # a handle's length and digits fill in only what the row lacks
    lacking = (np.isnan(raw["username_length"]) | np.isnan(raw["username_digits"])
               | np.isnan(raw["username_digit_ratio"]))
    for i in np.flatnonzero(lacking).tolist():
        row = rows[i]
        username = row.get("username")
        if username and str(username).strip():
            length, digits, ratio = username_stats(str(username))
            if math.isnan(raw["username_length"][i]):
                raw["username_length"][i] = length
            if math.isnan(raw["username_digits"][i]):
                raw["username_digits"][i] = digits
            if math.isnan(raw["username_digit_ratio"][i]):
                raw["username_digit_ratio"][i] = ratio
    length, digits = raw["username_length"], raw["username_digits"]
    derive = np.isnan(raw["username_digit_ratio"]) & ~np.isnan(length) & ~np.isnan(digits)
    with np.errstate(invalid="ignore", divide="ignore"):
        derived_ratio = np.where(length > 0, digits / np.where(length > 0, length, 1), 0.0)
    raw["username_digit_ratio"] = np.where(derive, derived_ratio, raw["username_digit_ratio"])

    log_followers = _log1p(raw["followers"])
    log_following = _log1p(raw["following"])
    columns = {
        "log_followers": log_followers,
        "log_following": log_following,
        "log_posts": _log1p(raw["posts"]),
        "log_follower_following_ratio": log_followers - log_following,
        "has_profile_pic": raw["has_profile_pic"],
        "is_private": raw["is_private"],
        "has_external_url": raw["has_external_url"],
        "username_length": raw["username_length"],
        "username_digits": raw["username_digits"],
        "username_digit_ratio": raw["username_digit_ratio"],
        "full_name_words": raw["full_name_words"],
        "log_bio_length": _log1p(raw["bio_length"]),
    }
    return np.column_stack([columns[name] for name in FEATURE_NAMES]) if n else np.empty((0, len(FEATURE_NAMES)))


def labels(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """``is_fake`` of each row as int array; raises ValueError if any label is missing or not 0/1."""
    out = np.empty(len(rows), dtype=np.int64)
    for i, row in enumerate(rows):
        v = _num(row.get(LABEL_COLUMN))
        if v not in (0.0, 1.0):
            raise ValueError(f"row {i + 1}: is_fake must be 0 or 1 (got {row.get(LABEL_COLUMN)!r})")
        out[i] = int(v)
    return out


def load_labelled_csv(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Parse a labelled CSV strictly; raise ValueError listing every error."""
    rows, errors = parse_follower_csv(Path(path), require_label=True)
    if errors:
        shown = "\n".join(str(e) for e in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        raise ValueError(f"{path}: {len(errors)} error(s)\n{shown}{more}")
    return rows
