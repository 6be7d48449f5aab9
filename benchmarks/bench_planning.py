"""Benchmark the creator-mix optimizer: `python benchmarks/bench_planning.py [--creators 10000] [--cells 5000]
[--time-limit 30]`.

A random instance (seeded): each creator reaches 5–40 audience cells, costs by its reach with noise, a budget of
about 60 average creators. Times the greedy first answer and the solver to its time limit, and prints one JSON
object with the proven gap (issue #16 targets: first answer ≤ 1 s, gap ≤ 1% within 30 s for 10,000 creators over
5,000 cells).
"""

import argparse
import json
import math
import os
import random
import sys
import time


def instance(creators: int, cells: int, seed: int = 16):
    from reachroom.planning.optimizer import Candidate, Problem

    rng = random.Random(seed)
    sizes = {k: float(rng.randint(2_000, 60_000)) for k in range(cells)}
    cands = []
    for i in range(creators):
        reach = {k: sizes[k] * rng.uniform(0.002, 0.05) for k in rng.sample(range(cells), rng.randint(5, 40))}
        cost = max(50.0, sum(reach.values()) * rng.uniform(0.02, 0.08))
        cands.append(Candidate(i, round(cost, 2), reach, tier="micro" if cost < 2000 else "macro"))
    budget = 60 * sum(c.cost for c in cands) / len(cands)
    return Problem(tuple(cands), sizes, budget=budget, max_creators=80, tier_max={"macro": 10})


def main(argv: list[str] | None = None) -> int:
    from reachroom.planning.optimizer import feasible, greedy, optimise, people_reached

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--cells", type=int, default=5_000)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--json", action="store_true", help="accepted for run_all.py (output is always JSON)")
    args = parser.parse_args(argv)
    p = instance(args.creators, args.cells)
    t0 = time.perf_counter()
    first = greedy(p)
    first_s = time.perf_counter() - t0
    first_reach = people_reached(p, first)
    t0 = time.perf_counter()
    plan = optimise(p, time_limit=args.time_limit)
    solve_s = time.perf_counter() - t0
    print(json.dumps({"creators": args.creators, "cells": args.cells, "first_answer_s": round(first_s, 3),
                      "first_reach": round(first_reach), "first_feasible": feasible(p, first),
                      "solve_s": round(solve_s, 2), "method": plan.method, "reach": round(plan.reach),
                      "upper_bound": round(plan.upper_bound) if math.isfinite(plan.upper_bound) else None,
                      "gap": round(plan.gap, 5), "chosen": len(plan.chosen),
                      "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
