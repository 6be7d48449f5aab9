"""The best creator mix for a budget (issue #16): choose creators to maximise the people reached in the target
audience — with overlap between creators and diminishing returns in the objective — under a budget, a number of
creators, tier limits, coverage of groups (niches, countries, segments) and pinned or dropped creators.

Two solvers, one answer: a lazy greedy (fast, reach per unit of cost, checked against the best single creator) gives
a plan at once; a mixed-integer program solved by HiGHS (through SciPy's `milp`) improves it and proves how close
it is: the concave reach curve is bounded from above by tangents, so the solver's bound is a valid upper bound on
the true optimum and the reported gap is a certificate. Pure functions over plain values: no database, no settings.
"""

from __future__ import annotations

import ctypes
import heapq
import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

# tangent points of 1 − e^s (s = Σ log(1 − p) ≤ 0): dense where the curve bends most
TANGENTS = (0.0, -0.02, -0.05, -0.1, -0.2, -0.35, -0.55, -0.8, -1.2, -1.8, -2.7, -4.0)
P_MAX = 1 - 1e-9  # a creator never reaches every single person of a cell


@dataclass(frozen=True)
class Candidate:
    """A creator who could be booked: what they cost and how many people they would reach in each audience cell."""

    key: int
    cost: float
    reach: dict[int, float]  # cell → expected people reached there
    tier: str = "micro"
    groups: frozenset[str] = frozenset()  # niches, countries, segments they count towards


@dataclass(frozen=True)
class Problem:
    """What the plan must respect; `cells` are the target audience's cells and how many people each holds."""

    candidates: tuple[Candidate, ...]
    cells: dict[int, float]
    budget: float
    min_creators: int = 0
    max_creators: int | None = None
    tier_max: dict[str, int] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)  # group → at least this many chosen creators in it
    pinned: frozenset[int] = frozenset()
    dropped: frozenset[int] = frozenset()
    by_key: dict[int, Candidate] = field(init=False, repr=False, compare=False)  # candidates by key, built once

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.candidates})


@dataclass(frozen=True)
class Plan:
    """The chosen creators, the people they reach (exact under the model), and the proof of how good that is."""

    chosen: tuple[int, ...]
    reach: float
    cost: float
    upper_bound: float  # no plan within the constraints reaches more
    gap: float  # (upper_bound − reach) / upper_bound
    method: str  # "greedy" | "solver" | "infeasible"
    infeasible: str = ""  # the constraint nobody can meet, named


def people_reached(problem: Problem, chosen: Iterable[int]) -> float:
    """Σ over cells of N × (1 − Π(1 − pᵢ)): people reached at least once, creators reaching independently in a cell."""
    missed: dict[int, float] = {}
    for key in chosen:
        for cell, r in problem.by_key[key].reach.items():
            n = problem.cells.get(cell, 0.0)
            if n > 0:
                missed[cell] = missed.get(cell, 1.0) * (1 - min(r / n, P_MAX))
    return sum(problem.cells[cell] * (1 - m) for cell, m in missed.items())


def _fits(problem: Problem, chosen: Sequence[Candidate], c: Candidate, spent: float) -> bool:
    if spent + c.cost > problem.budget + 1e-9:
        return False
    if problem.max_creators is not None and len(chosen) + 1 > problem.max_creators:
        return False
    limit = problem.tier_max.get(c.tier)
    return limit is None or sum(1 for x in chosen if x.tier == c.tier) + 1 <= limit


def feasible(problem: Problem, chosen: Sequence[int]) -> bool:
    """Whether a set of creators meets every constraint."""
    by_key = problem.by_key
    picked = [by_key[k] for k in chosen]
    if len(set(chosen)) != len(chosen) or any(k in problem.dropped for k in chosen):
        return False
    if not problem.pinned <= set(chosen) or sum(c.cost for c in picked) > problem.budget + 1e-9:
        return False
    if len(picked) < problem.min_creators or (problem.max_creators is not None and len(picked) > problem.max_creators):
        return False
    if any(sum(1 for c in picked if c.tier == t) > n for t, n in problem.tier_max.items()):
        return False
    return all(sum(1 for c in picked if g in c.groups) >= n for g, n in problem.coverage.items())


