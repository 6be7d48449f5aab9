"""Fee calibration on held-back agreed fees: each accepted deal of a workspace is hidden in turn and estimated from
the others (leave one out); the report says how often the 80% interval held the real fee and how far off the
estimate was, beside the rate card alone. `python -m reachroom.planning.evaluate [--db-url URL] [--json]`."""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Sequence

from reachroom.planning.fees import AgreedFee, fee_forecast

LEVEL = 0.8


def leave_one_out(deals: Sequence[AgreedFee], currency: str = "GBP") -> dict:
    """Coverage and error of the fee estimate for each deal from all the others, and of the card alone."""
    held: dict[str, list[bool]] = {"model": [], "card": []}
    errors: dict[str, list[float]] = {"model": [], "card": []}
    for i, deal in enumerate(deals):
        rest = [d for j, d in enumerate(deals) if j != i]
        for name, known in (("model", rest), ("card", [])):
            f = fee_forecast(deal.followers, deal.platform, deal.format, known, currency, creator=deal.creator)
            held[name].append(f.low <= deal.amount <= f.high)
            errors[name].append(abs(math.log(max(deal.amount, 1.0) / f.value)))
    out: dict[str, object] = {"deals": len(deals), "level": LEVEL}
    for name in held:
        if held[name]:
            out[name] = {"coverage": round(sum(held[name]) / len(held[name]), 3),
                         "median_abs_log_error": round(statistics.median(errors[name]), 3),
                         "median_factor_off": round(math.exp(statistics.median(errors[name])), 2)}
    return out


def _deals_by_workspace(url: str | None) -> dict[int, list[AgreedFee]]:
    from sqlalchemy import select

    from reachroom.db import get_engine, make_engine, unit_of_work
    from reachroom.models import Workspace
    from reachroom.planning import repository as repo
    from reachroom.planning.candidates import agreed

    engine = make_engine(url) if url else get_engine()
    out: dict[int, list[AgreedFee]] = defaultdict(list)
    with unit_of_work(engine) as db:
        for ws in db.scalars(select(Workspace.id)):
            out[ws] = [agreed(terms, account) for terms, account in repo.agreed_fees(db, ws)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=None, help="default: the configured database (the demo's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = {ws: leave_one_out(deals) for ws, deals in _deals_by_workspace(args.db_url).items() if len(deals) > 1}
    if args.json:
        print(json.dumps(report))
    else:
        for ws, r in report.items():
            print(f"workspace {ws}: {r['deals']} deals; 80% interval held the fee {r['model']['coverage']:.0%} "
                  f"(card alone {r['card']['coverage']:.0%}); median factor off ×{r['model']['median_factor_off']} "
                  f"(card alone ×{r['card']['median_factor_off']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
