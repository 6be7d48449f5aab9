"""Shipments CSV for the fulfilment house, and its tracking numbers back in (every row checked first; any wrong
row is a 4xx naming its line and field, and nothing is written)."""

import csv
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import repository as repo
from reachroom.campaigns.gifting import service
from reachroom.campaigns.gifting.rules import STATUSES
from reachroom.campaigns.gifting.schemas import ADDRESS_ROLE, ImportResult
from reachroom.core.csv_export import text_cell
from reachroom.core.csv_import import decode, nothing_imported
from reachroom.core.errors import AppError, FieldError, conflict
from reachroom.core.tenancy import WorkspaceContext

EXPORT_COLUMNS = ["shipment_id", "creator_handle", "recipient", "address_line_1", "address_line_2", "city",
                  "postcode", "country", "product", "sku", "variant", "status", "carrier", "tracking_number"]
IMPORT_REQUIRED = ("shipment_id", "carrier", "tracking_number")
#: a fulfilment file is a few thousand rows; anything far bigger is a mistake (or an attack)
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 5000


def export_csv(db: Session, ctx: WorkspaceContext, campaign_id: int, status: str | None = None) -> tuple[str, str]:
    """(filename, CSV) of the campaign's shipments with addresses (members and above: it is personal data)."""
    ctx.require(ADDRESS_ROLE)
    c = campaigns.get_campaign(db, ctx, campaign_id)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for s in service.shipments(db, ctx, c.id, status=status):
        if s.address_state == "unreadable":
            raise conflict("address", f"shipment {s.id}'s address was encrypted with a different secret key; "
                                      "restore REACHROOM_SECRET_KEY (or var/secret.key) to export it")
        a = s.address
        writer.writerow([s.id, text_cell(s.handle), *(text_cell(v) for v in (
            a.recipient if a else "", a.line1 if a else "", a.line2 if a else "", a.city if a else "",
            a.postcode if a else "", a.country if a else "", s.product_name, s.sku, s.variant)),
            s.status, text_cell(s.carrier), text_cell(s.tracking_number)])
    slug = "".join(ch if ch.isalnum() else "-" for ch in c.name.lower()).strip("-") or f"campaign-{c.id}"
    return f"{slug}-shipments.csv", buf.getvalue()


@dataclass(frozen=True)
class _Row:
    line: int
    shipment_id: int
    carrier: str
    tracking_number: str
    status: str


def _bad(status: int, errors: list[FieldError]) -> AppError:
    return nothing_imported(status, errors)


def _text(raw: bytes) -> str:
    return decode(raw, MAX_IMPORT_BYTES)


def parse(raw: bytes) -> list[_Row]:
    """The rows of a tracking file, or a 4xx naming every wrong line and field (nothing is looked up yet)."""
    reader = csv.reader(io.StringIO(_text(raw), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as err:
        raise _bad(422, [FieldError("line 1", f"not CSV ({err})")]) from None
    missing = [c for c in IMPORT_REQUIRED if c not in header]
    if missing or len(set(header)) != len(header):
        problem = f"missing column {missing[0]!r}" if missing else "a column appears twice"
        raise _bad(422, [FieldError("line 1", f"{problem}; the header needs shipment_id, carrier, tracking_number "
                                              "and optionally status")])
    at = {name: header.index(name) for name in (*IMPORT_REQUIRED, "status") if name in header}
    rows: list[_Row] = []
    errors: list[FieldError] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            if len(rows) >= MAX_IMPORT_ROWS:
                raise _bad(413, [FieldError(f"line {line}", f"more than {MAX_IMPORT_ROWS} rows; split the file")])
            row, problems = _row(line, cells, at)
            errors += problems
            if row is not None:
                rows.append(row)
    except csv.Error as err:
        errors.append(FieldError(f"line {reader.line_num}", f"not valid CSV ({err})"))
    if not rows and not errors:
        errors.append(FieldError("file", "no rows after the header"))
    if errors:
        raise _bad(422, errors)
    return rows


def _row(line: int, cells: list[str], at: dict[str, int]) -> tuple[_Row | None, list[FieldError]]:
    def cell(name: str) -> str:
        i = at.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    errors = []
    raw_id, tracking, carrier, status = cell("shipment_id"), cell("tracking_number"), cell("carrier"), cell("status")
    if not (raw_id.isascii() and raw_id.isdigit() and 0 < len(raw_id) < 19 and int(raw_id) > 0):
        errors.append(FieldError(f"line {line}.shipment_id", f"{raw_id!r} is not a shipment id"))
    if not tracking:
        errors.append(FieldError(f"line {line}.tracking_number", "empty"))
    elif len(tracking) > 80:
        errors.append(FieldError(f"line {line}.tracking_number", "longer than 80 characters"))
    if len(carrier) > 40:
        errors.append(FieldError(f"line {line}.carrier", "longer than 40 characters"))
    if status and status.lower() not in STATUSES:
        errors.append(FieldError(f"line {line}.status", f"{status!r} is not one of {', '.join(STATUSES)}"))
    if errors:
        return None, errors
    return _Row(line, int(raw_id), carrier, tracking, status.lower()), []


def _target(current: str, given: str) -> str:
    """The status a row asks for: a pending shipment with a tracking number is shipped (the exported file says
    "pending" in its status column, and the fulfilment house only fills in the tracking)."""
    if given in ("", "pending"):
        return "shipped" if current == "pending" else current
    return given


def import_tracking(db: Session, ctx: WorkspaceContext, campaign_id: int, raw: bytes) -> ImportResult:
    """Set carrier, tracking number and status of the campaign's shipments from a CSV: every row is checked
    (its shipment is this campaign's, its move is allowed) before any is written."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    rows = parse(raw)
    found = {s.id: s for s, _, _, _ in repo.shipments(db, c.id, ids=[r.shipment_id for r in rows])}
    errors: list[FieldError] = []
    seen: set[int] = set()
    for r in rows:
        where = f"line {r.line}.shipment_id"
        if r.shipment_id in seen:
            errors.append(FieldError(where, f"shipment {r.shipment_id} appears twice"))
        elif r.shipment_id not in found:  # another workspace's shipment looks the same as none at all
            errors.append(FieldError(where, f"no shipment {r.shipment_id} in this campaign"))
        else:
            s = found[r.shipment_id]
            to = _target(s.status, r.status)
            refused = service.check_move(s, to, r.tracking_number) if to != s.status else None
            if refused:
                errors.append(FieldError(f"line {r.line}.status", refused))
        seen.add(r.shipment_id)
    if errors:
        raise _bad(422, errors)
    shipped = 0
    for r in rows:
        s = found[r.shipment_id]
        to = _target(s.status, r.status)
        shipped += service.apply_tracking(db, ctx, c.id, s, r.carrier, r.tracking_number, to)
    campaigns.flush_versioned(db, conflict("file", "someone changed one of these shipments at the same moment; "
                                                   "import the file again"))
    return ImportResult(updated=len(rows), shipped=shipped, shipment_ids=[r.shipment_id for r in rows])
