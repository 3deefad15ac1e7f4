"""k sites among candidates: maximal covering (MCLP) or p-median, on a demand × candidate travel-time matrix.

Both are solved exactly by OR-Tools CP-SAT (one worker, fixed seed: same input, same sites):
- ``couverture``: the most weighted demand within ``limit_s`` of an open site; among equal coverages,
  the least weighted travel to the nearest open site;
- ``pmedian``: the least weighted travel to the nearest open site (demand no candidate reaches is left out).
Sites in ``keep`` are open in every answer (existing cabins, venues already used).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from tournees.network.roads import UNREACHABLE

OBJECTIVES = ("couverture", "pmedian")
WORK_LIMIT = 60.0  # CP-SAT deterministic time: a result never depends on the machine's load


@dataclass(frozen=True)
class Choice:
    """The open sites (candidate indices, sorted) and whether CP-SAT proved them optimal."""

    sites: tuple[int, ...]
    optimal: bool


def choose_sites(
    times: np.ndarray,
    weights: Sequence[int],
    k: int,
    *,
    objective: str = "couverture",
    limit_s: int | None = None,
    keep: Sequence[int] = (),
) -> Choice:
    """Open ``k`` of the candidates (columns of ``times``, seconds from each demand point, a row each)."""
    n_dem, n_cand = times.shape
    if objective not in OBJECTIVES:
        raise ValueError(f"objective {objective!r}: one of {OBJECTIVES}")
    if not len(set(keep)) <= k <= n_cand:
        raise ValueError(f"k = {k}: between the {len(set(keep))} kept site(s) and the {n_cand} candidates")
    reach = times < UNREACHABLE
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{j}") for j in range(n_cand)]
    model.add(sum(x) == k)
    for j in keep:
        model.add(x[j] == 1)
    # nearest-site assignment of each reachable demand point: the travel term of both objectives
    z = {(i, j): model.new_bool_var(f"z{i}_{j}") for i in range(n_dem) for j in range(n_cand) if reach[i, j]}
    for i in range(n_dem):
        mine = [z[i, j] for j in range(n_cand) if reach[i, j]]
        if mine:
            model.add(sum(mine) == 1)
    for (_, j), var in z.items():
        model.add_implication(var, x[j])
    travel = sum(int(weights[i]) * int(times[i, j]) * var for (i, j), var in z.items())
    proven = True
    if objective == "couverture":
        if limit_s is None:
            raise ValueError("couverture needs limit_s")
        y = [model.new_bool_var(f"y{i}") for i in range(n_dem)]
        for i in range(n_dem):
            near = [x[j] for j in range(n_cand) if times[i, j] <= limit_s]
            if near:
                model.add(sum(near) >= y[i])
            else:
                model.add(y[i] == 0)
        covered = sum(int(weights[i]) * y[i] for i in range(n_dem))
        model.maximize(covered)
        first, proven = _solve(model)
        model.add(covered >= round(first.objective_value))  # lexicographic: keep the best coverage
        model.clear_objective()
    model.minimize(travel)
    solver, optimal = _solve(model)
    proven = proven and optimal
    return Choice(tuple(j for j in range(n_cand) if solver.value(x[j])), proven)


def _solve(model: cp_model.CpModel) -> tuple[cp_model.CpSolver, bool]:
    """The solver after solving (its values) and whether the answer is proven optimal."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = WORK_LIMIT
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT: {solver.status_name(status)}")  # k between kept and candidates: always feasible
    return solver, status == cp_model.OPTIMAL
