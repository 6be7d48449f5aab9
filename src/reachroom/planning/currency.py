"""The workspace's dated exchange-rate table: versioned (never edited in place) so every converted fee names the
table it used, with dated defaults until a workspace saves its own (docs/planning.md, "Currencies")."""

from __future__ import annotations

from datetime import date
from itertools import permutations

from sqlalchemy.orm import Session

from reachroom.core.errors import require_version
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import CurrencyTable
from reachroom.planning import repository as repo
from reachroom.planning.schemas import CurrencyTableIn, CurrencyTableOut

# Approximate mid-market rates per 1 GBP in late November 2025 (the ECB's euro reference rates crossed through
# sterling, rounded): defaults to start from, never a live quote — a workspace saves today's rates on the Plan page.
DEFAULT_AS_OF = date(2025, 11, 28)
DEFAULT_BASE = "GBP"
DEFAULT_RATES = {"USD": 1.32, "EUR": 1.14, "CAD": 1.85, "AUD": 2.02, "NZD": 2.31, "CHF": 1.06, "SEK": 12.5,
                 "NOK": 13.4, "DKK": 8.5, "PLN": 4.83, "JPY": 206.0, "INR": 118.0, "BRL": 7.05, "MXN": 24.3,
                 "ZAR": 22.9, "SGD": 1.71, "AED": 4.85}
DEFAULT_NOTE = ("Defaults: approximate mid-market rates of 28 Nov 2025 (ECB reference rates crossed through "
                "sterling, rounded). Save your own rates to plan with today's.")


def _out(row: CurrencyTable | None) -> CurrencyTableOut:
    if row is None:
        return CurrencyTableOut(version=0, as_of=DEFAULT_AS_OF, base=DEFAULT_BASE, rates=DEFAULT_RATES,
                                note=DEFAULT_NOTE, is_default=True)
    return CurrencyTableOut(version=row.version, as_of=row.as_of, base=row.base, rates=row.rates, note=row.note,
                            is_default=False)


def current(db: Session, ctx: WorkspaceContext) -> CurrencyTableOut:
    """The workspace's newest table, or the dated defaults (version 0)."""
    return _out(repo.newest_currency_table(db, ctx.workspace_id))


def save(db: Session, ctx: WorkspaceContext, data: CurrencyTableIn) -> CurrencyTableOut:
    """A new version of the table (admins); 409 when someone saved another since `base_version` was read."""
    ctx.require("admin")
    now = current(db, ctx)
    require_version(data.base_version, now.version)
    rates = {c: r for c, r in data.rates.items() if c != data.base}
    row = CurrencyTable(workspace_id=ctx.workspace_id, version=now.version + 1, as_of=data.as_of, base=data.base,
                        rates=rates, note=data.note.strip(), created_by=ctx.actor_id)
    repo.add(db, row)
    return _out(row)


def pairs(table: CurrencyTableOut) -> dict[tuple[str, str], float]:
    """Every pair the table can convert, crossed through its base: (from, to) → units of `to` per one `from`."""
    per_base = {table.base: 1.0, **table.rates}
    return {(a, b): per_base[b] / per_base[a] for a, b in permutations(per_base, 2)}
