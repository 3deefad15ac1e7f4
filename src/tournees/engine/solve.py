"""``solve(problem, time_limit_s=…, seed=…)``: the engine every planner calls.

Engines: ``auto`` (the default): PyVRP on the whole problem (days, windows, skills, pins,
preferences, prizes, breaks on a stopped clock: see :mod:`tournees.engine.pyvrp_engine`),
its routes timed exactly; a route that does not hold its break once timed is repaired
(:mod:`tournees.engine.repair`: tasks taken out, then put back where they hold), its tasks
get strict windows in the next PyVRP rounds, and a round on the problem without breaks, its
routes repaired, competes (see ``BREAK_ROUNDS``). Polish: OR-Tools' local search under the exact
break rule, warm-started from a round's repaired routes, descends to its local optimum and the
cheaper plan is kept; it makes the moves PyVRP's approximate windows forbid (a visit just before
a late break). When every task is required it follows each round (benchmarks/engine_domain.py,
three seeds: median gap 2.58/2.40/3.19 % -> 2.25/2.25/2.36 %, 0.3-0.5 s a round); with optional
tasks it costs 2-4 s a round on a 200-request week for 0.06 %, so it only runs when required
tasks are still out after the rounds.
``pyvrp``: PyVRP and the exact timing only. ``ortools``: OR-Tools alone. With ``workers=2``
the search runs twice in parallel with different seeds and keeps the cheaper plan
(:mod:`tournees.engine.objective`, ties to the first worker).

Time: every search stops at a deadline (the time limit less what starting the workers and
timing the routes take), so ``solve`` returns within its limit. Before that, PyVRP stops
after a budget of iterations set by the time limit and the size of the problem (calibrated
on the 2-core machine, see ``iterations_for``), so the same input, settings, seed and worker
count give the same plan unless the machine is so loaded the deadline comes first. Every
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
from tournees.engine.objective import is_required, plan_cost
from tournees.engine.ortools_engine import STRATEGIES, solve_ortools
from tournees.engine.pyvrp_engine import solve_pyvrp
from tournees.engine.reasons import explain
from tournees.engine.repair import reinsert, repair
from tournees.engine.schedule import timed_steps

log = logging.getLogger(__name__)
ENGINES = ("auto", "ortools", "pyvrp")
# PyVRP rounds when vehicles have breaks: (kind, share of the search time). "loose": breaks on a stopped clock, one
# client per task spanning both sides of the break; "strict": the tasks of routes that did not hold get one client
# per side (warm-started from the best plan so far); "plain": the problem without its breaks, from scratch, its
# routes repaired (where the breaks fit in the waits, as in long R2 days, this finds the plain optimum). Measured on
# benchmarks/engine_domain.py (every task required): loose .6 / strict .4 gave a median gap of 2.45 % (R201 1.41 %,
# R211 1.99 %, RC105 12.84 %); these rounds 2.42 % (R201 0.20 %, R211 0.76 %, RC105 9.05 %; R110 5.05 -> 5.52 %).
# With optional tasks (landlord week, 2 seeds) loose .85 / strict .15 beat .6/.4 by 1 % and one round by 0.5 %.
BREAK_ROUNDS = (("loose", 0.4), ("strict", 0.2), ("strict", 0.15), ("plain", 0.25))
OPTIONAL_BREAK_ROUNDS = (("loose", 0.85), ("strict", 0.15))
START_S = 0.5  # kept from the time limit (plus 2 % of it) for starting workers, ending the rounds, timing, explaining


class UntimedRoute(RuntimeError):
    """A solver returned a route the shared timing rules cannot hold: a bug, never a plan to publish."""


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


def _polish(problem: Problem, routes: list[list[int]], deadline: float) -> tuple[list[list[int]], bool]:
    """OR-Tools local search (same break rule) from ``routes`` until its local optimum or the deadline: it may put
    back what the repair took out. Greedy descent stops by itself (reproducible when it ends before the
    deadline); the cheaper of the two plans is kept."""
    left = deadline - time.monotonic()
    if left < 0.2:
        return routes, False
    polished, found = solve_ortools(problem, time_limit_s=left, initial=routes, metaheuristic="GREEDY_DESCENT")
    if found >= 0 and plan_cost(problem, _timed(problem, polished)) < plan_cost(problem, _timed(problem, routes)):
        return polished, True
    return routes, False


def _run(problem: Problem, engine: str, budget_s: float, deadline: float, seed: int, variant: int, queue: Any = None,
         initial: list[list[int]] | None = None) -> tuple[list[list[int]], str]:
    """One worker: its plan (task indices per vehicle) and the path that produced it. ``budget_s``: search
    time the iteration budgets are set for; ``deadline`` (``time.monotonic()``): when every search stops."""
    report = None if queue is None else (lambda t, cost: queue.put((t, cost)))
    if engine == "ortools":  # forced: guided local search to the time limit (not reproducible under load)
        strategy = STRATEGIES[(seed + variant) % 2]  # two strong insertion strategies for two workers
        routes, _ = solve_ortools(problem, time_limit_s=max(0.1, deadline - time.monotonic()), strategy=strategy,
                                  progress=report, initial=initial)
        return routes, f"ortools/{strategy.lower()}"
    seed += variant
    # Breaks: PyVRP on a clock stopped during the break (pyvrp_engine); the tasks of a route that does not hold
    # once timed get strict windows in the next rounds, warm-started from the best plan (see BREAK_ROUNDS).
    optional = not all(is_required(t) for t in problem.tasks)
    breaks = any(v.breaks for v in problem.vehicles)
    rounds = (OPTIONAL_BREAK_ROUNDS if optional else BREAK_ROUNDS) if breaks else (("loose", 1.0),)
    polish_rounds = breaks and not optional and engine == "auto"  # see "Polish" in the module docstring
    strict: set[int] = set()
    best: tuple[int, list[list[int]], bool, bool] | None = None  # cost, routes, required tasks out, polished
    start = initial
    for kind, share in rounds:
        if best is not None and time.monotonic() >= deadline:
            break  # no time left for another round: keep the best so far
        routes, _ = solve_pyvrp(problem, time_limit_s=budget_s * share, seed=seed, progress=report, shrink=strict,
                                initial=start if kind == "strict" else initial, deadline=deadline,
                                shorten_for_breaks=kind != "plain")
        failing = {t for vi, order in enumerate(routes) if order
                   and timed_steps(problem, vi, [problem.tasks[t] for t in order]) is None for t in order}
        fixed, removed = repair(problem, routes)
        served = {t for order in fixed for t in order}
        missing = [t for t, task in enumerate(problem.tasks) if is_required(task) and t not in served and t not in removed]
        fixed, left = reinsert(problem, fixed, removed + missing)
        polished = False
        if polish_rounds:
            fixed, polished = _polish(problem, fixed, deadline)
            served = {t for order in fixed for t in order}
            left = [t for t in left if t not in served]
        cost = plan_cost(problem, _timed(problem, fixed))
        log.debug("PyVRP round: %d task(s) in routes that did not hold, %d taken out, %d still out; cost %d",
                  len(failing), len(removed), len(left), cost)
        if best is None or cost < best[0]:
            best = (cost, fixed, any(is_required(problem.tasks[t]) for t in left), polished)
        if kind != "plain":  # the plain round ignores breaks: its failures say nothing about the windows
            strict |= failing
        start = best[1]
    assert best is not None
    if best[2] and engine == "auto" and not polish_rounds:  # required tasks the repair could not put back: OR-Tools may
        routes, better = _polish(problem, best[1], deadline)
        return routes, "pyvrp+ortools" if better else "pyvrp"
    return best[1], "pyvrp+ortools" if best[3] else "pyvrp"


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
    """The best plan found for ``problem`` within ``time_limit_s`` (wall clock, workers included).

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
    budget = max(0.3, time_limit_s - START_S - 0.02 * time_limit_s)
    deadline = t0 + budget
    relay = _Relay(progress, t0)
    try:
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_run, problem, engine, budget, deadline, seed, k, relay.queue, hint)
                           for k in range(workers)]
                results = [f.result() for f in futures]
        else:
            results = [_run(problem, engine, budget, deadline, seed, 0, relay.queue, hint)]
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