def _weight(problem: Problem, mode: str):
    """What a creator uses up: money ("cost"), a place ("count"), or both in proportion to their limits ("both":
    share of the budget + share of the creator places, the usual weight when two limits bind)."""
    if mode == "cost":
        return lambda c: max(c.cost, 1e-9)
    if mode == "both" and problem.max_creators:
        return lambda c: c.cost / max(problem.budget, 1e-9) + 1.0 / problem.max_creators
    return lambda c: 1.0


def _greedy(problem: Problem, mode: str, start: Iterable[int] = ()) -> list[int]:
    """Lazy greedy by new people reached per unit of what a creator uses up (see `_weight`), from the pinned
    creators (CELF: a creator's gain only shrinks as others join, so a stale gain is an upper bound and most are
    never recomputed)."""
    weight = _weight(problem, mode)
    by_key = problem.by_key
    chosen = [by_key[k] for k in dict.fromkeys([*problem.pinned, *start])]
    spent = sum(c.cost for c in chosen)
    missed = {cell: 1.0 for cell in problem.cells}  # share of each cell nobody chosen reaches

    def gain(c: Candidate) -> float:
        return sum(problem.cells[k] * missed[k] * min(r / problem.cells[k], P_MAX)
                   for k, r in c.reach.items() if problem.cells.get(k, 0) > 0)

    def take(c: Candidate) -> None:
        for k, r in c.reach.items():
            if problem.cells.get(k, 0) > 0:
                missed[k] *= 1 - min(r / problem.cells[k], P_MAX)

    for c in chosen:
        take(c)
    taken = {c.key for c in chosen}
    heap = [(-math.inf, c.key) for c in problem.candidates if c.key not in taken and c.key not in problem.dropped]
    heapq.heapify(heap)
    while heap:
        _, key = heapq.heappop(heap)
        c = by_key[key]
        if not _fits(problem, chosen, c, spent):
            continue
        g = gain(c)
        score = g / weight(c)
        if heap and score < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-score, key))  # stale: put back with its fresh value
            continue
        if g <= 0:
            break
        chosen.append(c)
        spent += c.cost
        take(c)
    return [c.key for c in chosen]


def greedy(problem: Problem) -> list[int]:
    """The best of the lazy greedy passes: by new people per unit of cost (best when money binds), by new people
    (best when the number of creators binds) and, with a creator limit, per share of both limits."""
    modes = ("cost", "count", "both") if problem.max_creators else ("cost", "count")
    plans = [_greedy(problem, mode) for mode in modes]
    return max(plans, key=lambda keys: (feasible(problem, keys), people_reached(problem, keys)))


