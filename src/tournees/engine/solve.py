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

Time: the time limit becomes a budget of work, never a deadline: PyVRP stops after a number of
iterations and OR-Tools after a number of solutions set by the time limit and the size of the
problem (``iterations_for``, ``solutions_for``: calibrated so that the work fills the time limit on
an idle core of the 2-core reference machine), and OR-Tools' polish is a descent that ends by
itself. So the same input, settings, seed and worker count give the same plan whatever else runs on
the machine; on a loaded machine it takes longer. A wall-clock safety cap (``safety_cap_s``: ten times
the time limit and a minute) stops a search that takes far longer than its budget should: the plan is then the best
found so far and ``Solution.stopped_by_clock`` says so (written in plan.json). Every
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

from tournees.engine.budget import safety_cap_s, solutions_for
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
START_S = 0.5  # kept from the time limit (plus 2 % of it) for starting worker processes, ending the rounds, timing, explaining
START_ONE_S = 0.1  # the same with one worker, in this process (nothing to start)


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


def _polish(problem: Problem, routes: list[list[int]], cap: float) -> tuple[list[list[int]], bool, bool]:
    """OR-Tools local search (same break rule) from ``routes`` to its local optimum: it may put back what the
    repair took out. Greedy descent stops by itself (reproducible); ``cap`` is only the safety net. The cheaper
    of the two plans is kept. Returns the routes, whether they are the polished ones, and whether the cap fired."""
    left = cap - time.monotonic()
    if left < 0.2:
        return routes, False, True
    polished, found = solve_ortools(problem, time_limit_s=left, initial=routes, metaheuristic="GREEDY_DESCENT")
    capped = time.monotonic() >= cap
    if found >= 0 and plan_cost(problem, _timed(problem, polished)) < plan_cost(problem, _timed(problem, routes)):
        return polished, True, capped
    return routes, False, capped


def _run(problem: Problem, engine: str, budget_s: float, cap: float, seed: int, variant: int, queue: Any = None,
         initial: list[list[int]] | None = None) -> tuple[list[list[int]], str, bool]:
    """One worker: its plan (task indices per vehicle), the path that produced it, and whether the safety cap
    fired. ``budget_s``: search time the work budgets are set for; ``cap`` (``time.monotonic()``): safety net."""
    report = None if queue is None else (lambda t, cost: queue.put((t, cost)))
    if engine == "ortools":  # forced: guided local search for a number of solutions (see solutions_for)
        strategy = STRATEGIES[(seed + variant) % 2]  # two strong insertion strategies for two workers
        routes, _ = solve_ortools(problem, time_limit_s=max(0.1, cap - time.monotonic()), strategy=strategy,
                                  progress=report, initial=initial, solutions=solutions_for(budget_s, len(problem.tasks),
                                                                          len(problem.vehicles)))
        return routes, f"ortools/{strategy.lower()}", time.monotonic() >= cap
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
    capped = False
    for kind, share in rounds:
        if best is not None and capped:
            break  # the safety cap fired: keep the best so far
        routes, _, capped = solve_pyvrp(problem, time_limit_s=budget_s * share, seed=seed, progress=report, shrink=strict,
                                        initial=start if kind == "strict" else initial, cap=cap,
                                        shorten_for_breaks=kind != "plain")
        failing = {t for vi, order in enumerate(routes) if order
                   and timed_steps(problem, vi, [problem.tasks[t] for t in order]) is None for t in order}
        fixed, removed = repair(problem, routes)
        served = {t for order in fixed for t in order}
        missing = [t for t, task in enumerate(problem.tasks) if is_required(task) and t not in served and t not in removed]
        fixed, left = reinsert(problem, fixed, removed + missing)
        polished = False
        if polish_rounds:
            fixed, polished, cut = _polish(problem, fixed, cap)
            capped = capped or cut
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
        routes, better, cut = _polish(problem, best[1], cap)
        return routes, "pyvrp+ortools" if better else "pyvrp", capped or cut
    return best[1], "pyvrp+ortools" if best[3] else "pyvrp", capped


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
    """The best plan found for ``problem`` with the work ``time_limit_s`` buys on an idle reference machine
    (see the module docstring: the same plan whatever the load; longer on a loaded machine, at most the safety cap).

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
    budget = max(0.3, time_limit_s - (START_S if workers > 1 else START_ONE_S) - 0.02 * time_limit_s)
    cap = t0 + safety_cap_s(time_limit_s)
    relay = _Relay(progress, t0)
    try:
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_run, problem, engine, budget, cap, seed, k, relay.queue, hint)
                           for k in range(workers)]
                results = [f.result() for f in futures]
        else:
            results = [_run(problem, engine, budget, cap, seed, 0, relay.queue, hint)]
    finally:
        relay.close()
    scored = []
    for k, (routes, name, _) in enumerate(results):
        timed = _timed(problem, routes)
        scored.append((plan_cost(problem, timed), k, timed, name))
    objective, _, timed, name = min(scored, key=lambda x: (x[0], x[1]))
    served = {tid for r in timed for tid in r.task_ids}
    unassigned = [explain(problem, t) for t in problem.tasks if t.id not in served]
    solution = Solution(timed, unassigned, name, seed, round(time.monotonic() - t0, 3), objective)
    solution.history = relay.history
    solution.stopped_by_clock = any(capped for _, _, capped in results)
    if solution.stopped_by_clock:
        log.warning("search stopped by the safety cap (%.0f s) before its work budget: the plan may differ from a run "
                    "on a less loaded machine", safety_cap_s(time_limit_s))
    return solution
