"""``solve(problem, time_limit_s=…, seed=…)``: the engine every planner calls.

Engines: ``auto`` (the default): PyVRP on the whole problem (days, windows, skills, pins,
preferences, prizes: see :mod:`tournees.engine.pyvrp_engine`), its routes timed exactly;
when the vehicles have breaks (which PyVRP only approximates) or a route had to be
repaired, an OR-Tools polish warm-started from those routes, with the same break rule,
and the cheaper plan kept. ``pyvrp``: PyVRP and the exact timing only. ``ortools``:
OR-Tools alone. With ``workers=2`` the search runs twice in parallel with different seeds
and keeps the cheaper plan (:mod:`tournees.engine.objective`, ties to the first worker).

Searches stop after a budget of iterations fixed by the time limit and the size of the
problem (not by the clock), so the same input, settings, seed and worker count give the
same plan; a wall-clock cap at twice the limit guards a heavily loaded machine. Every
route is timed by :mod:`tournees.engine.schedule`, as solved: no task is dropped after
solving (a route that cannot be timed is an internal error). Every task left out comes
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

from tournees.engine.model import Problem, Route, Solution
from tournees.engine.objective import left_out_cost, plan_cost
from tournees.engine.ortools_engine import STRATEGIES, solve_ortools
from tournees.engine.pyvrp_engine import solve_pyvrp
from tournees.engine.reasons import explain
from tournees.engine.schedule import timed_steps

log = logging.getLogger(__name__)
ENGINES = ("auto", "ortools", "pyvrp")
BREAK_ROUNDS = 3  # PyVRP rounds when vehicles have breaks, each learning which windows must close earlier


class UntimedRoute(RuntimeError):
    """A solver returned a route the shared timing rules cannot hold: a bug, never a plan to publish."""


def repair(problem: Problem, routes: list[list[int]]) -> tuple[list[list[int]], int]:
    """Routes that all time exactly: from a route that does not, the tasks whose removal costs least are taken
    out until it does. Returns the routes and how many tasks were taken out."""
    out, removed = [], 0
    for vi, order in enumerate(routes):
        order = list(order)
        while order and timed_steps(problem, vi, [problem.tasks[t] for t in order]) is None:
            fixes = [k for k in range(len(order))
                     if timed_steps(problem, vi, [problem.tasks[t] for j, t in enumerate(order) if j != k]) is not None]
            pool = fixes or range(len(order))
            order.pop(min(pool, key=lambda k: (left_out_cost(problem.tasks[order[k]]), k)))
            removed += 1
        out.append(order)
    return out, removed


def _timed(problem: Problem, routes: list[list[int]]) -> list[Route]:
    timed = []
    for vi, order in enumerate(routes):
        if not order:
            continue
        steps = timed_steps(problem, vi, [problem.tasks[t] for t in order])
        if steps is None:
            v = problem.vehicles[vi]
            raise UntimedRoute(f"tournée de {v.id} jour {v.day} impossible à minuter ({len(order)} tâches)")
        timed.append(Route(vi, steps))
    return timed


def _polish(problem: Problem, routes: list[list[int]], time_limit_s: float) -> tuple[list[list[int]], str]:
    """OR-Tools local search (same break rule) from ``routes`` down to its local optimum: it puts back what the
    repair took out and mends the routes around the breaks. Greedy descent stops by itself, so it is
    reproducible; the cheaper of the two plans is kept."""
    polished, found = solve_ortools(problem, time_limit_s=2 * time_limit_s, initial=routes, metaheuristic="GREEDY_DESCENT")
    if found >= 0 and plan_cost(problem, _timed(problem, polished)) < plan_cost(problem, _timed(problem, routes)):
        return polished, "pyvrp+ortools"
    return routes, "pyvrp"


def _run(problem: Problem, engine: str, time_limit_s: float, seed: int, variant: int, queue: Any = None,
         initial: list[list[int]] | None = None) -> tuple[list[list[int]], str]:
    report = None if queue is None else (lambda t, cost: queue.put((t, cost)))
    if engine == "ortools":  # forced: guided local search to the time limit (not reproducible under load)
        strategy = STRATEGIES[(seed + variant) % 2]  # two strong insertion strategies for two workers
        routes, _ = solve_ortools(problem, time_limit_s=time_limit_s, strategy=strategy, progress=report, initial=initial)
        return routes, f"ortools/{strategy.lower()}"
    seed += variant
    if not any(v.breaks for v in problem.vehicles):  # PyVRP states the problem exactly
        routes, _ = solve_pyvrp(problem, time_limit_s=time_limit_s, seed=seed, progress=report, initial=initial)
        routes, removed = repair(problem, routes)
        return _polish(problem, routes, time_limit_s) if removed and engine == "auto" else (routes, "pyvrp")
    # Breaks: PyVRP sees each day shortened by its breaks; routes that cannot hold their break once timed have
    # the windows of their visits closed earlier by the break in the next round (warm-started from the last).
    shrink: set[int] = set()
    best: tuple[int, list[list[int]], str] | None = None
    start = initial
    for _ in range(BREAK_ROUNDS):
        routes, _ = solve_pyvrp(problem, time_limit_s=time_limit_s / BREAK_ROUNDS, seed=seed, progress=report,
                                shrink=shrink, initial=start)
        failing = {t for vi, order in enumerate(routes) if order
                   and timed_steps(problem, vi, [problem.tasks[t] for t in order]) is None for t in order}
        fixed, removed = repair(problem, routes)
        name = "pyvrp"
        if removed and engine == "auto":
            fixed, name = _polish(problem, fixed, time_limit_s / BREAK_ROUNDS)
        cost = plan_cost(problem, _timed(problem, fixed))
        if best is None or cost < best[0]:
            best = (cost, fixed, name)
        shrink |= failing
        start = fixed
    assert best is not None
    return best[1], best[2]


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


def solve(problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, engine: str = "auto", workers: int = 2,
          progress: Callable[[float, int], None] | None = None, initial: dict[tuple[str, int], list[str]] | None = None) -> Solution:
    """The best plan found within a search budget set by ``time_limit_s`` for ``problem``.

    ``initial`` gives, per (resource id, day), task ids in order: an earlier plan the first
    worker starts from when re-planning (OR-Tools; ignored where it no longer fits).
    """
    if engine not in ENGINES:
        raise ValueError(f"moteur « {engine} » inconnu : {', '.join(ENGINES)}")
    hint = None
    if initial is not None:
        index = {t.id: i for i, t in enumerate(problem.tasks)}
        hint = [[index[t] for t in initial.get((v.id, v.day), []) if t in index] for v in problem.vehicles]
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
    scored = []
    for k, (routes, name) in enumerate(results):
        timed = _timed(problem, routes)
        scored.append((plan_cost(problem, timed), k, timed, name))
    objective, _, timed, name = min(scored, key=lambda x: (x[0], x[1]))
    served = {tid for r in timed for tid in r.task_ids}
    unassigned = [explain(problem, t) for t in problem.tasks if t.id not in served]
    solution = Solution(timed, unassigned, name, seed, round(time.monotonic() - t0, 3), objective)
    solution.history = relay.history
    return solution