def _milp(problem: Problem, time_limit: float,
          extra: dict[int, set[float]] | None = None) -> tuple[list[int] | None, float | None]:
    """The mixed-integer program over tangents of the reach curve (the fixed ones, plus `extra` per cell at the
    points earlier solutions reached): (chosen, the solver's upper bound)."""
    cands = [c for c in problem.candidates if c.key not in problem.dropped]
    cells = sorted(problem.cells)
    n, m = len(cands), len(cells)
    col = {cell: j for j, cell in enumerate(cells)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    r = 0
    # Variables: x (creators), y (people reached per cell), s (Σ_i x_i log(1 − p_ik) per cell).
    #   s_k − Σ_i x_i log(1 − p_ik) = 0;   y_k + N_k e^a s_k ≤ N_k (1 − e^a + a e^a)  for every tangent a.
    # s keeps each tangent row at two entries, so the model grows with the creators' cells, not × the tangents.
    logs: dict[int, list[tuple[int, float]]] = {}
    for i, c in enumerate(cands):
        for cell, reach in c.reach.items():
            size = problem.cells.get(cell, 0.0)
            if size > 0 and reach > 0:
                logs.setdefault(col[cell], []).append((i, math.log(1 - min(reach / size, P_MAX))))
    for j in range(m):
        entries = [(n + m + j, 1.0)] + [(i, -lg) for i, lg in logs.get(j, [])]
        rows.extend([r] * len(entries))
        cols.extend(e[0] for e in entries)
        vals.extend(e[1] for e in entries)
        lower.append(0.0)
        upper.append(0.0)
        r += 1
    for j, cell in enumerate(cells):
        size = problem.cells[cell]
        for a in sorted(set(TANGENTS) | (extra or {}).get(cell, set())):
            rows.extend([r, r])
            cols.extend([n + j, n + m + j])
            vals.extend([1.0, size * math.exp(a)])
            lower.append(-np.inf)
            upper.append(size * (1 - math.exp(a) + a * math.exp(a)))
            r += 1

    def add(coefs: dict[int, float], lo: float, hi: float) -> None:
        nonlocal r
        rows.extend([r] * len(coefs))
        cols.extend(coefs)
        vals.extend(coefs.values())
        lower.append(lo)
        upper.append(hi)
        r += 1

    add({i: c.cost for i, c in enumerate(cands)}, -np.inf, problem.budget)
    add(dict.fromkeys(range(n), 1.0), problem.min_creators,
        problem.max_creators if problem.max_creators is not None else np.inf)
    for tier, limit in problem.tier_max.items():
        add({i: 1.0 for i, c in enumerate(cands) if c.tier == tier}, -np.inf, limit)
    for group, least in problem.coverage.items():
        add({i: 1.0 for i, c in enumerate(cands) if group in c.groups}, least, np.inf)
    a = coo_matrix((vals, (rows, cols)), shape=(r, n + 2 * m)).tocsr()
    s_low = [sum(lg for _, lg in logs.get(j, [])) for j in range(m)]
    lb = np.array([1.0 if c.key in problem.pinned else 0.0 for c in cands] + [0.0] * m + s_low)
    ub = np.array([1.0] * n + [problem.cells[cell] for cell in cells] + [0.0] * m)
    objective = np.concatenate([np.zeros(n), -np.ones(m), np.zeros(m)])
    with _chatter_to_stderr():
        result = milp(objective, integrality=np.concatenate([np.ones(n), np.zeros(2 * m)]), bounds=Bounds(lb, ub),
                      constraints=LinearConstraint(a, np.array(lower), np.array(upper)),
                      options={"time_limit": time_limit, "mip_rel_gap": 1e-4, "disp": False})
    bound = -float(result.mip_dual_bound) if getattr(result, "mip_dual_bound", None) is not None else None
    if result.x is None:
        return None, bound
    return [cands[i].key for i in range(n) if result.x[i] > 0.5], bound


_fd_lock = threading.Lock()
_fd_state: dict[str, int] = {"depth": 0, "saved": -1}


@contextmanager
def _chatter_to_stderr():
    """Send what C code prints to stdout during the block to stderr: HiGHS prints a debug line on some solves
    whatever its options say, and stdout must stay clean for `reachroom plan --json`. Process-wide, so nested
    and concurrent blocks share one redirection (the first in sets it, the last out restores it)."""
    with _fd_lock:
        if _fd_state["depth"] == 0:
            sys.stdout.flush()
            _fd_state["saved"] = os.dup(1)
            os.dup2(2, 1)
        _fd_state["depth"] += 1
    try:
        yield
    finally:
        with _fd_lock:
            _fd_state["depth"] -= 1
            if _fd_state["depth"] == 0:
                ctypes.CDLL(None).fflush(None)  # C's buffered output goes out while stdout is still stderr
                os.dup2(_fd_state["saved"], 1)
                os.close(_fd_state["saved"])


def _infeasible(problem: Problem) -> str:
    """The first constraint no plan can meet, named; "" when a quick check finds none."""
    free = [c for c in problem.candidates if c.key not in problem.dropped]
    pinned_cost = sum(c.cost for c in problem.candidates if c.key in problem.pinned)
    if not free:
        return "candidates: no creator meets the plan's filters (loosen them, or check the exclusion lists)"
    if problem.max_creators is not None and problem.min_creators > problem.max_creators:
        return f"min_creators ({problem.min_creators}) is above max_creators ({problem.max_creators})"
    if pinned_cost > problem.budget:
        return f"budget: the pinned creators alone cost {pinned_cost:,.0f}"
    if free and problem.budget < min(c.cost for c in free):
        return f"budget: below the cheapest creator ({min(c.cost for c in free):,.0f})"
    if len(free) < problem.min_creators:
        return f"min_creators: only {len(free)} creators to choose from"
    for group, least in problem.coverage.items():
        if sum(1 for c in free if group in c.groups) < least:
            return f"coverage of {group}: fewer than {least} candidates in it"
    return ""


CLOSE_ENOUGH = 1e-4  # stop improving once the proven gap is this small
# past this many matrix entries the tangent model takes longer to build and presolve than a planner waits: the
# greedy answer comes with the weaker bound of `_modular_bound` instead
MAX_MODEL_ENTRIES = 1_000_000


def _modular_bound(problem: Problem) -> float:
    """A quick valid upper bound: nobody is reached twice (each creator's reach adds up), over the LP relaxation of
    the budget and the number of creators, never above the audience itself."""
    cands = [c for c in problem.candidates if c.key not in problem.dropped]
    alone = np.array([people_reached(problem, [c.key]) for c in cands])
    lb = np.array([1.0 if c.key in problem.pinned else 0.0 for c in cands])
    rows = [np.array([c.cost for c in cands])]
    highs = [problem.budget]
    if problem.max_creators is not None:
        rows.append(np.ones(len(cands)))
        highs.append(float(problem.max_creators))
    from scipy.optimize import linprog

    result = linprog(-alone, A_ub=np.vstack(rows), b_ub=np.array(highs), bounds=list(zip(lb, np.ones(len(cands)),
                                                                                           strict=True)),
                     method="highs")
    relaxed = -float(result.fun) if result.status == 0 else float(alone.sum())
    return min(relaxed, float(sum(problem.cells.values())))


def _cuts_at(problem: Problem, chosen: Sequence[int], extra: dict[int, set[float]]) -> int:
    """Add, for every cell, a tangent at the point this solution reaches; returns how many are new."""
    s_by_cell: dict[int, float] = {}
    by_key = problem.by_key
    for key in chosen:
        for cell, reach in by_key[key].reach.items():
            size = problem.cells.get(cell, 0.0)
            if size > 0 and reach > 0:
                s_by_cell[cell] = s_by_cell.get(cell, 0.0) + math.log(1 - min(reach / size, P_MAX))
    added = 0
    for cell, point in s_by_cell.items():
        point = round(point, 9)
        known = extra.setdefault(cell, set())
        if point not in known and point not in TANGENTS:
            known.add(point)
            added += 1
    return added


def optimise(problem: Problem, time_limit: float = 30.0) -> Plan:
    """The greedy plan, improved and certified by the solver within `time_limit` seconds."""
    reason = _infeasible(problem)
    if reason:
        return Plan((), 0.0, 0.0, 0.0, 0.0, "infeasible", reason)
    started = time.perf_counter()
    best = greedy(problem)
    best = best if feasible(problem, best) else []
    best_value = people_reached(problem, best) if best else -1.0
    method = "greedy"
    extra: dict[int, set[float]] = {}
    bounds: list[float] = []  # every solve's bound is valid (its model over-estimates): the least is kept
    entries = sum(len(c.reach) for c in problem.candidates) + len(problem.cells) * (2 * len(TANGENTS) + 1)
    solves = 0
    while entries <= MAX_MODEL_ENTRIES:
        # the solver's limit leaves a little of the time for building the model and reading its answer; a
        # re-solve after new tangents only starts with at least a second left
        left = 0.97 * time_limit - (time.perf_counter() - started)
        if solves and left < 1.0:
            break
        chosen, found = _milp(problem, max(left, 0.1), extra)
        solves += 1
        if found is not None:
            bounds.append(found)
        if chosen is None:
            break
        value = people_reached(problem, chosen) if feasible(problem, chosen) else -1.0
        if value > best_value:
            best, best_value, method = chosen, value, "solver"
        if bounds and min(bounds) - best_value <= CLOSE_ENOUGH * max(min(bounds), 1.0):
            break
        # outer approximation: a tangent where this solution sits makes its overestimate exact next time
        if not _cuts_at(problem, chosen, extra):
            break
    if method == "solver":  # the solver stopped at its time limit may leave room: fill it greedily
        for mode in ("cost", "count"):
            filled = _greedy(problem, mode, best)
            value = people_reached(problem, filled)
            if value > best_value and feasible(problem, filled):
                best, best_value = filled, value
    if not bounds:  # too big for the solver, or it found no bound in time: the quick bound
        bounds.append(_modular_bound(problem))
    bound = min(bounds)
    if best_value < 0:
        return Plan((), 0.0, 0.0, 0.0, 0.0, "infeasible", "no set of creators meets every constraint together")
    upper = max(bound, best_value)
    gap = (upper - best_value) / upper if upper > 0 and math.isfinite(upper) else (0.0 if upper == 0 else 1.0)
    cost = sum(c.cost for c in problem.candidates if c.key in set(best))
    return Plan(tuple(sorted(best)), best_value, cost, upper, gap, method)
