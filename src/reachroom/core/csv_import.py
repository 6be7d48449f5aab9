"""Reading an uploaded CSV the one way every import does: UTF-8 (with or without BOM) under a size limit, the
header checked, and one 4xx naming every wrong line and field — nothing is written when anything is wrong."""

import csv
import io
from collections.abc import Iterator

from reachroom.core.errors import AppError, FieldError, describe

MAX_ERRORS = 20  # errors named in one answer; the rest are counted
# OpenAPI for a route that takes the CSV as its raw body (Content-Type: text/csv)
CSV_BODY = {"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}}


def nothing_imported(status: int, errors: list[FieldError]) -> AppError:
    """The error an import raises: every problem named (up to MAX_ERRORS), nothing written."""
    shown = errors[:MAX_ERRORS]
    more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
    return AppError(status, "Nothing was imported: " + describe(shown) + more, "validation_error", shown)


def decode(raw: bytes, max_bytes: int) -> str:
    """The upload as text; 413 over `max_bytes`, 400 naming the line that is not UTF-8."""
    if len(raw) > max_bytes:
        raise nothing_imported(413, [FieldError("file", f"larger than {max_bytes:,} bytes; split it")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        problem = FieldError(f"line {line}", "not UTF-8 text; save the file as CSV UTF-8")
        raise nothing_imported(400, [problem]) from None


def rows(text: str, required: tuple[str, ...], optional: tuple[str, ...], max_rows: int,
         errors: list[FieldError], ignore_unknown: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: stripped cell}) per non-blank row; header problems raise at once, bad CSV is added to
    `errors`. `ignore_unknown`: other columns are allowed and left out (a shop's export has dozens)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as err:
        raise nothing_imported(422, [FieldError("line 1", f"not CSV ({err})")]) from None
    missing = [c for c in required if c not in header]
    unknown = [] if ignore_unknown else [c for c in header if c and c not in required + optional]
    if missing or unknown or len(set(header)) != len(header):
        problem = (f"missing column {missing[0]!r}" if missing else f"unknown column {unknown[0]!r}" if unknown
                   else "a column appears twice")
        raise nothing_imported(422, [FieldError("line 1", f"{problem}; the header needs {', '.join(required)}"
                                                          f" and may have {', '.join(optional)}")])
    known = set(required + optional)
    count = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            count += 1
            if count > max_rows:
                raise nothing_imported(413, [FieldError(f"line {reader.line_num}",
                                                        f"more than {max_rows} rows; split the file")])
            yield reader.line_num, {name: (cells[i].strip() if i < len(cells) else "")
                                    for i, name in enumerate(header) if not ignore_unknown or name in known}
    except csv.Error as err:
        errors.append(FieldError(f"line {reader.line_num}", f"not valid CSV ({err})"))
