"""``solve(problem, time_limit_s=…, seed=…)``: the engine every planner calls.

Engines: ``pyvrp`` (when the problem fits it), ``ortools`` (everything), ``auto``
(PyVRP where it fits, else OR-Tools). With ``workers=2`` the search runs twice in
parallel with different seeds or first-solution strategies and keeps the best; each
run is deterministic, so the same input, settings and seed give the same plan.
Every route is timed by :mod:`tournees.engine.schedule`; every task left out comes
back with a reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from tournees.engine.model import LeftOut, Problem, Route, Solution
from tournees.engine.ortools_engine import STRATEGIES, arc_cost, solve_ortools
from tournees.engine.pyvrp_engine import expressible, solve_pyvrp
from tournees.engine.reasons import explain
from tournees.engine.schedule import timed_steps

log = logging.getLogger(__name__)
ENGINES = ("auto", "ortools", "pyvrp")


def _run(problem: Problem, engine: str, time_limit_s: float, seed: int, variant: int, queue: Any = None,
         initial: list[list[int]] | None = None) -> tuple[list[list[int]], int, str]:
    report = None if queue is None else (lambda t, cost: queue.put((t, cost)))
    if engine == "pyvrp":
        routes, obj = solve_pyvrp(problem, time_limit_s=time_limit_s, seed=seed + variant, progress=report)
        return routes, obj, "pyvrp"
    strategy = STRATEGIES[(seed + variant) % 2]  # two strong insertion strategies for two workers
    routes, obj = solve_ortools(problem, time_limit_s=time_limit_s, strategy=strategy, progress=report,
                                initial=initial if variant == 0 else None)  # one worker starts from the old plan
    return routes, obj, f"ortools/{strategy.lower()}"


class _Relay:
    """Best cost over time from the workers, passed on to the caller's progress callback."""

    def __init__(self, progress: Callable[[float, int], None] | None, t0: float) -> None:
        self.progress, self.t0, self.best = progress, t0, None
        self.history: list[tuple[float, int]] = []
        self.manager = multiprocessing.Manager() if progress is not None else None
        self.queue = self.manager.Queue() if self.manager is not None else None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._pump, daemon=True) if self.queue is not None else None
        if self.thread is not None:
            self.thread.start()

    def _pump(self) -> None:
        import queue as queue_module

        while not self.done.is_set() or not self.queue.empty():  # type: ignore[union-attr]
            try:
                _, cost = self.queue.get(timeout=0.1)  # type: ignore[union-attr]
            except queue_module.Empty:
                continue
            if self.best is None or cost < self.best:
                self.best = cost
                now = round(time.monotonic() - self.t0, 2)
                self.history.append((now, cost))
                self.progress(now, cost)  # type: ignore[misc]

    def close(self) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()
        if self.manager is not None:
            self.manager.shutdown()


def _objective(problem: Problem, routes: list[list[int]]) -> int:
    total = 0
    for vi, order in enumerate(routes):
        v = problem.vehicles[vi]
        locs = [v.start] + [problem.tasks[t].location for t in order] + [v.end]
        if order:
            total += sum(arc_cost(problem, a, b) for a, b in zip(locs, locs[1:], strict=False))
            total += problem.preference_cost * sum(1 for t in order if problem.tasks[t].preferred not in (None, v.id))
            total += sum(round(v.cost_per_km * int(problem.distances[a, b]) / 1000) for a, b in zip(locs, locs[1:], strict=False))
    served = {t for order in routes for t in order}
    return total + sum(t.penalty for i, t in enumerate(problem.tasks) if i not in served)


def solve(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, engine: str = "auto", workers: int = 2,
          progress: Callable[[float, int], None] | None = None, initial: dict[tuple[str, int], list[str]] | None = None) -> Solution:
    """The best plan found within ``time_limit_s`` (wall clock) for ``problem``.

    ``initial`` gives, per (resource id, day), task ids in order: an earlier plan to start
    from when re-planning (OR-Tools only; ignored where it no longer fits).
    """
    if engine not in ENGINES:
        raise ValueError(f"moteur « {engine} » inconnu : {', '.join(ENGINES)}")
    if engine == "auto":
        engine = "pyvrp" if expressible(problem) and initial is None else "ortools"
    hint = None
    if initial is not None:
        index = {t.id: i for i, t in enumerate(problem.tasks)}
        hint = [[index[t] for t in initial.get((v.id, v.day), []) if t in index] for v in problem.vehicles]
    elif engine == "pyvrp" and not expressible(problem):
        raise ValueError("ce problème (pauses, plusieurs jours ou créneaux, compétences, rendez-vous fixés) demande le moteur ortools")
    t0 = time.monotonic()
    limit = max(0.5, time_limit_s - 0.3)  # leave time to time the routes and explain what is left out
    relay = _Relay(progress, t0)
    try:
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_run, problem, engine, limit, seed, k, relay.queue, hint) for k in range(workers)]
                results = [f.result() for f in futures]
        else:
            results = [_run(problem, engine, limit, seed, 0, relay.queue, hint)]
    finally:
        relay.close()
    scored = [(_objective(problem, r), k, r, name) for k, (r, _obj, name) in enumerate(results)]
    objective, _, routes, name = min(scored)
    solution = _assemble(problem, routes, engine=name, seed=seed, t0=t0, objective=objective)
    solution.history = relay.history
    return solution


def _assemble(problem: Problem, routes: list[list[int]], *, engine: str, seed: int, t0: float, objective: int) -> Solution:
    out_routes: list[Route] = []
    served: set[int] = set()
    dropped: list[int] = []
    for vi, order in enumerate(routes):
        order = list(order)
        steps = timed_steps(problem, vi, [problem.tasks[t] for t in order])
        while steps is None and order:  # never expected; kept so a plan is always executable
            dropped.append(order.pop())
            steps = timed_steps(problem, vi, [problem.tasks[t] for t in order])
        if order and steps is not None:
            out_routes.append(Route(vi, steps))
            served.update(order)
    if dropped:
        log.warning("%d tâche(s) retirée(s) faute d'horaire tenable", len(dropped))
    unassigned: list[LeftOut] = [explain(problem, t) for i, t in enumerate(problem.tasks) if i not in served]
    return Solution(out_routes, unassigned, engine, seed, round(time.monotonic() - t0, 3), objective)
